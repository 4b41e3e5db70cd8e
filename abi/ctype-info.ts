/**
 * `ffi.typeof(...)`: a read-only view of one C type with its layout on the FFI's target,
 * in the spirit of cffi's `CType` objects (`kind`, `cname`, `fields`, `item`, `length`...).
 *
 * Invariant: a `CTypeInfo` is a thin wrapper over the model type; everything is computed
 * on access from the model and `Layouts`, so it can never disagree with `ffi.sizeof`.
 */

import { cName } from '../cdef/c-printer.js';
import type { CType, Quals } from '../cdef/types.js';
import { resolve } from '../cdef/types.js';
import type { Layouts } from './layout.js';

/** One member as `ffi.typeof('struct s').fields` lists it. */
export interface FieldInfo {
  /** Null for an anonymous struct/union member or an unnamed bitfield. */
  readonly name: string | null;
  readonly type: CTypeInfo;
  /** Byte offset from the start of the struct (for a bitfield: of the byte holding its bit 0). */
  readonly offset: number;
  /** Bitfields only: bit position from the start of the struct (bit 0 = LSB of byte 0). */
  readonly bitOffset?: number;
  readonly bitWidth?: number;
}

export class CTypeInfo {
  constructor(
    /** The model type, as declared (typedef names kept). */
    readonly type: CType,
    readonly quals: Quals,
    private readonly layouts: Layouts,
  ) {}

  /** The model kind after typedefs are looked through: `'struct'`, `'pointer'`, `'primitive'`... */
  get kind(): CType['kind'] {
    return resolve(this.type).type.kind;
  }

  /** The C spelling: `struct point`, `int (*)(const void *, const void *)`, `z_stream`. */
  get cname(): string {
    return cName(this.type, '', this.quals);
  }

  get size(): number {
    return this.layouts.sizeof(this.type);
  }

  get align(): number {
    return this.layouts.alignof(this.type);
  }

  /** Members of a struct or union, in declaration order; null for other kinds. */
  get fields(): FieldInfo[] | null {
    const t = resolve(this.type).type;
    if (t.kind !== 'struct' && t.kind !== 'union') return null;
    return this.layouts.record(t).fields.map((f) => ({
      name: f.name,
      type: new CTypeInfo(f.type, f.quals, this.layouts),
      offset: f.offset,
      ...(f.bitWidth !== undefined ? { bitOffset: f.bitOffset, bitWidth: f.bitWidth } : {}),
    }));
  }

  /** What a pointer points to or an array holds; null for other kinds. */
  get item(): CTypeInfo | null {
    const t = resolve(this.type).type;
    if (t.kind === 'pointer') return new CTypeInfo(t.to, t.toQuals, this.layouts);
    if (t.kind === 'array' || t.kind === 'vector') return new CTypeInfo(t.of, t.kind === 'array' ? t.ofQuals : 0, this.layouts);
    return null;
  }

  /** Array length (`'flexible'`, `'unknown'` or `'...'` when not a number); null for non-arrays. */
  get length(): number | 'flexible' | 'unknown' | '...' | null {
    const t = resolve(this.type).type;
    return t.kind === 'array' ? t.length : null;
  }

  /** Enumerators of an enum as name -> value; null for other kinds. */
  get elements(): Record<string, number | bigint> | null {
    const t = resolve(this.type).type;
    if (t.kind !== 'enum') return null;
    return Object.fromEntries((t.values ?? []).map((v) => [v.name, jsInteger(v.value)]));
  }

  /** Function result type; null for non-functions. */
  get result(): CTypeInfo | null {
    const t = resolve(this.type).type;
    return t.kind === 'function' ? new CTypeInfo(t.result, t.resultQuals, this.layouts) : null;
  }

  /** Function parameter types; null for non-functions. */
  get args(): CTypeInfo[] | null {
    const t = resolve(this.type).type;
    return t.kind === 'function' ? t.params.map((p) => new CTypeInfo(p.type, p.quals, this.layouts)) : null;
  }

  get variadic(): boolean {
    const t = resolve(this.type).type;
    return t.kind === 'function' && t.variadic;
  }

  toString(): string {
    return `<ctype '${this.cname}'>`;
  }
}

/** A C integer as JS sees it: a number when exact, a BigInt beyond 2^53. */
export function jsInteger(v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}
