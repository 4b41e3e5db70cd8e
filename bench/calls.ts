/**
 * Call-overhead benchmark: every contender (bench/contenders.ts in this process, then the
 * optional peers of bench/peers.ts in their own processes) calls the same C functions of the
 * same bench library (bench/native/bench_lib.c), each timed by the method of bench/timing.ts.
 * CData field access (ABI mode) is measured alongside.
 *
 * Invariants:
 * - Contenders and functions are declarative lists (bench/contenders.ts, bench/workloads.ts,
 *   bench/peers.ts), like better-sqlite3's trials; this file only runs them.
 * - Whatever cannot run is skipped with a reason, and the reasons are part of the report.
 * - Ratios are computed once everything ran: to `c` (the C loop calling the same function)
 *   and to `koffi` (the library cbridge's ABI mode is built on); the CPython extension section
 *   (bench/cpyext.ts: cbridge's cpyext against CPython and PyPy) also to CPython's same call.
 */

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FFI } from '../ffi.js';
import { compile } from '../abi/compiler.js';
import type { BenchContext } from './contenders.js';
import { CONTENDERS } from './contenders.js';
import type { Target } from './cpyext.js';
import { anyCpyextWanted, cBaselineOf, cpyextNeedsCLoops, cpythonCounterpart, cpyextTargets, isCpyextFunction, measureCpyext } from './cpyext.js';
import type { PeerContext } from './peers.js';
import { PEERS, runPeer } from './peers.js';
import type { Measurement, Stats } from './timing.js';
import { time } from './timing.js';
import { BENCH_DECLS, WORKLOADS, batchLoop, perCallLoop } from './workloads.js';

export interface Timing {
  /**
   * Stable path id: `c`, `js`, `napi-baseline`, `v8-baseline`, `fastapi-baseline`, `koffi`, `abi`, `fast:<tier>`, `peer:<name>`;
   * in the CPython extension section (bench/cpyext.ts) `cpyext:<case>`, `peer:cpython:<case>`, `peer:pypy:<case>`.
   */
  readonly path: string;
  readonly function: string;
  /** ns per call: min, median and max of the timed runs. */
  readonly ns: Stats;
  /** Calls per timed run, and timed runs. */
  readonly batch: number;
  readonly runs: number;
  /** Median over the median of C calling the same function (null where C has no loop). */
  readonly ratioToC: number | null;
  /** Median over koffi's median for the same function (null for koffi itself, or no koffi). */
  readonly ratioToKoffi: number | null;
  /**
   * CPython extension section only: median over `peer:cpython:<case>`'s (null for CPython
   * itself, the `c` rows, or no CPython row).
   */
  readonly ratioToCPython?: number | null;
  /** How the path was called, when it differs from the others, or what a check found. */
  readonly note?: string;
}

export interface Skip {
  readonly path: string;
  /** Absent when the whole path was skipped. */
  readonly function?: string;
  readonly reason: string;
}

export interface CallReport {
  readonly library: string;
  readonly results: readonly Timing[];
  readonly skipped: readonly Skip[];
  /** Version of each peer that ran. */
  readonly peers: readonly { readonly path: string; readonly version: string }[];
  /** The issue's targets for the CPython extension section, for the rows measured. */
  readonly targets: readonly Target[];
}

export interface CallOptions {
  /** Run the optional peers (default true); `install` also installs the missing ones. */
  readonly peers?: boolean | 'install';
  /** Progress lines: what is measured, what is skipped and why. */
  readonly log?: (line: string) => void;
  /**
   * Measure only the paths whose id starts with one of these (`abi`, `fast`, `peer:`, `cpyext`...);
   * a selected `cpyext:<case>` brings its CPython and PyPy rows, and the C loops for its ratio.
   */
  readonly only?: readonly string[];
}

/**
 * The bench library: the one binding.gyp built (which the baseline addons link), or, when
 * there is no build, the same source compiled through the compiler cache.
 */
export function benchLibrary(root: string): string {
  const built = join(root, 'build', 'Release', 'bench_lib.so');
  if (existsSync(built)) return built;
  const native = join(root, 'bench', 'native');
  return compile(readFileSync(join(native, 'bench_lib.c'), 'utf8'), { name: 'bench_lib', flags: ['-O2', `-I${native}`] });
}

type Raw = Omit<Timing, 'ratioToC' | 'ratioToKoffi' | 'ratioToCPython'>;

function raw(path: string, fn: string, m: Pick<Measurement, 'ns' | 'batch' | 'runs'>, note?: string): Raw {
  return { path, function: fn, ns: m.ns, batch: m.batch, runs: m.runs, ...(note ? { note } : {}) };
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0]!;

function measureContenders(ctx: BenchContext, out: Raw[], skipped: Skip[], log: (line: string) => void, wanted: (id: string) => boolean): void {
  for (const c of CONTENDERS) {
    if (!(c.ids ?? [c.id]).some(wanted)) continue;
    let opened;
    try {
      opened = c.open(ctx);
    } catch (e) {
      opened = { skip: message(e) };
    }
    if ('skip' in opened) {
      for (const path of c.ids ?? [c.id]) skipped.push({ path, reason: opened.skip });
      log(`skip ${(c.ids ?? [c.id]).join(', ')}: ${opened.skip}`);
      continue;
    }
    for (const [path, reason] of Object.entries(opened.idle ?? {})) {
      skipped.push({ path, reason });
      log(`skip ${path}: ${reason}`);
    }
    for (const w of WORKLOADS) {
      const path = opened.pathOf?.(w.name) ?? c.id;
      const target = opened.target;
      const missing = opened.missing?.[w.name];
      if (missing !== undefined || typeof target[w.name] !== 'function') {
        const reason = missing ?? `${c.id} has no ${w.name}`;
        skipped.push({ path, function: w.name, reason });
        log(`skip ${path} ${w.name}: ${reason}`);
        continue;
      }
      const loop = opened.batched ? batchLoop(w, path) : perCallLoop(w, path);
      let m: Measurement;
      try {
        m = time((n) => loop(target, n), { batch: w.batch, beforeRuns: opened.beforeRuns });
      } catch (e) {
        skipped.push({ path, function: w.name, reason: message(e) });
        log(`skip ${path} ${w.name}: ${message(e)}`);
        continue;
      }
      const note = [opened.notes?.[w.name], opened.check?.(w.name, m.calls)].filter(Boolean).join('; ');
      out.push(raw(path, w.name, m, note));
      log(`${path.padEnd(20)} ${w.name.padEnd(8)} ${m.ns.median.toFixed(2)} ns`);
    }
  }
}

/** CData field reads and writes through ABI mode (no peer has field names to compare). */
function measureFields(out: Raw[]): void {
  const ffi = new FFI();
  ffi.cdef(BENCH_DECLS);
  const p = ffi.new('point_t *', { x: 1, y: 2, z: 3 });
  out.push(raw('abi', 'field read p.x', time((n) => { let s = 0; for (let i = 0; i < n; i++) s += p.x as number; return s; })));
  out.push(raw('abi', 'field read p.z (double)', time((n) => { let s = 0; for (let i = 0; i < n; i++) s += p.z as number; return s; })));
  out.push(raw('abi', 'field write p.y = i', time((n) => { for (let i = 0; i < n; i++) p.y = i; })));
}

function measurePeers(ctx: PeerContext, out: Raw[], skipped: Skip[], peers: { path: string; version: string }[], wanted: (id: string) => boolean): void {
  for (const peer of PEERS) {
    if (!wanted(peer.id)) continue;
    let run;
    try {
      run = runPeer(ctx, peer);
    } catch (e) {
      run = { skip: message(e) };
    }
    if ('skip' in run) {
      skipped.push({ path: peer.id, reason: run.skip });
      ctx.log(`skip ${peer.id}: ${run.skip}`);
      continue;
    }
    peers.push({ path: peer.id, version: run.version });
    for (const r of run.results) {
      out.push(raw(peer.id, r.function, r, r.note));
      ctx.log(`${peer.id.padEnd(20)} ${r.function.padEnd(8)} ${r.ns.median.toFixed(2)} ns (${run.version})`);
    }
    for (const s of run.skipped) skipped.push({ path: peer.id, function: s.function, reason: s.reason });
  }
}

export function withRatios(results: readonly Raw[]): Timing[] {
  const median = (path: string, fn: string) => results.find((r) => r.path === path && r.function === fn)?.ns.median;
  return results.map((r) => {
    const c = median('c', cBaselineOf(r.function));
    const k = median('koffi', r.function);
    const ratios = { ratioToC: c === undefined ? null : r.ns.median / c, ratioToKoffi: k === undefined || r.path === 'koffi' ? null : r.ns.median / k };
    if (!isCpyextFunction(r.function)) return { ...r, ...ratios };
    const counterpart = cpythonCounterpart(r.path);
    const cp = counterpart === null ? undefined : median(counterpart, r.function);
    return { ...r, ...ratios, ratioToCPython: cp === undefined ? null : r.ns.median / cp };
  });
}

export function benchCalls(root: string, options: CallOptions = {}): CallReport {
  const log = options.log ?? (() => {});
  const libraryPath = benchLibrary(root);
  const ctx: BenchContext = { root, libraryPath, addonDir: join(root, 'build', 'Release') };
  const out: Raw[] = [];
  const skipped: Skip[] = [];
  const peers: { path: string; version: string }[] = [];
  const wanted = (id: string) => !options.only || options.only.some((prefix) => id.startsWith(prefix));
  const cpyext = anyCpyextWanted(wanted);
  // The CPython extension rows' ratio to C needs the C loops, whatever --only says.
  const needC = cpyextNeedsCLoops(wanted);
  measureContenders(ctx, out, skipped, log, (id) => wanted(id) || (needC && id === 'c'));
  if (wanted('abi')) measureFields(out);
  const peerContext = { root, libraryPath, install: options.peers === 'install', log };
  if (options.peers ?? true) measurePeers(peerContext, out, skipped, peers, wanted);
  if (cpyext) {
    const run = measureCpyext({ root, wanted, peers: options.peers !== false, peerContext, log });
    for (const r of run.rows) out.push(raw(r.path, r.function, r.m, r.note));
    skipped.push(...run.skipped);
    peers.push(...run.peers);
  }
  const results = withRatios(out);
  return { library: libraryPath, results, skipped, peers, targets: cpyextTargets(results) };
}

/** The table: grouped by function, in measurement order within each (the CPython extension section has its own, formatCpyextTable). */
export function formatCallTable(results: readonly Timing[]): string {
  const functions = [...new Set(results.filter((r) => !isCpyextFunction(r.function)).map((r) => r.function))];
  const ordered = functions.flatMap((fn) => results.filter((r) => r.function === fn));
  const rows = [
    ['function', 'path', 'median', 'min..max', 'vs C', 'vs koffi', 'note'],
    ...ordered.map((r) => [
      r.function, r.path, r.ns.median.toFixed(2), `${r.ns.min.toFixed(2)}..${r.ns.max.toFixed(2)}`,
      r.ratioToC === null ? '' : `${r.ratioToC.toFixed(2)}x`, r.ratioToKoffi === null ? '' : `${r.ratioToKoffi.toFixed(2)}x`,
      r.note ?? '',
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((cell, i) => (i < 2 || i === 6 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd();
  return rows.map(line).join('\n');
}

export function formatSkips(skipped: readonly Skip[]): string {
  return skipped.map((s) => `  ${s.path}${s.function ? ` ${s.function}` : ''}: ${s.reason}`).join('\n');
}
