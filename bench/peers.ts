/**
 * Optional peers: other FFIs and runtimes calling the same bench library, each in its own
 * process with its own copy of the timing method (bench/peers/harness.mjs, python.py).
 * The CPython extension section's CPython and PyPy peers (bench/cpyext.ts) are Peers too, run
 * by `runPeer` with their own function names.
 *
 * Invariants:
 * - The list is declarative: a peer says how to find its runtime or package, how to install
 *   it, and what command runs its script (bench/peers/<script>) with the library path.
 * - Nothing is installed unless asked (`cbridge bench --peers` or CBRIDGE_BENCH_PEERS=1): by
 *   default a peer that is not present is skipped with the reason and the way to get it.
 * - npm peers live in bench/.peers (gitignored) with their own package.json, so installing one
 *   never touches the project's dependencies and a later install keeps the earlier ones.
 *   Debian peers come from apt (root only). Only the npm and Debian registries are used.
 * - A peer that fails, times out or prints no result is skipped with its error; it never
 *   fails the benchmark.
 */

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Stats } from './timing.js';
import type { FunctionName } from './workloads.js';

export interface PeerContext {
  readonly root: string;
  readonly libraryPath: string;
  /** Install missing peers (npm into bench/.peers, apt as root). */
  readonly install: boolean;
  /** Progress lines (installs). */
  readonly log: (line: string) => void;
}

interface Command {
  readonly command: string;
  readonly args: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
}

type Install = { readonly npm: readonly string[] } | { readonly apt: readonly string[] };

/**
 * Environment of every npm install in bench/.peers. ffi-napi's build workaround: Node 20.20's
 * node_api.h gives finalizers a const env, and ffi-napi's sources (and the node-addon-api it
 * bundles) predate that, so they only compile with -fpermissive. It applies to every install
 * because any later one may rebuild ffi-napi.
 */
const NPM_ENV = { CXXFLAGS: '-fpermissive' };

export interface Peer {
  readonly id: string;
  readonly describe: string;
  /** The command running this peer's script, or why it cannot run here. */
  locate(ctx: PeerContext): Command | { readonly skip: string };
  readonly install: Install;
}

/** One measured function; `F` is the peer's function names (the bench functions by default). */
export interface PeerResult<F extends string = FunctionName> {
  readonly function: F;
  readonly ns: Stats;
  readonly batch: number;
  readonly runs: number;
  readonly note?: string;
}

export interface PeerRun<F extends string = FunctionName> {
  readonly id: string;
  readonly version: string;
  readonly results: readonly PeerResult<F>[];
  readonly skipped: readonly { readonly function: F; readonly reason: string }[];
}

const peersDir = (ctx: PeerContext): string => join(ctx.root, 'bench', '.peers');
const script = (ctx: PeerContext, name: string): string => join(ctx.root, 'bench', 'peers', name);

/** First line of `command --version`-like output, or null when it does not run. */
function probe(command: string, args: readonly string[]): string | null {
  const r = spawnSync(command, args, { encoding: 'utf8', timeout: 30_000 });
  return r.status === 0 ? (r.stdout || r.stderr).trim().split('\n')[0]! : null;
}

function npmPackage(ctx: PeerContext, name: string): boolean {
  return existsSync(join(peersDir(ctx), 'node_modules', name, 'package.json'));
}

/** A binary on PATH, else the one an npm package put in bench/.peers/node_modules/.bin. */
function findBinary(ctx: PeerContext, name: string): string | null {
  if (probe(name, ['--version']) !== null) return name;
  const local = join(peersDir(ctx), 'node_modules', '.bin', name);
  return existsSync(local) && probe(local, ['--version']) !== null ? local : null;
}

/** A Python interpreter that can import `module`: python3 on PATH, then Debian's. */
function findPython(candidates: readonly string[], module: string): string | null {
  return candidates.find((py) => probe(py, ['-c', `import ${module}`]) !== null) ?? null;
}

const howTo = (p: Peer): string =>
  'npm' in p.install ? `run with --peers to npm install ${p.install.npm.join(' ')} into bench/.peers` : `run with --peers to apt-get install ${p.install.apt.join(' ')} (as root)`;

export const PEERS: readonly Peer[] = [
  {
    id: 'peer:ffi-napi',
    describe: 'ffi-napi (libffi over N-API) in Node',
    install: { npm: ['ffi-napi@4.0.3'] }, // builds from source: see NPM_ENV
    locate(ctx) {
      if (!npmPackage(ctx, 'ffi-napi')) return { skip: 'ffi-napi is not installed' };
      return { command: process.execPath, args: [script(ctx, 'ffi-napi.mjs'), ctx.libraryPath, peersDir(ctx)] };
    },
  },
  {
    id: 'peer:ffi-rs',
    describe: 'ffi-rs (Rust over N-API) in Node',
    install: { npm: ['ffi-rs@^1.3.7'] },
    locate(ctx) {
      if (!npmPackage(ctx, 'ffi-rs')) return { skip: 'ffi-rs is not installed' };
      return { command: process.execPath, args: [script(ctx, 'ffi-rs.mjs'), ctx.libraryPath, peersDir(ctx)] };
    },
  },
  {
    id: 'peer:cpython-ctypes',
    describe: 'CPython ctypes',
    install: { apt: ['python3'] },
    locate(ctx) {
      const py = findPython(['python3', '/usr/bin/python3'], 'ctypes');
      return py ? { command: py, args: [script(ctx, 'python.py'), 'ctypes', ctx.libraryPath] } : { skip: 'no python3 with ctypes' };
    },
  },
  {
    id: 'peer:cpython-cffi',
    describe: 'CPython cffi, ABI mode',
    install: { apt: ['python3-cffi'] },
    locate(ctx) {
      const py = findPython(['python3', '/usr/bin/python3'], 'cffi');
      return py ? { command: py, args: [script(ctx, 'python.py'), 'cffi', ctx.libraryPath] } : { skip: 'no python3 with cffi' };
    },
  },
  {
    id: 'peer:pypy-cffi',
    describe: 'PyPy cffi, ABI mode',
    install: { apt: ['pypy3'] },
    locate(ctx) {
      const py = findPython(['pypy3'], 'cffi');
      return py ? { command: py, args: [script(ctx, 'python.py'), 'cffi', ctx.libraryPath] } : { skip: 'pypy3 is not installed' };
    },
  },
  {
    id: 'peer:bun',
    describe: "Bun's bun:ffi",
    install: { npm: ['bun@^1.4'] },
    locate(ctx) {
      const bun = findBinary(ctx, 'bun');
      return bun ? { command: bun, args: [script(ctx, 'bun.mjs'), ctx.libraryPath], env: { DO_NOT_TRACK: '1' } } : { skip: 'bun is not installed' };
    },
  },
  {
    id: 'peer:deno',
    describe: "Deno's Deno.dlopen",
    install: { npm: ['deno@^2.9'] },
    locate(ctx) {
      const deno = findBinary(ctx, 'deno');
      return deno
        ? {
            command: deno,
            args: ['run', '--quiet', '--no-prompt', '--allow-ffi', '--allow-read', '--allow-env', script(ctx, 'deno.mjs'), ctx.libraryPath],
            env: { DENO_NO_UPDATE_CHECK: '1', DENO_DIR: join(peersDir(ctx), 'deno-cache') },
          }
        : { skip: 'deno is not installed' };
    },
  },
];

function installPeer(ctx: PeerContext, peer: Peer): string | null {
  const install = peer.install;
  if ('npm' in install) {
    const dir = peersDir(ctx);
    mkdirSync(dir, { recursive: true });
    const manifest = join(dir, 'package.json');
    if (!existsSync(manifest)) writeFileSync(manifest, JSON.stringify({ name: 'cbridge-bench-peers', private: true }, null, 2) + '\n');
    ctx.log(`installing ${peer.id}: npm install ${install.npm.join(' ')} (in bench/.peers)`);
    const r = spawnSync('npm', ['install', '--save-exact', '--no-audit', '--no-fund', '--loglevel=error', ...install.npm], {
      cwd: dir, encoding: 'utf8', timeout: 600_000, env: { ...process.env, ...NPM_ENV },
    });
    return r.status === 0 ? null : `npm install failed: ${lastLines(r.stderr || String(r.error))}`;
  }
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return `apt-get needs root`;
  ctx.log(`installing ${peer.id}: apt-get install ${install.apt.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = () => spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...install.apt], { encoding: 'utf8', timeout: 600_000, env });
  let r = apt();
  if (r.status !== 0) {
    spawnSync('apt-get', ['update', '-qq'], { encoding: 'utf8', timeout: 600_000, env });
    r = apt();
  }
  return r.status === 0 ? null : `apt-get install failed: ${lastLines(r.stderr || String(r.error))}`;
}

function lastLines(text: string): string {
  return text.trim().split('\n').slice(-2).join(' / ');
}

/** Run one peer: locate (installing if asked), run its script, parse its JSON line. */
export function runPeer<F extends string = FunctionName>(ctx: PeerContext, peer: Peer): PeerRun<F> | { readonly skip: string } {
  let found = peer.locate(ctx);
  if ('skip' in found && ctx.install) {
    const failed = installPeer(ctx, peer);
    if (failed) return { skip: `${found.skip}; ${failed}` };
    found = peer.locate(ctx);
  }
  if ('skip' in found) return { skip: ctx.install ? found.skip : `${found.skip} (${howTo(peer)})` };
  const r = spawnSync(found.command, found.args, { encoding: 'utf8', timeout: 300_000, env: { ...process.env, ...found.env } });
  if (r.error) return { skip: `${found.command} did not run: ${r.error.message}` };
  const line = r.stdout.trim().split('\n').reverse().find((l) => l.startsWith('{'));
  if (r.status !== 0 || !line) return { skip: `${peer.id} exited with ${r.status ?? r.signal}: ${lastLines(r.stderr || r.stdout || '(no output)')}` };
  const parsed = JSON.parse(line) as Omit<PeerRun<F>, 'id'>;
  return { id: peer.id, ...parsed };
}
