/**
 * The contenders measured inside this Node process, as a declarative list: each opens itself
 * on the bench library and hands back an object whose methods are the bench functions, or a
 * reason it cannot run here.
 *
 * Path ids are stable (they key the JSON and the chart):
 * - `c`                 bench_lib's own C loops (the 1x)
 * - `js`                a pure JS function doing the same work (what a JIT does with no FFI)
 * - `napi-baseline`     hand-written N-API addon (bench/native/bench_napi.c)
 * - `v8-baseline`       hand-written raw V8 API addon (bench/native/bench_v8.cc)
 * - `fastapi-baseline`  hand-written V8 Fast API addon (bench/native/bench_fastapi.cc)
 * - `koffi`             koffi called directly
 * - `abi`               cbridge ABI mode, `ffi.dlopen(path)`
 * - `fast:<tier>`       cbridge's fast path, `ffi.dlopen(path, { mode: 'fast' })`, grouped by
 *                       the tier `ffi.tierOf(fn)` reports: `fast:fastapi`, `fast:v8`, `fast:napi`
 *                       (`fast:abi` if a function fell back to koffi). If that `dlopen` throws
 *                       (no compiler, a V8 the stubs do not support), the three ids are skipped
 *                       with its message.
 * The addons link bench_lib directly and every other path dlopens the same file, so all of
 * them call the same C functions in the same loaded library.
 */

import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import koffi from 'koffi';
import { FFI } from '../ffi.js';
import type { FunctionName } from './workloads.js';
import { BENCH_DECLS, WORKLOADS } from './workloads.js';

export interface BenchContext {
  readonly root: string;
  /** The bench library every path calls. */
  readonly libraryPath: string;
  /** Directory of the baseline addons (build/Release). */
  readonly addonDir: string;
}

type Methods = Partial<Record<FunctionName, (...args: never[]) => unknown>>;

export interface Opened {
  /** Receiver of the method calls. */
  readonly target: Methods;
  /** The C loops make all n calls themselves: `o.fn(n)` once per batch. */
  readonly batched?: boolean;
  /** Path id per function, when it depends on the function (the fast tiers). */
  readonly pathOf?: (fn: FunctionName) => string;
  /** Ids among `Contender.ids` that no function reports under, with why (printed as skips). */
  readonly idle?: Readonly<Record<string, string>>;
  /** Why a function this contender lacks is not measured. */
  readonly missing?: Partial<Record<FunctionName, string>>;
  /** Note on a function's result (how it was called). */
  readonly notes?: Partial<Record<FunctionName, string>>;
  /** Called between a function's warm-up and its timed runs. */
  readonly beforeRuns?: () => void;
  /** Called after a function's timed runs with the number of calls they made; may return a note. */
  readonly check?: (fn: FunctionName, calls: number) => string | undefined;
}

export interface Contender {
  readonly id: string;
  /** Ids it reports under, when not just `id` (for skip messages). */
  readonly ids?: readonly string[];
  readonly describe: string;
  open(ctx: BenchContext): Opened | { readonly skip: string };
}

/** The tiers cbridge's fast path may report through `ffi.tierOf(fn)`. */
export const FAST_TIERS = ['fastapi', 'v8', 'napi'] as const;

const require = createRequire(import.meta.url);

function loadAddon(ctx: BenchContext, name: string): { addon: Record<string, unknown> } | { skip: string } {
  const file = join(ctx.addonDir, `${name}.node`);
  if (!existsSync(file)) return { skip: `${file} is missing (built by binding.gyp on npm install)` };
  try {
    return { addon: require(file) as Record<string, unknown> };
  } catch (e) {
    return { skip: `${file}: ${(e as Error).message}` };
  }
}

function benchFFI(): FFI {
  const ffi = new FFI();
  ffi.cdef(BENCH_DECLS);
  return ffi;
}

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e)).split('\n')[0]!;

export const CONTENDERS: readonly Contender[] = [
  {
    id: 'c',
    describe: "bench_lib's C loop calling the function through a pointer (the 1x)",
    open(ctx) {
      const lib = benchFFI().dlopen(ctx.libraryPath) as Record<string, (...a: unknown[]) => unknown>;
      const target: Record<string, (n: number) => unknown> = {};
      for (const w of WORKLOADS) {
        const loop = lib[w.cLoop.name]!;
        target[w.name] = (n: number) => loop(n, ...w.cLoop.args);
      }
      return { target, batched: true };
    },
  },
  {
    id: 'js',
    describe: 'a pure JS function doing the same work (TurboFan inlines it)',
    open: () => ({
      target: {
        add_i32: (a: number, b: number) => (a + b) | 0,
        noop: () => {},
        mul_f64: (a: number, b: number) => a * b,
        str_len: (s: string) => s.length,
      },
      notes: { str_len: 'JS string length, no C' },
    }),
  },
  {
    id: 'napi-baseline',
    describe: 'hand-written N-API addon (bench/native/bench_napi.c)',
    open(ctx) {
      const loaded = loadAddon(ctx, 'bench_napi');
      return 'skip' in loaded ? loaded : { target: loaded.addon as Methods };
    },
  },
  {
    id: 'v8-baseline',
    describe: 'hand-written raw V8 API addon (bench/native/bench_v8.cc)',
    open(ctx) {
      const loaded = loadAddon(ctx, 'bench_v8');
      return 'skip' in loaded ? loaded : { target: loaded.addon as Methods };
    },
  },
  {
    id: 'fastapi-baseline',
    describe: 'hand-written V8 Fast API addon (bench/native/bench_fastapi.cc)',
    open(ctx) {
      const loaded = loadAddon(ctx, 'bench_fastapi');
      if ('skip' in loaded) return loaded;
      const addon = loaded.addon;
      if (addon['fastApi'] !== true) return { skip: 'V8 did not read back our CFunctionInfo (abi/native/v8-fast-api.h does not match this node)' };
      const slowCalls = addon['slowCalls'] as () => number;
      let before = 0;
      return {
        target: addon as Methods,
        missing: { str_len: 'the fast API declarations take no strings' },
        beforeRuns: () => void (before = slowCalls()),
        check(_fn, calls) {
          const share = 1 - (slowCalls() - before) / calls;
          const pct = `${(share * 100).toFixed(share === 1 ? 0 : 2)}% of timed calls took the fast entry`;
          return share < 0.99 ? `WARNING: only ${pct}` : pct;
        },
      };
    },
  },
  {
    id: 'koffi',
    describe: 'koffi called directly',
    open(ctx) {
      const k = koffi.load(ctx.libraryPath, { deep: true });
      return {
        target: {
          add_i32: k.func('int add_i32(int, int)'),
          noop: k.func('void noop(void)'),
          mul_f64: k.func('double mul_f64(double, double)'),
          str_len: k.func('size_t str_len(const char *)'),
        } as Methods,
      };
    },
  },
  {
    id: 'abi',
    describe: "cbridge ABI mode, ffi.dlopen(path)",
    open(ctx) {
      const lib = benchFFI().dlopen(ctx.libraryPath) as Methods;
      for (const w of WORKLOADS) void lib[w.name]; // bind now: the property becomes plain data
      return { target: lib };
    },
  },
  ...FAST_TIERS.map((tier): Contender => ({
    id: `fast:${tier}`,
    describe: `cbridge fast path, ffi.dlopen(path, { mode: 'fast', tier: '${tier}' }) (the tier is a cap; ffi.tierOf tells what each function got)`,
    open(ctx) {
      const ffi = benchFFI();
      let lib: Methods;
      try {
        lib = ffi.dlopen(ctx.libraryPath, { mode: 'fast', tier }) as Methods;
      } catch (e) {
        return { skip: `ffi.dlopen(path, { mode: 'fast', tier: '${tier}' }) threw: ${message(e)}` };
      }
      // Each function is reported once, under the tier it really got at this cap: a function
      // that cannot use this tier is measured by the lower cap that gives it its own tier.
      const missing: Partial<Record<FunctionName, string>> = {};
      for (const w of WORKLOADS) {
        try {
          const got = ffi.tierOf(lib[w.name]);
          if (got !== tier) missing[w.name] = `gets tier '${got}' under this cap (measured as fast:${got})`;
        } catch (e) {
          missing[w.name] = message(e);
        }
      }
      return { target: lib, missing };
    },
  })),
];
