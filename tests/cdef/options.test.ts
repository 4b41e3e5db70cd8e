/**
 * cffi's options: `pack: n` lays out like `#pragma pack(n)` before the text, `packed: true`
 * like `#pragma pack(1)` (checked against gcc on both targets); `override` replaces.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TARGET_NAMES } from '../../abi/target.js';
import { FFI } from '../../ffi.js';
import { compareCdefWithGcc } from '../helpers/cdef-oracle.js';

const casesDir = join(import.meta.dirname, 'cases');
const source = ['structs', 'bitfields', 'arrays'].map((c) => readFileSync(join(casesDir, c, 'input.h'), 'utf8')).join('\n');

for (const target of TARGET_NAMES) {
  describe(`cdef layout options against gcc [${target}]`, () => {
    for (const pack of [1, 2, 4]) {
      it(`pack: ${pack} lays out as #pragma pack(${pack})`, () => {
        expect(compareCdefWithGcc(source, target, { cdef: { pack }, gccPrefix: `#pragma pack(${pack})` })).toEqual([]);
      });
    }
    it('packed: true lays out as #pragma pack(1)', () => {
      expect(compareCdefWithGcc(source, target, { cdef: { packed: true }, gccPrefix: '#pragma pack(1)' })).toEqual([]);
    });
  });
}

describe('cdef options', () => {
  it('a #pragma pack in the text still applies on top of the pack option, and pop returns to it', () => {
    const ffi = new FFI();
    ffi.cdef('#pragma pack(push, 1)\nstruct a { char c; int i; };\n#pragma pack(pop)\nstruct b { char c; long l; };', { pack: 4 });
    expect([ffi.sizeof('struct a'), ffi.sizeof('struct b')]).toEqual([5, 12]);
  });

  it('rejects a pack that is not a power of two', () => {
    expect(() => new FFI().cdef('struct s { int x; };', { pack: 3 })).toThrow('<cdef>:1:1: pack must be a power of two, not 3');
  });
});
