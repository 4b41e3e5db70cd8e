/**
 * The parser fixtures, laid out for each target and compared with gcc compiling the same
 * text for that target: sizes, alignments, offsets, bitfields, enum signedness and every
 * integer constant (so `sizeof` inside enums and defines is evaluated per target).
 * `cffi-dots` is cdef-only syntax and has no gcc counterpart.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TARGET_NAMES } from '../../abi/target.js';
import { compareCdefWithGcc } from '../helpers/cdef-oracle.js';

const casesDir = join(import.meta.dirname, 'cases');
const CDEF_ONLY = new Set(['cffi-dots']);

for (const target of TARGET_NAMES) {
  describe(`cdef fixtures against gcc [${target}]`, () => {
    for (const name of readdirSync(casesDir).sort().filter((c) => !CDEF_ONLY.has(c))) {
      it(name, () => {
        const source = readFileSync(join(casesDir, name, 'input.h'), 'utf8');
        expect(compareCdefWithGcc(source, target)).toEqual([]);
      });
    }
  });
}
