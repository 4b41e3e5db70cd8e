/**
 * `ffi.dlopen(path, { mode: 'fast' })`: the library as in ABI mode, with every function the
 * stub generator can carry bound to a compiled, signature-specialised stub instead of koffi.
 *
 * Invariants:
 * - Same semantics as ABI mode: the same argument converters (marshal.ts) check and convert
 *   every argument before a stub sees it, and functions stubs cannot carry (variadic, structs
 *   by value, `long double`...) stay on koffi. `ffi.tierOf(fn)` says which path a function got:
 *   'fastapi', 'v8', 'napi' or 'abi'.
 * - The highest tier is used only when proven safe on this process: raw V8 stubs need node's
 *   headers of exactly this node's module version; fast API entries need V8 11.3 and a passing
 *   self-test run in a child process (a wrong type value is a V8 fatal error, so it is never
 *   tried in this process); otherwise N-API stubs, which any node can load.
 * - Functions that take function pointers, or that the user lists in `callbacks`, never get a
 *   fast API entry: a fast call must not run JS.
 */

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Decl, FunctionDecl } from '../cdef/decls.js';
import type { CTypes } from './ctypes.js';
import { compile, defaultCacheDir } from './compiler.js';
import { callWrapper, recordTier } from './calls.js';
import { argConverter, resultConverter } from './marshal.js';
import type { Library } from './library.js';
import { defineLazy, openLibrary, settle } from './library.js';
import type { StubFunction, Tier, Wire } from './stubgen.js';
import type { ArgConverter } from './marshal.js';
import { generateModule, tierFor, wireOf } from './stubgen.js';
import { exactOrBig } from './scalars.js';

export interface FastOptions {
  /** The highest tier to use (for benchmarks and tests); default the best available. */
  readonly tier?: Tier;
  /** Functions that may call back into JS through callbacks registered earlier (`true`: all). */
  readonly callbacks?: boolean | readonly string[];
}

/** The repository's abi/native folder (our headers), from source or from dist/. */
export function nativeDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++, dir = dirname(dir)) {
    if (existsSync(join(dir, 'abi', 'native', 'v8-fast-api.h'))) return join(dir, 'abi', 'native');
  }
  throw new Error('cbridge: abi/native/v8-fast-api.h not found beside the package');
}

/** node's headers for exactly this node, if installed: `<prefix>/include/node` or node-gyp's cache. */
function nodeHeaders(): { dir: string; v8: boolean } | null {
  const candidates = [
    process.env['CBRIDGE_NODE_HEADERS'],
    join(dirname(dirname(process.execPath)), 'include', 'node'),
    join(process.env['HOME'] ?? '/', '.cache', 'node-gyp', process.versions.node, 'include', 'node'),
  ].filter((d): d is string => !!d);
  for (const dir of candidates) {
    if (!existsSync(join(dir, 'node_api.h'))) continue;
    const version = existsSync(join(dir, 'node_version.h')) ? readFileSync(join(dir, 'node_version.h'), 'utf8') : '';
    const modules = /#define NODE_MODULE_VERSION (\d+)/.exec(version)?.[1];
    return { dir, v8: existsSync(join(dir, 'v8.h')) && modules === process.versions.modules };
  }
  return null;
}

let fastApiVerdict: boolean | null = null;

/**
 * Whether V8 takes our fast API entries and passes their arguments right: the core addon's
 * probe, made hot in a child process, must have been called through its fast entry with correct
 * results. The verdict is cached per node binary and V8 version.
 */
export function fastApiWorks(): boolean {
  if (fastApiVerdict !== null) return fastApiVerdict;
  if (!process.versions.v8.startsWith('11.3.')) return (fastApiVerdict = false);
  const cacheFile = join(defaultCacheDir(), `fastapi-2-${process.versions.v8}-${process.versions.modules}.json`);
  if (existsSync(cacheFile)) {
    try {
      return (fastApiVerdict = JSON.parse(readFileSync(cacheFile, 'utf8')).ok === true);
    } catch {
      // fall through and test again
    }
  }
  const addon = join(dirname(nativeDir()), '..', 'build', 'Release', 'cbridge_native.node');
  const script = `
    const addon = require(${JSON.stringify(addon)});
    const f = addon.fastApiSelfTest();
    const g = addon.fastApiStringSelfTest();
    let bad = 0, ok = !!f && !!g;
    if (ok) {
      const o = { f, g };
      const strings = ['hello, world', 'abc', 'x'];
      const loop = () => {
        for (let i = 0; i < 50000; i++) if (o.f(i, 7, 0.5) !== i * 3 + 6) bad++;
        for (let i = 0; i < 50000; i++) { const s = strings[i % 3]; if (o.g(s) !== s.length * 10 + s.charCodeAt(0) % 10) bad++; }
      };
      for (let k = 0; k < 8; k++) loop();
      ok = bad === 0 && addon.fastApiCalls() > 0 && addon.fastApiStringCalls() > 0;
    }
    process.stdout.write(JSON.stringify({ ok }));`;
  let ok = false;
  try {
    ok = JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 30_000 })).ok === true;
  } catch {
    ok = false;
  }
  try {
    mkdirSync(dirname(cacheFile), { recursive: true });
    writeFileSync(cacheFile, JSON.stringify({ ok, node: process.version, v8: process.versions.v8 }));
  } catch {
    // an unwritable cache only costs the next process another self-test
  }
  return (fastApiVerdict = ok);
}

/** The best tier this process can use, capped by `requested`. */
export function availableTier(requested?: Tier): { tier: Tier; headers: string } {
  const headers = nodeHeaders();
  if (!headers) throw new Error(`fast mode: node's headers (node_api.h) were not found for node ${process.version}; install them (node-gyp install) or use ABI mode`);
  let tier: Tier = headers.v8 ? (fastApiWorks() ? 'fastapi' : 'v8') : 'napi';
  const order: Tier[] = ['napi', 'v8', 'fastapi'];
  if (requested && order.indexOf(requested) < order.indexOf(tier)) tier = requested;
  return { tier, headers: headers.dir };
}

interface StubPlan {
  readonly decl: FunctionDecl;
  readonly stub: StubFunction;
}

/** Which declared functions get stubs (the rest stay on koffi). */
function planStubs(types: CTypes, decls: Iterable<Decl>, callbacks: FastOptions['callbacks']): StubPlan[] {
  const plans: StubPlan[] = [];
  for (const d of decls) {
    if (d.kind !== 'function' || d.inline || d.type.variadic) continue;
    const params = d.type.params.map((p) => wireOf(types.meta(p.type, p.quals), true));
    const result = wireOf(types.meta(d.type.result, d.type.resultQuals));
    if (result === null || params.some((w) => w === null || w === 'void')) continue;
    const callsBack = mayCallBack(types, d, callbacks);
    plans.push({ decl: d, stub: { index: plans.length, symbol: d.asmName ?? d.name, params: params as StubFunction['params'], result, callsBack } });
  }
  return plans;
}

/** Whether a function may run JS while C runs: it takes a function pointer, or the user listed it. */
export function mayCallBack(types: CTypes, d: FunctionDecl, callbacks: FastOptions['callbacks']): boolean {
  if (callbacks === true || (Array.isArray(callbacks) && callbacks.includes(d.name))) return true;
  return d.type.params.some((p) => {
    const m = types.meta(p.type, p.quals);
    return m.kind === 'function' || (m.kind === 'pointer' && m.item!.kind === 'function');
  });
}

/** The converter of a parameter with wire type `wire`: a `str` wire also passes a JS string itself (the stub encodes it). */
export function stubConverter(convert: ArgConverter, wire: Wire | undefined): ArgConverter {
  return wire === 'str' ? (v, keep) => (typeof v === 'string' ? v : convert(v, keep)) : convert;
}

/** Open `path` with compiled stubs. */
export function openFast(types: CTypes, path: string | null, decls: Iterable<Decl>, options: FastOptions = {}): Library {
  const lib = openLibrary(types, path, decls);
  const plans = planStubs(types, decls, options.callbacks);
  const { tier, headers } = availableTier(options.tier);
  // The stubs' function table is per module, so each library gets its own module: the path is
  // part of the source (and so of the cache key).
  const source = `// library: ${JSON.stringify(path)}\n${generateModule(plans.map((p) => p.stub), tier)}`;
  const flags = ['-O2', '-std=c++17', `-I${headers}`, `-I${nativeDir()}`, '-fvisibility=hidden', '-ldl', '-w'];
  const file = compile(source, { name: `stubs-${tier}`, language: 'c++', flags });
  const module = { exports: {} as Record<string, unknown> };
  process.dlopen(module, file);
  const native = module.exports as Record<string, (...a: unknown[]) => unknown> & { init(path: string | null): number[] };
  const missing = new Set(native.init(path));
  const name = path ?? 'the process (dlopen(NULL))';
  for (const { decl, stub } of plans) {
    const fnTier = tierFor(stub, tier);
    defineLazy(lib, decl.name, {
      get() {
        if (missing.has(stub.index)) throw new Error(`${decl.name}: symbol '${stub.symbol}' not found in ${name}`);
        const fn = bindStub(types, decl, stub, native, `f${stub.index}`, fnTier === 'fastapi' ? slotReader(native) : null);
        recordTier(fn, fnTier);
        return settle(lib, decl.name, fn);
      },
    });
  }
  return lib;
}

/**
 * The exact 64-bit result of a fast entry: the stub returns it as a double and keeps the bits
 * in the module's `slot`; beyond 2^53 the double is inexact and the bits are read instead.
 */
function slotReader(native: Record<string, unknown>): (signed: boolean) => (r: unknown) => unknown {
  const slot = native['slot'] as ArrayBuffer | undefined;
  if (!slot) return () => (r) => r;
  const signedView = new BigInt64Array(slot);
  const unsignedView = new BigUint64Array(slot);
  return (signed) => (r) => {
    if (typeof r !== 'number' || (r <= 9007199254740991 && r >= -9007199254740991)) return r;
    return exactOrBig(signed ? signedView[0]! : unsignedView[0]!);
  };
}

function bindStub(
  types: CTypes, decl: FunctionDecl, stub: StubFunction, native: object, key: string,
  slot: ((signed: boolean) => (r: unknown) => unknown) | null,
): (...args: unknown[]) => unknown {
  const fn = decl.type;
  const params = fn.params.map((p) => types.meta(p.type, p.quals));
  const convert = params.map((m, index) => stubConverter(argConverter(m, { fn: decl.name, index, name: fn.params[index]!.name }), stub.params[index]));
  const wide = stub.result === 'i64' || stub.result === 'u64';
  const ret = wide && slot ? slot(stub.result === 'i64') : resultConverter(types.meta(fn.result, fn.resultQuals));
  return callWrapper(decl.name, native, key, convert, ret, params.some((m) => m.kind !== 'scalar'));
}
