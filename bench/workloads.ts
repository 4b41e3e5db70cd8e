/**
 * What each call-overhead scenario calls, declaratively: the C function, the JS call a loop
 * makes per iteration, the C loop that gives the 1x figure, and the batch size.
 *
 * Invariants:
 * - Every contender calls its function as a method, `o.add_i32(i, 1)`: V8 takes a fast API
 *   call only for a method call from optimized code, and the same shape for everyone keeps the
 *   comparison fair (koffi's and the baselines' functions are just put on an object).
 * - Every (contender, function) pair gets its own loop function, compiled from source with
 *   `new Function`. Closures made from one function literal share V8's feedback, so a shared
 *   loop would see several targets at its call site, go polymorphic and stop inlining (and
 *   lose the fast API path); a fresh function per pair keeps each call site monomorphic.
 *   The source names the pair: V8 caches `new Function` by its source text, feedback
 *   included, so two pairs with the same text would share one loop again (seen: every path
 *   after the first few slowed down 2x and the fast API baseline never took its fast entry).
 * - Results are summed into the loop's return value so no call is dead code.
 */

export type FunctionName = 'add_i32' | 'noop' | 'mul_f64' | 'str_len';

export interface Workload {
  readonly name: FunctionName;
  /** C declaration, for readers and for the peers' own declarations. */
  readonly decl: string;
  /** The per-iteration JS expression; `o` is the receiver, `i` the loop counter. */
  readonly call: string;
  /** Whether the result is summed (false for void functions). */
  readonly sums: boolean;
  /** Calls per timed run (before time-boxing). */
  readonly batch: number;
  /** The C loop in bench_lib giving this function's 1x figure, and its extra arguments. */
  readonly cLoop: { readonly name: string; readonly args: readonly unknown[] };
}

export const STRING_ARG = 'hello, world';

export const WORKLOADS: readonly Workload[] = [
  { name: 'add_i32', decl: 'int add_i32(int a, int b)', call: 'o.add_i32(i, 1)', sums: true, batch: 1_000_000, cLoop: { name: 'loop_add_i32', args: [] } },
  { name: 'noop', decl: 'void noop(void)', call: 'o.noop()', sums: false, batch: 1_000_000, cLoop: { name: 'loop_noop', args: [] } },
  { name: 'mul_f64', decl: 'double mul_f64(double a, double b)', call: 'o.mul_f64(i, 0.5)', sums: true, batch: 1_000_000, cLoop: { name: 'loop_mul_f64', args: [] } },
  {
    name: 'str_len', decl: 'size_t str_len(const char *s)', call: `o.str_len(${JSON.stringify(STRING_ARG)})`, sums: true, batch: 1_000_000,
    cLoop: { name: 'loop_str_len', args: [STRING_ARG] },
  },
];

/** Declarations cbridge (ABI and fast mode) is given; the C loops are bench_lib's too. */
export const BENCH_DECLS = `
  int add_i32(int a, int b);
  void noop(void);
  double mul_f64(double a, double b);
  size_t str_len(const char *s);
  int apply_cb(int (*cb)(int), int x);
  long long loop_add_i32(long long n);
  long long loop_noop(long long n);
  double loop_mul_f64(long long n);
  long long loop_str_len(long long n, const char *s);
  typedef struct { int x, y; double z; } point_t;
`;

export type Loop = (o: object, n: number) => unknown;

/** A fresh loop making n calls of `w` on `o` for `path` (see the invariants for why it is compiled). */
export function perCallLoop(w: Workload, path: string): Loop {
  const body = w.sums ? `s += ${w.call};` : `${w.call};`;
  return new Function('o', 'n', `'use strict'; // ${path} ${w.name}\nlet s = 0; for (let i = 0; i < n; i++) { ${body} } return s;`) as Loop;
}

/** A fresh loop for a contender whose `o[fn](n)` makes all n calls itself (the C loops). */
export function batchLoop(w: Workload, path: string): Loop {
  return new Function('o', 'n', `'use strict'; // ${path} ${w.name}\nreturn o.${w.name}(n);`) as Loop;
}
