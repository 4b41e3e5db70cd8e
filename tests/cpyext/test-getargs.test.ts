/**
 * Argument parsing (getargs.c, getargs_convert.c, getargs_parser.c) through real extensions:
 * tests/cpyext/ext/getargs_units.c (one function per PyArg_Parse* format unit or group,
 * PY_SSIZE_T_CLEAN, so the _SizeT entry points) and tests/cpyext/ext/getargs_old.c (built
 * without PY_SSIZE_T_CLEAN: the plain PyArg_ParseTuple / PyArg_ParseTupleAndKeywords /
 * Py_BuildValue symbols, where '#' raises SystemError). Each is built against our headers
 * AND CPython's, both loaded through the shim, and must give exactly what CPython 3.11
 * recorded in fixtures/ext-getargs_units.json and ext-getargs_old.json. Plus keyword
 * arguments given from JS with kwargs({...}) and Python floats made with py.float.
 */

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readDynamicSymbols } from '../../cpyext/elf.js';
import { PythonError, kwargs, loadExtension, py } from '../../cpyext/index.js';
import { buildExtension, type HeaderSet } from '../helpers/cpython-ext.js';
import { loadFixture } from '../helpers/cpython-ext-fixtures.js';
import { runCase } from '../helpers/cpyext-replay.js';

const HEADERS = ['cbridge', 'cpython'] as HeaderSet[];
const source = (name: string) => join(import.meta.dirname, 'ext', `${name}.c`);

function loader(name: string, headers: HeaderSet) {
  let mod: Record<string, any> | null = null;
  return () => (mod ??= loadExtension(buildExtension(source(name), { headers }), { name }));
}

for (const name of ['getargs_units', 'getargs_old']) {
  const fixture = loadFixture(`ext-${name}`);
  describe.each(HEADERS)(`ext/${name}.c built against the %s headers`, (headers) => {
    const load = loader(name, headers);
    it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      expect(runCase(load(), c)).toEqual([]);
    });
  });
}

describe.each(HEADERS)('which entry points the builds call (%s headers)', (headers) => {
  it('PY_SSIZE_T_CLEAN binds to the _SizeT names', () => {
    const { undefined: imported } = readDynamicSymbols(buildExtension(source('getargs_units'), { headers }));
    expect(imported).toEqual(expect.arrayContaining(['_PyArg_ParseTuple_SizeT', '_PyArg_ParseTupleAndKeywords_SizeT', '_PyArg_Parse_SizeT', '_Py_BuildValue_SizeT', '_PyArg_ParseStackAndKeywords_SizeT']));
    expect(imported).not.toContain('PyArg_ParseTuple');
    expect(imported).not.toContain('Py_BuildValue');
  });

  it('without PY_SSIZE_T_CLEAN, the plain names', () => {
    const { undefined: imported } = readDynamicSymbols(buildExtension(source('getargs_old'), { headers }));
    expect(imported).toEqual(expect.arrayContaining(['PyArg_ParseTuple', 'PyArg_ParseTupleAndKeywords', 'PyArg_Parse', 'Py_BuildValue']));
    expect(imported.filter((s) => s.endsWith('_SizeT'))).toEqual([]);
  });
});

describe.each(HEADERS)('keywords and values from JS (%s headers)', (headers) => {
  const load = loader('getargs_units', headers);

  it('kwargs({...}) reaches PyArg_ParseTupleAndKeywords', () => {
    const m = load();
    expect(m.kw(1, kwargs({ d: 9, e: 'E' }))).toEqual([1, 2.5, Buffer.from('c'), 9, 'E']);
    expect(m.kw(kwargs({ a: 3, c: 'cc', b: 0.5 }))).toEqual([3, 0.5, Buffer.from('cc'), 4, null]);
    expect(m.kwbuf(kwargs({ data: Buffer.from('xy'), n: 2 }))).toEqual([Buffer.from('xy'), 2]);
    expect(() => m.kw(1, kwargs({ f: 1 }))).toThrow(PythonError);
    expect(() => m.kw(1, kwargs({ f: 1 }))).toThrow("'f' is an invalid keyword argument for kw()");
    expect(() => m.kw(1, kwargs({ a: 1 }))).toThrow(/given by name \('a'\) and position \(1\)/);
  });

  it('kwargs({...}) reaches METH_FASTCALL | METH_KEYWORDS functions', () => {
    const m = load();
    expect(m.fast('x', kwargs({ c: [1], b: 7 }))).toEqual([Buffer.from('x'), 7, [1]]);
    expect(m.fast(kwargs({ a: 'kw' }))).toEqual([Buffer.from('kw'), 1, null]);
    expect(m.unpack_kw(1, kwargs({ c: 'C' }))).toEqual([1, null, 'C']);
    expect(() => m.fast('x', kwargs({ z: 1 }))).toThrow("'z' is an invalid keyword argument for fast()");
    expect(() => m.unpack_kw(kwargs({ b: 2 }))).toThrow("unpack_kw() missing required argument 'a' (pos 1)");
  });

  it('an empty kwargs({}) is no keywords', () => {
    const m = load();
    expect(m.i(5, kwargs({}))).toBe(5);
    expect(m.fast('x', kwargs({}))).toEqual([Buffer.from('x'), 1, null]);
  });

  it('JS numbers: integral ones are ints, py.float makes a float', () => {
    const m = load();
    expect(m.i(2)).toBe(2);
    expect(() => m.i(2.5)).toThrow("'float' object cannot be interpreted as an integer");
    expect(() => m.i(py.float(2))).toThrow("'float' object cannot be interpreted as an integer");
    expect(m.d(2)).toBe(2);
    expect(py.repr(py.call(m.O, py.float(2)))).toBe('2.0');
    expect(m.L(2n ** 63n - 1n)).toBe(2n ** 63n - 1n);
    expect(m.K(-1n)).toBe(2n ** 64n - 1n);
  });

  it("'w*' writes into a JS ArrayBuffer (a writable buffer); a Buffer is bytes, read-only", () => {
    const m = load();
    const ab = new ArrayBuffer(3);
    new Uint8Array(ab).set([1, 2, 3]);
    expect(m.w_star(ab)).toEqual([Buffer.from([0x57, 2, 3]), 3, 0]);
    expect([...new Uint8Array(ab)]).toEqual([0x57, 2, 3]);
    expect(() => m.w_star(Buffer.from('abc'))).toThrow('argument 1 must be read-write bytes-like object, not bytes');
    const ba = py.bytearray(Buffer.from('rw'));
    expect(m.w_star(py.call(py.builtins['memoryview'], ba))).toEqual([Buffer.from('Ww'), 2, 0]);
    expect(py.repr(ba)).toBe("bytearray(b'Ww')");
  });
});
