// The README's example, runnable: `node examples/declarations.mjs` after `npm install`.
import { FFI } from 'cbridge';

const ffi = new FFI();
ffi.cdef(`
  typedef struct { int x, y; } point_t;
  #define ORIGIN_X 0
  enum color { RED, GREEN = 5 };
  struct flags { unsigned ready : 1, mode : 3; } __attribute__((packed));
  int qsort_r_like(void *base, size_t n, int (*cmp)(const void *, const void *));
`);
console.log('sizeof(point_t)', ffi.sizeof('point_t'));
console.log('offsetof(point_t, y)', ffi.offsetof('point_t', 'y'));
console.log('GREEN', ffi.integerConst('GREEN'));
console.log('struct flags', ffi.typeof('struct flags').fields.map(({ name, offset, bitOffset, bitWidth }) => ({ name, offset, bitOffset, bitWidth })));
console.log('qsort_r_like', ffi.typeof('qsort_r_like').cname);

ffi.cdefHeader('zlib.h');
console.log('sizeof(z_stream)', ffi.sizeof('z_stream'));
console.log('offsetof(struct z_stream_s, avail_out)', ffi.offsetof('struct z_stream_s', 'avail_out'));
console.log('Z_BUF_ERROR', ffi.integerConst('Z_BUF_ERROR'));
ffi.cdefHeader('libxml/parser.h', { includeDirs: ['/usr/include/libxml2'], scope: 'all' });
console.log('sizeof(xmlParserCtxt)', ffi.sizeof('xmlParserCtxt'));
try {
  ffi.cdef('int f(int a, foo_t b);');
} catch (e) {
  console.log(e.message);
}
