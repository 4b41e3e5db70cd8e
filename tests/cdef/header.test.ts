/**
 * cdefHeader: the system preprocessor, line markers, scope and options. Layout and constant
 * values of real headers are compared with gcc in headers.test.ts; this file checks what is
 * exposed and where it says it came from, against the header files themselves.
 */
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CDefError } from '../../cdef/errors.js';
import { FFI } from '../../ffi.js';

/** 1-based line of the first line of `file` matching `pattern`: ground truth for positions. */
function lineOf(file: string, pattern: RegExp): number {
  const index = readFileSync(file, 'utf8').split('\n').findIndex((l) => pattern.test(l));
  if (index < 0) throw new Error(`${pattern} not found in ${file}`);
  return index + 1;
}

describe('cdefHeader', () => {
  it('knows which file and line each declaration came from', () => {
    const ffi = new FFI();
    ffi.cdefHeader('zlib.h');
    const deflate = ffi.declaration('function', 'deflate')!;
    expect(deflate.loc.file).toBe('/usr/include/zlib.h');
    expect(deflate.loc.line).toBe(lineOf('/usr/include/zlib.h', /ZEXPORT deflate OF/));
    const uInt = ffi.declaration('typedef', 'uInt')!;
    expect(uInt.loc.file).toBe('/usr/include/zconf.h');
    expect(uInt.loc.line).toBe(lineOf('/usr/include/zconf.h', /typedef unsigned int\s+uInt;/));
    const zOk = ffi.declaration('constant', 'Z_OK')!;
    expect(zOk.loc.line).toBe(lineOf('/usr/include/zlib.h', /#define Z_OK/));
  });

  it("exposes the header's own declarations and the types they use, or everything with scope 'all'", () => {
    const own = new FFI();
    own.cdefHeader('zlib.h');
    expect(own.declaration('typedef', 'uInt')).toBeDefined(); // used by z_stream, declared in zconf.h
    expect(own.declaration('constant', 'MAX_WBITS')).toBeUndefined(); // a zconf.h define nobody references
    expect(own.declaration('function', 'printf')).toBeUndefined();
    expect(() => own.integerConst('MAX_WBITS')).toThrow("integerConst('MAX_WBITS'): no enum constant or integer #define named 'MAX_WBITS'");

    const all = new FFI();
    all.cdefHeader('zlib.h', { scope: 'all' });
    expect(all.integerConst('MAX_WBITS')).toBe(15);
    expect(all.declaration('constant', '__x86_64__')).toBeUndefined(); // predefined macros are not declarations
  });

  it('records glibc __asm__ symbol renames on the function', () => {
    const ffi = new FFI();
    ffi.cdefHeader('stdio.h');
    expect(ffi.declaration('function', 'fscanf')!.asmName).toBe('__isoc99_fscanf');
    expect(ffi.declaration('function', 'printf')!.asmName).toBeNull();
    expect(ffi.typeof('fscanf').cname).toBe('int(FILE *restrict, const char *restrict, ...)');
  });

  it('passes defines, include directories and flags to the preprocessor', () => {
    const plain = new FFI();
    plain.cdefHeader('stdio.h');
    expect(plain.declaration('function', 'fopencookie')).toBeUndefined();
    const gnu = new FFI();
    gnu.cdefHeader('stdio.h', { defines: { _GNU_SOURCE: true } });
    expect(gnu.declaration('function', 'fopencookie')!.loc.line).toBe(lineOf('/usr/include/stdio.h', /fopencookie \(/));

    const dir = mkdtempSync(join(tmpdir(), 'cbridge-header-'));
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'dep.h'), 'typedef struct { VALUE_T v; } dep_t;\n');
    writeFileSync(join(dir, 'api.h'), '#include "dep.h"\n#define API_LEVEL (LEVEL * 2)\nint api(dep_t *d);\n');
    const ffi = new FFI();
    ffi.cdefHeader(join(dir, 'api.h'), { includeDirs: [join(dir, 'sub')], defines: { VALUE_T: 'long', LEVEL: 21 }, cflags: ['-std=gnu11'] });
    expect(ffi.sizeof('dep_t')).toBe(8);
    expect(ffi.integerConst('API_LEVEL')).toBe(42);
    expect(ffi.declaration('function', 'api')!.loc).toMatchObject({ file: join(dir, 'api.h'), line: 3 });
  });

  it("reports the preprocessor's own message when it fails", () => {
    let error: unknown;
    try {
      new FFI().cdefHeader('no/such/header.h');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CDefError);
    expect((error as CDefError).message).toMatch(/^no\/such\/header\.h:1:1: the C preprocessor failed:\n.*fatal error: no\/such\/header\.h: No such file or directory/);
  });

  it('can declare the same header twice, and two headers sharing system types', () => {
    const ffi = new FFI();
    ffi.cdefHeader('zlib.h');
    ffi.cdefHeader('zlib.h');
    ffi.cdefHeader('stdio.h');
    ffi.cdefHeader('stdlib.h');
    expect(ffi.sizeof('z_stream')).toBe(ffi.sizeof('struct z_stream_s'));
    expect(ffi.declaration('function', 'malloc')).toBeDefined();
  });
});
