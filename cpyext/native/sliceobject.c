/* sliceobject.c: slice objects (PySlice_Type), the Ellipsis singleton and
 * the slice-index helpers every sequence uses.
 *
 * Invariant: a slice owns references to its start, stop and step, none of
 * them NULL (None stands for "omitted"). _Py_EllipsisObject is a static,
 * immortal object. Index helpers clamp out-of-range integers to
 * [PY_SSIZE_T_MIN, PY_SSIZE_T_MAX] like CPython's, so results agree with
 * CPython for every length that fits a Py_ssize_t. */
#include "containers.h"

/* ---- Ellipsis ---- */

static PyObject *ellipsis_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    if (PyTuple_GET_SIZE(args) != 0 || (kwds != NULL && PyDict_Check(kwds) && PyDict_GET_SIZE(kwds) != 0)) {
        PyErr_SetString(PyExc_TypeError, "EllipsisType takes no arguments");
        return NULL;
    }
    return Py_NewRef(Py_Ellipsis);
}

static PyObject *ellipsis_repr(PyObject *op) { return PyUnicode_FromString("Ellipsis"); }

static PyObject *ellipsis_reduce(PyObject *op, PyObject *Py_UNUSED(ignored)) {
    return PyUnicode_FromString("Ellipsis");
}

static void ellipsis_dealloc(PyObject *op) {
    /* Immortal: reaching here means a reference-count bug elsewhere. */
    _cpx_immortal(op);
}

static PyMethodDef ellipsis_methods[] = {
    {"__reduce__", ellipsis_reduce, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

PyTypeObject PyEllipsis_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "ellipsis",
    .tp_basicsize = 0,
    .tp_dealloc = ellipsis_dealloc,
    .tp_repr = ellipsis_repr,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_methods = ellipsis_methods,
    .tp_new = ellipsis_new,
};

PyObject _Py_EllipsisObject = { 1, &PyEllipsis_Type };

/* ---- index helpers ---- */

int _PyEval_SliceIndex(PyObject *v, Py_ssize_t *pi) {
    if (v == Py_None) return 1;
    if (!PyIndex_Check(v)) {
        PyErr_SetString(PyExc_TypeError,
                        "slice indices must be integers or None or have an __index__ method");
        return 0;
    }
    Py_ssize_t x = PyNumber_AsSsize_t(v, NULL);
    if (x == -1 && PyErr_Occurred()) return 0;
    *pi = x;
    return 1;
}

int _PyEval_SliceIndexNotNone(PyObject *v, Py_ssize_t *pi) {
    if (!PyIndex_Check(v)) {
        PyErr_SetString(PyExc_TypeError, "slice indices must be integers or have an __index__ method");
        return 0;
    }
    Py_ssize_t x = PyNumber_AsSsize_t(v, NULL);
    if (x == -1 && PyErr_Occurred()) return 0;
    *pi = x;
    return 1;
}

int _cpx_parse_index_args(PyObject *args, const char *fname, PyObject **value,
                          Py_ssize_t *start, Py_ssize_t *stop) {
    Py_ssize_t n = PyTuple_GET_SIZE(args);
    if (n < 1) {
        PyErr_Format(PyExc_TypeError, "%s expected at least 1 argument, got %zd", fname, n);
        return -1;
    }
    if (n > 3) {
        PyErr_Format(PyExc_TypeError, "%s expected at most 3 arguments, got %zd", fname, n);
        return -1;
    }
    *value = PyTuple_GET_ITEM(args, 0);
    *start = 0;
    *stop = PY_SSIZE_T_MAX;
    if (n > 1 && !_PyEval_SliceIndexNotNone(PyTuple_GET_ITEM(args, 1), start)) return -1;
    if (n > 2 && !_PyEval_SliceIndexNotNone(PyTuple_GET_ITEM(args, 2), stop)) return -1;
    return 0;
}

/* ---- slice API ---- */

PyObject *PySlice_New(PyObject *start, PyObject *stop, PyObject *step) {
    PySliceObject *obj = PyObject_Malloc(sizeof(PySliceObject));
    if (obj == NULL) return PyErr_NoMemory();
    _cpx_setup_object((PyObject *)obj, &PySlice_Type);
    obj->start = Py_NewRef(start ? start : Py_None);
    obj->stop = Py_NewRef(stop ? stop : Py_None);
    obj->step = Py_NewRef(step ? step : Py_None);
    return (PyObject *)obj;
}

PyObject *_PySlice_FromIndices(Py_ssize_t istart, Py_ssize_t istop) {
    PyObject *start = PyLong_FromSsize_t(istart), *stop = start ? PyLong_FromSsize_t(istop) : NULL;
    PyObject *res = stop ? PySlice_New(start, stop, NULL) : NULL;
    Py_XDECREF(start);
    Py_XDECREF(stop);
    return res;
}

int PySlice_GetIndices(PyObject *op, Py_ssize_t length, Py_ssize_t *start, Py_ssize_t *stop,
                       Py_ssize_t *step) {
    PySliceObject *r = (PySliceObject *)op;
    /* The historical variant: plain ints only, no clamping, and a bare -1
     * (no exception) for anything it cannot handle. */
    if (r->step == Py_None) *step = 1;
    else {
        if (!PyLong_Check(r->step)) return -1;
        *step = PyLong_AsSsize_t(r->step);
    }
    if (r->start == Py_None) *start = *step < 0 ? length - 1 : 0;
    else {
        if (!PyLong_Check(r->start)) return -1;
        *start = PyLong_AsSsize_t(r->start);
        if (*start < 0) *start += length;
    }
    if (r->stop == Py_None) *stop = *step < 0 ? -1 : length;
    else {
        if (!PyLong_Check(r->stop)) return -1;
        *stop = PyLong_AsSsize_t(r->stop);
        if (*stop < 0) *stop += length;
    }
    if (*stop > length || *start >= length || *step == 0) return -1;
    return 0;
}

int PySlice_Unpack(PyObject *op, Py_ssize_t *start, Py_ssize_t *stop, Py_ssize_t *step) {
    PySliceObject *r = (PySliceObject *)op;
    if (r->step == Py_None) *step = 1;
    else {
        if (!_PyEval_SliceIndex(r->step, step)) return -1;
        if (*step == 0) {
            PyErr_SetString(PyExc_ValueError, "slice step cannot be zero");
            return -1;
        }
        /* Keep -step representable (reversed slices negate it). */
        if (*step < -PY_SSIZE_T_MAX) *step = -PY_SSIZE_T_MAX;
    }
    if (r->start == Py_None) *start = *step < 0 ? PY_SSIZE_T_MAX : 0;
    else if (!_PyEval_SliceIndex(r->start, start)) return -1;
    if (r->stop == Py_None) *stop = *step < 0 ? PY_SSIZE_T_MIN : PY_SSIZE_T_MAX;
    else if (!_PyEval_SliceIndex(r->stop, stop)) return -1;
    return 0;
}

Py_ssize_t PySlice_AdjustIndices(Py_ssize_t length, Py_ssize_t *start, Py_ssize_t *stop,
                                 Py_ssize_t step) {
    if (*start < 0) {
        *start += length;
        if (*start < 0) *start = step < 0 ? -1 : 0;
    } else if (*start >= length) {
        *start = step < 0 ? length - 1 : length;
    }
    if (*stop < 0) {
        *stop += length;
        if (*stop < 0) *stop = step < 0 ? -1 : 0;
    } else if (*stop >= length) {
        *stop = step < 0 ? length - 1 : length;
    }
    if (step < 0) {
        if (*stop < *start) return (*start - *stop - 1) / (-step) + 1;
    } else if (*start < *stop) {
        return (*stop - *start - 1) / step + 1;
    }
    return 0;
}

int PySlice_GetIndicesEx(PyObject *op, Py_ssize_t length, Py_ssize_t *start, Py_ssize_t *stop,
                         Py_ssize_t *step, Py_ssize_t *slicelength) {
    if (PySlice_Unpack(op, start, stop, step) < 0) return -1;
    *slicelength = PySlice_AdjustIndices(length, start, stop, *step);
    return 0;
}

/* ---- slice type ---- */

static PyObject *slice_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    if (kwds != NULL && PyDict_Check(kwds) && PyDict_GET_SIZE(kwds) != 0) {
        PyErr_SetString(PyExc_TypeError, "slice() takes no keyword arguments");
        return NULL;
    }
    Py_ssize_t n = PyTuple_GET_SIZE(args);
    if (n < 1) {
        PyErr_Format(PyExc_TypeError, "slice expected at least 1 argument, got %zd", n);
        return NULL;
    }
    if (n > 3) {
        PyErr_Format(PyExc_TypeError, "slice expected at most 3 arguments, got %zd", n);
        return NULL;
    }
    if (n == 1) return PySlice_New(NULL, PyTuple_GET_ITEM(args, 0), NULL);
    return PySlice_New(PyTuple_GET_ITEM(args, 0), PyTuple_GET_ITEM(args, 1),
                       n == 3 ? PyTuple_GET_ITEM(args, 2) : NULL);
}

static void slice_dealloc(PyObject *op) {
    PySliceObject *r = (PySliceObject *)op;
    Py_DECREF(r->start);
    Py_DECREF(r->stop);
    Py_DECREF(r->step);
    PyObject_Free(op);
}

static int slice_traverse(PyObject *op, visitproc visit, void *arg) {
    PySliceObject *r = (PySliceObject *)op;
    Py_VISIT(r->start);
    Py_VISIT(r->stop);
    Py_VISIT(r->step);
    return 0;
}

static PyObject *slice_repr(PyObject *op) {
    PySliceObject *r = (PySliceObject *)op;
    return PyUnicode_FromFormat("slice(%R, %R, %R)", r->start, r->stop, r->step);
}

static PyObject *slice_as_tuple(PyObject *op) {
    PySliceObject *r = (PySliceObject *)op;
    return PyTuple_Pack(3, r->start, r->stop, r->step);
}

static PyObject *slice_richcompare(PyObject *v, PyObject *w, int op) {
    if (!PySlice_Check(v) || !PySlice_Check(w)) Py_RETURN_NOTIMPLEMENTED;
    if (v == w) {
        if (op == Py_EQ || op == Py_LE || op == Py_GE) Py_RETURN_TRUE;
        Py_RETURN_FALSE;
    }
    PyObject *a = slice_as_tuple(v);
    if (a == NULL) return NULL;
    PyObject *b = slice_as_tuple(w);
    if (b == NULL) {
        Py_DECREF(a);
        return NULL;
    }
    PyObject *res = PyObject_RichCompare(a, b, op);
    Py_DECREF(a);
    Py_DECREF(b);
    return res;
}

static PyObject *slice_indices(PyObject *self, PyObject *len) {
    PyObject *idx = PyNumber_Index(len);
    if (idx == NULL) return NULL;
    Py_ssize_t length = PyNumber_AsSsize_t(idx, NULL);
    int negative = _PyLong_Sign(idx) < 0;
    Py_DECREF(idx);
    if (length == -1 && PyErr_Occurred()) return NULL;
    if (negative) {
        PyErr_SetString(PyExc_ValueError, "length should not be negative");
        return NULL;
    }
    Py_ssize_t start, stop, step;
    if (PySlice_Unpack(self, &start, &stop, &step) < 0) return NULL;
    PySlice_AdjustIndices(length, &start, &stop, step);
    PyObject *a = PyLong_FromSsize_t(start);
    PyObject *b = a ? PyLong_FromSsize_t(stop) : NULL;
    PyObject *c = b ? PyLong_FromSsize_t(step) : NULL;
    PyObject *res = c ? PyTuple_Pack(3, a, b, c) : NULL;
    Py_XDECREF(a);
    Py_XDECREF(b);
    Py_XDECREF(c);
    return res;
}

static PyObject *slice_reduce(PyObject *self, PyObject *Py_UNUSED(ignored)) {
    PySliceObject *r = (PySliceObject *)self;
    return Py_BuildValue("O(OOO)", (PyObject *)Py_TYPE(self), r->start, r->stop, r->step);
}

static PyMemberDef slice_members[] = {
    {"start", T_OBJECT, offsetof(PySliceObject, start), READONLY, NULL},
    {"stop", T_OBJECT, offsetof(PySliceObject, stop), READONLY, NULL},
    {"step", T_OBJECT, offsetof(PySliceObject, step), READONLY, NULL},
    {NULL, 0, 0, 0, NULL},
};

static PyMethodDef slice_methods[] = {
    {"indices", slice_indices, METH_O,
     "S.indices(len) -> (start, stop, stride)\n\nAssuming a sequence of length len, calculate "
     "the start and stop indices, and the stride length of the extended slice described by S."},
    {"__reduce__", slice_reduce, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

PyTypeObject PySlice_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "slice",
    .tp_basicsize = sizeof(PySliceObject),
    .tp_dealloc = slice_dealloc,
    .tp_repr = slice_repr,
    .tp_hash = PyObject_HashNotImplemented,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "slice(stop)\nslice(start, stop[, step])\n\nCreate a slice object.",
    .tp_traverse = slice_traverse,
    .tp_richcompare = slice_richcompare,
    .tp_methods = slice_methods,
    .tp_members = slice_members,
    .tp_new = slice_new,
};

int _cpx_init_slice(void) {
    _cpx_immortal(Py_Ellipsis);
    if (PyType_Ready(&PySlice_Type) < 0 || PyType_Ready(&PyEllipsis_Type) < 0) return -1;
    return 0;
}
