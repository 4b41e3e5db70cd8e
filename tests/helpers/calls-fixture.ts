/**
 * The `calls` fixture shared by tests/abi/calls.test.ts, cdata.test.ts and call-errors.test.ts:
 * builds tests/abi/fixtures/calls.c into a shared library, declares tests/abi/fixtures/calls.h
 * with `ffi.cdef`, opens the library in a call mode (tests/helpers/modes.ts: ABI or fast), and
 * runs tests/abi/reference/calls_ref.c (which #includes the same calls.c) for the expected values.
 *
 * Invariants:
 * - native-build caches by the text of the one file it compiles, but calls.c includes calls.h
 *   and calls_ref.c includes calls.c; a `-DCALLS_SOURCES=<hash of all three>` flag makes an
 *   edit of any of them rebuild both.
 * - The reference's encoding (see calls_ref.c) is decoded in one place, `decode`: integers
 *   come as decimal strings and become a `number` when |v| <= 2^53 - 1, a `BigInt` otherwise,
 *   which is exactly docs/abi-mode.md's rule for values coming out of C.
 * - Each mode gets its own instance of the library (the same source and flags, plus an unused
 *   `-DCALLS_INSTANCE_<mode>` that makes it another file): the fixture has global state
 *   (g_int, the stored callback, last_op_result, the worker thread), and a test file runs the
 *   suites of both modes in one process, each expecting the library as freshly loaded.
 * - In fast mode the functions that may call a callback registered earlier (`CALLS_CALLBACKS`)
 *   are listed in `callbacks`, as fast mode requires (abi/fast.ts).
 * - The ABI-mode surface is typed loosely here (`AbiFFI`, `any` for C values) in one place, so
 *   the tests follow docs/abi-mode.md whatever static types ffi.ts gives its dynamic values.
 */

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FFI } from '../../ffi.js';
import type { CTypeInfo } from '../../abi/ctype-info.js';
import { dlopenIn, type Mode } from './modes.js';
import { buildSharedLibrary, runReference, writeTemp } from './native-build.js';

export const ROOT = join(import.meta.dirname, '..', '..');
export const CALLS_C = join(ROOT, 'tests', 'abi', 'fixtures', 'calls.c');
export const CALLS_H = join(ROOT, 'tests', 'abi', 'fixtures', 'calls.h');
export const CALLS_REF = join(ROOT, 'tests', 'abi', 'reference', 'calls_ref.c');

/** docs/abi-mode.md's FFI surface; C values (Lib members, CData) are dynamic, so `any`. */
export interface AbiFFI {
  cdef(source: string): void;
  dlopen(path: string | null, options?: object): any;
  'new'(type: string, init?: unknown): any;
  cast(type: string, value: unknown): any;
  callback(type: string, fn: (...args: any[]) => unknown): any;
  string(p: unknown, maxlen?: number): string;
  unpack(p: unknown, n: number): any;
  buffer(p: unknown, size?: number): Buffer;
  fromBuffer(type: string, buf: unknown): any;
  memmove(dest: unknown, src: unknown, n: number): void;
  addressof(p: unknown, field?: string): any;
  gc(p: unknown, destructor: (p: any) => void): any;
  typeof(x: unknown): CTypeInfo;
  sizeof(x: unknown): number;
  alignof(x: unknown): number;
  offsetof(type: string, path: string): number;
  release(p: unknown): void;
  errno: number;
}

function sourcesHash(): string {
  const h = createHash('sha256');
  for (const f of [CALLS_C, CALLS_H, CALLS_REF]) h.update(readFileSync(f));
  return h.digest('hex').slice(0, 16);
}

/** The flags the fixture and its reference are built with (a program #including calls.c needs them too). */
export function callsFlags(): string[] {
  return ['-pthread', `-DCALLS_SOURCES=${sourcesHash()}`];
}
const flags = callsFlags;

/**
 * Path of the compiled fixture library for `mode` (built once, cached; one instance per mode).
 * `copy` names yet another instance (another file), for tests of two libraries at once.
 */
export function callsLibrary(mode: Mode = 'abi', copy = ''): string {
  return buildSharedLibrary(CALLS_C, { flags: mode === 'abi' && !copy ? flags() : [...flags(), `-DCALLS_INSTANCE_${mode}${copy}`] });
}

/**
 * Fixture functions that may run JS through a callback stored earlier (not passed as an
 * argument): fast mode must be told (`callbacks`). The thread functions are listed too: they
 * deal with a callback that another thread calls.
 */
export const CALLS_CALLBACKS: readonly string[] = ['call_stored_cb', 'thread_start', 'thread_done', 'thread_join', 'call_in_thread'];

/** The fast-mode options the fixture is opened with in `mode` (`dlopenIn`'s last argument). */
export function callsOptions(mode: Mode): { callbacks?: readonly string[] } {
  return mode === 'fast' ? { callbacks: CALLS_CALLBACKS } : {};
}

export function callsHeader(): string {
  return readFileSync(CALLS_H, 'utf8');
}

/** A fresh FFI with calls.h declared and the fixture library opened in `mode` (ABI mode by default). */
export function openCalls(mode: Mode = 'abi'): { ffi: AbiFFI; lib: any; path: string } {
  const path = callsLibrary(mode);
  const ffi = new FFI() as unknown as AbiFFI;
  ffi.cdef(callsHeader());
  return { ffi, lib: dlopenIn(ffi, path, mode, callsOptions(mode)), path };
}

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** One call of the reference: `{ args: [...], result }`. */
export interface RefCase {
  readonly args: Json[];
  readonly result: Json;
}

export interface CallsRef {
  scalars: Record<string, RefCase[]>;
  structs: Record<string, RefCase[]>;
  chains: Record<string, RefCase[]>;
  huge: RefCase[];
  pointers: Record<string, any>;
  callbacks: Record<string, any>;
  variadic: Record<string, any>;
  globals: Record<string, any>;
  errno: Record<string, string>;
  constants: Record<string, string>;
  layout: {
    types: { name: string; size: string; align: string }[];
    fields: { type: string; field: string; offset: string; kind: string }[];
  };
}

let reference: CallsRef | undefined;

/** The reference program's output (compiled and run once per process). */
export function callsReference(): CallsRef {
  return (reference ??= runReference<CallsRef>(CALLS_REF, { flags: flags() }));
}

/** A C integer as docs/abi-mode.md says it comes out of C: `number` when exact, else `BigInt`. */
export function integer(s: string | bigint): number | bigint {
  const b = BigInt(s);
  return b >= -BigInt(Number.MAX_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
}

const INTEGER = /^-?\d+$/;
const SPECIAL: Record<string, number> = { inf: Infinity, '-inf': -Infinity, nan: NaN, '-0': -0 };

export function isIntegerString(v: Json): v is string {
  return typeof v === 'string' && INTEGER.test(v) && v !== '-0';
}

/**
 * Decode a reference value (see calls_ref.c). `bigint: true` turns every integer into a BigInt
 * (the other accepted form of integer arguments); other strings stay strings.
 */
export function decode(v: Json, options: { bigint?: boolean } = {}): any {
  if (typeof v === 'string') {
    if (v in SPECIAL) return SPECIAL[v];
    if (INTEGER.test(v)) return options.bigint ? BigInt(v) : integer(v);
    return v;
  }
  if (Array.isArray(v)) return v.map((x) => decode(x, options));
  if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, decode(x, options)]));
  return v;
}

/** A CData struct, union or array (or a scalar) as plain JS data, read field by field. */
export function plain(ffi: AbiFFI, value: any, info: CTypeInfo = ffi.typeof(value)): any {
  switch (info.kind) {
    case 'struct':
    case 'union':
      return Object.fromEntries(info.fields!.map((f) => [f.name, plain(ffi, value[f.name!], f.type)]));
    case 'array':
      return Array.from({ length: value.length as number }, (_, i) => plain(ffi, value[i], info.item!));
    default:
      return value;
  }
}

export interface ChildResult {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

const VITE_NODE = join(ROOT, 'node_modules', 'vite-node', 'vite-node.mjs');

/**
 * Run `body` in a child Node process (through vite-node, which runs the TS sources as vitest
 * does) with `ffi` (calls.h declared) and `lib` (the fixture library, opened in `mode`, ABI by
 * default) in scope. For anything that might crash or hang the process: the test asserts how
 * the child ended. `nodeFlags` go to node (e.g. `--allow-natives-syntax`).
 */
export function runCallsChild(
  name: string,
  body: string,
  options: { exposeGc?: boolean; timeoutMs?: number; mode?: Mode; nodeFlags?: readonly string[] } = {},
): ChildResult {
  const mode = options.mode ?? 'abi';
  const open = mode === 'abi' ? '' : `, ${JSON.stringify({ mode, ...callsOptions(mode) })}`;
  const script = [
    `import { readFileSync } from 'node:fs';`,
    `import { FFI } from ${JSON.stringify(join(ROOT, 'ffi.js'))};`,
    `const ffi: any = new FFI();`,
    `ffi.cdef(readFileSync(${JSON.stringify(CALLS_H)}, 'utf8'));`,
    `const lib: any = ffi.dlopen(${JSON.stringify(callsLibrary(mode))}${open});`,
    `import { callsReference, decode, encodeJs, isIntegerString, plain } from ${JSON.stringify(join(ROOT, 'tests', 'helpers', 'calls-fixture.js'))};`,
    `const out = (v: unknown) => process.stdout.write(encodeJs(v) + '\\n');`,
    `void lib; void out; void callsReference; void decode; void plain; void isIntegerString;`,
    body,
  ].join('\n');
  const file = writeTemp(`${name}-${createHash('sha256').update(script).digest('hex').slice(0, 12)}.ts`, script);
  const args = [...(options.exposeGc ? ['--expose-gc'] : []), ...(options.nodeFlags ?? []), VITE_NODE, file];
  // SIGKILL: vite-node handles SIGTERM on the event loop, which a hung call never frees.
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: options.timeoutMs ?? 60_000, killSignal: 'SIGKILL', cwd: ROOT, maxBuffer: 256 << 20 });
  return {
    status: r.status,
    signal: r.signal,
    timedOut: (r.error as NodeJS.ErrnoException | undefined)?.code === 'ETIMEDOUT',
    stdout: r.stdout ?? '',
    stderr: r.stderr ?? '',
  };
}

/** JSON that keeps what JS values from C can be: BigInt, NaN, +-Infinity and -0. */
export function encodeJs(v: unknown): string {
  return JSON.stringify(v, (_k, x: unknown) => {
    if (typeof x === 'bigint') return { $big: x.toString() };
    if (typeof x === 'number' && (!Number.isFinite(x) || Object.is(x, -0))) return { $num: String(x === 0 ? '-0' : x) };
    return x;
  });
}

export function decodeJs<T = any>(text: string): T {
  return JSON.parse(text, (_k, x: any) => {
    if (x !== null && typeof x === 'object' && !Array.isArray(x)) {
      if (typeof x.$big === 'string') return BigInt(x.$big);
      if (typeof x.$num === 'string') return x.$num === '-0' ? -0 : Number(x.$num);
    }
    return x;
  }) as T;
}

/** The last line of a child's stdout, decoded by decodeJs. */
export function lastJson<T = any>(r: ChildResult): T {
  const lines = r.stdout.trim().split('\n');
  return decodeJs<T>(lines[lines.length - 1]!);
}

/** Every `= <json>` line of a child's stdout, decoded; and the last `# <step>` line (where it was). */
export function childRows<T = any>(r: ChildResult): { rows: T[]; lastStep: string } {
  const lines = r.stdout.split('\n');
  const rows = lines.filter((l) => l.startsWith('= ')).map((l) => decodeJs<T>(l.slice(2)));
  const steps = lines.filter((l) => l.startsWith('# '));
  return { rows, lastStep: steps.length ? steps[steps.length - 1]!.slice(2) : '(none)' };
}

/** The message of what `fn` throws (fails the test when it does not throw). */
export function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an exception');
}
