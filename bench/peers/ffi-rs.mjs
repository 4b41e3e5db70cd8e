// Peer `peer:ffi-rs`: ffi-rs (Rust + N-API; every call goes through its generic `load`, which
// `define` wraps) in its own Node process, from bench/.peers.
// Usage: node ffi-rs.mjs <bench_lib.so> <peers dir>
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { report } from './harness.mjs';

const [libPath, peersDir] = process.argv.slice(2);
const require = createRequire(join(peersDir, 'package.json'));
const { open, define, DataType } = require('ffi-rs');
const version = `ffi-rs ${require('ffi-rs/package.json').version} on node ${process.versions.node}`;
open({ library: 'bench_lib', path: libPath });
const o = define({
  add_i32: { library: 'bench_lib', retType: DataType.I32, paramsType: [DataType.I32, DataType.I32] },
  noop: { library: 'bench_lib', retType: DataType.Void, paramsType: [] },
  mul_f64: { library: 'bench_lib', retType: DataType.Double, paramsType: [DataType.Double, DataType.Double] },
  str_len: { library: 'bench_lib', retType: DataType.U64, paramsType: [DataType.String] },
});

report(version, [
  { function: 'add_i32', loop: (n) => { let s = 0; for (let i = 0; i < n; i++) s += o.add_i32([i, 1]); return s; } },
  { function: 'noop', loop: (n) => { for (let i = 0; i < n; i++) o.noop([]); } },
  { function: 'mul_f64', loop: (n) => { let s = 0; for (let i = 0; i < n; i++) s += o.mul_f64([i, 0.5]); return s; } },
  { function: 'str_len', loop: (n) => { let s = 0; for (let i = 0; i < n; i++) s += Number(o.str_len(['hello, world'])); return s; } },
]);
