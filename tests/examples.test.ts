/**
 * Every runnable example under examples/ runs to completion against the built package.
 */
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const examplesDir = join(import.meta.dirname, '..', 'examples');

describe('examples', () => {
  for (const file of readdirSync(examplesDir).filter((f) => f.endsWith('.mjs'))) {
    it(file, () => {
      const out = execFileSync(process.execPath, [join(examplesDir, file)], { encoding: 'utf8' });
      expect(out.length).toBeGreaterThan(0);
    });
  }

  it('declarations.mjs prints the values the README shows', () => {
    const out = execFileSync(process.execPath, [join(examplesDir, 'declarations.mjs')], { encoding: 'utf8' });
    expect(out).toContain('sizeof(point_t) 8');
    expect(out).toContain("qsort_r_like int(void *, size_t, int (*)(const void *, const void *))");
    expect(out).toContain('sizeof(z_stream) 112');
    expect(out).toContain('Z_BUF_ERROR -5');
    expect(out).toContain("<cdef>:1:14: function f, arg 2: unknown type name 'foo_t'");
  });

  it('calling-c.mjs prints what the README shows (crc32 checked against CPython)', () => {
    const out = execFileSync(process.execPath, [join(examplesDir, 'calling-c.mjs')], { encoding: 'utf8' });
    const crc = execFileSync('python3', ['-c', 'import zlib; print(zlib.crc32(b"hello"))'], { encoding: 'utf8' }).trim();
    expect(out).toContain(`crc32("hello") ${crc}`);
    expect(out).toContain('sorted [ 1, 3, 5, 9 ]');
    expect(out).toContain('snprintf 42 hi 2.5 7');
  });

  it("fast-and-api.mjs: the fast path and API mode give the header's values", () => {
    const out = execFileSync(process.execPath, [join(examplesDir, 'fast-and-api.mjs')], { encoding: 'utf8' });
    const crc = execFileSync('python3', ['-c', 'import zlib; print(zlib.crc32(b"hello"))'], { encoding: 'utf8' }).trim();
    expect(out).toContain(`crc32("hello") ${crc} tier fastapi`);
    expect(out).toContain('Z_FINISH 4 sizeof(z_stream) 112');
    expect(out).toContain('deflateInit (a macro) 0 deflateEnd 0');
  });
});
