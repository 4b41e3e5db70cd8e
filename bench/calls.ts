/**
 * Call-overhead benchmark (ABI mode): cbridge's dlopen against koffi called directly, on the
 * same C functions in the same run, plus CData field reads and a soak run.
 *
 * Method: each path is a closure with a monomorphic call site, warmed up, then timed in
 * batches; the median of the runs is reported with min and max, in ns per call including the
 * loop. Scenarios are a declarative list, like better-sqlite3's trials.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import koffi from 'koffi';
import { FFI } from '../ffi.js';
import { compile } from '../abi/compiler.js';

export interface Timing {
  /** Stable path ids: `c`, `koffi`, `abi`. */
  readonly path: string;
  readonly function: string;
  readonly ns: { readonly min: number; readonly median: number; readonly max: number };
  /** Median over the median of C calling the same function (null where C has no loop). */
  readonly ratioToC: number | null;
  /** Median over koffi's median for the same function (null for koffi and C themselves). */
  readonly ratioToKoffi: number | null;
}

const BENCH_DECLS = `
  int add_i32(int a, int b);
  void noop(void);
  double mul_f64(double a, double b);
  size_t str_len(const char *s);
  int apply_cb(int (*cb)(int), int x);
  long long loop_add_i32(long long n);
  typedef struct { int x, y; double z; } point_t;
`;

export function benchLibrary(root: string): string {
  const source = readFileSync(join(root, 'bench', 'native', 'bench_lib.c'), 'utf8');
  return compile(source, { name: 'bench_lib', flags: ['-O2'] });
}

/** ns per call of `body`, which runs `batch` calls; `runs` timed runs after a warm-up. */
export function time(body: (batch: number) => unknown, batch = 1_000_000, runs = 9): Timing['ns'] {
  for (let i = 0; i < 3; i++) body(batch / 10);
  const samples: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = process.hrtime.bigint();
    body(batch);
    samples.push(Number(process.hrtime.bigint() - start) / batch);
  }
  samples.sort((a, b) => a - b);
  return { min: samples[0]!, median: samples[samples.length >> 1]!, max: samples[samples.length - 1]! };
}

export function benchCalls(root: string): Timing[] {
  const path = benchLibrary(root);
  const ffi = new FFI();
  ffi.cdef(BENCH_DECLS);
  const lib = ffi.dlopen(path);
  const k = koffi.load(path, { deep: true });
  const kAdd = k.func('int add_i32(int, int)');
  const kNoop = k.func('void noop(void)');
  const kMul = k.func('double mul_f64(double, double)');
  const kStr = k.func('size_t str_len(const char *)');
  const { add_i32, noop, mul_f64, str_len, loop_add_i32 } = lib as Record<string, (...a: unknown[]) => unknown>;
  const p = ffi.new('point_t *', { x: 1, y: 2, z: 3 });
  const results: Timing[] = [];
  const run = (path: string, fn: string, body: (n: number) => unknown, batch?: number) => {
    const ns = time(body, batch);
    const c = results.find((r) => r.path === 'c' && r.function === fn);
    const k = results.find((r) => r.path === 'koffi' && r.function === fn);
    results.push({
      path, function: fn, ns,
      ratioToC: c && path !== 'c' ? ns.median / c.ns.median : path === 'c' ? 1 : null,
      ratioToKoffi: k && path !== 'koffi' ? ns.median / k.ns.median : null,
    });
  };

  run('c', 'add_i32', (n) => loop_add_i32!(n));
  run('koffi', 'add_i32', (n) => { let s = 0; for (let i = 0; i < n; i++) s += kAdd(i, 1) as number; return s; });
  run('abi', 'add_i32', (n) => { let s = 0; for (let i = 0; i < n; i++) s += add_i32!(i, 1) as number; return s; });
  run('koffi', 'noop', (n) => { for (let i = 0; i < n; i++) kNoop(); });
  run('abi', 'noop', (n) => { for (let i = 0; i < n; i++) noop!(); });
  run('koffi', 'mul_f64', (n) => { let s = 0; for (let i = 0; i < n; i++) s += kMul(i, 0.5) as number; return s; });
  run('abi', 'mul_f64', (n) => { let s = 0; for (let i = 0; i < n; i++) s += mul_f64!(i, 0.5) as number; return s; });
  run('koffi', 'str_len', (n) => { let s = 0; for (let i = 0; i < n; i++) s += kStr('hello, world') as number; return s; }, 200_000);
  run('abi', 'str_len', (n) => { let s = 0; for (let i = 0; i < n; i++) s += str_len!('hello, world') as number; return s; }, 200_000);
  run('abi', 'field read p.x', (n) => { let s = 0; for (let i = 0; i < n; i++) s += p.x as number; return s; });
  run('abi', 'field read p.z (double)', (n) => { let s = 0; for (let i = 0; i < n; i++) s += p.z as number; return s; });
  run('abi', 'field write p.y = i', (n) => { for (let i = 0; i < n; i++) p.y = i; });
  return results;
}

/** Ten million calls, allocations and callbacks; RSS sampled along the way (MiB). */
export function soak(root: string, total = 10_000_000): { rssMiB: number[]; iterations: number } {
  const path = benchLibrary(root);
  const ffi = new FFI();
  ffi.cdef(BENCH_DECLS);
  const lib = ffi.dlopen(path) as Record<string, (...a: unknown[]) => unknown>;
  const cb = ffi.callback('int(*)(int)', (x: number) => x + 1);
  const rss: number[] = [];
  const step = total / 10;
  let s = 0;
  for (let i = 0; i < total; i++) {
    s += lib['add_i32']!(i, 1) as number;
    if ((i & 7) === 0) s += (ffi.new('point_t *', { x: i }).x as number);
    if ((i & 15) === 0) s += lib['apply_cb']!(cb, i) as number;
    if ((i & 1023) === 0) s += lib['str_len']!('soak') as number;
    if (i % step === step - 1) rss.push(Math.round(process.memoryUsage.rss() / 2 ** 20));
  }
  if (s === 42) console.log(s);
  return { rssMiB: rss, iterations: total };
}

export function formatCallTable(results: readonly Timing[]): string {
  const rows = [
    ['path', 'function', 'median', 'min..max', 'vs C', 'vs koffi'],
    ...results.map((r) => [
      r.path, r.function, r.ns.median.toFixed(2), `${r.ns.min.toFixed(2)}..${r.ns.max.toFixed(2)}`,
      r.ratioToC === null ? '' : `${r.ratioToC.toFixed(2)}x`, r.ratioToKoffi === null ? '' : `${r.ratioToKoffi.toFixed(2)}x`,
    ]),
  ];
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
  return rows.map((row) => row.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ')).join('\n');
}
