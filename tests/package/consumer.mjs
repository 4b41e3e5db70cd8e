// A plain-JavaScript user of the package, run by package.test.ts: `import { FFI } from 'cbridge'`
// must resolve through package.json's exports to the built output.
import { FFI, CDefError } from 'cbridge';

const ffi = new FFI();
ffi.cdef('typedef struct { int x, y; } point_t;\n#define ORIGIN_X 0\nenum color { RED, GREEN = 5 };');
let error = null;
try {
  ffi.cdef('int f(int a, foo_t b);');
} catch (e) {
  error = e instanceof CDefError ? e.summary : String(e);
}
console.log(JSON.stringify({
  size: ffi.sizeof('point_t'),
  offsetY: ffi.offsetof('point_t', 'y'),
  green: ffi.integerConst('GREEN'),
  error,
}));
