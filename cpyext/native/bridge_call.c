/* bridge_call.c: calling Python from JS: builtin functions, types,
 * instance methods and attribute descriptors, each a JS function created
 * once per Python object.
 *
 * Invariants:
 * - The JS function for a builtin function owns one reference to it (it is
 *   a handle). The JS function for a type is created once per type and kept
 *   for the process, with one reference to the type.
 * - Prototype methods and accessors made by describeType borrow their
 *   descriptor, which the type's dict keeps alive for the type's lifetime,
 *   which the class table makes the process's lifetime.
 * - Arguments cross by the default conversion; a trailing kwargs({...})
 *   becomes keyword arguments. The call itself goes straight to the
 *   PyMethodDef (no tuple for METH_FASTCALL / METH_O / METH_NOARGS). */
#include "bridge.h"

#define CPX_STACK_ARGS 8

napi_value _cpx_attach(napi_env env, napi_value target, PyObject *o);

void _cpx_release_args(PyObject **stack, Py_ssize_t n, PyObject *kwnames) {
    for (Py_ssize_t i = 0; i < n; i++) Py_DECREF(stack[i]);
    Py_XDECREF(kwnames);
}

/* The dict held by a kwargs({...}) marker, or NULL if `v` is not one. */
static PyObject *kwargs_dict(napi_env env, napi_value v) {
    napi_valuetype t;
    bool is_kwargs = false;
    if (napi_typeof(env, v, &t) != napi_ok || t != napi_object) return NULL;
    if (napi_check_object_type_tag(env, v, &_cpx_kwargs_tag, &is_kwargs) != napi_ok || !is_kwargs) return NULL;
    void *dict = NULL;
    napi_unwrap(env, v, &dict);
    return (PyObject *)dict;
}

size_t _cpx_args_capacity(napi_env env, napi_value *argv, size_t argc) {
    PyObject *kw = argc > 0 ? kwargs_dict(env, argv[argc - 1]) : NULL;
    return argc + (kw != NULL ? (size_t)PyDict_GET_SIZE(kw) : 0);
}

Py_ssize_t _cpx_collect_args(napi_env env, napi_value *argv, size_t argc, PyObject **stack,
                             Py_ssize_t *nargs, PyObject **kwnames) {
    PyObject *kw = argc > 0 ? kwargs_dict(env, argv[argc - 1]) : NULL;
    Py_ssize_t npos = (Py_ssize_t)argc - (kw != NULL), filled = 0;
    *kwnames = NULL;
    for (; filled < npos; filled++)
        if ((stack[filled] = _cpx_from_js(env, argv[filled])) == NULL) goto fail;
    if (kw != NULL && PyDict_GET_SIZE(kw) > 0) {
        *kwnames = PyTuple_New(PyDict_GET_SIZE(kw));
        if (*kwnames == NULL) goto fail;
        Py_ssize_t pos = 0, i = 0;
        PyObject *k, *v;
        while (PyDict_Next(kw, &pos, &k, &v)) {
            PyTuple_SET_ITEM(*kwnames, i++, Py_NewRef(k));
            stack[filled++] = Py_NewRef(v);
        }
    }
    *nargs = npos;
    return filled;
fail:
    _cpx_release_args(stack, filled, *kwnames);
    *kwnames = NULL;
    return -1;
}

/* Read the callback's arguments; *heap is set when they did not fit. */
static size_t get_args(napi_env env, napi_callback_info info, napi_value *small, napi_value **argv,
                       napi_value *this_arg, void **data) {
    size_t argc = CPX_STACK_ARGS;
    napi_get_cb_info(env, info, &argc, small, this_arg, data);
    *argv = small;
    if (argc > CPX_STACK_ARGS) {
        *argv = malloc(argc * sizeof(napi_value));
        if (*argv == NULL) return 0;
        napi_get_cb_info(env, info, &argc, *argv, this_arg, data);
    }
    return argc;
}

/* The general call path: any arguments, kwargs included. The V8 fast path
 * (bridge_v8.cc) handles scalar-only calls itself and comes here otherwise. */
napi_value _cpx_call_with_args(napi_env env, napi_value *argv, size_t argc, napi_value this_arg, void *data,
                               cpx_call_kind kind) {
    PyObject *small_stack[CPX_STACK_ARGS * 2], **stack = small_stack;
    napi_value out = NULL;
    size_t need = _cpx_args_capacity(env, argv, argc);
    if (need > CPX_STACK_ARGS * 2) {
        stack = malloc(need * sizeof(PyObject *));
        if (stack == NULL) return _cpx_throw_type_error(env, "out of memory");
    }
    PyObject *kwnames, *result = NULL;
    Py_ssize_t nargs, nrefs = _cpx_collect_args(env, argv, argc, stack, &nargs, &kwnames);
    if (nrefs < 0) goto done;
    switch (kind) {
    case CALL_CFUNCTION: {
        PyCFunctionObject *f = data;
        PyTypeObject *cls = (f->m_ml->ml_flags & METH_METHOD) ? ((PyCMethodObject *)f)->mm_class : NULL;
        result = _cpx_call_methoddef(f->m_ml, f->m_self, cls, f->m_module, stack, nargs, kwnames);
        break;
    }
    case CALL_METHOD_DESCR: {
        PyMethodDescrObject *d = data;
        PyObject *self = _cpx_unwrap(env, this_arg);
        if (self == NULL || !PyObject_TypeCheck(self, d->d_common.d_type)) {
            PyErr_Format(PyExc_TypeError, "descriptor '%U' for '%s' objects needs a '%s' instance as `this`",
                         d->d_common.d_name, d->d_common.d_type->tp_name, d->d_common.d_type->tp_name);
            break;
        }
        result = _cpx_call_methoddef(d->d_method, self, d->d_common.d_type, NULL, stack, nargs, kwnames);
        break;
    }
    case CALL_OBJECT:
        result = PyObject_Vectorcall((PyObject *)data, stack, (size_t)nargs, kwnames);
        break;
    }
    _cpx_release_args(stack, nrefs, kwnames);
done:
    if (result == NULL) {
        out = _cpx_throw_python_error(env);
    } else {
        out = _cpx_to_js(env, result);
        Py_DECREF(result);
    }
    if (stack != small_stack) free(stack);
    return out;
}

static napi_value call_python(napi_env env, napi_callback_info info, cpx_call_kind kind) {
    napi_value small_argv[CPX_STACK_ARGS], *argv, this_arg;
    void *data;
    size_t argc = get_args(env, info, small_argv, &argv, &this_arg, &data);
    napi_value out = _cpx_call_with_args(env, argv, argc, this_arg, data, kind);
    if (argv != small_argv) free(argv);
    return out;
}

static napi_value object_call_cb(napi_env env, napi_callback_info info) { return call_python(env, info, CALL_OBJECT); }

/* A builtin function: its V8-path function, wrapped by the TS hook for the fast
 * call tier (bridge_fastcall.cc) with the function's address. */
napi_value _cpx_function_to_js(napi_env env, PyObject *func) {
    napi_value argv[2], wrapped;
    if ((argv[0] = _cpx_fast_function(env, func, CALL_CFUNCTION, ((PyCFunctionObject *)func)->m_ml->ml_name)) == NULL)
        return NULL;
    NAPI_OK(napi_create_double(env, (double)(uintptr_t)func, &argv[1]));
    if ((wrapped = _cpx_call_hook(env, "wrapFunction", 2, argv)) == NULL) return NULL;
    return _cpx_attach(env, wrapped, func);
}

/* Types: one JS constructor function each, for the process. */
typedef struct { PyTypeObject *type; napi_ref fn; } type_entry;
static type_entry *types = NULL;
static size_t ntypes = 0, captypes = 0;

napi_value _cpx_type_to_js(napi_env env, PyTypeObject *type) {
    napi_value fn;
    for (size_t i = 0; i < ntypes; i++)
        if (types[i].type == type) {
            NAPI_OK(napi_get_reference_value(env, types[i].fn, &fn));
            return fn;
        }
    NAPI_OK(napi_create_function(env, _PyType_Name(type), NAPI_AUTO_LENGTH, object_call_cb, type, &fn));
    if (_cpx_attach(env, fn, (PyObject *)type) == NULL) return NULL;
    if (ntypes == captypes) {
        size_t cap = captypes ? captypes * 2 : 32;
        type_entry *grown = realloc(types, cap * sizeof(type_entry));
        if (grown == NULL) return _cpx_throw_type_error(env, "out of memory");
        types = grown;
        captypes = cap;
    }
    types[ntypes].type = type;
    NAPI_OK(napi_create_reference(env, fn, 1, &types[ntypes].fn));
    ntypes++;
    return fn;
}

/* A JS function calling any Python callable (py.callable / bound methods). */
napi_value _cpx_callable_to_js(napi_env env, PyObject *callable, const char *name) {
    napi_value fn;
    NAPI_OK(napi_create_function(env, name, NAPI_AUTO_LENGTH, object_call_cb, callable, &fn));
    return _cpx_attach(env, fn, callable);
}

/* ---------------- describeType: what TS needs to build a class ---------------- */

static napi_value descr_get_cb(napi_env env, napi_callback_info info) {
    napi_value this_arg;
    void *data;
    size_t argc = 0;
    NAPI_OK(napi_get_cb_info(env, info, &argc, NULL, &this_arg, &data));
    PyObject *descr = data, *self = _cpx_unwrap(env, this_arg);
    if (self == NULL) return _cpx_throw_type_error(env, "not a live Python object");
    PyObject *value = Py_TYPE(descr)->tp_descr_get(descr, self, (PyObject *)Py_TYPE(self));
    if (value == NULL) return _cpx_throw_python_error(env);
    napi_value out = _cpx_to_js(env, value);
    Py_DECREF(value);
    return out;
}

static napi_value descr_set_cb(napi_env env, napi_callback_info info) {
    napi_value this_arg, argv[1];
    void *data;
    size_t argc = 1;
    NAPI_OK(napi_get_cb_info(env, info, &argc, argv, &this_arg, &data));
    PyObject *descr = data, *self = _cpx_unwrap(env, this_arg);
    if (self == NULL) return _cpx_throw_type_error(env, "not a live Python object");
    PyObject *value = _cpx_from_js(env, argv[0]);
    if (value == NULL) return _cpx_throw_python_error(env);
    int rc = Py_TYPE(descr)->tp_descr_set(descr, self, value);
    Py_DECREF(value);
    if (rc < 0) return _cpx_throw_python_error(env);
    return NULL;
}

static napi_value make_entry(napi_env env, const char *name, const char *kind, napi_value a, napi_value b) {
    napi_value entry, s;
    NAPI_OK(napi_create_array_with_length(env, 4, &entry));
    NAPI_OK(napi_create_string_utf8(env, name, NAPI_AUTO_LENGTH, &s));
    NAPI_OK(napi_set_element(env, entry, 0, s));
    NAPI_OK(napi_create_string_utf8(env, kind, NAPI_AUTO_LENGTH, &s));
    NAPI_OK(napi_set_element(env, entry, 1, s));
    if (a != NULL) NAPI_OK(napi_set_element(env, entry, 2, a));
    if (b != NULL) NAPI_OK(napi_set_element(env, entry, 3, b));
    return entry;
}

/* [name, kind, ...] for every attribute of the type along its MRO (nearest
 * definition wins): 'method' fn | 'data' getter setter? | 'class' value
 * (classmethods bound to the type, static methods, plain attributes). */
napi_value _cpx_describe_type(napi_env env, PyTypeObject *type) {
    napi_value list;
    uint32_t n = 0;
    NAPI_OK(napi_create_array(env, &list));
    PyObject *seen = PySet_New(NULL);
    if (seen == NULL) return _cpx_throw_python_error(env);
    PyObject *mro = type->tp_mro;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(mro); i++) {
        PyTypeObject *t = (PyTypeObject *)PyTuple_GET_ITEM(mro, i);
        if (t == &PyBaseObject_Type || t->tp_dict == NULL) continue;
        Py_ssize_t pos = 0;
        PyObject *key, *value;
        while (PyDict_Next(t->tp_dict, &pos, &key, &value)) {
            if (!PyUnicode_Check(key) || PySet_Contains(seen, key)) continue;
            if (PySet_Add(seen, key) < 0) goto fail;
            const char *name = PyUnicode_AsUTF8(key);
            if (name == NULL) goto fail;
            napi_value entry = NULL, fn, setter = NULL;
            PyTypeObject *vt = Py_TYPE(value);
            if (vt == &PyMethodDescr_Type) {
                if ((fn = _cpx_fast_function(env, value, CALL_METHOD_DESCR, name)) == NULL) goto js_fail;
                entry = make_entry(env, name, "method", fn, NULL);
            } else if (vt->tp_descr_get != NULL && vt->tp_descr_set != NULL) {
                NAPI_OK(napi_create_function(env, name, NAPI_AUTO_LENGTH, descr_get_cb, value, &fn));
                NAPI_OK(napi_create_function(env, name, NAPI_AUTO_LENGTH, descr_set_cb, value, &setter));
                entry = make_entry(env, name, "data", fn, setter);
            } else if (name[0] == '_' && name[1] == '_') {
                continue; /* dunder plain attributes (__doc__, __module__, ...) stay Python-side */
            } else {
                PyObject *attr = PyObject_GetAttr((PyObject *)type, key);
                if (attr == NULL) { PyErr_Clear(); continue; }
                napi_value js = _cpx_to_js(env, attr);
                Py_DECREF(attr);
                if (js == NULL) goto js_fail;
                entry = make_entry(env, name, "class", js, NULL);
            }
            if (entry == NULL || napi_set_element(env, list, n++, entry) != napi_ok) goto js_fail;
        }
    }
    Py_DECREF(seen);
    return list;
fail:
    Py_DECREF(seen);
    return _cpx_throw_python_error(env);
js_fail:
    Py_DECREF(seen);
    return NULL;
}
