/* texts.c: the text families' C API (str, bytes, bytearray) seen through an extension:
 * PyUnicode_FromFormat unit by unit, UTF-8 access, kinds, search/split/join/replace,
 * codecs with error handlers, and the bytes/bytearray constructors, concatenation and resizing.
 *
 * Invariant: written against the documented CPython 3.11 API only, so it compiles
 * unchanged against cpyext/include and /usr/include/python3.11. Reference ownership:
 * every function returns a new reference; arguments are borrowed; the stealing calls
 * (PyBytes_ConcatAndDel, PyUnicode_Append*) are given references we own. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

/* fmt(i): the i-th PyUnicode_FromFormat case (IndexError past the end). */
static PyObject *t_fmt(PyObject *self, PyObject *arg) {
    long i = PyLong_AsLong(arg);
    if (i == -1 && PyErr_Occurred()) return NULL;
    PyObject *obj = PyUnicode_FromString("h\xc3\xa9llo");
    PyObject *list = Py_BuildValue("[is]", 1, "two");
    PyObject *r = NULL;
    if (obj == NULL || list == NULL) goto done;
    switch (i) {
    case 0: r = PyUnicode_FromFormat("plain"); break;
    case 1: r = PyUnicode_FromFormat("%d %i %u", -12, 34, 56u); break;
    case 2: r = PyUnicode_FromFormat("%ld %li %lu", -1234567890123L, 42L, 18446744073709551615UL); break;
    case 3: r = PyUnicode_FromFormat("%lld %llu", -9223372036854775807LL - 1, 18446744073709551615ULL); break;
    case 4: r = PyUnicode_FromFormat("%zd %zi %zu", (Py_ssize_t)-7, (Py_ssize_t)8, (size_t)9); break;
    case 5: r = PyUnicode_FromFormat("%x|%c|%c|%c", 255, 'A', 0xe9, 0x1F600); break;
    case 6: r = PyUnicode_FromFormat("[%s] [%.3s] [%10s] [%-6s|]", "abc", "abcdef", "right", "left"); break;
    case 7: r = PyUnicode_FromFormat("%U / %V / %V", obj, obj, "unused", NULL, "fallback \xc3\xa9"); break;
    case 8: r = PyUnicode_FromFormat("%S %R %A", obj, obj, obj); break;
    case 9: r = PyUnicode_FromFormat("%R and %S", list, list); break;
    case 10: r = PyUnicode_FromFormat("100%% %5d|%-5d|%05d|%.3d", 42, 42, 42, 7); break;
    case 11: r = PyUnicode_FromFormat("%s", "h\xc3\xa9 \xf0\x9f\x98\x80"); break;
    case 12: r = PyUnicode_FromFormat("%.2U|%5U|%.1S", obj, obj, list); break;
    case 13: r = PyUnicode_FromFormat("%d%s%d", 1, "", 2); break;
    case 14: r = PyUnicode_FromFormat("%lx %zx %llx", 0xdeadbeefUL, (size_t)4096, 0xffffffffffULL); break;
    case 15: r = PyUnicode_FromFormat("%i%%", -0); break;
    case 16: r = PyUnicode_FromFormat("[%20R]", obj); break;
    default: PyErr_SetString(PyExc_IndexError, "no such format case"); break;
    }
done:
    Py_XDECREF(obj);
    Py_XDECREF(list);
    return r;
}

/* utf8(s): (bytes of PyUnicode_AsUTF8AndSize, size, strlen of PyUnicode_AsUTF8). */
static PyObject *t_utf8(PyObject *self, PyObject *s) {
    Py_ssize_t n = -5;
    const char *p = PyUnicode_AsUTF8AndSize(s, &n);
    if (p == NULL) return NULL;
    const char *q = PyUnicode_AsUTF8(s);
    if (q == NULL) return NULL;
    return Py_BuildValue("y#nn", p, n, n, (Py_ssize_t)strlen(q));
}

/* info(s): (len, kind, max of the chars, PyUnicode_ReadChar of each end, GET_LENGTH). */
static PyObject *t_info(PyObject *self, PyObject *s) {
    if (!PyUnicode_Check(s)) {
        PyErr_SetString(PyExc_TypeError, "need a str");
        return NULL;
    }
    Py_ssize_t n = PyUnicode_GetLength(s);
    int kind = PyUnicode_KIND(s);
    const void *data = PyUnicode_DATA(s);
    Py_UCS4 max = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, data, i);
        if (c > max) max = c;
    }
    long first = n ? (long)PyUnicode_ReadChar(s, 0) : -1, last = n ? (long)PyUnicode_ReadChar(s, n - 1) : -1;
    return Py_BuildValue("nilllnO", n, kind, (long)max, first, last, PyUnicode_GET_LENGTH(s), PyUnicode_IS_ASCII(s) ? Py_True : Py_False);
}

/* read_char(s, i): PyUnicode_ReadChar (IndexError out of range). */
static PyObject *t_read_char(PyObject *self, PyObject *args) {
    PyObject *s;
    Py_ssize_t i;
    if (!PyArg_ParseTuple(args, "On:read_char", &s, &i)) return NULL;
    Py_UCS4 c = PyUnicode_ReadChar(s, i);
    if (c == (Py_UCS4)-1 && PyErr_Occurred()) return NULL;
    return PyLong_FromUnsignedLong(c);
}

/* from_kind(kind, data): PyUnicode_FromKindAndData(kind, data, len(data) / kind). */
static PyObject *t_from_kind(PyObject *self, PyObject *args) {
    int kind;
    const char *p;
    Py_ssize_t n;
    if (!PyArg_ParseTuple(args, "iy#:from_kind", &kind, &p, &n)) return NULL;
    Py_ssize_t width = kind >= 1 && kind <= 4 ? kind : 1;
    /* copy to aligned memory */
    void *buf = PyMem_Malloc(n + 4);
    if (buf == NULL) return PyErr_NoMemory();
    memcpy(buf, p, n);
    PyObject *r = PyUnicode_FromKindAndData(kind, buf, n / width);
    PyMem_Free(buf);
    return r;
}

/* from_ucs4(list of ints): PyUnicode_FromKindAndData(4, ...) then the kind it got. */
static PyObject *t_from_ucs4(PyObject *self, PyObject *seq) {
    Py_ssize_t n = PyList_Size(seq);
    if (n < 0) return NULL;
    Py_UCS4 *buf = PyMem_Malloc((n + 1) * sizeof(Py_UCS4));
    if (buf == NULL) return PyErr_NoMemory();
    for (Py_ssize_t i = 0; i < n; i++) buf[i] = (Py_UCS4)PyLong_AsUnsignedLong(PyList_GET_ITEM(seq, i));
    PyObject *r = PyErr_Occurred() ? NULL : PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buf, n);
    PyMem_Free(buf);
    if (r == NULL) return NULL;
    return Py_BuildValue("Ni", r, PyUnicode_KIND(r));
}

/* A SystemError's message names a CPython source line: keep only its type, as a result. */
static PyObject *system_error_as_name(PyObject *r) {
    if (r == NULL && PyErr_ExceptionMatches(PyExc_SystemError)) {
        PyErr_Clear();
        return PyUnicode_FromString("SystemError");
    }
    return r;
}

/* op(name, ...): the str functions of the abstract layer, by name. */
static PyObject *t_op(PyObject *self, PyObject *args) {
    Py_ssize_t n = PyTuple_GET_SIZE(args);
    if (n < 1) {
        PyErr_SetString(PyExc_TypeError, "op needs a name");
        return NULL;
    }
    const char *name = PyUnicode_AsUTF8(PyTuple_GET_ITEM(args, 0));
    if (name == NULL) return NULL;
    PyObject *rest = PyTuple_GetSlice(args, 1, n);
    if (rest == NULL) return NULL;
    PyObject *a, *b = NULL, *c = NULL, *r = NULL;
    Py_ssize_t i1 = 0, i2 = PY_SSIZE_T_MAX;
    int d = 1;
    if (strcmp(name, "substring") == 0) {
        if (PyArg_ParseTuple(rest, "Onn", &a, &i1, &i2)) r = PyUnicode_Substring(a, i1, i2);
    } else if (strcmp(name, "find") == 0) {
        if (PyArg_ParseTuple(rest, "OO|nni", &a, &b, &i1, &i2, &d)) {
            Py_ssize_t k = PyUnicode_Find(a, b, i1, i2, d);
            r = k == -2 ? NULL : PyLong_FromSsize_t(k);
        }
    } else if (strcmp(name, "findchar") == 0) {
        unsigned int ch;
        if (PyArg_ParseTuple(rest, "OI|nni", &a, &ch, &i1, &i2, &d)) {
            Py_ssize_t k = PyUnicode_FindChar(a, ch, i1, i2, d);
            r = k == -2 ? NULL : PyLong_FromSsize_t(k);
        }
    } else if (strcmp(name, "count") == 0) {
        if (PyArg_ParseTuple(rest, "OO|nn", &a, &b, &i1, &i2)) {
            Py_ssize_t k = PyUnicode_Count(a, b, i1, i2);
            r = k == -1 ? NULL : PyLong_FromSsize_t(k);
        }
    } else if (strcmp(name, "tailmatch") == 0) {
        if (PyArg_ParseTuple(rest, "OOnni", &a, &b, &i1, &i2, &d)) {
            Py_ssize_t k = PyUnicode_Tailmatch(a, b, i1, i2, d);
            r = k == -1 ? NULL : PyLong_FromSsize_t(k);
        }
    } else if (strcmp(name, "split") == 0) {
        i1 = -1;
        if (PyArg_ParseTuple(rest, "OO|n", &a, &b, &i1)) r = PyUnicode_Split(a, b == Py_None ? NULL : b, i1);
    } else if (strcmp(name, "rsplit") == 0) {
        i1 = -1;
        if (PyArg_ParseTuple(rest, "OO|n", &a, &b, &i1)) r = PyUnicode_RSplit(a, b == Py_None ? NULL : b, i1);
    } else if (strcmp(name, "splitlines") == 0) {
        if (PyArg_ParseTuple(rest, "O|i", &a, &d)) r = PyUnicode_Splitlines(a, d);
    } else if (strcmp(name, "partition") == 0) {
        if (PyArg_ParseTuple(rest, "OO", &a, &b)) r = PyUnicode_Partition(a, b);
    } else if (strcmp(name, "join") == 0) {
        if (PyArg_ParseTuple(rest, "OO", &a, &b)) r = PyUnicode_Join(a, b);
    } else if (strcmp(name, "replace") == 0) {
        i1 = -1;
        if (PyArg_ParseTuple(rest, "OOO|n", &a, &b, &c, &i1)) r = PyUnicode_Replace(a, b, c, i1);
    } else if (strcmp(name, "concat") == 0) {
        if (PyArg_ParseTuple(rest, "OO", &a, &b)) r = PyUnicode_Concat(a, b);
    } else if (strcmp(name, "append") == 0) {
        if (PyArg_ParseTuple(rest, "OO", &a, &b)) {
            PyObject *acc = PyUnicode_FromObject(a);
            if (acc != NULL) {
                PyUnicode_Append(&acc, b);
                r = acc;
            }
        }
    } else if (strcmp(name, "contains") == 0) {
        if (PyArg_ParseTuple(rest, "OO", &a, &b)) {
            int k = PyUnicode_Contains(a, b);
            r = k < 0 ? NULL : PyBool_FromLong(k);
        }
    } else if (strcmp(name, "compare") == 0) {
        if (PyArg_ParseTuple(rest, "OO", &a, &b)) {
            int k = PyUnicode_Compare(a, b);
            r = k == -1 && PyErr_Occurred() ? NULL : PyLong_FromLong(k);
        }
    } else if (strcmp(name, "compare_ascii") == 0) {
        const char *s;
        if (PyArg_ParseTuple(rest, "Os", &a, &s)) r = PyLong_FromLong(PyUnicode_CompareWithASCIIString(a, s));
    } else if (strcmp(name, "fromobject") == 0) {
        if (PyArg_ParseTuple(rest, "O", &a)) r = PyUnicode_FromObject(a);
    } else if (strcmp(name, "format") == 0) {
        if (PyArg_ParseTuple(rest, "OO", &a, &b)) r = PyUnicode_Format(a, b);
    } else if (strcmp(name, "fromstring_size") == 0) {
        const char *s;
        Py_ssize_t len;
        if (PyArg_ParseTuple(rest, "y#n", &s, &len, &i1)) r = PyUnicode_FromStringAndSize(s, i1 < len ? i1 : len);
    } else if (strcmp(name, "fromordinal") == 0) {
        int ch;
        if (PyArg_ParseTuple(rest, "i", &ch)) r = PyUnicode_FromOrdinal(ch);
    } else if (strcmp(name, "intern") == 0) {
        const char *s;
        if (PyArg_ParseTuple(rest, "s", &s)) {
            PyObject *x = PyUnicode_InternFromString(s), *y = PyUnicode_InternFromString(s);
            r = (x && y) ? Py_BuildValue("OO", x, x == y ? Py_True : Py_False) : NULL;
            Py_XDECREF(x);
            Py_XDECREF(y);
        }
    } else {
        PyErr_Format(PyExc_ValueError, "unknown op %s", name);
    }
    Py_DECREF(rest);
    return system_error_as_name(r);
}

/* encode(s, encoding|None, errors|None): PyUnicode_AsEncodedString. */
static PyObject *t_encode(PyObject *self, PyObject *args) {
    PyObject *s;
    const char *enc = NULL, *err = NULL;
    if (!PyArg_ParseTuple(args, "Uzz:encode", &s, &enc, &err)) return NULL;
    return PyUnicode_AsEncodedString(s, enc, err);
}

/* decode(b, encoding|None, errors|None): PyUnicode_Decode. */
static PyObject *t_decode(PyObject *self, PyObject *args) {
    const char *p, *enc = NULL, *err = NULL;
    Py_ssize_t n;
    if (!PyArg_ParseTuple(args, "y#zz:decode", &p, &n, &enc, &err)) return NULL;
    return PyUnicode_Decode(p, n, enc, err);
}

/* codec(name, x, errors|None): the named PyUnicode_(As|Decode)<codec> function. */
static PyObject *t_codec(PyObject *self, PyObject *args) {
    const char *name, *err = NULL;
    PyObject *x;
    if (!PyArg_ParseTuple(args, "sOz:codec", &name, &x, &err)) return NULL;
    if (strcmp(name, "AsUTF8String") == 0) return PyUnicode_AsUTF8String(x);
    if (strcmp(name, "AsASCIIString") == 0) return PyUnicode_AsASCIIString(x);
    if (strcmp(name, "AsLatin1String") == 0) return PyUnicode_AsLatin1String(x);
    if (strcmp(name, "AsUTF16String") == 0) return PyUnicode_AsUTF16String(x);
    if (strcmp(name, "AsUTF32String") == 0) return PyUnicode_AsUTF32String(x);
    if (strcmp(name, "EncodeLocale") == 0) return PyUnicode_EncodeFSDefault(x);
    const char *p;
    Py_ssize_t n;
    if (PyBytes_AsStringAndSize(x, (char **)&p, &n) < 0) return NULL;
    if (strcmp(name, "DecodeUTF8") == 0) return PyUnicode_DecodeUTF8(p, n, err);
    if (strcmp(name, "DecodeUTF8Stateful") == 0) {
        Py_ssize_t consumed = -1;
        PyObject *s = PyUnicode_DecodeUTF8Stateful(p, n, err, &consumed);
        return s ? Py_BuildValue("Nn", s, consumed) : NULL;
    }
    if (strcmp(name, "DecodeASCII") == 0) return PyUnicode_DecodeASCII(p, n, err);
    if (strcmp(name, "DecodeLatin1") == 0) return PyUnicode_DecodeLatin1(p, n, err);
    if (strcmp(name, "DecodeUTF16") == 0) {
        int order = 0;
        return PyUnicode_DecodeUTF16(p, n, err, &order);
    }
    if (strcmp(name, "DecodeUTF32") == 0) {
        int order = 0;
        return PyUnicode_DecodeUTF32(p, n, err, &order);
    }
    if (strcmp(name, "DecodeFSDefault") == 0) return PyUnicode_DecodeFSDefaultAndSize(p, n);
    PyErr_Format(PyExc_ValueError, "unknown codec function %s", name);
    return NULL;
}

/* bytes_op(name, ...): the bytes functions, by name. */
static PyObject *t_bytes(PyObject *self, PyObject *args) {
    const char *name;
    PyObject *a = NULL, *b = NULL;
    Py_ssize_t n = 0;
    if (!PyArg_ParseTuple(args, "s|OO:bytes_op", &name, &a, &b)) return NULL;
    if (strcmp(name, "fromstring") == 0) {
        const char *s = PyUnicode_AsUTF8(a);
        return s ? PyBytes_FromString(s) : NULL;
    }
    if (strcmp(name, "fromsize") == 0) {
        n = PyLong_AsSsize_t(b);
        if (n == -1 && PyErr_Occurred()) return NULL;
        char *p;
        Py_ssize_t len;
        if (PyBytes_AsStringAndSize(a, &p, &len) < 0) return NULL;
        return PyBytes_FromStringAndSize(n <= len ? p : NULL, n);
    }
    if (strcmp(name, "format") == 0)
        return PyBytes_FromFormat("%d|%s|%c|%zd|%x|%%|%5s|%.2s", -3, "ab", 'Z', (Py_ssize_t)123456789012, 0xbeef, "r", "xyz");
    if (strcmp(name, "concat") == 0) {
        Py_XINCREF(a);
        PyObject *acc = a;
        PyBytes_Concat(&acc, b);
        return acc;
    }
    if (strcmp(name, "concat_and_del") == 0) {
        Py_XINCREF(a);
        Py_XINCREF(b);
        PyObject *acc = a;
        PyBytes_ConcatAndDel(&acc, b);
        return acc;
    }
    if (strcmp(name, "resize") == 0) {
        /* a fresh copy of a, resized to b bytes (new bytes beyond the old end are not compared) */
        n = PyLong_AsSsize_t(b);
        if (n == -1 && PyErr_Occurred()) return NULL;
        PyObject *copy = PyBytes_FromStringAndSize(PyBytes_AsString(a), PyBytes_Size(a));
        if (copy == NULL) return NULL;
        Py_ssize_t old = PyBytes_GET_SIZE(copy);
        if (_PyBytes_Resize(&copy, n) < 0) return system_error_as_name(NULL);
        if (n > old) memset(PyBytes_AS_STRING(copy) + old, '.', n - old);
        return Py_BuildValue("Ni", copy, (int)PyBytes_AS_STRING(copy)[n]);
    }
    if (strcmp(name, "as_string_nolen") == 0) {
        char *p;
        if (PyBytes_AsStringAndSize(a, &p, NULL) < 0) return NULL;
        return PyBytes_FromString(p);
    }
    if (strcmp(name, "size") == 0) {
        n = PyBytes_Size(a);
        return n < 0 ? NULL : PyLong_FromSsize_t(n);
    }
    if (strcmp(name, "fromobject") == 0) return PyBytes_FromObject(a);
    if (strcmp(name, "repr") == 0) return PyBytes_Repr(a, 1);
    if (strcmp(name, "join") == 0) return _PyBytes_Join(a, b);
    PyErr_Format(PyExc_ValueError, "unknown op %s", name);
    return NULL;
}

/* bytearray_op(name, ...): the bytearray functions, by name. */
static PyObject *t_bytearray(PyObject *self, PyObject *args) {
    const char *name;
    PyObject *a = NULL, *b = NULL;
    if (!PyArg_ParseTuple(args, "s|OO:bytearray_op", &name, &a, &b)) return NULL;
    if (strcmp(name, "fromobject") == 0) return PyByteArray_FromObject(a);
    if (strcmp(name, "fromstring") == 0) {
        char *p;
        Py_ssize_t n;
        if (PyBytes_AsStringAndSize(a, &p, &n) < 0) return NULL;
        return PyByteArray_FromStringAndSize(p, n);
    }
    if (strcmp(name, "concat") == 0) return PyByteArray_Concat(a, b);
    if (strcmp(name, "resize") == 0) {
        /* a new bytearray from a, resized to each size in the list b in turn; the contents after each */
        PyObject *ba = PyByteArray_FromObject(a);
        if (ba == NULL) return NULL;
        PyObject *out = PyList_New(0);
        for (Py_ssize_t i = 0; out && i < PyList_Size(b); i++) {
            Py_ssize_t old = PyByteArray_Size(ba);
            Py_ssize_t n = PyLong_AsSsize_t(PyList_GET_ITEM(b, i));
            if ((n == -1 && PyErr_Occurred()) || PyByteArray_Resize(ba, n) < 0) {
                Py_CLEAR(out);
                break;
            }
            if (n > old) memset(PyByteArray_AsString(ba) + old, '#', n - old);
            PyObject *item = Py_BuildValue("y#ni", PyByteArray_AS_STRING(ba), PyByteArray_GET_SIZE(ba), PyByteArray_Size(ba),
                                           (int)PyByteArray_AS_STRING(ba)[PyByteArray_GET_SIZE(ba)]);
            if (item == NULL || PyList_Append(out, item) < 0) Py_CLEAR(out);
            Py_XDECREF(item);
        }
        Py_DECREF(ba);
        return out;
    }
    if (strcmp(name, "size") == 0) {
        Py_ssize_t n = PyByteArray_Size(a);
        return n < 0 && PyErr_Occurred() ? NULL : PyLong_FromSsize_t(n);
    }
    PyErr_Format(PyExc_ValueError, "unknown op %s", name);
    return NULL;
}

static PyMethodDef texts_methods[] = {
    {"fmt", t_fmt, METH_O, NULL},
    {"utf8", t_utf8, METH_O, NULL},
    {"info", t_info, METH_O, NULL},
    {"read_char", t_read_char, METH_VARARGS, NULL},
    {"from_kind", t_from_kind, METH_VARARGS, NULL},
    {"from_ucs4", t_from_ucs4, METH_O, NULL},
    {"op", t_op, METH_VARARGS, NULL},
    {"encode", t_encode, METH_VARARGS, NULL},
    {"decode", t_decode, METH_VARARGS, NULL},
    {"codec", t_codec, METH_VARARGS, NULL},
    {"bytes_op", t_bytes, METH_VARARGS, NULL},
    {"bytearray_op", t_bytearray, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef texts_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "texts",
    .m_doc = "The str/bytes/bytearray C API, for the cpyext tests.",
    .m_size = -1,
    .m_methods = texts_methods,
};

PyMODINIT_FUNC PyInit_texts(void) { return PyModule_Create(&texts_module); }
