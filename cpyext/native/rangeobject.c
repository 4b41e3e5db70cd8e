/* rangeobject.c: range (PyRange_Type) and its iterator ("range_iterator").
 *
 * Invariant: start, stop and step fit in a Py_ssize_t (larger arguments
 * raise OverflowError, a documented restriction of the shim); a range keeps
 * them both as C integers (for arithmetic) and as owned int objects (for the
 * start/stop/step attributes). Every element lies between start and stop,
 * so element arithmetic is done in size_t, where wrap-around gives the exact
 * Py_ssize_t result. `len` may exceed PY_SSIZE_T_MAX only for ranges whose
 * len() raises OverflowError, as in CPython. */
#include "containers.h"

typedef struct {
    PyObject_HEAD
    PyObject *start, *stop, *step; /* owned ints */
    Py_ssize_t istart, istop, istep;
    size_t len;
} rangeobject;

#define R(op) ((rangeobject *)(op))

static size_t range_length(Py_ssize_t start, Py_ssize_t stop, Py_ssize_t step) {
    if (step > 0 && start < stop) return ((size_t)stop - (size_t)start - 1) / (size_t)step + 1;
    if (step < 0 && start > stop) return ((size_t)start - (size_t)stop - 1) / (0 - (size_t)step) + 1;
    return 0;
}

static PyObject *make_range(Py_ssize_t start, Py_ssize_t stop, Py_ssize_t step) {
    rangeobject *r = PyObject_Malloc(sizeof(rangeobject));
    if (r == NULL) return PyErr_NoMemory();
    r->start = PyLong_FromSsize_t(start);
    r->stop = PyLong_FromSsize_t(stop);
    r->step = PyLong_FromSsize_t(step);
    if (r->start == NULL || r->stop == NULL || r->step == NULL) {
        Py_XDECREF(r->start);
        Py_XDECREF(r->stop);
        Py_XDECREF(r->step);
        PyObject_Free(r);
        return NULL;
    }
    r->istart = start;
    r->istop = stop;
    r->istep = step;
    r->len = range_length(start, stop, step);
    return _cpx_setup_object((PyObject *)r, &PyRange_Type);
}

static int range_arg(PyObject *arg, Py_ssize_t *out) {
    PyObject *idx = PyNumber_Index(arg);
    if (idx == NULL) return -1;
    *out = PyLong_AsSsize_t(idx);
    Py_DECREF(idx);
    return (*out == -1 && PyErr_Occurred()) ? -1 : 0;
}

static PyObject *range_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    if (kwds != NULL && PyDict_Check(kwds) && PyDict_GET_SIZE(kwds) != 0) {
        PyErr_SetString(PyExc_TypeError, "range() takes no keyword arguments");
        return NULL;
    }
    Py_ssize_t n = PyTuple_GET_SIZE(args), start = 0, stop, step = 1;
    if (n == 0) {
        PyErr_SetString(PyExc_TypeError, "range expected at least 1 argument, got 0");
        return NULL;
    }
    if (n > 3) {
        PyErr_Format(PyExc_TypeError, "range expected at most 3 arguments, got %zd", n);
        return NULL;
    }
    if (n == 1) {
        if (range_arg(PyTuple_GET_ITEM(args, 0), &stop) < 0) return NULL;
    } else {
        if (range_arg(PyTuple_GET_ITEM(args, 0), &start) < 0 || range_arg(PyTuple_GET_ITEM(args, 1), &stop) < 0)
            return NULL;
        if (n == 3) {
            if (range_arg(PyTuple_GET_ITEM(args, 2), &step) < 0) return NULL;
            if (step == 0) {
                PyErr_SetString(PyExc_ValueError, "range() arg 3 must not be zero");
                return NULL;
            }
        }
    }
    return make_range(start, stop, step);
}

static void range_dealloc(PyObject *op) {
    Py_DECREF(R(op)->start);
    Py_DECREF(R(op)->stop);
    Py_DECREF(R(op)->step);
    PyObject_Free(op);
}

static inline Py_ssize_t range_at(PyObject *op, size_t i) {
    return (Py_ssize_t)((size_t)R(op)->istart + i * (size_t)R(op)->istep);
}

static Py_ssize_t range_len(PyObject *op) {
    if (R(op)->len > (size_t)PY_SSIZE_T_MAX) {
        PyErr_SetString(PyExc_OverflowError, "Python int too large to convert to C ssize_t");
        return -1;
    }
    return (Py_ssize_t)R(op)->len;
}

static int range_bool(PyObject *op) { return R(op)->len != 0; }

static PyObject *range_item(PyObject *op, Py_ssize_t i) {
    if (i < 0 || (size_t)i >= R(op)->len) {
        PyErr_SetString(PyExc_IndexError, "range object index out of range");
        return NULL;
    }
    return PyLong_FromSsize_t(range_at(op, (size_t)i));
}

static PyObject *range_subscript(PyObject *op, PyObject *item) {
    if (PyIndex_Check(item)) {
        Py_ssize_t i = PyNumber_AsSsize_t(item, PyExc_IndexError);
        if (i == -1 && PyErr_Occurred()) return NULL;
        if (i < 0) i += (Py_ssize_t)R(op)->len;
        return range_item(op, i);
    }
    if (PySlice_Check(item)) {
        Py_ssize_t len = range_len(op), start, stop, step;
        if (len < 0 || PySlice_Unpack(item, &start, &stop, &step) < 0) return NULL;
        PySlice_AdjustIndices(len, &start, &stop, step);
        Py_ssize_t substep;
        if (__builtin_mul_overflow(R(op)->istep, step, &substep)) {
            PyErr_SetString(PyExc_OverflowError, "Python int too large to convert to C ssize_t");
            return NULL;
        }
        /* start and stop lie in [-1, len]: their elements fit, give or take one step. */
        Py_ssize_t a, b;
        if (__builtin_mul_overflow(start, R(op)->istep, &a) || __builtin_add_overflow(a, R(op)->istart, &a) ||
            __builtin_mul_overflow(stop, R(op)->istep, &b) || __builtin_add_overflow(b, R(op)->istart, &b)) {
            PyErr_SetString(PyExc_OverflowError, "Python int too large to convert to C ssize_t");
            return NULL;
        }
        return make_range(a, b, substep);
    }
    PyErr_Format(PyExc_TypeError, "range indices must be integers or slices, not %.200s",
                 Py_TYPE(item)->tp_name);
    return NULL;
}

/* For an exact int (or bool) value: 1/0 if it is an element, -1 on error;
 * *pindex receives its position. -2: not an int, compare one by one. */
static int range_int_position(PyObject *op, PyObject *ob, size_t *pindex) {
    if (!PyLong_CheckExact(ob) && !PyBool_Check(ob)) return -2;
    int overflow;
    long long v = PyLong_AsLongLongAndOverflow(ob, &overflow);
    if (v == -1 && PyErr_Occurred()) return -1;
    if (overflow || R(op)->len == 0) return 0;
    Py_ssize_t start = R(op)->istart, step = R(op)->istep;
    size_t off;
    if (step > 0) {
        if (v < start || v >= R(op)->istop) return 0;
        off = ((size_t)v - (size_t)start) / (size_t)step;
        if (((size_t)v - (size_t)start) % (size_t)step) return 0;
    } else {
        if (v > start || v <= R(op)->istop) return 0;
        off = ((size_t)start - (size_t)v) / (0 - (size_t)step);
        if (((size_t)start - (size_t)v) % (0 - (size_t)step)) return 0;
    }
    *pindex = off;
    return 1;
}

/* Compare ob with each element: its first position, or -1 (absent) / -2 (error). */
static Py_ssize_t range_search(PyObject *op, PyObject *ob, Py_ssize_t *count) {
    Py_ssize_t first = -1;
    *count = 0;
    for (size_t i = 0; i < R(op)->len; i++) {
        PyObject *v = PyLong_FromSsize_t(range_at(op, i));
        if (v == NULL) return -2;
        int cmp = PyObject_RichCompareBool(v, ob, Py_EQ);
        Py_DECREF(v);
        if (cmp < 0) return -2;
        if (cmp > 0) {
            if (first < 0) first = (Py_ssize_t)i;
            (*count)++;
        }
    }
    return first;
}

static int range_contains(PyObject *op, PyObject *ob) {
    size_t pos;
    int rc = range_int_position(op, ob, &pos);
    if (rc != -2) return rc;
    Py_ssize_t count;
    Py_ssize_t first = range_search(op, ob, &count);
    return first == -2 ? -1 : first >= 0;
}

static PyObject *range_count(PyObject *op, PyObject *ob) {
    size_t pos;
    int rc = range_int_position(op, ob, &pos);
    if (rc == -1) return NULL;
    if (rc != -2) return PyLong_FromLong(rc);
    Py_ssize_t count;
    if (range_search(op, ob, &count) == -2) return NULL;
    return PyLong_FromSsize_t(count);
}

static PyObject *range_index(PyObject *op, PyObject *ob) {
    size_t pos;
    int rc = range_int_position(op, ob, &pos);
    if (rc == -1) return NULL;
    if (rc == 1) return PyLong_FromSize_t(pos);
    if (rc == -2) {
        Py_ssize_t count, first = range_search(op, ob, &count);
        if (first == -2) return NULL;
        if (first >= 0) return PyLong_FromSsize_t(first);
    }
    PyErr_Format(PyExc_ValueError, "%R is not in range", ob);
    return NULL;
}

static PyObject *range_repr(PyObject *op) {
    if (R(op)->istep == 1) return PyUnicode_FromFormat("range(%R, %R)", R(op)->start, R(op)->stop);
    return PyUnicode_FromFormat("range(%R, %R, %R)", R(op)->start, R(op)->stop, R(op)->step);
}

static int range_equal(PyObject *a, PyObject *b) {
    if (a == b) return 1;
    if (R(a)->len != R(b)->len) return 0;
    if (R(a)->len == 0) return 1;
    if (R(a)->istart != R(b)->istart) return 0;
    return R(a)->len == 1 || R(a)->istep == R(b)->istep;
}

static PyObject *range_richcompare(PyObject *a, PyObject *b, int op) {
    if (!PyRange_Check(b) || (op != Py_EQ && op != Py_NE)) Py_RETURN_NOTIMPLEMENTED;
    int eq = range_equal(a, b);
    return Py_NewRef((eq == (op == Py_EQ)) ? Py_True : Py_False);
}

/* Hash of (len, start, step), with None for what does not matter. */
static Py_hash_t range_hash(PyObject *op) {
    PyObject *len = PyLong_FromSize_t(R(op)->len);
    if (len == NULL) return -1;
    PyObject *t = PyTuple_Pack(3, len, R(op)->len == 0 ? Py_None : R(op)->start,
                               R(op)->len <= 1 ? Py_None : R(op)->step);
    Py_DECREF(len);
    if (t == NULL) return -1;
    Py_hash_t h = PyObject_Hash(t);
    Py_DECREF(t);
    return h;
}

static PyObject *range_reduce(PyObject *op, PyObject *Py_UNUSED(ignored)) {
    return Py_BuildValue("(O(OOO))", (PyObject *)Py_TYPE(op), R(op)->start, R(op)->stop, R(op)->step);
}

/* ---- iterator: yields first, first+step, ... (count values) ---- */

typedef struct {
    PyObject_HEAD
    Py_ssize_t next;
    size_t step; /* added modulo 2**64 */
    size_t remaining;
} rangeiterobject;

static PyObject *rangeiter_new(Py_ssize_t first, size_t step, size_t count) {
    rangeiterobject *it = PyObject_Malloc(sizeof(rangeiterobject));
    if (it == NULL) return PyErr_NoMemory();
    _cpx_setup_object((PyObject *)it, &PyRangeIter_Type);
    it->next = first;
    it->step = step;
    it->remaining = count;
    return (PyObject *)it;
}

static PyObject *range_iter(PyObject *op) {
    return rangeiter_new(R(op)->istart, (size_t)R(op)->istep, R(op)->len);
}

static PyObject *range_reversed(PyObject *op, PyObject *Py_UNUSED(ignored)) {
    size_t len = R(op)->len;
    Py_ssize_t last = len ? range_at(op, len - 1) : 0;
    return rangeiter_new(last, 0 - (size_t)R(op)->istep, len);
}

static void rangeiter_dealloc(PyObject *op) { PyObject_Free(op); }

static PyObject *rangeiter_next(PyObject *op) {
    rangeiterobject *it = (rangeiterobject *)op;
    if (it->remaining == 0) return NULL;
    Py_ssize_t v = it->next;
    it->next = (Py_ssize_t)((size_t)it->next + it->step);
    it->remaining--;
    return PyLong_FromSsize_t(v);
}

static PyObject *rangeiter_len(PyObject *op, PyObject *Py_UNUSED(ignored)) {
    return PyLong_FromSize_t(((rangeiterobject *)op)->remaining);
}

static PyMethodDef rangeiter_methods[] = {
    {"__length_hint__", rangeiter_len, METH_NOARGS, "Private method returning an estimate of len(list(it))."},
    {NULL, NULL, 0, NULL},
};

PyTypeObject PyRangeIter_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "range_iterator",
    .tp_basicsize = sizeof(rangeiterobject),
    .tp_dealloc = rangeiter_dealloc,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = rangeiter_next,
    .tp_methods = rangeiter_methods,
};

/* ---- the range type ---- */

static PyMemberDef range_members[] = {
    {"start", T_OBJECT, offsetof(rangeobject, start), READONLY, NULL},
    {"stop", T_OBJECT, offsetof(rangeobject, stop), READONLY, NULL},
    {"step", T_OBJECT, offsetof(rangeobject, step), READONLY, NULL},
    {NULL, 0, 0, 0, NULL},
};

static PyMethodDef range_methods[] = {
    {"__reversed__", range_reversed, METH_NOARGS, "Return a reverse iterator."},
    {"__reduce__", range_reduce, METH_NOARGS, NULL},
    {"count", range_count, METH_O, "rangeobject.count(value) -> integer -- return number of occurrences of value"},
    {"index", range_index, METH_O, "rangeobject.index(value) -> integer -- return index of value.\n"
                                   "Raise ValueError if the value is not present."},
    {NULL, NULL, 0, NULL},
};

static PyNumberMethods range_as_number = {
    .nb_bool = range_bool,
};

static PySequenceMethods range_as_sequence = {
    .sq_length = range_len,
    .sq_item = range_item,
    .sq_contains = range_contains,
};

static PyMappingMethods range_as_mapping = {
    .mp_length = range_len,
    .mp_subscript = range_subscript,
};

PyTypeObject PyRange_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "range",
    .tp_basicsize = sizeof(rangeobject),
    .tp_dealloc = range_dealloc,
    .tp_repr = range_repr,
    .tp_as_number = &range_as_number,
    .tp_as_sequence = &range_as_sequence,
    .tp_as_mapping = &range_as_mapping,
    .tp_hash = range_hash,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_SEQUENCE,
    .tp_doc = "range(stop) -> range object\nrange(start, stop[, step]) -> range object\n\n"
              "Return an object that produces a sequence of integers from start (inclusive)\n"
              "to stop (exclusive) by step.",
    .tp_richcompare = range_richcompare,
    .tp_iter = range_iter,
    .tp_methods = range_methods,
    .tp_members = range_members,
    .tp_new = range_new,
};

int _cpx_init_range(void) {
    if (PyType_Ready(&PyRange_Type) < 0 || PyType_Ready(&PyRangeIter_Type) < 0) return -1;
    return 0;
}
