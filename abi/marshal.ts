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
import { describeJs } from './scalars.js';
import { pointerAddress, writeValue } from './values.js';
import { Callback } from './callbacks.js';

/** Things a call keeps alive until C returns. */
export type Keep = unknown[];

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
  const name = p.name ? ` '${p.name}'` : '';
  return new TypeError(`${p.fn}: argument ${p.index + 1}${name}: expected ${meta.cname}, got ${describeJs(value)}${why ? ` (${why})` : ''}`);
}

function where(p: ParamInfo): () => string {
  return () => `${p.fn}: argument ${p.index + 1}${p.name ? ` '${p.name}'` : ''}`;
}

/** The converter of a parameter of type `meta` (arrays and functions decay to pointers). */
export function argConverter(meta: CTypeMeta, p: ParamInfo): ArgConverter {
  switch (meta.kind) {
    case 'scalar': {
      const codec = meta.codec;
      if (!codec || !codec.koffi) throw new TypeError(`${p.fn}: argument ${p.index + 1}: ${meta.unsupported ?? `'${meta.cname}' is not supported for calls in ABI mode`}`);
      return (v) => {
        const k = codec.accept(v instanceof CData && v._t.kind === 'scalar' ? v.value : v);
        if (k === undefined) throw argumentError(p, meta, v);
        return k;
      };
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
  const bytes = item.kind === 'scalar' && item.size === 1 && item.codec?.kind === 'int';
  const numeric = item.kind === 'void' || (item.kind === 'scalar' && item.size > 0);
  const fnPointer = item.kind === 'function';
  const describe = where(p);
  return (v, keep) => {
    if (v === null || v instanceof CData) {
      try {
        return pointerAddress(meta, v, describe);
      } catch (e) {
        throw argumentError(p, meta, v);
      }
    }
    if (typeof v === 'string' && bytes) {
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

/** The converter of a result (or of a callback argument) of type `meta`, from koffi's value. */
export function resultConverter(meta: CTypeMeta): ResultConverter | null {
  switch (meta.kind) {
    case 'void':
    case 'scalar':
      return null; // koffi's value is already ours
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

/** Release what a call kept: temporary callbacks are unregistered. */
export function releaseKept(keep: Keep): void {
  for (const k of keep) if (k instanceof Callback) k.release();
}
