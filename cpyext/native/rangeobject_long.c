/* rangeobject_long.c: the arithmetic of ranges whose bounds or length do not fit a Py_ssize_t
 * (CPython's "long range" path), done with int objects, and their iterator type
 * "longrange_iterator". rangeobject.c keeps the fast C-integer path and calls these when a
 * range was built from out-of-range bounds.
 *
 * Invariants: every argument is borrowed and is an exact int (start, stop, step with step != 0,
 * length >= 0); every function returns a new reference or NULL / -1 with an error set. */
#include "containers.h"

/* 0 and 1 are immortal cached ints, so they are used here as borrowed references. */
#define ZERO PyLong_FromLong(0)
#define ONE PyLong_FromLong(1)

/* max(0, ceil((stop - start) / step)), for either sign of step. */
PyObject *_cpx_longrange_length(PyObject *start, PyObject *stop, PyObject *step) {
    int step_positive = PyObject_RichCompareBool(step, ZERO, Py_GT);
    if (step_positive < 0) return NULL;
    PyObject *lo = step_positive ? start : stop, *hi = step_positive ? stop : start;
    int empty = PyObject_RichCompareBool(lo, hi, Py_GE);
    if (empty < 0) return NULL;
    if (empty) return PyLong_FromLong(0);
    /* (hi - lo - 1) // |step| + 1 */
    PyObject *span = PyNumber_Subtract(hi, lo);
    PyObject *abs_step = span != NULL ? PyNumber_Absolute(step) : NULL;
    PyObject *span1 = abs_step != NULL ? PyNumber_Subtract(span, ONE) : NULL;
    PyObject *q = span1 != NULL ? PyNumber_FloorDivide(span1, abs_step) : NULL;
    PyObject *len = q != NULL ? PyNumber_Add(q, ONE) : NULL;
    Py_XDECREF(span);
    Py_XDECREF(abs_step);
    Py_XDECREF(span1);
    Py_XDECREF(q);
    return len;
}

/* start + i * step */
static PyObject *element_at(PyObject *start, PyObject *step, PyObject *i) {
    PyObject *offset = PyNumber_Multiply(i, step);
    if (offset == NULL) return NULL;
    PyObject *r = PyNumber_Add(start, offset);
    Py_DECREF(offset);
    return r;
}

PyObject *_cpx_longrange_item(PyObject *start, PyObject *step, PyObject *length, PyObject *index) {
    PyObject *i = PyNumber_Index(index);
    if (i == NULL) return NULL;
    int negative = PyObject_RichCompareBool(i, ZERO, Py_LT);
    if (negative > 0) Py_SETREF(i, PyNumber_Add(i, length));
    if (negative < 0 || i == NULL) {
        Py_XDECREF(i);
        return NULL;
    }
    int below = PyObject_RichCompareBool(i, ZERO, Py_LT);
    int beyond = below == 0 ? PyObject_RichCompareBool(i, length, Py_GE) : 0;
    if (below < 0 || beyond < 0) {
        Py_DECREF(i);
        return NULL;
    }
    if (below || beyond) {
        Py_DECREF(i);
        PyErr_SetString(PyExc_IndexError, "range object index out of range");
        return NULL;
    }
    PyObject *r = element_at(start, step, i);
    Py_DECREF(i);
    return r;
}

/* One slice bound (borrowed; None: `absent`) as an index clamped to [lower, upper], negative
 * values counting from length. New reference. */
static PyObject *slice_bound(PyObject *v, PyObject *absent, PyObject *lower, PyObject *upper, PyObject *length) {
    if (v == Py_None) return Py_NewRef(absent);
    PyObject *i = PyNumber_Index(v);
    if (i == NULL) return NULL;
    int negative = PyObject_RichCompareBool(i, ZERO, Py_LT);
    if (negative > 0) Py_SETREF(i, PyNumber_Add(i, length));
    if (negative < 0 || i == NULL) {
        Py_XDECREF(i);
        return NULL;
    }
    int below = PyObject_RichCompareBool(i, lower, Py_LT);
    int above = below == 0 ? PyObject_RichCompareBool(i, upper, Py_GT) : 0;
    if (below < 0 || above < 0) Py_CLEAR(i);
    else if (below) Py_SETREF(i, Py_NewRef(lower));
    else if (above) Py_SETREF(i, Py_NewRef(upper));
    return i;
}

/* range[slice]: the (start, stop, step) of the sub-range, as a new tuple. The slice's indices
 * are computed on ints (slice.indices would stop at Py_ssize_t). */
PyObject *_cpx_longrange_slice_bounds(PyObject *start, PyObject *step, PyObject *length, PyObject *slice) {
    PySliceObject *sl = (PySliceObject *)slice;
    PyObject *by = sl->step == Py_None ? Py_NewRef(ONE) : PyNumber_Index(sl->step);
    if (by == NULL) return NULL;
    int backwards = PyObject_RichCompareBool(by, ZERO, Py_LT);
    int zero = backwards == 0 ? PyObject_Not(by) : 0;
    if (zero > 0) PyErr_SetString(PyExc_ValueError, "slice step cannot be zero");
    if (backwards < 0 || zero != 0) {
        Py_DECREF(by);
        return NULL;
    }
    PyObject *lower = backwards ? PyLong_FromLong(-1) : Py_NewRef(ZERO);
    PyObject *upper = backwards ? PyNumber_Add(length, lower) : Py_NewRef(length);
    PyObject *from = upper ? slice_bound(sl->start, backwards ? upper : lower, lower, upper, length) : NULL;
    PyObject *to = from ? slice_bound(sl->stop, backwards ? lower : upper, lower, upper, length) : NULL;
    PyObject *a = to ? element_at(start, step, from) : NULL;
    PyObject *b = a ? element_at(start, step, to) : NULL;
    PyObject *s = b ? PyNumber_Multiply(step, by) : NULL;
    PyObject *t = s ? PyTuple_Pack(3, a, b, s) : NULL;
    PyObject *owned[] = {by, lower, upper, from, to, a, b, s};
    for (size_t i = 0; i < sizeof owned / sizeof owned[0]; i++) Py_XDECREF(owned[i]);
    return t;
}

/* For an int v: 1 and *index = its position if v is an element, 0 if not, -1 on error. */
int _cpx_longrange_position(PyObject *start, PyObject *stop, PyObject *step, PyObject *v, PyObject **index) {
    int step_positive = PyObject_RichCompareBool(step, ZERO, Py_GT);
    if (step_positive < 0) return -1;
    /* inside [start, stop) going up, or (stop, start] going down */
    int from_start = PyObject_RichCompareBool(v, start, step_positive ? Py_GE : Py_LE);
    int before_stop = from_start > 0 ? PyObject_RichCompareBool(v, stop, step_positive ? Py_LT : Py_GT) : 0;
    if (from_start < 0 || before_stop < 0) return -1;
    if (!from_start || !before_stop) return 0;
    PyObject *offset = PyNumber_Subtract(v, start);
    PyObject *qr = offset != NULL ? PyNumber_Divmod(offset, step) : NULL;
    Py_XDECREF(offset);
    if (qr == NULL) return -1;
    int on_step = PyObject_Not(PyTuple_GET_ITEM(qr, 1));
    if (on_step > 0 && index != NULL) *index = Py_NewRef(PyTuple_GET_ITEM(qr, 0));
    Py_DECREF(qr);
    return on_step;
}

/* ---- longrange_iterator: yields start, start+step, ... while remaining > 0 ---- */

typedef struct {
    PyObject_HEAD
    PyObject *next, *step, *remaining; /* owned ints */
} longrangeiterobject;

PyObject *_cpx_longrange_iter(PyObject *first, PyObject *step, PyObject *length) {
    longrangeiterobject *it = PyObject_Malloc(sizeof(longrangeiterobject));
    if (it == NULL) return PyErr_NoMemory();
    it->next = Py_NewRef(first);
    it->step = Py_NewRef(step);
    it->remaining = Py_NewRef(length);
    return _cpx_setup_object((PyObject *)it, &_cpx_LongRangeIter_Type);
}

/* reversed(range): from the last element, stepping back. */
PyObject *_cpx_longrange_reversed(PyObject *start, PyObject *step, PyObject *length) {
    PyObject *last_index = PyNumber_Subtract(length, ONE);
    PyObject *last = last_index != NULL ? element_at(start, step, last_index) : NULL;
    PyObject *back = last != NULL ? PyNumber_Negative(step) : NULL;
    PyObject *it = back != NULL ? _cpx_longrange_iter(last, back, length) : NULL;
    Py_XDECREF(last_index);
    Py_XDECREF(last);
    Py_XDECREF(back);
    return it;
}

static void longrangeiter_dealloc(PyObject *op) {
    longrangeiterobject *it = (longrangeiterobject *)op;
    Py_DECREF(it->next);
    Py_DECREF(it->step);
    Py_DECREF(it->remaining);
    PyObject_Free(op);
}

static PyObject *longrangeiter_next(PyObject *op) {
    longrangeiterobject *it = (longrangeiterobject *)op;
    int more = PyObject_IsTrue(it->remaining);
    if (more <= 0) return NULL;
    PyObject *after = PyNumber_Add(it->next, it->step);
    PyObject *left = after != NULL ? PyNumber_Subtract(it->remaining, ONE) : NULL;
    if (left == NULL) {
        Py_XDECREF(after);
        return NULL;
    }
    PyObject *value = it->next;
    it->next = after;
    Py_SETREF(it->remaining, left);
    return value;
}

static PyObject *longrangeiter_len(PyObject *op, PyObject *Py_UNUSED(ignored)) {
    return Py_NewRef(((longrangeiterobject *)op)->remaining);
}

static PyMethodDef longrangeiter_methods[] = {
    {"__length_hint__", longrangeiter_len, METH_NOARGS, "Private method returning an estimate of len(list(it))."},
    {NULL, NULL, 0, NULL},
};

PyTypeObject _cpx_LongRangeIter_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "longrange_iterator",
    .tp_basicsize = sizeof(longrangeiterobject),
    .tp_dealloc = longrangeiter_dealloc,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = longrangeiter_next,
    .tp_methods = longrangeiter_methods,
};
