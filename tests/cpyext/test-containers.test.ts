/**
 * The container families (tupleobject.c, listobject.c, dictobject.c, setobject.c,
 * sliceobject.c) and the glue objects (pycapsule.c, memoryobject.c) through a real
 * extension: tests/cpyext/ext/containers.c, built against our headers AND against CPython's,
 * both loaded into Node through the shim, must give exactly what CPython 3.11 recorded in
 * fixtures/ext-containers.json (reference semantics of the stealing setters, PyDict_Next
 * order, missing and unhashable keys, PySlice_GetIndicesEx, a capsule imported from the
 * module by name, memoryviews over the extension's own buffer).
 * Plus containers crossing between JS and Python both ways, against python3's answers.
 */

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExtension, py } from '../../cpyext/index.js';
import { buildExtension, pythonExpected, type HeaderSet } from '../helpers/cpython-ext.js';
import { loadFixture } from '../helpers/cpython-ext-fixtures.js';
import { runCase } from '../helpers/cpyext-replay.js';

const fixture = loadFixture('ext-containers');
const source = join(import.meta.dirname, 'ext', 'containers.c');

describe.each(['cbridge', 'cpython'] as HeaderSet[])('ext/containers.c built against the %s headers', (headers) => {
  let mod: Record<string, any> | null = null;
  // Loading registers the module as `containers`, which PyCapsule_Import("containers._API") finds.
  const load = () => (mod ??= loadExtension(buildExtension(source, { headers }), { name: 'containers' }));

  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(runCase(load(), c)).toEqual([]);
  });
});

describe('containers crossing between JS and Python, as python3 sees them', () => {
  const expected = pythonExpected<Record<string, unknown>>(`
import json
d = {1: "one", "two": 2, (3, 4): [5, (6,)], None: {"in": [1.5]}}
print(json.dumps({
  "repr_dict": repr(d), "len": len(d), "keys_repr": repr(list(d)),
  "nested_repr": repr([(1, 2), {"a": (3, [4])}, [], ()]),
  "tuple_repr": repr((1, "a", (2.5, None))),
  "str_keys": repr({"a": 1, "b": [1, 2]}),
  "getitem": repr(d[(3, 4)]), "contains": (3, 4) in d,
  "set_repr": repr(sorted({3, 1, 2})),
}))
`);

  it('a JS Map with non-str keys becomes a dict, and comes back as a Map', () => {
    const d = py.handle(new Map<unknown, unknown>([[1, 'one'], ['two', 2], [py.tuple([3, 4]), [5, py.tuple([6])]], [null, { in: [1.5] }]]));
    expect(py.repr(d)).toBe(expected['repr_dict']);
    expect(py.len(d)).toBe(expected['len']);
    expect(py.repr(py.getitem(d, py.tuple([3, 4])))).toBe(expected['getitem']);
    expect(py.contains(d, py.tuple([3, 4]))).toBe(expected['contains']);
    const back = py.toJS(d) as Map<unknown, unknown>;
    expect(back).toBeInstanceOf(Map);
    expect([...back.keys()].length).toBe(expected['len']);
    expect(back.get(1)).toBe('one');
    expect(back.get('two')).toBe(2);
    expect(back.get(null)).toEqual({ in: [1.5] });
  });

  it('tuples become Arrays; nested containers convert both ways', () => {
    const nested = py.handle([py.tuple([1, 2]), { a: py.tuple([3, [4]]) }, [], py.tuple()]);
    expect(py.repr(nested)).toBe(expected['nested_repr']);
    expect(py.toJS(nested)).toEqual([[1, 2], { a: [3, [4]] }, [], []]);
    const t = py.tuple([1, 'a', py.tuple([2.5, null])]);
    expect(py.repr(t)).toBe(expected['tuple_repr']);
    expect(py.toJS(t)).toEqual([1, 'a', [2.5, null]]);
    const sd = py.handle({ a: 1, b: [1, 2] });
    expect(py.repr(sd)).toBe(expected['str_keys']);
    expect(py.toJS(sd)).toEqual({ a: 1, b: [1, 2] });
    expect(py.repr(py.call(py.builtins['sorted']!, py.set([3, 1, 2])))).toBe(expected['set_repr']);
  });
});
