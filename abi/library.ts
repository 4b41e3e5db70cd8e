/**
 * `ffi.dlopen(...)`: a library object whose properties are the declared functions, global
 * variables and integer constants.
 *
 * Invariants:
 * - Libraries are opened with deep binding (RTLD_DEEPBIND): their internal calls bind to
 *   their own symbols, never to the copies the node binary exports (zlib, OpenSSL, libuv).
 * - Nothing is resolved until used: a function property binds its symbol on first access and
 *   then replaces itself with the bound function (a plain data property, as fast as it gets);
 *   a missing symbol is reported then, naming the symbol and the library.
 * - Declarations added after `dlopen` (a later `ffi.cdef`) appear on open libraries too.
 * - The object has no prototype, so a C function called `toString` or `constructor` is just
 *   that function.
 */

import koffi from 'koffi';
import type { LibraryHandle } from 'koffi';
import type { Decl } from '../cdef/decls.js';
import type { CTypeMeta, CTypes } from './ctypes.js';
import { bindFunction } from './calls.js';
import type { Block } from './memory.js';
import { borrow } from './memory.js';
import { readValue, writeValue } from './values.js';
import { jsInteger } from './ctype-info.js';

/** A loaded library: functions, globals and constants by their C names (dynamic, as in cffi). */
export type Library = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

interface LibraryState {
  readonly handle: LibraryHandle;
  readonly name: string;
  readonly installed: Set<string>;
}

const states = new WeakMap<Library, LibraryState>();

/**
 * A library object is an empty object whose prototype (no prototype of its own) carries every
 * declaration, lazily. A function, once bound, becomes an own data property of the object
 * (`settle`): the object stays in V8's fast property mode (`Object.create(null)` objects and
 * objects with hundreds of properties are dictionaries, which costs every `lib.fn()` a hash
 * lookup), and names like `toString` or `constructor` are just C names.
 */
export function newLibraryObject(): Library {
  return Object.create(Object.create(null)) as Library;
}

/** Declare `name` on the library's prototype (a lazy getter, an accessor or a constant). */
export function defineLazy(lib: Library, name: string, descriptor: PropertyDescriptor): void {
  Object.defineProperty(Object.getPrototypeOf(lib), name, { ...descriptor, enumerable: true, configurable: true });
}

/** Make a bound function an own property of the library; returns it. */
export function settle<F>(lib: Library, name: string, fn: F): F {
  Object.defineProperty(lib, name, { value: fn, writable: false, enumerable: true, configurable: true });
  return fn;
}

export function openLibrary(types: CTypes, path: string | null, decls: Iterable<Decl>): Library {
  const name = path ?? 'the process (dlopen(NULL))';
  let handle: LibraryHandle;
  try {
    handle = path === null ? koffi.load(null) : koffi.load(path, { deep: true });
  } catch (e) {
    throw new Error(`dlopen('${path}'): ${(e as Error).message}`);
  }
  const lib = newLibraryObject();
  states.set(lib, { handle, name, installed: new Set() });
  installDeclarations(types, lib, decls);
  return lib;
}

/** Define properties for declarations the library does not show yet. */
export function installDeclarations(types: CTypes, lib: Library, decls: Iterable<Decl>): void {
  const state = states.get(lib)!;
  for (const d of decls) {
    if (d.kind !== 'function' && d.kind !== 'variable' && d.kind !== 'constant') continue;
    if (state.installed.has(d.name)) continue;
    state.installed.add(d.name);
    defineLazy(lib, d.name, descriptor(types, lib, state, d));
  }
}

function descriptor(types: CTypes, lib: Library, state: LibraryState, d: Decl & { kind: 'function' | 'variable' | 'constant' }): PropertyDescriptor {
  switch (d.kind) {
    case 'constant':
      return { value: d.value === '...' ? undefined : jsInteger(d.value), writable: false };
    case 'function':
      if (d.inline) {
        return {
          get() {
            throw new Error(`${d.name}: a static inline function has no symbol in ${state.name}; call it through API mode (ffi.setSource/compile)`);
          },
        };
      }
      return {
        get() {
          return settle(lib, d.name, bindFunction(types, d, state.handle, state.name));
        },
      };
    case 'variable': {
      const symbol = d.asmName ?? d.name;
      return globalAccessor(types.meta(d.type, d.quals), d.name, () => {
        try {
          return Number(koffi.address(state.handle.symbol(symbol)));
        } catch {
          throw new Error(`${d.name}: symbol '${symbol}' not found in ${state.name}`);
        }
      });
    }
  }
}

/**
 * A global variable as a property: reads and writes go to its memory, located (`address()`)
 * and mapped on first use, then kept.
 */
export function globalAccessor(meta: CTypeMeta, name: string, address: () => number): PropertyDescriptor {
  let block: Block | null = null;
  const locate = (): Block => {
    if (block === null) {
      const at = address();
      if (meta.size < 0) throw new TypeError(`${name}: '${meta.cname}' has no size to read`);
      block = borrow(at, meta.size);
    }
    return block;
  };
  return {
    get: () => readValue(meta, locate(), 0),
    set: (v: unknown) => writeValue(meta, locate(), 0, v, () => `global '${name}'`),
  };
}
