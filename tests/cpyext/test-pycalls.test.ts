/**
 * Python-level behaviour of builtins reached from C (pycalls.c imports modules and calls their attributes): sys.set_int_max_str_digits / get_int_max_str_digits and the digit limit in both directions (int -> str, str -> int), float.hex / float.fromhex, bytes and bytearray % args, str.format / format() / PyObject_Format, str.translate / str.maketrans, and range beyond Py_ssize_t.
 * tests/cpyext/ext/pycalls.c, built against our headers AND against CPython's, both loaded into
 * Node through the shim, must give exactly what CPython 3.11 recorded in
 * fixtures/ext-pycalls.json.
 */

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExtension } from '../../cpyext/index.js';
import { buildExtension, type HeaderSet } from '../helpers/cpython-ext.js';
import { loadFixture } from '../helpers/cpython-ext-fixtures.js';
import { runCase } from '../helpers/cpyext-replay.js';

const fixture = loadFixture('ext-pycalls');
const source = join(import.meta.dirname, 'ext', 'pycalls.c');

describe.each(['cbridge', 'cpython'] as HeaderSet[])('ext/pycalls.c built against the %s headers', (headers) => {
  let mod: Record<string, any> | null = null;
  const load = () => (mod ??= loadExtension(buildExtension(source, { headers }), { name: 'pycalls' }));

  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(runCase(load(), c)).toEqual([]);
  });
});
