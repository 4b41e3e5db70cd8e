/**
 * What the fast path and API mode say when the compiler cannot help: no compiler at all (a
 * clear error, and ABI mode still works), and a cdef the header rejects (the compiler's
 * message, with the declaration that caused it named).
 */
import { describe, expect, it } from 'vitest';
import { FFI } from '../../ffi.js';
import { CompileError, resetCompilerCache } from '../../abi/compiler.js';

describe('compiler problems', () => {
  it('no C compiler: fast mode says so, ABI mode still works', () => {
    const saved = process.env['CXX'];
    process.env['CXX'] = '/nonexistent/c++';
    resetCompilerCache();
    try {
      const ffi = new FFI();
      ffi.cdef('int abs(int x);');
      let error: unknown;
      try {
        ffi.dlopen(null, { mode: 'fast' });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(CompileError);
      expect((error as Error).message).toBe("no C compiler: '/nonexistent/c++' could not run (ENOENT); install gcc (or set CC)");
      expect(ffi.dlopen(null).abs(-3)).toBe(3);
    } finally {
      if (saved === undefined) delete process.env['CXX'];
      else process.env['CXX'] = saved;
      resetCompilerCache();
    }
  });

  it("API mode names the cdef declaration the header rejects, with the compiler's message", () => {
    const ffi = new FFI();
    ffi.cdef('int fine(int x);\nint wrong(int x, int y);');
    ffi.setSource('_cbridge_api_rejects', 'static int fine(int x) { return x; }\nstatic int wrong(const char *s) { return s[0]; }');
    let error: unknown;
    try {
      ffi.compile();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CompileError);
    const message = (error as Error).message;
    expect(message.split('\n')[0]).toBe("ffi.compile('_cbridge_api_rejects'): the header rejects the cdef's function wrong (declared at <cdef>:2:5)");
    expect(message).toMatch(/error: too many arguments to function .wrong./); // gcc's own words (its quotes vary by locale)
  });
});
