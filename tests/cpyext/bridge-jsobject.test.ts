/**
 * JS values inside Python (cpyext/native/bridge_jsobject.c). Values with a by-value
 * conversion (Arrays, plain objects, Maps) arrive as list / dict copies and behave exactly as
 * CPython's list and dict (recorded in fixtures/ext-bridgeext.json); every other JS object
 * (class instances, functions, Sets, iterators) arrives as a proxy that an extension uses
 * through the ordinary C API: attributes, calls with args and kwargs, items, len, iteration,
 * method calls keeping `this`, and it is the same JS object when it comes back.
 */

import { describe, expect, it } from 'vitest';
import { py, PythonError } from '../../cpyext/index.js';
import { bridgeext, HEADER_SETS, recordedError, recordedResult } from '../helpers/bridgeext.js';

class Point {
  x = 1;
  y = 2;
  norm(): number {
    return this.x + this.y;
  }
  scaled(k: number, opts?: { dx?: number }): number[] {
    return [this.x * k + (opts?.dx ?? 0), this.y * k];
  }
}

class Counter {
  total = 0;
  add(n: number): number {
    this.total += n;
    return this.total;
  }
}

describe.each(HEADER_SETS)('JS objects in Python (%s headers)', (headers) => {
  const ext = () => bridgeext(headers);

  describe('by-value containers behave as CPython\'s list and dict', () => {
    const cases: [label: string, call: () => unknown][] = [
      ['getitem list', () => ext().getitem([10, 20, 30], 1)],
      ['getitem list negative', () => ext().getitem([10, 20, 30], -1)],
      ['getitem dict', () => ext().getitem({ a: 1 }, 'a')],
      ['getitem map', () => ext().getitem(new Map([[1, 'x']]), 1)],
      ['setitem list', () => ext().setitem([1, 2], 0, 9)],
      ['setitem dict', () => ext().setitem({ a: 1 }, 'b', 2)],
      ['len list', () => ext().length([1, 2, 3])],
      ['len dict', () => ext().length({ a: 1, b: 2 })],
      ['len dict', () => ext().length(new Map([['a', 1], ['b', 2]]))],
      ['iterate list', () => ext().iterate([1, 'a', null])],
      ['iterate dict', () => ext().iterate({ a: 1, b: 2 })],
      ['iterate str', () => ext().iterate('ab')],
    ];
    it.each(cases)('%s', (label, call) => {
      expect(call()).toEqual(recordedResult(label));
    });
    it('a copy: Python\'s writes do not reach the JS array', () => {
      const a = [1, 2];
      ext().setitem(a, 0, 9);
      expect(a).toEqual([1, 2]);
    });
    it('errors as CPython', () => {
      for (const [label, call] of [
        ['getitem list out of range', () => ext().getitem([10, 20, 30], 3)],
        ['getitem dict missing', () => ext().getitem({ a: 1 }, 'zz')],
      ] as const) {
        const want = recordedError(label);
        expect(call).toThrow(expect.objectContaining({ type: want.type, message: want.message }));
      }
    });
  });

  describe('a proxied JS object', () => {
    it('is stored by the extension and comes back as the same object', () => {
      const p = new Point();
      ext().hold(p);
      expect(ext().held()).toBe(p);
      expect(ext().kind(p)[0]).toBe('cbridge.JSObject');
      p.x = 10; // the extension sees the live object, not a copy
      expect(ext().getattr(ext().held(), 'x')).toBe(10);
      ext().drop_held();
    });

    it('attributes: PyObject_GetAttrString / SetAttrString', () => {
      const p = new Point();
      expect(ext().getattr(p, 'x')).toBe(1);
      ext().setattr(p, 'z', 5);
      expect((p as unknown as { z: number }).z).toBe(5);
      ext().setattr(p, 'x', py.tuple(['a', 2n ** 60n]));
      expect(p.x).toEqual(['a', 2n ** 60n]);
      const e = (() => {
        try {
          ext().getattr(p, 'missing');
        } catch (err) {
          return err as PythonError;
        }
      })();
      expect(e).toBeInstanceOf(PythonError);
      expect(e!.type).toBe('AttributeError');
      expect(e!.message).toContain('missing');
    });

    it('calls: PyObject_Call with positional args and kwargs (kwargs arrive as a trailing object)', () => {
      const seen: unknown[][] = [];
      const f = (...args: unknown[]) => {
        seen.push(args);
        return args.length;
      };
      expect(ext().call_kw(f, [1, 'a'], null)).toBe(2);
      expect(ext().call_kw(f, py.tuple([1]), { k: 2, j: [3] })).toBe(2);
      expect(ext().call_kw(f, [], {})).toBe(0);
      expect(seen).toEqual([[1, 'a'], [1, { k: 2, j: [3] }], []]);
      // 2**60 arrives as a BigInt, 1 as a number (the default conversion), and a BigInt result goes back
      expect(ext().call((a: bigint, b: number) => a + BigInt(b), 2n ** 60n, 1n)).toBe(2n ** 60n + 1n);
    });

    it('method calls keep `this`', () => {
      const p = new Point();
      expect(ext().call_method(p, 'norm')).toBe(3);
      expect(ext().call_method(p, 'scaled', 2)).toEqual([2, 4]);
      const c = new Counter();
      expect(ext().call_method(c, 'add', 5)).toBe(5);
      expect(ext().call_method(c, 'add', 2)).toBe(7);
      expect(c.total).toBe(7);
      const bound = ext().getattr(c, 'add') as (n: number) => number; // bound when read
      expect(bound(1)).toBe(8);
      expect(c.total).toBe(8);
      expect(ext().call_kw(ext().getattr(p, 'scaled'), [3], { dx: 1 })).toEqual([4, 6]);
    });

    it('items: PyObject_GetItem / SetItem read and write its properties', () => {
      const p = new Point();
      expect(ext().getitem(p, 'y')).toBe(2);
      expect(ext().setitem(p, 'w', 'v')).toBe(p);
      expect((p as unknown as { w: string }).w).toBe('v');
      const err = (() => {
        try {
          ext().getitem(p, 'nope');
        } catch (e) {
          return e as PythonError;
        }
      })();
      expect(err?.type).toBe('KeyError');
      expect(err?.message).toBe("'nope'");
    });

    it('len and iteration: a Set (size), an array-like and a generator', () => {
      const s = new Set([3, 1, 2]);
      expect(ext().length(s)).toBe(3);
      expect(ext().iterate(s)).toEqual([3, 1, 2]);
      class Like {
        length = 2;
        0 = 'a';
        1 = 'b';
      }
      expect(ext().length(new Like())).toBe(2);
      function* gen() {
        yield 1;
        yield 'two';
        yield [3];
      }
      expect(ext().iterate(gen())).toEqual([1, 'two', [3]]);
      const e = (() => {
        try {
          ext().length(new Point());
        } catch (err) {
          return err as PythonError;
        }
      })();
      expect(e?.type).toBe('TypeError');
    });

    it('proxies are released with their Python objects', () => {
      const before = py.liveObjects();
      for (let i = 0; i < 50; i++) {
        const p = new Point();
        ext().call_method(p, 'norm');
        ext().getattr(p, 'x');
      }
      expect(py.liveObjects()).toBeLessThanOrEqual(before + 2);
    });
  });
});
