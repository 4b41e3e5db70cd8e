/**
 * pyctype.h's character classes (Py_ISDIGIT ... Py_TOUPPER): built against CPython's headers the extension imports _Py_ctype_table, _Py_ctype_tolower and _Py_ctype_toupper from the shim (pyctype.c); built against ours it checks cpyext/include/pyctype.h. Every byte, and ints the macros mask to a byte.
 * tests/cpyext/ext/charclass.c, built against our headers AND against CPython's, both loaded into
 * Node through the shim, must give exactly what CPython 3.11 recorded in
 * fixtures/ext-charclass.json.
 */

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExtension } from '../../cpyext/index.js';
import { buildExtension, type HeaderSet } from '../helpers/cpython-ext.js';
import { loadFixture } from '../helpers/cpython-ext-fixtures.js';
import { runCase } from '../helpers/cpyext-replay.js';

const fixture = loadFixture('ext-charclass');
const source = join(import.meta.dirname, 'ext', 'charclass.c');

describe.each(['cbridge', 'cpython'] as HeaderSet[])('ext/charclass.c built against the %s headers', (headers) => {
  let mod: Record<string, any> | null = null;
  const load = () => (mod ??= loadExtension(buildExtension(source, { headers }), { name: 'charclass' }));

  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(runCase(load(), c)).toEqual([]);
  });
});
