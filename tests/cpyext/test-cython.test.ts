/**
 * Cython-generated extension modules (codeobject.c, frameobject.c, traceback.c, genobject.c,
 * typeobject_pyslots.c, typeobject_reduce.c and everything Cython's C leans on):
 * tests/cpyext/ext/cy_basics.pyx is compiled to C by Debian's Cython 0.29 (cached by content
 * hash), built against our headers AND CPython's, loaded into Node through the shim, and
 * every case of fixtures/ext-cy_basics.json (recorded by gen_fixture.py from the CPython
 * build under python3 3.11) must give exactly what CPython gave: def functions with every
 * parameter kind, cdef classes with special methods and properties, Python classes and an
 * exception subclass made by type(name, bases, dict), exceptions raised through Cython frames
 * (each adding a traceback entry), closures, Cython's generators, memoryviews.
 */

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PythonError, loadExtension, py } from '../../cpyext/index.js';
import { CYTHON_FLAGS, buildExtension, cythonize, type HeaderSet } from '../helpers/cpython-ext.js';
import { loadFixture } from '../helpers/cpython-ext-fixtures.js';
import { runCase } from '../helpers/cpyext-replay.js';

const EXT_DIR = join(import.meta.dirname, 'ext');
/* The lines python3's traceback shows for cy_basics.raise_nested(-1), read from the .pyx so an
 * edit of the file moves them too: the `return _level2(x)`, `return _level3(x) + 1` and
 * `raise KeyError(x)` lines. */
const TRACEBACK_LINES = ['    return _level2(x)', '    return _level3(x) + 1', '        raise KeyError(x)'].map(
  (text) => readFileSync(join(EXT_DIR, 'cy_basics.pyx'), 'utf8').split('\n').indexOf(text) + 1,
);
const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('ext/cy_basics.pyx', () => {
  const name = 'cy_basics';
  const pyx = join(EXT_DIR, `${name}.pyx`);
  const fixture = loadFixture(`ext-${name}`);

  it('has a fixture recorded from the current source and cases', () => {
    const regenerate = `regenerate with \`/usr/bin/python3 tests/cpyext/fixtures/gen_fixture.py ${name}\``;
    expect(fixture['source_sha256'], `ext-${name}.json is stale: ${regenerate}`).toBe(sha256(pyx));
    expect(fixture['cases_sha256'], `ext-${name}.json is stale: ${regenerate}`).toBe(sha256(join(EXT_DIR, `${name}_cases.py`)));
  });

  describe.each(['cbridge', 'cpython'] as HeaderSet[])('built against the %s headers', (headers) => {
    let mod: Record<string, any> | null = null;
    const load = () => (mod ??= loadExtension(buildExtension(cythonize(pyx), { headers, name, flags: [...CYTHON_FLAGS] }), { name }));

    it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      expect(runCase(load(), c)).toEqual([]);
    });

    it('an exception leaving Cython code carries one traceback entry per Cython frame, innermost last', () => {
      const m = load();
      let err: unknown;
      try {
        m['raise_nested'](-1);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(PythonError);
      const exc = (err as PythonError).exception;
      const names: string[] = [];
      const lines: number[] = [];
      for (let tb = py.getattr(exc, '__traceback__'); py.toJS(tb) !== null; tb = py.getattr(tb, 'tb_next')) {
        const frame = py.getattr(tb, 'tb_frame');
        names.push(py.toJS(py.getattr(py.getattr(frame, 'f_code'), 'co_name')) as string);
        lines.push(py.toJS(py.getattr(tb, 'tb_lineno')) as number);
        expect(py.toJS(py.getattr(py.getattr(frame, 'f_code'), 'co_filename'))).toBe('cy_basics.pyx');
      }
      // What python3 prints for the same call: raise_nested (line 175) -> _level2 (178) -> _level3 (182).
      expect(names).toEqual(['cy_basics.raise_nested', 'cy_basics._level2', 'cy_basics._level3']);
      expect(lines).toEqual(TRACEBACK_LINES);
    });
  });
});
