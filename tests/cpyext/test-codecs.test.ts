/**
 * The codecs by name (unicode_codecs.c, unicode_charmap.c, unicode_escape.c and the generated
 * autogen_codecs.c): tests/cpyext/ext/textcodecs.c, built against our headers AND against
 * CPython's, both loaded into Node through the shim, must give exactly what CPython 3.11
 * recorded in fixtures/ext-textcodecs.json -- every single-byte charmap table CPython ships
 * (all 256 bytes decoded, then encoded back), encoding names and aliases, every error handler
 * on decode and encode, unicode_escape / raw_unicode_escape both ways, str.encode and
 * bytes.decode. And autogen_codecs.c is what codecs_gen.py writes from this python3 today.
 */

import { spawnSync } from 'node:child_process';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExtension } from '../../cpyext/index.js';
import { buildExtension, type HeaderSet } from '../helpers/cpython-ext.js';
import { loadFixture } from '../helpers/cpython-ext-fixtures.js';
import { runCase } from '../helpers/cpyext-replay.js';

const fixture = loadFixture('ext-textcodecs');
const source = join(import.meta.dirname, 'ext', 'textcodecs.c');
const ROOT = resolve(import.meta.dirname, '..', '..');

describe('cpyext/native/autogen_codecs.c', () => {
  it('is what codecs_gen.py generates from /usr/bin/python3 encodings package', () => {
    const r = spawnSync('/usr/bin/python3', ['cpyext/native/codecs_gen.py', '--check'], { cwd: ROOT, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});

describe.each(['cbridge', 'cpython'] as HeaderSet[])('ext/textcodecs.c built against the %s headers', (headers) => {
  let mod: Record<string, any> | null = null;
  const load = () => (mod ??= loadExtension(buildExtension(source, { headers }), { name: 'textcodecs' }));

  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(runCase(load(), c)).toEqual([]);
  });
});
