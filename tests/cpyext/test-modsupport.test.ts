/**
 * Value building and module helpers (modsupport.c, with getargs.c's PyArg_UnpackTuple and
 * call.c's PyObject_CallFunction / CallMethod) through a real extension:
 * tests/cpyext/ext/buildvalue.c (Py_BuildValue with every unit, PyArg_UnpackTuple,
 * PyModule_Add*, calls with formats), built against our headers AND CPython's, both loaded
 * through the shim, must give exactly what CPython 3.11 recorded in
 * fixtures/ext-buildvalue.json. Then the same calls with formats made into JS functions and
 * JS objects (which cross into Python as callable proxies): they must receive the arguments
 * CPython's echo received, in JS form.
 */

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExtension, py } from '../../cpyext/index.js';
import { buildExtension, type HeaderSet } from '../helpers/cpython-ext.js';
import { loadFixture, type Encoded } from '../helpers/cpython-ext-fixtures.js';
import { matchValue, runCase } from '../helpers/cpyext-replay.js';

const fixture = loadFixture('ext-buildvalue');
const source = join(import.meta.dirname, 'ext', 'buildvalue.c');

/** The recorded result of the one-step case `name`. */
function recorded(name: string): Encoded {
  const c = fixture.cases.find((x) => x.name === name);
  if (!c || c.result === undefined) throw new Error(`fixture: no result for ${name}`);
  return c.result;
}

/** The argument tuples echo received, from a recorded list of (args, kwargs) results. */
function echoedArgs(name: string): Encoded[] {
  const r = recorded(name);
  const list = Array.isArray(r) ? r : [r];
  return list.map((pair) => (pair as { $tuple: Encoded[] }).$tuple[0]!);
}

describe.each(['cbridge', 'cpython'] as HeaderSet[])('ext/buildvalue.c built against the %s headers', (headers) => {
  let mod: Record<string, any> | null = null;
  const load = () => (mod ??= loadExtension(buildExtension(source, { headers }), { name: 'buildvalue' }));

  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(runCase(load(), c)).toEqual([]);
  });

  it('Py_BuildValue gives the Python types CPython gives (float, not int; tuple, not list)', () => {
    const m = load();
    const floats = py.call(py.getattr(m, 'floats'));
    expect(py.repr(floats)).toBe('(0.1, 0.10000000149011612, 2.0)');
    expect(py.repr(py.call(py.getattr(m, 'containers')))).toBe("{'a': 1, 'b': [2, (3, 't'), []], 'e': (), 'd': {}, 7: {'n': 8}}");
    expect(py.repr(py.call(py.getattr(m, 'chars')))).toBe("('A', '€', b'z')");
    expect(py.repr(py.call(py.getattr(m, 'strings')))).toBe("('hé', 'a\\x00b', 'z', None, 'z', '€', 'ab')");
  });

  it('PyObject_CallFunction calls a JS function with the arguments the format builds', () => {
    const m = load();
    const seen: unknown[][] = [];
    const f = (...args: unknown[]) => {
      seen.push(args);
      return seen.length;
    };
    expect(m.call_function(f)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    const expected = echoedArgs('call_function()');
    expect(seen.length).toBe(expected.length);
    seen.forEach((args, i) => expect(matchValue(args, expected[i]!, `call ${i}`)).toBeNull());

    seen.length = 0;
    m.call_function_s(f);
    m.call_function_objargs(f);
    expect(matchValue(seen[0], echoedArgs('call_function_s()')[0]!)).toBeNull();
    expect(matchValue(seen[1], echoedArgs('call_function_objargs()')[0]!)).toBeNull();

    seen.length = 0;
    expect(() => m.call_function_error(f)).toThrow('bad format char passed to Py_BuildValue');
    expect(seen).toEqual([]);
  });

  it('an exception thrown by the JS function comes back through the C caller unchanged', () => {
    const m = load();
    const err = new RangeError('from JS');
    expect(() =>
      m.call_function(() => {
        throw err;
      }),
    ).toThrow(err);
  });

  it('PyObject_CallMethod calls a method of a JS object', () => {
    const m = load();
    const seen: unknown[][] = [];
    // A class instance crosses as a proxy (a plain object would be converted to a dict).
    const obj = new (class {
      echo(...args: unknown[]) {
        seen.push(args);
        return this === obj;
      }
    })();
    expect(m.call_method(obj, 'echo')).toEqual([true, true, true, true]);
    const expected = echoedArgs('call_method()');
    seen.forEach((args, i) => expect(matchValue(args, expected[i]!, `call ${i}`)).toBeNull());
    expect(m.call_method_one(new (class { twice = (x: number) => 2 * x })(), 'twice', 21)).toBe(42);
    expect(() => m.call_method(new (class {})(), 'nope')).toThrow(/nope/);
  });
});
