/**
 * The shim's native half: finds `build/Release/cpyext.node` (or `cpyext_debug.node`, the debug
 * build, when the environment variable `CBRIDGE_CPYEXT=debug`), opens it with RTLD_GLOBAL (so
 * extension binaries loaded afterwards resolve their `Py*` imports to it) and starts the
 * Python runtime inside it once, handing it the hooks it calls back into.
 *
 * Invariants: the shim is opened once per process, on first use; every other cpyext module
 * reaches it through `shim()`. Its build is chosen then, from `CBRIDGE_CPYEXT`, and never
 * changes: the two builds export the same `Py*` names into the global scope, so a process can
 * hold only one of them.
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
  /** Debug build only (bridge_debug.c): start a generation, list what is alive since one. */
  debugGeneration?(): number;
  debugLeaks?(since: number, ignoreModules: boolean): LiveObject[];
  /** Debug build only: the object is a cache kept for good (left out of module-aware leak reports). */
  debugKeep?(handle: unknown): void;
}

/** An object still alive, as the debug build reports it. */
export interface LiveObject {
  /** Its type's `tp_name` (`'list'`, `'xxhash.xxh64'`). */
  type: string;
  /** Its address, `0x...`. */
  address: string;
  refcount: number;
  /** The generation it was created in. */
  generation: number;
  /** Its `repr()`, at most 200 characters. */
  repr: string;
}

/** The two builds of the shim (`CBRIDGE_CPYEXT`). */
export const SHIM_MODES = ['release', 'debug'] as const;
export type ShimMode = (typeof SHIM_MODES)[number];

const SHIM_FILES: Record<ShimMode, string> = { release: 'cpyext.node', debug: 'cpyext_debug.node' };

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

/**
 * The build `CBRIDGE_CPYEXT` asks for: unset or empty means `release`. Read when the shim is
 * opened; once it is, the build of the open shim.
 */
export function shimMode(): ShimMode {
  if (opened !== null) return openedMode;
  const value = process.env['CBRIDGE_CPYEXT'] ?? '';
  if (value === '') return 'release';
  if ((SHIM_MODES as readonly string[]).includes(value)) return value as ShimMode;
  throw new Error(
    `cbridge: CBRIDGE_CPYEXT=${JSON.stringify(value)} is not a build of the cpyext shim; accepted values: ${SHIM_MODES.join(', ')} (unset means release)`,
  );
}

function shimPath(mode: ShimMode): string {
  const file = SHIM_FILES[mode];
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++, dir = dirname(dir)) {
    const candidate = join(dir, 'build', 'Release', file);
    if (existsSync(candidate)) return candidate;
  }
  throw new Error(`cbridge: build/Release/${file} not found; run \`npm install\` to build the native addons`);
}

let opened: Shim | null = null;
let openedPath = '';
let openedMode: ShimMode = 'release';

/** The shim, opened and initialised with `hooks` on first call. */
export function shim(hooks?: () => Hooks): Shim {
  if (opened !== null) return opened;
  if (hooks === undefined) throw new Error('cbridge: the cpyext shim was used before it was opened');
  const mode = shimMode();
  const path = shimPath(mode);
  const module = { exports: {} as Shim };
  process.dlopen(module, path, constants.dlopen.RTLD_NOW | constants.dlopen.RTLD_GLOBAL);
  module.exports.init(hooks());
  opened = module.exports;
  openedPath = path;
  openedMode = mode;
  return opened;
}

/** The file the shim was opened from (its exported symbols are the C API on offer). */
export function shimFile(): string {
  return openedPath || shimPath(shimMode());
}
