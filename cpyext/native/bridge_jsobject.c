/* bridge_jsobject.c: JS values inside Python (JSObject) and JS errors
 * crossing Python (JSError).
 *
 * Invariants:
 * - A JSObject owns one strong napi_ref to its JS value; attribute access,
 *   items, calls and iteration delegate to JS and convert results by the
 *   default conversion. Functions read as attributes are bound to their
 *   object, so obj.method() keeps `this`.
 * - Only the JS thread may use a JSObject: any other thread gets
 *   RuntimeError, never an N-API call.
 * - A JS exception raised inside such a call becomes a JSError (subclass of
 *   Exception, message = String(error)) owning a ref to the original value
 *   (boxed in a one-element array, so primitives thrown keep identity too);
 *   when it reaches JS again the original value is thrown. */
#include "bridge.h"

typedef struct {
    PyObject_HEAD
    napi_ref ref;
} jsobject;

typedef struct {
    PyBaseExceptionObject base;
    napi_ref ref;
} jserror;

PyObject *_cpx_JSError = NULL;

static int on_js_thread(void) {
    if (_cpx_bridge.env != NULL && PyThread_get_thread_ident() == _cpx_bridge.js_thread) return 1;
    PyErr_SetString(PyExc_RuntimeError, "a JavaScript object was used from a thread other than the JS thread");
    return 0;
}

static napi_value value_of(PyObject *self) {
    napi_value v = NULL;
    napi_get_reference_value(_cpx_bridge.env, ((jsobject *)self)->ref, &v);
    return v;
}

PyObject *_cpx_jsobject_new(napi_env env, napi_value v) {
    jsobject *o = (jsobject *)PyType_GenericAlloc(&_cpx_JSObject_Type, 0);
    if (o == NULL) return NULL;
    if (napi_create_reference(env, v, 1, &o->ref) != napi_ok) {
        Py_DECREF(o);
        return _cpx_raise_js_exception(env);
    }
    CPX_JS_HOLDER_ADDED();
    return (PyObject *)o;
}

napi_value _cpx_jsobject_value(napi_env env, PyObject *o) {
    napi_ref ref = NULL;
    if (Py_IS_TYPE(o, &_cpx_JSObject_Type)) ref = ((jsobject *)o)->ref;
    else if (_cpx_JSError != NULL && PyObject_TypeCheck(o, (PyTypeObject *)_cpx_JSError)) ref = ((jserror *)o)->ref;
    napi_value v = NULL;
    if (ref != NULL) napi_get_reference_value(env, ref, &v);
    if (v != NULL && !Py_IS_TYPE(o, &_cpx_JSObject_Type) && napi_get_element(env, v, 0, &v) != napi_ok) v = NULL;
    return v;
}

PyObject *_cpx_raise_js_exception(napi_env env) {
    napi_value error, text;
    if (napi_get_and_clear_last_exception(env, &error) != napi_ok) {
        PyErr_SetString(PyExc_RuntimeError, "a JavaScript operation failed");
        return NULL;
    }
    PyObject *message = NULL;
    if (napi_coerce_to_string(env, error, &text) == napi_ok) message = _cpx_from_js(env, text);
    else napi_get_and_clear_last_exception(env, &text);
    if (message == NULL) {
        PyErr_Clear();
        message = PyUnicode_FromString("JavaScript error");
    }
    PyObject *exc = message ? PyObject_CallOneArg(_cpx_JSError, message) : NULL;
    Py_XDECREF(message);
    if (exc == NULL) return NULL;
    /* Boxed in a one-element array: N-API refers to objects only, and any
     * value (a string, a number) may be thrown. */
    napi_value box;
    if (napi_create_array_with_length(env, 1, &box) == napi_ok && napi_set_element(env, box, 0, error) == napi_ok)
        if (napi_create_reference(env, box, 1, &((jserror *)exc)->ref) == napi_ok) CPX_JS_HOLDER_ADDED();
    PyErr_SetObject(_cpx_JSError, exc);
    Py_DECREF(exc);
    return NULL;
}

/* ---------------- JSObject slots ---------------- */

static void jsobject_dealloc(PyObject *self) {
    if (((jsobject *)self)->ref != NULL && _cpx_bridge.env != NULL) {
        napi_delete_reference(_cpx_bridge.env, ((jsobject *)self)->ref);
        CPX_JS_HOLDER_GONE();
    }
    PyObject_Free(self);
}

static PyObject *jsobject_getattro(PyObject *self, PyObject *name) {
    if (!on_js_thread()) return NULL;
    napi_env env = _cpx_bridge.env;
    napi_value obj = value_of(self), key = _cpx_to_js(env, name), value;
    bool has = false;
    if (key == NULL) return _cpx_raise_js_exception(env);
    if (napi_has_property(env, obj, key, &has) != napi_ok) return _cpx_raise_js_exception(env);
    if (!has) {
        PyErr_Format(PyExc_AttributeError, "JavaScript object has no property '%U'", name);
        return NULL;
    }
    if (napi_get_property(env, obj, key, &value) != napi_ok) return _cpx_raise_js_exception(env);
    napi_valuetype t;
    napi_typeof(env, value, &t);
    if (t == napi_function) {
        napi_value bind, bound, argv[1] = {obj};
        if (napi_get_named_property(env, value, "bind", &bind) != napi_ok ||
            napi_call_function(env, value, bind, 1, argv, &bound) != napi_ok)
            return _cpx_raise_js_exception(env);
        value = bound;
    }
    return _cpx_from_js(env, value);
}

static int jsobject_setattro(PyObject *self, PyObject *name, PyObject *value) {
    if (!on_js_thread()) return -1;
    napi_env env = _cpx_bridge.env;
    napi_value obj = value_of(self), key = _cpx_to_js(env, name), js;
    if (key == NULL) { _cpx_raise_js_exception(env); return -1; }
    if (value == NULL) {
        bool ok;
        if (napi_delete_property(env, obj, key, &ok) != napi_ok) { _cpx_raise_js_exception(env); return -1; }
        return 0;
    }
    if ((js = _cpx_to_js(env, value)) == NULL || napi_set_property(env, obj, key, js) != napi_ok) {
        _cpx_raise_js_exception(env);
        return -1;
    }
    return 0;
}

static PyObject *jsobject_call(PyObject *self, PyObject *args, PyObject *kwargs) {
    if (!on_js_thread()) return NULL;
    napi_env env = _cpx_bridge.env;
    Py_ssize_t n = PyTuple_GET_SIZE(args), extra = kwargs != NULL && PyDict_GET_SIZE(kwargs) > 0;
    napi_value small[8], *argv = n + extra <= 8 ? small : PyMem_Malloc((size_t)(n + extra) * sizeof(napi_value));
    napi_value fn = value_of(self), undefined, result;
    PyObject *out = NULL;
    if (argv == NULL) return PyErr_NoMemory();
    for (Py_ssize_t i = 0; i < n; i++)
        if ((argv[i] = _cpx_to_js(env, PyTuple_GET_ITEM(args, i))) == NULL) goto js_fail;
    if (extra && (argv[n] = _cpx_to_js(env, kwargs)) == NULL) goto js_fail;
    napi_get_undefined(env, &undefined);
    if (napi_call_function(env, undefined, fn, (size_t)(n + extra), argv, &result) != napi_ok) goto js_fail;
    out = _cpx_from_js(env, result);
    goto done;
js_fail:
    _cpx_raise_js_exception(env);
done:
    if (argv != small) PyMem_Free(argv);
    return out;
}

static PyObject *jsobject_subscript(PyObject *self, PyObject *key) {
    if (!on_js_thread()) return NULL;
    napi_env env = _cpx_bridge.env;
    napi_value obj = value_of(self), k = _cpx_to_js(env, key), value;
    bool has = false;
    if (k == NULL || napi_has_property(env, obj, k, &has) != napi_ok) return _cpx_raise_js_exception(env);
    if (!has) {
        PyErr_SetObject(PyExc_KeyError, key);
        return NULL;
    }
    if (napi_get_property(env, obj, k, &value) != napi_ok) return _cpx_raise_js_exception(env);
    return _cpx_from_js(env, value);
}

static int jsobject_ass_subscript(PyObject *self, PyObject *key, PyObject *value) {
    if (!on_js_thread()) return -1;
    napi_env env = _cpx_bridge.env;
    napi_value obj = value_of(self), k = _cpx_to_js(env, key), v;
    bool ok;
    if (k == NULL) { _cpx_raise_js_exception(env); return -1; }
    if (value == NULL) {
        if (napi_delete_property(env, obj, k, &ok) != napi_ok) { _cpx_raise_js_exception(env); return -1; }
        return 0;
    }
    if ((v = _cpx_to_js(env, value)) == NULL || napi_set_property(env, obj, k, v) != napi_ok) {
        _cpx_raise_js_exception(env);
        return -1;
    }
    return 0;
}

static Py_ssize_t jsobject_length(PyObject *self) {
    if (!on_js_thread()) return -1;
    napi_env env = _cpx_bridge.env;
    napi_value obj = value_of(self), len;
    napi_valuetype t;
    double d;
    const char *names[] = {"length", "size"};
    for (int i = 0; i < 2; i++) {
        if (napi_get_named_property(env, obj, names[i], &len) != napi_ok) { _cpx_raise_js_exception(env); return -1; }
        if (napi_typeof(env, len, &t) == napi_ok && t == napi_number && napi_get_value_double(env, len, &d) == napi_ok)
            return (Py_ssize_t)d;
    }
    PyErr_SetString(PyExc_TypeError, "JavaScript object has no length");
    return -1;
}

static PyObject *jsobject_iter(PyObject *self) {
    if (!on_js_thread()) return NULL;
    napi_env env = _cpx_bridge.env;
    napi_value global, array_ctor, from, argv[1] = {value_of(self)}, array;
    if (napi_get_global(env, &global) != napi_ok || napi_get_named_property(env, global, "Array", &array_ctor) != napi_ok ||
        napi_get_named_property(env, array_ctor, "from", &from) != napi_ok ||
        napi_call_function(env, array_ctor, from, 1, argv, &array) != napi_ok)
        return _cpx_raise_js_exception(env);
    PyObject *list = _cpx_from_js(env, array);
    if (list == NULL) return NULL;
    PyObject *it = PyObject_GetIter(list);
    Py_DECREF(list);
    return it;
}

static PyObject *jsobject_repr(PyObject *self) {
    if (!on_js_thread()) return NULL;
    napi_env env = _cpx_bridge.env;
    napi_value text;
    if (napi_coerce_to_string(env, value_of(self), &text) != napi_ok) return _cpx_raise_js_exception(env);
    PyObject *s = _cpx_from_js(env, text);
    if (s == NULL) return NULL;
    PyObject *r = PyUnicode_FromFormat("<JS %U>", s);
    Py_DECREF(s);
    return r;
}

static PyObject *jsobject_richcompare(PyObject *a, PyObject *b, int op) {
    if ((op != Py_EQ && op != Py_NE) || !Py_IS_TYPE(b, &_cpx_JSObject_Type)) Py_RETURN_NOTIMPLEMENTED;
    if (!on_js_thread()) return NULL;
    bool same = false;
    napi_strict_equals(_cpx_bridge.env, value_of(a), value_of(b), &same);
    return PyBool_FromLong(op == Py_EQ ? same : !same);
}

static Py_hash_t jsobject_hash(PyObject *self) { return _Py_HashPointer(self); }

static PyMappingMethods jsobject_as_mapping = {jsobject_length, jsobject_subscript, jsobject_ass_subscript};

PyTypeObject _cpx_JSObject_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "cbridge.JSObject",
    .tp_basicsize = sizeof(jsobject),
    .tp_dealloc = jsobject_dealloc,
    .tp_repr = jsobject_repr,
    .tp_as_mapping = &jsobject_as_mapping,
    .tp_hash = jsobject_hash,
    .tp_call = jsobject_call,
    .tp_getattro = jsobject_getattro,
    .tp_setattro = jsobject_setattro,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_richcompare = jsobject_richcompare,
    .tp_iter = jsobject_iter,
};

/* ---------------- JSError ---------------- */

static void jserror_dealloc(PyObject *self) {
    jserror *e = (jserror *)self;
    if (e->ref != NULL && _cpx_bridge.env != NULL) {
        napi_delete_reference(_cpx_bridge.env, e->ref);
        CPX_JS_HOLDER_GONE();
    }
    e->ref = NULL;
    ((PyTypeObject *)PyExc_Exception)->tp_dealloc(self);
}

static PyTypeObject JSError_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "cbridge.JSError",
    .tp_basicsize = sizeof(jserror),
    .tp_dealloc = jserror_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_doc = "A JavaScript error raised through Python code.",
};

int _cpx_init_jsobject(void) {
    JSError_Type.tp_base = (PyTypeObject *)PyExc_Exception;
    if (PyType_Ready(&_cpx_JSObject_Type) < 0 || PyType_Ready(&JSError_Type) < 0) return -1;
    _cpx_JSError = (PyObject *)&JSError_Type;
    return 0;
}
