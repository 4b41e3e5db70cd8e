/* bridge.c: the shim's Node entry point: start-up, loading extension
 * binaries, errors crossing the boundary, and the module registry hooks.
 *
 * Design invariants of the whole shim (the rules every file follows):
 * - Reference ownership is CPython's: functions document whether they
 *   return new or borrowed references and whether they steal arguments;
 *   every object is freed exactly when its refcount reaches zero, through
 *   _Py_Dealloc -> tp_dealloc -> tp_free. Static objects are immortal.
 * - The JS <-> PyObject link lives in side tables and napi_wrap, never in
 *   the object header (which keeps CPython's layout exactly).
 * - JS handles own one reference each (bridge.h); Python proxies of JS
 *   values own one napi_ref each.
 * - Extensions are loaded with RTLD_DEEPBIND: they and the libraries they
 *   link bind to their own symbols first (not to the copies of zlib,
 *   OpenSSL, brotli... that the node binary exports), while Py* names,
 *   absent from their own scope, resolve to this shim, which Node loaded
 *   with RTLD_GLOBAL. libc's variables (environ, ...) are then rebound to
 *   the live copies node's executable holds (bridge_dlopen.c).
 * - The loader (TS) has already checked that every Py* symbol the binary
 *   imports is exported here; load() trusts that. */
#define _GNU_SOURCE /* uv.h needs the full pthread declarations */
#include <dlfcn.h>
#include <stdarg.h>
#include <pthread.h>
#include <uv.h>
#include "bridge.h"

cpx_bridge _cpx_bridge;

napi_value _cpx_throw_type_error(napi_env env, const char *fmt, ...) {
    char message[512];
    va_list va;
    va_start(va, fmt);
    vsnprintf(message, sizeof message, fmt, va);
    va_end(va);
    napi_throw_type_error(env, NULL, message);
    return NULL;
}

napi_value _cpx_call_hook(napi_env env, const char *name, size_t argc, napi_value *argv) {
    napi_value hooks, fn, result;
    NAPI_OK(napi_get_reference_value(env, _cpx_bridge.hooks, &hooks));
    NAPI_OK(napi_get_named_property(env, hooks, name, &fn));
    NAPI_OK(napi_call_function(env, hooks, fn, argc, argv, &result));
    return result;
}

/* "module.QualName" of an exception type, as Python prints it. */
static PyObject *qualified_type_name(PyTypeObject *type) {
    PyObject *qual = PyType_GetQualName(type);
    if (qual == NULL) return NULL;
    PyObject *mod = PyObject_GetAttrString((PyObject *)type, "__module__");
    if (mod == NULL) {
        PyErr_Clear();
        return qual;
    }
    PyObject *name;
    if (PyUnicode_Check(mod) && !_PyUnicode_EqualToASCIIString(mod, "builtins"))
        name = PyUnicode_FromFormat("%U.%U", mod, qual);
    else
        name = Py_NewRef(qual);
    Py_DECREF(mod);
    Py_DECREF(qual);
    return name;
}

napi_value _cpx_throw_python_error(napi_env env) {
    bool pending = false;
    napi_is_exception_pending(env, &pending);
    if (pending) {
        PyErr_Clear();
        return NULL;
    }
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    if (type == NULL) return _cpx_throw_type_error(env, "a Python call failed without setting an exception");
    PyErr_NormalizeException(&type, &value, &tb);
    /* As when CPython catches it: the exception keeps the traceback it was raised through. */
    if (tb != NULL && value != NULL && PyExceptionInstance_Check(value) && PyException_SetTraceback(value, tb) < 0)
        PyErr_Clear();
    Py_XDECREF(tb);
    napi_value original = _cpx_jsobject_value(env, value);
    if (original != NULL) {
        /* A JS error that went through Python comes back out unchanged. */
        Py_DECREF(type);
        Py_DECREF(value);
        napi_throw(env, original);
        return NULL;
    }
    PyObject *name = qualified_type_name(Py_TYPE(value));
    PyObject *message = name ? PyObject_Str(value) : NULL;
    napi_value argv[3] = {NULL, NULL, NULL}, error;
    if (message == NULL) {
        PyErr_Clear();
        Py_XDECREF(name);
        Py_DECREF(type);
        Py_DECREF(value);
        return _cpx_throw_type_error(env, "a Python exception could not be converted to a string");
    }
    argv[0] = _cpx_to_js(env, name);
    argv[1] = argv[0] ? _cpx_to_js(env, message) : NULL;
    argv[2] = argv[1] ? _cpx_to_handle(env, value) : NULL;
    Py_DECREF(name);
    Py_DECREF(message);
    Py_DECREF(type);
    Py_DECREF(value);
    if (argv[2] == NULL || (error = _cpx_call_hook(env, "makeError", 3, argv)) == NULL) return NULL;
    napi_throw(env, error);
    return NULL;
}

/* ---------------- the GIL while JS is idle ---------------- */

/* The JS thread holds the GIL whenever it is not inside Py_BEGIN_ALLOW_THREADS.
 * A thread that blocks for it (PyGILState_Ensure in an extension's worker)
 * wakes the JS event loop through this handle; its callback runs with no JS
 * or Python on the stack and hands the GIL over. Unreferenced: it never keeps
 * the process alive. */
static uv_async_t gil_wanted_async;

static void gil_wanted_cb(uv_async_t *handle) { _cpx_gil_yield(); }

static void wake_js_for_gil(void) { uv_async_send(&gil_wanted_async); }

static int init_gil_wakeup(napi_env env) {
    struct uv_loop_s *loop;
    if (napi_get_uv_event_loop(env, &loop) != napi_ok || uv_async_init(loop, &gil_wanted_async, gil_wanted_cb) != 0)
        return -1;
    uv_unref((uv_handle_t *)&gil_wanted_async);
    _cpx_gil_wanted = wake_js_for_gil;
    return 0;
}

/* ---------------- exports ---------------- */

static napi_value init_cb(napi_env env, napi_callback_info info) {
    size_t argc = 1;
    napi_value argv[1], global, object_ctor, proto, map_ctor;
    NAPI_OK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
    if (_cpx_bridge.env != NULL) return NULL;
    if (_cpx_runtime_init() < 0 || _cpx_init_jsobject() < 0 || _cpx_init_jsbuffer() < 0) {
        PyErr_Print();
        return _cpx_throw_type_error(env, "the cbridge Python runtime failed to initialise");
    }
    _cpx_bridge.env = env;
    _cpx_bridge.js_thread = PyThread_get_thread_ident();
    if (init_gil_wakeup(env) < 0) return _cpx_throw_type_error(env, "cbridge: cannot watch the event loop for GIL requests");
    NAPI_OK(napi_create_reference(env, argv[0], 1, &_cpx_bridge.hooks));
    NAPI_OK(napi_get_global(env, &global));
    NAPI_OK(napi_get_named_property(env, global, "Object", &object_ctor));
    NAPI_OK(napi_get_named_property(env, object_ctor, "prototype", &proto));
    NAPI_OK(napi_create_reference(env, proto, 1, &_cpx_bridge.object_proto));
    NAPI_OK(napi_get_named_property(env, global, "Map", &map_ctor));
    NAPI_OK(napi_create_reference(env, map_ctor, 1, &_cpx_bridge.map_ctor));
    return NULL;
}

static PyObject *make_spec(const char *name, const char *path) {
    PyObject *spec = PyModule_New("ModuleSpec");
    if (spec == NULL) return NULL;
    PyObject *n = PyUnicode_FromString(name), *p = PyUnicode_FromString(path);
    int rc = (n && p) ? (PyObject_SetAttrString(spec, "name", n) | PyObject_SetAttrString(spec, "origin", p) |
                         PyObject_SetAttrString(spec, "submodule_search_locations", Py_None))
                      : -1;
    Py_XDECREF(n);
    Py_XDECREF(p);
    if (rc < 0) Py_CLEAR(spec);
    return spec;
}

/* Run an extension's PyInit function and finish a multi-phase init. */
static PyObject *initialise_module(PyObject *(*init)(void), const char *name, const char *path) {
    _cpx_package_context = name;
    PyObject *m = init();
    _cpx_package_context = NULL;
    if (m == NULL) {
        if (!PyErr_Occurred())
            PyErr_Format(PyExc_SystemError, "initialization of %s failed without raising an exception", name);
        return NULL;
    }
    if (PyErr_Occurred()) {
        Py_DECREF(m);
        PyErr_Format(PyExc_SystemError, "initialization of %s raised unreported exception", name);
        return NULL;
    }
    if (Py_IS_TYPE(m, &PyModuleDef_Type)) {
        PyModuleDef *def = (PyModuleDef *)m;
        PyObject *spec = make_spec(name, path);
        if (spec == NULL) return NULL;
        m = PyModule_FromDefAndSpec2(def, spec, PYTHON_API_VERSION);
        Py_DECREF(spec);
        if (m == NULL) return NULL;
        if (PyModule_Check(m) && PyModule_ExecDef(m, def) < 0) {
            Py_DECREF(m);
            return NULL;
        }
    } else if (PyModule_Check(m) && PyModule_GetDef(m) != NULL) {
        /* Single-phase: registered by its def, as CPython's importer does, so
         * PyState_FindModule finds it. */
        if (PyState_AddModule(m, PyModule_GetDef(m)) < 0) {
            Py_DECREF(m);
            return NULL;
        }
    }
    PyObject *file = PyUnicode_FromString(path);
    if (file == NULL || PyObject_SetAttrString(m, "__file__", file) < 0) {
        Py_XDECREF(file);
        Py_DECREF(m);
        return NULL;
    }
    Py_DECREF(file);
    if (PyDict_SetItemString(PyImport_GetModuleDict(), name, m) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}

static napi_value load_cb(napi_env env, napi_callback_info info) {
    size_t argc = 3;
    napi_value argv[3];
    char path[4096], name[512], init_name[600];
    NAPI_OK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
    NAPI_OK(napi_get_value_string_utf8(env, argv[0], path, sizeof path, NULL));
    NAPI_OK(napi_get_value_string_utf8(env, argv[1], name, sizeof name, NULL));
    NAPI_OK(napi_get_value_string_utf8(env, argv[2], init_name, sizeof init_name, NULL));
    void *lib = dlopen(path, RTLD_NOW | RTLD_LOCAL | RTLD_DEEPBIND);
    if (lib == NULL) {
        napi_throw_error(env, "ERR_CPYEXT_DLOPEN", dlerror());
        return NULL;
    }
    _cpx_rebind_libc_variables(lib);
    PyObject *(*init)(void) = (PyObject * (*)(void)) dlsym(lib, init_name);
    if (init == NULL) return _cpx_throw_type_error(env, "%s does not define %s()", path, init_name);
    PyObject *m = initialise_module(init, name, path);
    if (m == NULL) return _cpx_throw_python_error(env);
    napi_value out = _cpx_to_handle(env, m);
    Py_DECREF(m);
    return out;
}

static void kwargs_finalize(napi_env env, void *data, void *hint) { Py_DECREF((PyObject *)data); }

static napi_value kwargs_cb(napi_env env, napi_callback_info info) {
    size_t argc = 1;
    napi_value argv[1], marker;
    NAPI_OK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
    PyObject *dict = argc ? _cpx_from_js(env, argv[0]) : PyDict_New();
    if (dict == NULL) return _cpx_throw_python_error(env);
    if (!PyDict_Check(dict)) {
        Py_DECREF(dict);
        return _cpx_throw_type_error(env, "kwargs() takes a plain object or a Map of keyword arguments");
    }
    Py_ssize_t pos = 0;
    PyObject *k, *v;
    while (PyDict_Next(dict, &pos, &k, &v))
        if (!PyUnicode_Check(k)) {
            Py_DECREF(dict);
            return _cpx_throw_type_error(env, "keyword argument names must be strings");
        }
    if (napi_create_object(env, &marker) != napi_ok || napi_type_tag_object(env, marker, &_cpx_kwargs_tag) != napi_ok ||
        napi_wrap(env, marker, dict, kwargs_finalize, NULL, NULL) != napi_ok) {
        Py_DECREF(dict);
        return NULL;
    }
    return marker;
}

static napi_value live_objects_cb(napi_env env, napi_callback_info info) {
    napi_value out;
    NAPI_OK(napi_create_double(env, (double)_cpx_live_objects, &out));
    return out;
}

static napi_value release_cb(napi_env env, napi_callback_info info) {
    size_t argc = 1;
    napi_value argv[1];
    void *data = NULL;
    NAPI_OK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
    if (napi_remove_wrap(env, argv[0], &data) == napi_ok && data != NULL) Py_DECREF((PyObject *)data);
    return NULL;
}

static napi_value register_cb(napi_env env, napi_callback_info info) {
    size_t argc = 2;
    napi_value argv[2];
    char name[512];
    NAPI_OK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
    NAPI_OK(napi_get_value_string_utf8(env, argv[0], name, sizeof name, NULL));
    /* A JS object stands in for a module by reference (a proxy whose
     * attributes are its properties), never as a dict copy. */
    napi_valuetype t;
    bool is_handle = false;
    NAPI_OK(napi_typeof(env, argv[1], &t));
    if (t == napi_object || t == napi_function)
        NAPI_OK(napi_check_object_type_tag(env, argv[1], &_cpx_handle_tag, &is_handle));
    PyObject *value = (t == napi_object || t == napi_function) && !is_handle ? _cpx_jsobject_new(env, argv[1])
                                                                            : _cpx_from_js(env, argv[1]);
    if (value == NULL) return _cpx_throw_python_error(env);
    int rc = PyDict_SetItemString(PyImport_GetModuleDict(), name, value);
    Py_DECREF(value);
    if (rc < 0) return _cpx_throw_python_error(env);
    return NULL;
}

static napi_value describe_type_cb(napi_env env, napi_callback_info info) {
    size_t argc = 1;
    napi_value argv[1];
    NAPI_OK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
    PyObject *type = _cpx_unwrap(env, argv[0]);
    if (type == NULL || !PyType_Check(type)) return _cpx_throw_type_error(env, "describeType() needs a Python type");
    return _cpx_describe_type(env, (PyTypeObject *)type);
}

static napi_value import_module_cb(napi_env env, napi_callback_info info) {
    size_t argc = 1;
    napi_value argv[1];
    char name[512];
    NAPI_OK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
    NAPI_OK(napi_get_value_string_utf8(env, argv[0], name, sizeof name, NULL));
    PyObject *m = PyImport_ImportModule(name);
    if (m == NULL) return _cpx_throw_python_error(env);
    napi_value out = _cpx_to_handle(env, m);
    Py_DECREF(m);
    return out;
}

static napi_value module_init(napi_env env, napi_value exports) {
    napi_property_descriptor props[] = {
        {"init", NULL, init_cb, NULL, NULL, NULL, napi_default, NULL},
        {"load", NULL, load_cb, NULL, NULL, NULL, napi_default, NULL},
        {"kwargs", NULL, kwargs_cb, NULL, NULL, NULL, napi_default, NULL},
        {"liveObjects", NULL, live_objects_cb, NULL, NULL, NULL, napi_default, NULL},
        {"release", NULL, release_cb, NULL, NULL, NULL, napi_default, NULL},
        {"registerModule", NULL, register_cb, NULL, NULL, NULL, napi_default, NULL},
        {"importModule", NULL, import_module_cb, NULL, NULL, NULL, napi_default, NULL},
        {"describeType", NULL, describe_type_cb, NULL, NULL, NULL, napi_default, NULL},
        {"fastCalls", NULL, _cpx_fastcall_exports, NULL, NULL, NULL, napi_default, NULL},
    };
    if (napi_define_properties(env, exports, sizeof props / sizeof props[0], props) != napi_ok) return NULL;
#ifdef CPX_DEBUG
    if (_cpx_debug_exports(env, exports) == NULL) return NULL;
#endif
    return _cpx_protocol_exports(env, exports);
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, module_init)
