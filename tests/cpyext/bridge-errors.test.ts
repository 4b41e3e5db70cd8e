/**
 * Errors across the boundary (cpyext/native/bridge.c, bridge_jsobject.c): a Python exception
 * reaches JS as a PythonError whose type, message and exception handle are what CPython
 * reports (recorded in fixtures/ext-bridgeext.json); a JS error thrown inside a JS callable
 * that an extension calls is a Python exception inside Python and the very same JS value
 * again when it comes back out.
 */

import { describe, expect, it } from 'vitest';
import { py, PythonError } from '../../cpyext/index.js';
import { bridgeext, HEADER_SETS, recordedError, recordedResult } from '../helpers/bridgeext.js';

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}

function pythonError(f: () => unknown): PythonError {
  const e = thrown(f);
  expect(e).toBeInstanceOf(PythonError);
  return e as PythonError;
}

describe.each(HEADER_SETS)('errors (%s headers)', (headers) => {
  const ext = () => bridgeext(headers);

  describe('a Python exception is a PythonError with CPython\'s type and str()', () => {
    const cases: [label: string, call: () => unknown][] = [
      ['raise ValueError', () => ext().raise_value('bad value')],
      ['raise MyError 2 args', () => ext().raise_my(1, 'x')],
      ['raise MyError 1 arg', () => ext().raise_my('only')],
      ['raise MyError no args', () => ext().raise_my()],
      ['raise KeyError', () => ext().raise_key('k')],
      ['getitem list out of range', () => ext().getitem([10, 20, 30], 3)],
      ['getitem dict missing', () => ext().getitem({ a: 1 }, 'zz')],
      ['len int', () => ext().length(5)],
      ['getattr missing', () => ext().getattr(5, 'nope')],
      ['import missing', () => ext().import_attr('no_such_module_x', 'y')],
      ['import missing attribute', () => ext().import_attr('bridgeext', 'no_such_attr')],
    ];
    it.each(cases)('%s', (label, call) => {
      const want = recordedError(label);
      const e = pythonError(call);
      expect({ type: e.type, message: e.message }).toEqual(want);
      expect(e.name).toBe('PythonError');
      expect(String(e)).toBe(`${want.type}: ${want.message}`);
    });
  });

  it('.exception is the exception object: its args, type and module', () => {
    const e = pythonError(() => ext().raise_my(1, 'x'));
    expect(py.toJS(py.getattr(e.exception, 'args'))).toEqual([1, 'x']);
    expect(py.isinstance(e.exception, ext().MyError)).toBe(true);
    expect(py.isinstance(e.exception, py.builtins['Exception'])).toBe(true);
    expect(py.toJS(py.getattr(ext().MyError, '__module__'))).toBe(recordedResult('MyError module'));
    expect(py.toJS(py.getattr(ext().MyError, '__name__'))).toBe(recordedResult('MyError name'));
    const k = pythonError(() => ext().raise_key('k'));
    expect(py.isinstance(k.exception, py.builtins['LookupError'])).toBe(true);
    expect(py.toJS(py.getattr(k.exception, 'args'))).toEqual(['k']);
  });

  it('an exception raised by a Python callable an extension calls is caught in C like CPython', () => {
    expect(ext().call_catch('not callable')).toEqual(recordedResult('catch TypeError'));
  });

  describe('a JS error thrown in a JS callable the extension calls', () => {
    it('is a Python Exception in C (PyErr_ExceptionMatches(PyExc_Exception))', () => {
      const seen: unknown[] = [];
      const result = ext().call_catch((x: unknown) => {
        seen.push(x);
        throw new RangeError('from JS');
      });
      expect(seen).toEqual([42]);
      expect(result[0]).toBe('caught');
      expect(result[2]).toBe('RangeError: from JS');
    });

    it('propagated by the extension, comes back out as the very same JS value', () => {
      const err = new TypeError('original');
      const out = thrown(() => ext().call(() => { throw err; }));
      expect(out).toBe(err);
      // PyObject_CallObject with arguments, nested through two extension calls
      const err2 = new Error('nested');
      const inner = (a: number, b: string) => {
        expect([a, b]).toEqual([1, 'two']);
        throw err2;
      };
      expect(thrown(() => ext().call(ext().call, inner, 1, 'two'))).toBe(err2);
    });

    it('non-Error values thrown keep their identity too', () => {
      const obj = { code: 7 };
      expect(thrown(() => ext().call(() => { throw obj; }))).toBe(obj);
      expect(thrown(() => ext().call(() => { throw 'a string'; }))).toBe('a string');
    });

    it('a JS callable that returns normally gives its value to C', () => {
      expect(ext().call_catch((x: number) => x * 2)).toEqual(['ok', 84]);
      expect(ext().call((a: number, b: number) => [a, b], 1, 2)).toEqual([1, 2]);
    });

    it('the error state is clean afterwards: later calls work and leak nothing', () => {
      const before = py.liveObjects();
      for (let i = 0; i < 20; i++) {
        thrown(() => ext().call(() => { throw new Error('x'); }));
        ext().call_catch(() => { throw new Error('y'); });
      }
      expect(ext().ident(5)).toBe(5);
      expect(py.liveObjects()).toBeLessThanOrEqual(before + 2);
    });
  });
});
