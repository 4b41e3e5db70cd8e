/* bltinmodule.c: the `builtins` module: the builtin types, constants and
 * exception classes, and the builtin functions C code looks up (Cython
 * modules fetch names such as len, print or range from it at import).
 *
 * Invariants:
 * - The module is created once by _cpx_init_builtins, registered in the
 *   module registry as "builtins" (which owns it), and also referenced by
 *   the static `builtins_module` for the life of the process; its dict is
 *   what PyEval_GetBuiltins returns (borrowed).
 * - The builtin functions follow CPython 3.11's signatures and messages;
 *   arguments are borrowed, results are new references.
 * - print() writes to sys.stdout when it is set (calling its write), else
 *   straight to the C stdout stream, which is flushed after every call.
 * - zip, map and filter are the iterator types of bltinmodule_iter.c. */
#include "misc_internal.h"

static PyObject *builtins_module;

PyObject *PyEval_GetBuiltins(void) {
    return builtins_module != NULL ? PyModule_GetDict(builtins_module) : NULL;
}

/* ---------------- one-argument functions ---------------- */

static PyObject *builtin_abs(PyObject *self, PyObject *x) { return PyNumber_Absolute(x); }
static PyObject *builtin_ascii(PyObject *self, PyObject *x) { return PyObject_ASCII(x); }
static PyObject *builtin_repr(PyObject *self, PyObject *x) { return PyObject_Repr(x); }
static PyObject *builtin_callable(PyObject *self, PyObject *x) { return PyBool_FromLong(PyCallable_Check(x)); }
static PyObject *builtin_id(PyObject *self, PyObject *x) { return PyLong_FromVoidPtr(x); }
static PyObject *builtin_bin(PyObject *self, PyObject *x) { return PyNumber_ToBase(x, 2); }
static PyObject *builtin_oct(PyObject *self, PyObject *x) { return PyNumber_ToBase(x, 8); }
static PyObject *builtin_hex(PyObject *self, PyObject *x) { return PyNumber_ToBase(x, 16); }

static PyObject *builtin_len(PyObject *self, PyObject *x) {
    Py_ssize_t n = PyObject_Size(x);
    return n < 0 ? NULL : PyLong_FromSsize_t(n);
}

static PyObject *builtin_hash(PyObject *self, PyObject *x) {
    Py_hash_t h = PyObject_Hash(x);
    return h == -1 ? NULL : PyLong_FromSsize_t(h);
}

/* all(it) when `want` is 0 (stop at the first false item), any(it) when 1. */
static PyObject *all_any(PyObject *iterable, int want) {
    PyObject *it = PyObject_GetIter(iterable);
    if (it == NULL) return NULL;
    PyObject *item;
    while ((item = PyIter_Next(it)) != NULL) {
        int t = PyObject_IsTrue(item);
        Py_DECREF(item);
        if (t < 0) {
            Py_DECREF(it);
            return NULL;
        }
        if (t == want) {
            Py_DECREF(it);
            return PyBool_FromLong(want);
        }
    }
    Py_DECREF(it);
    if (PyErr_Occurred()) return NULL;
    return PyBool_FromLong(!want);
}

static PyObject *builtin_all(PyObject *self, PyObject *x) { return all_any(x, 0); }
static PyObject *builtin_any(PyObject *self, PyObject *x) { return all_any(x, 1); }

static PyObject *builtin_chr(PyObject *self, PyObject *x) {
    int i = _PyLong_AsInt(x);
    if (i == -1 && PyErr_Occurred()) return NULL;
    if (i < 0 || i > 0x10ffff) {
        PyErr_SetString(PyExc_ValueError, "chr() arg not in range(0x110000)");
        return NULL;
    }
    return PyUnicode_FromOrdinal(i);
}

static PyObject *builtin_ord(PyObject *self, PyObject *c) {
    Py_ssize_t size;
    if (PyBytes_Check(c)) {
        size = PyBytes_GET_SIZE(c);
        if (size == 1) return PyLong_FromLong((unsigned char)PyBytes_AS_STRING(c)[0]);
    } else if (PyUnicode_Check(c)) {
        size = PyUnicode_GET_LENGTH(c);
        if (size == 1) return PyLong_FromLong((long)PyUnicode_READ_CHAR(c, 0));
    } else if (PyByteArray_Check(c)) {
        size = PyByteArray_GET_SIZE(c);
        if (size == 1) return PyLong_FromLong((unsigned char)PyByteArray_AS_STRING(c)[0]);
    } else {
        PyErr_Format(PyExc_TypeError, "ord() expected string of length 1, but %.200s found", Py_TYPE(c)->tp_name);
        return NULL;
    }
    PyErr_Format(PyExc_TypeError, "ord() expected a character, but string of length %zd found", size);
    return NULL;
}

/* ---------------- positional-only functions ---------------- */

static PyObject *builtin_isinstance(PyObject *self, PyObject *args) {
    PyObject *obj, *cls;
    if (!PyArg_UnpackTuple(args, "isinstance", 2, 2, &obj, &cls)) return NULL;
    int r = PyObject_IsInstance(obj, cls);
    return r < 0 ? NULL : PyBool_FromLong(r);
}

static PyObject *builtin_issubclass(PyObject *self, PyObject *args) {
    PyObject *obj, *cls;
    if (!PyArg_UnpackTuple(args, "issubclass", 2, 2, &obj, &cls)) return NULL;
    int r = PyObject_IsSubclass(obj, cls);
    return r < 0 ? NULL : PyBool_FromLong(r);
}

static PyObject *builtin_getattr(PyObject *self, PyObject *args) {
    PyObject *obj, *name, *dflt = NULL, *result;
    if (!PyArg_UnpackTuple(args, "getattr", 2, 3, &obj, &name, &dflt)) return NULL;
    if (dflt == NULL) return PyObject_GetAttr(obj, name);
    if (_PyObject_LookupAttr(obj, name, &result) == 0) return Py_NewRef(dflt);
    return result;
}

static PyObject *builtin_hasattr(PyObject *self, PyObject *args) {
    PyObject *obj, *name, *v;
    if (!PyArg_UnpackTuple(args, "hasattr", 2, 2, &obj, &name)) return NULL;
    if (_PyObject_LookupAttr(obj, name, &v) < 0) return NULL;
    if (v == NULL) Py_RETURN_FALSE;
    Py_DECREF(v);
    Py_RETURN_TRUE;
}

static PyObject *builtin_setattr(PyObject *self, PyObject *args) {
    PyObject *obj, *name, *value;
    if (!PyArg_UnpackTuple(args, "setattr", 3, 3, &obj, &name, &value)) return NULL;
    if (PyObject_SetAttr(obj, name, value) < 0) return NULL;
    Py_RETURN_NONE;
}

static PyObject *builtin_delattr(PyObject *self, PyObject *args) {
    PyObject *obj, *name;
    if (!PyArg_UnpackTuple(args, "delattr", 2, 2, &obj, &name)) return NULL;
    if (PyObject_SetAttr(obj, name, NULL) < 0) return NULL;
    Py_RETURN_NONE;
}

static PyObject *builtin_divmod(PyObject *self, PyObject *args) {
    PyObject *a, *b;
    if (!PyArg_UnpackTuple(args, "divmod", 2, 2, &a, &b)) return NULL;
    return PyNumber_Divmod(a, b);
}

static PyObject *builtin_format(PyObject *self, PyObject *args) {
    PyObject *value, *spec = NULL;
    if (!PyArg_UnpackTuple(args, "format", 1, 2, &value, &spec)) return NULL;
    if (spec != NULL && !PyUnicode_Check(spec)) {
        PyErr_Format(PyExc_TypeError, "format() argument 2 must be str, not %.50s", Py_TYPE(spec)->tp_name);
        return NULL;
    }
    return PyObject_Format(value, spec);
}

static PyObject *builtin_dir(PyObject *self, PyObject *args) {
    PyObject *obj = NULL;
    if (!PyArg_UnpackTuple(args, "dir", 0, 1, &obj)) return NULL;
    return PyObject_Dir(obj);
}

static PyObject *builtin_iter(PyObject *self, PyObject *args) {
    PyObject *v, *sentinel = NULL;
    if (!PyArg_UnpackTuple(args, "iter", 1, 2, &v, &sentinel)) return NULL;
    if (sentinel == NULL) return PyObject_GetIter(v);
    if (!PyCallable_Check(v)) {
        PyErr_SetString(PyExc_TypeError, "iter(v, w): v must be callable");
        return NULL;
    }
    return PyCallIter_New(v, sentinel);
}

static PyObject *builtin_next(PyObject *self, PyObject *args) {
    PyObject *it, *dflt = NULL;
    if (!PyArg_UnpackTuple(args, "next", 1, 2, &it, &dflt)) return NULL;
    if (!PyIter_Check(it)) {
        PyErr_Format(PyExc_TypeError, "'%.200s' object is not an iterator", Py_TYPE(it)->tp_name);
        return NULL;
    }
    PyObject *res = Py_TYPE(it)->tp_iternext(it);
    if (res != NULL) return res;
    if (dflt != NULL) {
        if (PyErr_Occurred()) {
            if (!PyErr_ExceptionMatches(PyExc_StopIteration)) return NULL;
            PyErr_Clear();
        }
        return Py_NewRef(dflt);
    }
    if (!PyErr_Occurred()) PyErr_SetNone(PyExc_StopIteration);
    return NULL;
}

static PyObject *builtin_sorted(PyObject *self, PyObject *args, PyObject *kwargs) {
    Py_ssize_t n = PyTuple_GET_SIZE(args);
    if (n != 1) {
        PyErr_Format(PyExc_TypeError, "sorted expected 1 argument, got %zd", n);
        return NULL;
    }
    PyObject *list = PySequence_List(PyTuple_GET_ITEM(args, 0));
    if (list == NULL) return NULL;
    PyObject *sort = PyObject_GetAttr(list, _cpx_intern("sort"));
    PyObject *empty = sort != NULL ? PyTuple_New(0) : NULL;
    PyObject *r = empty != NULL ? PyObject_Call(sort, empty, kwargs) : NULL;
    Py_XDECREF(empty);
    Py_XDECREF(sort);
    if (r == NULL) {
        Py_DECREF(list);
        return NULL;
    }
    Py_DECREF(r);
    return list;
}

/* ---------------- functions with keywords ---------------- */

static PyObject *builtin_import(PyObject *self, PyObject *args, PyObject *kwargs) {
    static char *kwlist[] = {"name", "globals", "locals", "fromlist", "level", NULL};
    PyObject *name, *globals = NULL, *locals = NULL, *fromlist = NULL;
    int level = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|OOOi:__import__", kwlist, &name, &globals, &locals, &fromlist,
                                     &level))
        return NULL;
    if (!PyUnicode_Check(name)) {
        PyErr_SetString(PyExc_TypeError, "module name must be a string");
        return NULL;
    }
    return PyImport_ImportModuleLevelObject(name, globals, locals, fromlist, level);
}

static PyObject *builtin_pow(PyObject *self, PyObject *args, PyObject *kwargs) {
    static char *kwlist[] = {"base", "exp", "mod", NULL};
    PyObject *base, *exp, *mod = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "OO|O:pow", kwlist, &base, &exp, &mod)) return NULL;
    return PyNumber_Power(base, exp, mod);
}

static PyObject *builtin_round(PyObject *self, PyObject *args, PyObject *kwargs) {
    static char *kwlist[] = {"number", "ndigits", NULL};
    PyObject *number, *ndigits = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|O:round", kwlist, &number, &ndigits)) return NULL;
    PyObject *method = _PyObject_LookupSpecial(number, _cpx_intern("__round__"));
    if (method == NULL) {
        if (!PyErr_Occurred())
            PyErr_Format(PyExc_TypeError, "type %.100s doesn't define __round__ method", Py_TYPE(number)->tp_name);
        return NULL;
    }
    PyObject *r = ndigits == Py_None ? PyObject_CallNoArgs(method) : PyObject_CallOneArg(method, ndigits);
    Py_DECREF(method);
    return r;
}

static PyObject *builtin_sum(PyObject *self, PyObject *args, PyObject *kwargs) {
    static char *kwlist[] = {"", "start", NULL};
    PyObject *iterable, *start = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O|O:sum", kwlist, &iterable, &start)) return NULL;
    PyObject *it = PyObject_GetIter(iterable);
    if (it == NULL) return NULL;
    PyObject *result;
    if (start == NULL) {
        result = PyLong_FromLong(0);
        if (result == NULL) goto fail;
    } else {
        const char *what = PyUnicode_Check(start)     ? "strings [use ''.join(seq) instead]"
                           : PyBytes_Check(start)     ? "bytes [use b''.join(seq) instead]"
                           : PyByteArray_Check(start) ? "bytearray [use b''.join(seq) instead]"
                                                      : NULL;
        if (what != NULL) {
            PyErr_Format(PyExc_TypeError, "sum() can't sum %s", what);
            goto fail;
        }
        result = Py_NewRef(start);
    }
    PyObject *item;
    while ((item = PyIter_Next(it)) != NULL) {
        PyObject *next = PyNumber_Add(result, item);
        Py_DECREF(item);
        Py_DECREF(result);
        if (next == NULL) goto fail;
        result = next;
    }
    Py_DECREF(it);
    if (PyErr_Occurred()) {
        Py_DECREF(result);
        return NULL;
    }
    return result;
fail:
    Py_DECREF(it);
    return NULL;
}

/* min() when op is Py_LT, max() when Py_GT. */
static PyObject *min_max(PyObject *args, PyObject *kwargs, int op) {
    static char *kwlist[] = {"key", "default", NULL};
    const char *name = op == Py_LT ? "min" : "max";
    Py_ssize_t nargs = PyTuple_GET_SIZE(args);
    if (nargs == 0) {
        PyErr_Format(PyExc_TypeError, "%s expected at least 1 argument, got 0", name);
        return NULL;
    }
    PyObject *seq = nargs > 1 ? args : PyTuple_GET_ITEM(args, 0);
    PyObject *keyfunc = NULL, *dflt = NULL;
    if (kwargs != NULL) {
        PyObject *empty = PyTuple_New(0);
        if (empty == NULL) return NULL;
        int ok = PyArg_ParseTupleAndKeywords(empty, kwargs, op == Py_LT ? "|$OO:min" : "|$OO:max", kwlist, &keyfunc,
                                             &dflt);
        Py_DECREF(empty);
        if (!ok) return NULL;
    }
    if (nargs > 1 && dflt != NULL) {
        PyErr_Format(PyExc_TypeError, "Cannot specify a default for %s() with multiple positional arguments", name);
        return NULL;
    }
    if (keyfunc == Py_None) keyfunc = NULL;
    PyObject *it = PyObject_GetIter(seq);
    if (it == NULL) return NULL;
    PyObject *best = NULL, *bestval = NULL, *item;
    while ((item = PyIter_Next(it)) != NULL) {
        PyObject *val = keyfunc != NULL ? PyObject_CallOneArg(keyfunc, item) : Py_NewRef(item);
        if (val == NULL) {
            Py_DECREF(item);
            goto fail;
        }
        if (bestval == NULL) {
            best = item;
            bestval = val;
            continue;
        }
        int cmp = PyObject_RichCompareBool(val, bestval, op);
        if (cmp < 0) {
            Py_DECREF(item);
            Py_DECREF(val);
            goto fail;
        }
        if (cmp > 0) {
            Py_SETREF(best, item);
            Py_SETREF(bestval, val);
        } else {
            Py_DECREF(item);
            Py_DECREF(val);
        }
    }
    if (PyErr_Occurred()) goto fail;
    Py_DECREF(it);
    Py_XDECREF(bestval);
    if (best == NULL) {
        if (dflt != NULL) return Py_NewRef(dflt);
        PyErr_Format(PyExc_ValueError, "%s() arg is an empty sequence", name);
    }
    return best;
fail:
    Py_DECREF(it);
    Py_XDECREF(best);
    Py_XDECREF(bestval);
    return NULL;
}

static PyObject *builtin_min(PyObject *self, PyObject *args, PyObject *kwargs) { return min_max(args, kwargs, Py_LT); }
static PyObject *builtin_max(PyObject *self, PyObject *args, PyObject *kwargs) { return min_max(args, kwargs, Py_GT); }

/* ---------------- print ---------------- */

/* Write str(obj) (or obj itself when it is a str) to `file`, or to the C
 * stdout when file is NULL. */
static int print_write(PyObject *file, PyObject *obj) {
    PyObject *text = PyUnicode_Check(obj) ? Py_NewRef(obj) : PyObject_Str(obj);
    if (text == NULL) return -1;
    int rc = 0;
    if (file == NULL) {
        Py_ssize_t len;
        const char *utf8 = PyUnicode_AsUTF8AndSize(text, &len);
        if (utf8 == NULL)
            rc = -1;
        else
            fwrite(utf8, 1, (size_t)len, stdout);
    } else {
        PyObject *r = PyObject_CallMethodOneArg(file, _cpx_intern("write"), text);
        if (r == NULL) rc = -1;
        Py_XDECREF(r);
    }
    Py_DECREF(text);
    return rc;
}

static PyObject *builtin_print(PyObject *self, PyObject *args, PyObject *kwargs) {
    static char *kwlist[] = {"sep", "end", "file", "flush", NULL};
    PyObject *sep = Py_None, *end = Py_None, *file = Py_None;
    int flush = 0;
    if (kwargs != NULL) {
        PyObject *empty = PyTuple_New(0);
        if (empty == NULL) return NULL;
        int ok = PyArg_ParseTupleAndKeywords(empty, kwargs, "|$OOOp:print", kwlist, &sep, &end, &file, &flush);
        Py_DECREF(empty);
        if (!ok) return NULL;
    }
    if (file == Py_None) {
        file = PySys_GetObject("stdout"); /* NULL or None: the C stream */
        if (file == Py_None) file = NULL;
    }
    if (sep == Py_None) {
        sep = NULL;
    } else if (!PyUnicode_Check(sep)) {
        PyErr_Format(PyExc_TypeError, "sep must be None or a string, not %.200s", Py_TYPE(sep)->tp_name);
        return NULL;
    }
    if (end == Py_None) {
        end = NULL;
    } else if (!PyUnicode_Check(end)) {
        PyErr_Format(PyExc_TypeError, "end must be None or a string, not %.200s", Py_TYPE(end)->tp_name);
        return NULL;
    }
    Py_XINCREF(file);
    int rc = 0;
    for (Py_ssize_t i = 0; rc == 0 && i < PyTuple_GET_SIZE(args); i++) {
        if (i > 0) rc = print_write(file, sep != NULL ? sep : _cpx_intern(" "));
        if (rc == 0) rc = print_write(file, PyTuple_GET_ITEM(args, i));
    }
    if (rc == 0) rc = print_write(file, end != NULL ? end : _cpx_intern("\n"));
    if (file == NULL) {
        fflush(stdout);
    } else if (rc == 0 && flush) {
        PyObject *r = PyObject_CallMethodNoArgs(file, _cpx_intern("flush"));
        if (r == NULL) rc = -1;
        Py_XDECREF(r);
    }
    Py_XDECREF(file);
    if (rc < 0) return NULL;
    Py_RETURN_NONE;
}

#define KW(f) (PyCFunction)(void (*)(void))(f), METH_VARARGS | METH_KEYWORDS

static PyMethodDef builtin_methods[] = {
    {"__import__", KW(builtin_import), "__import__(name, globals=None, locals=None, fromlist=(), level=0)"},
    {"abs", builtin_abs, METH_O, "abs(x) -- absolute value of x"},
    {"all", builtin_all, METH_O, "all(iterable) -- True unless some item is false"},
    {"any", builtin_any, METH_O, "any(iterable) -- True if some item is true"},
    {"ascii", builtin_ascii, METH_O, "ascii(obj) -- repr(obj) with non-ASCII characters escaped"},
    {"bin", builtin_bin, METH_O, "bin(number) -- binary text of an integer"},
    {"callable", builtin_callable, METH_O, "callable(obj) -- whether obj can be called"},
    {"chr", builtin_chr, METH_O, "chr(i) -- the one-character string of code point i"},
    {"delattr", builtin_delattr, METH_VARARGS, "delattr(obj, name) -- delete an attribute"},
    {"dir", builtin_dir, METH_VARARGS, "dir(obj) -- sorted attribute names of obj"},
    {"divmod", builtin_divmod, METH_VARARGS, "divmod(x, y) -- (x // y, x % y)"},
    {"format", builtin_format, METH_VARARGS, "format(value, format_spec='') -- value formatted by spec"},
    {"getattr", builtin_getattr, METH_VARARGS, "getattr(obj, name[, default]) -- an attribute of obj"},
    {"hasattr", builtin_hasattr, METH_VARARGS, "hasattr(obj, name) -- whether obj has the attribute"},
    {"hash", builtin_hash, METH_O, "hash(obj) -- the hash value of obj"},
    {"hex", builtin_hex, METH_O, "hex(number) -- hexadecimal text of an integer"},
    {"id", builtin_id, METH_O, "id(obj) -- the identity (address) of obj"},
    {"isinstance", builtin_isinstance, METH_VARARGS, "isinstance(obj, class_or_tuple)"},
    {"issubclass", builtin_issubclass, METH_VARARGS, "issubclass(cls, class_or_tuple)"},
    {"iter", builtin_iter, METH_VARARGS, "iter(iterable) or iter(callable, sentinel) -- an iterator"},
    {"len", builtin_len, METH_O, "len(obj) -- the number of items of obj"},
    {"max", KW(builtin_max), "max(iterable, *[, default=obj, key=func]) or max(a, b, *args, *[, key=func])"},
    {"min", KW(builtin_min), "min(iterable, *[, default=obj, key=func]) or min(a, b, *args, *[, key=func])"},
    {"next", builtin_next, METH_VARARGS, "next(iterator[, default]) -- the next item"},
    {"oct", builtin_oct, METH_O, "oct(number) -- octal text of an integer"},
    {"ord", builtin_ord, METH_O, "ord(c) -- the code point of a one-character string"},
    {"pow", KW(builtin_pow), "pow(base, exp, mod=None) -- base ** exp (modulo mod)"},
    {"print", KW(builtin_print), "print(*values, sep=' ', end='\\n', file=None, flush=False)"},
    {"repr", builtin_repr, METH_O, "repr(obj) -- the canonical text of obj"},
    {"round", KW(builtin_round), "round(number, ndigits=None) -- number rounded"},
    {"setattr", builtin_setattr, METH_VARARGS, "setattr(obj, name, value) -- set an attribute"},
    {"sorted", KW(builtin_sorted), "sorted(iterable, /, *, key=None, reverse=False) -- a new sorted list"},
    {"sum", KW(builtin_sum), "sum(iterable, /, start=0) -- start plus the sum of the items"},
    {NULL, NULL, 0, NULL},
};

/* ---------------- the module ---------------- */

static int add_type(PyObject *dict, const char *name, PyTypeObject *type) {
    return PyDict_SetItemString(dict, name, (PyObject *)type);
}

int _cpx_init_builtins(void) {
    if (builtins_module != NULL) return 0;
    if (_cpx_init_builtin_iters() < 0) return -1;
    PyObject *m = PyModule_New("builtins");
    if (m == NULL) return -1;
    PyObject *d = PyModule_GetDict(m);
    static const struct {
        const char *name;
        PyTypeObject *type;
    } types[] = {
        {"object", &PyBaseObject_Type}, {"type", &PyType_Type},
        {"int", &PyLong_Type}, {"bool", &PyBool_Type},
        {"float", &PyFloat_Type}, {"complex", &PyComplex_Type},
        {"str", &PyUnicode_Type}, {"bytes", &PyBytes_Type},
        {"bytearray", &PyByteArray_Type}, {"tuple", &PyTuple_Type},
        {"list", &PyList_Type}, {"dict", &PyDict_Type},
        {"set", &PySet_Type}, {"frozenset", &PyFrozenSet_Type},
        {"slice", &PySlice_Type}, {"range", &PyRange_Type},
        {"enumerate", &PyEnum_Type}, {"reversed", &PyReversed_Type},
        {"memoryview", &PyMemoryView_Type}, {"property", &PyProperty_Type},
        {"classmethod", &PyClassMethod_Type}, {"staticmethod", &PyStaticMethod_Type},
        {"super", &PySuper_Type}, {"zip", &PyZip_Type},
        {"map", &PyMap_Type}, {"filter", &PyFilter_Type},
    };
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
        if (add_type(d, types[i].name, types[i].type) < 0) goto fail;
    if (PyDict_SetItemString(d, "None", Py_None) < 0 || PyDict_SetItemString(d, "Ellipsis", Py_Ellipsis) < 0 ||
        PyDict_SetItemString(d, "NotImplemented", Py_NotImplemented) < 0 ||
        PyDict_SetItemString(d, "True", Py_True) < 0 || PyDict_SetItemString(d, "False", Py_False) < 0 ||
        PyDict_SetItemString(d, "__debug__", Py_True) < 0)
        goto fail;
    if (_cpx_exceptions_add_builtins(d) < 0) goto fail;
    if (PyModule_AddFunctions(m, builtin_methods) < 0) goto fail;
    if (PyDict_SetItemString(PyImport_GetModuleDict(), "builtins", m) < 0) goto fail;
    builtins_module = m;
    return 0;
fail:
    Py_DECREF(m);
    return -1;
}
