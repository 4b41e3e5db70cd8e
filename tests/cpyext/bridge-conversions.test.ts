/**
 * The default conversions across the JS <-> Python boundary (cpyext/native/bridge_convert.c),
 * checked through a real extension (ext/bridgeext.c, both header builds): each JS value is
 * passed to `kind` (what Python type and repr it became) and to `ident` (what comes back),
 * and compared with what CPython answered for the equivalent Python value.
 */

import { describe, expect, it } from 'vitest';
import { py, PyObjectHandle, PythonError } from '../../cpyext/index.js';
import { patternBytes } from '../helpers/cpython-ext-fixtures.js';
import { bridgeext, collectUntil, HEADER_SETS, recordedError, recordedResult } from '../helpers/bridgeext.js';

/** JS values converting to each recorded Python value (labels of bridgeext_cases.py VALUES). */
const INPUTS: [label: string, js: () => unknown][] = [
  ['int 0', () => 0],
  ['int -1', () => -1],
  ['int 2**53', () => 2 ** 53],
  ['int 2**53', () => 2n ** 53n],
  ['int -(2**53)', () => -(2 ** 53)],
  ['int 2**53+1', () => 2n ** 53n + 1n],
  ['int 2**64', () => 2n ** 64n],
  ['int -(2**70)', () => -(2n ** 70n)],
  ['int -1', () => -1n],
  ['float 1.5', () => 1.5],
  ['float -2.25e-300', () => -2.25e-300],
  ['float -0.0', () => -0],
  ['float inf', () => Infinity],
  ['float -inf', () => -Infinity],
  ['float nan', () => NaN],
  ['str empty', () => ''],
  ['str latin1', () => 'h\u00e9llo'],
  ['str bmp', () => '\u20ac\u4e2d'],
  ['str non-bmp', () => 'a\u{1f600}b'],
  ['str lone high surrogate', () => 'x\ud800y'],
  ['str lone low surrogate', () => '\udc00'],
  ['str reversed pair', () => '\udc00\ud800'],
  ['bytes empty', () => Buffer.alloc(0)],
  ['bytes', () => Buffer.from([0, 255, 97, 98])],
  ['bytes', () => new Uint8Array([0, 255, 97, 98])],
  ['True', () => true],
  ['False', () => false],
  ['None', () => null],
  ['None', () => undefined],
  ['list', () => [1, 'a', null, 2.5]],
  ['list empty', () => []],
  ['tuple', () => py.tuple([1, 'a'])],
  ['dict str keys', () => ({ a: 1, b: [1, 2] })],
  ['dict str keys', () => new Map<unknown, unknown>([['a', 1], ['b', [1, 2]]])],
  ['dict int keys', () => new Map([[1, 'x'], [2, 'y']])],
  ['dict mixed keys', () => new Map<unknown, unknown>([['a', 1], [2, 'b']])],
  ['nested', () => ({ k: [{ x: py.tuple([1, [2, { y: null }]]) }, Buffer.from('z')] })],
];

describe.each(HEADER_SETS)('default conversions (%s headers)', (headers) => {
  const ext = () => bridgeext(headers);

  describe.each(INPUTS.map(([label, js], i) => [`${label} #${i}`, label, js] as const))('%s', (_, label, js) => {
    it('JS -> Python: the Python type and repr CPython gives', () => {
      expect(ext().kind(js())).toEqual(recordedResult(`kind ${label}`));
    });
    it('JS -> Python -> JS: the default conversion of what CPython returns', () => {
      const back = ext().ident(js());
      expect(back).toEqual(recordedResult(`ident ${label}`));
    });
  });

  it('ints: numbers up to 2^53, BigInt beyond, both signs', () => {
    expect(typeof ext().ident(2 ** 53)).toBe('number');
    expect(ext().ident(2n ** 53n + 1n)).toBe(2n ** 53n + 1n);
    expect(ext().ident(-(2n ** 53n) - 1n)).toBe(-(2n ** 53n) - 1n);
    expect(ext().ident(2n ** 200n - 1n)).toBe(2n ** 200n - 1n);
    expect(ext().ident(-(2n ** 64n) + 1n)).toBe(-(2n ** 64n) + 1n);
    expect(typeof ext().ident(0n)).toBe('number');
  });

  it('strings: code points, not UTF-16 units, and lone surrogates survive both ways', () => {
    expect(py.len('a\u{1f600}b')).toBe(3);
    expect(ext().ident('x\ud800y')).toBe('x\ud800y');
    const long = 'ab\u{1f600}\ud800'.repeat(500); // beyond any small-string buffer
    expect(ext().ident(long)).toBe(long);
    expect(py.len(long)).toBe(2000);
  });

  it('a dict with a non-str key comes back as a Map, all-str keys as a plain object', () => {
    const m = ext().ident(new Map<unknown, unknown>([[1, 'x'], ['a', 2]]));
    expect(m).toBeInstanceOf(Map);
    expect(Object.getPrototypeOf(ext().ident({ a: 1 }))).toBe(Object.prototype);
  });

  describe('bytes-like', () => {
    it('small Buffers are copied into a read-only bytes, as CPython\'s bytes', () => {
      expect(ext().buffer_info(Buffer.from('abc'))).toEqual(recordedResult('buffer bytes small'));
      expect(ext().kind(Buffer.from('abc'))[0]).toBe('bytes');
    });
    it('>= 64 KiB: read-only bytes-like with the same contents as CPython saw', () => {
      const big = patternBytes(65536, 7);
      expect(ext().buffer_info(big)).toEqual(recordedResult('buffer bytes 64KiB'));
      expect(ext().buffer_info(new Uint8Array(big))).toEqual(recordedResult('buffer bytes 64KiB'));
      const under = patternBytes(65535, 7);
      expect(ext().buffer_info(under)).toEqual(recordedResult('buffer bytes 64KiB-1'));
    });
    it('>= 64 KiB crosses without a copy (the extension sees later writes); smaller ones are copied', () => {
      const big = Buffer.alloc(65536, 1);
      ext().hold(big);
      big[0] = 101;
      expect(ext().held_sum()).toBe(65536 + 100);
      const small = Buffer.alloc(100, 1);
      ext().hold(small);
      small[0] = 101;
      expect(ext().held_sum()).toBe(100);
      ext().drop_held();
    });
    it('a slice of a larger ArrayBuffer is seen at its own offset and length', () => {
      const backing = patternBytes(65536 + 20, 7);
      const view = new Uint8Array(backing.buffer, backing.byteOffset + 10, 65536);
      const expected = [...view].reduce((a, b) => a + b, 0);
      expect(ext().buffer_info(view)[2]).toBe(expected);
    });
    it('bytes from Python come back as a Buffer', () => {
      const out = ext().ident(Buffer.from([1, 2, 3]));
      expect(Buffer.isBuffer(out)).toBe(true);
      expect([...out]).toEqual([1, 2, 3]);
    });
    it('an ArrayBuffer crosses as a writable bytes-like, like a bytearray', () => {
      const ab = new Uint8Array([97, 98, 99]).buffer;
      expect(ext().buffer_info(ab)).toEqual(recordedResult('buffer bytearray'));
    });
    it('str is not bytes-like (CPython\'s TypeError)', () => {
      const want = recordedError('buffer str');
      expect(() => ext().buffer_info('abc')).toThrow(expect.objectContaining({ type: want.type, message: want.message }));
    });
  });

  describe('handles', () => {
    it('other Python objects cross as handles that go back as the same object', () => {
      const err = py.call(py.builtins['ValueError']!, 'x');
      expect(err).toBeInstanceOf(PyObjectHandle);
      const back = ext().ident(err);
      expect(py.is(back, err)).toBe(true);
      expect(ext().kind(err)).toEqual(['ValueError', "ValueError('x')"]);
    });
    it('py.release drops the reference now; a released handle is refused', () => {
      ext(); // loaded before counting
      const before = py.liveObjects();
      const handles = Array.from({ length: 50 }, (_, i) => py.call(py.builtins['ValueError']!, `e${i}`));
      expect(py.liveObjects()).toBeGreaterThanOrEqual(before + 50);
      for (const h of handles) py.release(h);
      expect(py.liveObjects()).toBeLessThanOrEqual(before);
      expect(() => ext().ident(handles[0])).toThrow(PythonError);
    });
    it('an unreachable handle is released by the garbage collector', async () => {
      ext();
      const before = py.liveObjects();
      (() => {
        for (let i = 0; i < 200; i++) py.call(py.builtins['ValueError']!, `g${i}`);
      })();
      expect(py.liveObjects()).toBeGreaterThanOrEqual(before + 200);
      expect(await collectUntil(() => py.liveObjects() <= before + 5)).toBe(true);
    });
    it('converting values does not leak Python objects', () => {
      const e = ext();
      const value = { k: [{ x: 1 }, 'a\u{1f600}', 2n ** 70n, 1.5, Buffer.from('z'), new Map([[1, 2]])] };
      e.ident(value);
      const before = py.liveObjects();
      for (let i = 0; i < 100; i++) e.ident(value);
      expect(py.liveObjects()).toBe(before);
    });
  });
});
