/**
 * Replaying a CPython-recorded fixture (tests/cpyext/fixtures/*.json, format in
 * fixture_format.py) against an extension module loaded in Node with `loadExtension`.
 *
 * API:
 *   runCase(module, c)         -> string[]   every mismatch of one case (empty: it passed)
 *   expectCase(module, c)                     throws an Error listing the mismatches
 *   toArgument(encoded, vars)  -> unknown    one fixture argument as the JS value to pass
 *   matchValue(actual, encoded)-> string|null why `actual` is not the recorded result
 *   pyTypeName(value)          -> string     `module.qualname` of a value's Python type
 *
 *   const mod = loadExtension(path, { name: fixture.module });
 *   it.each(fixture.cases.map((c) => [c.name, c]))('%s', (_n, c) => expect(runCase(mod, c)).toEqual([]));
 *
 * Invariants:
 * - Calls go through the public JS API the way a user writes them: `mod.f(...args,
 *   kwargs({...}))`, `obj.method(...)` on handles (methods found on the handle's class), types
 *   called as functions. Attribute steps (get/set) go through `py.getattr`/`py.setattr`, which
 *   have Python's exact semantics (AttributeError, class attributes such as `__name__`); a
 *   path component JS does not expose is read with `py.getattr` too.
 * - Arguments become what a JS caller passes for that Python value: bytes -> Buffer, ints
 *   -> number (|v| <= 2^53) or bigint, lists -> Array, dicts -> Map; values with no by-value
 *   JS form are made as Python objects: tuple -> py.tuple, bytearray -> py.bytearray,
 *   memoryview -> memoryview(bytes), an integral float -> py.float. `{"$ref"}` is the JS
 *   value an earlier step returned (or a `let` bound), passed back unchanged.
 * - Results are compared with the bridge's conversion of the recorded value: str -> string
 *   (an instance of a str subclass, which crosses as a handle, by its text), bytes -> Buffer, int -> number or bigint beyond 2^53 (exactly the form the fixture uses), tuple
 *   and list -> Array, dict -> plain object (Map when a key is not a str), None -> null.
 *   Values that cross as handles are compared through Python: `$object` by the type's
 *   qualified name, bytearray/memoryview by type and contents, `$digest` by sha256.
 * - An error step passes only when a PythonError is thrown whose `.type` is the recorded
 *   qualified type name and whose `.message` is the recorded str(exc).
 */

import { createHash } from 'node:crypto';
import { PythonError, kwargs, py } from '../../cpyext/index.js';
import { decodeValue, stepsOf, type Case, type Encoded, type Step } from './cpython-ext-fixtures.js';

type Vars = Map<string, unknown>;

const BUILTIN_PROTOS = new Set<unknown>([Object.prototype, Function.prototype]);

/** Whether JS exposes `name` on `obj` other than through Object/Function prototypes. */
function jsHas(obj: unknown, name: string): boolean {
  if (obj === null || (typeof obj !== 'object' && typeof obj !== 'function')) return false;
  for (let o: object | null = obj as object; o !== null && !BUILTIN_PROTOS.has(o); o = Object.getPrototypeOf(o)) {
    if (Object.prototype.hasOwnProperty.call(o, name)) return true;
  }
  return false;
}

/** Resolve `a.b.c`: the first component is a variable or a module attribute. */
function resolvePath(module: object, vars: Vars, path: string): unknown {
  const [first, ...rest] = path.split('.');
  let obj: unknown = vars.has(first!) ? vars.get(first!) : jsHas(module, first!) ? (module as Record<string, unknown>)[first!] : py.toJS(py.getattr(module, first!));
  for (const part of rest) obj = jsHas(obj, part) ? (obj as Record<string, unknown>)[part] : py.toJS(py.getattr(obj, part));
  return obj;
}

/** Call the object at `path` the way JS code would (methods with their `this`). */
function callPath(module: object, vars: Vars, path: string, args: unknown[]): unknown {
  const dot = path.lastIndexOf('.');
  const owner = dot < 0 ? module : resolvePath(module, vars, path.slice(0, dot));
  const name = dot < 0 ? path : path.slice(dot + 1);
  if (dot < 0 && vars.has(name)) return callValue(vars.get(name), undefined, args);
  if (jsHas(owner, name)) return callValue((owner as Record<string, unknown>)[name], owner, args);
  return callValue(py.toJS(py.getattr(owner, name)), undefined, args);
}

function callValue(f: unknown, self: unknown, args: unknown[]): unknown {
  if (typeof f === 'function') return Reflect.apply(f, self, args);
  return py.toJS(py.call(f, ...args)); // a callable that crosses as a handle (a bound method)
}

/** One fixture argument as the JS value a caller passes (see the invariants). */
export function toArgument(v: Encoded, vars: Vars = new Map()): unknown {
  return decodeValue(v, {
    // An integral JS number crosses as an int, and -0 as int 0: make those floats in Python.
    float: (x) => (Object.is(x, -0) ? py.float('-0.0') : Number.isInteger(x) ? py.float(x) : x),
    bytearray: (b) => py.bytearray(b),
    memoryview: (b) => py.call(py.builtins['memoryview'], b),
    tuple: (items) => py.tuple(items),
    dict: (entries) => new Map(entries),
    object: (type) => {
      throw new Error(`fixture: an argument of type ${type} cannot be made`);
    },
    digest: () => {
      throw new Error('fixture: a $digest cannot be an argument');
    },
    ref: (name) => {
      if (!vars.has(name)) throw new Error(`fixture: {$ref: ${name}} before it was bound`);
      return vars.get(name);
    },
  });
}

/** `module.qualname` of the Python type of `value` (builtins by bare name), as fixture_format.type_name. */
export function pyTypeName(value: unknown): string {
  const tp = py.type(value);
  const module = py.toJS(py.getattr(tp, '__module__'));
  const qualname = py.toJS(py.getattr(tp, '__qualname__')) as string;
  return module === null || module === 'builtins' ? qualname : `${String(module)}.${qualname}`;
}

function show(v: unknown): string {
  if (Buffer.isBuffer(v)) return v.length <= 32 ? `Buffer<${v.toString('hex')}>` : `Buffer[${v.length}]`;
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'string') return JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);
  if (v instanceof PythonError) return `PythonError(${v.type}: ${v.message})`;
  if (v instanceof Error) return `${v.name}(${v.message})`;
  if (v !== null && (typeof v === 'object' || typeof v === 'function')) {
    try {
      return `<${pyTypeName(v)}> ${py.repr(v).slice(0, 60)}`;
    } catch {
      return Object.prototype.toString.call(v);
    }
  }
  return String(v);
}

function bytesOfHandle(v: unknown, type: string): Buffer | string {
  if (Buffer.isBuffer(v)) return `expected a ${type}, got bytes ${show(v)}`;
  const actual = (() => {
    try {
      return pyTypeName(v);
    } catch {
      return typeof v;
    }
  })();
  if (actual !== type) return `expected a ${type}, got ${actual}: ${show(v)}`;
  return py.toJS(py.bytes(v)) as Buffer;
}

/** The text of a str-subclass instance (a handle: only exact str crosses as a JS string),
 * which fixture_format.encode records as a plain str; undefined for anything else. */
function strSubclassText(v: unknown): string | undefined {
  if (v === null || (typeof v !== 'object' && typeof v !== 'function')) return undefined;
  try {
    return py.isinstance(v, py.builtins['str']) ? py.str(v) : undefined;
  } catch {
    return undefined;
  }
}

/** Why `actual` (a JS result) is not the recorded value `expected`, or null when it is. */
export function matchValue(actual: unknown, expected: Encoded, where = 'result'): string | null {
  const fail = (what: string) => `${where}: expected ${what}, got ${show(actual)}`;
  if (expected === null) return actual === null ? null : fail('None (null)');
  if (typeof expected === 'boolean') return actual === expected ? null : fail(JSON.stringify(expected));
  if (typeof expected === 'string') return (typeof actual === 'string' ? actual : strSubclassText(actual)) === expected ? null : fail(JSON.stringify(expected));
  if (typeof expected === 'number') {
    if (Number.isInteger(expected)) return typeof actual === 'number' && actual === expected ? null : fail(`int ${expected}`);
    return typeof actual === 'number' && Object.is(actual, expected) ? null : fail(`float ${expected}`);
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return fail(`a list of ${expected.length}`);
    if (actual.length !== expected.length) return fail(`a list of ${expected.length}`);
    for (let i = 0; i < expected.length; i++) {
      const m = matchValue(actual[i], expected[i]!, `${where}[${i}]`);
      if (m) return m;
    }
    return null;
  }
  if ('$int' in expected) return actual === BigInt(expected.$int) ? null : fail(`int ${expected.$int}n`);
  if ('$float' in expected) {
    const x = decodeValue(expected) as number;
    return typeof actual === 'number' && (Object.is(actual, x) || (Number.isNaN(x) && Number.isNaN(actual))) ? null : fail(`float ${expected.$float}`);
  }
  if ('$bytes' in expected || '$pattern' in expected) {
    const b = decodeValue(expected) as Buffer;
    if (!Buffer.isBuffer(actual)) return fail(`bytes ${show(b)}`);
    return actual.equals(b) ? null : fail(`bytes ${show(b)}`);
  }
  if ('$digest' in expected) {
    const { len, sha256 } = expected.$digest;
    if (!Buffer.isBuffer(actual)) return fail(`bytes of ${len} (sha256 ${sha256.slice(0, 12)}...)`);
    const ok = actual.length === len && createHash('sha256').update(actual).digest('hex') === sha256;
    return ok ? null : fail(`bytes of ${len} (sha256 ${sha256.slice(0, 12)}...)`);
  }
  if ('$bytearray' in expected || '$memoryview' in expected) {
    const type = '$bytearray' in expected ? 'bytearray' : 'memoryview';
    const got = bytesOfHandle(actual, type);
    if (typeof got === 'string') return `${where}: ${got}`;
    return matchValue(got, '$bytearray' in expected ? expected.$bytearray : (expected as { $memoryview: Encoded }).$memoryview, `${where} (${type} contents)`);
  }
  if ('$tuple' in expected) return matchValue(actual, expected.$tuple, where);
  if ('$dict' in expected) {
    const entries = expected.$dict;
    let got: [unknown, unknown][];
    if (actual instanceof Map) got = [...actual.entries()];
    else if (actual !== null && typeof actual === 'object' && Object.getPrototypeOf(actual) === Object.prototype) got = Object.entries(actual);
    else return fail(`a dict of ${entries.length}`);
    if (got.length !== entries.length) return fail(`a dict of ${entries.length}: ${JSON.stringify(entries)}`);
    for (const [k, v] of entries) {
      const pair = got.find(([gk]) => matchValue(gk, k) === null);
      if (!pair) return `${where}: key ${JSON.stringify(k)} missing (got keys ${got.map(([gk]) => show(gk)).join(', ')})`;
      const m = matchValue(pair[1], v, `${where}[${JSON.stringify(k)}]`);
      if (m) return m;
    }
    return null;
  }
  if ('$object' in expected) {
    let type: string;
    try {
      type = pyTypeName(actual);
    } catch (e) {
      return fail(`an object of type ${expected.$object} (${String(e)})`);
    }
    return type === expected.$object ? null : fail(`an object of type ${expected.$object}`);
  }
  if ('$ref' in expected) return `${where}: a $ref cannot be a result`;
  return `${where}: unknown recorded value ${JSON.stringify(expected)}`;
}

function describeStep(s: Step): string {
  const what = s.call ?? s.get ?? s.set ?? s.let;
  const kind = s.call !== undefined ? 'call' : s.get !== undefined ? 'get' : s.set !== undefined ? 'set' : 'let';
  return `${kind} ${what}`;
}

function runStep(module: object, vars: Vars, s: Step): string | null {
  if (s.let !== undefined) {
    vars.set(s.let, toArgument(s.value!, vars));
    return null;
  }
  let result: unknown;
  let thrown: unknown = undefined;
  let threw = false;
  try {
    if (s.call !== undefined) {
      const args = (s.args ?? []).map((a) => toArgument(a, vars));
      const kw = Object.entries(s.kwargs ?? {});
      if (kw.length > 0) args.push(kwargs(new Map(kw.map(([k, v]) => [k, toArgument(v, vars)]))));
      result = callPath(module, vars, s.call, args);
    } else if (s.get !== undefined) {
      const dot = s.get.lastIndexOf('.');
      const owner = dot < 0 ? module : resolvePath(module, vars, s.get.slice(0, dot));
      result = py.toJS(py.getattr(owner, s.get.slice(dot + 1)));
    } else {
      const path = s.set!;
      const dot = path.lastIndexOf('.');
      const owner = dot < 0 ? module : resolvePath(module, vars, path.slice(0, dot));
      py.setattr(owner, path.slice(dot + 1), toArgument(s.value!, vars));
      result = null;
    }
  } catch (e) {
    threw = true;
    thrown = e;
  }
  if (!threw && !s.error && s.bind !== undefined) vars.set(s.bind, result);
  return outcomeMismatch(s, threw ? { thrown } : { result }, describeStep(s));
}

/**
 * How what a step gave (its result, or what it threw) differs from what CPython recorded for
 * it, prefixed with `label`; null when it matches (errors: a PythonError of the same type and
 * message).
 */
export function outcomeMismatch(s: Step, outcome: { result: unknown } | { thrown: unknown }, label: string): string | null {
  if (s.error) {
    if (!('thrown' in outcome)) return `${label}: expected ${s.error.type}: ${s.error.message}, got result ${show(outcome.result)}`;
    const thrown = outcome.thrown;
    if (!(thrown instanceof PythonError)) return `${label}: expected PythonError ${s.error.type}: ${s.error.message}, got ${show(thrown)}`;
    if (thrown.type !== s.error.type || thrown.message !== s.error.message)
      return `${label}: expected ${s.error.type}: ${JSON.stringify(s.error.message)}, got ${thrown.type}: ${JSON.stringify(thrown.message)}`;
    return null;
  }
  if ('thrown' in outcome) return `${label}: expected a result, got ${show(outcome.thrown)}`;
  return matchValue(outcome.result, s.result ?? null, label);
}

/**
 * Run one case (all its steps, in order) against `module`; the mismatches, empty when it
 * passed. A failing step does not stop the case: later steps still run (a step whose bound
 * variable is missing reports that).
 */
export function runCase(module: object, c: Case): string[] {
  const vars: Vars = new Map();
  const out: string[] = [];
  for (const s of stepsOf(c)) {
    try {
      const m = runStep(module, vars, s);
      if (m) out.push(m);
    } catch (e) {
      out.push(`${describeStep(s)}: replay failed: ${show(e)}`);
    }
  }
  return out;
}

/** runCase, throwing an Error that lists every mismatch. */
export function expectCase(module: object, c: Case): void {
  const m = runCase(module, c);
  if (m.length > 0) throw new Error(`${c.name}:\n  ${m.join('\n  ')}`);
}
