/**
 * Memory layout of model types for one target: sizeof, alignof, offsetof, record and enum
 * layout. Pure TypeScript, no native code; gcc is the reference (tests/abi compare every
 * number with what the compiler reports for the same declarations, on both targets).
 *
 * Invariants:
 * - A `Layouts` is bound to one target and caches per entity (WeakMap on the struct, union
 *   or enum object), so a layout is computed once and never outlives its type. Failures are
 *   not cached: an incomplete struct that is completed later lays out then.
 * - Types that have no layout without a compiler (cffi's partial `...` structs, enums and
 *   arrays, `typedef int... t;`), or none at all (void, functions, opaque and incomplete
 *   types, arrays of unknown length), raise `LayoutError` naming the type with `cName`.
 * - Records are laid out by `record-layout.ts` (GCC's place_field); this file measures the
 *   types of their members and follows paths into them.
 */

import { cName } from '../cdef/c-printer.js';
import type { PrimitiveName } from '../cdef/primitives.js';
import { primitiveClass } from '../cdef/primitives.js';
import type { CType, EnumType, Quals, StructType, UnionType } from '../cdef/types.js';
import { underlying } from '../cdef/types.js';
import { during, LayoutError } from './layout-error.js';
import { alignAttribute, layoutRecord, type FieldLayout, type RecordLayout } from './record-layout.js';
import { primitiveIntInfo, primitiveScalar, type Scalar, type Target } from './target.js';

export { LayoutError } from './layout-error.js';
export type { FieldLayout, RecordLayout } from './record-layout.js';

/** What `fieldPath` finds: a member's type and where it is, from the start of the outer type. */
export interface FieldInfo {
  readonly type: CType;
  /** Qualifiers accumulated along the path (member, array element and typedef qualifiers). */
  readonly quals: Quals;
  readonly offset: number;
  readonly bitOffset?: number;
  readonly bitWidth?: number;
}

export interface IntInfo {
  readonly bits: number;
  readonly signed: boolean;
}

/** Enum base types GCC picks from, smallest first, for `packed` enums and for plain ones. */
const PACKED_ENUM_BASES = [
  ['signed char', 'unsigned char'],
  ['short', 'unsigned short'],
  ['int', 'unsigned int'],
  ['long', 'unsigned long'],
] as const satisfies readonly (readonly [PrimitiveName, PrimitiveName])[];
const ENUM_BASES = PACKED_ENUM_BASES.slice(2);

export class Layouts {
  private readonly records = new WeakMap<StructType | UnionType, RecordLayout>();
  private readonly enums = new WeakMap<EnumType, PrimitiveName>();
  private readonly inProgress = new Set<StructType | UnionType>();

  constructor(readonly target: Target) {}

  sizeof(type: CType): number {
    return during(() => `sizeof(${cName(type)})`, () => this.scalar(type, false).size);
  }

  /** Alignment; unlike GCC's `_Alignof`, also defined for arrays of unknown length (their element's). */
  alignof(type: CType): number {
    return during(() => `alignof(${cName(type)})`, () => this.scalar(type, true).align);
  }

  /** A layout a compiler determined (API mode's `...` structs), used instead of computing one. */
  provide(type: StructType | UnionType, layout: RecordLayout): void {
    this.records.set(type, layout);
  }

  /** The base type a compiler determined for a `...` enum. */
  provideEnumBase(type: EnumType, base: PrimitiveName): void {
    this.enums.set(type, base);
  }

  record(type: StructType | UnionType): RecordLayout {
    return during(() => `layout of ${cName(type)}`, () => this.recordLayout(type));
  }

  /** The integer type GCC gives an enum (without -fshort-enums). */
  enumBase(type: EnumType): PrimitiveName {
    return during(() => `underlying type of ${cName(type)}`, () => this.enumBaseOf(type));
  }

  /**
   * Integer width and signedness (`char` per target, `_Bool` as 8 unsigned bits, enums by
   * their base type), null for types that are not integers.
   */
  intInfo(type: CType): IntInfo | null {
    return during(() => `integer type ${cName(type)}`, () => this.intInfoOf(type));
  }

  /**
   * Follow a member path: `a.b.c`, with array indices as `a.3.b` or `a[3].b`. Members of
   * anonymous struct/union members are found by their own names, as C does. Offsets are from
   * the start of `type`.
   */
  fieldPath(type: CType, path: string): FieldInfo {
    return during(() => `offsetof(${cName(type)}, ${path})`, () => this.followPath(type, path));
  }

  // -------------------------------------------------------------------------------------

  /** Size and alignment. `unsized` accepts arrays of unknown length (size 0): flexible members, alignof. */
  private scalar(type: CType, unsized: boolean): Scalar {
    switch (type.kind) {
      case 'void':
        throw new LayoutError(`'void' has no size`);
      case 'primitive':
        return primitiveScalar(this.target, type.name);
      case 'pointer':
        return this.target.pointer;
      case 'array': {
        if (type.length === '...') throw new LayoutError(`the length of '${cName(type)}' is '...': its layout needs a compiler (API mode)`);
        const element = this.scalar(type.of, false);
        if (element.size > 0 && element.size % element.align !== 0) {
          throw new LayoutError(
            element.align > element.size
              ? `alignment of array elements is greater than element size in '${cName(type)}'`
              : `size of array element is not a multiple of its alignment in '${cName(type)}'`,
          );
        }
        if (typeof type.length === 'number') return { size: element.size * type.length, align: element.align };
        if (!unsized) throw new LayoutError(`array of unknown length '${cName(type)}' has no size`);
        return { size: 0, align: element.align };
      }
      case 'vector': {
        const element = this.scalar(type.of, false);
        const count = type.size / element.size;
        if (!Number.isInteger(count) || count < 1 || (count & (count - 1)) !== 0) {
          throw new LayoutError(`vector size ${type.size} of '${cName(type)}' is not a power-of-two multiple of its element size`);
        }
        return { size: type.size, align: Math.min(type.size, this.target.vectorAlignCap) };
      }
      case 'function':
        throw new LayoutError(`function type '${cName(type)}' has no size`);
      case 'struct':
      case 'union': {
        const { size, align } = this.recordLayout(type);
        return { size, align };
      }
      case 'enum':
        return primitiveScalar(this.target, this.enumBaseOf(type));
      case 'opaque':
        throw new LayoutError(
          type.integer
            ? `'${type.name}' is an integer type of unknown size ('typedef int... ${type.name};'): its layout needs a compiler (API mode)`
            : `opaque type '${type.name}' has no known size ('typedef ... ${type.name};'; use it through a pointer)`,
        );
      case 'typedef-ref': {
        const inner = this.scalar(type.target, unsized);
        // GCC lets aligned(n) on a typedef both raise and lower the alignment.
        return type.aligned !== null ? { size: inner.size, align: alignAttribute(type.aligned, this.target) } : inner;
      }
    }
  }

  private recordLayout(type: StructType | UnionType): RecordLayout {
    const cached = this.records.get(type);
    if (cached) return cached;
    if (type.fields === null) throw new LayoutError(`incomplete type '${cName(type)}'`);
    if (type.partial) throw new LayoutError(`'${cName(type)}' is declared with '...' (partial): its layout needs a compiler (API mode)`);
    if (this.inProgress.has(type)) throw new LayoutError(`'${cName(type)}' contains itself`);
    this.inProgress.add(type);
    try {
      const layout = layoutRecord(type, this.target, {
        scalar: (t, flexible) => this.scalar(t, flexible),
        bitfieldBits: (t) => this.bitfieldBits(t),
      });
      this.records.set(type, layout);
      return layout;
    } finally {
      this.inProgress.delete(type);
    }
  }

  private enumBaseOf(type: EnumType): PrimitiveName {
    const cached = this.enums.get(type);
    if (cached) return cached;
    if (type.values === null) throw new LayoutError(`incomplete type '${cName(type)}'`);
    if (type.partial) throw new LayoutError(`'${cName(type)}' is declared with '...' (partial): its values need a compiler (API mode)`);
    let min = 0n, max = 0n;
    type.values.forEach((e, i) => {
      if (i === 0 || e.value < min) min = e.value;
      if (i === 0 || e.value > max) max = e.value;
    });
    const unsigned = min >= 0n;
    // Bits needed for every value: value bits, plus a sign bit if any value is negative.
    const bits = (v: bigint): number => (v < 0n ? (-v - 1n).toString(2).length : v.toString(2).length) + (unsigned ? 0 : 1);
    const precision = Math.max(bits(min), bits(max));
    for (const [signedName, unsignedName] of type.packed ? PACKED_ENUM_BASES : ENUM_BASES) {
      const name = unsigned ? unsignedName : signedName;
      if (primitiveScalar(this.target, name).size * 8 >= precision) {
        this.enums.set(type, name);
        return name;
      }
    }
    throw new LayoutError(`enumeration values of '${cName(type)}' exceed range of largest integer`);
  }

  private intInfoOf(type: CType): IntInfo | null {
    switch (type.kind) {
      case 'primitive':
        return primitiveIntInfo(this.target, type.name);
      case 'enum':
        return primitiveIntInfo(this.target, this.enumBaseOf(type));
      case 'typedef-ref':
        return this.intInfoOf(type.target);
      case 'opaque':
        if (type.integer) this.scalar(type, false); // throws: needs a compiler
        return null;
      default:
        return null;
    }
  }

  private bitfieldBits(type: CType): number | null {
    const t = underlying(type);
    if (t.kind === 'primitive' && primitiveClass(t.name) === 'bool') return 1;
    return this.intInfoOf(t)?.bits ?? null;
  }

  private followPath(type: CType, path: string): FieldInfo {
    let current: FieldInfo = { type, quals: 0, offset: 0 };
    for (const step of parsePath(path)) {
      if (current.bitWidth !== undefined) throw new LayoutError(`cannot take a member of bit-field at '${step}'`);
      let t = current.type;
      let quals = current.quals;
      while (t.kind === 'typedef-ref') {
        quals |= t.targetQuals;
        t = t.target;
      }
      if (typeof step === 'number') {
        if (t.kind !== 'array') throw new LayoutError(`subscripted value '${cName(t)}' is not an array`);
        if (typeof t.length === 'number' && step >= t.length) throw new LayoutError(`index ${step} is out of bounds for '${cName(t)}'`);
        const size = this.scalar(t.of, false).size;
        current = { type: t.of, quals: quals | t.ofQuals, offset: current.offset + step * size };
        continue;
      }
      if (t.kind !== 'struct' && t.kind !== 'union') throw new LayoutError(`request for member '${step}' in something not a structure or union ('${cName(t)}')`);
      const found = this.findMember(t, step);
      if (!found) throw new LayoutError(`'${cName(t)}' has no member named '${step}'`);
      current = {
        type: found.type,
        quals: quals | found.quals,
        offset: current.offset + found.offset,
        ...(found.bitOffset !== undefined ? { bitOffset: current.offset * 8 + found.bitOffset, bitWidth: found.bitWidth } : {}),
      };
    }
    return current;
  }

  /** A member by name, looking into anonymous struct/union members; offsets from `record`'s start. */
  private findMember(record: StructType | UnionType, name: string): FieldLayout | null {
    const layout = this.recordLayout(record);
    for (const field of layout.fields) if (field.name === name) return field;
    for (const field of layout.fields) {
      let t = field.type;
      while (t.kind === 'typedef-ref') t = t.target;
      if (field.name !== null || field.bitWidth !== undefined || (t.kind !== 'struct' && t.kind !== 'union')) continue;
      const inner = this.findMember(t, name);
      if (!inner) continue;
      return {
        ...inner,
        quals: inner.quals | field.quals,
        offset: field.offset + inner.offset,
        ...(inner.bitOffset !== undefined ? { bitOffset: field.offset * 8 + inner.bitOffset } : {}),
      };
    }
    return null;
  }
}

/** `a.b`, `a.3.b`, `a[3].b`, `[2]` -> ['a', 'b'], ['a', 3, 'b'], ['a', 3, 'b'], [2]. */
export function parsePath(path: string): (string | number)[] {
  const steps: (string | number)[] = [];
  const re = /\s*(?:(^|\.)\s*([A-Za-z_$][\w$]*|\d+)|\[\s*(\d+)\s*\])\s*/y;
  let at = 0;
  while (at < path.length) {
    re.lastIndex = at;
    const m = re.exec(path);
    if (!m || (m[1] === '' && at !== 0) || m[0].length === 0) throw new LayoutError(`invalid member path '${path}'`);
    const word = m[2] ?? m[3]!;
    steps.push(/^\d+$/.test(word) ? Number(word) : word);
    at = re.lastIndex;
  }
  return steps;
}
