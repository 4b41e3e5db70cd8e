/**
 * How Python objects look from JavaScript when they do not convert by value: handles.
 *
 * Invariants:
 * - Every Python type gets one JS class, built the first time an instance of it (or the type
 *   itself) crosses: its prototype carries the type's methods (native functions that take
 *   `this` as self), its data descriptors (members and getsets) as accessors, iteration
 *   (`for...of`), `toString` (Python `str`) and Node's inspect hook (Python `repr`). The
 *   type's own JS function gets the class attributes (class methods, constants) and shares
 *   the prototype, so `h instanceof mod.Type` holds and `new mod.Type()` works.
 * - A handle owns one Python reference (held natively); `release()` drops it early,
 *   otherwise the garbage collector does.
 */

import { inspect } from 'node:util';
import { shim, type Handle } from './native.js';

/** A Python object held by JavaScript. */
export type PyHandle = Handle;

const DONE: unique symbol = Symbol('cbridge.iteration.done');

/** Base of every handle class: the behaviour all Python objects share in JS. */
export class PyObjectHandle {
  *[Symbol.iterator](): Generator<unknown> {
    const native = shim();
    const it = native.iter(this);
    for (;;) {
      const value = native.iterate(it, DONE);
      if (value === DONE) return;
      yield value;
    }
  }

  toString(): string {
    return shim().str(this);
  }

  [inspect.custom](): string {
    return shim().repr(this);
  }
}

const classes = new WeakMap<Handle, new () => object>();
const RESERVED = new Set(['prototype', 'length', 'name', 'caller', 'arguments', 'constructor']);

/** The JS class for instances of the Python type `type` (a JS function handle). */
export function classFor(type: Handle): new () => object {
  const known = classes.get(type);
  if (known !== undefined) return known;
  const Handle = class extends PyObjectHandle {};
  classes.set(type, Handle);
  // Chain to the base type's class (registered first: building it may cross this type
  // again), so `instanceof` follows Python's base chain.
  const base = shim().getattr(type, '__base__');
  if (typeof base === 'function' && base !== type) {
    const Base = classFor(base);
    Object.setPrototypeOf(Handle.prototype, Base.prototype);
    Object.setPrototypeOf(Handle, Base);
  }
  const proto = Handle.prototype as unknown as Record<string, unknown>;
  for (const entry of shim().describeType(type)) {
    const [name, kind] = entry;
    if (kind === 'method') {
      Object.defineProperty(proto, name, { value: entry[2], writable: true, configurable: true });
    } else if (kind === 'data') {
      Object.defineProperty(proto, name, { get: entry[2], set: entry[3], configurable: true });
    } else if (!RESERVED.has(name)) {
      Object.defineProperty(type, name, { value: entry[2], writable: true, configurable: true, enumerable: true });
      shim().debugKeep?.(entry[2]); // cached on the class for good: not a leak (debug build)
    }
  }
  Object.defineProperty(Handle, 'name', { value: (type as { name?: string }).name ?? 'PyObject' });
  (type as { prototype: unknown }).prototype = proto;
  return Handle;
}
