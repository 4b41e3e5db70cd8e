// The README's ABI-mode example, runnable: `node examples/calling-c.mjs` after `npm install`.
import { FFI } from 'cbridge';

const ffi = new FFI();
ffi.cdefHeader('zlib.h');
const z = ffi.dlopen('libz.so.1');
console.log('crc32("hello")', z.crc32(0, Buffer.from('hello'), 5));
const strm = ffi.new('z_stream *');
console.log('deflateInit_', z.deflateInit_(strm, z.Z_DEFAULT_COMPRESSION, z.zlibVersion(), ffi.sizeof('z_stream')));
strm.avail_in = 5;
console.log('avail_in', strm.avail_in);
console.log('deflateEnd', z.deflateEnd(strm));

ffi.cdef(`void qsort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *));
          int snprintf(char *buf, size_t n, const char *fmt, ...);`);
const libc = ffi.dlopen(null);
const a = ffi.new('int[]', [5, 3, 9, 1]);
libc.qsort(a, 4, 4, (p, q) => ffi.cast('int *', p)[0] - ffi.cast('int *', q)[0]);
console.log('sorted', ffi.unpack(a, 4));
const buf = ffi.new('char[64]');
libc.snprintf(buf, 64, '%d %s %.1f %lld', 42, 'hi', 2.5, ffi.cast('long long', 7));
console.log('snprintf', ffi.string(buf));
