/**
 * Extension-defined types (typeobject.c, type_fromspec.c, descrobject.c, methodobject.c)
 * through real extensions: tests/cpyext/ext/types_static.c (static PyTypeObjects with every
 * slot family, a subclass, a GC type) and tests/cpyext/ext/types_heap.c (PyType_FromSpec,
 * FromSpecWithBases, FromModuleAndSpec, module state). Each is built against our headers AND
 * against CPython's, both loaded into Node through the shim, and must give exactly what
 * CPython 3.11 recorded in fixtures/ext-types_static.json / ext-types_heap.json. Then the
 * same types used the way JS code uses them (new, instanceof, properties, for...of, py.*),
 * with expected values from python3 running the same operations on the CPython build.
 */

import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PythonError, kwargs, loadExtension, py } from '../../cpyext/index.js';
import { buildExtension, pythonExpected, type HeaderSet } from '../helpers/cpython-ext.js';
import { loadFixture } from '../helpers/cpython-ext-fixtures.js';
import { runCase } from '../helpers/cpyext-replay.js';

const HEADERS: HeaderSet[] = ['cbridge', 'cpython'];

for (const name of ['types_static', 'types_heap']) {
  const fixture = loadFixture(`ext-${name}`);
  const source = join(import.meta.dirname, 'ext', `${name}.c`);
  describe.each(HEADERS)(`ext/${name}.c built against the %s headers`, (headers) => {
    let mod: Record<string, any> | null = null;
    const load = () => (mod ??= loadExtension(buildExtension(source, { headers }), { name }));
    it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
      expect(runCase(load(), c)).toEqual([]);
    });
  });
}

/* The same types used the way JS code uses them. The expected values are what python3 says
 * running the same operations on the CPython-headers build of each module. */
describe.each(HEADERS)('extension types from JS (%s headers)', (headers) => {
  const staticPath = buildExtension(join(import.meta.dirname, 'ext', 'types_static.c'), { headers });
  const heapPath = buildExtension(join(import.meta.dirname, 'ext', 'types_heap.c'), { headers });
  const cpythonDirs = ['types_static', 'types_heap'].map((n) =>
    dirname(buildExtension(join(import.meta.dirname, 'ext', `${n}.c`), { headers: 'cpython' })),
  );
  const expected = pythonExpected<Record<string, unknown>>(
    `
import json, types_static as ts, types_heap as th
p = ts.Point(3, 4, label="a"); q = ts.Point(3, 4); r = ts.Point(1, 0)
v = ts.Vec([5, -2, 7]); t = ts.Table(a=1, b="x"); p3 = ts.Point3(1, 2, 2)
c = th.Counter(10, 5)
print(json.dumps({
  "repr": repr(p), "str": str(p), "hash": str(hash(p)), "hash3": str(hash(p3)), "repr3": repr(p3),
  "eq": p == q, "ne": p != q, "lt": r < p, "gt": r > p, "eq_other": p == 1,
  "len": len(v), "item": v[-1], "list": list(v), "sum_iter": sum(x for x in v), "contains": 7 in v,
  "tlen": len(t), "titem": t["b"], "norm2": p.norm2(), "scaled": repr(p.scale(2)), "dim": ts.Point.DIM,
  "kind": ts.Point.kind(), "origin": repr(ts.Point3.origin()), "dist": ts.Point.dist(p, r),
  "crepr": repr(c), "clen": len(c), "cadd": repr(c + 2), "inc": c.increment(),
}))
`,
    { path: cpythonDirs },
  );

  const ts = loadExtension(staticPath, { name: 'types_static' });
  const th = loadExtension(heapPath, { name: 'types_heap' });

  it('types are constructible with and without new, and instanceof holds', () => {
    const a = new ts.Point(3, 4);
    const b = ts.Point(3, 4);
    expect(a).toBeInstanceOf(ts.Point);
    expect(b).toBeInstanceOf(ts.Point);
    expect(ts.Point3(1, 2)).toBeInstanceOf(ts.Point3);
    expect(ts.Point3(1, 2)).toBeInstanceOf(ts.Point);
    expect(a).not.toBeInstanceOf(ts.Vec);
    expect(new th.Counter()).toBeInstanceOf(th.Counter);
    expect(th.Limited(3)).toBeInstanceOf(th.Counter);
    expect(py.isinstance(b, ts.Point)).toBe(true);
    expect(() => ts.NoNew()).toThrow(PythonError);
  });

  it('members and getsets are properties; read-only ones raise AttributeError', () => {
    const p = ts.Point(3, 4, kwargs({ label: 'a' }));
    expect(p.x).toBe(3);
    expect(p.label).toBe('a');
    p.x = 1.5;
    expect(p.x).toBe(1.5);
    p.tag = 7;
    expect(p.tag).toBe(7);
    expect(p.xy).toEqual([1.5, 4]);
    p.xy = py.tuple([-1, 2]);
    expect(p.quadrant).toBe(2);
    const err = (() => {
      try {
        p.serial = 5;
      } catch (e) {
        return e;
      }
      return null;
    })();
    expect(err).toBeInstanceOf(PythonError);
    expect((err as PythonError).type).toBe('AttributeError');
    expect((err as PythonError).message).toBe('readonly attribute');
    expect(() => {
      p.quadrant = 1;
    }).toThrow(/not writable/);
    expect(() => {
      p.xy = [1, 2];
    }).toThrow(/xy must be a 2-tuple, not list/);
    const c = th.Counter(1);
    c.value = 9;
    expect(c.value).toBe(9);
    expect(() => {
      c.step = 2;
    }).toThrow(/readonly attribute/);
  });

  it('methods, class methods, static methods and class attributes', () => {
    const p = ts.Point(3, 4, kwargs({ label: 'a' }));
    expect(p.norm2()).toBe(expected['norm2']);
    expect(py.repr(p.scale(2))).toBe(expected['scaled']);
    expect(ts.Point.DIM).toBe(expected['dim']);
    expect(ts.Point.kind()).toBe(expected['kind']);
    expect(py.repr(ts.Point3.origin())).toBe(expected['origin']);
    expect(ts.Point.dist(p, ts.Point(1, 0))).toBe(expected['dist']);
    p.move(1, kwargs({ dy: 1 }));
    expect(p.xy).toEqual([4, 5]);
    const c = th.Counter(10, 5);
    expect(c.increment()).toBe(expected['inc']);
  });

  it('py.repr / py.str / py.hash / py.binop comparisons, as CPython', () => {
    const p = ts.Point(3, 4, kwargs({ label: 'a' }));
    const q = ts.Point(3, 4);
    const r = ts.Point(1, 0);
    expect(py.repr(p)).toBe(expected['repr']);
    expect(py.str(p)).toBe(expected['str']);
    expect(String(p)).toBe(expected['str']);
    expect(py.hash(p)).toBe(BigInt(expected['hash'] as string));
    expect(py.hash(ts.Point3(1, 2, 2))).toBe(BigInt(expected['hash3'] as string));
    expect(py.repr(ts.Point3(1, 2, 2))).toBe(expected['repr3']);
    expect(py.toJS(py.binop('eq', p, q))).toBe(expected['eq']);
    expect(py.toJS(py.binop('ne', p, q))).toBe(expected['ne']);
    expect(py.toJS(py.binop('lt', r, p))).toBe(expected['lt']);
    expect(py.toJS(py.binop('gt', r, p))).toBe(expected['gt']);
    expect(py.toJS(py.binop('eq', p, 1))).toBe(expected['eq_other']);
    const c = th.Counter(10, 5);
    expect(py.repr(c)).toBe(expected['crepr']);
    expect(py.repr(py.binop('add', c, 2))).toBe(expected['cadd']);
  });

  it('py.len / py.getitem / for...of over sequence and mapping types', () => {
    const v = ts.Vec([5, -2, 7]);
    expect(py.len(v)).toBe(expected['len']);
    expect(py.toJS(py.getitem(v, -1))).toBe(expected['item']);
    expect([...v]).toEqual(expected['list']);
    let sum = 0;
    for (const x of v) sum += x as number;
    expect(sum).toBe(expected['sum_iter']);
    expect(py.contains(v, 7)).toBe(expected['contains']);
    const t = ts.Table(kwargs({ a: 1, b: 'x' }));
    expect(py.len(t)).toBe(expected['tlen']);
    expect(py.toJS(py.getitem(t, 'b'))).toBe(expected['titem']);
    expect(py.len(th.Counter(10, 5))).toBe(expected['clen']);
    expect(() => py.getitem(t, 'zz')).toThrow(PythonError);
  });
});
