/* smoke.c: the smallest extension that exercises each calling convention, proving the
 * fixture pipeline (compile against both header sets, record CPython's results, replay).
 *
 * Invariant: written against the documented CPython 3.11 API only, so it compiles
 * unchanged against cpyext/include and /usr/include/python3.11. Reference ownership:
 * every function returns a new reference; arguments are borrowed; the defaults of kwfunc
 * are created per call and released before returning. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* add(a, b): METH_VARARGS, a + b through the number protocol. */
static PyObject *smoke_add(PyObject *self, PyObject *args) {
    PyObject *a, *b;
    if (!PyArg_ParseTuple(args, "OO:add", &a, &b)) return NULL;
    return PyNumber_Add(a, b);
}

/* ident(o): METH_O, o itself. */
static PyObject *smoke_ident(PyObject *self, PyObject *o) {
    Py_INCREF(o);
    return o;
}

/* noop(): METH_NOARGS, None. */
static PyObject *smoke_noop(PyObject *self, PyObject *unused) {
    Py_RETURN_NONE;
}

/* kwfunc(a, b=2, *, c=3): METH_FASTCALL | METH_KEYWORDS, the tuple (a, b, c). */
static PyObject *smoke_kwfunc(PyObject *self, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames) {
    static const char *const names[] = {"a", "b", "c"};
    PyObject *vals[3] = {NULL, NULL, NULL};
    Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    if (nargs > 2) {
        PyErr_Format(PyExc_TypeError, "kwfunc() takes at most 2 positional arguments (%zd given)", nargs);
        return NULL;
    }
    for (Py_ssize_t i = 0; i < nargs; i++) vals[i] = args[i];
    for (Py_ssize_t i = 0; i < nkw; i++) {
        PyObject *key = PyTuple_GET_ITEM(kwnames, i);
        int slot = -1;
        for (int j = 0; j < 3; j++)
            if (PyUnicode_CompareWithASCIIString(key, names[j]) == 0) slot = j;
        if (slot < 0) {
            PyErr_Format(PyExc_TypeError, "kwfunc() got an unexpected keyword argument '%U'", key);
            return NULL;
        }
        if (vals[slot]) {
            PyErr_Format(PyExc_TypeError, "kwfunc() got multiple values for argument '%s'", names[slot]);
            return NULL;
        }
        vals[slot] = args[nargs + i];
    }
    if (!vals[0]) {
        PyErr_SetString(PyExc_TypeError, "kwfunc() missing required argument 'a' (pos 1)");
        return NULL;
    }
    PyObject *b = vals[1] ? (Py_INCREF(vals[1]), vals[1]) : PyLong_FromLong(2);
    PyObject *c = vals[2] ? (Py_INCREF(vals[2]), vals[2]) : PyLong_FromLong(3);
    PyObject *result = (b && c) ? PyTuple_Pack(3, vals[0], b, c) : NULL;
    Py_XDECREF(b);
    Py_XDECREF(c);
    return result;
}

static PyMethodDef smoke_methods[] = {
    {"add", smoke_add, METH_VARARGS, "add(a, b) -> a + b"},
    {"ident", smoke_ident, METH_O, "ident(o) -> o"},
    {"noop", smoke_noop, METH_NOARGS, "noop() -> None"},
    {"kwfunc", (PyCFunction)(void (*)(void))smoke_kwfunc, METH_FASTCALL | METH_KEYWORDS, "kwfunc(a, b=2, *, c=3) -> (a, b, c)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef smoke_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "smoke",
    .m_doc = "Calling conventions, for the cpyext test pipeline.",
    .m_size = -1,
    .m_methods = smoke_methods,
};

PyMODINIT_FUNC PyInit_smoke(void) {
    PyObject *m = PyModule_Create(&smoke_module);
    if (m == NULL) return NULL;
    if (PyModule_AddIntConstant(m, "ANSWER", 42) < 0 || PyModule_AddStringConstant(m, "GREETING", "hello") < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
