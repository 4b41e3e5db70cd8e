/* cpyext_overhead.c: the CPython extension the cpyext bench rows call. One source, built
 * twice: against cbridge's headers for Node (cpyext:* rows) and against the machine's own
 * CPython (and PyPy) headers for the peer rows, so every row calls the same C code.
 *
 *   add(a, b)   METH_FASTCALL    two ints in, their sum out
 *   addv(a, b)  METH_VARARGS     the same through PyArg_ParseTuple
 *   ident(o)    METH_O           returns its argument
 *   noop()      METH_NOARGS      returns None */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#ifndef Py_NewRef /* a macro since 3.10; PyPy 3.9's headers lack it */
static inline PyObject *Py_NewRef(PyObject *o) { Py_INCREF(o); return o; }
#endif

static PyObject *add(PyObject *self, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 2) {
        PyErr_SetString(PyExc_TypeError, "add() takes exactly 2 arguments");
        return NULL;
    }
    long a = PyLong_AsLong(args[0]);
    if (a == -1 && PyErr_Occurred()) return NULL;
    long b = PyLong_AsLong(args[1]);
    if (b == -1 && PyErr_Occurred()) return NULL;
    return PyLong_FromLong(a + b);
}

static PyObject *addv(PyObject *self, PyObject *args) {
    long a, b;
    if (!PyArg_ParseTuple(args, "ll:addv", &a, &b)) return NULL;
    return PyLong_FromLong(a + b);
}

static PyObject *ident(PyObject *self, PyObject *o) { return Py_NewRef(o); }

static PyObject *noop(PyObject *self, PyObject *unused) { Py_RETURN_NONE; }

static PyMethodDef methods[] = {
    {"add", (PyCFunction)(void (*)(void))add, METH_FASTCALL, "a + b (METH_FASTCALL)"},
    {"addv", addv, METH_VARARGS, "a + b (METH_VARARGS)"},
    {"ident", ident, METH_O, "o (METH_O)"},
    {"noop", noop, METH_NOARGS, "None (METH_NOARGS)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "cpyext_overhead", "call-overhead probes", -1, methods};

PyMODINIT_FUNC PyInit_cpyext_overhead(void) { return PyModule_Create(&module); }
