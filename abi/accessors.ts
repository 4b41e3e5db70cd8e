/**
 * Field accessors: for each struct/union type, one getter/setter pair per member (members of
 * anonymous struct/union members included, as C lets you name them), installed on the
 * prototype of that type's CData class and of its pointer's class.
 *
 * Invariant: a scalar field read is a memory check plus one DataView read at a constant
 * offset, with no allocation; aggregate members return views made once per CData and cached.
 */

import type { CType } from '../cdef/types.js';
import { underlying } from '../cdef/types.js';
import type { CTypeMeta } from './ctypes.js';
import type { CData } from './cdata.js';
import { makeCData } from './cdata.js';
import { mismatch, readValue, writeValue } from './values.js';

interface FlatField {
  readonly name: string;
  readonly meta: CTypeMeta;
  readonly offset: number;
  readonly bitOffset?: number;
  readonly bitWidth?: number;
}

/** Members of a record with their offsets from its start, anonymous members flattened. */
function flatFields(meta: CTypeMeta): FlatField[] {
  const layouts = meta.types.layouts;
  const out: FlatField[] = [];
  const walk = (type: CType, base: number) => {
    const t = underlying(type);
    if (t.kind !== 'struct' && t.kind !== 'union') return;
    for (const f of layouts.record(t).fields) {
      const ft = underlying(f.type);
      if (f.name === null) {
        if (f.bitWidth === undefined && (ft.kind === 'struct' || ft.kind === 'union')) walk(f.type, base + f.offset);
        continue;
      }
      out.push({
        name: f.name, meta: meta.types.meta(f.type, f.quals), offset: base + f.offset,
        ...(f.bitWidth !== undefined ? { bitOffset: base * 8 + f.bitOffset!, bitWidth: f.bitWidth } : {}),
      });
    }
  };
  walk(meta.type, 0);
  return out;
}

export function installAccessors(proto: object, record: CTypeMeta): void {
  flatFields(record).forEach((f, index) => {
    const where = () => `field '${f.name}' of '${record.cname}'`;
    Object.defineProperty(proto, f.name, { ...accessor(f, index, where), enumerable: true, configurable: true });
  });
}

function accessor(f: FlatField, index: number, where: () => string): PropertyDescriptor {
  const { meta, offset } = f;
  if (f.bitWidth !== undefined) return bitfieldAccessor(f, where);
  const size = meta.size;
  if (meta.kind === 'scalar' && meta.codec) {
    const codec = meta.codec;
    return {
      get(this: CData) {
        const m = this._mem(offset, size);
        return codec.read(m.view, this._o + offset);
      },
      set(this: CData, v: unknown) {
        const m = this._mem(offset, size);
        if (!codec.write(m.view, this._o + offset, v)) throw mismatch(where(), meta, v);
      },
    };
  }
  if (meta.kind === 'array' || meta.kind === 'record') {
    return {
      get(this: CData) {
        const cache = (this._c ??= []);
        let view = cache[index];
        if (view === undefined || view._m !== this._m) {
          const m = this._mem(offset, Math.max(size, 0));
          cache[index] = view = makeCData(meta, m, this._o + offset, this._a + offset);
        }
        return view;
      },
      set(this: CData, v: unknown) {
        const m = this._mem(offset, size);
        writeValue(meta, m, this._o + offset, v, where);
      },
    };
  }
  return {
    get(this: CData) {
      const m = this._mem(offset, size);
      return readValue(meta, m, this._o + offset);
    },
    set(this: CData, v: unknown) {
      const m = this._mem(offset, size);
      writeValue(meta, m, this._o + offset, v, where);
    },
  };
}

/** Bitfields: read-modify-write of the bytes holding the bits (little-endian, bit 0 = LSB of byte 0). */
function bitfieldAccessor(f: FlatField, where: () => string): PropertyDescriptor {
  const width = f.bitWidth!;
  const first = Math.floor(f.bitOffset! / 8);
  const shift = BigInt(f.bitOffset! % 8);
  const nbytes = Math.ceil((f.bitOffset! % 8 + width) / 8);
  const mask = (1n << BigInt(width)) - 1n;
  const codec = f.meta.codec!;
  const signed = codec.kind === 'int' && f.meta.types.layouts.intInfo(f.meta.type)?.signed === true;
  const load = (view: DataView, at: number): bigint => {
    let v = 0n;
    for (let i = nbytes - 1; i >= 0; i--) v = (v << 8n) | BigInt(view.getUint8(at + i));
    return v;
  };
  return {
    get(this: CData) {
      const m = this._mem(first, nbytes);
      const bits = (load(m.view, this._o + first) >> shift) & mask;
      if (codec.kind === 'bool') return bits !== 0n;
      const v = signed ? BigInt.asIntN(width, bits) : bits;
      return Number(v) <= Number.MAX_SAFE_INTEGER && Number(v) >= Number.MIN_SAFE_INTEGER ? Number(v) : v;
    },
    set(this: CData, value: unknown) {
      const v = codec.accept(value);
      if (v === undefined) throw mismatch(where(), f.meta, value);
      const n = typeof v === 'boolean' ? (v ? 1n : 0n) : BigInt(v);
      const lo = signed ? -(1n << BigInt(width - 1)) : 0n;
      const hi = signed ? (1n << BigInt(width - 1)) - 1n : mask;
      if (n < lo || n > hi) throw new RangeError(`${where()}: ${String(value)} does not fit in ${width} bits`);
      const m = this._mem(first, nbytes);
      const at = this._o + first;
      const word = (load(m.view, at) & ~(mask << shift)) | ((BigInt.asUintN(width, n) & mask) << shift);
      for (let i = 0; i < nbytes; i++) m.view.setUint8(at + i, Number((word >> BigInt(8 * i)) & 0xffn));
    },
  };
}
