/**
 * Invalid input: each `_error_/<case>/input.h` must fail with exactly the `CDefError` message in
 * `_error_/<case>/error.txt` (position, declaration path, problem and code frame).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CDefError } from '../../cdef/errors.js';
import { FFI } from '../../ffi.js';

const errorsDir = join(import.meta.dirname, '_error_');

function errorOf(fn: () => void): CDefError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CDefError) return e;
    throw new Error(`expected a CDefError, got ${String(e)}`);
  }
  throw new Error('expected a CDefError, but the input was accepted');
}

describe('cdef errors', () => {
  for (const name of readdirSync(errorsDir).sort()) {
    it(name, async () => {
      const input = readFileSync(join(errorsDir, name, 'input.h'), 'utf8');
      const error = errorOf(() => new FFI().cdef(input, { filename: 'input.h' }));
      await expect(error.message + '\n').toMatchFileSnapshot(join(errorsDir, name, 'error.txt'));
    });
  }

  it('leaves the declarations unchanged when a cdef fails', () => {
    const ffi = new FFI();
    ffi.cdef('int kept(void);');
    errorOf(() => ffi.cdef('int added(void);\nint broken(;'));
    expect(ffi.declarations.map((d) => d.name)).toEqual(['kept']);
  });

  it('accepts an identical redeclaration and a prototype after an unprototyped one', () => {
    const ffi = new FFI();
    ffi.cdef('int f();\nstruct s { int x; };\ntypedef struct s s_t;');
    ffi.cdef('int f(int a);\nint f(int b);\nstruct s { int x; };\ntypedef struct s s_t;');
    expect(ffi.typeof('f').cname).toBe('int(int)');
  });

  it('lets override replace a declaration', () => {
    const ffi = new FFI();
    ffi.cdef('int f(int);\nstruct p { int x; };');
    ffi.cdef('long f(long);\nstruct p { long x, y; };', { override: true });
    expect(ffi.typeof('f').cname).toBe('long(long)');
    expect(ffi.sizeof('struct p')).toBe(16);
  });

  it('names the type string in errors from sizeof and typeof', () => {
    const ffi = new FFI();
    expect(errorOf(() => ffi.sizeof('struct')).message).toBe("<type>:1:7: 'struct' is not a C type name\n1 | struct\n          ^");
    expect(errorOf(() => ffi.sizeof('nosuch_t *')).message).toBe("<type>:1:1: unknown type name 'nosuch_t'\n1 | nosuch_t *\n    ^");
  });
});
