/**
 * Fast mode (issue 4, abi/fast.ts) beyond what the shared suites check in both modes: which
 * tier each fixture function gets, the `tier` caps and the `callbacks` option, a missing
 * symbol, and that ABI mode and every fast tier give C's results for every scalar fixture
 * function on a grid of inputs (tests/helpers/scalar-grid.ts), for pointers, strings,
 * callbacks and errno, and from callers V8 has optimised (forced with natives syntax in a
 * child process), the only calls that go through V8 fast API entries.
 *
 * Where expected values come from: C (the grid's generated oracle, reference/calls_ref.c);
 * the tier rules of abi/fast.ts (scalar-only functions get the best tier this process
 * supports, `availableTier()`; function-pointer parameters, the `callbacks` list and 64-bit
 * integer results rule out the fast API entry; variadic functions and records by value stay
 * on koffi); the ABI-mode message of a missing symbol.
 *
 * Every library here is the same fixture instance (callsLibrary('fast')), opened once per
 * configuration: ABI mode, fast mode at the best tier, and capped at 'v8' and at 'napi'.
 */

import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { availableTier } from '../../abi/fast.js';
import { FFI } from '../../ffi.js';
import {
  callsHeader,
  callsLibrary,
  callsReference,
  decode,
  decodeJs,
  ROOT,
  runCallsChild,
  thrown,
  type AbiFFI,
  type RefCase,
} from '../helpers/calls-fixture.js';
import { dlopenIn, type Mode } from '../helpers/modes.js';
import { scalarFunctions, scalarGrid, type GridCase } from '../helpers/scalar-grid.js';

type Tier = 'fastapi' | 'v8' | 'napi' | 'abi';
type FastFFI = AbiFFI & { tierOf(fn: unknown): Tier | undefined; readonly declarations: readonly { kind: string; name: string }[] };

const ref = callsReference();
const path = callsLibrary('fast');
const best = availableTier().tier;

function open(mode: Mode, options: object = {}): { ffi: FastFFI; lib: any } {
  const ffi = new FFI() as unknown as FastFFI;
  ffi.cdef(callsHeader());
  return { ffi, lib: dlopenIn(ffi, path, mode, options) };
}

const abi = open('abi');
const fast = open('fast');
const capV8 = open('fast', { tier: 'v8' });
const capNapi = open('fast', { tier: 'napi' });
const LIBS = { abi, fast, 'fast, tier v8': capV8, 'fast, tier napi': capNapi };

/** Every declared function the library defines. */
const FUNCTIONS = abi.ffi.declarations.filter((d) => d.kind === 'function' && d.name !== 'calls_missing_function').map((d) => d.name);

/** What abi/fast.ts's rules make of a function's signature. */
type Shape = 'koffi' | 'callback' | 'wide' | 'scalar' | 'pointer';
function shape(fn: string): Shape {
  const info = abi.ffi.typeof(fn);
  const types = [info.result!, ...info.args!];
  if (info.variadic || types.some((t) => t.kind === 'struct' || t.kind === 'union')) return 'koffi';
  if (info.args!.some((t) => t.kind === 'pointer' && t.item!.kind === 'function')) return 'callback';
  const r = info.result!;
  if (r.kind === 'primitive' && r.size === 8 && r.cname !== 'double') return 'wide';
  if (types.every((t) => t.kind === 'primitive' || t.kind === 'enum' || t.kind === 'void')) return 'scalar';
  return 'pointer';
}

/** The tier `fn` should get when `max` is the best tier available (and `marked`: listed in `callbacks`). */
function expectedTier(fn: string, max: Tier, marked = false): Tier | 'fastapi or v8' {
  const s = shape(fn);
  if (s === 'koffi') return 'abi';
  if (max !== 'fastapi') return max;
  if (s === 'callback' || marked) return 'v8';
  // 64-bit results take the fast entry too (the exact bits come back through the module's slot).
  return s === 'scalar' || s === 'wide' ? 'fastapi' : 'fastapi or v8';
}

/** The TypeError ABI mode refuses to bind `fn` with (packed structs by value), or null. */
function refusal(fn: string): string | null {
  try {
    void abi.lib[fn];
    return null;
  } catch (e) {
    return String(e);
  }
}

function tierErrors(ffi: FastFFI, lib: any, max: Tier, marked: (fn: string) => boolean = () => false): string[] {
  const wrong: string[] = [];
  for (const fn of FUNCTIONS) {
    const refused = refusal(fn);
    if (refused !== null) {
      // Refused by ABI mode: refused the same way (still on koffi).
      let got = 'bound';
      try {
        void lib[fn];
      } catch (e) {
        got = String(e);
      }
      if (got !== refused) wrong.push(`${fn}: ${got}, expected ${refused}`);
      continue;
    }
    const want = expectedTier(fn, max, marked(fn));
    const got = ffi.tierOf(lib[fn]);
    const ok = want === 'fastapi or v8' ? got === 'fastapi' || got === 'v8' : got === want;
    if (!ok) wrong.push(`${fn} (${shape(fn)}): ${String(got)}, expected ${want}`);
  }
  return wrong;
}

describe('tiers', () => {
  it('the fixture has functions of every shape', () => {
    const shapes = new Set(FUNCTIONS.map(shape));
    expect([...shapes].sort()).toEqual(['callback', 'koffi', 'pointer', 'scalar', 'wide']);
    expect(FUNCTIONS.length).toBeGreaterThan(150);
  });

  it(`fast mode at the best tier (${best} here): scalar, 64-bit and string functions ${best}, function-pointer parameters v8, variadic and by-value records abi`, () => {
    expect(tierErrors(fast.ffi, fast.lib, best)).toEqual([]);
    if (best === 'fastapi') {
      for (const fn of ['add_i32', 'neg_i8', 'mul_f32', 'not_bool', 'next_color', 'do_nothing', 'many_args', 'call_stored_cb', 'neg_i64', 'inc_u64', 'inc_size', 'str_len', 'ptr_to_int']) {
        expect(fast.ffi.tierOf(fast.lib[fn]), fn).toBe('fastapi');
      }
      for (const fn of ['apply_op', 'call_n_times', 'thread_start']) expect(fast.ffi.tierOf(fast.lib[fn]), fn).toBe('v8');
    }
    for (const fn of ['sum_ints', 'format_va', 'point_make', 'point_sum', 'apply_point', 'huge_sum', 'int_float_u_bits']) expect(fast.ffi.tierOf(fast.lib[fn]), fn).toBe('abi');
  });

  it('ABI mode: every function is abi (but the ones refused by value)', () => {
    const refused = FUNCTIONS.filter((fn) => refusal(fn) !== null);
    expect(refused).toEqual(['packed_make', 'packed_twice', 'packed_sum']);
    expect(FUNCTIONS.filter((fn) => !refused.includes(fn) && abi.ffi.tierOf(abi.lib[fn]) !== 'abi')).toEqual([]);
  });

  it("tier: 'v8' and tier: 'napi' cap every stub; koffi's functions stay abi", () => {
    expect(tierErrors(capV8.ffi, capV8.lib, availableTier('v8').tier)).toEqual([]);
    expect(tierErrors(capNapi.ffi, capNapi.lib, 'napi')).toEqual([]);
    expect(capV8.ffi.tierOf(capV8.lib.add_i32)).toBe(availableTier('v8').tier);
    expect(capNapi.ffi.tierOf(capNapi.lib.add_i32)).toBe('napi');
    expect(capNapi.ffi.tierOf(capNapi.lib.point_sum)).toBe('abi');
  });

  it('callbacks: listed functions, or all with true, never get a fast API entry', () => {
    const listed = ['add_i32', 'call_stored_cb', 'sum_array'];
    const some = open('fast', { callbacks: listed });
    expect(tierErrors(some.ffi, some.lib, best, (fn) => listed.includes(fn))).toEqual([]);
    const all = open('fast', { callbacks: true });
    expect(tierErrors(all.ffi, all.lib, best, () => true)).toEqual([]);
    expect(FUNCTIONS.filter((fn) => refusal(fn) === null && all.ffi.tierOf(all.lib[fn]) === 'fastapi')).toEqual([]);
  });
});

describe('missing symbols', () => {
  it('a missing function throws the ABI-mode Error, on every use, in every tier; the rest works', () => {
    const expected = `calls_missing_function: symbol 'calls_missing_function' not found in ${path}`;
    const fromAbi = thrown(() => abi.lib.calls_missing_function(1));
    expect(fromAbi.message).toBe(expected);
    for (const [name, { lib }] of Object.entries(LIBS)) {
      const e = thrown(() => lib.calls_missing_function(1));
      expect(e, name).toBeInstanceOf(Error);
      expect(e, name).not.toBeInstanceOf(TypeError);
      expect(e.message, name).toBe(fromAbi.message);
      expect(thrown(() => lib.calls_missing_function(1)).message, name).toBe(expected);
      expect(thrown(() => lib.calls_missing_variable).message, name).toBe(`calls_missing_variable: symbol 'calls_missing_variable' not found in ${path}`);
      expect(lib.add_i32(2, 3), name).toBe(5);
    }
  });
});

describe('every tier gives C results', () => {
  const P = ref.pointers;
  const C = ref.callbacks;

  /** Calls that exercise pointers, strings, callbacks, 64-bit values and errno, as plain data. */
  function sample(ffi: FastFFI, lib: any): Record<string, unknown> {
    const ints = Int32Array.from(decode(P.sum_array.in) as number[]);
    const u8 = Buffer.alloc(decode(P.fill_u8.n));
    lib.fill_u8(u8, u8.length, decode(P.fill_u8.seed));
    const f64 = Float64Array.from(decode(P.scale_f64.in) as number[]);
    lib.scale_f64(f64, f64.length, decode(P.scale_f64.k));
    const p = ffi.new('int *', 7);
    const [mul] = C.apply_op_mul as RefCase[];
    const [add] = C.apply_op_add_fn as RefCase[];
    const seen: number[] = [];
    const boom = new Error('boom');
    let caught: unknown;
    try {
      lib.apply_op(() => {
        throw boom;
      }, 1, 2);
    } catch (e) {
      caught = e;
    }
    const afterException = lib.last_op_result;
    const s = ffi.new('char[]', P.str_upper.in);
    const upper = lib.str_upper(s);
    const E = ref.errno;
    const setErrno = lib.set_errno(decode(E.EDOM));
    const errno = ffi.errno;
    ffi.errno = 0;
    return {
      sum_array: lib.sum_array(ints, ints.length),
      fill_u8: [...u8],
      scale_f64: [...f64],
      str_len: (P.str_len as RefCase[]).map((c) => lib.str_len(c.args[0])),
      greeting: ffi.string(lib.greeting()),
      str_null: lib.str_null(),
      str_upper: [ffi.string(s), upper.address === s.address],
      identity: [lib.int_ptr_identity(p).address === p.address, lib.int_ptr_identity(null), lib.is_null(null), lib.is_null(p)],
      ptr_to_int: lib.ptr_to_int(p) === p.address,
      apply_op: lib.apply_op((x: number, y: number) => x * y, ...mul!.args.map((a) => decode(a))),
      apply_op_add_fn: lib.apply_op(lib.get_add_fn(), ...add!.args.map((a) => decode(a))),
      call_n_times: [lib.call_n_times((i: number) => void seen.push(i), decode(C.call_n_times.n)), seen],
      rethrown: caught === boom,
      after_exception: afterException,
      wide: [lib.add_u64(2 ** 53 - 1, 1), lib.neg_i64(-0x8000000000000000n), lib.inc_size(2 ** 53 - 1), lib.add_i64(-(2 ** 53 - 1), 0)],
      errno: [setErrno, errno, lib.get_errno()],
      by_value: lib.point_sum({ x: 3, y: 4 }),
      variadic: lib.sum_doubles(3, 1.5, 2.25, ffi.cast('double', 3)),
    };
  }

  const expected = {
    sum_array: decode(P.sum_array.result),
    fill_u8: decode(P.fill_u8.out),
    scale_f64: decode(P.scale_f64.out),
    str_len: (P.str_len as RefCase[]).map((c) => decode(c.result)),
    greeting: P.greeting,
    str_null: null,
    str_upper: [P.str_upper.out, true],
    identity: [true, null, 1, 0],
    ptr_to_int: true,
    apply_op: decode((C.apply_op_mul as RefCase[])[0]!.result),
    apply_op_add_fn: decode((C.apply_op_add_fn as RefCase[])[0]!.result),
    call_n_times: [decode(C.call_n_times.result), decode(C.call_n_times.seen)],
    rethrown: true,
    after_exception: 0,
    wide: [2n ** 53n, -(2n ** 63n), 2n ** 53n, -(2 ** 53 - 1)],
    errno: [decode(ref.errno.set_errno), decode(ref.errno.after), 0],
    by_value: 3004,
    variadic: decode((ref.variadic.sum_doubles as RefCase[])[0]!.result),
  };

  for (const [name, { ffi, lib }] of Object.entries(LIBS)) {
    it(`${name}: pointers, strings, callbacks, 64-bit values, errno`, () => {
      expect(sample(ffi, lib)).toEqual(expected);
    });
  }

  it('JS strings for char * parameters: UTF-8 (lone surrogates replaced), NUL-terminated, short and long, in every tier', () => {
    const strings = ['', 'abc', 'héllo wörld', '\uD800', 'a\uDC00b', '😀 ✓', 'a\0b', 'x'.repeat(300), 'é'.repeat(200), '\uD83D'.repeat(100), '𝄞'.repeat(1000)];
    for (const [name, { ffi, lib }] of Object.entries(LIBS)) {
      const got = strings.map((s) => {
        const outp = ffi.new('char *[1]');
        lib.alloc_str(s, outp); // strdup(s)
        const n = lib.str_len(s);
        const bytes = ffi.unpack(outp[0], Number(n)) as Buffer;
        lib.free_str(outp[0]);
        return [n, bytes.toString('hex')];
      });
      const expected = strings.map((s) => {
        const utf8 = Buffer.from(s, 'utf8');
        const end = utf8.indexOf(0);
        const c = end < 0 ? utf8 : utf8.subarray(0, end);
        return [c.length, c.toString('hex')];
      });
      expect(got, name).toEqual(expected);
    }
  });

  /** Mismatches of `lib` on the grid, run `rounds` times over; at most 40 lines plus a count. */
  function gridErrors(lib: any, grid: readonly GridCase[], options: { bigints: boolean; rounds: number }): string[] {
    const wrong: string[] = [];
    let count = 0;
    const check = (c: GridCase, args: unknown[], round: number) => {
      let got: unknown;
      try {
        got = lib[c.fn](...args);
      } catch (e) {
        got = `threw ${String(e)}`;
      }
      if (!Object.is(got, c.expected) && !(typeof got === 'bigint' && got === c.expected)) {
        if (++count <= 40) wrong.push(`${c.fn}(${args.map(String).join(', ')}) = ${String(got)}, C: ${String(c.expected)}${options.rounds > 1 ? ` (round ${round})` : ''}`);
      }
    };
    for (let round = 0; round < options.rounds; round++) {
      for (const c of grid) {
        check(c, c.args, round);
        if (c.wideArgs) check(c, c.wideArgs, round);
        if (options.bigints && c.bigArgs) check(c, c.bigArgs, round);
      }
    }
    if (count > 40) wrong.push(`... ${count - 40} more`);
    return wrong;
  }

  it('the grid covers every scalar fixture function of the reference', () => {
    const grid = scalarGrid(abi.ffi);
    expect(scalarFunctions(abi.ffi)).toEqual(expect.arrayContaining(Object.keys(ref.scalars)));
    expect(new Set(grid.map((c) => c.fn))).toEqual(new Set(scalarFunctions(abi.ffi)));
    expect(grid.length).toBeGreaterThan(2000);
  });

  for (const [name, { lib }] of Object.entries(LIBS)) {
    it(`${name}: every scalar function on the grid, integer arguments as numbers (beyond 2^53 too) and as BigInts`, () => {
      expect(gridErrors(lib, scalarGrid(abi.ffi), { bigints: true, rounds: 1 })).toEqual([]);
    });
  }

  it('fast: the same calls repeated until V8 optimises the callers, every result still C', () => {
    const grid = scalarGrid(abi.ffi);
    const perFunction = new Map<string, number>();
    for (const c of grid) perFunction.set(c.fn, (perFunction.get(c.fn) ?? 0) + 1);
    const wrong: string[] = [];
    for (const [fn, n] of perFunction) {
      const cases = grid.filter((c) => c.fn === fn);
      wrong.push(...gridErrors(fast.lib, cases, { bigints: false, rounds: Math.ceil(20_000 / n) }));
    }
    expect(wrong).toEqual([]);
  });

  it('fast: pointer, string and TypedArray calls from callers TurboFan compiled give C results, and stay optimised', () => {
    const FNS = ['sum_array', 'fill_u8', 'fill_i16', 'fill_f32', 'scale_f64', 'swap_ints', 'int_ptr_identity', 'is_null', 'greeting', 'str_upper', 'write_str', 'get_point', 'sum_points', 'str_len', 'count_char', 'ptr_to_int'];
    const r = runCallsChild(
      'fast-api-pointers',
      `
      const prepare = new Function('f', '%PrepareFunctionForOptimization(f)');
      const optimizeOnNextCall = new Function('f', '%OptimizeFunctionOnNextCall(f)');
      const status = new Function('f', 'return %GetOptimizationStatus(f)');
      const TURBOFANNED = 1 << 6; // V8 11.3 OptimizationStatus::kTurboFanned
      const FNS: string[] = ${JSON.stringify(FNS)};
      const P = callsReference().pointers;
      const run = () => {
        const ints = Int32Array.from(decode(P.sum_array.in));
        const u8 = Buffer.alloc(decode(P.fill_u8.n));
        lib.fill_u8(u8, u8.length, decode(P.fill_u8.seed));
        const i16 = new Int16Array(decode(P.fill_i16.n));
        lib.fill_i16(i16, i16.length);
        const f32 = new Float32Array(decode(P.fill_f32.n));
        lib.fill_f32(f32, f32.length);
        const f64 = Float64Array.from(decode(P.scale_f64.in));
        lib.scale_f64(f64, f64.length, decode(P.scale_f64.k));
        const a = ffi.new('int *', 1);
        const b = ffi.new('int *', 2);
        lib.swap_ints(a, b);
        const s = ffi.new('char[]', P.str_upper.in);
        const upper = lib.str_upper(s);
        const buf = ffi.new('char[64]');
        const w = P.write_str[0];
        const wrote = lib.write_str(buf, decode(w.size), decode(w.n));
        const pt = ffi.new('point_t *');
        lib.get_point(3, -4, pt);
        return {
          sum_array: lib.sum_array(ints, ints.length),
          fill_u8: [...u8], fill_i16: [...i16], fill_f32: [...f32], scale_f64: [...f64],
          swap_ints: [a[0], b[0]],
          int_ptr_identity: [lib.int_ptr_identity(a).address === a.address, lib.int_ptr_identity(null)],
          is_null: [lib.is_null(null), lib.is_null(a)],
          greeting: ffi.string(lib.greeting()),
          str_upper: [ffi.string(s), upper.address === s.address],
          write_str: [wrote, ffi.string(buf)],
          get_point: [pt.x, pt.y],
          sum_points: lib.sum_points(ffi.new('point_t[3]', decode(P.sum_points.in)), 3),
          str_len: P.str_len.map((c: any) => lib.str_len(c.args[0])),
          count_char: P.count_char.map((c: any) => lib.count_char(...c.args.map((x: any) => decode(x)))),
          ptr_to_int: lib.ptr_to_int(a) === a.address,
        };
      };
      for (const fn of FNS) prepare(lib[fn]);
      for (let k = 0; k < 10; k++) run(); // type feedback everywhere, or optimised code deoptimises at once
      for (const fn of FNS) optimizeOnNextCall(lib[fn]);
      const results = [run(), run()];
      const tiers = Object.fromEntries(FNS.map((fn) => [fn, ffi.tierOf(lib[fn])]));
      out({ results, tiers, notOptimised: FNS.filter((fn) => (status(lib[fn]) & TURBOFANNED) === 0) });
      `,
      { mode: 'fast', nodeFlags: ['--allow-natives-syntax'] },
    );
    expect(r.signal, `killed\n${r.stderr.slice(-1500)}`).toBeNull();
    expect(r.status, r.stderr.slice(-1500)).toBe(0);
    const lines = r.stdout.trim().split('\n');
    const got = decodeJs<{ results: unknown[]; tiers: Record<string, Tier>; notOptimised: string[] }>(lines[lines.length - 1]!);
    const w = (P.write_str as any[])[0];
    const expected = {
      sum_array: decode(P.sum_array.result),
      fill_u8: decode(P.fill_u8.out),
      fill_i16: decode(P.fill_i16.out),
      fill_f32: decode(P.fill_f32.out),
      scale_f64: decode(P.scale_f64.out),
      swap_ints: [2, 1],
      int_ptr_identity: [true, null],
      is_null: [1, 0],
      greeting: P.greeting,
      str_upper: [P.str_upper.out, true],
      write_str: [decode(w.result), w.text],
      get_point: [3, -4],
      sum_points: decode(P.sum_points.result),
      str_len: (P.str_len as RefCase[]).map((c) => decode(c.result)),
      count_char: (P.count_char as RefCase[]).map((c) => decode(c.result)),
      ptr_to_int: true,
    };
    expect(got.results).toEqual([expected, expected]);
    expect(got.notOptimised).toEqual([]);
    // Those without character-pointer parameters (which take JS strings, so no fast API entry).
    if (best === 'fastapi') expect(FNS.filter((fn) => got.tiers[fn] === 'fastapi').length).toBeGreaterThanOrEqual(8);
  });

  it('fast: callers TurboFan compiled (the fast API entries) give C results, and stay optimised for number arguments', () => {
    const GRID = join(ROOT, 'tests', 'helpers', 'scalar-grid.js');
    const r = runCallsChild(
      'fast-api-optimised',
      `
      import { scalarGrid } from ${JSON.stringify(GRID)};
      const prepare = new Function('f', '%PrepareFunctionForOptimization(f)');
      const optimizeOnNextCall = new Function('f', '%OptimizeFunctionOnNextCall(f)');
      const status = new Function('f', 'return %GetOptimizationStatus(f)');
      const TURBOFANNED = 1 << 6; // V8 11.3 OptimizationStatus::kTurboFanned
      const grid = scalarGrid(ffi);
      const rows: unknown[] = [];
      for (const fn of [...new Set(grid.map((c: any) => c.fn))] as string[]) {
        const f = lib[fn];
        const tier = ffi.tierOf(f);
        const cases = grid.filter((c: any) => c.fn === fn);
        process.stdout.write('# ' + fn + '\\n');
        // Numbers only while optimised: a BigInt for a 64-bit parameter is outside what a fast
        // API entry takes (V8 deoptimises the caller and calls the slow entry); those last.
        // Each case's arguments in the forms that are numbers only (integers beyond 2^53 as
        // numbers where the double is exact), else as the grid has them. V8 11.3's fast API
        // entries take 64-bit integers as safe-integer numbers only: a BigInt, or a number
        // beyond 2^53 for a 64-bit parameter, makes V8 deoptimise the caller and call the slow
        // entry. Those run after the optimised stretch (their results are checked all the same).
        const wide = ffi.typeof(fn).args.map((t: any) => t.size === 8 && t.cname !== 'double');
        const inFastDomain = (a: unknown[]) => a.every((x, i) => typeof x !== 'bigint' && (!wide[i] || Number.isSafeInteger(x)));
        const numbers = (c: any): unknown[] | null => [c.args, c.wideArgs].find((a) => a && inFastDomain(a)) ?? null;
        // A 64-bit result beyond 2^53 comes back as a BigInt (read from the module's slot), which
        // V8 11.3 does not keep optimised either: those cases also run after the stretch.
        const numeric = cases.filter((c: any) => numbers(c) !== null && typeof c.expected !== 'bigint');
        prepare(f);
        for (const c of numeric) f(...numbers(c)!);
        optimizeOnNextCall(f);
        f(...numbers(numeric[0])!);
        const results = new Map<unknown, unknown>();
        for (const c of numeric) results.set(c, f(...numbers(c)!));
        const optimised = (status(f) & TURBOFANNED) !== 0;
        for (const c of cases) if (!results.has(c)) results.set(c, f(...(c.wideArgs ?? c.args)));
        const got = cases.map((c: any) => {
          const v = results.get(c);
          return v === undefined ? { $undefined: true } : v; // JSON has no undefined
        });
        rows.push({ fn, tier, got, optimised });
      }
      out(rows);
      `,
      { mode: 'fast', nodeFlags: ['--allow-natives-syntax'] },
    );
    expect(r.signal, `killed during ${r.stdout.trim().split('\n').pop()}\n${r.stderr.slice(-1500)}`).toBeNull();
    expect(r.status, r.stderr.slice(-1500)).toBe(0);
    const lines = r.stdout.trim().split('\n');
    const rows = decodeJs<{ fn: string; tier: Tier; got: unknown[]; optimised: boolean }[]>(lines[lines.length - 1]!);
    const grid = scalarGrid(abi.ffi);
    const wrong: string[] = [];
    for (const row of rows) {
      const cases = grid.filter((c) => c.fn === row.fn);
      expect(row.got.length, row.fn).toBe(cases.length);
      cases.forEach((c, i) => {
        const sent = row.got[i] as any;
        const got = sent !== null && typeof sent === 'object' && sent.$undefined === true ? undefined : sent;
        if (!Object.is(got, c.expected) && !(typeof got === 'bigint' && got === c.expected)) wrong.push(`${c.fn}(${(c.wideArgs ?? c.args).map(String).join(', ')}) = ${String(got)}, C: ${String(c.expected)}`);
      });
    }
    expect(wrong.slice(0, 40)).toEqual([]);
    expect(rows.map((row) => row.fn).sort()).toEqual(scalarFunctions(abi.ffi).sort());
    if (best === 'fastapi') {
      const fastApi = rows.filter((row) => row.tier === 'fastapi');
      expect(fastApi.length).toBeGreaterThan(20);
      expect(fastApi.filter((row) => !row.optimised).map((row) => row.fn)).toEqual([]);
    }
  });
});
