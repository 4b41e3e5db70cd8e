/**
 * Marshalling between JS values and the values koffi passes: one converter per parameter,
 * chosen once per function from its C type, so a call does no type dispatch of its own.
 *
 * Invariants:
 * - A converter either returns the koffi value for its parameter or throws a TypeError naming
 *   the function, the parameter (index and name), the C type and the JS value.
 * - Temporary native memory a converter makes for a call (a JS string as `const char *`, a JS
 *   function as a function pointer, a struct by value) is pushed on `keep`, which the call
 *   holds until C returns; temporary callbacks are unregistered then.
 */

import koffi from 'koffi';
import type { CTypeMeta } from './ctypes.js';
import { CData, makeCData } from './cdata.js';
import { allocate, addressOf } from './memory.js';
import { koffiType } from './koffi-types.js';
import { describeJs, int64Result, isCharacterType } from './scalars.js';
import { pointerAddress, writeValue } from './values.js';
import { Callback, releasedCallbacks } from './callbacks.js';

/**
 * Things calls keep alive until C returns: one stack for all calls, so a call allocates no
 * array; a call remembers the height at its start and releases down to it when C returns.
 */
export type Keep = unknown[];
export const keepStack: Keep = [];

/**
 * Scratch memory for the strings of a call: bump-allocated by converters, reset by the call
 * wrapper when C returns (nested calls from callbacks allocate above their caller's strings).
 */
export const scratch = (() => {
  const buffer = Buffer.allocUnsafeSlow(64 * 1024);
  return { buffer, address: addressOf(buffer), size: buffer.length, top: 0 };
})();

export type ArgConverter = (value: unknown, keep: Keep) => unknown;
export type ResultConverter = (value: unknown) => unknown;

export interface ParamInfo {
  /** `add` */
  readonly fn: string;
  /** 0-based */
  readonly index: number;
  readonly name: string | null;
}

export function argumentError(p: ParamInfo, meta: CTypeMeta, value: unknown, why?: string): TypeError {
  return new TypeError(`${where(p)()}: expected ${meta.cname}, got ${describeJs(value)}${why ? ` (${why})` : ''}`);
}

/** `add: argument 2 'b'`; a negative index is a variadic argument (its position varies). */
function where(p: ParamInfo): () => string {
  return () => (p.index < 0 ? `${p.fn}: a variadic argument` : `${p.fn}: argument ${p.index + 1}${p.name ? ` '${p.name}'` : ''}`);
}

/** The converter of a parameter of type `meta` (arrays and functions decay to pointers). */
export function argConverter(meta: CTypeMeta, p: ParamInfo): ArgConverter {
  switch (meta.kind) {
    case 'scalar': {
      const codec = meta.codec;
      if (!codec || !codec.koffi) throw new TypeError(`${p.fn}: argument ${p.index + 1}: ${meta.unsupported ?? `'${meta.cname}' is not supported for calls in ABI mode`}`);
      const { min, max } = codec;
      const slow = (v: unknown) => {
        const k = codec.accept(v instanceof CData && v._t.kind === 'scalar' ? v.value : v);
        if (k === undefined) throw argumentError(p, meta, v);
        return k;
      };
      // The fast path is one typeof and a range check; everything else (BigInt, chars as
      // strings, booleans, typed scalars) takes the slow one.
      if (codec.kind === 'float') return (v) => (typeof v === 'number' ? v : slow(v));
      if (codec.kind === 'bool') return (v) => (typeof v === 'boolean' ? v : slow(v));
      return (v) => (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? v : slow(v));
    }
    case 'pointer':
      return pointerConverter(meta, p);
    case 'array':
      return pointerConverter(meta.types.pointerTo(meta.item!), p);
    case 'function':
      return pointerConverter(meta.types.pointerTo(meta), p);
    case 'record': {
      const k = koffiType(meta);
      return (v, keep) => {
        let source = v;
        if (!(v instanceof CData)) {
          const block = allocate(meta.size);
          writeValue(meta, block, 0, v, where(p));
          keep.push(block);
          source = makeCData(meta, block, 0, block.address);
        }
        const c = source as CData;
        if ((c._t.kind !== 'record' && c._t.kind !== 'pointer') || (c._t.kind === 'record' ? c._t : c._t.item!).cname !== meta.cname) {
          throw argumentError(p, meta, v);
        }
        c._mem(0, meta.size);
        return koffi.decode(c._a, k);
      };
    }
    default:
      throw new TypeError(`${p.fn}: argument ${p.index + 1}: '${meta.cname}' cannot be passed by value`);
  }
}

function pointerConverter(meta: CTypeMeta, p: ParamInfo): ArgConverter {
  const item = meta.item!;
  const text = item.kind === 'scalar' && isCharacterType(item.type); // JS strings are taken as char data
  const numeric = item.kind === 'void' || (item.kind === 'scalar' && item.size > 0);
  const fnPointer = item.kind === 'function';
  const describe = where(p);
  const accepted = new Set<CTypeMeta>([meta]); // CData types already checked compatible
  return (v, keep) => {
    if (v instanceof CData) {
      if (v._m !== null && v._m.released) throw argumentError(p, meta, v, 'its memory was released by ffi.release()');
      if (fnPointer && releasedCallbacks.has(v)) throw argumentError(p, meta, v, 'the callback was released by ffi.release()');
      if (accepted.has(v._t)) return v._big ?? v._a;
      try {
        const address = pointerAddress(meta, v, describe);
        if (v._t.kind !== 'scalar') accepted.add(v._t);
        return address;
      } catch {
        throw argumentError(p, meta, v);
      }
    }
    if (v === null) return 0;
    if (typeof v === 'string' && text) {
      const at = scratch.top;
      if (at + v.length * 3 + 1 <= scratch.size) {
        const n = writeUtf8(scratch.buffer, v, at);
        scratch.buffer[at + n] = 0;
        scratch.top = at + n + 1;
        return scratch.address + at;
      }
      const buffer = Buffer.from(v + '\0', 'utf8');
      keep.push(buffer);
      return addressOf(buffer);
    }
    if (numeric && (ArrayBuffer.isView(v) || v instanceof ArrayBuffer)) {
      const elementSize = ArrayBuffer.isView(v) ? ((v as { BYTES_PER_ELEMENT?: number }).BYTES_PER_ELEMENT ?? 1) : 1;
      if (item.kind !== 'void' && !(v instanceof DataView) && !(v instanceof ArrayBuffer) && elementSize !== item.size) {
        throw argumentError(p, meta, v, `elements of ${elementSize} bytes where ${item.cname} has ${item.size}`);
      }
      keep.push(v);
      return v.byteLength === 0 ? 0 : addressOf(v);
    }
    if (fnPointer && typeof v === 'function') {
      const callback = new Callback(item, v as (...args: unknown[]) => unknown);
      keep.push(callback);
      return callback.address;
    }
    throw argumentError(p, meta, v);
  };
}

/** UTF-8 encode `s` into `buffer` at `at`; returns the byte count. Short ASCII strings skip Buffer.write. */
function writeUtf8(buffer: Buffer, s: string, at: number): number {
  const n = s.length;
  if (n <= 64) {
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) break;
      buffer[at + i] = c;
    }
    if (i === n) return n;
  }
  return buffer.write(s, at, 'utf8');
}

/** The converter of a result (or of a callback argument) of type `meta`, from koffi's value. */
export function resultConverter(meta: CTypeMeta): ResultConverter | null {
  switch (meta.kind) {
    case 'void':
      return null;
    case 'scalar':
      // koffi's value is ours, except 64-bit integers at and beyond 2^53 (see int64Result).
      return meta.codec?.kind === 'int' && meta.size === 8 ? int64Result(meta.types.layouts.intInfo(meta.type)!.signed) : null;
    case 'pointer':
      return (address) => (address === 0 || address === 0n ? null : makeCData(meta, null, 0, Number(address)));
    case 'record': {
      const k = koffiType(meta);
      return (value) => {
        const block = allocate(meta.size);
        koffi.encode(block.address, k, value);
        return makeCData(meta, block, 0, block.address);
      };
    }
    default:
      throw new TypeError(`'${meta.cname}' cannot be returned by value`);
  }
}

/** Release what a call kept above `mark`: temporary callbacks are unregistered. */
export function releaseKept(mark: number): void {
  while (keepStack.length > mark) {
    const k = keepStack.pop();
    if (k instanceof Callback) k.release();
  }
}
