/**
 * Bitfield layout against gcc, on both targets: every named bitfield's bit offset and width,
 * every ordinary member's offset, size and alignment of each struct. The C text of each case
 * sits next to its model. Unnamed bitfields cannot be named in C: their effect (on the next
 * member, on the size, and on the alignment, which differs between x86_64 and aarch64) is
 * what these cases observe.
 */

import { describeLayoutCases, type LayoutCase } from '../helpers/layout-cases.js';
import { bits as b, enum_, field as f, p, struct, typedef, union } from '../helpers/model-builders.js';

const [char, schar, uchar, short, ushort, int, uint, long, llong, ullong, bool] = (
  ['char', 'signed char', 'unsigned char', 'short', 'unsigned short', 'int', 'unsigned int', 'long', 'long long', 'unsigned long long', '_Bool'] as const
).map(p);

const small = enum_('BE', { BE_A: 0, BE_B: 1, BE_C: 2 });
const packedEnum = enum_('PE', { PE_A: 1, PE_B: 200 }, { packed: true });
const negEnum = enum_('NE', { NE_A: -3, NE_B: 3 });

/** Same members, laid out under each of #pragma pack(1), (2), (4) and without. */
const PACK_BODY = '{ char a; int b:4; int c:31; short d:9; long long e:40; char f; int :0; char g; long long h:3; }';
const packBody = () => [
  f('a', char), b('b', int, 4), b('c', int, 31), b('d', short, 9), b('e', llong, 40), f('f', char), b(null, int, 0), f('g', char), b('h', llong, 3),
];

const cases: LayoutCase[] = [
  {
    name: 'bitfield zoo: every integer type, sharing and starting storage units',
    c: `struct Zoo { unsigned a:1; unsigned b:2; int c:5; char d:3; short e:9; long long f:33; unsigned char g:8;
                     _Bool h:1; long i:60; unsigned long long j:64; int k:32; signed char l:7; unsigned short m:16; };`,
    subjects: [
      struct('Zoo', [
        b('a', uint, 1), b('b', uint, 2), b('c', int, 5), b('d', char, 3), b('e', short, 9), b('f', llong, 33), b('g', uchar, 8),
        b('h', bool, 1), b('i', long, 60), b('j', ullong, 64), b('k', int, 32), b('l', schar, 7), b('m', ushort, 16),
      ]),
    ],
  },
  {
    name: 'straddling: a bitfield never spans more units of its type than the type has',
    c: `struct Str1 { char a; int b:30; };
        struct Str2 { short a:9; short b:8; };
        struct Str3 { int a:31; long long b:34; };
        struct Str4 { char a:7; char b:2; };
        struct Str5 { char a; short b:8; char c; int d:17; int e:15; int f:1; };
        struct Str6 { long long a:60; int b:4; int c:1; };`,
    subjects: [
      struct('Str1', [f('a', char), b('b', int, 30)]),
      struct('Str2', [b('a', short, 9), b('b', short, 8)]),
      struct('Str3', [b('a', int, 31), b('b', llong, 34)]),
      struct('Str4', [b('a', char, 7), b('b', char, 2)]),
      struct('Str5', [f('a', char), b('b', short, 8), f('c', char), b('d', int, 17), b('e', int, 15), b('f', int, 1)]),
      struct('Str6', [b('a', llong, 60), b('b', int, 4), b('c', int, 1)]),
    ],
  },
  {
    name: 'a lone bitfield gives the struct its type\'s size and alignment',
    c: `struct W1 { int a:1; };
        struct W2 { char a:1; };
        struct W3 { long long a:1; };
        struct W4 { char c; long long a:1; };`,
    subjects: [
      struct('W1', [b('a', int, 1)]),
      struct('W2', [b('a', char, 1)]),
      struct('W3', [b('a', llong, 1)]),
      struct('W4', [f('c', char), b('a', llong, 1)]),
    ],
  },
  {
    name: 'bitfields of enum, packed enum, signed enum, _Bool and __int128 type',
    c: `enum BE { BE_A, BE_B, BE_C };
        enum __attribute__((packed)) PE { PE_A = 1, PE_B = 200 };
        enum NE { NE_A = -3, NE_B = 3 };
        struct EB { enum BE e:2; enum BE f:30; char c; enum NE n:3; };
        struct PEB { char c; enum PE a:3; enum PE b:7; char d; };
        struct BB { _Bool a:1; _Bool b:1; char c; _Bool d:1; };
        struct I128B { char c; __int128 a:100; unsigned __int128 b:70; unsigned __int128 z:128; };`,
    subjects: [
      struct('EB', [b('e', small, 2), b('f', small, 30), f('c', char), b('n', negEnum, 3)]),
      struct('PEB', [f('c', char), b('a', packedEnum, 3), b('b', packedEnum, 7), f('d', char)]),
      struct('BB', [b('a', bool, 1), b('b', bool, 1), f('c', char), b('d', bool, 1)]),
      struct('I128B', [f('c', char), b('a', p('__int128'), 100), b('b', p('unsigned __int128'), 70), b('z', p('unsigned __int128'), 128)]),
    ],
  },
  {
    name: 'zero-width bitfields: align the next member, never packed, alignment per target',
    c: `struct Z1 { char a; int :0; char b; };
        struct Z2 { char a:3; long long :0; char b:2; };
        struct Z3 { int a:3; char :0; int b:3; };
        struct Z4 { char a; char :0; char b; };
        struct Z5 { int :0; char a; };
        struct __attribute__((packed)) Z6 { char a; int :0; char b; };
        union ZU { char a; int :0; };`,
    subjects: [
      struct('Z1', [f('a', char), b(null, int, 0), f('b', char)]),
      struct('Z2', [b('a', char, 3), b(null, llong, 0), b('b', char, 2)]),
      struct('Z3', [b('a', int, 3), b(null, char, 0), b('b', int, 3)]),
      struct('Z4', [f('a', char), b(null, char, 0), f('b', char)]),
      struct('Z5', [b(null, int, 0), f('a', char)]),
      struct('Z6', [f('a', char), b(null, int, 0), f('b', char)], { packed: true }),
      union('ZU', [f('a', char), b(null, int, 0)]),
    ],
  },
  {
    name: 'unnamed bitfields: take space; alignment contribution differs per target',
    c: `struct U1 { char a; int :3; char b; };
        struct U2 { char a; long long :20; };
        struct U3 { short a; int :17; short b; };
        struct U4 { char a; int :3 __attribute__((aligned(8))); char b; };
        union UU { char c; int :9; };
        union UN { char c; int x:9; };`,
    subjects: [
      struct('U1', [f('a', char), b(null, int, 3), f('b', char)]),
      struct('U2', [f('a', char), b(null, llong, 20)]),
      struct('U3', [f('a', short), b(null, int, 17), f('b', short)]),
      struct('U4', [f('a', char), b(null, int, 3, { aligned: 8 }), f('b', char)]),
      union('UU', [f('c', char), b(null, int, 9)]),
      union('UN', [f('c', char), b('x', int, 9)]),
    ],
  },
  {
    name: 'packed: bitfields straddle freely (char ones too), on the struct or the member',
    c: `struct __attribute__((packed)) PB1 { char a:4; char b:6; int c:30; long long d:40; char e; short f:3; };
        struct PB2 { char a:4; int b:30 __attribute__((packed)); short c:12; char d:6 __attribute__((packed)); };
        struct __attribute__((packed)) PB3 { char a; int b:8; int c:16; int d:5; };`,
    subjects: [
      struct('PB1', [b('a', char, 4), b('b', char, 6), b('c', int, 30), b('d', llong, 40), f('e', char), b('f', short, 3)], { packed: true }),
      struct('PB2', [b('a', char, 4), b('b', int, 30, { packed: true }), b('c', short, 12), b('d', char, 6, { packed: true })]),
      struct('PB3', [f('a', char), b('b', int, 8), b('c', int, 16), b('d', int, 5)], { packed: true }),
    ],
  },
  {
    name: '#pragma pack(1/2/4) with bitfields (and without, for comparison)',
    c: `#pragma pack(1)
        struct PP1 ${PACK_BODY};
        #pragma pack(2)
        struct PP2 ${PACK_BODY};
        #pragma pack(4)
        struct PP4 ${PACK_BODY};
        #pragma pack()
        struct PP0 ${PACK_BODY};`,
    subjects: [
      struct('PP1', packBody(), { pack: 1 }),
      struct('PP2', packBody(), { pack: 2 }),
      struct('PP4', packBody(), { pack: 4 }),
      struct('PP0', packBody()),
    ],
  },
  {
    name: 'aligned(n) on bitfields and on structs with bitfields',
    c: `struct BA1 { char a; int b:3 __attribute__((aligned(4))); int c:5; };
        struct BA2 { char a:2; short b:3 __attribute__((aligned(8))); };
        struct __attribute__((aligned(16))) BA3 { char a:3; };
        #pragma pack(2)
        struct BA4 { char a; int b:3 __attribute__((aligned(8))); };`,
    subjects: [
      struct('BA1', [f('a', char), b('b', int, 3, { aligned: 4 }), b('c', int, 5)]),
      struct('BA2', [b('a', char, 2), b('b', short, 3, { aligned: 8 })]),
      struct('BA3', [b('a', char, 3)], { aligned: 16 }),
      struct('BA4', [f('a', char), b('b', int, 3, { aligned: 8 })], { pack: 2 }),
    ],
  },
  (() => {
    const i16 = typedef('bf_i16', int, { aligned: 16 });
    const i1 = typedef('bf_i1', int, { aligned: 1 });
    return {
      name: 'typedef-aligned bitfield types: over-aligned units; under-aligned ones that fill a mode',
      c: `typedef int bf_i16 __attribute__((aligned(16)));
          typedef int bf_i1 __attribute__((aligned(1)));
          struct T16 { char a; bf_i16 x:3; bf_i16 y:3; };
          struct T1 { char a; bf_i1 x:30; };
          struct T1b { bf_i1 x:32; };
          struct T1c { bf_i1 x:31; };
          struct T1d { char a; bf_i1 x:8; };
          struct T1e { short a; bf_i1 x:16; };
          struct T1f { char a; bf_i1 x:16; };`,
      subjects: [
        struct('T16', [f('a', char), b('x', i16, 3), b('y', i16, 3)]),
        struct('T1', [f('a', char), b('x', i1, 30)]),
        struct('T1b', [b('x', i1, 32)]),
        struct('T1c', [b('x', i1, 31)]),
        struct('T1d', [f('a', char), b('x', i1, 8)]),
        struct('T1e', [f('a', short), b('x', i1, 16)]),
        struct('T1f', [f('a', char), b('x', i1, 16)]),
      ],
    };
  })(),
  (() => {
    const i16 = typedef('bfp_i16', int, { aligned: 16 });
    return {
      name: 'unnamed and zero-width bitfields under packed and #pragma pack',
      c: `typedef int bfp_i16 __attribute__((aligned(16)));
          #pragma pack(1)
          struct UP1 { char a; int :3; char b; };
          struct UP1z { char a; bfp_i16 :0; char b; };
          #pragma pack(2)
          struct UP2 { char a; long long :9; char b; };
          struct UP2t { char a; bfp_i16 x:5; bfp_i16 :7; char b; };
          #pragma pack()
          struct __attribute__((packed)) UPK { char a; int :3; char b; long long :0; char c; };
          struct UZ16 { char a; bfp_i16 :0; char b; };
          struct UZE { int a:32; int :0; char b; short c:16; short :0; char d; };`,
      subjects: [
        struct('UP1', [f('a', char), b(null, int, 3), f('b', char)], { pack: 1 }),
        struct('UP1z', [f('a', char), b(null, i16, 0), f('b', char)], { pack: 1 }),
        struct('UP2', [f('a', char), b(null, llong, 9), f('b', char)], { pack: 2 }),
        struct('UP2t', [f('a', char), b('x', i16, 5), b(null, i16, 7), f('b', char)], { pack: 2 }),
        struct('UPK', [f('a', char), b(null, int, 3), f('b', char), b(null, llong, 0), f('c', char)], { packed: true }),
        struct('UZ16', [f('a', char), b(null, i16, 0), f('b', char)]),
        struct('UZE', [b('a', int, 32), b(null, int, 0), f('b', char), b('c', short, 16), b(null, short, 0), f('d', char)]),
      ],
    };
  })(),
  {
    name: 'bitfields in unions and inside anonymous members',
    c: `union BU { int a:9; char b:3; long long c:40; };
        struct NB { char x; struct { int a:3; int b:5; }; union { unsigned c:7; char d; }; short e:4; };`,
    subjects: [
      union('BU', [b('a', int, 9), b('b', char, 3), b('c', llong, 40)]),
      struct('NB', [
        f('x', char),
        f(null, struct(null, [b('a', int, 3), b('b', int, 5)])),
        f(null, union(null, [b('c', uint, 7), f('d', char)])),
        b('e', short, 4),
      ]),
    ],
  },
];

describeLayoutCases('bitfields', cases);
