/**
 * API mode (`ffi.setSource` + `ffi.compile`): the compiler sees the real header, so `...`
 * placeholders, macros used as functions and static inline functions work, and a cdef that
 * disagrees with the header fails to compile naming the struct and field. Expected values come
 * from a C program compiled against the same header (reference/zlib_api_ref.c).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FFI } from '../../ffi.js';
import { CompileError } from '../../abi/compiler.js';
import { runReference } from '../helpers/native-build.js';

interface ZlibRef {
  sizeof_z_stream: number; align_z_stream: number; offset_avail_out: number; offset_next_out: number;
  Z_OK: number; Z_FINISH: number; MAX_WBITS: number; Z_DEFAULT_COMPRESSION: number;
  crc_hello: number; deflateInit: number; deflateEnd: number; version: string;
}
const ref = runReference<ZlibRef>(join(import.meta.dirname, 'reference', 'zlib_api_ref.c'), { flags: ['-lz'] });

const ZLIB_CDEF = `
  typedef unsigned char Bytef; typedef unsigned int uInt; typedef unsigned long uLong;
  typedef struct z_stream_s { Bytef *next_in; uInt avail_in; uLong total_in; Bytef *next_out; uInt avail_out; ...; } z_stream;
  #define Z_OK ...
  #define Z_FINISH ...
  #define MAX_WBITS ...
  #define Z_DEFAULT_COMPRESSION ...
  uLong crc32(uLong crc, const Bytef *buf, uInt len);
  int deflateInit(z_stream *strm, int level);   /* a macro in zlib.h */
  int deflate(z_stream *strm, int flush);
  int deflateEnd(z_stream *strm);
  const char *zlibVersion(void);
`;

describe('API mode', () => {
  const ffi = new FFI();
  ffi.cdef(ZLIB_CDEF);
  ffi.cdef(`
    int twice(int x);
    enum color { RED, GREEN, ... };
    extern int table[...];
    typedef struct { int x, y; double z; } point_t;
    point_t make_point(int x, int y);
    int sum_point(point_t p);
    extern int counter;
    int snprintf(char *buf, size_t n, const char *fmt, ...);
  `);
  ffi.setSource('_cbridge_api_test', `
    #include <zlib.h>
    #include <stdio.h>
    static inline int twice(int x) { return 2 * x; }
    enum color { BLUE = 7, RED = 10, GREEN = 20 };
    int table[13];
    int counter = 5;
    typedef struct { int x, y; double z; } point_t;
    static point_t make_point(int x, int y) { point_t p = { x, y, x / 2.0 }; return p; }
    static int sum_point(point_t p) { return p.x * 100 + p.y + (int)(p.z * 10); }
  `, { libraries: ['z'] });
  const lib = ffi.compile();

  it('fills `...` in structs, #defines, enums and arrays from the header', () => {
    expect(ffi.sizeof('z_stream')).toBe(ref.sizeof_z_stream);
    expect(ffi.alignof('z_stream')).toBe(ref.align_z_stream);
    expect(ffi.offsetof('z_stream', 'avail_out')).toBe(ref.offset_avail_out);
    expect(ffi.offsetof('z_stream', 'next_out')).toBe(ref.offset_next_out);
    expect([lib.Z_OK, lib.Z_FINISH, lib.MAX_WBITS, lib.Z_DEFAULT_COMPRESSION]).toEqual([ref.Z_OK, ref.Z_FINISH, ref.MAX_WBITS, ref.Z_DEFAULT_COMPRESSION]);
    expect(ffi.integerConst('Z_FINISH')).toBe(ref.Z_FINISH);
    expect([lib.RED, lib.GREEN, ffi.sizeof('enum color')]).toEqual([10, 20, 4]);
    expect(ffi.typeof('table').length).toBe(13);
  });

  it('calls real functions, macros used as functions and static inline functions', () => {
    expect(lib.crc32(0, Buffer.from('hello'), 5)).toBe(ref.crc_hello);
    expect(ffi.string(lib.zlibVersion())).toBe(ref.version);
    const strm = ffi.new('z_stream *');
    expect(lib.deflateInit(strm, 6)).toBe(ref.deflateInit);
    expect(lib.deflateEnd(strm)).toBe(ref.deflateEnd);
    expect(lib.twice(21)).toBe(42);
    expect(ffi.tierOf(lib.twice)).toBe('fastapi');
  });

  it('passes and returns structs by value through the compiler', () => {
    const p = lib.make_point(3, 4);
    expect([p.x, p.y, p.z]).toEqual([3, 4, 1.5]);
    expect(lib.sum_point(p)).toBe(304 + 15);
    expect(lib.sum_point({ x: 1, y: 2, z: 0.5 })).toBe(102 + 5);
  });

  it('reads and writes globals, and keeps variadic functions on koffi', () => {
    expect(lib.counter).toBe(5);
    lib.counter = 9;
    expect(lib.counter).toBe(9);
    const buf = ffi.new('char[32]');
    expect(lib.snprintf(buf, 32, '%d-%s', 7, 'x')).toBe(3);
    expect(ffi.string(buf)).toBe('7-x');
    expect(ffi.tierOf(lib.snprintf)).toBe('abi');
  });

  it('fails to compile a cdef that disagrees with the header, naming the struct and field', () => {
    const bad = new FFI();
    bad.cdef('typedef struct { int x; long y; } pt_t; int get(pt_t *p);');
    bad.setSource('_cbridge_api_mismatch', 'typedef struct { int x; int y; } pt_t; static int get(pt_t *p) { return p->y; }');
    let error: unknown;
    try {
      bad.compile();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CompileError);
    const lines = (error as Error).message.split('\n');
    expect(lines.slice(0, 3)).toEqual([
      "ffi.compile('_cbridge_api_mismatch'): the cdef disagrees with the header:",
      '  cdef: pt_t: sizeof is 16 in the cdef, not in the header',
      '  cdef: pt_t, field y: offset 8 in the cdef, not in the header',
    ]);
  });
});
