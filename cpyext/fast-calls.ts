/**
 * The fast call tier for builtin functions (module functions, bound builtins).
 *
 * Each builtin function crosses into JS as a wrapper around its ordinary JS function (the V8
 * path of bridge_v8.cc, which handles any arguments). When the call has at most three
 * arguments, all JS numbers, and no Python object holds a JS value, the wrapper calls one of
 * the shim's shared entries `callN(fn, ...numbers)` instead (bridge_fastcall.cc). Optimized
 * code reaches those through V8's fast API, as a plain C call: no handle scope, no argument
 * objects. The entry returns a number; NaN means "look at `state[KIND]`", which names None,
 * True, False, a NaN float, or a result / error parked for `take()`.
 *
 * Invariants:
 * - Same semantics as the ordinary function: the entries convert arguments and results by
 *   the default conversion (bridge_convert.c) and call the PyMethodDef the same way; the
 *   wrapper only decides which door to use, never what a call means.
 * - While any live Python object holds a JS value, Python code could call into JS, which a
 *   fast call must not do: the entries then refuse before doing anything (NOT_TAKEN) and the
 *   wrapper uses the ordinary function.
 * - The tier is on when V8 here takes cbridge's fast API declarations (the self-test shared
 *   with abi/fast.ts) and CBRIDGE_CPYEXT_FASTCALLS is not `0`; off, wrapFunction returns the
 *   ordinary function unchanged.
 */

import { fastApiWorks } from '../abi/fast.js';

/** What the shim exports for the tier (bridge_fastcall.cc `fastCalls`). */
export interface FastCallEntries {
  /** [KIND, HOLDERS, ENTRIES]: shared with the shim (bridge.h CPX_FAST_*). */
  readonly state: Int32Array;
  call0(fn: number): number;
  call1(fn: number, a: number): number;
  call2(fn: number, a: number, b: number): number;
  call3(fn: number, a: number, b: number, c: number): number;
  take(): unknown;
}

// Indexes into `state` and what a NaN result stands for (bridge.h CPX_FAST_*).
const KIND = 0;
const ENTRIES = 2;
const NONE = 1;
const TRUE = 2;
const FALSE = 3;
const NAN = 4;
const NOT_TAKEN = 7;

type Fn = (...args: any[]) => unknown;

/** Whether fast calls are in use in this process (decided once). */
export function fastCallsEnabled(): boolean {
  return (enabled ??= process.env['CBRIDGE_CPYEXT_FASTCALLS'] !== '0' && fastApiWorks());
}
let enabled: boolean | undefined;

/** How many calls V8's fast API entries have made so far (tests use it to see the tier work). */
export function fastEntries(entries: FastCallEntries): number {
  return entries.state[ENTRIES]!;
}

/**
 * The wrapper for the builtin function at address `fn`, whose ordinary JS function is
 * `ordinary`; `ordinary` itself when the tier is off. Any calling convention: the entries call
 * the PyMethodDef as the ordinary path does (arity errors included).
 */
export function wrapFunction(entries: FastCallEntries | null, ordinary: Fn, fn: number): Fn {
  if (entries === null) return ordinary;
  const { state, call0, call1, call2, call3, take } = entries;
  // The value a NaN result stands for; `ordinary` (a marker) when the call was refused.
  const decode = (): unknown => {
    const kind = state[KIND];
    if (kind === NONE) return null;
    switch (kind) {
      case TRUE: return true;
      case FALSE: return false;
      case NAN: return NaN;
      case NOT_TAKEN: return ordinary;
      default: return take();
    }
  };
  const wrapper = function (this: unknown, a?: unknown, b?: unknown, c?: unknown): unknown {
    let r: number;
    const n = arguments.length;
    if (n === 0) r = call0(fn);
    else if (typeof a !== 'number') return Reflect.apply(ordinary, this, arguments);
    else if (n === 1) r = call1(fn, a);
    else if (typeof b !== 'number') return Reflect.apply(ordinary, this, arguments);
    else if (n === 2) r = call2(fn, a, b);
    else if (n === 3 && typeof c === 'number') r = call3(fn, a, b, c);
    else return Reflect.apply(ordinary, this, arguments);
    if (r === r) return r;
    const v = decode();
    return v !== ordinary ? v : Reflect.apply(ordinary, this, arguments);
  };
  Object.defineProperty(wrapper, 'name', { value: ordinary.name });
  return wrapper;
}
