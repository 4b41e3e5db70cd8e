/**
 * Struct, union, typedef, enum and vector layout against gcc, on both targets. Each case is
 * the C text and, right below it, the model of the same declarations; tests/helpers/
 * layout-cases.ts compares size, alignment, every member's offset and size, and enum base
 * types with what gcc reports. Bitfields have their own file (bitfields.test.ts).
 */

import { describeLayoutCases, type LayoutCase } from '../helpers/layout-cases.js';
import { array, enum_, field as f, p, ptr, struct, typedef, union, vector } from '../helpers/model-builders.js';
import { Q, VOID } from '../../cdef/types.js';
import type { FunctionType } from '../../cdef/types.js';

const [char, schar, short, int, long, llong, float, double, ldouble] = (
  ['char', 'signed char', 'short', 'int', 'long', 'long long', 'float', 'double', 'long double'] as const
).map(p);

const pack3 = struct('Pack3', [f('a', int), f('b', int), f('c', int)]);
const bfgInner = struct(null, [f('f', float), f('g', double)]);
const p1 = struct('P1', [f('c', char), f('i', int), f('d', double), f('s', short)], { packed: true });
const a16 = struct('A16', [f('c', char)], { aligned: 16 });
const k1 = struct('K1', [f('c', char), f('i', int), f('d', double), f('s', short)], { pack: 1 });
const intToInt: FunctionType = {
  kind: 'function', result: int, resultQuals: 0, variadic: false, prototyped: true,
  params: [{ name: null, type: int, quals: 0, loc: { file: '<test>', line: 0, column: 0, offset: 0 } }],
};

const cases: LayoutCase[] = [
  // --- koffi's classification structs -------------------------------------------------
  { name: 'Pack1', c: 'struct Pack1 { int a; };', subjects: [struct('Pack1', [f('a', int)])] },
  { name: 'Pack2', c: 'struct Pack2 { int a; int b; };', subjects: [struct('Pack2', [f('a', int), f('b', int)])] },
  { name: 'Pack3', c: 'struct Pack3 { int a; int b; int c; };', subjects: [pack3] },
  { name: 'Float1', c: 'struct Float1 { float a; };', subjects: [struct('Float1', [f('a', float)])] },
  { name: 'Float2', c: 'struct Float2 { float a; float b; };', subjects: [struct('Float2', [f('a', float), f('b', float)])] },
  { name: 'Float3', c: 'struct Float3 { float a; float b[2]; };', subjects: [struct('Float3', [f('a', float), f('b', array(float, 2))])] },
  {
    name: 'mixed int/float, both orders',
    c: `struct IntFloat { int i; float f; };
        struct FloatInt { float f; int i; };
        struct CharDouble { char c; double d; };
        struct DoubleChar { double d; char c; };
        struct IntDoubleInt { int a; double d; int b; };`,
    subjects: [
      struct('IntFloat', [f('i', int), f('f', float)]),
      struct('FloatInt', [f('f', float), f('i', int)]),
      struct('CharDouble', [f('c', char), f('d', double)]),
      struct('DoubleChar', [f('d', double), f('c', char)]),
      struct('IntDoubleInt', [f('a', int), f('d', double), f('b', int)]),
    ],
  },
  {
    name: 'BFG (mixed, nested unnamed-type member) and its packed twin',
    c: `struct BFG { signed char a; long long b; signed char c; const char *d; short e; struct { float f; double g; } inner; };
        struct __attribute__((packed)) PackedBFG { signed char a; long long b; signed char c; const char *d; short e; struct { float f; double g; } inner; };`,
    subjects: [
      struct('BFG', [f('a', schar), f('b', llong), f('c', schar), f('d', ptr(char, Q.const)), f('e', short), f('inner', bfgInner)]),
      struct('PackedBFG', [f('a', schar), f('b', llong), f('c', schar), f('d', ptr(char, Q.const)), f('e', short), f('inner', struct(null, [f('f', float), f('g', double)]))], { packed: true }),
    ],
  },
  {
    name: 'bigger than 256 KiB',
    c: 'struct Big { char c; int values[70000]; double d; char tail[3]; };',
    subjects: [struct('Big', [f('c', char), f('values', array(int, 70000)), f('d', double), f('tail', array(char, 3))])],
  },
  {
    name: 'nested arrays, pointers and function pointers',
    c: `struct Arrays { char c; short m[3][5]; struct Pack3 ps[4]; double d[2][2][2]; char *strs[3]; int (*fn)(int); void *v; };`,
    subjects: [
      struct('Arrays', [
        f('c', char), f('m', array(array(short, 5), 3)), f('ps', array(pack3, 4)), f('d', array(array(array(double, 2), 2), 2)),
        f('strs', array(ptr(char), 3)), f('fn', ptr(intToInt)), f('v', ptr(VOID)),
      ]),
    ],
  },
  {
    name: 'unions',
    c: `union U1 { char c; double d; int a[3]; };
        union U2 { struct Pack3 p; long double ld; char s[20]; };`,
    subjects: [
      union('U1', [f('c', char), f('d', double), f('a', array(int, 3))]),
      union('U2', [f('p', pack3), f('ld', ldouble), f('s', array(char, 20))]),
    ],
  },
  {
    name: 'anonymous struct and union members',
    c: `struct Anon { int kind; union { int i; double d; struct { short lo, hi; }; }; char tail; struct { char x; long y; }; };`,
    subjects: [
      struct('Anon', [
        f('kind', int),
        f(null, union(null, [f('i', int), f('d', double), f(null, struct(null, [f('lo', short), f('hi', short)]))])),
        f('tail', char),
        f(null, struct(null, [f('x', char), f('y', long)])),
      ]),
    ],
  },
  {
    name: 'flexible array members (no size, but alignment) and an empty struct',
    c: `struct Flex { char c; int data[]; };
        struct FlexD { short n; double data[]; };
        struct FlexS { char c; struct Pack3 items[]; };
        struct __attribute__((packed)) FlexP { char c; long data[]; };
        struct Zero { char c; int none[0]; };
        struct Empty { };`,
    subjects: [
      struct('Flex', [f('c', char), f('data', array(int, 'flexible'))]),
      struct('FlexD', [f('n', short), f('data', array(double, 'flexible'))]),
      struct('FlexS', [f('c', char), f('items', array(pack3, 'flexible'))]),
      struct('FlexP', [f('c', char), f('data', array(long, 'flexible'))], { packed: true }),
      struct('Zero', [f('c', char), f('none', array(int, 0))]),
      struct('Empty', []),
    ],
  },
  {
    name: 'packed structs (nested records keep their own layout)',
    c: `struct __attribute__((packed)) P1 { char c; int i; double d; short s; };
        struct __attribute__((packed)) P2 { char c; struct Pack3 inner; long double ld; };
        struct NotPacked { char c; struct P1 p; int i; };`,
    subjects: [
      p1,
      struct('P2', [f('c', char), f('inner', pack3), f('ld', ldouble)], { packed: true }),
      struct('NotPacked', [f('c', char), f('p', p1), f('i', int)]),
    ],
  },
  {
    name: 'aligned(n) on structs: raises, never lowers; combines with packed; bare aligned',
    c: `struct __attribute__((aligned(16))) A16 { char c; };
        struct __attribute__((aligned(2))) A2 { int i; };
        struct __attribute__((packed, aligned(4))) PA4 { char c; int i; };
        struct __attribute__((aligned)) ABare { char c; };
        struct HasA16 { char c; struct A16 a; char d; };`,
    subjects: [
      a16,
      struct('A2', [f('i', int)], { aligned: 2 }),
      struct('PA4', [f('c', char), f('i', int)], { packed: true, aligned: 4 }),
      struct('ABare', [f('c', char)], { aligned: 0 }), // 0 = bare `aligned` (see abi/record-layout.ts)
      struct('HasA16', [f('c', char), f('a', a16), f('d', char)]),
    ],
  },
  {
    name: 'aligned(n) and packed on members',
    c: `struct AF { char c; int x __attribute__((aligned(8))); char d __attribute__((aligned(4))); short s __attribute__((aligned(1))); };
        struct PF { char c; int x __attribute__((packed)); double d __attribute__((packed)); short s; struct Pack3 p __attribute__((packed)); };
        struct __attribute__((packed)) PAF { char c; int x __attribute__((aligned(2))); double d; long long q __attribute__((aligned(16))); char e; };
        struct PFA { char c; int x __attribute__((packed, aligned(2))); };`,
    subjects: [
      struct('AF', [f('c', char), f('x', int, { aligned: 8 }), f('d', char, { aligned: 4 }), f('s', short, { aligned: 1 })]),
      struct('PF', [f('c', char), f('x', int, { packed: true }), f('d', double, { packed: true }), f('s', short), f('p', pack3, { packed: true })]),
      struct('PAF', [f('c', char), f('x', int, { aligned: 2 }), f('d', double), f('q', llong, { aligned: 16 }), f('e', char)], { packed: true }),
      struct('PFA', [f('c', char), f('x', int, { packed: true, aligned: 2 })]),
    ],
  },
  {
    name: '#pragma pack(1/2/4/16), with aligned members and structs',
    c: `#pragma pack(1)
        struct K1 { char c; int i; double d; short s; };
        struct K1A { char c; int i __attribute__((aligned(8))); };
        struct __attribute__((aligned(8))) K1S { char c; int i; };
        #pragma pack(2)
        struct K2 { char c; int i; double d; struct Pack3 p; char e; };
        #pragma pack(4)
        struct K4 { char c; double d; long double ld; char e; };
        struct K4A { char c; short s __attribute__((aligned(16))); };
        #pragma pack(16)
        struct K16 { char c; double d; };
        #pragma pack()
        struct HasK1 { char c; struct K1 k; };`,
    subjects: [
      k1,
      struct('K1A', [f('c', char), f('i', int, { aligned: 8 })], { pack: 1 }),
      struct('K1S', [f('c', char), f('i', int)], { pack: 1, aligned: 8 }),
      struct('K2', [f('c', char), f('i', int), f('d', double), f('p', pack3), f('e', char)], { pack: 2 }),
      struct('K4', [f('c', char), f('d', double), f('ld', ldouble), f('e', char)], { pack: 4 }),
      struct('K4A', [f('c', char), f('s', short, { aligned: 16 })], { pack: 4 }),
      struct('K16', [f('c', char), f('d', double)], { pack: 16 }),
      struct('HasK1', [f('c', char), f('k', k1)]),
    ],
  },
  (() => {
    const intA2 = typedef('int_a2', int, { aligned: 2 });
    const intA16 = typedef('int_a16', int, { aligned: 16 });
    const dblA4 = typedef('dbl_a4', double, { aligned: 4 });
    const intA2b = typedef('int_a2b', intA2);
    const intA8 = typedef('int_a8', intA2, { aligned: 8 });
    const p3A2 = typedef('pack3_a2', pack3, { aligned: 2 });
    const p3A8 = typedef('pack3_a8', pack3, { aligned: 8 });
    const cint = typedef('cint', int, { quals: Q.const });
    return {
      name: 'aligned(n) on typedefs: raises and lowers; packed still wins',
      c: `typedef int int_a2 __attribute__((aligned(2)));
          typedef int int_a16 __attribute__((aligned(16)));
          typedef double dbl_a4 __attribute__((aligned(4)));
          typedef int_a2 int_a2b;
          typedef int_a2 int_a8 __attribute__((aligned(8)));
          typedef struct Pack3 pack3_a2 __attribute__((aligned(2)));
          typedef struct Pack3 pack3_a8 __attribute__((aligned(8)));
          typedef const int cint;
          struct TA { char c; int_a2 a; char d; int_a16 b; char e; dbl_a4 x; int_a2b y; char z; int_a8 w; pack3_a2 p; char q; pack3_a8 r; cint k; int_a2 arr[3]; };
          struct __attribute__((packed)) TAP { char c; int_a16 b; dbl_a4 x; };`,
      subjects: [
        intA2, intA16, dblA4, intA2b, intA8, p3A2, p3A8,
        struct('TA', [
          f('c', char), f('a', intA2), f('d', char), f('b', intA16), f('e', char), f('x', dblA4), f('y', intA2b), f('z', char),
          f('w', intA8), f('p', p3A2), f('q', char), f('r', p3A8), f('k', cint), f('arr', array(intA2, 3)),
        ]),
        struct('TAP', [f('c', char), f('b', intA16), f('x', dblA4)], { packed: true }),
      ],
    };
  })(),
  (() => {
    const e = {
      small: enum_('ESmall', { A: 1, B: 2 }),
      neg: enum_('ENeg', { A: -1, B: 2 }),
      u32: enum_('EU32', { A: 0x80000000 }),
      s33: enum_('ES33', { A: -1, B: 0x80000000 }),
      u64: enum_('EU64', { A: 0xffffffffffffffffn }),
      s64: enum_('ES64', { A: -0x8000000000000000n, B: 1 }),
      pu8: enum_('EPU8', { A: 255 }, { packed: true }),
      ps8: enum_('EPS8', { A: -1, B: 127 }, { packed: true }),
      pu16: enum_('EPU16', { A: 256 }, { packed: true }),
      ps16: enum_('EPS16', { A: -129 }, { packed: true }),
      pu32: enum_('EPU32', { A: 65536 }, { packed: true }),
      ps32: enum_('EPS32', { A: -32769, B: 0 }, { packed: true }),
      pu64: enum_('EPU64', { A: 0x100000000 }, { packed: true }),
      ps64: enum_('EPS64', { A: -0x80000001 }, { packed: true }),
    };
    return {
      name: 'enums of every size, packed and negative',
      c: `enum ESmall { ESmall_A = 1, ESmall_B = 2 };
          enum ENeg { ENeg_A = -1, ENeg_B = 2 };
          enum EU32 { EU32_A = 0x80000000 };
          enum ES33 { ES33_A = -1, ES33_B = 0x80000000 };
          enum EU64 { EU64_A = 0xffffffffffffffffull };
          enum ES64 { ES64_A = -0x7fffffffffffffffll - 1, ES64_B = 1 };
          enum __attribute__((packed)) EPU8 { EPU8_A = 255 };
          enum __attribute__((packed)) EPS8 { EPS8_A = -1, EPS8_B = 127 };
          enum __attribute__((packed)) EPU16 { EPU16_A = 256 };
          enum __attribute__((packed)) EPS16 { EPS16_A = -129 };
          enum __attribute__((packed)) EPU32 { EPU32_A = 65536 };
          enum __attribute__((packed)) EPS32 { EPS32_A = -32769, EPS32_B = 0 };
          enum __attribute__((packed)) EPU64 { EPU64_A = 0x100000000 };
          enum __attribute__((packed)) EPS64 { EPS64_A = -0x80000001ll };
          struct WithEnums { char c; enum EPU8 a; enum EPS16 b; enum ESmall d; enum EPU8 arr[3]; enum EU64 e; };`,
      subjects: [
        ...Object.values(e),
        struct('WithEnums', [f('c', char), f('a', e.pu8), f('b', e.ps16), f('d', e.small), f('arr', array(e.pu8, 3)), f('e', e.u64)]),
      ],
    };
  })(),
  (() => {
    const sizes = [
      typedef('v1qi', vector(char, 1)), typedef('v2qi', vector(char, 2)), typedef('v2hi', vector(short, 4)),
      typedef('v2si', vector(int, 8)), typedef('v4sf', vector(float, 16)), typedef('v4df', vector(double, 32)),
      typedef('v8df', vector(double, 64)), typedef('v128qi', vector(char, 128)),
    ];
    const [, , , v2si, v4sf, v4df] = sizes;
    return {
      name: 'vector types: size as given, alignment capped at 16',
      c: `typedef char v1qi __attribute__((vector_size(1)));
          typedef char v2qi __attribute__((vector_size(2)));
          typedef short v2hi __attribute__((vector_size(4)));
          typedef int v2si __attribute__((vector_size(8)));
          typedef float v4sf __attribute__((vector_size(16)));
          typedef double v4df __attribute__((vector_size(32)));
          typedef double v8df __attribute__((vector_size(64)));
          typedef char v128qi __attribute__((vector_size(128)));
          struct Vecs { char c; v2si a; char d; v4sf b; char e; v4df x; };`,
      subjects: [...sizes, struct('Vecs', [f('c', char), f('a', v2si!), f('d', char), f('b', v4sf!), f('e', char), f('x', v4df!)])],
    };
  })(),
  (() => {
    const a16t = typedef('a16_t', a16);
    const i16 = typedef('mix_i16', int, { aligned: 16 });
    const anonPacked = struct(null, [f('x', char), f('y', int)], { packed: true });
    const up = union('UP', [f('c', char), f('i', int), f('d', double)], { packed: true });
    const uk = union('UK', [f('c', char), f('d', double), f('a', array(int, 3))], { pack: 2 });
    return {
      name: 'attribute interactions: unions, pack over aligned types, packed anonymous members',
      c: `typedef struct A16 a16_t;
          typedef int mix_i16 __attribute__((aligned(16)));
          union __attribute__((packed)) UP { char c; int i; double d; };
          union __attribute__((aligned(8))) UA { char c[3]; };
          union UAF { char c; int i __attribute__((aligned(16))); };
          #pragma pack(2)
          union UK { char c; double d; int a[3]; };
          #pragma pack(4)
          struct KA { char c; struct A16 a; a16_t b; mix_i16 i; long double ld; };
          #pragma pack()
          struct AnonP { char c; struct __attribute__((packed)) { char x; int y; }; short s; };
          struct ArrU { char c; union UK u[3]; union UP p[2]; };
          struct FlexA { char c; int data[] __attribute__((aligned(8))); };
          struct AlignasMember { char c; _Alignas(8) short s; _Alignas(long double) char d; };
          struct CharArrPacked { char c; char s[3] __attribute__((packed)); short t; };`,
      subjects: [
        up,
        union('UA', [f('c', array(char, 3))], { aligned: 8 }),
        union('UAF', [f('c', char), f('i', int, { aligned: 16 })]),
        uk,
        struct('KA', [f('c', char), f('a', a16), f('b', a16t), f('i', i16), f('ld', ldouble)], { pack: 4 }),
        struct('AnonP', [f('c', char), f(null, anonPacked), f('s', short)]),
        struct('ArrU', [f('c', char), f('u', array(uk, 3)), f('p', array(up, 2))]),
        struct('FlexA', [f('c', char), f('data', array(int, 'flexible'), { aligned: 8 })]),
        struct('AlignasMember', [f('c', char), f('s', short, { aligned: 8 }), f('d', char, { aligned: 16 })]),
        struct('CharArrPacked', [f('c', char), f('s', array(char, 3), { packed: true }), f('t', short)]),
      ],
    };
  })(),
  {
    name: '_Complex, __int128, long double, _Float128, _Bool, va_list',
    c: `struct Wide { char c; float _Complex fc; char d; double _Complex dc; char e; long double _Complex lc; };
        struct I128 { char c; __int128 i; unsigned __int128 u; short s; };
        struct LD { char c; long double ld; char d; _Float128 q; };
        struct Bools { _Bool a; char c; _Bool arr[3]; _Bool z; };
        struct VA { char c; __builtin_va_list ap; char d; };`,
    subjects: [
      struct('Wide', [f('c', char), f('fc', p('float _Complex')), f('d', char), f('dc', p('double _Complex')), f('e', char), f('lc', p('long double _Complex'))]),
      struct('I128', [f('c', char), f('i', p('__int128')), f('u', p('unsigned __int128')), f('s', short)]),
      struct('LD', [f('c', char), f('ld', ldouble), f('d', char), f('q', p('_Float128'))]),
      struct('Bools', [f('a', p('_Bool')), f('c', char), f('arr', array(p('_Bool'), 3)), f('z', p('_Bool'))]),
      struct('VA', [f('c', char), f('ap', p('__builtin_va_list')), f('d', char)]),
    ],
  },
];

describeLayoutCases('layout', cases);
