/* misuse: an extension with deliberate reference-counting and memory bugs,
 * for the debug shim's tests (tests/cpyext/debug.test.ts). Each bug function
 * is one mistake an extension author makes; under the debug shim it must end
 * in a clear report, never silent corruption. Nothing here runs under
 * CPython (its behaviour there is undefined). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* Token: a minimal object with a distinctive type name for leak reports. */
typedef struct {
    PyObject_HEAD
    long value;
} Token;

static PyTypeObject Token_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "misuse.Token",
    .tp_basicsize = sizeof(Token),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
};

/* Tracked: a GC type whose deallocator forgets PyObject_GC_UnTrack. */
typedef struct {
    PyObject_HEAD
    PyObject *item;
} Tracked;

static int tracked_traverse(PyObject *self, visitproc visit, void *arg) {
    Py_VISIT(((Tracked *)self)->item);
    return 0;
}

static void tracked_dealloc(PyObject *self) {
    Py_CLEAR(((Tracked *)self)->item);
    Py_TYPE(self)->tp_free(self); /* the bug: no PyObject_GC_UnTrack(self) first */
}

static PyTypeObject Tracked_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "misuse.Tracked",
    .tp_basicsize = sizeof(Tracked),
    .tp_dealloc = tracked_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_traverse = tracked_traverse,
    .tp_alloc = PyType_GenericAlloc,
    .tp_free = PyObject_GC_Del,
};

/* token(value) -> a Token, correctly owned by the caller. */
static PyObject *token(PyObject *m, PyObject *arg) {
    long value = PyLong_AsLong(arg);
    if (value == -1 && PyErr_Occurred()) return NULL;
    Token *t = PyObject_New(Token, &Token_Type);
    if (t == NULL) return NULL;
    t->value = value;
    return (PyObject *)t;
}

/* leak_token(value) -> a Token with one reference too many: it never dies. */
static PyObject *leak_token(PyObject *m, PyObject *arg) {
    PyObject *t = token(m, arg);
    Py_XINCREF(t);
    return t;
}

/* repr_after_free(): repr() of a list it has already released. */
static PyObject *repr_after_free(PyObject *m, PyObject *unused) {
    PyObject *list = PyList_New(0);
    if (list == NULL) return NULL;
    Py_DECREF(list);
    return PyObject_Repr(list);
}

/* decref_twice(): releases its only reference to a Token twice. */
static PyObject *decref_twice(PyObject *m, PyObject *unused) {
    PyObject *t = (PyObject *)PyObject_New(Token, &Token_Type);
    if (t == NULL) return NULL;
    Py_DECREF(t);
    Py_DECREF(t);
    Py_RETURN_NONE;
}

/* write_after_free(): writes into a PyMem block after freeing it, then
 * frees enough other blocks for it to leave the quarantine. */
static PyObject *write_after_free(PyObject *m, PyObject *unused) {
    char *buffer = PyMem_Malloc(64);
    if (buffer == NULL) return PyErr_NoMemory();
    PyMem_Free(buffer);
    buffer[10] = 'x';
    for (int i = 0; i < 100000; i++) PyMem_Free(PyMem_Malloc(16));
    Py_RETURN_NONE;
}

/* negative_refcount(): a list whose count an extension drove below zero. */
static PyObject *negative_refcount(PyObject *m, PyObject *unused) {
    PyObject *list = PyList_New(0);
    if (list == NULL) return NULL;
    Py_SET_REFCNT(list, 0);
    Py_DecRef(list);
    Py_RETURN_NONE;
}

/* free_tracked(): creates and drops a Tracked (whose deallocator is buggy). */
static PyObject *free_tracked(PyObject *m, PyObject *unused) {
    PyObject *t = Tracked_Type.tp_alloc(&Tracked_Type, 0);
    if (t == NULL) return NULL;
    Py_DECREF(t);
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"token", token, METH_O, NULL},
    {"leak_token", leak_token, METH_O, NULL},
    {"repr_after_free", repr_after_free, METH_NOARGS, NULL},
    {"decref_twice", decref_twice, METH_NOARGS, NULL},
    {"write_after_free", write_after_free, METH_NOARGS, NULL},
    {"negative_refcount", negative_refcount, METH_NOARGS, NULL},
    {"free_tracked", free_tracked, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef moduledef = {PyModuleDef_HEAD_INIT, "misuse", NULL, -1, methods};

PyMODINIT_FUNC PyInit_misuse(void) {
    if (PyType_Ready(&Token_Type) < 0 || PyType_Ready(&Tracked_Type) < 0) return NULL;
    PyObject *m = PyModule_Create(&moduledef);
    if (m == NULL) return NULL;
    Py_INCREF(&Token_Type);
    if (PyModule_AddObject(m, "Token", (PyObject *)&Token_Type) < 0) {
        Py_DECREF(&Token_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
