// Peer `peer:deno`: `Deno.dlopen` (V8 fast API calls generated per signature).
// Usage: deno run --allow-ffi --allow-read deno.mjs <bench_lib.so>
// Deno FFI takes no JS strings: str_len gets the string encoded to a NUL-terminated buffer on
// every call, as a user holding a JS string must do; size_t comes back as a BigInt.
import { report } from './harness.mjs';

const [libPath] = Deno.args;
const { symbols: o } = Deno.dlopen(libPath, {
  add_i32: { parameters: ['i32', 'i32'], result: 'i32' },
  noop: { parameters: [], result: 'void' },
  mul_f64: { parameters: ['f64', 'f64'], result: 'f64' },
  str_len: { parameters: ['buffer'], result: 'usize' },
});
const encoder = new TextEncoder();

report(`deno ${Deno.version.deno} (V8 ${Deno.version.v8})`, [
  { function: 'add_i32', loop: (n) => { let s = 0; for (let i = 0; i < n; i++) s += o.add_i32(i, 1); return s; } },
  { function: 'noop', loop: (n) => { for (let i = 0; i < n; i++) o.noop(); } },
  { function: 'mul_f64', loop: (n) => { let s = 0; for (let i = 0; i < n; i++) s += o.mul_f64(i, 0.5); return s; } },
  {
    function: 'str_len', note: 'TextEncoder per call; BigInt result',
    loop: (n) => { let s = 0; for (let i = 0; i < n; i++) s += Number(o.str_len(encoder.encode('hello, world\0'))); return s; },
  },
]);
