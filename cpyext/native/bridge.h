/* bridge.h: what the JavaScript bridge files (bridge*.c) share.
 *
 * The bridge is the only code that talks N-API. Its invariants:
 * - Ownership across the boundary: a JS handle (object, function or
 *   constructor standing for a Python object) owns exactly one reference,
 *   attached with napi_wrap and dropped by its finalizer or by release().
 *   A Python proxy for a JS value (JSObject) owns one strong napi_ref.
 * - Conversions are by value for scalars, str, bytes and containers, and by
 *   reference (handles / proxies) for everything else; from_js returns a new
 *   reference, to_js consumes nothing (the caller keeps its reference).
 * - Only the JS thread (which holds the GIL whenever JS runs) touches N-API;
 *   Python code reaching a JS proxy from another thread gets RuntimeError.
 * - A Python exception reaching JS becomes the error the TS hook makes
 *   (PythonError); a JS error that crossed into Python as JSError comes back
 *   out as the original JS value. */
#ifndef CPX_BRIDGE_H
#define CPX_BRIDGE_H

#ifndef NAPI_VERSION
#define NAPI_VERSION 8
#endif
#include <node_api.h>
#include "internal.h"

typedef struct {
    napi_env env;
    unsigned long js_thread;
    napi_ref hooks;          /* { makeError, classFor, wrapFunction } from TS */
    napi_ref object_proto;   /* Object.prototype, to recognise plain objects */
    napi_ref map_ctor;       /* Map */
} cpx_bridge;

extern cpx_bridge _cpx_bridge;
extern const napi_type_tag _cpx_handle_tag;
extern const napi_type_tag _cpx_kwargs_tag;
extern PyTypeObject _cpx_JSObject_Type;
extern PyTypeObject _cpx_JSBuffer_Type;
extern PyObject *_cpx_JSError;

/* Bail out of a callback on an N-API failure (an exception is then pending). */
#define NAPI_OK(call) do { if ((call) != napi_ok) return NULL; } while (0)

/* JS value -> new reference (NULL with a Python error set). */
PyObject *_cpx_from_js(napi_env env, napi_value v);
/* Python object -> JS value by the default conversion (NULL: JS exception pending). */
napi_value _cpx_to_js(napi_env env, PyObject *o);
/* Python object -> JS handle, never converted by value. */
napi_value _cpx_to_handle(napi_env env, PyObject *o);
/* The PyObject a JS handle stands for (borrowed), or NULL. */
PyObject *_cpx_unwrap(napi_env env, napi_value v);
/* Turn the pending Python error into a thrown JS error; returns NULL. */
napi_value _cpx_throw_python_error(napi_env env);
/* Raise the pending JS exception as a Python JSError; returns NULL. */
PyObject *_cpx_raise_js_exception(napi_env env);
/* A JS TypeError with a formatted message; returns NULL. */
napi_value _cpx_throw_type_error(napi_env env, const char *fmt, ...);
/* Call the TS hook `name` with argv; NULL with a JS exception pending on failure. */
napi_value _cpx_call_hook(napi_env env, const char *name, size_t argc, napi_value *argv);

/* JS function / constructor standing for a builtin function or a type. */
napi_value _cpx_function_to_js(napi_env env, PyObject *func);
napi_value _cpx_type_to_js(napi_env env, PyTypeObject *type);

/* Gather call arguments (trailing kwargs({...}) included) into a vector:
 * stack[0..nargs) positional, then keyword values; *kwnames new or NULL.
 * Returns the number of PyObject refs to drop with release_args, or -1. */
size_t _cpx_args_capacity(napi_env env, napi_value *argv, size_t argc);
Py_ssize_t _cpx_collect_args(napi_env env, napi_value *argv, size_t argc, PyObject **stack,
                             Py_ssize_t *nargs, PyObject **kwnames);
void _cpx_release_args(PyObject **stack, Py_ssize_t n, PyObject *kwnames);

napi_value _cpx_attach(napi_env env, napi_value target, PyObject *o);
napi_value _cpx_callable_to_js(napi_env env, PyObject *callable, const char *name);
napi_value _cpx_describe_type(napi_env env, PyTypeObject *type);
PyObject *_cpx_jsobject_new(napi_env env, napi_value v);
napi_value _cpx_jsobject_value(napi_env env, PyObject *o);
int _cpx_init_jsbuffer(void);
/* How a JS function made for a Python object calls it. */
typedef enum { CALL_CFUNCTION, CALL_METHOD_DESCR, CALL_OBJECT } cpx_call_kind;
napi_value _cpx_call_with_args(napi_env env, napi_value *argv, size_t argc, napi_value this_arg, void *data,
                               cpx_call_kind kind);
/* A JS function for a builtin function or method descriptor whose calls with
 * scalar arguments skip N-API (bridge_v8.cc); `obj` is borrowed. */
napi_value _cpx_fast_function(napi_env env, PyObject *obj, cpx_call_kind kind, const char *name);

napi_value _cpx_protocol_exports(napi_env env, napi_value exports);

/* JS number -> new reference: an int when integral (-0 stays a float), else a float. */
PyObject *_cpx_number_to_py(double d);

/* The fast call tier (bridge_fastcall.cc), whose state JS reads as an Int32Array:
 * [CPX_FAST_KIND] what a NaN result stands for, [CPX_FAST_HOLDERS] how many live Python
 * objects hold N-API references (while not zero, no fast calls: Python could reach JS),
 * [CPX_FAST_ENTRIES] calls that came through V8's fast API (for tests). */
enum { CPX_FAST_KIND, CPX_FAST_HOLDERS, CPX_FAST_ENTRIES, CPX_FAST_STATE_SIZE };
enum { CPX_FAST_NONE = 1, CPX_FAST_TRUE, CPX_FAST_FALSE, CPX_FAST_NAN, CPX_FAST_OBJECT, CPX_FAST_ERROR,
       CPX_FAST_NOT_TAKEN };
extern int32_t _cpx_fastcall_state[CPX_FAST_STATE_SIZE];
#define CPX_JS_HOLDER_ADDED() (_cpx_fastcall_state[CPX_FAST_HOLDERS]++)
#define CPX_JS_HOLDER_GONE() (_cpx_fastcall_state[CPX_FAST_HOLDERS]--)
napi_value _cpx_fastcall_exports(napi_env env, napi_callback_info info);
/* Point the libc variables the extension `lib` uses at the process's live copies (bridge_dlopen.c). */
void _cpx_rebind_libc_variables(void *lib);
#ifdef CPX_DEBUG
/* The debug shim's exports (bridge_debug.c): debugGeneration, debugLeaks. */
napi_value _cpx_debug_exports(napi_env env, napi_value exports);
#endif
int _cpx_init_jsobject(void);
#endif
