/**
 * CPython extension calls: Node calling a CPython 3.11 extension's C functions through
 * cbridge's cpyext (`loadExtension`), against CPython and PyPy calling the same C code, and a
 * real Debian extension (python3-xxhash's `_xxhash`) hashing 1 MiB.
 *
 * Path ids (the case list below is the source of truth):
 * - `cpyext:<case>`        Node, `loadExtension(...)`, timed here by bench/timing.ts
 * - `peer:cpython:<case>`  CPython, bench/peers/cpyext_overhead.py (python.py's `measure`)
 * - `peer:pypy:<case>`     PyPy's cpyext, the same script (no xxh64: Debian's binary is CPython's)
 * - `c`                    the 1x of `xxh64-1MiB`: XXH64() of libxxhash.so.0 called directly.
 *                          The call cases' 1x is bench_lib's C loop for the plain C function of
 *                          the same shape (`cBaseline`), measured by the `c` contender.
 * with <case> one of fastcall (`m.add(i, 1)`), varargs (`m.addv(i, 1)`), o (`m.ident(i)`),
 * noargs (`m.noop()`), xxh64-1MiB (`m.xxh64_intdigest(buf)`, buf a 1 MiB Buffer; CPython: bytes).
 *
 * Invariants:
 * - One source, bench/native/cpyext_overhead.c, built with gcc once per target: against
 *   cpyext/include for Node, against each interpreter's own headers for its peer; cached
 *   under the compiler cache by a hash of the source, the headers, the flags and gcc's version.
 * - What cannot run (no gcc, no cpyext.node, no python3 headers, no pypy3-dev, no apt-get)
 *   is skipped with the reason, like every other path. Peers run only when peers are asked
 *   for (not under --no-peers) and install with --peers like the others.
 * - `--only`: `cpyext:<case>` (or any prefix, `cpyext`) selects the case and its CPython and
 *   PyPy counterparts; `peer:cpython:<case>` / `peer:pypy:<case>` select only those rows.
 * - Ratios and the issue's targets are computed from the rows only (pure functions below).
 */

import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import koffi from 'koffi';
import { defaultCacheDir } from '../abi/compiler.js';
import { loadExtension } from '../cpyext/index.js';
import { debianPackage } from './debian.js';
import type { Peer, PeerContext } from './peers.js';
import { runPeer } from './peers.js';
import type { Measurement, Stats } from './timing.js';
import { time } from './timing.js';
import type { FunctionName } from './workloads.js';

export type CaseId = 'fastcall' | 'varargs' | 'o' | 'noargs' | 'xxh64-1MiB';

export interface CpyextCase {
  readonly id: CaseId;
  /** The `function` of its rows in the JSON (and the chart panel's title). */
  readonly function: string;
  /** The per-iteration JS call; `m` is the module, `i` the counter, `buf` the case's argument. */
  readonly call: string;
  /** Whether results are summed (else the last one is kept). */
  readonly sums: boolean;
  /** Calls per timed run before time-boxing (default 1,000,000). */
  readonly batch?: number;
  /** The bench function whose C loop is this case's 1x (else a `c` row of its own). */
  readonly cBaseline?: FunctionName;
  /** Target: cbridge's median at most this times CPython's. */
  readonly maxVsCPython: number;
  /** Target: PyPy's median at least this times cbridge's (absent: no PyPy row). */
  readonly minPyPyOverCbridge?: number;
}

export const CPYEXT_CASES: readonly CpyextCase[] = [
  { id: 'fastcall', function: 'cpyext_overhead.add (METH_FASTCALL)', call: 'm.add(i, 1)', sums: true, cBaseline: 'add_i32', maxVsCPython: 1.5, minPyPyOverCbridge: 3 },
  { id: 'varargs', function: 'cpyext_overhead.addv (METH_VARARGS)', call: 'm.addv(i, 1)', sums: true, cBaseline: 'add_i32', maxVsCPython: 1.5, minPyPyOverCbridge: 3 },
  { id: 'o', function: 'cpyext_overhead.ident (METH_O)', call: 'm.ident(i)', sums: true, cBaseline: 'noop', maxVsCPython: 1.5, minPyPyOverCbridge: 3 },
  { id: 'noargs', function: 'cpyext_overhead.noop (METH_NOARGS)', call: 'm.noop()', sums: false, cBaseline: 'noop', maxVsCPython: 1.5, minPyPyOverCbridge: 3 },
  { id: 'xxh64-1MiB', function: '_xxhash.xxh64_intdigest (1 MiB)', call: 'm.xxh64_intdigest(buf)', sums: false, batch: 10_000, maxVsCPython: 1.1 },
];

const OVERHEAD_CASES = CPYEXT_CASES.filter((c) => c.id !== 'xxh64-1MiB');
const XXH64 = CPYEXT_CASES.find((c) => c.id === 'xxh64-1MiB')!;

/** The interpreters, by the middle part of their row ids. */
export const CPYEXT_PEERS = ['cpython', 'pypy'] as const;
export type PeerName = (typeof CPYEXT_PEERS)[number];

const caseOfFunction = new Map(CPYEXT_CASES.map((c) => [c.function, c]));

/** Whether a row belongs to this section (by its function). */
export function isCpyextFunction(fn: string): boolean {
  return caseOfFunction.has(fn);
}

/** The function whose `c` row is the 1x of `fn` (itself, except for the call cases). */
export function cBaselineOf(fn: string): string {
  return caseOfFunction.get(fn)?.cBaseline ?? fn;
}

/** The id of the CPython row `path` is compared with, or null (not a section row, or CPython's own). */
export function cpythonCounterpart(path: string): string | null {
  const m = /^(?:cpyext|peer:pypy):(.+)$/.exec(path);
  return m && CPYEXT_CASES.some((c) => c.id === m[1]) ? `peer:cpython:${m[1]}` : null;
}

export interface Target {
  /** The row the target is about (a `cpyext:<case>`). */
  readonly path: string;
  readonly goal: string;
  /** The measured ratio (cbridge / CPython, or PyPy / cbridge); null when a row is missing. */
  readonly value: number | null;
  readonly met: boolean | null;
}

interface Row {
  readonly path: string;
  readonly function: string;
  readonly ns: Stats;
}

/** The issue's targets for every case whose `cpyext:` row was measured. */
export function cpyextTargets(results: readonly Row[]): Target[] {
  const median = (path: string) => results.find((r) => r.path === path)?.ns.median;
  const targets: Target[] = [];
  for (const c of CPYEXT_CASES) {
    const path = `cpyext:${c.id}`;
    const ours = median(path);
    if (ours === undefined) continue;
    const cpython = median(`peer:cpython:${c.id}`);
    const vs = cpython === undefined ? null : ours / cpython;
    targets.push({ path, goal: `<= ${c.maxVsCPython}x CPython`, value: vs, met: vs === null ? null : vs <= c.maxVsCPython });
    if (c.minPyPyOverCbridge !== undefined) {
      const pypy = median(`peer:pypy:${c.id}`);
      const faster = pypy === undefined ? null : pypy / ours;
      targets.push({ path, goal: `>= ${c.minPyPyOverCbridge}x faster than PyPy`, value: faster, met: faster === null ? null : faster >= c.minPyPyOverCbridge });
    }
  }
  return targets;
}

// ---------------------------------------------------------------------------------------------
// Building the extension

/** The file-name suffix cbridge loads (CPython 3.11's). */
export const CPYTHON_311_SUFFIX = '.cpython-311-x86_64-linux-gnu.so';
const CFLAGS = ['-shared', '-fPIC', '-O2', '-DNDEBUG', '-fwrapv'];

function headersHash(dir: string, hash = createHash('sha256')): ReturnType<typeof createHash> {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    const st = statSync(path);
    if (st.isDirectory()) headersHash(path, hash.update(`${name}/\0`));
    else if (name.endsWith('.h')) hash.update(`${name}\0`).update(readFileSync(path)).update('\0');
  }
  return hash;
}

/** Why the C compiler cannot build the extension here, or null when it can. */
export function compilerProblem(): string | null {
  const cc = process.env['CC'] ?? 'gcc';
  const r = spawnSync(cc, ['--version'], { encoding: 'utf8' });
  return r.error || r.status !== 0 ? `no C compiler to build cpyext_overhead.c: '${cc}' does not run (install gcc)` : null;
}

/**
 * bench/native/cpyext_overhead.c built against `includeDir`, as `cpyext_overhead<suffix>` in a
 * directory of its own (an interpreter's sys.path entry), cached by content hash.
 */
export function buildOverheadExtension(root: string, includeDir: string, suffix: string): string {
  const cc = process.env['CC'] ?? 'gcc';
  const version = spawnSync(cc, ['--version'], { encoding: 'utf8' });
  if (version.error || version.status !== 0) throw new Error(`no C compiler: '${cc}' does not run (install gcc)`);
  if (!existsSync(join(includeDir, 'Python.h'))) throw new Error(`no Python.h in ${includeDir}`);
  const source = join(root, 'bench', 'native', 'cpyext_overhead.c');
  const hash = headersHash(includeDir)
    .update([version.stdout.split('\n')[0], suffix, ...CFLAGS].join('\0'))
    .update(readFileSync(source))
    .digest('hex')
    .slice(0, 20);
  const dir = join(defaultCacheDir(), 'cpyext-bench', `cpyext_overhead-${hash}`);
  const out = join(dir, `cpyext_overhead${suffix}`);
  if (existsSync(out)) return out;
  mkdirSync(dir, { recursive: true });
  const tmp = `${out}.${process.pid}-${Math.random().toString(36).slice(2)}.tmp`;
  const args = [...CFLAGS, `-I${includeDir}`, '-o', tmp, source];
  const r = spawnSync(cc, args, { encoding: 'utf8' });
  if (r.status !== 0) {
    rmSync(tmp, { force: true });
    throw new Error(`${cc} ${args.join(' ')} failed: ${(r.stderr || String(r.error)).trim().split('\n').slice(0, 3).join(' / ')}`);
  }
  renameSync(tmp, out);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Measuring

/** What the section produces; `calls.ts` adds the ratios. */
export interface CpyextRun {
  readonly rows: { readonly path: string; readonly function: string; readonly m: Pick<Measurement, 'ns' | 'batch' | 'runs'>; readonly note?: string }[];
  readonly skipped: { readonly path: string; readonly function?: string; readonly reason: string }[];
  readonly peers: { readonly path: string; readonly version: string }[];
}

export interface CpyextOptions {
  readonly root: string;
  /** Whether a row id is selected (`--only`). */
  readonly wanted: (id: string) => boolean;
  /** Run the CPython / PyPy rows (false under --no-peers). */
  readonly peers: boolean;
  readonly peerContext: PeerContext;
  readonly log: (line: string) => void;
}

/** The cases selected: a case's Node row, or any of its peer rows. */
export function selectedCases(wanted: (id: string) => boolean): { node: CpyextCase[]; peer: Record<PeerName, CpyextCase[]> } {
  const node = CPYEXT_CASES.filter((c) => wanted(`cpyext:${c.id}`));
  const peerCases = (p: PeerName) => CPYEXT_CASES.filter((c) => (p === 'cpython' || c.minPyPyOverCbridge !== undefined) && (wanted(`cpyext:${c.id}`) || wanted(`peer:${p}:${c.id}`)));
  return { node, peer: { cpython: peerCases('cpython'), pypy: peerCases('pypy') } };
}

/** Whether a selected case takes its 1x from the bench functions' C loops (the `c` contender). */
export function cpyextNeedsCLoops(wanted: (id: string) => boolean): boolean {
  const s = selectedCases(wanted);
  return [...s.node, ...s.peer.cpython, ...s.peer.pypy].some((c) => c.cBaseline !== undefined);
}

/** Whether anything of this section is selected. */
export function anyCpyextWanted(wanted: (id: string) => boolean): boolean {
  const s = selectedCases(wanted);
  return s.node.length + s.peer.cpython.length + s.peer.pypy.length > 0;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0]!;

/** 1 MiB where byte i is (i * 131 + 7) & 255 (cpyext_overhead.py hashes the same bytes). */
export function xxhashInput(): Buffer {
  const buf = Buffer.alloc(1 << 20);
  for (let i = 0; i < buf.length; i++) buf[i] = (i * 131 + 7) & 255;
  return buf;
}

type Loop = (m: object, n: number, buf: unknown) => unknown;

/** A fresh loop per row (see bench/workloads.ts for why each is compiled from its own source). */
function caseLoop(c: CpyextCase, path: string): Loop {
  const body = c.sums ? `s += ${c.call};` : `s = ${c.call};`;
  return new Function('m', 'n', 'buf', `'use strict'; // ${path}\nlet s = 0; for (let i = 0; i < n; i++) { ${body} } return s;`) as Loop;
}

/** The python3-xxhash `_xxhash` binary, fetched from Debian into the cache. */
function xxhashBinary(): { distPackages: string; extension: string } {
  const distPackages = join(debianPackage('python3-xxhash'), 'usr', 'lib', 'python3', 'dist-packages');
  const extension = join(distPackages, 'xxhash', `_xxhash${CPYTHON_311_SUFFIX}`);
  if (!existsSync(extension)) throw new Error(`python3-xxhash has no ${extension}`);
  return { distPackages, extension };
}

function measureNode(o: CpyextOptions, cases: readonly CpyextCase[], noCompiler: string | null, xxhash: { extension: string } | { skip: string } | null, out: CpyextRun): void {
  const row = (c: CpyextCase, m: object, arg: unknown, note?: string) => {
    const path = `cpyext:${c.id}`;
    const loop = caseLoop(c, path);
    try {
      const t = time((n) => loop(m, n, arg), { batch: c.batch });
      out.rows.push({ path, function: c.function, m: t, ...(note ? { note } : {}) });
      o.log(`${path.padEnd(20)} ${t.ns.median.toFixed(2)} ns`);
    } catch (e) {
      out.skipped.push({ path, reason: message(e) });
      o.log(`skip ${path}: ${message(e)}`);
    }
  };
  const overhead = cases.filter((c) => c.id !== 'xxh64-1MiB');
  if (overhead.length > 0) {
    let m: Record<string, unknown> | null = null;
    try {
      if (noCompiler) throw new Error(noCompiler);
      m = loadExtension(buildOverheadExtension(o.root, join(o.root, 'cpyext', 'include'), CPYTHON_311_SUFFIX), { name: 'cpyext_overhead' });
      if (typeof m['add'] !== 'function') throw new Error('cpyext_overhead.add is not a function');
      const check = (m['add'] as (a: number, b: number) => unknown)(2, 3);
      if (Number(check) !== 5) throw new Error(`cpyext_overhead.add(2, 3) returned ${String(check)}`);
    } catch (e) {
      m = null;
      for (const c of overhead) out.skipped.push({ path: `cpyext:${c.id}`, reason: message(e) });
      o.log(`skip ${overhead.map((c) => `cpyext:${c.id}`).join(', ')}: ${message(e)}`);
    }
    if (m) for (const c of overhead) row(c, m, undefined);
  }
  if (cases.includes(XXH64) && xxhash) measureXxh64(o, xxhash, row, out);
}

/** The xxh64 case in Node, and its 1x: XXH64() called directly on the same buffer. */
function measureXxh64(o: CpyextOptions, xxhash: { extension: string } | { skip: string }, row: (c: CpyextCase, m: object, arg: unknown, note?: string) => void, out: CpyextRun): void {
  const path = `cpyext:${XXH64.id}`;
  const skip = (reason: string) => {
    out.skipped.push({ path, reason });
    o.log(`skip ${path}: ${reason}`);
  };
  const buf = xxhashInput();
  let direct: ((b: Buffer, n: number, seed: number) => number | bigint) | null = null;
  try {
    direct = koffi.load('libxxhash.so.0').func('uint64_t XXH64(const void *input, size_t length, uint64_t seed)') as (b: Buffer, n: number, seed: number) => number | bigint;
    const f = direct;
    const c = time((n) => { let h: unknown = 0; for (let i = 0; i < n; i++) h = f(buf, buf.length, 0); return h; }, { batch: XXH64.batch });
    out.rows.push({ path: 'c', function: XXH64.function, m: c, note: 'XXH64() of libxxhash.so.0 called directly (through koffi)' });
    o.log(`${'c'.padEnd(20)} ${XXH64.id} ${c.ns.median.toFixed(2)} ns`);
  } catch (e) {
    out.skipped.push({ path: 'c', function: XXH64.function, reason: `libxxhash.so.0: ${message(e)} (apt-get install libxxhash0)` });
  }
  if ('skip' in xxhash) return skip(xxhash.skip);
  try {
    const m = loadExtension(xxhash.extension, { name: 'xxhash._xxhash' });
    if (direct) {
      const want = BigInt(direct(buf, buf.length, 0));
      const got = BigInt((m['xxh64_intdigest'] as (b: Buffer) => number | bigint)(buf));
      if (got !== want) throw new Error(`xxh64_intdigest returned ${got}, XXH64 says ${want}`);
    }
    row(XXH64, m, buf, `a 1 MiB Buffer${direct ? '; digest checked against XXH64()' : ''}`);
  } catch (e) {
    skip(message(e));
  }
}

interface Interpreter {
  readonly include: string;
  readonly suffix: string;
}

function interpreterPaths(py: string): Interpreter | null {
  const r = spawnSync(py, ['-c', "import sysconfig, importlib.machinery, json; print(json.dumps({'include': sysconfig.get_paths()['include'], 'suffix': importlib.machinery.EXTENSION_SUFFIXES[0]}))"], {
    encoding: 'utf8', timeout: 30_000,
  });
  if (r.error || r.status !== 0) return null;
  try {
    return JSON.parse(r.stdout.trim().split('\n').pop()!) as Interpreter;
  } catch {
    return null;
  }
}

/** The two peers, as bench/peers.ts Peers: locating one builds the extension for it. */
function peerOf(name: PeerName, cases: readonly CpyextCase[], xxhash: { distPackages: string } | null): Peer {
  const candidates = name === 'cpython' ? ['/usr/bin/python3', 'python3'] : ['pypy3'];
  const dev = name === 'cpython' ? 'python3-dev' : 'pypy3-dev';
  return {
    id: `peer:${name}`,
    describe: `${name === 'cpython' ? 'CPython' : "PyPy's cpyext"} calling cpyext_overhead (built against its own headers)`,
    install: { apt: [dev] },
    locate(ctx) {
      const found = candidates.map((py) => ({ py, paths: interpreterPaths(py) })).filter((c) => c.paths !== null);
      if (found.length === 0) return { skip: `${candidates[0]} is not installed` };
      const withHeaders = found.find((c) => existsSync(join(c.paths!.include, 'Python.h')));
      if (!withHeaders) return { skip: `${dev} is not installed (no Python.h in ${found[0]!.paths!.include})` };
      let moduleDir = '-'; // none needed when only xxh64 runs
      if (cases.some((c) => c !== XXH64)) {
        try {
          moduleDir = join(buildOverheadExtension(ctx.root, withHeaders.paths!.include, withHeaders.paths!.suffix), '..');
        } catch (e) {
          return { skip: message(e) };
        }
      }
      const args = [join(ctx.root, 'bench', 'peers', 'cpyext_overhead.py'), moduleDir, cases.map((c) => c.id).join(',')];
      if (xxhash) args.push(xxhash.distPackages);
      return { command: withHeaders.py, args, env: { PYTHONDONTWRITEBYTECODE: '1' } };
    },
  };
}

function measurePeer(name: PeerName, o: CpyextOptions, cases: readonly CpyextCase[], noCompiler: string | null, xxhash: { distPackages: string } | { skip: string } | null, out: CpyextRun): void {
  let run;
  const why = (c: CpyextCase): string | null => (c === XXH64 ? (xxhash && 'skip' in xxhash ? xxhash.skip : null) : noCompiler);
  for (const c of cases) if (why(c) !== null) out.skipped.push({ path: `peer:${name}:${c.id}`, reason: why(c)! });
  const usable = cases.filter((c) => why(c) === null);
  if (usable.length === 0) return;
  try {
    run = runPeer<CaseId>(o.peerContext, peerOf(name, usable, xxhash && !('skip' in xxhash) ? xxhash : null));
  } catch (e) {
    run = { skip: message(e) };
  }
  if ('skip' in run) {
    for (const c of usable) out.skipped.push({ path: `peer:${name}:${c.id}`, reason: run.skip });
    o.log(`skip peer:${name} (${usable.map((c) => c.id).join(', ')}): ${run.skip}`);
    return;
  }
  out.peers.push({ path: `peer:${name}`, version: run.version });
  for (const r of run.results) {
    const c = CPYEXT_CASES.find((x) => x.id === r.function);
    if (!c) continue;
    const path = `peer:${name}:${c.id}`;
    out.rows.push({ path, function: c.function, m: r, ...(r.note ? { note: r.note } : {}) });
    o.log(`${path.padEnd(20)} ${r.ns.median.toFixed(2)} ns (${run.version})`);
  }
  for (const s of run.skipped) out.skipped.push({ path: `peer:${name}:${s.function}`, reason: s.reason });
}

/** The section's rows: Node first, then CPython and PyPy (when peers run). */
export function measureCpyext(o: CpyextOptions): CpyextRun {
  const out: CpyextRun = { rows: [], skipped: [], peers: [] };
  const selected = selectedCases(o.wanted);
  const needXxhash = selected.node.includes(XXH64) || (o.peers && selected.peer.cpython.includes(XXH64));
  let xxhash: ReturnType<typeof xxhashBinary> | { skip: string } | null = null;
  if (needXxhash) {
    try {
      xxhash = xxhashBinary();
    } catch (e) {
      xxhash = { skip: `python3-xxhash: ${message(e)}` };
    }
  }
  const noCompiler = [...selected.node, ...selected.peer.cpython, ...selected.peer.pypy].some((c) => c !== XXH64) ? compilerProblem() : null;
  measureNode(o, selected.node, noCompiler, xxhash, out);
  if (o.peers) for (const name of CPYEXT_PEERS) measurePeer(name, o, selected.peer[name], noCompiler, xxhash, out);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Printing

interface TableRow extends Row {
  readonly ratioToC: number | null;
  readonly ratioToCPython?: number | null;
  readonly note?: string;
}

/** The section's table (one group per case, its 1x first), then the targets. */
export function formatCpyextTable(results: readonly TableRow[], targets: readonly Target[]): string {
  const rows: string[][] = [['case', 'path', 'median', 'min..max', 'vs C', 'vs CPython', 'note']];
  const x = (v: number | null | undefined) => (v === null || v === undefined ? '' : `${v.toFixed(2)}x`);
  for (const c of CPYEXT_CASES) {
    const group = results.filter((r) => r.function === c.function);
    if (group.length === 0) continue;
    const baseline = results.find((r) => r.path === 'c' && r.function === c.cBaseline);
    const label = `${c.id}: ${c.call}`;
    if (baseline) rows.push([label, `c (${c.cBaseline})`, baseline.ns.median.toFixed(2), `${baseline.ns.min.toFixed(2)}..${baseline.ns.max.toFixed(2)}`, '1.00x', '', '']);
    group.forEach((r, i) => {
      rows.push([
        i === 0 && !baseline ? label : '', r.path, r.ns.median.toFixed(2), `${r.ns.min.toFixed(2)}..${r.ns.max.toFixed(2)}`,
        x(r.ratioToC), r.path === `peer:cpython:${c.id}` ? '1.00x' : x(r.ratioToCPython), r.note ?? '',
      ]);
    });
  }
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((cell, i) => (i < 2 || i === 6 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd();
  const lines = rows.map(line);
  if (targets.length > 0) {
    lines.push('', 'targets:');
    const w = Math.max(...targets.map((t) => `${t.path} ${t.goal}`.length));
    for (const t of targets) {
      const verdict = t.met === null ? 'not measured' : t.met ? 'ok' : 'MISSED';
      lines.push(`  ${`${t.path} ${t.goal}`.padEnd(w)}  ${t.value === null ? '' : `${t.value.toFixed(2)}x  `}${verdict}`);
    }
  }
  return lines.join('\n');
}
