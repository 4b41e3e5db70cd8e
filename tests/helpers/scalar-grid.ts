/**
 * A grid of inputs for every scalar function of the calls fixture (parameters and result
 * integers, enums, `_Bool`, `float`, `double` or `void`), with the results C computes for them:
 * the oracle tests/abi/fast.test.ts holds ABI mode and every fast-mode tier to.
 *
 * - Inputs per C type: the boundaries of its range (min, min + 1, max - 1, max), around zero,
 *   around 2^31, 2^32 and 2^53 for 64-bit types; for floating types signed zeros, NaN, the
 *   infinities, subnormals, float overflow and values float rounds. Functions of one or two
 *   parameters get every combination; longer ones each parameter over its values with the
 *   others fixed, plus the values in lockstep.
 * - The oracle is a C program generated from the grid: it #includes fixtures/calls.c (the very
 *   code the library is built from), makes every call with the same inputs written as C
 *   literals, and prints the results in calls_ref.c's encoding (`decode` reads them). It is
 *   compiled once per grid (cached by its text and calls-fixture's source hash).
 * - Inputs for which C leaves the result undefined (signed overflow) are left out (`DEFINED`).
 * - Functions that read or change state (globals, errno, the stored callback, the thread) or
 *   whose symbol is missing on purpose are left out: their results depend on other calls.
 */

import { createHash } from 'node:crypto';
import { CALLS_C, callsFlags, decode, type AbiFFI } from './calls-fixture.js';
import { runReference, writeTemp } from './native-build.js';

/** Scalar fixture functions whose results depend on more than their arguments, and why. */
export const STATEFUL_SCALARS: Readonly<Record<string, string>> = {
  call_stored_cb: 'calls the stored callback',
  has_stored_cb: 'reads the stored callback',
  mark_main_thread: 'remembers the calling thread',
  on_main_thread: 'compares with the remembered thread',
  thread_done: 'reads the worker thread state',
  thread_join: 'joins the worker thread (none started: undefined behaviour)',
  set_errno: 'writes errno',
  get_errno: 'reads errno',
  get_g_int: 'reads a global',
  get_g_double: 'reads a global',
  get_g_u64: 'reads a global',
  get_g_array: 'reads a global array at any index',
  g_int_ptr_is_null: 'reads a global',
  calls_missing_function: 'not defined in the library (symbol not found)',
};

const INT32 = (v: bigint) => v >= -(2n ** 31n) && v < 2n ** 31n;
/**
 * Inputs C defines a result for: two fixture functions add ints with `+` and many_args
 * multiplies two of its ints (h * 8, k * 11), which is undefined behaviour on overflow.
 */
const DEFINED: Readonly<Record<string, (raw: readonly Raw[]) => boolean>> = {
  add_unnamed: ([a, b]) => INT32((a as bigint) + (b as bigint)),
  add_ints: ([a, b]) => INT32((a as bigint) + (b as bigint)),
  many_args: (raw) => INT32((raw[7] as bigint) * 8n) && INT32((raw[10] as bigint) * 11n),
};

/** [bits, signed] of the integer types the fixture's scalar functions use (x86-64). */
const INTEGERS: Readonly<Record<string, readonly [8 | 16 | 32 | 64, boolean]>> = {
  int8_t: [8, true], uint8_t: [8, false], int16_t: [16, true], uint16_t: [16, false],
  int32_t: [32, true], uint32_t: [32, false], int64_t: [64, true], uint64_t: [64, false],
  char: [8, true], 'signed char': [8, true], 'unsigned char': [8, false],
  short: [16, true], 'unsigned short': [16, false], int: [32, true], 'unsigned int': [32, false],
  long: [64, true], 'unsigned long': [64, false], 'long long': [64, true], 'unsigned long long': [64, false],
  size_t: [64, false], ssize_t: [64, true], intptr_t: [64, true], uintptr_t: [64, false],
  'enum color': [32, true],
};
const FLOATS = new Set(['float', 'double']);

const FLOAT_VALUES = [
  0, -0, 1, -1, 0.1, -2.5, 1.5, 1 / 3, 16777217, 2 ** 31, -(2 ** 63), 3.4028234663852886e38, 3.4028235677973366e38, 1e39, -1e39,
  1.401298464324817e-45, 1e-46, 5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, NaN, Infinity, -Infinity,
];

function integerValues(bits: number, signed: boolean): bigint[] {
  const min = signed ? -(1n << BigInt(bits - 1)) : 0n;
  const max = signed ? (1n << BigInt(bits - 1)) - 1n : (1n << BigInt(bits)) - 1n;
  const candidates = [min, min + 1n, -2n, -1n, 0n, 1n, 2n, 0x55n, max - 1n, max, (max >> 1n) + 3n, min / 2n - 3n,
    2n ** 31n - 1n, 2n ** 31n, -(2n ** 31n) - 1n, 2n ** 32n - 1n, 2n ** 32n,
    2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, -(2n ** 53n) + 1n, -(2n ** 53n), -(2n ** 53n) - 1n,
    // exact doubles beyond 2^53: the largest below 2^63 and 2^64, powers of two
    2n ** 60n, -(2n ** 60n), 2n ** 63n - 1024n, -(2n ** 63n) + 1024n, 2n ** 63n, 2n ** 64n - 2048n];
  return [...new Set(candidates.filter((v) => v >= min && v <= max))];
}

/** The enumerators of `enum color` and other ints (a C enum takes any value of its type). */
const ENUM_VALUES = [-3n, 0n, 5n, 6n, 7n, -1n, 2147483647n, -2147483648n];

type Raw = bigint | number | boolean;

function valuesOf(cname: string): Raw[] {
  if (cname === '_Bool') return [false, true];
  if (FLOATS.has(cname)) return FLOAT_VALUES;
  if (cname === 'enum color') return ENUM_VALUES;
  const int = INTEGERS[cname];
  if (!int) throw new Error(`scalar-grid: no grid values for C type '${cname}' (add it to INTEGERS)`);
  return integerValues(int[0], int[1]);
}

/** Whether a type (CTypeInfo) is a scalar the grid covers. */
function isScalar(t: { kind: string; cname: string }): boolean {
  return t.cname === 'void' || t.cname === '_Bool' || FLOATS.has(t.cname) || t.kind === 'enum' || (t.kind === 'primitive' && t.cname in INTEGERS);
}

/** Fixture functions taking and returning scalars only (declaration order), stateful ones excluded. */
export function scalarFunctions(ffi: AbiFFI): string[] {
  const names: string[] = [];
  for (const d of (ffi as unknown as { declarations: { kind: string; name: string }[] }).declarations) {
    if (d.kind !== 'function' || d.name in STATEFUL_SCALARS) continue;
    const info = ffi.typeof(d.name);
    if (info.variadic || !isScalar(info.result!) || !info.args!.every(isScalar)) continue;
    names.push(d.name);
  }
  return names;
}

function inputsOf(params: Raw[][]): Raw[][] {
  if (params.length === 0) return [[]];
  const product = params.reduce((n, v) => n * v.length, 1);
  if (product <= 1000) return params.reduce<Raw[][]>((acc, values) => acc.flatMap((a) => values.map((v) => [...a, v])), [[]]);
  const base = params.map((v) => v[Math.min(5, v.length - 1)]!);
  const out: Raw[][] = [];
  params.forEach((values, i) => values.forEach((v) => out.push(base.map((b, j) => (j === i ? v : b)))));
  const longest = Math.max(...params.map((v) => v.length));
  for (let k = 0; k < longest; k++) out.push(params.map((v) => v[k % v.length]!));
  return out;
}

function cLiteral(cname: string, v: Raw): string {
  if (typeof v === 'boolean') return `((_Bool)${v ? 1 : 0})`;
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return `((${cname})NAN)`;
    if (v === Infinity) return `((${cname})INFINITY)`;
    if (v === -Infinity) return `((${cname})-INFINITY)`;
    if (Object.is(v, -0)) return `((${cname})-0.0)`;
    const text = String(v);
    return `((${cname})${/[.e]/.test(text) ? text : `${text}.0`})`;
  }
  const [bits, signed] = cname === 'enum color' ? [32, true] : INTEGERS[cname]!;
  if (signed && bits === 64 && v === -(2n ** 63n)) return `((${cname})(-9223372036854775807LL - 1))`;
  return `((${cname})${v}${signed ? 'LL' : 'ULL'})`;
}

function printer(cname: string): string {
  if (cname === 'void') return 'grid_void';
  if (cname === '_Bool') return 'grid_bool';
  if (FLOATS.has(cname)) return 'grid_dbl';
  if (cname === 'enum color') return 'grid_int';
  return INTEGERS[cname]![1] ? 'grid_int' : 'grid_uint';
}

/**
 * A JS argument as a test passes it (integers are the only values with a choice): `'safe'`
 * numbers up to 2^53 - 1 and BigInts beyond, `'bigint'` BigInts, `'number'` numbers wherever
 * the double is the exact value (2^60, 2^63...), BigInts where it is not.
 */
function jsArg(v: Raw, form: 'safe' | 'bigint' | 'number'): unknown {
  if (typeof v !== 'bigint') return v;
  if (form === 'bigint') return v;
  if (form === 'number') return BigInt(Number(v)) === v ? Number(v) : v;
  return v > BigInt(Number.MAX_SAFE_INTEGER) || v < -BigInt(Number.MAX_SAFE_INTEGER) ? v : Number(v);
}

export interface GridCase {
  readonly fn: string;
  /** Integer arguments as numbers where exact (BigInt beyond 2^53 - 1). */
  readonly args: unknown[];
  /** The same arguments with every integer as a BigInt; null when there is no integer argument. */
  readonly bigArgs: unknown[] | null;
  /** The same arguments with integers beyond 2^53 that a double holds exactly as numbers; null when that is `args`. */
  readonly wideArgs: unknown[] | null;
  /** What C returned (undefined for void), decoded like every reference value. */
  readonly expected: unknown;
}

const PRELUDE = `
static int grid_first = 1;
static void grid_sep(void) { if (!grid_first) putchar(','); grid_first = 0; }
static void grid_int(long long v) { grid_sep(); printf("\\"%lld\\"", v); }
static void grid_uint(unsigned long long v) { grid_sep(); printf("\\"%llu\\"", v); }
static void grid_bool(int b) { grid_sep(); fputs(b ? "true" : "false", stdout); }
static void grid_dbl(double d) {
  grid_sep();
  if (isnan(d)) fputs("\\"nan\\"", stdout);
  else if (isinf(d)) fputs(d > 0 ? "\\"inf\\"" : "\\"-inf\\"", stdout);
  else if (d == 0 && signbit(d)) fputs("\\"-0\\"", stdout);
  else printf("%.17g", d);
}
`;

let cached: { key: string; cases: GridCase[] } | undefined;

/** Every grid call of every scalar fixture function, with C's result. */
export function scalarGrid(ffi: AbiFFI): GridCase[] {
  const calls: { fn: string; raw: Raw[]; c: string }[] = [];
  for (const fn of scalarFunctions(ffi)) {
    const info = ffi.typeof(fn);
    const params = info.args!.map((a) => a.cname);
    const result = info.result!.cname;
    for (const raw of inputsOf(params.map(valuesOf))) {
      if (DEFINED[fn] && !DEFINED[fn](raw)) continue;
      const call = `${fn}(${raw.map((v, i) => cLiteral(params[i]!, v)).join(', ')})`;
      calls.push({ fn, raw, c: result === 'void' ? `${call}; grid_void();` : `${printer(result)}(${call});` });
    }
  }
  const source = [
    `#include ${JSON.stringify(CALLS_C)}`,
    '#include <math.h>',
    '#include <stdio.h>',
    PRELUDE,
    'static void grid_void(void) { grid_sep(); fputs("null", stdout); }',
    'int main(void) {',
    '  putchar(\'[\');',
    ...calls.map((c) => `  ${c.c}`),
    '  puts("]");',
    '  return 0;',
    '}',
  ].join('\n');
  const key = createHash('sha256').update(source).digest('hex').slice(0, 12);
  if (cached?.key === key) return cached.cases;
  const file = writeTemp(`scalar_grid-${key}.c`, source);
  const results = runReference<unknown[]>(file, { flags: callsFlags() });
  if (results.length !== calls.length) throw new Error(`scalar-grid: the oracle printed ${results.length} results for ${calls.length} calls`);
  const cases = calls.map(({ fn, raw }, i): GridCase => ({
    fn,
    args: raw.map((v) => jsArg(v, 'safe')),
    bigArgs: raw.some((v) => typeof v === 'bigint') ? raw.map((v) => jsArg(v, 'bigint')) : null,
    wideArgs: raw.some((v) => jsArg(v, 'number') !== jsArg(v, 'safe')) ? raw.map((v) => jsArg(v, 'number')) : null,
    expected: results[i] === null ? undefined : decode(results[i] as never),
  }));
  cached = { key, cases };
  return cases;
}
