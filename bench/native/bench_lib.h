/* The C side of the call-overhead benchmark, as the hand-written baseline addons see it.
 *
 * Every contender (the C loops, the N-API/V8/fast-API addons, koffi, cbridge, the peers in
 * other runtimes) calls these same functions in the same shared library (bench_lib.c, built by
 * binding.gyp as build/Release/bench_lib.so), so only the calling path differs.
 */
#ifndef CBRIDGE_BENCH_LIB_H_
#define CBRIDGE_BENCH_LIB_H_

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

int add_i32(int a, int b);
void noop(void);
double mul_f64(double a, double b);
size_t str_len(const char *s);
int apply_cb(int (*cb)(int), int x);

/* C calling each function n times through an opaque pointer: the 1x baselines. */
long long loop_add_i32(long long n);
long long loop_noop(long long n);
double loop_mul_f64(long long n);
long long loop_str_len(long long n, const char *s);

#ifdef __cplusplus
}
#endif

#endif /* CBRIDGE_BENCH_LIB_H_ */
