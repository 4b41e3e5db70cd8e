/* modules_single.c: a single-phase module with per-module state (m_size > 0): PyInit
 * creates it with PyModule_Create, the state is reached with PyModule_GetState from the
 * module object functions receive and, from code that has no module at hand, with
 * PyState_FindModule (the module is registered by the import machinery).
 *
 * Invariant: written against the documented CPython 3.11 API only, so it compiles unchanged
 * against cpyext/include and /usr/include/python3.11. Reference ownership: the state owns
 * `last` (the last value stored); PyState_FindModule returns a borrowed reference. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct {
    long hits;
    PyObject *last;
} single_state;

static struct PyModuleDef single_def;

/* A callback that is given no module: finds it through the interpreter. */
static single_state *find_state(void) {
    PyObject *m = PyState_FindModule(&single_def);
    if (m == NULL) {
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_RuntimeError, "module not found");
        return NULL;
    }
    return (single_state *)PyModule_GetState(m);
}

static PyObject *single_hit(PyObject *m, PyObject *unused) {
    single_state *st = find_state();
    if (st == NULL) return NULL;
    return PyLong_FromLong(++st->hits);
}

static PyObject *single_store(PyObject *m, PyObject *value) {
    single_state *st = (single_state *)PyModule_GetState(m);
    PyObject *old = st->last ? st->last : Py_None;
    PyObject *r = Py_NewRef(old);
    Py_XSETREF(st->last, Py_NewRef(value));
    return r;
}

static PyObject *single_found_is_self(PyObject *m, PyObject *unused) {
    return PyBool_FromLong(PyState_FindModule(&single_def) == m);
}

static PyObject *single_hits(PyObject *m, PyObject *unused) {
    return PyLong_FromLong(((single_state *)PyModule_GetState(m))->hits);
}

static PyMethodDef single_methods[] = {
    {"hit", single_hit, METH_NOARGS, NULL},
    {"store", single_store, METH_O, NULL},
    {"found_is_self", single_found_is_self, METH_NOARGS, NULL},
    {"hits", single_hits, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static int single_clear(PyObject *m) {
    single_state *st = (single_state *)PyModule_GetState(m);
    if (st != NULL) Py_CLEAR(st->last);
    return 0;
}

static struct PyModuleDef single_def = {
    PyModuleDef_HEAD_INIT,
    .m_name = "modules_single",
    .m_size = sizeof(single_state),
    .m_methods = single_methods,
    .m_clear = single_clear,
};

PyMODINIT_FUNC PyInit_modules_single(void) {
    PyObject *m = PyModule_Create(&single_def);
    if (m == NULL) return NULL;
    single_state *st = (single_state *)PyModule_GetState(m);
    if (st == NULL || st->hits != 0 || st->last != NULL) {
        Py_DECREF(m);
        PyErr_SetString(PyExc_AssertionError, "module state is not zeroed");
        return NULL;
    }
    st->hits = 100;
    /* Before the import machinery registers it, the module cannot be found. */
    if (PyState_FindModule(&single_def) != NULL) {
        Py_DECREF(m);
        PyErr_SetString(PyExc_AssertionError, "found before registration");
        return NULL;
    }
    if (PyModule_AddIntConstant(m, "STATE_SIZE", (long)sizeof(single_state)) < 0) { Py_DECREF(m); return NULL; }
    return m;
}
