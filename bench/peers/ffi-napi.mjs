// Peer `peer:ffi-napi`: ffi-napi (node-ffi's N-API port, libffi underneath) in its own Node
// process, from bench/.peers. Usage: node ffi-napi.mjs <bench_lib.so> <peers dir>
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { report } from './harness.mjs';

const [libPath, peersDir] = process.argv.slice(2);
const require = createRequire(join(peersDir, 'package.json'));
const ffi = require('ffi-napi');
const version = `ffi-napi ${require('ffi-napi/package.json').version} on node ${process.versions.node}`;
const o = ffi.Library(libPath, {
  add_i32: ['int', ['int', 'int']],
  noop: ['void', []],
  mul_f64: ['double', ['double', 'double']],
  str_len: ['size_t', ['string']],
});

report(version, [
  { function: 'add_i32', loop: (n) => { let s = 0; for (let i = 0; i < n; i++) s += o.add_i32(i, 1); return s; } },
  { function: 'noop', loop: (n) => { for (let i = 0; i < n; i++) o.noop(); } },
  { function: 'mul_f64', loop: (n) => { let s = 0; for (let i = 0; i < n; i++) s += o.mul_f64(i, 0.5); return s; } },
  { function: 'str_len', loop: (n) => { let s = 0; for (let i = 0; i < n; i++) s += o.str_len('hello, world'); return s; } },
]);
