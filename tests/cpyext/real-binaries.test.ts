/**
 * Debian's real CPython 3.11 extension binaries (python3-xxhash, -zstd, -lz4, -brotli,
 * -crcmod, the plain-C ones of gen_real_c.py: crc32c, ujson, bitarray, ..., and the Cython-generated
 * yarl._quoting_c of gen_real_cython.py), loaded into Node through the shim, give exactly what CPython gave: every case of
 * tests/cpyext/fixtures/real-<module>.json (recorded by gen_real.py under python3 3.11) is
 * replayed with tests/helpers/cpyext-replay.ts and must match, results and errors alike.
 * Plus the two ways a Buffer crosses into an extension: copied (small) and zero-copy
 * (>= 64 KiB, a read-only buffer object), checked against CPython's recorded digests.
 */

import { describe, expect, it } from 'vitest';
import { py } from '../../cpyext/index.js';
import { REAL_EXTENSIONS } from '../helpers/debian.js';
import { loadRealExtension } from '../helpers/real-stand-ins.js';
import { loadFixture, patternBytes } from '../helpers/cpython-ext-fixtures.js';
import { matchValue, pyTypeName, runCase } from '../helpers/cpyext-replay.js';

const load = loadRealExtension;

/**
 * Cases whose result depends on memory the extension reads before writing it: lz4.frame's
 * compress_chunk reads the context's preferences before compress_begin has set them. The debug
 * build fills fresh memory with 0xCD, as CPython's PYTHONMALLOC=debug does, and gets the
 * MemoryError CPython then gives (`PYTHONMALLOC=debug python3 -c "..."` shows it); the release
 * build, like CPython's, happens to read zeros.
 */
const READS_UNINITIALISED: Record<string, readonly string[]> = {
  'lz4.frame._frame': ['compress_chunk on a context never begun', 'incremental compression without auto flush, with checksums, reusing the context'],
};

describe.each(REAL_EXTENSIONS.map((e) => [e.module, e] as const))('%s', (module) => {
  const fixture = loadFixture(`real-${module}`);

  it('loads under its dotted name', () => {
    const m = load(module);
    expect(py.toJS(py.getattr(m, '__name__'))).toBe(module);
  });

  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (name, c) => {
    const mismatches = runCase(load(module), c);
    if (py.debug.mode === 'debug' && READS_UNINITIALISED[module]?.includes(name)) {
      expect(mismatches.length).toBeGreaterThan(0);
      for (const m of mismatches) expect(m).toMatch(/got MemoryError/);
    } else {
      expect(mismatches).toEqual([]);
    }
  });
});

describe('a Buffer crossing into xxhash (CPython\'s values: the "... of 1 MiB" / "... of 100 bytes" cases)', () => {
  const fixture = loadFixture('real-xxhash._xxhash');
  const recorded = (name: string) => {
    const c = fixture.cases.find((x) => x.name === name);
    if (!c) throw new Error(`real-xxhash._xxhash.json has no case '${name}' (regenerate with gen_real.py)`);
    return c;
  };

  it.each([
    ['1 MiB', 1 << 20, 5, 'cbridge.JSBuffer'],
    ['100 bytes', 100, 6, 'bytes'],
  ] as const)('of %s: crosses as %s, hashes as in CPython', (label, len, seed, crossesAs) => {
    const xx = load('xxhash._xxhash');
    const data = patternBytes(len, seed);
    const handle = py.handle(data);
    expect(pyTypeName(handle)).toBe(crossesAs);
    if (crossesAs === 'cbridge.JSBuffer') {
      // zero-copy: a read-only view of the very same memory
      const view = py.call(py.builtins['memoryview']!, data);
      expect(py.toJS(py.getattr(view, 'readonly'))).toBe(true);
      expect(py.toJS(py.getattr(view, 'nbytes'))).toBe(len);
      py.release(view);
    }
    py.release(handle);
    for (const fn of ['xxh64_intdigest', 'xxh64_hexdigest']) {
      const c = recorded(`${fn} of ${label}`);
      expect(matchValue(xx[fn](data), c.result!)).toBeNull();
    }
    expect(runCase(xx, recorded(`xxh64_intdigest of ${label}`))).toEqual([]);
    // the streaming object sees the same bytes
    const h = xx.xxh64(data);
    expect(matchValue(h.intdigest(), recorded(`xxh64_intdigest of ${label}`).result!)).toBeNull();
  });
});
