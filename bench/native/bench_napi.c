/* Baseline: a hand-written N-API addon calling bench_lib, the portable floor for a JS -> C call.
 *
 * What a careful author writes by hand: read the arguments with napi_get_cb_info, convert each
 * with the napi_get_value_* call for its type (a wrong type throws, as koffi and cbridge do),
 * call the C function, wrap the result. Nothing is cached between calls and there is no state:
 * the functions are linked directly (bench_lib is a dependency in binding.gyp), so a call
 * reaches C through the PLT exactly as the C loop does.
 */
#include <stdlib.h>
#include <node_api.h>
#include "bench_lib.h"

static napi_value throw_type(napi_env env, const char *message) {
  napi_throw_type_error(env, NULL, message);
  return NULL;
}

static napi_value AddI32(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  int32_t a, b;
  napi_value result;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 2 || napi_get_value_int32(env, argv[0], &a) != napi_ok || napi_get_value_int32(env, argv[1], &b) != napi_ok) {
    return throw_type(env, "add_i32(a, b): expected two numbers");
  }
  napi_create_int32(env, add_i32(a, b), &result);
  return result;
}

static napi_value Noop(napi_env env, napi_callback_info info) {
  (void)info;
  noop();
  return NULL; /* undefined */
}

static napi_value MulF64(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  double a, b;
  napi_value result;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc < 2 || napi_get_value_double(env, argv[0], &a) != napi_ok || napi_get_value_double(env, argv[1], &b) != napi_ok) {
    return throw_type(env, "mul_f64(a, b): expected two numbers");
  }
  napi_create_double(env, mul_f64(a, b), &result);
  return result;
}

/* Strings are copied out as UTF-8 into a stack buffer, or a heap one when they are long. */
static napi_value StrLen(napi_env env, napi_callback_info info) {
  size_t argc = 1, length;
  napi_value arg, result;
  char stack[256];
  char *buffer = stack;
  napi_get_cb_info(env, info, &argc, &arg, NULL, NULL);
  if (argc < 1 || napi_get_value_string_utf8(env, arg, stack, sizeof stack, &length) != napi_ok) {
    return throw_type(env, "str_len(s): expected a string");
  }
  if (length == sizeof stack - 1) { /* maybe truncated: ask for the real length */
    napi_get_value_string_utf8(env, arg, NULL, 0, &length);
    if (length >= sizeof stack) {
      buffer = malloc(length + 1);
      if (buffer == NULL) return throw_type(env, "str_len(s): out of memory");
      napi_get_value_string_utf8(env, arg, buffer, length + 1, &length);
    }
  }
  napi_create_double(env, (double)str_len(buffer), &result);
  if (buffer != stack) free(buffer);
  return result;
}

NAPI_MODULE_INIT(/* env, exports */) {
  napi_property_descriptor props[] = {
      {"add_i32", NULL, AddI32, NULL, NULL, NULL, napi_enumerable, NULL},
      {"noop", NULL, Noop, NULL, NULL, NULL, napi_enumerable, NULL},
      {"mul_f64", NULL, MulF64, NULL, NULL, NULL, napi_enumerable, NULL},
      {"str_len", NULL, StrLen, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  napi_define_properties(env, exports, sizeof props / sizeof props[0], props);
  return exports;
}
