/**
 * JS functions as C function pointers (koffi trampolines), and what happens when they throw.
 *
 * Invariants:
 * - A callback stays registered until `release()` (or until the CData holding it is
 *   collected; see ffi-memory.ts): never freed behind C's back.
 * - An exception inside a callback never unwinds through C: C gets 0 / NULL / a zeroed struct,
 *   the exception is parked in `callState`, and the cbridge call that is running rethrows it
 *   when C returns. If no call is running (a callback run later from the event loop), the
 *   exception surfaces as an uncaught exception from a microtask, not silently dropped.
 * - Calls from other native threads are koffi's business: it queues them to the JS thread.
 */

import koffi from 'koffi';
import type { CTypeMeta } from './ctypes.js';
import { koffiType } from './koffi-types.js';
import { underlying } from '../cdef/types.js';
import { argConverter, resultConverter, scratch } from './marshal.js';
import { Block } from './memory.js';

/** Callback CData released by `ffi.release`: passing one to C again is refused. */
export const releasedCallbacks = new WeakSet<object>();

export const callState = {
  /** The first exception thrown by a callback and not yet rethrown. */
  pending: null as { error: unknown } | null,
};

/** Rethrow a parked callback exception (call wrappers do this when C returns). */
export function rethrowPending(): void {
  const p = callState.pending;
  if (p !== null) {
    callState.pending = null;
    throw p.error;
  }
}

/**
 * Park a callback's exception. If a cbridge call is running, it rethrows the exception when C
 * returns, before any microtask can run; if none is (the callback ran from the event loop),
 * the microtask finds it still parked and throws it as an uncaught exception.
 */
function park(error: unknown): void {
  if (callState.pending !== null) return; // the first exception wins
  const parked = { error };
  callState.pending = parked;
  queueMicrotask(() => {
    if (callState.pending === parked) {
      callState.pending = null;
      throw error;
    }
  });
}

export class Callback {
  readonly address: number;
  #id: bigint | null;

  /** `fn` as a C function of type `fnMeta` (a function type meta). */
  constructor(readonly fnMeta: CTypeMeta, fn: (...args: unknown[]) => unknown) {
    const resolved = underlying(fnMeta.type);
    if (resolved.kind !== 'function') throw new TypeError(`'${fnMeta.cname}' is not a function type`);
    const types = fnMeta.types;
    const resultMeta = types.meta(resolved.result, resolved.resultQuals);
    const paramMetas = resolved.params.map((p) => types.meta(p.type, p.quals));
    if (resolved.variadic) throw new TypeError(`a callback cannot be variadic ('${fnMeta.cname}')`);
    const proto = koffi.proto(koffiType(resultMeta), paramMetas.map((m) => koffiType(m.kind === 'array' ? types.pointerTo(m.item!) : m)));
    const fromC = paramMetas.map((m) => resultConverter(m.kind === 'array' ? types.pointerTo(m.item!) : m));
    const toC = resultMeta.kind === 'void' ? null : argConverter(resultMeta, { fn: `callback ${fnMeta.cname}`, index: -1, name: 'result' });
    // What C receives when the JS function throws: zero of the result type.
    const fallback = resultMeta.kind === 'scalar' ? (resultMeta.codec?.kind === 'bool' ? false : 0) : resultMeta.kind === 'record' ? {} : resultMeta.kind === 'pointer' ? 0 : undefined;
    const trampoline = (...args: unknown[]) => {
      try {
        for (let i = 0; i < args.length; i++) {
          const convert = fromC[i];
          if (convert) args[i] = convert(args[i]);
        }
        const r = fn(...args);
        if (toC === null) return undefined;
        // A struct result is copied into koffi's value; a JS string or function would be made
        // into memory that dies with this call, so those are refused.
        const keep: unknown[] = [];
        const top = scratch.top;
        const value = toC(r, keep);
        if (scratch.top !== top || keep.some((k) => !(k instanceof Block))) {
          scratch.top = top;
          throw new TypeError(`callback ${fnMeta.cname}: cannot return a JS string or function to C (it would not outlive the callback); return a CData`);
        }
        return value;
      } catch (e) {
        park(e);
        return fallback;
      }
    };
    this.#id = koffi.register(trampoline, koffi.pointer(proto));
    this.address = Number(this.#id);
  }

  get released(): boolean {
    return this.#id === null;
  }

  release(): void {
    if (this.#id === null) return;
    koffi.unregister(this.#id);
    this.#id = null;
  }
}
