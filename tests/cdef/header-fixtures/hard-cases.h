/*
 * Hard cases for tests/cdef/headers.test.ts: checked against gcc by the same oracle as the
 * system headers (every struct, member, bitfield, enumerator, typedef and #define below).
 */
#ifndef HARD_CASES_H
#define HARD_CASES_H
#include <stddef.h>
#include <stdint.h>

typedef unsigned char u8;
typedef unsigned int u32;

/* Layout */
struct bits { unsigned a : 3; int : 0; signed b : 5; unsigned long c : 40; struct { u8 d : 2; u8 e : 7; }; _Bool f : 1; int : 4; short g : 9; };
struct __attribute__((packed)) pk { char a; int b; unsigned c : 12; long d; };
#pragma pack(push, 2)
struct pp { char a; double b; int c : 20; int d : 20; };
#pragma pack(pop)
struct al { char a; int b __attribute__((aligned(16))); char c; } __attribute__((aligned(32)));
struct bare { char a; } __attribute__((aligned));
struct alignas_ { char a; _Alignas(8) char b; };
struct flex { int n; struct bits items[3][2]; double tail[]; };
struct zero { int n; char z[0]; };
struct wide { char a; long double ld; __int128 i; unsigned __int128 u : 100; };
union ubits { unsigned a : 3; unsigned long long b : 60; char c[5]; };
struct nest { int a; union { struct { short lo, hi; }; int whole; }; union ubits arr[2]; };
enum small_e { SE1 = 1, SE2 = 3 };
struct ebits { enum small_e e : 2; enum small_e f; };
typedef union { int i; float f; struct { short lo, hi; } parts; } anon_u;
typedef struct al al_t __attribute__((aligned(64)));
typedef void (*callback_t)(int, void *);

/* Enums */
enum neg { N1 = -5, N2, N3 = 0x7fffffff };
enum big { B1 = 0xffffffffUL, B2 };
enum __attribute__((packed)) small { S1 = 1, S2 = 200 };
typedef enum { T1 = -1, T2 = (u8)-1 * 2, T3 = (u32)(-1) } te;

/* A member named like a macro defined after it: the member keeps its name. */
struct shadow { int member_x; int si_y; };
#define member_x oops_not_a_member

/* #defines: integer constant expressions or not, as gcc decides */
#define D_CAST ((u32)(-1))
#define D_CAST2 ((u8)-1*2)
#define D_STR "hello"
#define D_FLOAT 1.5
#define D_FLOATCAST ((int)2.5)
#define D_NEGFLOATCAST ((int)-2.5)
#define D_TYPEDEFFLOATCAST ((u8)(2.5))
#define D_EMPTY
#define D_CHAR '\xff'
#define D_WCHAR L'x'
#define D_SIZEOF (sizeof(struct flex))
#define D_OFFSETOF offsetof(struct nest, arr[1])
#define D_OFFSETOF_BITFIELD offsetof(struct bits, g)
#define D_FN(x) ((x) + 1)
#define D_USEFN D_FN(41)
#define D_COMMA (1, 2)
#define D_COND (1 ? 2 : 3)
#define D_ENUMREF (N2 + 1)
#define D_ULLMAX 0xffffffffffffffffULL
#define D_NEGLL (-9223372036854775807LL - 1)
#define D_TYPE unsigned int
#define D_PTR ((void *)0)
#define D_PTRDIFF ((char *)8 - (char *)0)
#define D_FCMP (1.0 > 0)
#define D_BOOLCAST ((_Bool)5)
#define D_INT128 ((unsigned __int128)1 << 70 >> 70)
#define D_ALIGNOF _Alignof(struct al)
#define D_TRUE (1==1)
#define D_SELF D_SELF
#define D_DIV0 (1/0)
#define D_SIGNEDCHAR ((signed char)200)
#define D_CHARCONST ('a' + 1)
#define D_MULTICHAR 'ab'
#define D_OCT 0777
#define D_BIN 0b101
#define D_LONGLIT 4294967296
#define D_HEXU 0xFFFFFFFF
#define D_SUB (D_HEXU - 1 - D_OCT)
#define D_NOT (!0)
#define D_ULONG (~0UL)
#define D_SIZE_MAX SIZE_MAX
#define D_UINT8C UINT8_C(255)
#define D_INT64_MAX INT64_MAX
#define D_VARIABLE errno_like
extern int errno_like;

#endif
