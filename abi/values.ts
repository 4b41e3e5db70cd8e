/**
 * Reading and writing one C value of any type in a block: the conversions between native
 * memory and JS that fields, elements, globals and initialisers share.
 *
 * Invariant: a write either checks every part of the value and stores it, or throws a
 * TypeError/RangeError that names where it was going (`field 'x' of 'struct point'`), the C
 * type and the JS value; it never stores a partial or unchecked scalar.
 */

import type { Field } from '../cdef/types.js';
import { sameType, underlying } from '../cdef/types.js';
import type { Block } from './memory.js';
import type { CTypeMeta } from './ctypes.js';
import { CData, makeCData } from './cdata.js';
import { describeJs } from './scalars.js';

/** Read the value of type `meta` at (block, offset). Aggregates come back as views. */
export function readValue(meta: CTypeMeta, block: Block, offset: number): unknown {
  switch (meta.kind) {
    case 'scalar':
      if (!meta.codec) throw new TypeError(meta.unsupported!);
      return meta.codec.read(block.view, offset);
    case 'pointer': {
      const address = readAddress(block.view, offset);
      return address === 0 ? null : makeCData(meta, null, 0, address);
    }
    case 'array':
    case 'record':
      return makeCData(meta, block, offset, block.address + offset);
    default:
      throw new TypeError(`cannot read a value of type '${meta.cname}'`);
  }
}

export function readAddress(view: DataView, offset: number): number {
  return view.getUint32(offset, true) + view.getUint32(offset + 4, true) * 4294967296;
}

export function writeAddress(view: DataView, offset: number, address: number | bigint): void {
  if (typeof address === 'bigint') return view.setBigUint64(offset, address, true);
  view.setUint32(offset, address >>> 0, true);
  view.setUint32(offset + 4, Math.floor(address / 4294967296), true);
}

/** Store `value` as a `meta` at (block, offset). `where` names the destination for errors. */
export function writeValue(meta: CTypeMeta, block: Block, offset: number, value: unknown, where: () => string): void {
  switch (meta.kind) {
    case 'scalar':
      if (!meta.codec) throw new TypeError(`${where()}: ${meta.unsupported}`);
      if (value instanceof CData && value._t.kind === 'scalar') value = value.value;
      if (!meta.codec.write(block.view, offset, value)) throw mismatch(where(), meta, value);
      return;
    case 'pointer':
      writeAddress(block.view, offset, pointerAddress(meta, value, where));
      return;
    case 'array':
      return writeArray(meta, block, offset, value, where);
    case 'record':
      return writeRecord(meta, block, offset, value, where);
    default:
      throw new TypeError(`${where()}: cannot store a value of type '${meta.cname}'`);
  }
}

export function mismatch(where: string, meta: CTypeMeta, value: unknown): TypeError {
  return new TypeError(`${where}: expected ${meta.cname}, got ${describeJs(value)}`);
}

/**
 * The address a JS value stands for as a `meta` pointer: null is NULL; a pointer or array
 * CData of a compatible type gives its address (any pointer converts to and from `void *`);
 * a struct CData gives its own address where a pointer to that struct is expected.
 */
export function pointerAddress(meta: CTypeMeta, value: unknown, where: () => string): number | bigint {
  if (value === null) return 0;
  if (!(value instanceof CData)) throw mismatch(where(), meta, value);
  const src = value._t;
  const target = meta.item!;
  const pointee = src.kind === 'pointer' || src.kind === 'array' ? src.item! : src.kind === 'record' ? src : null;
  if (pointee === null) throw mismatch(where(), meta, value);
  if (target.kind !== 'void' && pointee.kind !== 'void' && !compatible(target, pointee)) throw mismatch(where(), meta, value);
  return value._big ?? value._a;
}

function compatible(a: CTypeMeta, b: CTypeMeta): boolean {
  if (sameType(a.type, b.type)) return true;
  // Character types are interchangeable behind pointers (char * / unsigned char *), as bytes.
  return a.kind === 'scalar' && b.kind === 'scalar' && a.size === 1 && b.size === 1 && a.codec?.kind === 'int' && b.codec?.kind === 'int';
}

function writeArray(meta: CTypeMeta, block: Block, offset: number, value: unknown, where: () => string): void {
  const item = meta.item!;
  const length = meta.length;
  if (value instanceof CData) {
    const n = meta.size >= 0 ? meta.size : value._t.size;
    if (value._t.kind !== 'array' || !sameType(value._t.item!.type, item.type) || n < 0) throw mismatch(where(), meta, value);
    const src = value._mem(0, n);
    block.bytes.set(src.bytes.subarray(value._o, value._o + n), offset);
    return;
  }
  if (typeof value === 'string' && item.kind === 'scalar' && item.size === 1) {
    const bytes = Buffer.from(value, 'utf8');
    if (length !== null && bytes.length > length) throw new RangeError(`${where()}: the string needs ${bytes.length} bytes, '${meta.cname}' holds ${length}`);
    block.bytes.set(bytes, offset);
    if (length === null || bytes.length < length) block.view.setUint8(offset + bytes.length, 0);
    return;
  }
  if (ArrayBuffer.isView(value) && item.kind === 'scalar' && item.size > 0 && value.byteLength % item.size === 0) {
    const n = value.byteLength / item.size;
    if (length !== null && n > length) throw new RangeError(`${where()}: ${n} elements do not fit in '${meta.cname}'`);
    block.bytes.set(new Uint8Array(value.buffer, value.byteOffset, value.byteLength), offset);
    return;
  }
  if (!Array.isArray(value)) throw mismatch(where(), meta, value);
  if (length !== null && value.length > length) throw new RangeError(`${where()}: ${value.length} elements do not fit in '${meta.cname}'`);
  if (item.size < 0) throw new TypeError(`${where()}: '${item.cname}' has no size`);
  value.forEach((v, i) => writeValue(item, block, offset + i * item.size, v, () => `${where()}, element ${i}`));
}

function writeRecord(meta: CTypeMeta, block: Block, offset: number, value: unknown, where: () => string): void {
  if (value instanceof CData) {
    const src = value._t.kind === 'pointer' ? value._t.item! : value._t;
    if (src.kind !== 'record' || !sameType(src.type, meta.type)) throw mismatch(where(), meta, value);
    const m = value._mem(0, meta.size);
    block.bytes.set(m.bytes.subarray(value._o, value._o + meta.size), offset);
    return;
  }
  if (value === null || typeof value !== 'object') throw mismatch(where(), meta, value);
  const view = makeCData(meta, block, offset, block.address + offset) as unknown as Record<string, unknown>;
  const names = fieldNames(meta);
  if (Array.isArray(value)) {
    if (value.length > names.length) throw new RangeError(`${where()}: ${value.length} initialisers for ${names.length} fields of '${meta.cname}'`);
    value.forEach((v, i) => (view[names[i]!] = v));
    return;
  }
  for (const [key, v] of Object.entries(value)) {
    if (!names.includes(key)) throw new TypeError(`${where()}: '${meta.cname}' has no field '${key}'`);
    view[key] = v;
  }
}

/** Named fields of a record, anonymous members flattened, in declaration order. */
export function fieldNames(meta: CTypeMeta): string[] {
  let names = meta.extra.get('fieldNames') as string[] | undefined;
  if (!names) {
    names = [];
    const walk = (fields: readonly Field[] | null) => {
      for (const f of fields ?? []) {
        const t = underlying(f.type);
        if (f.name !== null) names!.push(f.name);
        else if (t.kind === 'struct' || t.kind === 'union') walk(t.fields);
      }
    };
    walk(meta.record!.fields);
    meta.extra.set('fieldNames', names);
  }
  return names;
}
