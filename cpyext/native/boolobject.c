/* boolobject.c: the bool type, a subclass of int with exactly two
 * instances.
 *
 * Ownership: False and True are static PyLongObjects typed bool (ob_size 0
 * and 1, digit 0 and 1), immortal; every function returning them returns a
 * new reference (an incref). bool is not subclassable and never allocates.
 * &, | and ^ of two bools give a bool; everything else is int's. */
#include "long_internal.h"

PyLongObject _Py_FalseStruct = { { { CPX_IMMORTAL_REFCNT, &PyBool_Type }, 0 }, { 0 } };
PyLongObject _Py_TrueStruct = { { { CPX_IMMORTAL_REFCNT, &PyBool_Type }, 1 }, { 1 } };

PyObject *PyBool_FromLong(long ok) { return Py_NewRef(ok ? Py_True : Py_False); }

static PyObject *bool_repr(PyObject *self) {
    return PyUnicode_FromString(self == Py_True ? "True" : "False");
}

static PyObject *bool_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    if (kwds != NULL && PyDict_GET_SIZE(kwds) != 0) {
        PyErr_SetString(PyExc_TypeError, "bool() takes no keyword arguments");
        return NULL;
    }
    Py_ssize_t n = PyTuple_GET_SIZE(args);
    if (n > 1) {
        PyErr_Format(PyExc_TypeError, "bool expected at most 1 argument, got %zd", n);
        return NULL;
    }
    if (n == 0) Py_RETURN_FALSE;
    int ok = PyObject_IsTrue(PyTuple_GET_ITEM(args, 0));
    if (ok < 0) return NULL;
    return PyBool_FromLong(ok);
}

static PyObject *bool_and(PyObject *a, PyObject *b) {
    if (!PyBool_Check(a) || !PyBool_Check(b)) return PyLong_Type.tp_as_number->nb_and(a, b);
    return PyBool_FromLong((a == Py_True) & (b == Py_True));
}
static PyObject *bool_or(PyObject *a, PyObject *b) {
    if (!PyBool_Check(a) || !PyBool_Check(b)) return PyLong_Type.tp_as_number->nb_or(a, b);
    return PyBool_FromLong((a == Py_True) | (b == Py_True));
}
static PyObject *bool_xor(PyObject *a, PyObject *b) {
    if (!PyBool_Check(a) || !PyBool_Check(b)) return PyLong_Type.tp_as_number->nb_xor(a, b);
    return PyBool_FromLong((a == Py_True) ^ (b == Py_True));
}

static PyNumberMethods bool_as_number = {
    .nb_and = bool_and,
    .nb_xor = bool_xor,
    .nb_or = bool_or,
};

static void bool_dealloc(PyObject *self) {
    Py_FatalError("deallocating True or False");
}

PyTypeObject PyBool_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "bool",
    .tp_basicsize = sizeof(PyLongObject), /* as CPython: a one-digit int (Cython checks it) */
    .tp_itemsize = sizeof(digit),
    .tp_dealloc = bool_dealloc,
    .tp_repr = bool_repr,
    .tp_as_number = &bool_as_number,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_LONG_SUBCLASS | _Py_TPFLAGS_MATCH_SELF,
    .tp_doc = "bool(x) -> bool\n\nReturns True when the argument x is true, False otherwise.\n"
              "The builtins True and False are the only two instances of the class bool.\n"
              "The class bool is a subclass of the class int, and cannot be subclassed.",
    .tp_base = &PyLong_Type,
    .tp_new = bool_new,
};

int _cpx_init_bool(void) { return PyType_Ready(&PyBool_Type); }
