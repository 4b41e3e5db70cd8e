/**
 * The memory half of the FFI facade (`ffi.new`, `cast`, `string`, `buffer`, `gc`, `callback`...),
 * on one target's layouts. `ffi.ts` parses type names and delegates here.
 *
 * Invariants:
 * - Owned memory comes only from `ffi.new` (and temporaries of calls); everything else is a
 *   view of memory someone else owns, and `release` refuses it.
 * - A CData derived from another (cast, addressof, add, fromBuffer) shares its block, so it
 *   keeps the memory alive and sees its release.
 * - Callbacks and destructors registered here are tied to their CData: collected CData
 *   unregister their callback or run their destructor (FinalizationRegistry).
 */

import koffi from 'koffi';
import type { CType } from '../cdef/types.js';
import { underlying } from '../cdef/types.js';
import { Callback, releasedCallbacks } from './callbacks.js';
import { CData, isCData, makeCData } from './cdata.js';
import type { CTypeMeta, CTypes } from './ctypes.js';
import { allocate, alias, addressOf, cStringLength, memmoveAddresses } from './memory.js';
import { describeJs } from './scalars.js';
import { readValue, writeValue } from './values.js';

const callbacks = new WeakMap<CData, Callback>();
const callbackRegistry = new FinalizationRegistry<Callback>((cb) => cb.release());

interface Destructor {
  readonly fn: (p: CData) => void;
  readonly meta: CTypeMeta;
  readonly address: number;
}
const destructors = new WeakMap<CData, Destructor>();
const destructorRegistry = new FinalizationRegistry<Destructor>((d) => d.fn(makeCData(d.meta, null, 0, d.address)));

const MAX_STRING = 0x7fffffff;

function check(value: unknown, what: string): CData {
  if (!isCData(value)) throw new TypeError(`${what}: expected a cdata, got ${describeJs(value)}`);
  return value;
}

export class Runtime {
  constructor(readonly types: CTypes) {}

  /** `ffi.new(type, init)`: zeroed owned memory for a pointer's target, an array or a struct. */
  new(meta: CTypeMeta, init: unknown): CData {
    const what = () => `ffi.new('${meta.cname}')`;
    switch (meta.kind) {
      case 'pointer': {
        const item = meta.item!;
        if (item.size < 0) throw new TypeError(`${what()}: '${item.cname}' has no size (incomplete or opaque type)`);
        const block = allocate(item.size + this.#flexibleExtra(item, init));
        if (init !== undefined) writeValue(item, block, 0, init, what);
        return makeCData(meta, block, 0, block.address);
      }
      case 'array': {
        const item = meta.item!;
        if (item.size < 0) throw new TypeError(`${what()}: '${item.cname}' has no size`);
        let array = meta;
        if (meta.length === null) array = this.types.meta(withLength(meta, arrayLength(item, init, what)));
        const block = allocate(array.length! * item.size);
        if (init !== undefined && typeof init !== 'number') writeValue(array, block, 0, init, what);
        return makeCData(array, block, 0, block.address);
      }
      case 'record': {
        const block = allocate(meta.size);
        if (init !== undefined) writeValue(meta, block, 0, init, what);
        return makeCData(meta, block, 0, block.address);
      }
      default:
        throw new TypeError(`${what()}: can only allocate pointers' targets, arrays and structs (did you mean '${meta.cname} *'?)`);
    }
  }

  /** Extra bytes for a flexible array member initialised with `init`'s array or string. */
  #flexibleExtra(item: CTypeMeta, init: unknown): number {
    const fields = item.kind === 'record' ? item.record!.fields! : [];
    const last = fields[fields.length - 1];
    if (!last || last.name === null || init === null || typeof init !== 'object') return 0;
    const t = underlying(last.type);
    const value = (init as Record<string, unknown>)[last.name];
    if (t.kind !== 'array' || t.length !== 'flexible' || value === undefined) return 0;
    const elem = this.types.meta(t.of, t.ofQuals);
    return arrayLength(elem, value, () => `ffi.new('${item.cname} *'), field '${last.name}'`) * elem.size;
  }

  /** `ffi.cast(type, value)`: pointer <-> pointer, pointer <-> integer, number -> typed scalar. */
  cast(meta: CTypeMeta, value: unknown): CData {
    const what = `ffi.cast('${meta.cname}')`;
    if (meta.kind === 'pointer') {
      if (isCData(value) && value._t.kind !== 'scalar') return makeCData(meta, value._m, value._o, value._a);
      const raw = isCData(value) ? value.value : value;
      if (raw === null) return makeCData(meta, null, 0, 0);
      if (typeof raw !== 'number' && typeof raw !== 'bigint') throw new TypeError(`${what}: cannot cast ${describeJs(value)} to a pointer`);
      const big = BigInt.asUintN(64, BigInt(typeof raw === 'number' ? Math.trunc(raw) : raw));
      const p = makeCData(meta, null, 0, Number(big));
      if (big > BigInt(Number.MAX_SAFE_INTEGER)) p._big = big;
      return p;
    }
    if (meta.kind !== 'scalar' || !meta.codec) throw new TypeError(`${what}: can only cast to pointer and arithmetic types`);
    const block = allocate(meta.size);
    let raw: unknown = isCData(value) ? (value._t.kind === 'scalar' ? value.value : value._big ?? value._a) : value;
    if (typeof raw === 'boolean') raw = raw ? 1 : 0;
    if (meta.codec.kind === 'float') {
      if (typeof raw !== 'number' && typeof raw !== 'bigint') throw new TypeError(`${what}: cannot cast ${describeJs(value)}`);
      meta.codec.write(block.view, 0, Number(raw));
    } else if (meta.codec.kind === 'bool') {
      meta.codec.write(block.view, 0, Boolean(raw));
    } else {
      if (typeof raw !== 'number' && typeof raw !== 'bigint') throw new TypeError(`${what}: cannot cast ${describeJs(value)}`);
      const bits = meta.size * 8;
      const wrapped = BigInt.asUintN(bits, typeof raw === 'number' ? BigInt(Math.trunc(raw)) : raw);
      block.bytes.set(bigBytes(wrapped, meta.size));
    }
    return makeCData(meta, block, 0, block.address);
  }

  /** `ffi.string(p, maxlen?)`: the UTF-8 text of a `char *` / `char[]`, up to its NUL. */
  string(value: unknown, maxlen?: number): string {
    const p = check(value, 'ffi.string');
    const t = p._t;
    if (t.kind === 'scalar' && t.size === 1 && t.codec?.kind === 'int') return String.fromCharCode(Number(p.value) & 0xff);
    const item = t.kind === 'pointer' || t.kind === 'array' ? t.item! : null;
    if (!item || item.kind !== 'scalar' || item.size !== 1) throw new TypeError(`ffi.string: expected a 'char *' or 'char[]', got cdata '${t.cname}'`);
    if (p._a === 0) throw new TypeError(`ffi.string: NULL '${t.cname}'`);
    let limit = Math.min(maxlen ?? MAX_STRING, t.kind === 'array' && t.length !== null ? t.length : MAX_STRING);
    const m = p._m;
    if (m !== null && m.bounded) limit = Math.min(limit, m.size - p._o);
    const length = m !== null && m.bounded ? boundedLength(p._mem(0, 0).bytes, p._o, limit) : cStringLength(p._a, limit);
    const block = p._mem(0, length);
    return Buffer.from(block.buffer, p._o, length).toString('utf8');
  }

  /** `ffi.unpack(p, n)`: n elements copied out (a Buffer for chars, an array otherwise). */
  unpack(value: unknown, n: number): Buffer | unknown[] {
    const p = check(value, 'ffi.unpack');
    const item = p._itemMeta('read', 0);
    if (!Number.isInteger(n) || n < 0) throw new TypeError(`ffi.unpack: expected a count, got ${describeJs(n)}`);
    if (p._t.length !== null && n > p._t.length!) throw new RangeError(`ffi.unpack: ${n} elements requested from '${p._t.cname}' (length ${p._t.length})`);
    const m = p._mem(0, n * item.size);
    if (item.kind === 'scalar' && item.size === 1 && item.codec?.kind === 'int') return Buffer.from(m.bytes.subarray(p._o, p._o + n));
    return Array.from({ length: n }, (_, i) => readValue(item, m, p._o + i * item.size));
  }

  /** `ffi.buffer(p, size?)`: a Buffer over the memory itself (zero-copy). */
  buffer(value: unknown, size?: number): Buffer {
    const p = check(value, 'ffi.buffer');
    const n = size ?? (p._t.kind === 'pointer' ? p._t.item!.size : p._t.size);
    if (!Number.isInteger(n) || n < 0) throw new TypeError(`ffi.buffer: the size of '${p._t.cname}' is unknown; pass one`);
    const m = p._mem(0, n);
    return Buffer.from(m.buffer, p._o, n);
  }

  /** `ffi.fromBuffer(type, buf)`: an array CData over a JS buffer's memory (zero-copy). */
  fromBuffer(meta: CTypeMeta, buffer: unknown): CData {
    if (meta.kind !== 'array') throw new TypeError(`ffi.fromBuffer: expected an array type such as 'char[]', got '${meta.cname}'`);
    if (!(buffer instanceof ArrayBuffer) && !ArrayBuffer.isView(buffer)) throw new TypeError(`ffi.fromBuffer: expected a Buffer, TypedArray or ArrayBuffer, got ${describeJs(buffer)}`);
    const block = alias(buffer);
    const offset = ArrayBuffer.isView(buffer) ? buffer.byteOffset : 0;
    const item = meta.item!;
    const length = Math.floor(buffer.byteLength / item.size);
    const array = meta.length === null ? this.types.meta(withLength(meta, length)) : meta;
    if (array.length! * item.size > buffer.byteLength) throw new RangeError(`ffi.fromBuffer: '${meta.cname}' needs ${array.size} bytes, the buffer has ${buffer.byteLength}`);
    return makeCData(array, block, offset, block.address + offset);
  }

  /** `ffi.memmove(dest, src, n)` between CData and JS buffers, overlapping or not. */
  memmove(dest: unknown, src: unknown, n: number): void {
    if (!Number.isInteger(n) || n < 0) throw new TypeError(`ffi.memmove: expected a byte count, got ${describeJs(n)}`);
    memmoveAddresses(endpoint(dest, n, 'dest'), endpoint(src, n, 'src'), n);
  }

  /** `ffi.addressof(s, 'a.b'?)`: a pointer to a struct or to one of its members. */
  addressof(value: unknown, path?: string): CData {
    const p = check(value, 'ffi.addressof');
    const record = p._t.kind === 'record' ? p._t : p._t.kind === 'pointer' && p._t.item!.kind === 'record' ? p._t.item! : null;
    if (path === undefined) {
      if (p._t.kind === 'pointer') return p;
      return makeCData(this.types.pointerTo(p._t), p._m, p._o, p._a);
    }
    if (!record) throw new TypeError(`ffi.addressof: '${p._t.cname}' has no fields`);
    const field = this.types.layouts.fieldPath(record.type, path);
    if (field.bitWidth !== undefined) throw new TypeError(`ffi.addressof: '${path}' is a bitfield and has no address`);
    return makeCData(this.types.pointerTo(this.types.meta(field.type, field.quals)), p._m, p._o + field.offset, p._a + field.offset);
  }

  /** `ffi.gc(p, destructor)`: a CData that runs `destructor(p)` when collected (null removes it). */
  gc(value: unknown, destructor: ((p: CData) => void) | null): CData {
    const p = check(value, 'ffi.gc');
    if (destructor === null) {
      destructorRegistry.unregister(p);
      destructors.delete(p);
      return p;
    }
    if (typeof destructor !== 'function') throw new TypeError(`ffi.gc: expected a destructor function or null, got ${describeJs(destructor)}`);
    const owner = makeCData(p._t, p._m, p._o, p._a);
    const d: Destructor = { fn: destructor, meta: p._t, address: p._a };
    destructors.set(owner, d);
    destructorRegistry.register(owner, d, owner);
    return owner;
  }

  /** `ffi.callback(type, fn)`: a C function pointer calling `fn`. */
  callback(meta: CTypeMeta, fn: unknown): CData {
    const fnMeta = meta.kind === 'pointer' ? meta.item! : meta;
    if (fnMeta.kind !== 'function') throw new TypeError(`ffi.callback: expected a function pointer type, got '${meta.cname}'`);
    if (typeof fn !== 'function') throw new TypeError(`ffi.callback: expected a function, got ${describeJs(fn)}`);
    const cb = new Callback(fnMeta, fn as (...args: unknown[]) => unknown);
    const p = makeCData(meta.kind === 'pointer' ? meta : this.types.pointerTo(fnMeta), null, 0, cb.address);
    callbacks.set(p, cb);
    callbackRegistry.register(p, cb, p);
    return p;
  }

  /** `ffi.release(p)`: free owned memory now, unregister a callback, or run a gc destructor now. */
  release(value: unknown): void {
    const p = check(value, 'ffi.release');
    const cb = callbacks.get(p);
    if (cb) {
      cb.release();
      callbackRegistry.unregister(p);
      releasedCallbacks.add(p);
      return;
    }
    const d = destructors.get(p);
    if (d) {
      destructors.delete(p);
      destructorRegistry.unregister(p);
      d.fn(p);
      return;
    }
    if (!p._m || !p._m.owned) throw new TypeError(`ffi.release: '${p._t.cname}' does not own its memory (only ffi.new results, callbacks and ffi.gc results can be released)`);
    p._m.release();
  }

  sizeof(p: CData): number {
    if (p._t.size < 0) throw new TypeError(`ffi.sizeof: '${p._t.cname}' has no size`);
    return p._t.size;
  }

  get errno(): number {
    return koffi.errno();
  }

  set errno(value: number) {
    koffi.errno(value);
  }
}

function withLength(meta: CTypeMeta, length: number): CType {
  const t = underlying(meta.type);
  if (t.kind !== 'array') throw new TypeError(`'${meta.cname}' is not an array type`);
  return { ...t, length };
}

/** The length an initialiser gives an array of `item`: a count, an array, a typed array or a string. */
function arrayLength(item: CTypeMeta, init: unknown, what: () => string): number {
  if (typeof init === 'number' && Number.isInteger(init) && init >= 0) return init;
  if (Array.isArray(init)) return init.length;
  if (ArrayBuffer.isView(init) && item.size > 0) return Math.floor(init.byteLength / item.size);
  if (typeof init === 'string' && item.size === 1) return Buffer.byteLength(init, 'utf8') + 1;
  throw new TypeError(`${what()}: an array of unknown length needs a length or an initialiser, got ${describeJs(init)}`);
}

function boundedLength(bytes: Uint8Array, from: number, limit: number): number {
  const nul = bytes.subarray(from, from + limit).indexOf(0);
  return nul < 0 ? limit : nul;
}

function bigBytes(v: bigint, size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i++) out[i] = Number((v >> BigInt(8 * i)) & 0xffn);
  return out;
}

/** The checked native address of a memmove endpoint. */
function endpoint(value: unknown, n: number, name: string): number {
  if (isCData(value)) {
    value._mem(0, n);
    return value._a;
  }
  if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
    if (value.byteLength < n) throw new RangeError(`ffi.memmove: ${name} has ${value.byteLength} bytes, ${n} requested`);
    return addressOf(value);
  }
  throw new TypeError(`ffi.memmove: ${name} must be a cdata or a buffer, got ${describeJs(value)}`);
}
