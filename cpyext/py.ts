/**
 * `py`: the Python object protocol for JavaScript callers who need exact Python semantics.
 * Operations take handles (or JS values, which convert by default) and return handles, so
 * nothing is converted until `py.toJS()` asks; predicates, `str`/`repr`, `len` and `hash`
 * answer with JS primitives.
 */

import { debug } from './debug.js';
import { runtime } from './runtime.js';
import type { PyHandle } from './handles.js';

export type BinaryOperator =
  | 'add' | 'sub' | 'mul' | 'truediv' | 'floordiv' | 'mod' | 'divmod' | 'pow' | 'matmul'
  | 'and' | 'or' | 'xor' | 'lshift' | 'rshift'
  | 'iadd' | 'isub' | 'imul' | 'itruediv' | 'ifloordiv' | 'imod' | 'ipow' | 'imatmul'
  | 'iand' | 'ior' | 'ixor' | 'ilshift' | 'irshift'
  | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge';
export type UnaryOperator = 'neg' | 'pos' | 'invert' | 'abs' | 'int' | 'float' | 'index';

let builtinsCache: Record<string, PyHandle> | null = null;

function builtin(name: string): PyHandle {
  return py.builtins[name]!;
}

export const py = {
  call: (f: unknown, ...args: unknown[]): PyHandle => runtime().call(f, ...args),
  getattr: (o: unknown, name: string): PyHandle => runtime().getattr(o, name),
  setattr: (o: unknown, name: string, value: unknown): void => runtime().setattr(o, name, value),
  delattr: (o: unknown, name: string): void => runtime().delattr(o, name),
  hasattr: (o: unknown, name: string): boolean => runtime().hasattr(o, name),
  len: (o: unknown): number => runtime().len(o),
  getitem: (o: unknown, key: unknown): PyHandle => runtime().getitem(o, key),
  setitem: (o: unknown, key: unknown, value: unknown): void => runtime().setitem(o, key, value),
  delitem: (o: unknown, key: unknown): void => runtime().delitem(o, key),
  contains: (o: unknown, key: unknown): boolean => runtime().contains(o, key),
  binop: (op: BinaryOperator, a: unknown, b: unknown): PyHandle => runtime().binop(op, a, b),
  unop: (op: UnaryOperator, a: unknown): PyHandle => runtime().unop(op, a),
  str: (o: unknown): string => runtime().str(o),
  repr: (o: unknown): string => runtime().repr(o),
  bool: (o: unknown): boolean => runtime().bool(o),
  hash: (o: unknown): bigint => runtime().hash(o),
  type: (o: unknown): PyHandle => runtime().type(o),
  is: (a: unknown, b: unknown): boolean => runtime().is(a, b),
  isinstance: (o: unknown, cls: unknown): boolean => runtime().isinstance(o, cls),
  iter: (o: unknown): PyHandle => runtime().iter(o),
  /** next(it) or next(it, default): like Python, StopIteration without a default. */
  next: (it: unknown, ...dflt: [] | [unknown]): unknown => runtime().next(it, ...dflt),
  /** The handle for a JS value converted by default (`py.handle(5)` is a Python int). */
  handle: (value: unknown): PyHandle => runtime().handle(value),
  /** A handle (or any value) converted to JS by the default conversion. */
  toJS: (o: unknown): unknown => runtime().toJS(o),
  /** Drop a handle's Python reference now instead of at garbage collection. */
  release: (o: PyHandle): void => runtime().release(o),
  /** A module from the registry (loaded extensions, registered modules, builtins, sys). */
  import: (name: string): PyHandle => runtime().importModule(name),
  tuple: (iterable: unknown = []): PyHandle => runtime().call(builtin('tuple'), iterable),
  list: (iterable: unknown = []): PyHandle => runtime().call(builtin('list'), iterable),
  dict: (mapping: unknown = {}): PyHandle => runtime().call(builtin('dict'), mapping),
  set: (iterable: unknown = []): PyHandle => runtime().call(builtin('set'), iterable),
  frozenset: (iterable: unknown = []): PyHandle => runtime().call(builtin('frozenset'), iterable),
  float: (x: unknown = 0): PyHandle => runtime().call(builtin('float'), x),
  int: (x: unknown = 0, ...base: [] | [number]): PyHandle => runtime().call(builtin('int'), x, ...base),
  bytes: (x: unknown = 0): PyHandle => runtime().call(builtin('bytes'), x),
  bytearray: (x: unknown = 0): PyHandle => runtime().call(builtin('bytearray'), x),
  slice: (...args: unknown[]): PyHandle => runtime().call(builtin('slice'), ...args),
  /** The builtin types and exception classes, by Python name (`py.builtins.ValueError`). */
  get builtins(): Record<string, PyHandle> {
    builtinsCache ??= runtime().toJS(runtime().getattr(runtime().importModule('builtins'), '__dict__')) as Record<
      string,
      PyHandle
    >;
    return builtinsCache;
  },
  /** Python objects alive in the shim: for leak checks. */
  liveObjects: (): number => runtime().liveObjects(),
  /** Generations and leak reports: the debug build of the shim only (`CBRIDGE_CPYEXT=debug`). */
  debug,
};
