/**
 * Struct and union layout, following GCC's `place_field` (stor-layout.cc) for targets with
 * PCC_BITFIELD_TYPE_MATTERS and without MS bitfield layout: x86_64 and aarch64 Linux.
 *
 * Invariants:
 * - Pure: the result depends only on the record's members, its attributes and the target;
 *   member types are measured through the `MemberTypes` callbacks, so this file never
 *   recurses into types itself (the caller caches and detects cycles).
 * - Positions are tracked in bits from the start of the record (bit 0 = least significant
 *   bit of byte 0; both targets are little-endian), alignments in bytes.
 * - Every rule below is checked against gcc for both targets by tests/abi/*.test.ts. In GCC
 *   terms, per member: DECL_ALIGN (`desired`), the record alignment it contributes, and for
 *   bitfields the "may not span more units of its type than the type itself" rule.
 */

import { cName } from '../cdef/c-printer.js';
import type { CType, Field, Quals, StructType, UnionType } from '../cdef/types.js';
import { underlying } from '../cdef/types.js';
import { formatLoc, LayoutError } from './layout-error.js';
import type { Scalar, Target } from './target.js';

/** One direct member of a struct or union, as laid out. */
export interface FieldLayout {
  /** null for an anonymous struct/union member and for an unnamed bitfield. */
  readonly name: string | null;
  readonly type: CType;
  readonly quals: Quals;
  /** Byte offset from the start of the record; for a bitfield, floor(bitOffset / 8). */
  readonly offset: number;
  /** Bitfields only: bit position from the start of the record (bit 0 = LSB of byte 0). */
  readonly bitOffset?: number;
  /** Bitfields only: the declared width (0 for `int : 0;`). */
  readonly bitWidth?: number;
}

export interface RecordLayout {
  readonly size: number;
  readonly align: number;
  /** Direct members in declaration order, anonymous members and unnamed bitfields included. */
  readonly fields: readonly FieldLayout[];
}

/** What record layout asks about member types. Both throw LayoutError when there is no answer. */
export interface MemberTypes {
  /** Size and alignment; a flexible array member (`int data[]`) measures size 0. */
  scalar(type: CType, flexible: boolean): Scalar;
  /** The widest bitfield the type allows (`_Bool`: 1, `int`: 32), or null if it cannot be a bitfield. */
  bitfieldBits(type: CType): number | null;
}

/** `aligned(n)` in bytes; the model spells a bare `aligned` as 0 (see the report on types.ts). */
export function alignAttribute(value: number, target: Target): number {
  const n = value === 0 ? target.biggestAlignment : value;
  if (!Number.isInteger(n) || n <= 0 || (n & (n - 1)) !== 0) throw new LayoutError(`requested alignment ${value} is not a positive power of 2`);
  return n;
}

const roundUp = (value: number, align: number): number => Math.ceil(value / align) * align;

/** The largest power of two dividing a bit position (GCC's `known_align`); Infinity at 0. */
const knownAlign = (bitpos: number): number => (bitpos === 0 ? Infinity : bitpos & -bitpos);

/** Integer modes GCC may give a bitfield that exactly fills one (QI..TI): width -> alignment in bits. */
const INT_MODE_ALIGN: ReadonlyMap<number, number> = new Map([[8, 8], [16, 16], [32, 32], [64, 64], [128, 128]]);

export function layoutRecord(record: StructType | UnionType, target: Target, types: MemberTypes): RecordLayout {
  const members = record.fields;
  if (members === null) throw new LayoutError(`incomplete type '${cName(record)}'`);
  const isUnion = record.kind === 'union';
  const pack = record.pack; // #pragma pack(n): max member alignment, bytes
  if (pack !== null && !(Number.isInteger(pack) && pack > 0 && (pack & (pack - 1)) === 0)) {
    throw new LayoutError(`#pragma pack(${pack}): alignment must be a small power of two`, `${formatLoc(record.loc)}: ${cName(record)}`);
  }
  let bitpos = 0; // structs: next free bit
  let unionBytes = 0; // unions: largest member
  let recordAlign = 1; // bytes
  const fields: FieldLayout[] = [];

  members.forEach((field, index) => {
    const where = () => `${formatLoc(field.loc)}: ${cName(record)}, ${memberName(field, index)}`;
    try {
      const resolved = underlying(field.type);
      const flexible = resolved.kind === 'array' && (resolved.length === 'flexible' || resolved.length === 'unknown');
      if (flexible && (isUnion || index !== members.length - 1)) {
        throw new LayoutError(isUnion ? 'flexible array member in union' : 'flexible array member not at end of struct');
      }
      const type = types.scalar(field.type, flexible);
      const user = field.aligned !== null ? alignAttribute(field.aligned, target) : null;
      const packed = field.packed || record.packed;
      const base = { name: field.name, type: field.type, quals: field.quals };

      if (field.bitWidth === null) {
        // layout_decl: the type's alignment, raised by aligned(n); packed drops it to 1
        // unless aligned(n) is on the member itself (then exactly n); #pragma pack caps all.
        let align = packed && user !== null ? user : Math.max(user ?? 1, type.align);
        if (packed && user === null) align = 1;
        if (pack !== null) align = Math.min(align, pack);
        recordAlign = Math.max(recordAlign, align);
        if (isUnion) {
          unionBytes = Math.max(unionBytes, type.size);
          fields.push({ ...base, offset: 0 });
        } else {
          bitpos = roundUp(bitpos, align * 8);
          fields.push({ ...base, offset: bitpos / 8 });
          bitpos += type.size * 8;
        }
        return;
      }

      const width = field.bitWidth;
      const maxBits = types.bitfieldBits(field.type);
      const label = field.name !== null ? `'${field.name}'` : 'unnamed bit-field';
      if (maxBits === null) throw new LayoutError(`bit-field ${label} has invalid type '${cName(field.type, '', field.quals)}'`);
      if (!Number.isInteger(width) || width < 0) throw new LayoutError(`negative width in bit-field ${label}`);
      if (width > maxBits) throw new LayoutError(`width of ${label} exceeds its type`);
      if (width === 0 && field.name !== null) throw new LayoutError(`zero width for bit-field ${label}`);
      const named = field.name !== null || target.bitfields.unnamedAffectAlignment;

      if (width === 0) {
        // A zero-width bitfield aligns the next member to its type; neither packed nor
        // #pragma pack applies to it. Only some targets let it raise the record's alignment.
        const align = Math.max(user ?? 1, type.align);
        if (named) recordAlign = Math.max(recordAlign, align);
        if (!isUnion) bitpos = roundUp(bitpos, align * 8);
        fields.push({ ...base, offset: isUnion ? 0 : bitpos / 8, bitOffset: isUnion ? 0 : bitpos, bitWidth: 0 });
        return;
      }

      // DECL_ALIGN of a bitfield: only aligned(n) gives it one, except that a bitfield which
      // exactly fills an integer mode at an already suitably aligned position becomes an
      // ordinary member with that mode's alignment (`int x : 16` at bit 16 -> 2). That
      // matters when the declared type is less aligned than the mode (a typedef with
      // aligned(1)): it then raises the record's alignment.
      const known = isUnion ? Infinity : knownAlign(bitpos);
      let desired = user !== null ? user * 8 : 1; // bits
      let ordinary = false;
      const modeAlign = INT_MODE_ALIGN.get(width);
      if (modeAlign !== undefined && !(modeAlign > 8 && packed) && known >= modeAlign) {
        desired = Math.max(desired, modeAlign);
        ordinary = true;
      }
      if (packed && user === null) desired = Math.min(desired, 8);
      if (pack !== null) desired = Math.min(desired, pack * 8);

      if (named) {
        let typeAlign = type.align;
        if (pack !== null) typeAlign = Math.min(typeAlign, pack);
        else if (packed) typeAlign = 1;
        recordAlign = Math.max(recordAlign, Math.ceil(desired / 8), typeAlign);
      }

      if (isUnion) {
        unionBytes = Math.max(unionBytes, Math.ceil(width / 8));
        fields.push({ ...base, offset: 0, bitOffset: 0, bitWidth: width });
        return;
      }
      bitpos = roundUp(bitpos, desired);
      // PCC rule: a bitfield may not span more units of its type's alignment than the type
      // itself has; if it would, it starts at the next such unit. Not under #pragma pack;
      // a packed bitfield may straddle (packed struct or packed member, even of char type).
      if (pack === null && !ordinary && !packed) {
        const unit = type.align * 8;
        if (Math.ceil(((bitpos % unit) + width) / unit) > Math.floor((type.size * 8) / unit)) bitpos = roundUp(bitpos, unit);
      }
      fields.push({ ...base, offset: Math.floor(bitpos / 8), bitOffset: bitpos, bitWidth: width });
      bitpos += width;
    } catch (e) {
      if (e instanceof LayoutError) throw e.at(where());
      throw e;
    }
  });

  let align = recordAlign;
  try {
    if (record.aligned !== null) align = Math.max(align, alignAttribute(record.aligned, target));
  } catch (e) {
    if (e instanceof LayoutError) throw e.at(`${formatLoc(record.loc)}: ${cName(record)}`);
    throw e;
  }
  const bytes = isUnion ? unionBytes : Math.ceil(bitpos / 8);
  return { size: roundUp(bytes, align), align, fields };
}

function memberName(field: Field, index: number): string {
  if (field.name !== null) return `field ${field.name}`;
  if (field.bitWidth !== null) return `unnamed bit-field #${index + 1}`;
  return `anonymous member #${index + 1}`;
}
