/* The C side of the call-overhead benchmark: the same tiny functions every path calls.
 *
 * Invariants:
 * - Built once, by binding.gyp (target bench_lib, -O2), and loaded from that one file by every
 *   contender; the baseline addons link against it, the others dlopen its path.
 * - The functions are exported explicitly: common.gypi compiles with -fvisibility=hidden.
 * - The C loops call through a volatile function pointer, so the compiler can neither inline
 *   nor hoist the call: each iteration pays a real indirect call, as a C caller of a shared
 *   library pays its PLT jump. Loop overhead is included, as in every other path.
 */
#include <string.h>
#include "bench_lib.h"

#define BENCH_API __attribute__((visibility("default")))

BENCH_API int add_i32(int a, int b) { return a + b; }
BENCH_API void noop(void) {}
BENCH_API double mul_f64(double a, double b) { return a * b; }
BENCH_API size_t str_len(const char *s) { return strlen(s); }
BENCH_API int apply_cb(int (*cb)(int), int x) { return cb(x); }

BENCH_API long long loop_add_i32(long long n) {
  int (*volatile f)(int, int) = add_i32;
  long long s = 0;
  for (long long i = 0; i < n; i++) s += f((int)i, 1);
  return s;
}

BENCH_API long long loop_noop(long long n) {
  void (*volatile f)(void) = noop;
  for (long long i = 0; i < n; i++) f();
  return n;
}

BENCH_API double loop_mul_f64(long long n) {
  double (*volatile f)(double, double) = mul_f64;
  double s = 0;
  for (long long i = 0; i < n; i++) s += f((double)i, 0.5);
  return s;
}

BENCH_API long long loop_str_len(long long n, const char *s) {
  size_t (*volatile f)(const char *) = str_len;
  long long total = 0;
  for (long long i = 0; i < n; i++) total += (long long)f(s);
  return total;
}
