/* object.c: the generic object protocol (repr, str, comparison, hashing,
 * truth) and the None / NotImplemented singletons. Attribute access lives
 * in object_attr.c.
 *
 * Invariants:
 * - Every PyObject * result is a new reference or NULL with an error set;
 *   arguments are borrowed and never stolen.
 * - None and NotImplemented are static, immortal objects of static types;
 *   their deallocators only restore the immortal refcount (an extension
 *   that drops one reference too many cannot free them).
 * - Slot results are checked the way CPython checks them (__repr__ must
 *   return str, __bytes__ bytes, ...); the recursion guard of
 *   Py_EnterRecursiveCall protects repr, str and rich comparison. */
#include "internal.h"

#ifndef Py_PRINT_RAW
#define Py_PRINT_RAW 1
#endif

/* An interned name, looked up once and cached in *slot (immortal). */
static PyObject *cached_name(PyObject **slot, const char *s) {
    if (*slot == NULL) *slot = _cpx_intern(s);
    return *slot;
}

/* ---------------- None ---------------- */

static PyObject *none_repr(PyObject *op) { return PyUnicode_FromString("None"); }

static int none_bool(PyObject *op) { return 0; }

static Py_hash_t none_hash(PyObject *op) { return _Py_HashPointer(op); }

/* Reached only if an extension releases more references than it owns. */
static void singleton_dealloc(PyObject *op) {
    _cpx_immortal(op);
    _cpx_live_objects++;
}

static int no_arguments(PyTypeObject *type, PyObject *args, PyObject *kwargs) {
    if ((args != NULL && PyTuple_GET_SIZE(args) != 0) || (kwargs != NULL && PyDict_GET_SIZE(kwargs) != 0)) {
        PyErr_Format(PyExc_TypeError, "%s takes no arguments", type->tp_name);
        return -1;
    }
    return 0;
}

static PyObject *none_new(PyTypeObject *type, PyObject *args, PyObject *kwargs) {
    if (no_arguments(type, args, kwargs) < 0) return NULL;
    Py_RETURN_NONE;
}

static PyNumberMethods none_as_number = {
    .nb_bool = none_bool,
};

PyTypeObject _PyNone_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "NoneType",
    .tp_basicsize = 0,
    .tp_dealloc = singleton_dealloc,
    .tp_repr = none_repr,
    .tp_as_number = &none_as_number,
    .tp_hash = none_hash,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = none_new,
};

PyObject _Py_NoneStruct = { CPX_IMMORTAL_REFCNT, &_PyNone_Type };

/* ---------------- NotImplemented ---------------- */

static PyObject *notimpl_repr(PyObject *op) { return PyUnicode_FromString("NotImplemented"); }

static PyObject *notimpl_reduce(PyObject *op, PyObject *unused) {
    return PyUnicode_FromString("NotImplemented");
}

static int notimpl_bool(PyObject *op) {
    if (PyErr_WarnEx(PyExc_DeprecationWarning, "NotImplemented should not be used in a boolean context", 1) < 0)
        return -1;
    return 1;
}

static PyObject *notimpl_new(PyTypeObject *type, PyObject *args, PyObject *kwargs) {
    if (no_arguments(type, args, kwargs) < 0) return NULL;
    Py_RETURN_NOTIMPLEMENTED;
}

static PyMethodDef notimpl_methods[] = {
    {"__reduce__", notimpl_reduce, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyNumberMethods notimpl_as_number = {
    .nb_bool = notimpl_bool,
};

PyTypeObject _PyNotImplemented_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "NotImplementedType",
    .tp_basicsize = 0,
    .tp_dealloc = singleton_dealloc,
    .tp_repr = notimpl_repr,
    .tp_as_number = &notimpl_as_number,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_methods = notimpl_methods,
    .tp_new = notimpl_new,
};

PyObject _Py_NotImplementedStruct = { CPX_IMMORTAL_REFCNT, &_PyNotImplemented_Type };

int _cpx_init_object(void) {
    _cpx_immortal(Py_None);
    _cpx_immortal(Py_NotImplemented);
    if (PyType_Ready(&_PyNone_Type) < 0) return -1;
    if (PyType_Ready(&_PyNotImplemented_Type) < 0) return -1;
    return 0;
}

/* ---------------- the stable-ABI function forms of macros ---------------- */

PyAPI_FUNC(PyObject *) (Py_NewRef)(PyObject *op) {
    Py_INCREF(op);
    return op;
}

PyAPI_FUNC(PyObject *) (Py_XNewRef)(PyObject *op) {
    Py_XINCREF(op);
    return op;
}

PyAPI_FUNC(int) (Py_Is)(PyObject *x, PyObject *y) { return x == y; }
PyAPI_FUNC(int) (Py_IsNone)(PyObject *x) { return x == Py_None; }
PyAPI_FUNC(int) (Py_IsTrue)(PyObject *x) { return x == Py_True; }
PyAPI_FUNC(int) (Py_IsFalse)(PyObject *x) { return x == Py_False; }

/* ---------------- repr, str, ascii, bytes ---------------- */

PyObject *PyObject_Repr(PyObject *v) {
    if (v == NULL) return PyUnicode_FromString("<NULL>");
    PyTypeObject *tp = Py_TYPE(v);
    if (tp->tp_repr == NULL) return PyUnicode_FromFormat("<%s object at %p>", tp->tp_name, v);
    if (Py_EnterRecursiveCall(" while getting the repr of an object")) return NULL;
    PyObject *res = tp->tp_repr(v);
    Py_LeaveRecursiveCall();
    if (res == NULL) return NULL;
    if (!PyUnicode_Check(res)) {
        PyErr_Format(PyExc_TypeError, "__repr__ returned non-string (type %.200s)", Py_TYPE(res)->tp_name);
        Py_DECREF(res);
        return NULL;
    }
    return res;
}

PyObject *PyObject_Str(PyObject *v) {
    if (v == NULL) return PyUnicode_FromString("<NULL>");
    if (PyUnicode_CheckExact(v)) return Py_NewRef(v);
    PyTypeObject *tp = Py_TYPE(v);
    if (tp->tp_str == NULL) return PyObject_Repr(v);
    if (Py_EnterRecursiveCall(" while getting the str of an object")) return NULL;
    PyObject *res = tp->tp_str(v);
    Py_LeaveRecursiveCall();
    if (res == NULL) return NULL;
    if (!PyUnicode_Check(res)) {
        PyErr_Format(PyExc_TypeError, "__str__ returned non-string (type %.200s)", Py_TYPE(res)->tp_name);
        Py_DECREF(res);
        return NULL;
    }
    return res;
}

/* repr(v) with every non-ASCII character written as \xhh, \uhhhh or
 * \Uhhhhhhhh (the "backslashreplace" rendering CPython uses). */
PyObject *PyObject_ASCII(PyObject *v) {
    PyObject *repr = PyObject_Repr(v);
    if (repr == NULL || PyUnicode_IS_ASCII(repr)) return repr;
    int kind = PyUnicode_KIND(repr);
    const void *data = PyUnicode_DATA(repr);
    Py_ssize_t n = PyUnicode_GET_LENGTH(repr), outlen = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        outlen += ch < 0x80 ? 1 : ch < 0x100 ? 4 : ch < 0x10000 ? 6 : 10;
    }
    PyObject *res = PyUnicode_New(outlen, 127);
    if (res == NULL) {
        Py_DECREF(repr);
        return NULL;
    }
    static const char hex[] = "0123456789abcdef";
    Py_UCS1 *out = PyUnicode_1BYTE_DATA(res);
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        int digits;
        if (ch < 0x80) {
            *out++ = (Py_UCS1)ch;
            continue;
        }
        *out++ = '\\';
        if (ch < 0x100) { *out++ = 'x'; digits = 2; }
        else if (ch < 0x10000) { *out++ = 'u'; digits = 4; }
        else { *out++ = 'U'; digits = 8; }
        while (digits-- > 0) *out++ = (Py_UCS1)hex[(ch >> (4 * digits)) & 0xf];
    }
    Py_DECREF(repr);
    return res;
}

PyObject *PyObject_Bytes(PyObject *v) {
    static PyObject *name;
    if (v == NULL) return PyBytes_FromString("<NULL>");
    if (PyBytes_CheckExact(v)) return Py_NewRef(v);
    PyObject *func = _PyObject_LookupSpecial(v, cached_name(&name, "__bytes__"));
    if (func != NULL) {
        PyObject *res = PyObject_CallNoArgs(func);
        Py_DECREF(func);
        if (res != NULL && !PyBytes_Check(res)) {
            PyErr_Format(PyExc_TypeError, "__bytes__ returned non-bytes (type %.200s)", Py_TYPE(res)->tp_name);
            Py_CLEAR(res);
        }
        return res;
    }
    if (PyErr_Occurred()) return NULL;
    return PyBytes_FromObject(v);
}

/* ---------------- rich comparison ---------------- */

static const int swapped_op[] = {Py_GT, Py_GE, Py_EQ, Py_NE, Py_LT, Py_LE};
static const char *const op_symbol[] = {"<", "<=", "==", "!=", ">", ">="};

static PyObject *do_richcompare(PyObject *v, PyObject *w, int op) {
    PyTypeObject *tv = Py_TYPE(v), *tw = Py_TYPE(w);
    richcmpfunc f;
    PyObject *res;
    int reflected_tried = 0;
    /* A subclass of the left operand's type gets the first say. */
    if (tv != tw && PyType_IsSubtype(tw, tv) && (f = tw->tp_richcompare) != NULL) {
        reflected_tried = 1;
        res = f(w, v, swapped_op[op]);
        if (res != Py_NotImplemented) return res;
        Py_DECREF(res);
    }
    if ((f = tv->tp_richcompare) != NULL) {
        res = f(v, w, op);
        if (res != Py_NotImplemented) return res;
        Py_DECREF(res);
    }
    if (!reflected_tried && (f = tw->tp_richcompare) != NULL) {
        res = f(w, v, swapped_op[op]);
        if (res != Py_NotImplemented) return res;
        Py_DECREF(res);
    }
    /* Neither side knows: identity decides == and !=, the rest fail. */
    switch (op) {
    case Py_EQ: return Py_NewRef(v == w ? Py_True : Py_False);
    case Py_NE: return Py_NewRef(v != w ? Py_True : Py_False);
    default:
        PyErr_Format(PyExc_TypeError, "'%s' not supported between instances of '%.100s' and '%.100s'",
                     op_symbol[op], tv->tp_name, tw->tp_name);
        return NULL;
    }
}

PyObject *PyObject_RichCompare(PyObject *v, PyObject *w, int op) {
    if (v == NULL || w == NULL || op < Py_LT || op > Py_GE) {
        if (!PyErr_Occurred()) PyErr_BadInternalCall();
        return NULL;
    }
    if (Py_EnterRecursiveCall(" in comparison")) return NULL;
    PyObject *res = do_richcompare(v, w, op);
    Py_LeaveRecursiveCall();
    return res;
}

int PyObject_RichCompareBool(PyObject *v, PyObject *w, int op) {
    /* Identity implies equality, as for containers in CPython. */
    if (v == w) {
        if (op == Py_EQ) return 1;
        if (op == Py_NE) return 0;
    }
    PyObject *res = PyObject_RichCompare(v, w, op);
    if (res == NULL) return -1;
    int ok = PyBool_Check(res) ? res == Py_True : PyObject_IsTrue(res);
    Py_DECREF(res);
    return ok;
}

/* ---------------- hashing and truth ---------------- */

Py_hash_t PyObject_HashNotImplemented(PyObject *v) {
    PyErr_Format(PyExc_TypeError, "unhashable type: '%.200s'", Py_TYPE(v)->tp_name);
    return -1;
}

Py_hash_t PyObject_Hash(PyObject *v) {
    PyTypeObject *tp = Py_TYPE(v);
    if (tp->tp_hash != NULL) return tp->tp_hash(v);
    /* A static type used before PyType_Ready inherits object's hash once
     * readied. */
    if (tp->tp_dict == NULL) {
        if (PyType_Ready(tp) < 0) return -1;
        if (tp->tp_hash != NULL) return tp->tp_hash(v);
    }
    return PyObject_HashNotImplemented(v);
}

int PyObject_IsTrue(PyObject *v) {
    Py_ssize_t res;
    if (v == Py_True) return 1;
    if (v == Py_False || v == Py_None) return 0;
    PyTypeObject *tp = Py_TYPE(v);
    if (tp->tp_as_number != NULL && tp->tp_as_number->nb_bool != NULL)
        res = tp->tp_as_number->nb_bool(v);
    else if (tp->tp_as_mapping != NULL && tp->tp_as_mapping->mp_length != NULL)
        res = tp->tp_as_mapping->mp_length(v);
    else if (tp->tp_as_sequence != NULL && tp->tp_as_sequence->sq_length != NULL)
        res = tp->tp_as_sequence->sq_length(v);
    else
        return 1;
    return res > 0 ? 1 : (int)res;
}

int PyObject_Not(PyObject *v) {
    int res = PyObject_IsTrue(v);
    return res < 0 ? res : res == 0;
}

int PyCallable_Check(PyObject *x) { return x != NULL && Py_TYPE(x)->tp_call != NULL; }

PyObject *PyObject_SelfIter(PyObject *obj) { return Py_NewRef(obj); }

/* tp_iternext of types that must look like iterators without being one. */
PyObject *_PyObject_NextNotImplemented(PyObject *self) {
    PyErr_Format(PyExc_TypeError, "'%.200s' object is not iterable", Py_TYPE(self)->tp_name);
    return NULL;
}

void PyObject_ClearWeakRefs(PyObject *op) {
    if (op != NULL) _cpx_clear_weakrefs(op);
}

int _PyObject_IsFreed(PyObject *op) { return 0; }

/* "module.qualname()" for a callable, or str(x) when it has no name. */
PyObject *_PyObject_FunctionStr(PyObject *x) {
    static PyObject *s_qualname, *s_module;
    PyObject *qualname = NULL, *module = NULL, *res = NULL;
    if (_PyObject_LookupAttr(x, cached_name(&s_qualname, "__qualname__"), &qualname) < 0) return NULL;
    if (qualname == NULL) return PyObject_Str(x);
    if (_PyObject_LookupAttr(x, cached_name(&s_module, "__module__"), &module) < 0) goto done;
    if (module != NULL && module != Py_None && PyUnicode_Check(module) &&
        !_PyUnicode_EqualToASCIIString(module, "builtins"))
        res = PyUnicode_FromFormat("%S.%S()", module, qualname);
    else
        res = PyUnicode_FromFormat("%S()", qualname);
done:
    Py_XDECREF(module);
    Py_DECREF(qualname);
    return res;
}

/* ---------------- recursive repr guard ---------------- */

/* The objects whose repr is being computed on this thread: a list in the
 * thread-state dict (borrowed), created on first use. */
static PyObject *repr_stack(int create) {
    static PyObject *key;
    PyObject *dict = PyThreadState_GetDict();
    if (dict == NULL) return NULL;
    PyObject *list = PyDict_GetItemWithError(dict, cached_name(&key, "Py_Repr"));
    if (list != NULL || PyErr_Occurred() || !create) return list;
    list = PyList_New(0);
    if (list == NULL) return NULL;
    int rc = PyDict_SetItem(dict, key, list);
    Py_DECREF(list);
    return rc < 0 ? NULL : list;
}

int Py_ReprEnter(PyObject *obj) {
    PyObject *list = repr_stack(1);
    if (list == NULL) return PyErr_Occurred() ? -1 : 0;
    for (Py_ssize_t i = PyList_GET_SIZE(list) - 1; i >= 0; i--)
        if (PyList_GET_ITEM(list, i) == obj) return 1;
    return PyList_Append(list, obj) < 0 ? -1 : 0;
}

void Py_ReprLeave(PyObject *obj) {
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyObject *list = repr_stack(0);
    if (list != NULL && PyList_Check(list)) {
        for (Py_ssize_t i = PyList_GET_SIZE(list) - 1; i >= 0; i--) {
            if (PyList_GET_ITEM(list, i) == obj) {
                PyList_SetSlice(list, i, i + 1, NULL);
                break;
            }
        }
    }
    PyErr_Restore(type, value, tb);
}

/* ---------------- printing and debugging ---------------- */

/* The UTF-8 bytes of a str, lone surrogates written as \udxxx. */
static PyObject *utf8_for_output(PyObject *s) {
    Py_ssize_t size;
    const char *utf8 = PyUnicode_AsUTF8AndSize(s, &size);
    if (utf8 != NULL) return PyBytes_FromStringAndSize(utf8, size);
    PyErr_Clear();
    return _PyUnicode_AsUTF8String(s, "backslashreplace");
}

int PyObject_Print(PyObject *op, void *stream, int flags) {
    FILE *fp = (FILE *)stream;
    int ret = 0;
    clearerr(fp);
    if (op == NULL) {
        fputs("<nil>", fp);
    } else if (Py_REFCNT(op) <= 0) {
        fprintf(fp, "<refcnt %zd at %p>", Py_REFCNT(op), (void *)op);
    } else {
        PyObject *s = (flags & Py_PRINT_RAW) ? PyObject_Str(op) : PyObject_Repr(op);
        PyObject *bytes = s ? utf8_for_output(s) : NULL;
        if (bytes == NULL) ret = -1;
        else fwrite(PyBytes_AS_STRING(bytes), 1, (size_t)PyBytes_GET_SIZE(bytes), fp);
        Py_XDECREF(bytes);
        Py_XDECREF(s);
    }
    if (ret == 0 && ferror(fp)) {
        PyErr_SetFromErrno(PyExc_OSError);
        clearerr(fp);
        ret = -1;
    }
    return ret;
}

void _PyObject_Dump(PyObject *op) {
    if (op == NULL) {
        fprintf(stderr, "<object at NULL>\n");
        fflush(stderr);
        return;
    }
    PyTypeObject *tp = Py_TYPE(op);
    fprintf(stderr, "object address  : %p\n", (void *)op);
    fprintf(stderr, "object refcount : %zd\n", Py_REFCNT(op));
    fprintf(stderr, "object type     : %p\n", (void *)tp);
    fprintf(stderr, "object type name: %s\n", tp == NULL ? "NULL" : tp->tp_name);
    fprintf(stderr, "object repr     : ");
    fflush(stderr);
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    if (PyObject_Print(op, stderr, 0) < 0) PyErr_Clear();
    PyErr_Restore(type, value, tb);
    fprintf(stderr, "\n");
    fflush(stderr);
}
