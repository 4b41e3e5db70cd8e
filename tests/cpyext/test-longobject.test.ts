/**
 * The number families (longobject.c, long_*.c, floatobject.c, complexobject.c, pystrtod.c)
 * through a real extension: tests/cpyext/ext/longs.c, built against our headers AND against
 * CPython's, both loaded into Node through the shim, must give exactly what CPython 3.11
 * recorded in fixtures/ext-longs.json (PyLong_FromString, PyLong_As* overflow errors,
 * byte-array round trips, PyNumber_* on big ints, float repr and formatting, __float__).
 * Plus the `py.*` protocol on ints and floats made from JS, against python3's answers.
 */

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadExtension, py } from '../../cpyext/index.js';
import { buildExtension, pythonExpected, type HeaderSet } from '../helpers/cpython-ext.js';
import { loadFixture } from '../helpers/cpython-ext-fixtures.js';
import { runCase } from '../helpers/cpyext-replay.js';

const fixture = loadFixture('ext-longs');
const source = join(import.meta.dirname, 'ext', 'longs.c');

describe.each(['cbridge', 'cpython'] as HeaderSet[])('ext/longs.c built against the %s headers', (headers) => {
  let mod: Record<string, any> | null = null;
  const load = () => (mod ??= loadExtension(buildExtension(source, { headers }), { name: 'longs' }));

  it.each(fixture.cases.map((c) => [c.name, c] as const))('%s', (_name, c) => {
    expect(runCase(load(), c)).toEqual([]);
  });
});

describe('py.* on numbers made in JS, as python3 computes them', () => {
  const BIG = '123456789012345678901234567890';
  const expected = pythonExpected<Record<string, string | string[]>>(`
import json
B = ${BIG}
print(json.dumps({
  "add": str(B + 1), "mul": str(B * -B), "pow": str(B ** 3), "floordiv": str(-B // 7), "mod": str(-B % 7),
  "divmod": [str(x) for x in divmod(-B, 97)], "lshift": str(B << 100), "rshift": str(-B >> 70), "and": str(B & -(2**70)),
  "or": str(-B | 0xffff), "xor": str(B ^ -B), "neg": str(-B), "invert": str(~B), "abs": str(abs(-B)),
  "truediv": repr(B / 3), "big_float": repr(float(B)), "toJS_2_60": str(2**60), "toJS_neg": str(-(2**64) - 5),
  "hashes": [str(hash(x)) for x in [0, -1, -2, B, -B, 2**61 - 1, 2**61, 2**64, 0.5, -2.5, 1.0, 1e300, float('inf'),
                                    (), (1, 2), (1, (2, 3.5)), (B, -1), True]],
  "repr_big": repr(B * B), "eq": str(B == B + 0), "lt": str(-B < B),
}))
`);

  const big = () => py.int(BIG);

  it('binop and unop on big ints', () => {
    const S = (h: unknown) => py.str(h);
    expect(S(py.binop('add', big(), 1))).toBe(expected['add']);
    expect(S(py.binop('mul', big(), py.unop('neg', big())))).toBe(expected['mul']);
    expect(S(py.binop('pow', big(), 3))).toBe(expected['pow']);
    expect(S(py.binop('floordiv', py.unop('neg', big()), 7))).toBe(expected['floordiv']);
    expect(S(py.binop('mod', py.unop('neg', big()), 7))).toBe(expected['mod']);
    expect((py.toJS(py.binop('divmod', py.unop('neg', big()), 97)) as unknown[]).map(String)).toEqual(expected['divmod']);
    expect(S(py.binop('lshift', big(), 100))).toBe(expected['lshift']);
    expect(S(py.binop('rshift', py.unop('neg', big()), 70))).toBe(expected['rshift']);
    expect(S(py.binop('and', big(), -(2n ** 70n)))).toBe(expected['and']);
    expect(S(py.binop('or', py.unop('neg', big()), 0xffff))).toBe(expected['or']);
    expect(S(py.binop('xor', big(), py.unop('neg', big())))).toBe(expected['xor']);
    expect(S(py.unop('neg', big()))).toBe(expected['neg']);
    expect(S(py.unop('invert', big()))).toBe(expected['invert']);
    expect(S(py.unop('abs', py.unop('neg', big())))).toBe(expected['abs']);
    expect(py.repr(py.binop('truediv', big(), 3))).toBe(expected['truediv']);
    expect(py.repr(py.unop('float', big()))).toBe(expected['big_float']);
    expect(py.repr(py.binop('mul', big(), big()))).toBe(expected['repr_big']);
    expect(String(py.toJS(py.binop('eq', big(), py.binop('add', big(), 0))) ? 'True' : 'False')).toBe(expected['eq']);
    expect(py.toJS(py.binop('lt', py.unop('neg', big()), big())) ? 'True' : 'False').toBe(expected['lt']);
  });

  it('toJS: a BigInt beyond 2^53, a number within', () => {
    expect(py.toJS(py.int(BIG))).toBe(BigInt(BIG));
    expect(py.toJS(py.binop('lshift', 1, 60))).toBe(BigInt(expected['toJS_2_60'] as string));
    expect(py.toJS(py.binop('sub', -(2n ** 64n), 5))).toBe(BigInt(expected['toJS_neg'] as string));
    expect(py.toJS(py.binop('lshift', 1, 53))).toBe(2 ** 53);
    expect(py.toJS(py.int(-(2 ** 53)))).toBe(-(2 ** 53));
    expect(py.toJS(py.binop('add', 2n ** 53n, 1))).toBe(2n ** 53n + 1n);
  });

  it('hash of ints, floats and tuples equals CPython hash()', () => {
    const values = [0, -1, -2, big(), py.unop('neg', big()), 2n ** 61n - 1n, 2n ** 61n, 2n ** 64n, 0.5, -2.5, py.float(1), py.float(1e300),
      Infinity, py.tuple(), py.tuple([1, 2]), py.tuple([1, py.tuple([2, 3.5])]), py.tuple([big(), -1]), true];
    expect(values.map((v) => String(py.hash(v)))).toEqual(expected['hashes']);
  });
});
