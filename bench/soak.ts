/**
 * Soak: ten million ABI-mode calls mixed with allocations, callbacks and string arguments,
 * sampling RSS every 10%, to show that nothing grows without bound (the keep stack, the
 * string arena, CData finalization, callback trampolines).
 */

import { FFI } from '../ffi.js';
import { benchLibrary } from './calls.js';
import { BENCH_DECLS } from './workloads.js';

export interface SoakResult {
  /** RSS in MiB after each tenth of the iterations. */
  readonly rssMiB: number[];
  readonly iterations: number;
}

export function soak(root: string, total = 10_000_000): SoakResult {
  const ffi = new FFI();
  ffi.cdef(BENCH_DECLS);
  const lib = ffi.dlopen(benchLibrary(root)) as Record<string, (...a: unknown[]) => unknown>;
  const cb = ffi.callback('int(*)(int)', (x: number) => x + 1);
  const rss: number[] = [];
  const step = total / 10;
  let s = 0;
  for (let i = 0; i < total; i++) {
    s += lib['add_i32']!(i, 1) as number;
    if ((i & 7) === 0) s += ffi.new('point_t *', { x: i }).x as number;
    if ((i & 15) === 0) s += lib['apply_cb']!(cb, i) as number;
    if ((i & 1023) === 0) s += lib['str_len']!('soak') as number;
    if (i % step === step - 1) rss.push(Math.round(process.memoryUsage.rss() / 2 ** 20));
  }
  if (s === 42) console.log(s);
  return { rssMiB: rss, iterations: total };
}
