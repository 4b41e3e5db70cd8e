/**
 * The declaration model as koffi sees it, built lazily per type the first time a call needs it.
 *
 * Invariants:
 * - Every pointer (data or function) crosses koffi as `uintptr_t`: cbridge owns pointer
 *   semantics (CData, NULL, strings, TypedArrays), koffi only moves the bits.
 * - A struct or union handed to koffi by value is built from our layout and then checked
 *   against it: koffi's size, alignment and every member offset must equal ours, or the call
 *   is refused with the difference named (a silent disagreement would corrupt arguments).
 *   Structs whose members are misaligned (packed) are refused too: the ABI classifies them
 *   MEMORY, which koffi does not.
 */

import koffi from 'koffi';
import type { TypeObject } from 'koffi';
import { underlying } from '../cdef/types.js';
import type { CTypeMeta } from './ctypes.js';

type KoffiType = string | TypeObject;

/** The koffi type of a value of `meta` passed or returned by value. Throws if koffi cannot carry it. */
export function koffiType(meta: CTypeMeta): KoffiType {
  switch (meta.kind) {
    case 'void':
      return 'void';
    case 'scalar':
      if (!meta.codec || !meta.codec.koffi) throw new TypeError(meta.unsupported ?? `'${meta.cname}' is not supported for calls in ABI mode`);
      return meta.codec.koffi;
    case 'pointer':
    case 'array': // decays to a pointer
      return 'uintptr_t';
    case 'record':
      return recordType(meta);
    default:
      throw new TypeError(`'${meta.cname}' cannot be passed or returned by value`);
  }
}

let anonymous = 0;

function recordType(meta: CTypeMeta): TypeObject {
  const cached = meta.extra.get('koffi') as TypeObject | Error | undefined;
  if (cached instanceof Error) throw cached;
  if (cached) return cached;
  try {
    const k = buildRecordType(meta);
    meta.extra.set('koffi', k);
    return k;
  } catch (e) {
    meta.extra.set('koffi', e as Error); // refuse the same way next time, without new koffi types
    throw e;
  }
}

function buildRecordType(meta: CTypeMeta): TypeObject {
  const record = meta.record!;
  const layout = meta.types.layouts.record(record);
  const members: Record<string, KoffiType | [number, KoffiType]> = {};
  const expected: [string, number][] = [];
  for (const f of layout.fields) {
    if (f.bitWidth !== undefined) {
      throw new TypeError(`'${meta.cname}' has bitfields: ABI mode cannot pass it by value (koffi has no bitfields)`);
    }
    const fieldMeta = meta.types.meta(f.type, f.quals);
    if (f.offset % meta.types.layouts.alignof(f.type) !== 0) {
      // SysV x86-64 passes structs with unaligned members in memory; koffi would use registers.
      throw new TypeError(
        `'${meta.cname}' has a misaligned member ('${f.name ?? 'anonymous'}' at offset ${f.offset}), which the x86-64 ABI passes in memory ` +
          `and koffi would pass in registers: ABI mode cannot pass it by value (pass a pointer instead)`,
      );
    }
    const name = f.name ?? `__anonymous${anonymous++}`;
    const type = fieldMeta.kind === 'array' ? arrayType(fieldMeta) : koffiType(fieldMeta);
    const align = meta.types.layouts.alignof(f.type);
    const natural = koffi.alignof(type);
    members[name] = align !== natural ? [align, type] : type;
    expected.push([name, f.offset]);
  }
  const name = `cbridge_${record.kind}_${record.name ?? 'anonymous'}_${record.id}_${anonymous++}`;
  const packed = record.packed || (record.pack !== null && record.pack < layout.align);
  const k = record.kind === 'union' ? koffi.union(name, members) : packed ? koffi.pack(name, members) : koffi.struct(name, members);
  const problems: string[] = [];
  if (koffi.sizeof(k) !== layout.size) problems.push(`size ${koffi.sizeof(k)} (ours ${layout.size})`);
  if (koffi.alignof(k) !== layout.align && !packed) problems.push(`alignment ${koffi.alignof(k)} (ours ${layout.align})`);
  if (record.kind === 'struct') {
    for (const [member, offset] of expected) {
      const theirs = koffi.offsetof(k, member);
      if (theirs !== offset) problems.push(`'${member}' at ${theirs} (ours ${offset})`);
    }
  }
  if (problems.length) throw new TypeError(`koffi lays out '${meta.cname}' differently: ${problems.join(', ')}; it cannot be passed by value in ABI mode`);
  return k;
}

function arrayType(meta: CTypeMeta): TypeObject {
  const length = meta.length;
  if (length === null) throw new TypeError(`'${meta.cname}' has no fixed length and cannot be passed by value`);
  const item = meta.item!;
  const t = underlying(item.type);
  return koffi.array(item.kind === 'array' ? arrayType(item) : koffiType(item), length, t.kind === 'primitive' ? 'Array' : undefined);
}
