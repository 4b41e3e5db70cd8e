/**
 * The Layouts API without a compiler: member paths, caching, and every error message
 * (whole strings, as STYLE.md asks). Numbers are checked against gcc elsewhere; here only
 * numbers that follow from those (a path's offset equals the sum of its steps) are asserted.
 */

import { describe, expect, it } from 'vitest';
import { Layouts, LayoutError, parsePath } from '../../abi/layout.js';
import { getTarget } from '../../abi/target.js';
import { Q, VOID, type FunctionType } from '../../cdef/types.js';
import { array, bits, enum_, field as f, p, ptr, struct, typedef, union, vector } from '../helpers/model-builders.js';

const x86 = new Layouts(getTarget('x86_64'));
const [char, int, double] = (['char', 'int', 'double'] as const).map(p);

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(LayoutError);
    return (e as Error).message;
  }
  throw new Error('expected a LayoutError');
}

describe('fieldPath', () => {
  const inner = struct('inner', [f('c', char), bits('flag', int, 3), f('d', double, { quals: Q.volatile })]);
  const outer = struct('outer', [
    f('n', int),
    f('items', array(inner, 4, Q.const)),
    f(null, union(null, [f('u', int), f(null, struct(null, [f('lo', char), bits('hi', int, 4)]))])),
  ]);

  it('reads a.3.b and a[3].b alike, through arrays and nested records', () => {
    const step = x86.sizeof(inner);
    const base = x86.record(outer).fields[1]!.offset;
    const d = x86.fieldPath(outer, 'items[3].d');
    expect(x86.fieldPath(outer, 'items.3.d')).toEqual(d);
    expect(d).toEqual({ type: double, quals: Q.const | Q.volatile, offset: base + 3 * step + x86.record(inner).fields[2]!.offset });
  });

  it('gives bit positions from the start of the outer type', () => {
    const flag = x86.record(inner).fields[1]!;
    const at = x86.fieldPath(outer, 'items[2].flag');
    expect(at.bitOffset).toBe((x86.record(outer).fields[1]!.offset + 2 * x86.sizeof(inner)) * 8 + flag.bitOffset!);
    expect(at.bitWidth).toBe(3);
    expect(at.offset).toBe(Math.floor(at.bitOffset! / 8));
  });

  it('finds members of anonymous members by their own names', () => {
    const anon = x86.record(outer).fields[2]!;
    expect(x86.fieldPath(outer, 'u').offset).toBe(anon.offset);
    expect(x86.fieldPath(outer, 'lo').offset).toBe(anon.offset);
    const anonUnion = anon.type as ReturnType<typeof union>;
    const anonStruct = x86.record(anonUnion).fields[1]!.type as ReturnType<typeof struct>;
    const hi = x86.record(anonStruct).fields[1]!;
    expect(x86.fieldPath(outer, 'hi')).toMatchObject({ bitOffset: anon.offset * 8 + hi.bitOffset!, bitWidth: 4 });
  });

  it('treats an empty path as the whole object', () => {
    expect(x86.fieldPath(outer, '')).toEqual({ type: outer, quals: 0, offset: 0 });
  });

  it('parses paths', () => {
    expect(parsePath('a.b.c')).toEqual(['a', 'b', 'c']);
    expect(parsePath('a[3][4].b')).toEqual(['a', 3, 4, 'b']);
    expect(parsePath('a.3.b')).toEqual(['a', 3, 'b']);
    expect(parsePath('[2]')).toEqual([2]);
    expect(() => parsePath('a..b')).toThrow("invalid member path 'a..b'");
  });

  it('reports bad paths', () => {
    expect(message(() => x86.fieldPath(outer, 'items.x'))).toBe("offsetof(struct outer, items.x): request for member 'x' in something not a structure or union ('const struct inner[4]')");
    expect(message(() => x86.fieldPath(outer, 'nope'))).toBe("offsetof(struct outer, nope): 'struct outer' has no member named 'nope'");
    expect(message(() => x86.fieldPath(outer, 'items[4]'))).toBe("offsetof(struct outer, items[4]): index 4 is out of bounds for 'const struct inner[4]'");
    expect(message(() => x86.fieldPath(outer, 'n[0]'))).toBe("offsetof(struct outer, n[0]): subscripted value 'int' is not an array");
    expect(message(() => x86.fieldPath(outer, 'items[0].flag.x'))).toBe("offsetof(struct outer, items[0].flag.x): cannot take a member of bit-field at 'x'");
  });
});

describe('record', () => {
  it('lists direct members in order, anonymous members and unnamed bitfields included', () => {
    const anon = union(null, [f('u', int), f('v', double)]);
    const s = struct('listing', [f('a', char), bits(null, int, 3), bits('b', int, 5), bits(null, int, 0), f(null, anon), f('z', array(int, 'flexible'))]);
    const layout = x86.record(s);
    expect(layout.fields.map((x) => [x.name, x.type, x.bitWidth])).toEqual([
      ['a', char, undefined], [null, int, 3], ['b', int, 5], [null, int, 0], [null, anon, undefined], ['z', s.fields![5]!.type, undefined],
    ]);
    for (const x of layout.fields) if (x.bitOffset !== undefined) expect(x.offset).toBe(Math.floor(x.bitOffset / 8));
  });

  it('gives enums their base type and integer info', () => {
    const e = enum_('sign', { A: -1, B: 1 }, { packed: true });
    expect(x86.enumBase(e)).toBe('signed char');
    expect(x86.intInfo(typedef('sign_t', e))).toEqual({ bits: 8, signed: true });
    expect(x86.intInfo(ptr(int))).toBeNull();
  });
});

describe('caching', () => {
  it('computes a record layout once per entity and target', () => {
    const s = struct('cached', [f('a', int)]);
    const layouts = new Layouts(getTarget('aarch64'));
    expect(layouts.record(s)).toBe(layouts.record(s));
    expect(new Layouts(getTarget('aarch64')).record(s)).not.toBe(layouts.record(s));
  });

  it('lays out a struct completed after a failed attempt', () => {
    const s = struct('later', null);
    const layouts = new Layouts(getTarget('x86_64'));
    expect(() => layouts.sizeof(s)).toThrow(LayoutError);
    s.fields = [f('a', double)];
    expect(layouts.sizeof(s)).toBe(8);
  });
});

describe('errors', () => {
  const fn: FunctionType = { kind: 'function', result: int, resultQuals: 0, params: [], variadic: false, prototyped: true };

  it('names the type that has no layout', () => {
    expect(message(() => x86.sizeof(struct('foo', null)))).toBe("sizeof(struct foo): incomplete type 'struct foo'");
    expect(message(() => x86.sizeof(VOID))).toBe("sizeof(void): 'void' has no size");
    expect(message(() => x86.alignof(typedef('nothing', VOID)))).toBe("alignof(nothing): 'void' has no size");
    expect(message(() => x86.sizeof(fn))).toBe("sizeof(int(void)): function type 'int(void)' has no size");
    expect(message(() => x86.sizeof(array(int, 'unknown')))).toBe("sizeof(int[]): array of unknown length 'int[]' has no size");
    expect(message(() => x86.sizeof(array(int, '...')))).toBe("sizeof(int[...]): the length of 'int[...]' is '...': its layout needs a compiler (API mode)");
    expect(message(() => x86.sizeof({ kind: 'opaque', name: 'handle_t', integer: false }))).toBe(
      "sizeof(handle_t): opaque type 'handle_t' has no known size ('typedef ... handle_t;'; use it through a pointer)",
    );
    expect(message(() => x86.intInfo({ kind: 'opaque', name: 'id_t', integer: true }))).toBe(
      "integer type id_t: 'id_t' is an integer type of unknown size ('typedef int... id_t;'): its layout needs a compiler (API mode)",
    );
    expect(message(() => x86.record(struct('part', [f('a', int)], { partial: true })))).toBe(
      "layout of struct part: 'struct part' is declared with '...' (partial): its layout needs a compiler (API mode)",
    );
    expect(message(() => x86.enumBase(enum_('pe', { A: 1 }, { partial: true })))).toBe(
      "underlying type of enum pe: 'enum pe' is declared with '...' (partial): its values need a compiler (API mode)",
    );
    expect(message(() => x86.enumBase(enum_('ie', null)))).toBe("underlying type of enum ie: incomplete type 'enum ie'");
    expect(message(() => x86.enumBase(enum_('huge', { A: 1n << 64n })))).toBe(
      "underlying type of enum huge: enumeration values of 'enum huge' exceed range of largest integer",
    );
  });

  it('says which member of which record is wrong, and where', () => {
    const inner = struct('inner', null);
    const outer = struct('outer', [f('a', int), f('in', inner)]);
    const line = outer.fields![1]!.loc.line;
    expect(message(() => x86.sizeof(outer))).toBe(`sizeof(struct outer): <test>:${line}:1: struct outer, field in: incomplete type 'struct inner'`);
    // The innermost record names itself, not the outer one.
    const deep = struct('deep', [f('o', outer)]);
    expect(x86.alignof(ptr(deep))).toBe(x86.alignof(ptr(VOID))); // a pointer needs no layout of its target
    expect(message(() => x86.sizeof(deep))).toBe(`sizeof(struct deep): <test>:${line}:1: struct outer, field in: incomplete type 'struct inner'`);
  });

  it('rejects invalid bitfields and misplaced flexible arrays like gcc', () => {
    const check = (fields: ReturnType<typeof f>[], kind: 'struct' | 'union' = 'struct') => {
      const r = kind === 'struct' ? struct('r', fields) : union('r', fields);
      const bad = fields.find((x) => x.name === 'x') ?? fields[0]!;
      return message(() => x86.sizeof(r)).replace(`<test>:${bad.loc.line}:1`, '<loc>');
    };
    expect(check([bits('x', double, 3)])).toBe("sizeof(struct r): <loc>: struct r, field x: bit-field 'x' has invalid type 'double'");
    expect(check([bits('x', char, 9)])).toBe("sizeof(struct r): <loc>: struct r, field x: width of 'x' exceeds its type");
    expect(check([bits('x', p('_Bool'), 2)])).toBe("sizeof(struct r): <loc>: struct r, field x: width of 'x' exceeds its type");
    expect(check([bits('x', int, 0)])).toBe("sizeof(struct r): <loc>: struct r, field x: zero width for bit-field 'x'");
    expect(check([bits('x', int, -1)])).toBe("sizeof(struct r): <loc>: struct r, field x: negative width in bit-field 'x'");
    expect(check([f('x', array(int, 'flexible')), f('y', int)])).toBe("sizeof(struct r): <loc>: struct r, field x: flexible array member not at end of struct");
    expect(check([f('a', int), f('x', array(int, 'flexible'))], 'union')).toBe("sizeof(union r): <loc>: union r, field x: flexible array member in union");
    expect(check([f('x', vector(int, 12))])).toBe(
      "sizeof(struct r): <loc>: struct r, field x: vector size 12 of 'int __attribute__((vector_size(12)))' is not a power-of-two multiple of its element size",
    );
  });

  it('rejects arrays of over-aligned or misaligned elements like gcc', () => {
    const i8 = typedef('int_a8', int, { aligned: 8 });
    const s12a8 = typedef('s12_a8', struct('s12', [f('a', int), f('b', int), f('c', int)]), { aligned: 8 });
    expect(message(() => x86.sizeof(array(i8, 2)))).toBe("sizeof(int_a8[2]): alignment of array elements is greater than element size in 'int_a8[2]'");
    expect(message(() => x86.sizeof(array(s12a8, 2)))).toBe("sizeof(s12_a8[2]): size of array element is not a multiple of its alignment in 's12_a8[2]'");
    expect(message(() => x86.sizeof(typedef('bad', int, { aligned: 3 })))).toBe('sizeof(bad): requested alignment 3 is not a positive power of 2');
  });

  it('rejects a #pragma pack value gcc would ignore', () => {
    const s = struct('odd', [f('a', int)], { pack: 3 });
    expect(message(() => x86.sizeof(s))).toBe(`sizeof(struct odd): <test>:${s.loc.line}:1: struct odd: #pragma pack(3): alignment must be a small power of two`);
  });

  it('detects a record that contains itself', () => {
    const loop = struct('loop', []);
    loop.fields = [f('self', loop)];
    expect(message(() => x86.sizeof(loop))).toBe(`sizeof(struct loop): <test>:${loop.fields[0]!.loc.line}:1: struct loop, field self: 'struct loop' contains itself`);
  });
});
