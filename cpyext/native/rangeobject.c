/* rangeobject.c: range (PyRange_Type) and its iterator ("range_iterator").
 *
 * Invariant: a range keeps start, stop and step as owned int objects (the
 * attributes). When all three fit in a Py_ssize_t it also keeps them as C
 * integers and `length` is NULL (the fast path below); otherwise `length` is
 * the owned int len and every operation is done with int objects by
 * rangeobject_long.c, as CPython does for such ranges. Every element lies between start and stop,
 * so element arithmetic is done in size_t, where wrap-around gives the exact
 * Py_ssize_t result. `len` may exceed PY_SSIZE_T_MAX only for ranges whose
 * len() raises OverflowError, as in CPython. */
#include "containers.h"

typedef struct {
    PyObject_HEAD
    PyObject *start, *stop, *step; /* owned ints */
    Py_ssize_t istart, istop, istep;
    size_t len;
    PyObject *length;              /* owned int, or NULL: bounds fit Py_ssize_t */
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
    r->length = NULL;
    return _cpx_setup_object((PyObject *)r, &PyRange_Type);
}

/* A range whose bounds (exact ints, borrowed) need not fit a Py_ssize_t. */
static PyObject *make_long_range(PyObject *start, PyObject *stop, PyObject *step) {
    Py_ssize_t c[3];
    PyObject *o[3] = {start, stop, step};
    int fits = 1;
    for (int i = 0; i < 3 && fits; i++) {
        int overflow;
        long long v = PyLong_AsLongLongAndOverflow(o[i], &overflow);
        if (v == -1 && PyErr_Occurred()) return NULL;
        fits = !overflow && v >= PY_SSIZE_T_MIN && v <= PY_SSIZE_T_MAX;
        c[i] = (Py_ssize_t)v;
    }
    if (fits) return make_range(c[0], c[1], c[2]);
    PyObject *length = _cpx_longrange_length(start, stop, step);
    if (length == NULL) return NULL;
    rangeobject *r = PyObject_Malloc(sizeof(rangeobject));
    if (r == NULL) {
        Py_DECREF(length);
        return PyErr_NoMemory();
    }
    r->start = Py_NewRef(start);
    r->stop = Py_NewRef(stop);
    r->step = Py_NewRef(step);
    r->istart = r->istop = r->istep = 0;
    r->len = 0;
    r->length = length;
    return _cpx_setup_object((PyObject *)r, &PyRange_Type);
}


static PyObject *range_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    if (kwds != NULL && PyDict_Check(kwds) && PyDict_GET_SIZE(kwds) != 0) {
        PyErr_SetString(PyExc_TypeError, "range() takes no keyword arguments");
        return NULL;
    }
    Py_ssize_t n = PyTuple_GET_SIZE(args);
    if (n == 0) {
        PyErr_SetString(PyExc_TypeError, "range expected at least 1 argument, got 0");
        return NULL;
    }
    if (n > 3) {
        PyErr_Format(PyExc_TypeError, "range expected at most 3 arguments, got %zd", n);
        return NULL;
    }
    PyObject *bound[3] = {NULL, NULL, NULL};   /* start, stop, step */
    PyObject *r = NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        if ((bound[n == 1 ? 1 : i] = PyNumber_Index(PyTuple_GET_ITEM(args, i))) == NULL) goto done;
    }
    if (bound[0] == NULL) bound[0] = PyLong_FromLong(0);
    if (bound[2] == NULL) bound[2] = PyLong_FromLong(1);
    if (bound[0] == NULL || bound[2] == NULL) goto done;
    int zero = PyObject_Not(bound[2]);
    if (zero > 0) PyErr_SetString(PyExc_ValueError, "range() arg 3 must not be zero");
    if (zero == 0) r = make_long_range(bound[0], bound[1], bound[2]);
done:
    for (int i = 0; i < 3; i++) Py_XDECREF(bound[i]);
    return r;
}

static void range_dealloc(PyObject *op) {
    Py_DECREF(R(op)->start);
    Py_DECREF(R(op)->stop);
    Py_DECREF(R(op)->step);
    Py_XDECREF(R(op)->length);
    PyObject_Free(op);
}

static inline Py_ssize_t range_at(PyObject *op, size_t i) {
    return (Py_ssize_t)((size_t)R(op)->istart + i * (size_t)R(op)->istep);
}

static Py_ssize_t range_len(PyObject *op) {
    if (R(op)->length) return PyLong_AsSsize_t(R(op)->length);
    if (R(op)->len > (size_t)PY_SSIZE_T_MAX) {
        PyErr_SetString(PyExc_OverflowError, "Python int too large to convert to C ssize_t");
        return -1;
    }
    return (Py_ssize_t)R(op)->len;
}

static int range_bool(PyObject *op) { return R(op)->length ? PyObject_IsTrue(R(op)->length) : R(op)->len != 0; }

static PyObject *range_item(PyObject *op, Py_ssize_t i) {
    if (R(op)->length) {
        PyObject *index = PyLong_FromSsize_t(i);
        PyObject *r = index ? _cpx_longrange_item(R(op)->start, R(op)->step, R(op)->length, index) : NULL;
        Py_XDECREF(index);
        return r;
    }
    if (i < 0 || (size_t)i >= R(op)->len) {
        PyErr_SetString(PyExc_IndexError, "range object index out of range");
        return NULL;
    }
    return PyLong_FromSsize_t(range_at(op, (size_t)i));
}

/* len(range) as an int (new reference), whichever path the range is on. */
static PyObject *length_object(PyObject *op) {
    return R(op)->length ? Py_NewRef(R(op)->length) : PyLong_FromSize_t(R(op)->len);
}

/* range[slice] computed with ints: for ranges beyond Py_ssize_t, and sub-ranges that are. */
static PyObject *long_range_slice(PyObject *op, PyObject *slice) {
    PyObject *length = length_object(op);
    PyObject *b = length ? _cpx_longrange_slice_bounds(R(op)->start, R(op)->step, length, slice) : NULL;
    Py_XDECREF(length);
    if (b == NULL) return NULL;
    PyObject *r = make_long_range(PyTuple_GET_ITEM(b, 0), PyTuple_GET_ITEM(b, 1), PyTuple_GET_ITEM(b, 2));
    Py_DECREF(b);
    return r;
}

static PyObject *range_subscript(PyObject *op, PyObject *item) {
    if (R(op)->length && PyIndex_Check(item))
        return _cpx_longrange_item(R(op)->start, R(op)->step, R(op)->length, item);
    if (R(op)->length && PySlice_Check(item)) return long_range_slice(op, item);
    if (PyIndex_Check(item)) {
        Py_ssize_t i = PyNumber_AsSsize_t(item, PyExc_IndexError);
        if (i == -1 && PyErr_Occurred()) return NULL;
        if (i < 0) i += (Py_ssize_t)R(op)->len;
        return range_item(op, i);
    }
    if (PySlice_Check(item)) {
        Py_ssize_t len = range_len(op), start, stop, step;
        if (len < 0) {
            PyErr_Clear();      /* len(self) beyond Py_ssize_t */
            return long_range_slice(op, item);
        }
        if (PySlice_Unpack(item, &start, &stop, &step) < 0) return NULL;
        PySlice_AdjustIndices(len, &start, &stop, step);
        Py_ssize_t substep;
        if (__builtin_mul_overflow(R(op)->istep, step, &substep)) return long_range_slice(op, item);
        /* start and stop lie in [-1, len]: their elements fit, give or take one step. */
        Py_ssize_t a, b;
        if (__builtin_mul_overflow(start, R(op)->istep, &a) || __builtin_add_overflow(a, R(op)->istart, &a) ||
            __builtin_mul_overflow(stop, R(op)->istep, &b) || __builtin_add_overflow(b, R(op)->istart, &b))
            return long_range_slice(op, item);
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
    PyObject *it = PyObject_GetIter(op), *v;
    if (it == NULL) return -2;
    for (Py_ssize_t i = 0; (v = PyIter_Next(it)) != NULL; i++) {
        int cmp = PyObject_RichCompareBool(v, ob, Py_EQ);
        Py_DECREF(v);
        if (cmp < 0) break;
        if (cmp > 0) {
            if (first < 0) first = i;
            (*count)++;
        }
    }
    Py_DECREF(it);
    return PyErr_Occurred() ? -2 : first;
}

/* An exact int (or bool) in a range beyond Py_ssize_t: as range_int_position, with the
 * position as an int object (new reference, or NULL when absent). */
static int long_range_int_position(PyObject *op, PyObject *ob, PyObject **pindex) {
    *pindex = NULL;
    if (!PyLong_CheckExact(ob) && !PyBool_Check(ob)) return -2;
    return _cpx_longrange_position(R(op)->start, R(op)->stop, R(op)->step, ob, pindex);
}

static int range_contains(PyObject *op, PyObject *ob) {
    size_t pos;
    if (R(op)->length) {
        PyObject *index;
        int rc = long_range_int_position(op, ob, &index);
        Py_XDECREF(index);
        if (rc != -2) return rc;
        Py_ssize_t count;
        Py_ssize_t first = range_search(op, ob, &count);
        return first == -2 ? -1 : first >= 0;
    }
    int rc = range_int_position(op, ob, &pos);
    if (rc != -2) return rc;
    Py_ssize_t count;
    Py_ssize_t first = range_search(op, ob, &count);
    return first == -2 ? -1 : first >= 0;
}

static PyObject *range_count(PyObject *op, PyObject *ob) {
    size_t pos;
    int rc;
    if (R(op)->length) {
        PyObject *index;
        rc = long_range_int_position(op, ob, &index);
        Py_XDECREF(index);
    } else
        rc = range_int_position(op, ob, &pos);
    if (rc == -1) return NULL;
    if (rc != -2) return PyLong_FromLong(rc);
    Py_ssize_t count;
    if (range_search(op, ob, &count) == -2) return NULL;
    return PyLong_FromSsize_t(count);
}

static PyObject *range_index(PyObject *op, PyObject *ob) {
    size_t pos;
    PyObject *index = NULL;
    int rc = R(op)->length ? long_range_int_position(op, ob, &index) : range_int_position(op, ob, &pos);
    if (rc == -1) return NULL;
    if (rc == 1) return index != NULL ? index : PyLong_FromSize_t(pos);
    if (rc == -2) {
        Py_ssize_t count, first = range_search(op, ob, &count);
        if (first == -2) return NULL;
        if (first >= 0) return PyLong_FromSsize_t(first);
    }
    PyErr_Format(PyExc_ValueError, "%R is not in range", ob);
    return NULL;
}

static PyObject *range_repr(PyObject *op) {
    int unit_step = PyObject_RichCompareBool(R(op)->step, PyLong_FromLong(1), Py_EQ);
    if (unit_step < 0) return NULL;
    if (unit_step) return PyUnicode_FromFormat("range(%R, %R)", R(op)->start, R(op)->stop);
    return PyUnicode_FromFormat("range(%R, %R, %R)", R(op)->start, R(op)->stop, R(op)->step);
}

/* Equal as sequences: same length and, when not empty, same start and (past one element) step. */
static int range_equal(PyObject *a, PyObject *b) {
    if (a == b) return 1;
    if (!R(a)->length && !R(b)->length) {
        if (R(a)->len != R(b)->len) return 0;
        if (R(a)->len == 0) return 1;
        if (R(a)->istart != R(b)->istart) return 0;
        return R(a)->len == 1 || R(a)->istep == R(b)->istep;
    }
    PyObject *la = length_object(a), *lb = length_object(b);
    int eq = la && lb ? PyObject_RichCompareBool(la, lb, Py_EQ) : -1;
    int empty = eq > 0 ? PyObject_Not(la) : 0;
    int single = eq > 0 && !empty ? PyObject_RichCompareBool(la, PyLong_FromLong(1), Py_EQ) : 0;
    Py_XDECREF(la);
    Py_XDECREF(lb);
    if (eq <= 0 || empty != 0 || single < 0) return eq <= 0 ? eq : empty;
    eq = PyObject_RichCompareBool(R(a)->start, R(b)->start, Py_EQ);
    if (eq <= 0 || single) return eq;
    return PyObject_RichCompareBool(R(a)->step, R(b)->step, Py_EQ);
}

static PyObject *range_richcompare(PyObject *a, PyObject *b, int op) {
    if (!PyRange_Check(b) || (op != Py_EQ && op != Py_NE)) Py_RETURN_NOTIMPLEMENTED;
    int eq = range_equal(a, b);
    if (eq < 0) return NULL;
    return Py_NewRef((eq == (op == Py_EQ)) ? Py_True : Py_False);
}

/* Hash of (len, start, step), with None for what does not matter. */
static Py_hash_t range_hash(PyObject *op) {
    PyObject *len = length_object(op);
    if (len == NULL) return -1;
    int cmp0 = PyObject_RichCompareBool(len, PyLong_FromLong(0), Py_EQ);
    int cmp1 = PyObject_RichCompareBool(len, PyLong_FromLong(1), Py_LE);
    if (cmp0 < 0 || cmp1 < 0) {
        Py_DECREF(len);
        return -1;
    }
    PyObject *t = PyTuple_Pack(3, len, cmp0 ? Py_None : R(op)->start, cmp1 ? Py_None : R(op)->step);
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
    if (R(op)->length) return _cpx_longrange_iter(R(op)->start, R(op)->step, R(op)->length);
    return rangeiter_new(R(op)->istart, (size_t)R(op)->istep, R(op)->len);
}

static PyObject *range_reversed(PyObject *op, PyObject *Py_UNUSED(ignored)) {
    if (R(op)->length) return _cpx_longrange_reversed(R(op)->start, R(op)->step, R(op)->length);
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
    if (PyType_Ready(&PyRange_Type) < 0 || PyType_Ready(&PyRangeIter_Type) < 0 ||
        PyType_Ready(&_cpx_LongRangeIter_Type) < 0)
        return -1;
    return 0;
}
