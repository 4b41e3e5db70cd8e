/**
 * Target descriptions: the facts about a C ABI that layout needs, one record per target.
 *
 * Invariants:
 * - The primitive table of a target is keyed by the *base* names of `cdef/primitives.ts`'s
 *   `PRIMITIVES` (entries that stand for themselves); the type `BasePrimitiveName` is derived
 *   from that table, so adding a base primitive there fails to typecheck here until every
 *   target gives it a size. Built-in typedef names (`size_t`, `int32_t`...) are never listed:
 *   they go through `primitiveBase`.
 * - Every number describes GCC with default flags for the target (no `-mavx`, no
 *   `-fshort-enums`, no `-fpack-struct`) and is checked against the compiler by
 *   `tests/abi/primitives.test.ts`.
 * - Targets are frozen values; code compares them by `name`.
 */

import { PRIMITIVES, primitiveBase, primitiveClass, type PrimitiveName } from '../cdef/primitives.js';

export type TargetName = 'x86_64' | 'aarch64';

/** Primitive names that are types in their own right (`int`, `wchar_t`), not aliases (`size_t`). */
export type BasePrimitiveName = {
  [K in PrimitiveName]: (typeof PRIMITIVES)[K][1] extends null ? K : never;
}[PrimitiveName];

/** Size and alignment in bytes. */
export interface Scalar {
  readonly size: number;
  readonly align: number;
}

/** How bitfields differ between targets (everything else follows GCC's common PCC rules). */
export interface BitfieldRules {
  /**
   * Whether an unnamed bitfield (`int : 3;`, `long : 0;`) raises the alignment of the struct
   * to its declared type's alignment, as a named one does. GCC's TARGET_ALIGN_ANON_BITFIELD:
   * false on x86_64 (`struct { char a; int : 0; char b; }` is 5 bytes, align 1), true on
   * aarch64 (the same struct is 8 bytes, align 4, even under `packed` or `#pragma pack(1)`).
   */
  readonly unnamedAffectAlignment: boolean;
}

export interface Target {
  readonly name: TargetName;
  /** GNU triplet, the prefix of the cross tools: `aarch64-linux-gnu`. */
  readonly triplet: string;
  readonly primitives: Readonly<Record<BasePrimitiveName, Scalar>>;
  readonly pointer: Scalar;
  /** Plain `char` is signed (x86_64) or unsigned (aarch64). */
  readonly charSigned: boolean;
  /** `wchar_t` is `int` (x86_64) or `unsigned int` (aarch64). */
  readonly wcharSigned: boolean;
  /** The format behind `long double` (both 16 bytes, align 16). */
  readonly longDouble: 'x87-extended' | 'ieee-binary128';
  /** x86_64's `va_list` is an array type (`__va_list_tag[1]`, decays to a pointer); aarch64's a struct. */
  readonly vaListIsArray: boolean;
  /** `__BIGGEST_ALIGNMENT__`: what a bare `__attribute__((aligned))` means. */
  readonly biggestAlignment: number;
  /** GCC aligns a vector type to its size, capped at this (BIGGEST_ALIGNMENT without -mavx on x86_64). */
  readonly vectorAlignCap: number;
  readonly bitfields: BitfieldRules;
}

/** LP64 sizes shared by both targets; each target overrides what differs. */
const LP64: Record<BasePrimitiveName, Scalar> = {
  char: { size: 1, align: 1 },
  'signed char': { size: 1, align: 1 },
  'unsigned char': { size: 1, align: 1 },
  short: { size: 2, align: 2 },
  'unsigned short': { size: 2, align: 2 },
  int: { size: 4, align: 4 },
  'unsigned int': { size: 4, align: 4 },
  long: { size: 8, align: 8 },
  'unsigned long': { size: 8, align: 8 },
  'long long': { size: 8, align: 8 },
  'unsigned long long': { size: 8, align: 8 },
  __int128: { size: 16, align: 16 },
  'unsigned __int128': { size: 16, align: 16 },
  _Bool: { size: 1, align: 1 },
  float: { size: 4, align: 4 },
  double: { size: 8, align: 8 },
  'long double': { size: 16, align: 16 },
  _Float128: { size: 16, align: 16 },
  'float _Complex': { size: 8, align: 4 },
  'double _Complex': { size: 16, align: 8 },
  'long double _Complex': { size: 32, align: 16 },
  __builtin_va_list: { size: 24, align: 8 },
  wchar_t: { size: 4, align: 4 },
};

function freeze(target: Target): Target {
  return Object.freeze({ ...target, primitives: Object.freeze({ ...target.primitives }), bitfields: Object.freeze({ ...target.bitfields }) });
}

const TARGETS: Record<TargetName, Target> = {
  x86_64: freeze({
    name: 'x86_64',
    triplet: 'x86_64-linux-gnu',
    primitives: LP64,
    pointer: { size: 8, align: 8 },
    charSigned: true,
    wcharSigned: true,
    longDouble: 'x87-extended',
    vaListIsArray: true,
    biggestAlignment: 16,
    vectorAlignCap: 16,
    bitfields: { unnamedAffectAlignment: false },
  }),
  aarch64: freeze({
    name: 'aarch64',
    triplet: 'aarch64-linux-gnu',
    primitives: { ...LP64, __builtin_va_list: { size: 32, align: 8 } },
    pointer: { size: 8, align: 8 },
    charSigned: false,
    wcharSigned: false,
    longDouble: 'ieee-binary128',
    vaListIsArray: false,
    biggestAlignment: 16,
    vectorAlignCap: 16,
    bitfields: { unnamedAffectAlignment: true },
  }),
};

export const TARGET_NAMES: readonly TargetName[] = Object.freeze(Object.keys(TARGETS) as TargetName[]);

export function getTarget(name: TargetName): Target {
  const target = TARGETS[name];
  if (!target) throw new Error(`unknown target '${String(name)}' (known: ${TARGET_NAMES.join(', ')})`);
  return target;
}

/** The target this process runs on, if it is one we describe. */
export function hostTarget(): Target | null {
  const arch = process.arch === 'x64' ? 'x86_64' : process.arch === 'arm64' ? 'aarch64' : null;
  return arch && process.platform === 'linux' ? getTarget(arch) : null;
}

/** Size and alignment of any primitive name, built-in typedef names included (`size_t`). */
export function primitiveScalar(target: Target, name: PrimitiveName): Scalar {
  return target.primitives[primitiveBase(name) as BasePrimitiveName];
}

/**
 * Width and signedness of an integer-like primitive (`char`, `_Bool`, `wchar_t`, `size_t`...),
 * null for floating, complex and `va_list` types. `_Bool` is 8 bits of storage, unsigned.
 */
export function primitiveIntInfo(target: Target, name: PrimitiveName): { bits: number; signed: boolean } | null {
  const base = primitiveBase(name);
  const cls = primitiveClass(base);
  if (cls !== 'integer' && cls !== 'char' && cls !== 'bool') return null;
  const bits = primitiveScalar(target, base).size * 8;
  if (cls === 'bool') return { bits, signed: false };
  if (cls === 'char') return { bits, signed: target.charSigned };
  if (base === 'wchar_t') return { bits, signed: target.wcharSigned };
  return { bits, signed: !base.startsWith('unsigned ') };
}

/** Every primitive name of `PRIMITIVES`, for tables and tests that must cover them all. */
export const PRIMITIVE_NAMES: readonly PrimitiveName[] = Object.freeze(Object.keys(PRIMITIVES) as PrimitiveName[]);
