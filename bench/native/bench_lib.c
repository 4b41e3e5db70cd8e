/* The C side of the call-overhead benchmark: the same tiny functions every path calls. */
#include <stddef.h>
#include <string.h>

int add_i32(int a, int b) { return a + b; }
void noop(void) {}
double mul_f64(double a, double b) { return a * b; }
size_t str_len(const char *s) { return strlen(s); }
int apply_cb(int (*cb)(int), int x) { return cb(x); }

/* C calling add_i32 through the PLT n times: the 1x baseline. */
long long loop_add_i32(long long n) {
  int (*volatile f)(int, int) = add_i32;
  long long s = 0;
  for (long long i = 0; i < n; i++) s += f((int)i, 1);
  return s;
}
