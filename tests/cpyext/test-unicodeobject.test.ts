/**
 * The text families (unicodeobject.c and unicode_*.c, bytesobject.c, bytearrayobject.c)
 * through a real extension: tests/cpyext/ext/texts.c, built against our headers AND against
 * CPython's, both loaded into Node through the shim, must give exactly what CPython 3.11
 * recorded in fixtures/ext-texts.json (PyUnicode_FromFormat unit by unit, UTF-8 access of
 * non-ASCII and astral text, kinds, search/split/join/replace, codecs with error handlers,
 * bytes and bytearray construction, concatenation and resizing).
 */

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExtension } from '../../cpyext/index.js';
import { buildExtension, type HeaderSet } from '../helpers/cpython-ext.js';
import { loadFixture } from '../helpers/cpython-ext-fixtures.js';
import { runCase } from '../helpers/cpyext-replay.js';

const fixture = loadFixture('ext-texts');
const source = join(import.meta.dirname, 'ext', 'texts.c');

describe.each(['cbridge', 'cpython'] as HeaderSet[])('ext/texts.c built against the %s headers', (headers) => {
  let mod: Record<string, any> | null = null;
  const load = () => (mod ??= loadExtension(buildExtension(source, { headers }), { name: 'texts' }));

  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(runCase(load(), c)).toEqual([]);
  });
});
