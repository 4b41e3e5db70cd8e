/* list_iter.c: the list iterators, forward (PyListIter_Type, iter(list))
 * and reversed (PyListRevIter_Type, reversed(list)).
 *
 * Invariant: an iterator owns a reference to its list until it is
 * exhausted (it_seq NULL from then on) and re-checks the list's current
 * size on every step, so a list changed while iterated never makes it read
 * outside the items. Items are returned as new references. */
#include "containers.h"

typedef struct {
    PyObject_HEAD
    Py_ssize_t it_index;
    PyListObject *it_seq; /* owned; NULL once exhausted */
} listiterobject;

static PyObject *listiter_new(PyObject *seq, PyTypeObject *type, Py_ssize_t index) {
    listiterobject *it = PyObject_Malloc(sizeof(listiterobject));
    if (it == NULL) return PyErr_NoMemory();
    _cpx_setup_object((PyObject *)it, type);
    it->it_index = index;
    it->it_seq = (PyListObject *)Py_NewRef(seq);
    return (PyObject *)it;
}

PyObject *_cpx_list_iter(PyObject *seq) { return listiter_new(seq, &PyListIter_Type, 0); }

PyObject *_cpx_list_reviter(PyObject *seq) {
    return listiter_new(seq, &PyListRevIter_Type, Py_SIZE(seq) - 1);
}

static void listiter_dealloc(PyObject *op) {
    Py_XDECREF(((listiterobject *)op)->it_seq);
    PyObject_Free(op);
}

static int listiter_traverse(PyObject *op, visitproc visit, void *arg) {
    Py_VISIT(((listiterobject *)op)->it_seq);
    return 0;
}

static PyObject *listiter_next(PyObject *op) {
    listiterobject *it = (listiterobject *)op;
    if (it->it_seq == NULL) return NULL;
    if (it->it_index < Py_SIZE(it->it_seq)) return Py_NewRef(it->it_seq->ob_item[it->it_index++]);
    Py_CLEAR(it->it_seq);
    return NULL;
}

static PyObject *listreviter_next(PyObject *op) {
    listiterobject *it = (listiterobject *)op;
    if (it->it_seq == NULL) return NULL;
    Py_ssize_t i = it->it_index;
    if (i >= 0 && i < Py_SIZE(it->it_seq)) {
        it->it_index--;
        return Py_NewRef(it->it_seq->ob_item[i]);
    }
    it->it_index = -1;
    Py_CLEAR(it->it_seq);
    return NULL;
}

static PyObject *listiter_len(PyObject *op, PyObject *Py_UNUSED(ignored)) {
    listiterobject *it = (listiterobject *)op;
    Py_ssize_t n = it->it_seq ? Py_SIZE(it->it_seq) - it->it_index : 0;
    return PyLong_FromSsize_t(n < 0 ? 0 : n);
}

static PyObject *listreviter_len(PyObject *op, PyObject *Py_UNUSED(ignored)) {
    listiterobject *it = (listiterobject *)op;
    Py_ssize_t n = it->it_index + 1;
    if (it->it_seq == NULL || Py_SIZE(it->it_seq) < n) n = 0;
    return PyLong_FromSsize_t(n);
}

static PyMethodDef listiter_methods[] = {
    {"__length_hint__", listiter_len, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyMethodDef listreviter_methods[] = {
    {"__length_hint__", listreviter_len, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

PyTypeObject PyListIter_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "list_iterator",
    .tp_basicsize = sizeof(listiterobject),
    .tp_dealloc = listiter_dealloc,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_traverse = listiter_traverse,
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = listiter_next,
    .tp_methods = listiter_methods,
};

PyTypeObject PyListRevIter_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "list_reverseiterator",
    .tp_basicsize = sizeof(listiterobject),
    .tp_dealloc = listiter_dealloc,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_traverse = listiter_traverse,
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = listreviter_next,
    .tp_methods = listreviter_methods,
};

