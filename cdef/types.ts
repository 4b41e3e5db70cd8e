/**
 * The C type model: a closed discriminated union on `kind`.
 *
 * Invariants this file holds:
 * - Types are values. `void`, primitives, pointers, arrays, vectors and functions are
 *   compared by shape (`sameType`); struct, union and enum types are named entities compared
 *   by identity, created once per tag and completed in place when their body is seen
 *   (`fields: null` / `values: null` means declared but incomplete).
 * - Qualifiers live where a type is *used*, never in wrapper nodes: a pointer records the
 *   qualifiers of what it points to (`toQuals`), a field, parameter, variable or typedef records
 *   the qualifiers of its own type. So `const char *const p` is a variable with
 *   `quals: CONST` whose type is `{ kind: 'pointer', to: char, toQuals: CONST }`.
 * - Nothing here knows sizes: layout is `abi/`'s business.
 */

import type { PrimitiveName } from './primitives.js';

/**
 * A position in C source. `line` is 1-based, `column` 0-based (UTF-16 units), `offset` is the
 * index into the text that was parsed (after preprocessing, for headers).
 * Example: in `int f(void);` read from `api.h`, `f` has `{ file: 'api.h', line: 1, column: 4 }`.
 */
export interface Loc {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly offset: number;
}

/** Qualifier bit set. `const volatile int` carries `Q.const | Q.volatile`. */
export type Quals = number;
export const Q = { none: 0, const: 1, volatile: 2, restrict: 4, atomic: 8 } as const;

/** C spelling of a qualifier set, in C's conventional order: `const volatile restrict`. */
export function qualsText(quals: Quals): string {
  const words: string[] = [];
  if (quals & Q.const) words.push('const');
  if (quals & Q.volatile) words.push('volatile');
  if (quals & Q.restrict) words.push('restrict');
  if (quals & Q.atomic) words.push('_Atomic');
  return words.join(' ');
}

/** `void`: only as a function result, behind a pointer, or as `(void)` (which means no params). */
export interface VoidType {
  readonly kind: 'void';
}

/** A built-in arithmetic type or a well-known typedef such as `size_t`: `unsigned long`, `double`. */
export interface PrimitiveType {
  readonly kind: 'primitive';
  readonly name: PrimitiveName;
}

/** `T *`. `char const *` is `{ to: char, toQuals: Q.const }`. */
export interface PointerType {
  readonly kind: 'pointer';
  readonly to: CType;
  readonly toQuals: Quals;
}

/**
 * `T[n]`. `length` is a number for `int a[4]`, `'flexible'` for a flexible array member
 * (`char data[];` as the last field), `'unknown'` for an incomplete array (`extern int a[];`),
 * and `'...'` for cffi's placeholder `int a[...]`, to be filled in by a compiler (API mode).
 */
export interface ArrayType {
  readonly kind: 'array';
  readonly of: CType;
  readonly ofQuals: Quals;
  readonly length: number | 'flexible' | 'unknown' | '...';
}

/** GCC vector: `typedef int v4si __attribute__((vector_size(16)));` -> `{ of: int, size: 16 }`. */
export interface VectorType {
  readonly kind: 'vector';
  readonly of: CType;
  /** Size in bytes, as written in `vector_size(n)`. */
  readonly size: number;
}

/** One parameter of a function type. `name` is null in `int f(int)`. Never of type `void`. */
export interface Param {
  readonly name: string | null;
  readonly type: NonVoidType;
  readonly quals: Quals;
  readonly loc: Loc;
}

/**
 * A function type. `int printf(const char *, ...)` has `variadic: true`; `int f()` (no
 * prototype, any arguments) has `prototyped: false` and no params; `int f(void)` is prototyped
 * with no params.
 */
export interface FunctionType {
  readonly kind: 'function';
  readonly result: CType;
  readonly resultQuals: Quals;
  readonly params: readonly Param[];
  readonly variadic: boolean;
  readonly prototyped: boolean;
}

/**
 * One member of a struct or union. `name` is null for an anonymous struct/union member
 * (`struct { union { int a; float b; }; }`) and for an unnamed bitfield (`int : 3;`).
 */
export interface Field {
  readonly name: string | null;
  readonly type: NonVoidType;
  readonly quals: Quals;
  /** Bit width of a bitfield (`unsigned flag : 1` -> 1, `int : 0` -> 0), null otherwise. */
  readonly bitWidth: number | null;
  /** `__attribute__((aligned(n)))` or `_Alignas(n)` on the field. */
  readonly aligned: number | null;
  /** `__attribute__((packed))` on the field itself. */
  readonly packed: boolean;
  readonly loc: Loc;
}

/** State shared by struct and union types: a named, mutable entity. */
export interface RecordType {
  readonly kind: 'struct' | 'union';
  /** The tag (`struct point` -> `point`), or null for `struct { ... }`. */
  readonly name: string | null;
  /** Members, or null while only declared (`struct opaque;`). */
  fields: Field[] | null;
  /** cffi's `struct s { int x; ...; }`: more members exist; a compiler must lay it out. */
  partial: boolean;
  /** `__attribute__((packed))` on the type. */
  packed: boolean;
  /** Maximum member alignment from `#pragma pack(n)` or the `pack` option, null if none. */
  pack: number | null;
  /** `__attribute__((aligned(n)))` on the type. */
  aligned: number | null;
  /** Where the tag was first declared; updated to the body when it is completed. */
  loc: Loc;
  /** Unique per entity, for maps and debugging. */
  readonly id: number;
}

export interface StructType extends RecordType {
  readonly kind: 'struct';
}

export interface UnionType extends RecordType {
  readonly kind: 'union';
}

/** One enumerator: `GREEN = 5` -> `{ name: 'GREEN', value: 5n }`. */
export interface Enumerator {
  readonly name: string;
  readonly value: bigint;
  readonly loc: Loc;
}

/** `enum color { RED, GREEN = 5 }`. A named entity like structs; `values: null` until defined. */
export interface EnumType {
  readonly kind: 'enum';
  readonly name: string | null;
  values: Enumerator[] | null;
  /** cffi's `enum e { A, B, ... }`: more values exist; a compiler must fill them in. */
  partial: boolean;
  /** `__attribute__((packed))`: the smallest integer type that holds every value. */
  packed: boolean;
  loc: Loc;
  readonly id: number;
}

/**
 * A type whose definition is not given: cffi's `typedef ... handle_t;` (`integer: false`, usable
 * only behind pointers) and `typedef int... id_t;` (`integer: true`, an integer type of unknown
 * size a compiler must resolve).
 */
export interface OpaqueType {
  readonly kind: 'opaque';
  readonly name: string;
  readonly integer: boolean;
}

/**
 * A use of a typedef name. Keeps the name for printing (`z_stream`, not `struct z_stream_s`)
 * and the resolved target. `targetQuals` are the qualifiers written in the typedef
 * (`typedef const int cint;`), `aligned` an alignment attribute on the typedef.
 */
export interface TypedefRef {
  readonly kind: 'typedef-ref';
  readonly name: string;
  readonly target: CType;
  readonly targetQuals: Quals;
  readonly aligned: number | null;
}

export type CType =
  | VoidType
  | PrimitiveType
  | PointerType
  | ArrayType
  | VectorType
  | FunctionType
  | StructType
  | UnionType
  | EnumType
  | OpaqueType
  | TypedefRef;

export type NonVoidType = Exclude<CType, VoidType>;
export type CTypeKind = CType['kind'];

export const VOID: VoidType = Object.freeze({ kind: 'void' });

const primitiveCache = new Map<PrimitiveName, PrimitiveType>();
/** The (interned) primitive type of this name. */
export function primitive(name: PrimitiveName): PrimitiveType {
  let t = primitiveCache.get(name);
  if (!t) primitiveCache.set(name, (t = Object.freeze({ kind: 'primitive', name })));
  return t;
}

export function pointerTo(to: CType, toQuals: Quals = 0): PointerType {
  return { kind: 'pointer', to, toQuals };
}

let nextEntityId = 1;
export function newRecord(kind: 'struct' | 'union', name: string | null, loc: Loc): StructType | UnionType {
  return { kind, name, fields: null, partial: false, packed: false, pack: null, aligned: null, loc, id: nextEntityId++ } as StructType | UnionType;
}
export function newEnum(name: string | null, loc: Loc): EnumType {
  return { kind: 'enum', name, values: null, partial: false, packed: false, loc, id: nextEntityId++ };
}

/** Follow typedefs to the underlying type, accumulating the qualifiers typedefs add. */
export function resolve(type: CType, quals: Quals = 0): { type: CType; quals: Quals } {
  while (type.kind === 'typedef-ref') {
    quals |= type.targetQuals;
    type = type.target;
  }
  return { type, quals };
}

/** Follow typedefs only. */
export function underlying(type: CType): CType {
  while (type.kind === 'typedef-ref') type = type.target;
  return type;
}

export function isRecord(type: CType): type is StructType | UnionType {
  return type.kind === 'struct' || type.kind === 'union';
}

/**
 * Shape equality, as C's type compatibility sees declarations: typedefs are looked through,
 * named entities compare by identity, parameter names do not matter, and an unprototyped
 * function matches any prototype with the same result.
 */
export function sameType(a: CType, b: CType, qa: Quals = 0, qb: Quals = 0): boolean {
  const ra = resolve(a, qa);
  const rb = resolve(b, qb);
  if (ra.quals !== rb.quals) return false;
  return sameShape(ra.type, rb.type);
}

function sameShape(a: CType, b: CType): boolean {
  if (a === b) return true;
  switch (a.kind) {
    case 'void':
      return b.kind === 'void';
    case 'primitive':
      return b.kind === 'primitive' && a.name === b.name;
    case 'pointer':
      return b.kind === 'pointer' && sameType(a.to, b.to, a.toQuals, b.toQuals);
    case 'array':
      return b.kind === 'array' && a.length === b.length && sameType(a.of, b.of, a.ofQuals, b.ofQuals);
    case 'vector':
      return b.kind === 'vector' && a.size === b.size && sameType(a.of, b.of);
    case 'function':
      if (b.kind !== 'function' || !sameType(a.result, b.result)) return false;
      if (!a.prototyped || !b.prototyped) return true;
      return (
        a.variadic === b.variadic &&
        a.params.length === b.params.length &&
        a.params.every((p, i) => sameType(p.type, b.params[i]!.type))
      );
    case 'opaque':
      return b.kind === 'opaque' && a.name === b.name && a.integer === b.integer;
    case 'struct':
    case 'union':
    case 'enum':
      // Entities: identity was checked above. Distinct entities are the same type when they
      // carry the same tag (a re-parse of the same header) or, untagged, the same members.
      if (b.kind !== a.kind) return false;
      if (a.name !== null || b.name !== null) return a.name === b.name;
      return a.kind === 'enum' ? sameEnumerators(a, b as EnumType) : sameMembers(a, b as RecordType);
    case 'typedef-ref':
      return false; // resolved away by sameType
  }
}

/** Whether two record bodies declare the same members with the same attributes. */
export function sameMembers(a: RecordType, b: RecordType): boolean {
  if (a.packed !== b.packed || a.pack !== b.pack || a.aligned !== b.aligned || a.partial !== b.partial) return false;
  if (a.fields === null || b.fields === null) return a.fields === b.fields;
  const bf = b.fields;
  return a.fields.length === bf.length && a.fields.every((f, i) => {
    const g = bf[i]!;
    return f.name === g.name && f.bitWidth === g.bitWidth && f.aligned === g.aligned && f.packed === g.packed &&
      sameType(f.type, g.type, f.quals, g.quals);
  });
}

/** Whether two enum bodies declare the same enumerators. */
export function sameEnumerators(a: EnumType, b: EnumType): boolean {
  if (a.packed !== b.packed || a.partial !== b.partial) return false;
  if (a.values === null || b.values === null) return a.values === b.values;
  const bv = b.values;
  return a.values.length === bv.length && a.values.every((v, i) => v.name === bv[i]!.name && v.value === bv[i]!.value);
}
