/* bridge_convert.c: the default conversions between JS values and Python
 * objects, and handles.
 *
 * Invariants (see bridge.h for ownership):
 * - By value: number <-> int (integral, else float, and -0 is float -0.0;
 *   ints beyond 2**53 come
 *   back as BigInt), bigint -> int, string <-> str, boolean <-> bool,
 *   null/undefined -> None -> null, Uint8Array/Buffer <-> bytes, Array ->
 *   list, tuple/list -> Array, plain object / Map -> dict, dict -> plain
 *   object (or Map when a key is not a str). Only exact builtin types
 *   convert; subclasses cross as handles.
 * - A Uint8Array of CPX_ZERO_COPY_MIN bytes or more crosses without a copy,
 *   as a read-only bytes-like object viewing the JS memory (JSBuffer, which
 *   keeps the array alive); smaller ones are copied into a real bytes.
 *   Other ArrayBuffer views and ArrayBuffers always cross as JSBuffer,
 *   writable.
 * - Everything else crosses by reference: a JS handle for a Python object,
 *   a JSObject proxy for a JS value. */
#include <math.h>
#include "bridge.h"

#define CPX_ZERO_COPY_MIN (64 * 1024)
#define CPX_MAX_DEPTH 200

const napi_type_tag _cpx_handle_tag = {0x63627269646765ULL, 0x70796f626a656374ULL};
const napi_type_tag _cpx_kwargs_tag = {0x63627269646765ULL, 0x6b77617267730000ULL};

/* ---------------- JSBuffer: a buffer exporter over JS memory ---------------- */

typedef struct {
    PyObject_HEAD
    napi_ref keep;
    char *data;
    Py_ssize_t length;
    int readonly;
} jsbuffer;

static int jsbuffer_getbuffer(PyObject *self, Py_buffer *view, int flags) {
    jsbuffer *b = (jsbuffer *)self;
    return PyBuffer_FillInfo(view, self, b->data, b->length, b->readonly, flags);
}

static void jsbuffer_dealloc(PyObject *self) {
    jsbuffer *b = (jsbuffer *)self;
    if (b->keep != NULL) {
        napi_delete_reference(_cpx_bridge.env, b->keep);
        CPX_JS_HOLDER_GONE();
    }
    PyObject_Free(self);
}

static Py_ssize_t jsbuffer_length(PyObject *self) { return ((jsbuffer *)self)->length; }

static PyObject *jsbuffer_repr(PyObject *self) {
    return PyUnicode_FromFormat("<JS buffer of %zd bytes at %p>", ((jsbuffer *)self)->length, self);
}

static PyBufferProcs jsbuffer_as_buffer = {jsbuffer_getbuffer, NULL};
static PySequenceMethods jsbuffer_as_sequence = {.sq_length = jsbuffer_length};

PyTypeObject _cpx_JSBuffer_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "cbridge.JSBuffer",
    .tp_basicsize = sizeof(jsbuffer),
    .tp_dealloc = jsbuffer_dealloc,
    .tp_repr = jsbuffer_repr,
    .tp_as_sequence = &jsbuffer_as_sequence,
    .tp_as_buffer = &jsbuffer_as_buffer,
    .tp_flags = Py_TPFLAGS_DEFAULT,
};

static PyObject *jsbuffer_new(napi_env env, napi_value holder, void *data, size_t length, int readonly) {
    jsbuffer *b = (jsbuffer *)PyType_GenericAlloc(&_cpx_JSBuffer_Type, 0);
    if (b == NULL) return NULL;
    b->data = data;
    b->length = (Py_ssize_t)length;
    b->readonly = readonly;
    if (napi_create_reference(env, holder, 1, &b->keep) != napi_ok) {
        Py_DECREF(b);
        PyErr_SetString(PyExc_RuntimeError, "cannot keep the JS buffer alive");
        return NULL;
    }
    CPX_JS_HOLDER_ADDED();
    return (PyObject *)b;
}

/* ---------------- JS -> Python ---------------- */

/* Read as UTF-16 (the UTF-8 read would turn lone surrogates into U+FFFD);
 * surrogatepass keeps them, pairs join into one code point. */
static PyObject *string_from_js(napi_env env, napi_value v) {
    char16_t small[256];
    size_t len;
    int little = -1;
    if (napi_get_value_string_utf16(env, v, small, sizeof small / sizeof small[0], &len) != napi_ok) goto fail;
    if (len < sizeof small / sizeof small[0] - 1)
        return PyUnicode_DecodeUTF16((const char *)small, (Py_ssize_t)len * 2, "surrogatepass", &little);
    if (napi_get_value_string_utf16(env, v, NULL, 0, &len) != napi_ok) goto fail;
    char16_t *buf = PyMem_Malloc((len + 1) * sizeof(char16_t));
    if (buf == NULL) return PyErr_NoMemory();
    PyObject *s = NULL;
    if (napi_get_value_string_utf16(env, v, buf, len + 1, &len) == napi_ok)
        s = PyUnicode_DecodeUTF16((const char *)buf, (Py_ssize_t)len * 2, "surrogatepass", &little);
    else
        PyErr_SetString(PyExc_RuntimeError, "cannot read a JS string");
    PyMem_Free(buf);
    return s;
fail:
    PyErr_SetString(PyExc_RuntimeError, "cannot read a JS string");
    return NULL;
}

static PyObject *bigint_from_js(napi_env env, napi_value v) {
    int sign;
    size_t count = 0;
    /* Size query: N-API wants both sign and words NULL here. */
    if (napi_get_value_bigint_words(env, v, NULL, &count, NULL) != napi_ok) goto fail;
    uint64_t small[4], *words = count <= 4 ? small : PyMem_Malloc(count * sizeof(uint64_t));
    if (words == NULL) return PyErr_NoMemory();
    PyObject *res = NULL;
    if (napi_get_value_bigint_words(env, v, &sign, &count, words) == napi_ok) {
        /* Magnitude as little-endian bytes plus one zero byte, then negate. */
        res = _PyLong_FromByteArray((const unsigned char *)words, count * 8, 1, 0);
        if (res != NULL && sign) Py_SETREF(res, PyNumber_Negative(res));
    } else {
        PyErr_SetString(PyExc_RuntimeError, "cannot read a JS BigInt");
    }
    if (words != small) PyMem_Free(words);
    return res;
fail:
    PyErr_SetString(PyExc_RuntimeError, "cannot read a JS BigInt");
    return NULL;
}

PyObject *_cpx_number_to_py(double d) {
    if (d > -9.2e18 && d < 9.2e18) { /* false for NaN */
        long long v = (long long)d;
        if ((double)v == d && !(v == 0 && signbit(d))) return PyLong_FromLongLong(v);
        return PyFloat_FromDouble(d);
    }
    /* Beyond 2^63 every finite double is integral. */
    return isfinite(d) ? PyLong_FromDouble(d) : PyFloat_FromDouble(d);
}

static PyObject *from_js_depth(napi_env env, napi_value v, int depth);

static PyObject *array_from_js(napi_env env, napi_value v, int depth) {
    uint32_t n;
    if (napi_get_array_length(env, v, &n) != napi_ok) return _cpx_raise_js_exception(env);
    PyObject *list = PyList_New(n);
    if (list == NULL) return NULL;
    for (uint32_t i = 0; i < n; i++) {
        napi_value item;
        if (napi_get_element(env, v, i, &item) != napi_ok) {
            Py_DECREF(list);
            return _cpx_raise_js_exception(env);
        }
        PyObject *o = from_js_depth(env, item, depth + 1);
        if (o == NULL) { Py_DECREF(list); return NULL; }
        PyList_SET_ITEM(list, i, o);
    }
    return list;
}

/* Own enumerable string keys (plain object) or entries (Map) -> dict. */
static PyObject *dict_from_js(napi_env env, napi_value v, int is_map, int depth) {
    PyObject *dict = PyDict_New();
    if (dict == NULL) return NULL;
    napi_value keys;
    uint32_t n;
    if (is_map) {
        napi_value global, array_ctor, from, argv[1] = {v};
        if (napi_get_global(env, &global) != napi_ok || napi_get_named_property(env, global, "Array", &array_ctor) != napi_ok ||
            napi_get_named_property(env, array_ctor, "from", &from) != napi_ok ||
            napi_call_function(env, array_ctor, from, 1, argv, &keys) != napi_ok)
            goto js_fail;
    } else if (napi_get_property_names(env, v, &keys) != napi_ok) {
        goto js_fail;
    }
    if (napi_get_array_length(env, keys, &n) != napi_ok) goto js_fail;
    for (uint32_t i = 0; i < n; i++) {
        napi_value key, value;
        if (napi_get_element(env, keys, i, &key) != napi_ok) goto js_fail;
        if (is_map) {
            napi_value pair = key;
            if (napi_get_element(env, pair, 0, &key) != napi_ok || napi_get_element(env, pair, 1, &value) != napi_ok)
                goto js_fail;
        } else if (napi_get_property(env, v, key, &value) != napi_ok) {
            goto js_fail;
        }
        PyObject *k = from_js_depth(env, key, depth + 1);
        PyObject *val = k ? from_js_depth(env, value, depth + 1) : NULL;
        int rc = val ? PyDict_SetItem(dict, k, val) : -1;
        Py_XDECREF(k);
        Py_XDECREF(val);
        if (rc < 0) { Py_DECREF(dict); return NULL; }
    }
    return dict;
js_fail:
    Py_DECREF(dict);
    return _cpx_raise_js_exception(env);
}

static PyObject *typedarray_from_js(napi_env env, napi_value v) {
    napi_typedarray_type type;
    size_t length, offset;
    void *data;
    napi_value arraybuffer;
    if (napi_get_typedarray_info(env, v, &type, &length, &data, &arraybuffer, &offset) != napi_ok)
        return _cpx_raise_js_exception(env);
    if (type == napi_uint8_array && length < CPX_ZERO_COPY_MIN)
        return PyBytes_FromStringAndSize(data ? data : "", (Py_ssize_t)length);
    size_t elem = 1;
    switch (type) {
    case napi_int16_array: case napi_uint16_array: elem = 2; break;
    case napi_int32_array: case napi_uint32_array: case napi_float32_array: elem = 4; break;
    case napi_float64_array: case napi_bigint64_array: case napi_biguint64_array: elem = 8; break;
    default: elem = 1;
    }
    return jsbuffer_new(env, v, data, length * elem, type == napi_uint8_array);
}

static int is_plain_object(napi_env env, napi_value v) {
    napi_value proto, object_proto;
    if (napi_get_prototype(env, v, &proto) != napi_ok) return 0;
    napi_valuetype t;
    if (napi_typeof(env, proto, &t) != napi_ok) return 0;
    if (t == napi_null) return 1;
    if (napi_get_reference_value(env, _cpx_bridge.object_proto, &object_proto) != napi_ok) return 0;
    bool same = false;
    napi_strict_equals(env, proto, object_proto, &same);
    return same;
}

static PyObject *object_from_js(napi_env env, napi_value v, int depth) {
    bool flag = false;
    if (napi_check_object_type_tag(env, v, &_cpx_handle_tag, &flag) == napi_ok && flag) {
        PyObject *o = _cpx_unwrap(env, v);
        if (o == NULL) {
            PyErr_SetString(PyExc_ValueError, "a released Python handle was passed to Python");
            return NULL;
        }
        return Py_NewRef(o);
    }
    if (napi_check_object_type_tag(env, v, &_cpx_kwargs_tag, &flag) == napi_ok && flag) {
        PyErr_SetString(PyExc_TypeError, "kwargs({...}) must be the last argument of a call");
        return NULL;
    }
    if (napi_is_typedarray(env, v, &flag) == napi_ok && flag) return typedarray_from_js(env, v);
    if (napi_is_arraybuffer(env, v, &flag) == napi_ok && flag) {
        void *data;
        size_t length;
        if (napi_get_arraybuffer_info(env, v, &data, &length) != napi_ok) return _cpx_raise_js_exception(env);
        return jsbuffer_new(env, v, data, length, 0);
    }
    if (depth > CPX_MAX_DEPTH) {
        PyErr_SetString(PyExc_RecursionError, "JS value nested too deeply (or cyclic) to convert");
        return NULL;
    }
    if (napi_is_array(env, v, &flag) == napi_ok && flag) return array_from_js(env, v, depth);
    napi_value map_ctor;
    if (napi_get_reference_value(env, _cpx_bridge.map_ctor, &map_ctor) == napi_ok &&
        napi_instanceof(env, v, map_ctor, &flag) == napi_ok && flag)
        return dict_from_js(env, v, 1, depth);
    if (is_plain_object(env, v)) return dict_from_js(env, v, 0, depth);
    return NULL; /* caller makes a proxy */
}

PyObject *_cpx_jsobject_new(napi_env env, napi_value v);

static PyObject *from_js_depth(napi_env env, napi_value v, int depth) {
    napi_valuetype t;
    if (napi_typeof(env, v, &t) != napi_ok) return _cpx_raise_js_exception(env);
    switch (t) {
    case napi_undefined:
    case napi_null:
        return Py_NewRef(Py_None);
    case napi_boolean: {
        bool b;
        napi_get_value_bool(env, v, &b);
        return Py_NewRef(b ? Py_True : Py_False);
    }
    case napi_number: {
        double d;
        napi_get_value_double(env, v, &d);
        return _cpx_number_to_py(d);
    }
    case napi_bigint:
        return bigint_from_js(env, v);
    case napi_string:
        return string_from_js(env, v);
    case napi_object:
    case napi_function: {
        PyObject *o = object_from_js(env, v, depth);
        if (o != NULL || PyErr_Occurred()) return o;
        return _cpx_jsobject_new(env, v);
    }
    default:
        return _cpx_jsobject_new(env, v);
    }
}

PyObject *_cpx_from_js(napi_env env, napi_value v) { return from_js_depth(env, v, 0); }

/* ---------------- Python -> JS ---------------- */

static napi_value long_to_js(napi_env env, PyObject *o) {
    int overflow;
    long long v = PyLong_AsLongLongAndOverflow(o, &overflow);
    napi_value out;
    if (!overflow) {
        if (v == -1 && PyErr_Occurred()) return _cpx_throw_python_error(env);
        if (v >= -(1LL << 53) && v <= (1LL << 53)) {
            NAPI_OK(napi_create_double(env, (double)v, &out));
            return out;
        }
        NAPI_OK(napi_create_bigint_int64(env, v, &out));
        return out;
    }
    size_t nbits = _PyLong_NumBits(o);
    size_t nwords = nbits / 64 + 1;
    uint64_t *words = PyMem_Calloc(nwords, sizeof(uint64_t));
    if (words == NULL) { PyErr_NoMemory(); return _cpx_throw_python_error(env); }
    int negative = _PyLong_Sign(o) < 0;
    PyObject *mag = negative ? PyNumber_Negative(o) : Py_NewRef(o);
    if (mag == NULL || _PyLong_AsByteArray((PyLongObject *)mag, (unsigned char *)words, nwords * 8, 1, 0) < 0) {
        Py_XDECREF(mag);
        PyMem_Free(words);
        return _cpx_throw_python_error(env);
    }
    Py_DECREF(mag);
    napi_status st = napi_create_bigint_words(env, negative, nwords, words, &out);
    PyMem_Free(words);
    return st == napi_ok ? out : NULL;
}

static napi_value str_to_js(napi_env env, PyObject *o) {
    napi_value out;
    Py_ssize_t n = PyUnicode_GET_LENGTH(o);
    switch (PyUnicode_KIND(o)) {
    case PyUnicode_1BYTE_KIND:
        NAPI_OK(napi_create_string_latin1(env, (const char *)PyUnicode_1BYTE_DATA(o), (size_t)n, &out));
        return out;
    case PyUnicode_2BYTE_KIND:
        NAPI_OK(napi_create_string_utf16(env, (const char16_t *)PyUnicode_2BYTE_DATA(o), (size_t)n, &out));
        return out;
    default: {
        Py_ssize_t size;
        const char *utf8 = PyUnicode_AsUTF8AndSize(o, &size);
        if (utf8 == NULL) {
            /* Lone surrogates: go through UTF-16 with surrogatepass. */
            PyErr_Clear();
            PyObject *b = PyUnicode_AsEncodedString(o, "utf-16-le", "surrogatepass");
            if (b == NULL) return _cpx_throw_python_error(env);
            napi_status st = napi_create_string_utf16(env, (const char16_t *)PyBytes_AS_STRING(b),
                                                      (size_t)PyBytes_GET_SIZE(b) / 2, &out);
            Py_DECREF(b);
            return st == napi_ok ? out : NULL;
        }
        NAPI_OK(napi_create_string_utf8(env, utf8, (size_t)size, &out));
        return out;
    }
    }
}

static napi_value sequence_to_js(napi_env env, PyObject *o, PyObject **items, Py_ssize_t n) {
    napi_value out;
    NAPI_OK(napi_create_array_with_length(env, (size_t)n, &out));
    for (Py_ssize_t i = 0; i < n; i++) {
        napi_value item = _cpx_to_js(env, items[i]);
        if (item == NULL || napi_set_element(env, out, (uint32_t)i, item) != napi_ok) return NULL;
    }
    return out;
}

static napi_value dict_to_js(napi_env env, PyObject *o) {
    Py_ssize_t pos = 0;
    PyObject *k, *v;
    int all_str = 1;
    while (PyDict_Next(o, &pos, &k, &v))
        if (!PyUnicode_CheckExact(k)) { all_str = 0; break; }
    napi_value out;
    if (all_str) {
        NAPI_OK(napi_create_object(env, &out));
        pos = 0;
        while (PyDict_Next(o, &pos, &k, &v)) {
            napi_value key = str_to_js(env, k), value = key ? _cpx_to_js(env, v) : NULL;
            if (value == NULL || napi_set_property(env, out, key, value) != napi_ok) return NULL;
        }
        return out;
    }
    napi_value map_ctor, set_fn;
    NAPI_OK(napi_get_reference_value(env, _cpx_bridge.map_ctor, &map_ctor));
    NAPI_OK(napi_new_instance(env, map_ctor, 0, NULL, &out));
    NAPI_OK(napi_get_named_property(env, out, "set", &set_fn));
    pos = 0;
    while (PyDict_Next(o, &pos, &k, &v)) {
        napi_value argv[2], ignored;
        if ((argv[0] = _cpx_to_js(env, k)) == NULL || (argv[1] = _cpx_to_js(env, v)) == NULL) return NULL;
        NAPI_OK(napi_call_function(env, out, set_fn, 2, argv, &ignored));
    }
    return out;
}

napi_value _cpx_jsobject_value(napi_env env, PyObject *o);

napi_value _cpx_to_js(napi_env env, PyObject *o) {
    static int depth = 0;
    PyTypeObject *t = Py_TYPE(o);
    napi_value out;
    if (t == &PyLong_Type) return long_to_js(env, o);
    if (t == &PyFloat_Type) {
        NAPI_OK(napi_create_double(env, PyFloat_AS_DOUBLE(o), &out));
        return out;
    }
    if (t == &PyUnicode_Type) return str_to_js(env, o);
    if (o == Py_None) {
        NAPI_OK(napi_get_null(env, &out));
        return out;
    }
    if (t == &PyBool_Type) {
        NAPI_OK(napi_get_boolean(env, o == Py_True, &out));
        return out;
    }
    if (t == &PyBytes_Type) {
        void *unused;
        NAPI_OK(napi_create_buffer_copy(env, (size_t)PyBytes_GET_SIZE(o), PyBytes_AS_STRING(o), &unused, &out));
        return out;
    }
    if (t == &_cpx_JSObject_Type) return _cpx_jsobject_value(env, o);
    if (t == &PyCFunction_Type || t == &PyCMethod_Type) return _cpx_function_to_js(env, o);
    if (PyType_Check(o)) return _cpx_type_to_js(env, (PyTypeObject *)o);
    if (t == &PyTuple_Type || t == &PyList_Type || t == &PyDict_Type) {
        if (depth > CPX_MAX_DEPTH) {
            _cpx_throw_type_error(env, "Python value nested too deeply (or cyclic) to convert");
            return NULL;
        }
        depth++;
        if (t == &PyTuple_Type) out = sequence_to_js(env, o, _PyTuple_ITEMS(o), PyTuple_GET_SIZE(o));
        else if (t == &PyList_Type) out = sequence_to_js(env, o, ((PyListObject *)o)->ob_item, PyList_GET_SIZE(o));
        else out = dict_to_js(env, o);
        depth--;
        return out;
    }
    return _cpx_to_handle(env, o);
}

/* ---------------- handles ---------------- */

static void handle_finalize(napi_env env, void *data, void *hint) { Py_DECREF((PyObject *)data); }

/* Attach `o` (one new reference) to a fresh JS object or function. */
napi_value _cpx_attach(napi_env env, napi_value target, PyObject *o) {
    if (napi_type_tag_object(env, target, &_cpx_handle_tag) != napi_ok) return NULL;
    if (napi_wrap(env, target, o, handle_finalize, NULL, NULL) != napi_ok) return NULL;
    Py_INCREF(o);
    return target;
}

/* One constructor per Python type, made by the TS hook classFor(type). */
typedef struct { PyTypeObject *type; napi_ref ctor; } class_entry;
static class_entry *classes = NULL;
static size_t nclasses = 0, capclasses = 0;

static napi_value class_for(napi_env env, PyTypeObject *type) {
    napi_value ctor;
    for (size_t i = 0; i < nclasses; i++)
        if (classes[i].type == type) {
            NAPI_OK(napi_get_reference_value(env, classes[i].ctor, &ctor));
            return ctor;
        }
    napi_value type_js = _cpx_type_to_js(env, type);
    if (type_js == NULL) return NULL;
    ctor = _cpx_call_hook(env, "classFor", 1, &type_js);
    if (ctor == NULL) return NULL;
    if (nclasses == capclasses) {
        size_t cap = capclasses ? capclasses * 2 : 32;
        class_entry *grown = realloc(classes, cap * sizeof(class_entry));
        if (grown == NULL) return _cpx_throw_type_error(env, "out of memory");
        classes = grown;
        capclasses = cap;
    }
    Py_INCREF(type); /* the constructor refers to the type for the process */
    classes[nclasses].type = type;
    NAPI_OK(napi_create_reference(env, ctor, 1, &classes[nclasses].ctor));
    nclasses++;
    return ctor;
}

napi_value _cpx_to_handle(napi_env env, PyObject *o) {
    if (Py_IS_TYPE(o, &PyCFunction_Type) || Py_IS_TYPE(o, &PyCMethod_Type)) return _cpx_function_to_js(env, o);
    if (PyType_Check(o)) return _cpx_type_to_js(env, (PyTypeObject *)o);
    napi_value ctor = class_for(env, Py_TYPE(o)), instance;
    if (ctor == NULL) return NULL;
    NAPI_OK(napi_new_instance(env, ctor, 0, NULL, &instance));
    return _cpx_attach(env, instance, o);
}

PyObject *_cpx_unwrap(napi_env env, napi_value v) {
    void *data = NULL;
    if (napi_unwrap(env, v, &data) != napi_ok) {
        napi_value ignored;
        napi_get_and_clear_last_exception(env, &ignored);
        return NULL;
    }
    return (PyObject *)data;
}

int _cpx_init_jsbuffer(void) { return PyType_Ready(&_cpx_JSBuffer_Type); }
