/* iterobject.c: the generic iterators behind iter(): PySeqIter_Type
 * ("iterator", over anything with __getitem__) and PyCallIter_Type
 * ("callable_iterator", iter(callable, sentinel)).
 *
 * Invariant: an iterator owns references to what it walks (the sequence;
 * the callable and the sentinel) until it is exhausted, then drops them and
 * stays exhausted. Items are returned as new references. */
#include "containers.h"

typedef struct {
    PyObject_HEAD
    Py_ssize_t it_index;
    PyObject *it_seq; /* owned; NULL once exhausted */
} seqiterobject;

PyObject *PySeqIter_New(PyObject *seq) {
    if (!PySequence_Check(seq)) {
        PyErr_BadInternalCall();
        return NULL;
    }
    seqiterobject *it = PyObject_Malloc(sizeof(seqiterobject));
    if (it == NULL) return PyErr_NoMemory();
    _cpx_setup_object((PyObject *)it, &PySeqIter_Type);
    it->it_index = 0;
    it->it_seq = Py_NewRef(seq);
    return (PyObject *)it;
}

static void seqiter_dealloc(PyObject *op) {
    Py_XDECREF(((seqiterobject *)op)->it_seq);
    PyObject_Free(op);
}

static int seqiter_traverse(PyObject *op, visitproc visit, void *arg) {
    Py_VISIT(((seqiterobject *)op)->it_seq);
    return 0;
}

static PyObject *seqiter_next(PyObject *op) {
    seqiterobject *it = (seqiterobject *)op;
    PyObject *seq = it->it_seq;
    if (seq == NULL) return NULL;
    if (it->it_index == PY_SSIZE_T_MAX) {
        PyErr_SetString(PyExc_OverflowError, "iter index too large");
        return NULL;
    }
    PyObject *result = PySequence_GetItem(seq, it->it_index);
    if (result != NULL) {
        it->it_index++;
        return result;
    }
    /* IndexError or StopIteration from __getitem__ ends the iteration. */
    if (PyErr_ExceptionMatches(PyExc_IndexError) || PyErr_ExceptionMatches(PyExc_StopIteration)) {
        PyErr_Clear();
        it->it_seq = NULL;
        Py_DECREF(seq);
    }
    return NULL;
}

static PyObject *seqiter_len(PyObject *op, PyObject *Py_UNUSED(ignored)) {
    seqiterobject *it = (seqiterobject *)op;
    if (it->it_seq != NULL) {
        PyTypeObject *tp = Py_TYPE(it->it_seq);
        int has_len = (tp->tp_as_sequence && tp->tp_as_sequence->sq_length) ||
                      (tp->tp_as_mapping && tp->tp_as_mapping->mp_length);
        if (!has_len) Py_RETURN_NOTIMPLEMENTED;
        Py_ssize_t size = PySequence_Size(it->it_seq);
        if (size == -1) return NULL;
        if (size - it->it_index >= 0) return PyLong_FromSsize_t(size - it->it_index);
    }
    return PyLong_FromLong(0);
}

static PyMethodDef seqiter_methods[] = {
    {"__length_hint__", seqiter_len, METH_NOARGS, "Private method returning an estimate of len(list(it))."},
    {NULL, NULL, 0, NULL},
};

PyTypeObject PySeqIter_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "iterator",
    .tp_basicsize = sizeof(seqiterobject),
    .tp_dealloc = seqiter_dealloc,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_traverse = seqiter_traverse,
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = seqiter_next,
    .tp_methods = seqiter_methods,
};

/* ---- iter(callable, sentinel) ---- */

typedef struct {
    PyObject_HEAD
    PyObject *it_callable; /* owned; NULL once exhausted */
    PyObject *it_sentinel; /* owned; NULL once exhausted */
} calliterobject;

PyObject *PyCallIter_New(PyObject *callable, PyObject *sentinel) {
    calliterobject *it = PyObject_Malloc(sizeof(calliterobject));
    if (it == NULL) return PyErr_NoMemory();
    _cpx_setup_object((PyObject *)it, &PyCallIter_Type);
    it->it_callable = Py_NewRef(callable);
    it->it_sentinel = Py_NewRef(sentinel);
    return (PyObject *)it;
}

static void calliter_dealloc(PyObject *op) {
    calliterobject *it = (calliterobject *)op;
    Py_XDECREF(it->it_callable);
    Py_XDECREF(it->it_sentinel);
    PyObject_Free(op);
}

static int calliter_traverse(PyObject *op, visitproc visit, void *arg) {
    Py_VISIT(((calliterobject *)op)->it_callable);
    Py_VISIT(((calliterobject *)op)->it_sentinel);
    return 0;
}

static PyObject *calliter_next(PyObject *op) {
    calliterobject *it = (calliterobject *)op;
    if (it->it_callable == NULL) return NULL;
    PyObject *result = PyObject_CallNoArgs(it->it_callable);
    if (result != NULL) {
        int ok = PyObject_RichCompareBool(it->it_sentinel, result, Py_EQ);
        if (ok == 0) return result;
        Py_DECREF(result);
        if (ok > 0) {
            Py_CLEAR(it->it_callable);
            Py_CLEAR(it->it_sentinel);
        }
    } else if (PyErr_ExceptionMatches(PyExc_StopIteration)) {
        PyErr_Clear();
        Py_CLEAR(it->it_callable);
        Py_CLEAR(it->it_sentinel);
    }
    return NULL;
}

PyTypeObject PyCallIter_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "callable_iterator",
    .tp_basicsize = sizeof(calliterobject),
    .tp_dealloc = calliter_dealloc,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_traverse = calliter_traverse,
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = calliter_next,
};

int _cpx_init_iter(void) {
    if (PyType_Ready(&PySeqIter_Type) < 0 || PyType_Ready(&PyCallIter_Type) < 0) return -1;
    return 0;
}
