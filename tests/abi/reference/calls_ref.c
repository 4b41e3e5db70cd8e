/*
 * Reference for tests/abi/calls.test.ts and cdata.test.ts: #includes the fixture library
 * itself (fixtures/calls.c, so the very same code), calls it with the inputs the tests use and
 * prints one JSON object on stdout. The inputs are printed next to each result, so the tests
 * read their inputs from here and cannot drift from them.
 *
 * Encoding (decoded by tests/helpers/calls-fixture.ts):
 * - integers: JSON strings of decimal digits ("-128", "18446744073709551615"), never
 *   rounded through a double;
 * - float/double: JSON numbers printed with %.17g (exact for both: a float is printed as
 *   the double it converts to), or the strings "inf", "-inf", "nan", "-0";
 * - _Bool: true/false; const char *: a JSON string (raw UTF-8) or null;
 * - structs: objects with every field; unions as results: every member; unions as
 *   arguments: the one member that initialises them; arrays: JSON arrays.
 *
 * Callbacks: where a test passes a JS function, this program passes a C function that does
 * the same (named after it below), so the outer function's result comes from C too.
 */
#include "../fixtures/calls.c"

#include <limits.h>

/* ---- a minimal JSON printer ------------------------------------------------------------ */

static int need_comma[64];
static int depth;

static void sep(void) {
  if (need_comma[depth]) putchar(',');
  need_comma[depth] = 1;
}
static void str_raw(const char *s) {
  putchar('"');
  for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
    if (*c == '"' || *c == '\\') printf("\\%c", *c);
    else if (*c < 0x20) printf("\\u%04x", *c);
    else putchar(*c);
  }
  putchar('"');
}
static void obj(void) { sep(); putchar('{'); need_comma[++depth] = 0; }
static void end_obj(void) { putchar('}'); depth--; }
static void arr(void) { sep(); putchar('['); need_comma[++depth] = 0; }
static void end_arr(void) { putchar(']'); depth--; }
static void key(const char *k) { sep(); str_raw(k); putchar(':'); need_comma[depth] = 0; }
static void v_int(long long v) { sep(); printf("\"%lld\"", v); }
static void v_uint(unsigned long long v) { sep(); printf("\"%llu\"", v); }
static void v_bool(int b) { sep(); fputs(b ? "true" : "false", stdout); }
static void v_str(const char *s) { sep(); if (s) str_raw(s); else fputs("null", stdout); }
static void v_dbl(double d) {
  sep();
  if (isnan(d)) fputs("\"nan\"", stdout);
  else if (isinf(d)) fputs(d > 0 ? "\"inf\"" : "\"-inf\"", stdout);
  else if (d == 0 && signbit(d)) fputs("\"-0\"", stdout);
  else printf("%.17g", d);
}
static void k_int(const char *k, long long v) { key(k); v_int(v); }
static void k_uint(const char *k, unsigned long long v) { key(k); v_uint(v); }
static void k_dbl(const char *k, double v) { key(k); v_dbl(v); }
static void k_bool(const char *k, int v) { key(k); v_bool(v); }

/* ---- printers of the fixture types ------------------------------------------------------ */

static void p_point(point_t p) { obj(); k_int("x", p.x); k_int("y", p.y); end_obj(); }
static void p_pack1(pack1_t p) { obj(); k_int("a", p.a); end_obj(); }
static void p_pack2(pack2_t p) { obj(); k_int("a", p.a); k_int("b", p.b); end_obj(); }
static void p_pack3(pack3_t p) { obj(); k_int("a", p.a); k_int("b", p.b); k_int("c", p.c); end_obj(); }
static void p_bytes3(bytes3_t p) { obj(); k_uint("a", p.a); k_uint("b", p.b); k_uint("c", p.c); end_obj(); }
static void p_float1(float1_t p) { obj(); k_dbl("a", p.a); end_obj(); }
static void p_float2(float2_t p) { obj(); k_dbl("a", p.a); k_dbl("b", p.b); end_obj(); }
static void p_float3(float3_t p) { obj(); k_dbl("a", p.a); k_dbl("b", p.b); k_dbl("c", p.c); end_obj(); }
static void p_double2(double2_t p) { obj(); k_dbl("a", p.a); k_dbl("b", p.b); end_obj(); }
static void p_int_float(int_float_t p) { obj(); k_int("i", p.i); k_dbl("f", p.f); end_obj(); }
static void p_float_int(float_int_t p) { obj(); k_dbl("f", p.f); k_int("i", p.i); end_obj(); }
static void p_i64_f64(i64_f64_t p) { obj(); k_int("i", p.i); k_dbl("d", p.d); end_obj(); }
static void p_f64_i64(f64_i64_t p) { obj(); k_dbl("d", p.d); k_int("i", p.i); end_obj(); }
static void p_small_mix(small_mix_t p) { obj(); k_bool("flag", p.flag); k_int("c", p.c); k_int("s", p.s); k_int("i", p.i); end_obj(); }
static void p_big(big_t p) { obj(); k_int("a", p.a); k_int("b", p.b); k_int("c", p.c); end_obj(); }
static void p_big_f64(big_f64_t p) { obj(); k_dbl("a", p.a); k_dbl("b", p.b); k_dbl("c", p.c); k_dbl("d", p.d); end_obj(); }
static void p_packed(packed_t p) { obj(); k_uint("tag", p.tag); k_int("value", p.value); k_uint("extra", p.extra); end_obj(); }
static void p_int_float_u(int_float_u u) {
  obj(); k_int("i", u.i); k_dbl("f", u.f);
  key("bytes"); arr(); for (int i = 0; i < 4; i++) v_uint(u.bytes[i]); end_arr();
  end_obj();
}
static void p_d_i64_u(d_i64_u u) { obj(); k_dbl("d", u.d); k_int("i", u.i); end_obj(); }
static void p_floats_u(floats_u u) { obj(); key("f"); arr(); v_dbl(u.f[0]); v_dbl(u.f[1]); end_arr(); k_dbl("d", u.d); end_obj(); }
static void p_big_u(big_u u) { obj(); key("i"); arr(); for (int i = 0; i < 3; i++) v_int(u.i[i]); end_arr(); k_dbl("d", u.d); end_obj(); }
static void p_rect(rect_t r) { obj(); key("a"); p_point(r.a); key("b"); p_point(r.b); end_obj(); }
static void p_sprite(sprite_t s) { obj(); key("pos"); p_float2(s.pos); k_int("id", s.id); k_int("flags", s.flags); end_obj(); }
static void p_named(named_t n) {
  obj(); key("name"); arr(); for (int i = 0; i < 8; i++) v_int(n.name[i]); end_arr(); k_int("id", n.id); end_obj();
}
static void p_tagged(tagged_t t) { obj(); key("u"); p_int_float_u(t.u); k_int("tag", t.tag); end_obj(); }
static void p_deep(deep_t d) { obj(); key("r"); p_rect(d.r); k_dbl("w", d.w); end_obj(); }

/* ---- one case: {"args": [...], "result": ...} ------------------------------------------ */

#define CASE(args, result) do { obj(); key("args"); arr(); args; end_arr(); key("result"); result; end_obj(); } while (0)
#define LIST(name, body) do { key(name); arr(); body; end_arr(); } while (0)
#define EACH(T, xs, body) do { static const T xs_[] = xs; for (size_t i_ = 0; i_ < sizeof xs_ / sizeof xs_[0]; i_++) { T x = xs_[i_]; body; } } while (0)
#define A(...) { __VA_ARGS__ }

#define P53 9007199254740992LL /* 2^53 */

/* Integer function of one argument: printed as signed or unsigned by V. */
#define INT1(fn, T, V, ...) LIST(#fn, EACH(T, A(__VA_ARGS__), CASE(V(x), V(fn(x)))))
#define INT2(fn, T, V, ...) LIST(#fn, EACH(T, A(__VA_ARGS__), CASE((V(x.a), V(x.b)), V(fn(x.a, x.b)))))

typedef struct { int32_t a, b; } i32x2;
typedef struct { int64_t a, b; } i64x2;
typedef struct { uint64_t a, b; } u64x2;
typedef struct { double a, b; } f64x2;

static void scalars(void) {
  key("scalars"); obj();
  INT1(neg_i8, int8_t, v_int, INT8_MIN, INT8_MIN + 1, -1, 0, 1, 100, INT8_MAX);
  INT1(inc_u8, uint8_t, v_uint, 0, 1, 127, 128, 254, UINT8_MAX);
  INT1(neg_i16, int16_t, v_int, INT16_MIN, -1, 0, 1, 12345, INT16_MAX);
  INT1(inc_u16, uint16_t, v_uint, 0, 32767, 65534, UINT16_MAX);
  INT1(neg_i32, int32_t, v_int, INT32_MIN, INT32_MIN + 1, -1, 0, 1, INT32_MAX);
  INT1(inc_u32, uint32_t, v_uint, 0, 2147483647u, 2147483648u, UINT32_MAX - 1, UINT32_MAX);
  INT1(neg_i64, int64_t, v_int, INT64_MIN, INT64_MIN + 1, -P53 - 1, -P53, -P53 + 1, -1, 0, 1, P53 - 1, P53, P53 + 1, INT64_MAX);
  INT1(inc_u64, uint64_t, v_uint, 0, 4294967296u, P53 - 2, P53 - 1, P53, 9223372036854775808u, UINT64_MAX - 1, UINT64_MAX);
  LIST("add_i32", EACH(i32x2, A({ INT32_MAX, 1 }, { -5, 3 }, { INT32_MIN, -1 }), CASE((v_int(x.a), v_int(x.b)), v_int(add_i32(x.a, x.b)))));
  LIST("add_i64", EACH(i64x2, A({ P53 - 1, 0 }, { P53 - 1, 1 }, { -P53 + 1, 0 }, { -P53 + 1, -1 }, { INT64_MAX, 1 }, { 4611686018427387904LL, 4611686018427387904LL }, { -7, 3 }),
                       CASE((v_int(x.a), v_int(x.b)), v_int(add_i64(x.a, x.b)))));
  LIST("add_u64", EACH(u64x2, A({ P53 - 1, 0 }, { P53 - 1, 1 }, { UINT64_MAX - 1, 1 }, { UINT64_MAX, 1 }, { 9223372036854775808u, 9223372036854775807u }, { 1, 2 }),
                       CASE((v_uint(x.a), v_uint(x.b)), v_uint(add_u64(x.a, x.b)))));
  LIST("mul_f32", EACH(f64x2, A({ 1.5, 2 }, { 0.1, 3 }, { 3.4e38, 10 }, { 1e-30, 1e-30 }, { 16777217, 1 }, { 1.0 / 3, 3 }, { -1, 0 }),
                       CASE((v_dbl(x.a), v_dbl(x.b)), v_dbl(mul_f32((float)x.a, (float)x.b)))));
  LIST("mul_f64", EACH(f64x2, A({ 0.1, 3 }, { 1e308, 10 }, { -1, 0 }, { 16777217, 1 }, { INFINITY, 0 }, { 1.0 / 3, 3 }),
                       CASE((v_dbl(x.a), v_dbl(x.b)), v_dbl(mul_f64(x.a, x.b)))));
  LIST("f64_to_f32", EACH(double, A(0.1, 16777217, 1e39, -2.5, 1e-46, -INFINITY), CASE(v_dbl(x), v_dbl(f64_to_f32(x)))));
  LIST("f32_to_f64", EACH(double, A(0.1, 16777217, -2.5, 3.4028234663852886e38), CASE(v_dbl(x), v_dbl(f32_to_f64((float)x)))));
  LIST("not_bool", EACH(int, A(0, 1), CASE(v_bool(x), v_bool(not_bool(x)))));
  LIST("is_positive", EACH(int, A(-1, 0, 5), CASE(v_int(x), v_bool(is_positive(x)))));
  INT1(upper_char, char, v_int, 'a', 'z', 'A', '0', -1, CHAR_MIN, CHAR_MAX);
  INT1(neg_schar, signed char, v_int, SCHAR_MIN, -1, 0, SCHAR_MAX);
  INT1(inc_uchar, unsigned char, v_uint, 0, 200, UCHAR_MAX);
  INT1(neg_short, short, v_int, SHRT_MIN, 0, 1, SHRT_MAX);
  INT1(inc_ushort, unsigned short, v_uint, 0, USHRT_MAX);
  INT1(neg_int, int, v_int, INT_MIN, -1, 0, INT_MAX);
  INT1(inc_uint, unsigned int, v_uint, 0, UINT_MAX);
  INT1(neg_long, long, v_int, LONG_MIN, -P53, -1, P53 - 1, LONG_MAX);
  INT1(inc_ulong, unsigned long, v_uint, 0, P53 - 1, ULONG_MAX);
  INT1(neg_llong, long long, v_int, LLONG_MIN, -P53 + 1, 0, P53, LLONG_MAX);
  INT1(inc_ullong, unsigned long long, v_uint, 0, P53 - 2, ULLONG_MAX - 1, ULLONG_MAX);
  INT1(inc_size, size_t, v_uint, 0, P53 - 1, SIZE_MAX);
  INT1(neg_ssize, ssize_t, v_int, -9223372036854775807LL - 1, -1, 0, P53);
  INT1(next_color, int, v_int, RED, GREEN, BLUE, NEG_COLOR, 7);
  INT2(add_unnamed, i32x2, v_int, { 2, 3 }, { -10, 4 });
  LIST("many_args", CASE((v_int(1), v_dbl(2.5), v_int(-3), v_dbl(0.1), v_int(P53 + 1), v_uint(65535), v_dbl(-7.25), v_int(8),
                          v_dbl(9.5), v_dbl(10.125), v_int(-11), v_dbl(12), v_dbl(13), v_dbl(14), v_dbl(15), v_int(-16),
                          v_dbl(17.5), v_uint(18)),
                         v_dbl(many_args(1, 2.5, -3, 0.1f, P53 + 1, 65535, -7.25, 8, 9.5f, 10.125, -11, 12, 13, 14, 15, -16,
                                         17.5f, 18))));
  end_obj();
}

/* ---- structs and unions by value -------------------------------------------------------- */

static void structs(void) {
  key("structs"); obj();
  LIST("point_make", CASE((v_int(3), v_int(-4)), p_point(point_make(3, -4))));
  LIST("point_swap", CASE(p_point(point_make(3, -4)), p_point(point_swap(point_make(3, -4)))));
  LIST("point_sum", CASE(p_point(point_make(3, -4)), v_int(point_sum(point_make(3, -4)))));
  LIST("pack1_make", CASE(v_int(7), p_pack1(pack1_make(7))));
  LIST("pack1_twice", CASE(p_pack1(pack1_make(-21)), p_pack1(pack1_twice(pack1_make(-21)))));
  LIST("pack1_sum", CASE(p_pack1(pack1_make(INT32_MIN)), v_int(pack1_sum(pack1_make(INT32_MIN)))));
  LIST("pack2_make", CASE((v_int(1), v_int(-2)), p_pack2(pack2_make(1, -2))));
  LIST("pack2_twice", CASE(p_pack2(pack2_make(5, 6)), p_pack2(pack2_twice(pack2_make(5, 6)))));
  LIST("pack2_sum", CASE(p_pack2(pack2_make(5, 6)), v_int(pack2_sum(pack2_make(5, 6)))));
  LIST("pack3_make", CASE((v_int(1), v_int(2), v_int(3)), p_pack3(pack3_make(1, 2, 3))));
  LIST("pack3_twice", CASE(p_pack3(pack3_make(1, 2, 3)), p_pack3(pack3_twice(pack3_make(1, 2, 3)))));
  LIST("pack3_sum", CASE(p_pack3(pack3_make(7, 8, 9)), v_int(pack3_sum(pack3_make(7, 8, 9)))));
  LIST("pack3_after5", CASE((v_int(1), v_int(2), v_int(3), v_int(4), v_int(5), p_pack3(pack3_make(7, 8, 9))),
                            v_int(pack3_after5(1, 2, 3, 4, 5, pack3_make(7, 8, 9)))));
  LIST("bytes3_make", CASE((v_uint(250), v_uint(1), v_uint(128)), p_bytes3(bytes3_make(250, 1, 128))));
  LIST("bytes3_twice", CASE(p_bytes3(bytes3_make(250, 1, 128)), p_bytes3(bytes3_twice(bytes3_make(250, 1, 128)))));
  LIST("bytes3_sum", CASE(p_bytes3(bytes3_make(250, 1, 128)), v_int(bytes3_sum(bytes3_make(250, 1, 128)))));
  LIST("float1_make", CASE(v_dbl(0.1), p_float1(float1_make(0.1f))));
  LIST("float1_twice", CASE(p_float1(float1_make(0.1f)), p_float1(float1_twice(float1_make(0.1f)))));
  LIST("float1_sum", CASE(p_float1(float1_make(-2.5f)), v_dbl(float1_sum(float1_make(-2.5f)))));
  LIST("float2_make", CASE((v_dbl(1.5), v_dbl(0.1)), p_float2(float2_make(1.5f, 0.1f))));
  LIST("float2_twice", CASE(p_float2(float2_make(1.5f, 0.1f)), p_float2(float2_twice(float2_make(1.5f, 0.1f)))));
  LIST("float2_sum", CASE(p_float2(float2_make(1.5f, 0.1f)), v_dbl(float2_sum(float2_make(1.5f, 0.1f)))));
  LIST("float3_make", CASE((v_dbl(1.25), v_dbl(-2.5), v_dbl(0.1)), p_float3(float3_make(1.25f, -2.5f, 0.1f))));
  LIST("float3_twice", CASE(p_float3(float3_make(1.25f, -2.5f, 0.1f)), p_float3(float3_twice(float3_make(1.25f, -2.5f, 0.1f)))));
  LIST("float3_sum", CASE(p_float3(float3_make(1.25f, -2.5f, 0.1f)), v_dbl(float3_sum(float3_make(1.25f, -2.5f, 0.1f)))));
  LIST("double2_make", CASE((v_dbl(0.1), v_dbl(-2.5)), p_double2(double2_make(0.1, -2.5))));
  LIST("double2_twice", CASE(p_double2(double2_make(0.1, -2.5)), p_double2(double2_twice(double2_make(0.1, -2.5)))));
  LIST("double2_sum", CASE(p_double2(double2_make(0.1, -2.5)), v_dbl(double2_sum(double2_make(0.1, -2.5)))));
  LIST("double2_after7", CASE((v_dbl(1), v_dbl(2), v_dbl(3), v_dbl(4), v_dbl(5), v_dbl(6), v_dbl(7), p_double2(double2_make(0.1, 0.2))),
                              v_dbl(double2_after7(1, 2, 3, 4, 5, 6, 7, double2_make(0.1, 0.2)))));
  LIST("int_float_make", CASE((v_int(7), v_dbl(0.1)), p_int_float(int_float_make(7, 0.1f))));
  LIST("int_float_twice", CASE(p_int_float(int_float_make(7, 0.1f)), p_int_float(int_float_twice(int_float_make(7, 0.1f)))));
  LIST("int_float_sum", CASE(p_int_float(int_float_make(-7, 0.5f)), v_dbl(int_float_sum(int_float_make(-7, 0.5f)))));
  LIST("float_int_make", CASE((v_dbl(0.1), v_int(7)), p_float_int(float_int_make(0.1f, 7))));
  LIST("float_int_twice", CASE(p_float_int(float_int_make(0.1f, 7)), p_float_int(float_int_twice(float_int_make(0.1f, 7)))));
  LIST("float_int_sum", CASE(p_float_int(float_int_make(0.5f, -7)), v_dbl(float_int_sum(float_int_make(0.5f, -7)))));
  LIST("i64_f64_make", CASE((v_int(P53 + 1), v_dbl(0.1)), p_i64_f64(i64_f64_make(P53 + 1, 0.1))));
  LIST("i64_f64_twice", CASE(p_i64_f64(i64_f64_make(P53 + 1, 0.1)), p_i64_f64(i64_f64_twice(i64_f64_make(P53 + 1, 0.1)))));
  LIST("i64_f64_sum", CASE(p_i64_f64(i64_f64_make(-3, 0.25)), v_dbl(i64_f64_sum(i64_f64_make(-3, 0.25)))));
  LIST("f64_i64_make", CASE((v_dbl(0.1), v_int(-(1LL << 60))), p_f64_i64(f64_i64_make(0.1, -(1LL << 60)))));
  LIST("f64_i64_twice", CASE(p_f64_i64(f64_i64_make(0.1, -(1LL << 60))), p_f64_i64(f64_i64_twice(f64_i64_make(0.1, -(1LL << 60))))));
  LIST("f64_i64_sum", CASE(p_f64_i64(f64_i64_make(0.25, -3)), v_dbl(f64_i64_sum(f64_i64_make(0.25, -3)))));
  LIST("small_mix_make", CASE((v_bool(1), v_int('x'), v_int(-300), v_int(70000)), p_small_mix(small_mix_make(1, 'x', -300, 70000))));
  LIST("small_mix_twice", CASE(p_small_mix(small_mix_make(1, 'x', -300, 70000)), p_small_mix(small_mix_twice(small_mix_make(1, 'x', -300, 70000)))));
  LIST("small_mix_sum", CASE(p_small_mix(small_mix_make(1, 'x', -300, 70000)), v_int(small_mix_sum(small_mix_make(1, 'x', -300, 70000)))));
  LIST("big_make", CASE((v_int(1), v_int(-2), v_int(P53 + 1)), p_big(big_make(1, -2, P53 + 1))));
  LIST("big_twice", CASE(p_big(big_make(1, -2, P53 + 1)), p_big(big_twice(big_make(1, -2, P53 + 1)))));
  LIST("big_sum", CASE(p_big(big_make(1, -2, 3)), v_int(big_sum(big_make(1, -2, 3)))));
  LIST("big_f64_make", CASE((v_dbl(1.5), v_dbl(-2.5), v_dbl(0.1), v_dbl(1e300)), p_big_f64(big_f64_make(1.5, -2.5, 0.1, 1e300))));
  LIST("big_f64_twice", CASE(p_big_f64(big_f64_make(1.5, -2.5, 0.1, 1e300)), p_big_f64(big_f64_twice(big_f64_make(1.5, -2.5, 0.1, 1e300)))));
  LIST("big_f64_sum", CASE(p_big_f64(big_f64_make(1, 2, 3, 4)), v_dbl(big_f64_sum(big_f64_make(1, 2, 3, 4)))));
  LIST("packed_make", CASE((v_uint(200), v_int(-123456), v_uint(65000)), p_packed(packed_make(200, -123456, 65000))));
  LIST("packed_twice", CASE(p_packed(packed_make(200, -123456, 65000)), p_packed(packed_twice(packed_make(200, -123456, 65000)))));
  LIST("packed_sum", CASE(p_packed(packed_make(200, -123456, 65000)), v_int(packed_sum(packed_make(200, -123456, 65000)))));
  LIST("int_float_u_from_float", CASE(v_dbl(1.5), p_int_float_u(int_float_u_from_float(1.5f))));
  LIST("int_float_u_from_int", CASE(v_int(0x40490fdb), p_int_float_u(int_float_u_from_int(0x40490fdb))));
  LIST("int_float_u_bits", CASE((obj(), k_dbl("f", 1.5), end_obj()), v_uint(int_float_u_bits(int_float_u_from_float(1.5f)))));
  LIST("d_i64_u_from_double", CASE(v_dbl(1.0), p_d_i64_u(d_i64_u_from_double(1.0))));
  LIST("d_i64_u_bits", CASE((obj(), k_dbl("d", -2.5), end_obj()), v_int(d_i64_u_bits(d_i64_u_from_double(-2.5)))));
  LIST("floats_u_make", CASE((v_dbl(1.5), v_dbl(0.1)), p_floats_u(floats_u_make(1.5f, 0.1f))));
  LIST("floats_u_sum", CASE((obj(), key("f"), arr(), v_dbl(2.5), v_dbl(0.5), end_arr(), end_obj()), v_dbl(floats_u_sum(floats_u_make(2.5f, 0.5f)))));
  LIST("big_u_make", CASE((v_int(1), v_int(2), v_int(3)), p_big_u(big_u_make(1, 2, 3))));
  LIST("big_u_sum", CASE((obj(), key("i"), arr(), v_int(4), v_int(5), v_int(6), end_arr(), end_obj()), v_int(big_u_sum(big_u_make(4, 5, 6)))));
  LIST("rect_make", CASE((v_int(1), v_int(2), v_int(11), v_int(22)), p_rect(rect_make(1, 2, 11, 22))));
  LIST("rect_twice", CASE(p_rect(rect_make(1, 2, 11, 22)), p_rect(rect_twice(rect_make(1, 2, 11, 22)))));
  LIST("rect_area", CASE(p_rect(rect_make(1, 2, 11, 22)), v_int(rect_area(rect_make(1, 2, 11, 22)))));
  LIST("sprite_make", CASE((v_dbl(1.5), v_dbl(0.1), v_int(7), v_int(-1)), p_sprite(sprite_make(1.5f, 0.1f, 7, -1))));
  LIST("sprite_twice", CASE(p_sprite(sprite_make(1.5f, 0.1f, 7, -1)), p_sprite(sprite_twice(sprite_make(1.5f, 0.1f, 7, -1)))));
  LIST("sprite_sum", CASE(p_sprite(sprite_make(1.5f, 0.1f, 7, -1)), v_dbl(sprite_sum(sprite_make(1.5f, 0.1f, 7, -1)))));
  LIST("named_make", CASE((v_str("abc"), v_int(5)), p_named(named_make("abc", 5))));
  LIST("named_twice", CASE(p_named(named_make("hey you", 21)), p_named(named_twice(named_make("hey you", 21)))));
  LIST("named_sum", CASE(p_named(named_make("hey you", 21)), v_int(named_sum(named_make("hey you", 21)))));
  LIST("tagged_make", CASE((v_int(0x40490fdb), v_int(-3)), p_tagged(tagged_make(0x40490fdb, -3))));
  LIST("tagged_twice", CASE((obj(), key("u"), obj(), k_int("i", 21), end_obj(), k_int("tag", 4), end_obj()),
                            p_tagged(tagged_twice(tagged_make(21, 4)))));
  LIST("tagged_sum", CASE((obj(), key("u"), obj(), k_int("i", 21), end_obj(), k_int("tag", 4), end_obj()),
                          v_int(tagged_sum(tagged_make(21, 4)))));
  LIST("deep_make", CASE((v_int(0), v_int(0), v_int(3), v_int(4), v_dbl(0.5)), p_deep(deep_make(0, 0, 3, 4, 0.5))));
  LIST("deep_twice", CASE(p_deep(deep_make(0, 0, 3, 4, 0.5)), p_deep(deep_twice(deep_make(0, 0, 3, 4, 0.5)))));
  LIST("deep_sum", CASE(p_deep(deep_make(0, 0, 3, 4, 0.5)), v_dbl(deep_sum(deep_make(0, 0, 3, 4, 0.5)))));
  end_obj();

  /* make -> twice -> sum, all by value: X_sum(X_twice(X_make(args))). */
  key("chains"); obj();
#define CHAIN(X, args, ...) LIST(#X, CASE(args, v_dbl((double)X##_sum(X##_twice(X##_make(__VA_ARGS__))))))
  CHAIN(pack1, (v_int(-9)), -9);
  CHAIN(pack2, (v_int(5), v_int(6)), 5, 6);
  CHAIN(pack3, (v_int(1), v_int(2), v_int(3)), 1, 2, 3);
  CHAIN(bytes3, (v_uint(250), v_uint(1), v_uint(128)), 250, 1, 128);
  CHAIN(float1, (v_dbl(0.1)), 0.1f);
  CHAIN(float2, (v_dbl(1.5), v_dbl(0.1)), 1.5f, 0.1f);
  CHAIN(float3, (v_dbl(1.25), v_dbl(-2.5), v_dbl(0.1)), 1.25f, -2.5f, 0.1f);
  CHAIN(double2, (v_dbl(0.1), v_dbl(-2.5)), 0.1, -2.5);
  CHAIN(int_float, (v_int(7), v_dbl(0.1)), 7, 0.1f);
  CHAIN(float_int, (v_dbl(0.1), v_int(7)), 0.1f, 7);
  CHAIN(i64_f64, (v_int(-3), v_dbl(0.25)), -3, 0.25);
  CHAIN(f64_i64, (v_dbl(0.25), v_int(-3)), 0.25, -3);
  CHAIN(small_mix, (v_bool(0), v_int('x'), v_int(-300), v_int(70000)), 0, 'x', -300, 70000);
  CHAIN(big, (v_int(1), v_int(-2), v_int(3)), 1, -2, 3);
  CHAIN(big_f64, (v_dbl(1), v_dbl(2), v_dbl(3), v_dbl(4)), 1, 2, 3, 4);
  CHAIN(packed, (v_uint(200), v_int(-123456), v_uint(65000)), 200, -123456, 65000);
  CHAIN(sprite, (v_dbl(1.5), v_dbl(0.1), v_int(7), v_int(-1)), 1.5f, 0.1f, 7, -1);
  CHAIN(named, (v_str("abc"), v_int(5)), "abc", 5);
  CHAIN(tagged, (v_int(21), v_int(4)), 21, 4);
  CHAIN(deep, (v_int(0), v_int(0), v_int(3), v_int(4), v_dbl(0.5)), 0, 0, 3, 4, 0.5);
#undef CHAIN
  end_obj();

  key("huge"); arr();
  EACH(int64_t, A(7, -1099511627776LL), CASE(v_int(x), (obj(), k_int("sum", huge_sum(huge_make(x))), k_int("last", huge_make(x).v[32775]), end_obj())));
  end_arr();
}

/* ---- pointers, arrays, strings ---------------------------------------------------------- */

static void pointers(void) {
  key("pointers"); obj();
  {
    uint8_t b[300];
    fill_u8(b, 300, 250);
    key("fill_u8"); obj(); k_int("n", 300); k_int("seed", 250); key("out"); arr(); for (int i = 0; i < 300; i++) v_uint(b[i]); end_arr(); end_obj();
  }
  {
    int16_t b[40];
    fill_i16(b, 40);
    key("fill_i16"); obj(); k_int("n", 40); key("out"); arr(); for (int i = 0; i < 40; i++) v_int(b[i]); end_arr(); end_obj();
  }
  {
    float b[7];
    fill_f32(b, 7);
    key("fill_f32"); obj(); k_int("n", 7); key("out"); arr(); for (int i = 0; i < 7; i++) v_dbl(b[i]); end_arr(); end_obj();
  }
  {
    uint64_t b[3];
    fill_u64(b, 3);
    key("fill_u64"); obj(); k_int("n", 3); key("out"); arr(); for (int i = 0; i < 3; i++) v_uint(b[i]); end_arr(); end_obj();
  }
  {
    double b[4] = { 1, 0.1, -2.5, 1e300 };
    key("scale_f64"); obj(); key("in"); arr(); for (int i = 0; i < 4; i++) v_dbl(b[i]); end_arr();
    scale_f64(b, 4, 3);
    k_dbl("k", 3); key("out"); arr(); for (int i = 0; i < 4; i++) v_dbl(b[i]); end_arr(); end_obj();
  }
  {
    int a[6] = { 1, -2, 30, 400, -5000, 60000 };
    key("sum_array"); obj(); key("in"); arr(); for (int i = 0; i < 6; i++) v_int(a[i]); end_arr(); k_int("result", sum_array(a, 6)); end_obj();
  }
  {
    point_t pts[3] = { { 1, 2 }, { -3, 4 }, { 5, -6 } };
    key("sum_points"); obj(); key("in"); arr(); for (int i = 0; i < 3; i++) p_point(pts[i]); end_arr(); k_int("result", sum_points(pts, 3)); end_obj();
  }
  key("greeting"); v_str(greeting());
  key("utf8_sample"); v_str(utf8_sample());
  k_uint("utf8_sample_len", str_len(utf8_sample()));
  key("str_len"); arr();
  EACH(const char *, A("", "abc", "h\xc3\xa9llo", "\xe2\x9c\x93\xf0\x9f\x98\x80"), CASE(v_str(x), v_uint(str_len(x))));
  end_arr();
  LIST("count_char", CASE((v_str("banana"), v_int('a')), v_uint(count_char("banana", 'a'))));
  {
    char s[] = "hello, World 42";
    key("str_upper"); obj(); key("in"); v_str(s); str_upper(s); key("out"); v_str(s); end_obj();
  }
  key("write_str"); arr();
  EACH(int, A(64, 5, 1), {
    char buf[64];
    memset(buf, 'X', sizeof buf);
    int r = write_str(buf, (size_t)x, -123);
    obj(); k_int("size", x); k_int("n", -123); k_int("result", r); key("text"); v_str(buf); end_obj();
  });
  end_arr();
  end_obj();
}

/* ---- callbacks: C twins of the tests' JS functions ------------------------------------ */

static int mul(int a, int b) { return a * b; }
static int sub(int a, int b) { return a - b; }
static int fold_step(int acc, int x) { return acc * 2 + x; }
static point_t rotate(point_t p) { point_t r = { -p.y, p.x * 2 }; return r; }
static void fill_point(point_t *out, int i) { out->x = i; out->y = -2 * i; }
static const char *name_of(int i) { static const char *names[] = { "a", "bb", "ccc" }; return i == 4 ? NULL : names[i % 3]; }
static int8_t mix_a; static uint64_t mix_b; static float mix_c; static double mix_d; static _Bool mix_e;
static double record_mix(int8_t a, uint64_t b, float c, double d, _Bool e) {
  mix_a = a; mix_b = b; mix_c = c; mix_d = d; mix_e = e;
  return a + c + d + e * 100;
}
static int seen[16], n_seen;
static void record_i(int i) { seen[n_seen++] = i; }
static void *identity(void *p) { return p; }
static void *to_null(void *p) { (void)p; return NULL; }

static void callbacks(void) {
  key("callbacks"); obj();
  LIST("apply_op_mul", CASE((v_int(6), v_int(7)), v_int(apply_op(mul, 6, 7))));
  LIST("apply_op_add_fn", CASE((v_int(40), v_int(2)), v_int(apply_op(get_add_fn(), 40, 2))));
  {
    int a[5] = { 1, 2, 3, 4, 5 };
    key("fold_ints"); obj(); key("in"); arr(); for (int i = 0; i < 5; i++) v_int(a[i]); end_arr(); k_int("init", 1);
    k_int("result", fold_ints(a, 5, fold_step, 1)); end_obj();
  }
  LIST("apply_point", CASE(p_point(point_make(3, 4)), p_point(apply_point(rotate, point_make(3, 4)))));
  LIST("gather_points", CASE(v_int(5), v_int(gather_points(fill_point, 5))));
  LIST("total_name_len", CASE(v_int(6), v_uint(total_name_len(name_of, 6))));
  {
    double r = call_mix(record_mix);
    key("call_mix"); obj(); key("received"); arr(); v_int(mix_a); v_uint(mix_b); v_dbl(mix_c); v_dbl(mix_d); v_bool(mix_e); end_arr();
    k_dbl("result", r); end_obj();
  }
  {
    int r = call_n_times(record_i, 5);
    key("call_n_times"); obj(); k_int("n", 5); k_int("result", r); key("seen"); arr(); for (int i = 0; i < n_seen; i++) v_int(seen[i]); end_arr(); end_obj();
  }
  set_stored_cb(sub);
  LIST("call_stored_cb", CASE((v_int(10), v_int(3)), v_int(call_stored_cb(10, 3))));
  set_stored_cb(NULL);
  k_int("call_stored_cb_none", call_stored_cb(10, 3));
  k_int("cb_ptr_identity", cb_ptr_roundtrip(identity, &seen));
  k_int("cb_ptr_null", cb_ptr_roundtrip(to_null, &seen));
  k_int("call_in_thread_mul", call_in_thread(mul, 6, 7));
  end_obj();
}

/* ---- variadic functions ---------------------------------------------------------------- */

static void fmt_case(const char *id, const char *fmt, size_t size, int r, const char *buf) {
  key(id); obj(); key("fmt"); v_str(fmt); k_int("size", (long long)size); k_int("result", r); key("text"); v_str(buf); end_obj();
}
#define FMT(id, size, fmt, ...) do { char buf[64]; int r = format_va(buf, size, fmt, __VA_ARGS__); fmt_case(id, fmt, size, r, buf); } while (0)

static void variadic(void) {
  key("variadic"); obj();
  LIST("sum_ints", CASE((v_int(4), v_int(10), v_int(-20), v_int(30), v_bool(1)), v_int(sum_ints(4, 10, -20, 30, 1))));
  LIST("sum_longs", CASE((v_int(3), v_int(1LL << 40), v_int(-(1LL << 41)), v_int(5)), v_int(sum_longs(3, 1L << 40, -(1L << 41), 5L))));
  LIST("sum_llongs", CASE((v_int(3), v_int(1LL << 60), v_int(-1), v_int(P53 + 1)), v_int(sum_llongs(3, 1LL << 60, -1LL, P53 + 1))));
  LIST("sum_doubles", CASE((v_int(3), v_dbl(1.5), v_dbl(2.25), v_dbl(3)), v_dbl(sum_doubles(3, 1.5, 2.25, 3.0))));
  k_int("count_nonnull", count_nonnull(5, (void *)NULL, (void *)&seen, "str", (void *)NULL, (void *)&mix_a));
  key("format_va"); obj();
  /* The tests pass the same arguments; see the case of the same id in calls.test.ts. */
  FMT("int_string_double", 64, "%d|%s|%.3f", 42, "str", 3.14159);
  FMT("bigint_llong", 64, "%lld|%llu", -(1LL << 60), 18446744073709551615ULL);
  FMT("cast_small", 64, "%c%c|%hhd|%hu", 'H', 'i', (int8_t)-5, (unsigned short)65535);
  FMT("long_default", 64, "%ld|%g|%d", 1L << 40, 0.1, 1);
  FMT("utf8_strings", 64, "%s and %s", "h\xc3\xa9llo", "w\xc3\xb6rld");
  FMT("negative_default", 64, "%d|%ld", -7, -(1L << 40));
  FMT("truncated", 5, "%d-%d", 12345, 678);
  end_obj();
  end_obj();
}

/* ---- globals, errno, constants, layout --------------------------------------------------- */

static void globals(void) {
  key("globals"); obj();
  k_int("g_int", g_int);
  k_dbl("g_double", g_double);
  k_uint("g_u64", g_u64);
  key("g_point"); p_point(g_point);
  key("g_array"); arr(); for (int i = 0; i < 4; i++) v_int(g_array[i]); end_arr();
  key("g_str"); v_str(g_str);
  end_obj();
  int r = set_errno(EDOM), after = errno;
  key("errno"); obj(); k_int("EDOM", EDOM); k_int("ERANGE", ERANGE); k_int("set_errno", r); k_int("after", after); end_obj();
  key("constants"); obj();
  k_int("RED", RED); k_int("GREEN", GREEN); k_int("BLUE", BLUE); k_int("NEG_COLOR", NEG_COLOR);
  k_int("CALLS_MAGIC", CALLS_MAGIC); k_uint("CALLS_HEX", CALLS_HEX); k_int("CALLS_NEG", CALLS_NEG);
  k_int("CALLS_BIG", CALLS_BIG); k_uint("CALLS_HUGE", CALLS_HUGE); k_int("CALLS_EXPR", CALLS_EXPR);
  end_obj();
}

static const char *kind_name(enum field_kind k) {
  static const char *names[] = { "bool", "char", "int8_t", "uint8_t", "int16_t", "uint16_t", "int32_t", "uint32_t",
                                 "int64_t", "uint64_t", "float", "double" };
  return names[k];
}

static void layout(void) {
  key("layout"); obj();
  key("types"); arr();
  for (size_t i = 0; i < sizeof layout_types / sizeof layout_types[0]; i++) {
    obj(); key("name"); v_str(layout_types[i].name); k_int("size", (long long)layout_types[i].size); k_int("align", (long long)layout_types[i].align); end_obj();
  }
  end_arr();
  key("fields"); arr();
  for (size_t i = 0; i < sizeof layout_fields / sizeof layout_fields[0]; i++) {
    const struct layout_field *f = &layout_fields[i];
    obj(); key("type"); v_str(f->type); key("field"); v_str(f->field); k_int("offset", (long long)f->offset); key("kind"); v_str(kind_name(f->kind)); end_obj();
  }
  end_arr();
  end_obj();
}

int main(void) {
  obj();
  scalars();
  structs();
  pointers();
  callbacks();
  variadic();
  globals();
  layout();
  end_obj();
  putchar('\n');
  return 0;
}
