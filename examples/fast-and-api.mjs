// The README's fast-path and API-mode example, runnable: `node examples/fast-and-api.mjs`.
import { FFI } from 'cbridge';

const ffi = new FFI();
ffi.cdefHeader('zlib.h');
const fast = ffi.dlopen('libz.so.1', { mode: 'fast' });
console.log('crc32("hello")', fast.crc32(0, Buffer.from('hello'), 5), 'tier', ffi.tierOf(fast.crc32));

const api = new FFI();
api.cdef(`typedef struct z_stream_s { unsigned char *next_in; unsigned avail_in; ...; } z_stream;
          #define Z_FINISH ...
          int deflateInit(z_stream *strm, int level);
          int deflateEnd(z_stream *strm);`);
api.setSource('_zdemo', '#include <zlib.h>', { libraries: ['z'] });
const z = api.compile();
console.log('Z_FINISH', z.Z_FINISH, 'sizeof(z_stream)', api.sizeof('z_stream'));
const strm = api.new('z_stream *');
console.log('deflateInit (a macro)', z.deflateInit(strm, 6), 'deflateEnd', z.deflateEnd(strm));
