/**
 * The JSON fixtures of tests/cpyext/fixtures (what CPython returned for each case), read
 * from TypeScript: their types, value decoding and the byte-pattern generator.
 *
 * Invariant: this file reads exactly the format tests/cpyext/fixtures/fixture_format.py
 * writes (documented there); patternBytes() makes byte for byte what that file's
 * pattern() makes, which tests/cpyext/fixtures.test.ts checks. Decoding is pure: hooks decide
 * the JS representation of Python values, the defaults are plain and lossless.
 */

import { createHash } from 'node:crypto';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const FIXTURES_DIR = resolve(import.meta.dirname, '..', 'cpyext', 'fixtures');

export interface PatternSpec {
  readonly len: number;
  readonly seed: number;
  readonly alphabet: number;
  /** Bytes of the stream dropped before these (absent: 0). */
  readonly skip?: number;
}

/** A value as the fixtures write it (see fixture_format.py). */
export type Encoded =
  | null
  | boolean
  | number
  | string
  | Encoded[]
  | { readonly $int: string }
  | { readonly $float: string }
  | { readonly $bytes: string }
  | { readonly $pattern: PatternSpec }
  | { readonly $digest: { readonly len: number; readonly sha256: string } }
  | { readonly $bytearray: Encoded }
  | { readonly $memoryview: Encoded }
  | { readonly $tuple: Encoded[] }
  | { readonly $dict: [Encoded, Encoded][] }
  | { readonly $object: string }
  | { readonly $ref: string };

export interface FixtureError {
  /** `TypeError`, or `module.qualname` for non-builtin exceptions (`zstd.Error`). */
  readonly type: string;
  readonly message: string;
}

/** One step: exactly one of call / get / set / let. */
export interface Step {
  readonly call?: string;
  readonly get?: string;
  readonly set?: string;
  readonly let?: string;
  readonly args?: Encoded[];
  readonly kwargs?: Record<string, Encoded>;
  readonly value?: Encoded;
  readonly result?: Encoded;
  readonly error?: FixtureError;
  /** The call's result is available to later steps under this name. */
  readonly bind?: string;
}

export interface Case extends Step {
  readonly name: string;
  /** A stateful case: steps sharing variables, run in order. */
  readonly steps?: Step[];
}

export interface Fixture {
  readonly module: string;
  readonly cases: Case[];
  readonly [header: string]: unknown;
}

/** Read `tests/cpyext/fixtures/<name>.json` (`real-zstd`, `ext-smoke`). */
export function loadFixture(name: string): Fixture {
  return JSON.parse(readFileSync(join(FIXTURES_DIR, `${name.replace(/\.json$/, '')}.json`), 'utf8')) as Fixture;
}

/** Names of the fixture files starting with `prefix` (`real-`, `ext-`), without `.json`. */
export function fixtureNames(prefix: string): string[] {
  return readdirSync(FIXTURES_DIR).filter((f) => f.startsWith(prefix) && f.endsWith('.json')).map((f) => f.slice(0, -5)).sort();
}

/** The steps of a case (a one-step case is its own single step). */
export function stepsOf(c: Case): readonly Step[] {
  return c.steps ?? [c];
}

/**
 * The bytes fixture_format.pattern(len, seed, alphabet, skip) makes: a 32-bit LCG,
 * state = state * 1103515245 + 12345 (mod 2^32), byte = (state >>> 24) % alphabet, the
 * first `skip` bytes dropped.
 */
export function patternBytes(len: number, seed: number, alphabet = 256, skip = 0): Buffer {
  const out = Buffer.alloc(len);
  let state = seed >>> 0;
  for (let i = -skip; i < len; i++) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    if (i >= 0) out[i] = (state >>> 24) % alphabet;
  }
  return out;
}

/** Whether `bytes` is what a `$digest` result describes. */
export function matchesDigest(bytes: Uint8Array, digest: { len: number; sha256: string }): boolean {
  return bytes.length === digest.len && createHash('sha256').update(bytes).digest('hex') === digest.sha256;
}

/** Default JS forms of the Python values JSON has no form for. */
export class PyTuple extends Array<unknown> {
  static fromItems(items: unknown[]): PyTuple {
    const t = new PyTuple();
    t.push(...items);
    return t;
  }
}
export class PyByteArray {
  constructor(readonly bytes: Buffer) {}
}
export class PyMemoryView {
  constructor(readonly bytes: Buffer) {}
}
/** An object only its type describes (a hash object, a capsule). */
export class PyOpaque {
  constructor(readonly type: string) {}
}
/** A long result recorded by its hash. */
export class PyDigest {
  constructor(readonly len: number, readonly sha256: string) {}
}

export interface DecodeHooks {
  /** Integers: numbers up to 2^53 in magnitude arrive as `number`, others as `bigint`. */
  int(v: number | bigint): unknown;
  float(v: number): unknown;
  bytes(b: Buffer): unknown;
  bytearray(b: Buffer): unknown;
  memoryview(b: Buffer): unknown;
  tuple(items: unknown[]): unknown;
  list(items: unknown[]): unknown;
  dict(entries: [unknown, unknown][]): unknown;
  object(type: string): unknown;
  digest(len: number, sha256: string): unknown;
  /** A variable bound by an earlier step. */
  ref(name: string): unknown;
}

export const DEFAULT_HOOKS: DecodeHooks = {
  int: (v) => v,
  float: (v) => v,
  bytes: (b) => b,
  bytearray: (b) => new PyByteArray(b),
  memoryview: (b) => new PyMemoryView(b),
  tuple: (items) => PyTuple.fromItems(items),
  list: (items) => items,
  dict: (entries) => new Map(entries),
  object: (type) => new PyOpaque(type),
  digest: (len, sha256) => new PyDigest(len, sha256),
  ref: (name) => {
    throw new Error(`fixture: {$ref: ${name}} needs a ref hook`);
  },
};

function bytesOf(v: Encoded): Buffer {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    if ('$bytes' in v) return Buffer.from(v.$bytes, 'base64');
    if ('$pattern' in v) return patternBytes(v.$pattern.len, v.$pattern.seed, v.$pattern.alphabet, v.$pattern.skip ?? 0);
  }
  throw new Error(`fixture: expected bytes, got ${JSON.stringify(v)}`);
}

/** Decode one fixture value to JS, through `hooks` (defaults: DEFAULT_HOOKS). */
export function decodeValue(v: Encoded, hooks: Partial<DecodeHooks> = {}): unknown {
  const h = { ...DEFAULT_HOOKS, ...hooks };
  const go = (x: Encoded): unknown => {
    if (x === null || typeof x === 'boolean' || typeof x === 'string') return x;
    if (typeof x === 'number') return Number.isInteger(x) ? h.int(x) : h.float(x);
    if (Array.isArray(x)) return h.list(x.map(go));
    if ('$int' in x) return h.int(BigInt(x.$int));
    if ('$float' in x) return h.float(Number(x.$float.replace(/^(-?)inf$/, '$1Infinity').replace(/^nan$/, 'NaN')));
    if ('$bytes' in x || '$pattern' in x) return h.bytes(bytesOf(x));
    if ('$digest' in x) return h.digest(x.$digest.len, x.$digest.sha256);
    if ('$bytearray' in x) return h.bytearray(bytesOf(x.$bytearray));
    if ('$memoryview' in x) return h.memoryview(bytesOf(x.$memoryview));
    if ('$tuple' in x) return h.tuple(x.$tuple.map(go));
    if ('$dict' in x) return h.dict(x.$dict.map(([k, val]) => [go(k), go(val)]));
    if ('$object' in x) return h.object(x.$object);
    if ('$ref' in x) return h.ref(x.$ref);
    throw new Error(`fixture: unknown value ${JSON.stringify(x)}`);
  };
  return go(v);
}
