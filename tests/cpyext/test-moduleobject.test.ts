/**
 * Extension modules as objects (moduleobject.c, import.c, pystate.c's PyState_*) through real
 * extensions: tests/cpyext/ext/modules_multiphase.c (multi-phase init: PyModuleDef_Init, two
 * Py_mod_exec slots, m_size state, PyModule_Add* constants, PyModule_Create of an m_size -1
 * definition, PyModule_New) and tests/cpyext/ext/modules_single.c (single-phase, m_size > 0,
 * PyState_FindModule). Each is built against our headers AND against CPython's, both loaded
 * into Node through the shim, and must give exactly what CPython 3.11 recorded in
 * fixtures/ext-<name>.json.
 */

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExtension, py } from '../../cpyext/index.js';
import { buildExtension, type HeaderSet } from '../helpers/cpython-ext.js';
import { loadFixture } from '../helpers/cpython-ext-fixtures.js';
import { runCase } from '../helpers/cpyext-replay.js';

const HEADERS: HeaderSet[] = ['cbridge', 'cpython'];

for (const name of ['modules_multiphase', 'modules_single']) {
  const fixture = loadFixture(`ext-${name}`);
  const source = join(import.meta.dirname, 'ext', `${name}.c`);
  describe.each(HEADERS)(`ext/${name}.c built against the %s headers`, (headers) => {
    let mod: Record<string, any> | null = null;
    const load = () => (mod ??= loadExtension(buildExtension(source, { headers }), { name }));
    it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      expect(runCase(load(), c)).toEqual([]);
    });
    it('the module object is a Python module with its constants as JS properties', () => {
      const m = load();
      expect(py.toJS(py.getattr(py.type(m), '__name__'))).toBe('module');
      expect(py.toJS(py.getattr(m, '__name__'))).toBe(name);
      if (name === 'modules_multiphase') {
        expect(m['ANSWER']).toBe(42);
        expect(m['GREETING']).toBe('h\u00e9llo');
        expect(m['PAIR']).toEqual([1, 'one']);
        expect(typeof m['bump']).toBe('function');
        expect(new m['Tag']()).toBeInstanceOf(m['Tag']);
      } else {
        expect(m['STATE_SIZE']).toBe(16);
        expect(m['found_is_self']()).toBe(true);
      }
    });
  });
}
