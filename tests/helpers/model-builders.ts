/**
 * Small builders for hand-made model types in tests, until (and besides) the parser.
 *
 * Invariant: every builder returns exactly what the parser is specified to produce for the
 * equivalent C (cdef/types.ts): qualifiers in fields, entities from `newRecord`/`newEnum`,
 * interned primitives. Nothing here knows sizes. Positions are `<test>:line:0`, counting
 * entities so that error messages stay distinct and deterministic within a test file.
 */

import type { PrimitiveName } from '../../cdef/primitives.js';
import type { ArrayType, CType, EnumType, Field, Loc, NonVoidType, Quals, StructType, TypedefRef, UnionType, VectorType } from '../../cdef/types.js';
import { newEnum, newRecord, pointerTo, primitive } from '../../cdef/types.js';

let line = 0;
export function loc(file = '<test>'): Loc {
  line++;
  return { file, line, column: 0, offset: 0 };
}

export const p = (name: PrimitiveName) => primitive(name);
export const ptr = (to: CType, toQuals: Quals = 0) => pointerTo(to, toQuals);

export function array(of: CType, length: ArrayType['length'], ofQuals: Quals = 0): ArrayType {
  return { kind: 'array', of, ofQuals, length };
}

export function vector(of: CType, size: number): VectorType {
  return { kind: 'vector', of, size };
}

export interface FieldOptions {
  readonly aligned?: number;
  readonly packed?: boolean;
  readonly quals?: Quals;
}

export function field(name: string | null, type: NonVoidType, options: FieldOptions = {}): Field {
  return { name, type, quals: options.quals ?? 0, bitWidth: null, aligned: options.aligned ?? null, packed: options.packed ?? false, loc: loc() };
}

/** A bitfield: `bits('x', p('int'), 3)` is `int x : 3;`, `bits(null, p('int'), 0)` is `int : 0;`. */
export function bits(name: string | null, type: NonVoidType, width: number, options: FieldOptions = {}): Field {
  return { ...field(name, type, options), bitWidth: width };
}

export interface RecordOptions {
  readonly packed?: boolean;
  readonly pack?: number;
  readonly aligned?: number;
  readonly partial?: boolean;
}

function record(kind: 'struct' | 'union', name: string | null, fields: Field[] | null, options: RecordOptions): StructType | UnionType {
  const r = newRecord(kind, name, loc());
  r.fields = fields;
  r.packed = options.packed ?? false;
  r.pack = options.pack ?? null;
  r.aligned = options.aligned ?? null;
  r.partial = options.partial ?? false;
  return r;
}

export function struct(name: string | null, fields: Field[] | null, options: RecordOptions = {}): StructType {
  return record('struct', name, fields, options) as StructType;
}

export function union(name: string | null, fields: Field[] | null, options: RecordOptions = {}): UnionType {
  return record('union', name, fields, options) as UnionType;
}

/** `enum_('e', { A: 1, B: -2 })`; pass `null` for a declared but undefined enum. */
export function enum_(name: string | null, values: Record<string, number | bigint> | null, options: { packed?: boolean; partial?: boolean } = {}): EnumType {
  const e = newEnum(name, loc());
  e.values = values === null ? null : Object.entries(values).map(([n, v]) => ({ name: n, value: BigInt(v), loc: loc() }));
  e.packed = options.packed ?? false;
  e.partial = options.partial ?? false;
  return e;
}

export function typedef(name: string, target: CType, options: { aligned?: number; quals?: Quals } = {}): TypedefRef {
  return { kind: 'typedef-ref', name, target, targetQuals: options.quals ?? 0, aligned: options.aligned ?? null };
}
