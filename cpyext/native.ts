/**
 * The shim's native half: finds `build/Release/cpyext.node`, opens it with RTLD_GLOBAL (so
 * extension binaries loaded afterwards resolve their `Py*` imports to it) and starts the
 * Python runtime inside it once, handing it the hooks it calls back into.
 *
 * Invariant: the shim is opened once per process, on first use; every other cpyext module
 * reaches it through `shim()`.
 */

import { existsSync } from 'node:fs';
import { constants } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastCallEntries } from './fast-calls.js';

/** A JS value standing for a Python object (object, function or constructor). */
export type Handle = object;

/** What cpyext.node exports (bridge*.c). */
export interface Shim {
  init(hooks: Hooks): void;
  load(path: string, name: string, initName: string): Handle;
  kwargs(values: object): object;
  liveObjects(): number;
  release(handle: Handle): void;
  registerModule(name: string, value: unknown): void;
  importModule(name: string): Handle;
  describeType(type: Handle): TypeEntry[];
  fastCalls(): FastCallEntries;
  handle(value: unknown): Handle;
  toJS(value: unknown): unknown;
  getattr(o: unknown, name: string): Handle;
  setattr(o: unknown, name: string, value: unknown): void;
  delattr(o: unknown, name: string): void;
  hasattr(o: unknown, name: string): boolean;
  len(o: unknown): number;
  getitem(o: unknown, key: unknown): Handle;
  setitem(o: unknown, key: unknown, value: unknown): void;
  delitem(o: unknown, key: unknown): void;
  contains(o: unknown, key: unknown): boolean;
  str(o: unknown): string;
  repr(o: unknown): string;
  bool(o: unknown): boolean;
  hash(o: unknown): bigint;
  bytes(o: unknown): Handle;
  type(o: unknown): Handle;
  is(a: unknown, b: unknown): boolean;
  isinstance(o: unknown, cls: unknown): boolean;
  iter(o: unknown): Handle;
  next(it: unknown, ...dflt: unknown[]): unknown;
  iterate(it: Handle, done: symbol): unknown;
  call(f: unknown, ...args: unknown[]): Handle;
  binop(op: string, a: unknown, b: unknown): Handle;
  unop(op: string, a: unknown): Handle;
}

/** One attribute of a Python type, as describeType reports it. */
export type TypeEntry =
  | [name: string, kind: 'method', fn: (...args: unknown[]) => unknown]
  | [name: string, kind: 'data', get: () => unknown, set: (v: unknown) => void]
  | [name: string, kind: 'class', value: unknown];

export interface Hooks {
  makeError(type: string, message: string, exception: Handle): Error;
  classFor(type: Handle): new () => object;
  /** The JS function a builtin function crosses as (fast-calls.ts), given its ordinary one. */
  wrapFunction(ordinary: (...args: any[]) => unknown, fn: number): (...args: any[]) => unknown;
}

function shimPath(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++, dir = dirname(dir)) {
    const candidate = join(dir, 'build', 'Release', 'cpyext.node');
    if (existsSync(candidate)) return candidate;
  }
  throw new Error('cbridge: build/Release/cpyext.node not found; run `npm install` to build the native addons');
}

let opened: Shim | null = null;
let openedPath = '';

/** The shim, opened and initialised with `hooks` on first call. */
export function shim(hooks?: () => Hooks): Shim {
  if (opened !== null) return opened;
  if (hooks === undefined) throw new Error('cbridge: the cpyext shim was used before it was opened');
  const path = shimPath();
  const module = { exports: {} as Shim };
  process.dlopen(module, path, constants.dlopen.RTLD_NOW | constants.dlopen.RTLD_GLOBAL);
  module.exports.init(hooks());
  opened = module.exports;
  openedPath = path;
  return opened;
}

/** The file the shim was opened from (its exported symbols are the C API on offer). */
export function shimFile(): string {
  return openedPath || shimPath();
}
