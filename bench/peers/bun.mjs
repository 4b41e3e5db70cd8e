// Peer `peer:bun`: Bun's `bun:ffi` (its JIT compiles a C trampoline per function and inlines
// the call into the JS loop). Usage: bun bun.mjs <bench_lib.so>
// bun:ffi takes no JS strings: str_len gets the string encoded to a NUL-terminated buffer on
// every call, as a user holding a JS string must do; size_t comes back as a BigInt.
import { dlopen } from 'bun:ffi';
import { report } from './harness.mjs';

const [libPath] = process.argv.slice(2);
const { symbols: o } = dlopen(libPath, {
  add_i32: { args: ['i32', 'i32'], returns: 'i32' },
  noop: { args: [], returns: 'void' },
  mul_f64: { args: ['f64', 'f64'], returns: 'f64' },
  str_len: { args: ['ptr'], returns: 'usize' },
});
const encoder = new TextEncoder();

report(`bun ${Bun.version}`, [
  { function: 'add_i32', loop: (n) => { let s = 0; for (let i = 0; i < n; i++) s += o.add_i32(i, 1); return s; } },
  { function: 'noop', loop: (n) => { for (let i = 0; i < n; i++) o.noop(); } },
  { function: 'mul_f64', loop: (n) => { let s = 0; for (let i = 0; i < n; i++) s += o.mul_f64(i, 0.5); return s; } },
  {
    function: 'str_len', note: 'TextEncoder per call; BigInt result',
    loop: (n) => { let s = 0; for (let i = 0; i < n; i++) s += Number(o.str_len(encoder.encode('hello, world\0'))); return s; },
  },
]);
