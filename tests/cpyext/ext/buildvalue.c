/* buildvalue.c: Py_BuildValue with every unit, PyArg_UnpackTuple, the PyModule_Add* helpers
 * and PyObject_CallFunction / PyObject_CallMethod with formats.
 *
 * Invariant: documented CPython 3.11 API only (compiles against both header sets), built with
 * PY_SSIZE_T_CLEAN. Reference ownership: every function returns a new reference; arguments
 * are borrowed; 'N' is given a reference created for it. The call_* functions call the
 * callable they are given (default: this module's echo, which returns (args, kwargs)), so
 * a test can pass a JS function instead. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <limits.h>
#include <wchar.h>

/* ---- Py_BuildValue ---- */

static PyObject *b_ints(PyObject *self, PyObject *unused) {
    return Py_BuildValue("(bBhHiIlkLKn)", -128, 255, (short)-32768, (unsigned short)65535, INT_MIN, UINT_MAX,
                         LONG_MIN, ULONG_MAX, LLONG_MIN, ULLONG_MAX, PY_SSIZE_T_MAX);
}

/* 'b', 'B', 'h', 'H' take an int (varargs promotion): no wrapping happens. */
static PyObject *b_ints_unwrapped(PyObject *self, PyObject *unused) {
    return Py_BuildValue("(bBhH)", 300, -1, 70000, -1);
}

static PyObject *b_strings(PyObject *self, PyObject *unused) {
    return Py_BuildValue("(ss#zz#z#U U#)", "h\xc3\xa9", "a\0bc", (Py_ssize_t)3, "z", (char *)NULL, (Py_ssize_t)5,
                         "zz", (Py_ssize_t)1, "\xe2\x82\xac", "abc", (Py_ssize_t)2);
}

static PyObject *b_s_null(PyObject *self, PyObject *unused) {
    return Py_BuildValue("(ss#)", (char *)NULL, (char *)NULL, (Py_ssize_t)3);
}

static PyObject *b_bytes(PyObject *self, PyObject *unused) {
    return Py_BuildValue("(yy#cc)", "by", "x\0y", (Py_ssize_t)3, 'A', 255);
}

static PyObject *b_y_null(PyObject *self, PyObject *unused) {
    return Py_BuildValue("y", (char *)NULL);
}

static PyObject *b_bad_utf8(PyObject *self, PyObject *unused) {
    return Py_BuildValue("s", "\xff");
}

static PyObject *b_wide(PyObject *self, PyObject *unused) {
    return Py_BuildValue("(uu#u)", L"w\u00e9\U0001F600", L"abcdef", (Py_ssize_t)3, (wchar_t *)NULL);
}

static PyObject *b_chars(PyObject *self, PyObject *unused) {
    return Py_BuildValue("(CCc)", 0x41, 0x20AC, 'z');
}

static PyObject *b_bad_char(PyObject *self, PyObject *unused) {
    return Py_BuildValue("C", 0x110000);
}

static PyObject *b_floats(PyObject *self, PyObject *unused) {
    return Py_BuildValue("(dfd)", 0.1, (float)0.1, 2.0);
}

/* 'D': a complex, shown as (type name, real, imag). */
static PyObject *b_complex(PyObject *self, PyObject *unused) {
    Py_complex z = {1.5, -2.0};
    PyObject *c = Py_BuildValue("D", &z);
    if (c == NULL) return NULL;
    PyObject *r = Py_BuildValue("(sdd)", Py_TYPE(c)->tp_name, PyComplex_RealAsDouble(c), PyComplex_ImagAsDouble(c));
    Py_DECREF(c);
    return r;
}

/* objects(o): 'O', 'S', 'N' (a fresh int), 'O&'. */
static PyObject *to_len(void *p) {
    Py_ssize_t n = PyObject_Length((PyObject *)p);
    return n < 0 ? NULL : PyLong_FromSsize_t(n);
}

static PyObject *b_objects(PyObject *self, PyObject *args) {
    PyObject *o;
    if (!PyArg_ParseTuple(args, "O", &o)) return NULL;
    return Py_BuildValue("(OSNO&)", o, o, PyLong_FromLong(99), to_len, o);
}

/* O with NULL: SystemError when no exception is set, the set one otherwise. */
static PyObject *b_null_object(PyObject *self, PyObject *args) {
    int with_error;
    if (!PyArg_ParseTuple(args, "p", &with_error)) return NULL;
    if (with_error) PyErr_SetString(PyExc_KeyError, "from before");
    return Py_BuildValue("(iO)", 1, (PyObject *)NULL);
}

/* N after a failure is still consumed (no leak, no crash). */
static PyObject *b_n_after_failure(PyObject *self, PyObject *unused) {
    return Py_BuildValue("(OiN)", (PyObject *)NULL, 1, PyLong_FromLong(5));
}

static PyObject *b_containers(PyObject *self, PyObject *unused) {
    return Py_BuildValue("{s:i, s:[i,(i,s),[]], s:(), s:{}, i:{s:N}}", "a", 1, "b", 2, 3, "t", "e", "d", 7, "n",
                         PyLong_FromLong(8));
}

static PyObject *b_single(PyObject *self, PyObject *unused) {
    return Py_BuildValue("i", 5);
}

static PyObject *b_multiple(PyObject *self, PyObject *unused) {
    return Py_BuildValue("i s", 5, "x");
}

static PyObject *b_empty(PyObject *self, PyObject *unused) {
    return Py_BuildValue("");
}

static PyObject *b_separators(PyObject *self, PyObject *unused) {
    return Py_BuildValue("(i, i:i\ti)", 1, 2, 3, 4);
}

static PyObject *b_unmatched(PyObject *self, PyObject *unused) {
    return Py_BuildValue("(ii", 1, 2);
}

static PyObject *b_bad_unit(PyObject *self, PyObject *unused) {
    return Py_BuildValue("(iQ)", 1, 2);
}

static PyObject *b_unhashable(PyObject *self, PyObject *unused) {
    return Py_BuildValue("{[i]:i}", 1, 2);
}

static PyObject *b_dict_odd(PyObject *self, PyObject *unused) {
    return Py_BuildValue("{i:i,i}", 1, 2, 3);
}

/* ---- PyArg_UnpackTuple ---- */

static PyObject *unpack(PyObject *self, PyObject *args) {
    PyObject *a = NULL, *b = NULL, *c = NULL;
    if (!PyArg_UnpackTuple(args, "unpack", 1, 3, &a, &b, &c)) return NULL;
    return Py_BuildValue("(OOO)", a, b ? b : Py_None, c ? c : Py_None);
}

static PyObject *unpack_exact(PyObject *self, PyObject *args) {
    PyObject *a, *b;
    if (!PyArg_UnpackTuple(args, "unpack_exact", 2, 2, &a, &b)) return NULL;
    return Py_BuildValue("(OO)", a, b);
}

/* ---- calls with formats ---- */

static PyObject *echo(PyObject *self, PyObject *args, PyObject *kwargs) {
    return Py_BuildValue("(OO)", args, kwargs ? kwargs : Py_None);
}

static PyObject *callee(PyObject *self, PyObject *args) {
    PyObject *f = NULL;
    if (!PyArg_ParseTuple(args, "|O", &f)) return NULL;
    if (f != NULL && f != Py_None) {
        Py_INCREF(f);
        return f;
    }
    return PyObject_GetAttrString(self, "echo");
}

/* call_function(f=echo): the results of CallFunction with several formats, as a list (made
 * one call after the other, stopping at the first failure). */
static PyObject *call_function(PyObject *self, PyObject *args) {
    PyObject *f = callee(self, args);
    if (f == NULL) return NULL;
    PyObject *list = PyList_New(7);
    PyObject *t = Py_BuildValue("(iO)", 1, Py_None); /* a tuple given to "O" is the argument list */
    PyObject *r = NULL;
    for (int i = 0; list != NULL && t != NULL && i < 7; i++) {
        switch (i) {
        case 0: r = PyObject_CallFunction(f, NULL); break;
        case 1: r = PyObject_CallFunction(f, ""); break;
        case 2: r = PyObject_CallFunction(f, "i", 7); break;
        case 3: r = PyObject_CallFunction(f, "is", 7, "x"); break;
        case 4: r = PyObject_CallFunction(f, "(is)", 7, "x"); break;
        case 5: r = PyObject_CallFunction(f, "O", t); break;
        case 6: r = PyObject_CallFunction(f, "(O)", t); break;
        }
        if (r == NULL) {
            Py_CLEAR(list);
            break;
        }
        PyList_SET_ITEM(list, i, r);
    }
    Py_XDECREF(t);
    Py_DECREF(f);
    return list;
}

/* call_function_s(f=echo): "s#y#[i]" (with lengths, PY_SSIZE_T_CLEAN). */
static PyObject *call_function_s(PyObject *self, PyObject *args) {
    PyObject *f = callee(self, args);
    if (f == NULL) return NULL;
    PyObject *r = PyObject_CallFunction(f, "s#y#[i]", "abc", (Py_ssize_t)2, "x\0y", (Py_ssize_t)3, 4);
    Py_DECREF(f);
    return r;
}

/* call_function_error(f=echo): a failing format leaves the callable uncalled. */
static PyObject *call_function_error(PyObject *self, PyObject *args) {
    PyObject *f = callee(self, args);
    if (f == NULL) return NULL;
    PyObject *r = PyObject_CallFunction(f, "(iQ)", 1, 2);
    Py_DECREF(f);
    return r;
}

/* call_function_objargs(f=echo). */
static PyObject *call_function_objargs(PyObject *self, PyObject *args) {
    PyObject *f = callee(self, args);
    if (f == NULL) return NULL;
    PyObject *a = PyLong_FromLong(3), *b = PyUnicode_FromString("b");
    PyObject *r = PyObject_CallFunctionObjArgs(f, a, b, NULL);
    Py_DECREF(a);
    Py_DECREF(b);
    Py_DECREF(f);
    return r;
}

/* call_method(obj=module, name="echo"): CallMethod with formats, stopping at the first failure. */
static PyObject *call_method(PyObject *self, PyObject *args) {
    PyObject *obj = self;
    const char *name = "echo";
    if (!PyArg_ParseTuple(args, "|Os", &obj, &name)) return NULL;
    PyObject *list = PyList_New(4), *r = NULL;
    for (int i = 0; list != NULL && i < 4; i++) {
        switch (i) {
        case 0: r = PyObject_CallMethod(obj, name, NULL); break;
        case 1: r = PyObject_CallMethod(obj, name, "i", 1); break;
        case 2: r = PyObject_CallMethod(obj, name, "(ii)", 1, 2); break;
        case 3: r = PyObject_CallMethod(obj, name, "{s:i}", "k", 3); break;
        }
        if (r == NULL) {
            Py_CLEAR(list);
            break;
        }
        PyList_SET_ITEM(list, i, r);
    }
    return list;
}

/* call_method_one(obj, name, arg): obj.name(arg) through CallMethod("O"). */
static PyObject *call_method_one(PyObject *self, PyObject *args) {
    PyObject *obj, *arg;
    const char *name;
    if (!PyArg_ParseTuple(args, "OsO", &obj, &name, &arg)) return NULL;
    return PyObject_CallMethod(obj, name, "(O)", arg);
}

/* ---- PyModule_Add* ---- */

/* add(name, value): PyModule_AddObjectRef on this module; returns what it returned. */
static PyObject *add(PyObject *self, PyObject *args) {
    const char *name;
    PyObject *value;
    if (!PyArg_ParseTuple(args, "sO", &name, &value)) return NULL;
    if (PyModule_AddObjectRef(self, name, value) < 0) return NULL;
    return PyLong_FromLong(0);
}

/* add_to(obj): PyModule_AddObjectRef / AddIntConstant / AddStringConstant / AddObject on obj. */
static PyObject *add_to(PyObject *self, PyObject *args) {
    PyObject *obj;
    if (!PyArg_ParseTuple(args, "O", &obj)) return NULL;
    int r1 = PyModule_AddObjectRef(obj, "x", Py_None);
    PyErr_Clear();
    int r2 = PyModule_AddIntConstant(obj, "x", 1);
    PyErr_Clear();
    int r3 = PyModule_AddStringConstant(obj, "x", "s");
    PyErr_Clear();
    PyObject *v = PyLong_FromLong(1);
    int r4 = PyModule_AddObject(obj, "x", v);
    if (r4 < 0) Py_DECREF(v); /* AddObject steals only on success */
    PyErr_Clear();
    return Py_BuildValue("(iiii)", r1, r2, r3, r4);
}

static PyObject *add_error(PyObject *self, PyObject *args) {
    int which;
    if (!PyArg_ParseTuple(args, "i", &which)) return NULL;
    if (which == 0 && PyModule_AddObjectRef(args, "x", Py_None) < 0) return NULL;
    if (which == 1 && PyModule_AddObjectRef(self, "x", NULL) < 0) return NULL;
    if (which == 2) {
        PyErr_SetString(PyExc_ValueError, "value failed");
        if (PyModule_AddObjectRef(self, "x", NULL) < 0) return NULL;
    }
    if (which == 3 && PyModule_AddIntConstant(args, "x", 1) < 0) return NULL;
    if (which == 4 && PyModule_AddStringConstant(self, "bad", "\xff") < 0) return NULL;
    Py_RETURN_NONE;
}

typedef struct {
    PyObject_HEAD
} ThingObject;

static PyTypeObject Thing_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "buildvalue.Thing",
    .tp_basicsize = sizeof(ThingObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
};

#define ANSWER_MACRO 42
#define GREETING_MACRO "hi"

#define M(name, fn, flags) {name, (PyCFunction)(void (*)(void))fn, flags, NULL}

static PyMethodDef methods[] = {
    M("ints", b_ints, METH_NOARGS), M("ints_unwrapped", b_ints_unwrapped, METH_NOARGS),
    M("strings", b_strings, METH_NOARGS), M("s_null", b_s_null, METH_NOARGS),
    M("bytes_", b_bytes, METH_NOARGS), M("y_null", b_y_null, METH_NOARGS), M("bad_utf8", b_bad_utf8, METH_NOARGS),
    M("wide", b_wide, METH_NOARGS), M("chars", b_chars, METH_NOARGS), M("bad_char", b_bad_char, METH_NOARGS),
    M("floats", b_floats, METH_NOARGS), M("complex_", b_complex, METH_NOARGS), M("objects", b_objects, METH_VARARGS),
    M("null_object", b_null_object, METH_VARARGS), M("n_after_failure", b_n_after_failure, METH_NOARGS),
    M("containers", b_containers, METH_NOARGS), M("single", b_single, METH_NOARGS),
    M("multiple", b_multiple, METH_NOARGS), M("empty", b_empty, METH_NOARGS),
    M("separators", b_separators, METH_NOARGS), M("unmatched", b_unmatched, METH_NOARGS),
    M("bad_unit", b_bad_unit, METH_NOARGS), M("unhashable", b_unhashable, METH_NOARGS),
    M("dict_odd", b_dict_odd, METH_NOARGS),
    M("unpack", unpack, METH_VARARGS), M("unpack_exact", unpack_exact, METH_VARARGS),
    M("echo", echo, METH_VARARGS | METH_KEYWORDS),
    M("call_function", call_function, METH_VARARGS), M("call_function_s", call_function_s, METH_VARARGS),
    M("call_function_error", call_function_error, METH_VARARGS),
    M("call_function_objargs", call_function_objargs, METH_VARARGS),
    M("call_method", call_method, METH_VARARGS), M("call_method_one", call_method_one, METH_VARARGS),
    M("add", add, METH_VARARGS), M("add_to", add_to, METH_VARARGS), M("add_error", add_error, METH_VARARGS),
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "buildvalue",
    .m_doc = "Py_BuildValue, PyArg_UnpackTuple, PyModule_Add* and calls with formats.",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC PyInit_buildvalue(void) {
    PyObject *m = PyModule_Create(&module);
    if (m == NULL) return NULL;
    PyObject *list = Py_BuildValue("[is]", 1, "two");
    if (PyType_Ready(&Thing_Type) < 0 || PyModule_AddIntConstant(m, "INT_CONST", -7) < 0 ||
        PyModule_AddIntMacro(m, ANSWER_MACRO) < 0 || PyModule_AddStringConstant(m, "STR_CONST", "h\xc3\xa9") < 0 ||
        PyModule_AddStringMacro(m, GREETING_MACRO) < 0 || PyModule_AddObjectRef(m, "LIST", list) < 0 ||
        PyModule_AddType(m, &Thing_Type) < 0) {
        Py_XDECREF(list);
        Py_DECREF(m);
        return NULL;
    }
    Py_DECREF(list);
    PyObject *owned = PyUnicode_FromString("stolen");
    if (PyModule_AddObject(m, "STOLEN", owned) < 0) {
        Py_XDECREF(owned);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
