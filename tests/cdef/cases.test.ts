/**
 * Parser fixtures: each `cases/<case>/input.h` is parsed by `ffi.cdef` and its declaration
 * model compared with the reviewed snapshot `cases/<case>/model.txt` (kinds, C spellings,
 * attributes, positions). Layout numbers for the same inputs are checked against gcc in
 * `cases-gcc.test.ts`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FFI } from '../../ffi.js';
import { describeDecls } from '../helpers/describe-model.js';

const casesDir = join(import.meta.dirname, 'cases');

describe('cdef model fixtures', () => {
  for (const name of readdirSync(casesDir).sort()) {
    it(name, async () => {
      const input = readFileSync(join(casesDir, name, 'input.h'), 'utf8');
      const ffi = new FFI();
      ffi.cdef(input, { filename: 'input.h' });
      await expect(describeDecls(ffi.declarations)).toMatchFileSnapshot(join(casesDir, name, 'model.txt'));
    });
  }
});
