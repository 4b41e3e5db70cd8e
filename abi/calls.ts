/**
 * One JS function per C function: argument converters chosen from the declaration, a koffi
 * function bound to the library's symbol, and a wrapper specialised to the arity.
 *
 * Invariants:
 * - The wrapper checks the argument count, converts each argument with its parameter's
 *   converter (which names the parameter in errors), calls C, rethrows an exception a callback
 *   parked during the call, and converts the result; nothing else happens per call.
 * - Symbols are resolved when the function is first used, and `__asm__` renames from headers
 *   are honoured (glibc's `fscanf` binds `__isoc99_fscanf`).
 * - Variadic arguments are typed per call: by an `ffi.cast` CData's type, or by cffi's default
 *   rules for plain JS values (docs/abi-mode.md).
 */

import type { LibraryHandle } from 'koffi';
import type { FunctionDecl } from '../cdef/decls.js';
import { cDeclaration } from '../cdef/c-printer.js';
import type { CTypes, CTypeMeta } from './ctypes.js';
import { CData } from './cdata.js';
import { callState, rethrowPending } from './callbacks.js';
import { koffiType } from './koffi-types.js';
import type { ArgConverter, ResultConverter } from './marshal.js';
import { argConverter, keepStack, releaseKept, resultConverter, scratch } from './marshal.js';
import { describeJs } from './scalars.js';
import { primitive } from '../cdef/types.js';

type Raw = (...args: unknown[]) => unknown;

/** Which path a bound function calls C through: koffi (`'abi'`) or a compiled stub's tier. */
export type CallTier = 'abi' | 'fastapi' | 'v8' | 'napi';

const tiers = new WeakMap<object, CallTier>();

/** The tier a library function was bound to, or undefined for anything else. */
export function tierOf(fn: unknown): CallTier | undefined {
  return typeof fn === 'function' ? tiers.get(fn) : undefined;
}

export function recordTier(fn: object, tier: CallTier): void {
  tiers.set(fn, tier);
}

/** Bind `decl` in a koffi library; throws with the symbol and library named when it is missing. */
export function bindFunction(types: CTypes, decl: FunctionDecl, lib: LibraryHandle, libraryName: string): (...args: unknown[]) => unknown {
  const fn = decl.type;
  const params = fn.params.map((p) => types.meta(p.type, p.quals));
  const resultMeta = types.meta(fn.result, fn.resultQuals);
  const convert = params.map((m, index) => argConverter(m, { fn: decl.name, index, name: fn.params[index]!.name }));
  const ret = resultConverter(resultMeta);
  const kinds = params.map((m) => koffiType(m.kind === 'array' ? types.pointerTo(m.item!) : m.kind === 'function' ? types.pointerTo(m) : m));
  const symbol = decl.asmName ?? decl.name;
  let raw: Raw;
  try {
    raw = lib.func(symbol, koffiType(resultMeta), fn.variadic ? [...kinds, '...'] : kinds) as unknown as Raw;
  } catch (e) {
    const message = (e as Error).message;
    if (/cannot find|not found|undefined symbol/i.test(message)) {
      throw new Error(`${decl.name}: symbol '${symbol}' not found in ${libraryName}`);
    }
    throw new TypeError(`${decl.name}: cannot bind '${cDeclaration(fn, decl.name)}': ${message}`);
  }
  const needsKeep = params.some((m) => m.kind !== 'scalar');
  const bound = fn.variadic
    ? variadicWrapper(types, decl.name, raw, convert, ret)
    : callWrapper(decl.name, { call: raw }, 'call', convert, ret, needsKeep);
  recordTier(bound, 'abi');
  return bound;
}

function arityError(name: string, expected: number, got: number): TypeError {
  return new TypeError(`${name}: expected ${expected} argument${expected === 1 ? '' : 's'}, got ${got}`);
}

/**
 * A wrapper with one named parameter per C parameter (so V8 sees a plain monomorphic call),
 * generated once per function. It calls `target[key](...)` as a method: V8 takes a fast API
 * entry only for calls with an object receiver.
 */
export function callWrapper(name: string, target: object, key: string, convert: ArgConverter[], ret: ResultConverter | null, needsKeep: boolean): (...args: unknown[]) => unknown {
  const n = convert.length;
  const args = Array.from({ length: n }, (_, i) => `a${i}`);
  const converted = args.map((a, i) => `c${i}(${a}, keep)`).join(', ');
  // Scalar-only functions: check, call, rethrow a callback's exception; nothing else.
  // With pointers: temporaries live in the scratch arena and `keep` until C returns.
  const call = needsKeep
    ? `const keep = keepStack;
      const kept = keep.length;
      const mark = scratch.top;
      let r;
      try {
        r = target[${JSON.stringify(key)}](${converted});
      } finally {
        scratch.top = mark;
        if (keep.length !== kept) releaseKept(kept);
      }`
    : `const keep = null;
      const r = target[${JSON.stringify(key)}](${converted});`;
  const body = `
    const [${args.map((_, i) => `c${i}`).join(', ')}] = convert;
    return function ${safeName(name)}(${args.join(', ')}) {
      if (arguments.length !== ${n}) throw arityError(${JSON.stringify(name)}, ${n}, arguments.length);
      ${call}
      if (callState.pending !== null) rethrowPending();
      return ${ret ? 'ret(r)' : 'r'};
    };`;
  return new Function('target', 'convert', 'ret', 'callState', 'rethrowPending', 'arityError', 'releaseKept', 'scratch', 'keepStack', body)(
    target, convert, ret, callState, rethrowPending, arityError, releaseKept, scratch, keepStack,
  ) as (...args: unknown[]) => unknown;
}

function safeName(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) && !['arguments', 'eval'].includes(name) ? name : 'cfunction';
}

function variadicWrapper(types: CTypes, name: string, raw: Raw, convert: ArgConverter[], ret: ResultConverter | null): (...args: unknown[]) => unknown {
  const fixed = convert.length;
  return function variadic(...args: unknown[]): unknown {
    if (args.length < fixed) throw new TypeError(`${name}: expected at least ${fixed} argument${fixed === 1 ? '' : 's'}, got ${args.length}`);
    const keep = keepStack;
    const kept = keep.length;
    const mark = scratch.top;
    let r: unknown;
    try {
      const call: unknown[] = [];
      for (let i = 0; i < fixed; i++) call.push(convert[i]!(args[i], keep));
      for (let i = fixed; i < args.length; i++) {
        const arg = typeof args[i] === 'boolean' ? Number(args[i]) : args[i]; // a bool travels as an int
        const meta = variadicType(types, arg, name, i);
        call.push(koffiType(meta), variadicConverter(meta, name)(arg, keep));
      }
      r = raw(...call);
    } finally {
      scratch.top = mark;
      releaseKept(kept);
    }
    if (callState.pending !== null) rethrowPending();
    return ret ? ret(r) : r;
  };
}

/** Converters of variadic arguments, one per C type a variadic argument can take. */
function variadicConverter(meta: CTypeMeta, fn: string): ArgConverter {
  let c = meta.extra.get(`variadic ${fn}`) as ArgConverter | undefined;
  if (!c) meta.extra.set(`variadic ${fn}`, (c = argConverter(meta, { fn, index: -1, name: null })));
  return c;
}

/** The C type a variadic argument is passed as (cffi's rules, or the CData's own type). */
function variadicType(types: CTypes, value: unknown, fn: string, index: number): CTypeMeta {
  if (value instanceof CData) {
    const t = value._t;
    if (t.kind === 'scalar') return promoted(types, t);
    if (t.kind === 'pointer') return t;
    if (t.kind === 'array') return types.pointerTo(t.item!);
    if (t.kind === 'record') return t;
  }
  switch (typeof value) {
    case 'number':
      if (Number.isInteger(value)) return types.meta(primitive(value >= -(2 ** 31) && value < 2 ** 31 ? 'int' : 'long'));
      return types.meta(primitive('double'));
    case 'bigint':
      return types.meta(primitive('long long'));
    case 'boolean':
      return types.meta(primitive('int'));
    case 'string':
      return types.pointerTo(types.meta(primitive('char'), 1));
    default:
      if (value === null) return types.pointerTo(types.meta({ kind: 'void' }));
      throw new TypeError(`${fn}: argument ${index + 1} (variadic): cannot pass ${describeJs(value)}; give its C type with ffi.cast(type, value)`);
  }
}

/** C's default argument promotions: small integers become int, float becomes double. */
function promoted(types: CTypes, meta: CTypeMeta): CTypeMeta {
  const codec = meta.codec;
  if (!codec) return meta;
  if (codec.kind === 'float' && codec.size === 4) return types.meta(primitive('double'));
  if ((codec.kind === 'int' || codec.kind === 'bool') && codec.size < 4) return types.meta(primitive('int'));
  return meta;
}
