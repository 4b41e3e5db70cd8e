/* tupleobject.c: tuple (PyTuple_Type) and its iterator (PyTupleIter_Type).
 *
 * Invariant: a tuple is one malloc'd block with its items inline; each
 * non-NULL slot ob_item[i] is a reference the tuple owns (released by
 * tuple_dealloc). PyTuple_SetItem / PyTuple_SET_ITEM steal the item's
 * reference; PyTuple_GetItem / PyTuple_GET_ITEM return borrowed ones. The
 * one empty tuple is a static, immortal singleton (`empty_tuple`); no other
 * exact tuple of size 0 exists. _PyTuple_Resize may move a tuple only while
 * its caller holds the sole reference. Exact tuples are not GC-tracked (the
 * shim runs no cycle collector); subclass instances come from tp_alloc. */
#include "containers.h"

static PyTupleObject empty_tuple = { PyVarObject_HEAD_INIT(&PyTuple_Type, 0) { NULL } };

#define EMPTY_TUPLE ((PyObject *)&empty_tuple)
#define TUPLE_HEADER_SIZE (offsetof(PyTupleObject, ob_item))

static PyObject *tuple_alloc(Py_ssize_t n) {
    if ((size_t)n > (PY_SSIZE_T_MAX - TUPLE_HEADER_SIZE) / sizeof(PyObject *) - 1)
        return PyErr_NoMemory();
    PyTupleObject *op = PyObject_Malloc(TUPLE_HEADER_SIZE + (size_t)(n + 1) * sizeof(PyObject *));
    if (op == NULL) return PyErr_NoMemory();
    memset(op->ob_item, 0, (size_t)(n + 1) * sizeof(PyObject *));
    Py_SET_SIZE(op, n);
    return _cpx_setup_object((PyObject *)op, &PyTuple_Type);
}

PyObject *PyTuple_New(Py_ssize_t size) {
    if (size < 0) {
        PyErr_BadInternalCall();
        return NULL;
    }
    if (size == 0) return Py_NewRef(EMPTY_TUPLE);
    return tuple_alloc(size);
}

Py_ssize_t PyTuple_Size(PyObject *op) {
    if (!PyTuple_Check(op)) {
        PyErr_BadInternalCall();
        return -1;
    }
    return Py_SIZE(op);
}

PyObject *PyTuple_GetItem(PyObject *op, Py_ssize_t i) {
    if (!PyTuple_Check(op)) {
        PyErr_BadInternalCall();
        return NULL;
    }
    if (i < 0 || i >= Py_SIZE(op)) {
        PyErr_SetString(PyExc_IndexError, "tuple index out of range");
        return NULL;
    }
    return PyTuple_GET_ITEM(op, i);
}

int PyTuple_SetItem(PyObject *op, Py_ssize_t i, PyObject *newitem) {
    if (!PyTuple_Check(op) || Py_REFCNT(op) != 1) {
        Py_XDECREF(newitem);
        PyErr_BadInternalCall();
        return -1;
    }
    if (i < 0 || i >= Py_SIZE(op)) {
        Py_XDECREF(newitem);
        PyErr_SetString(PyExc_IndexError, "tuple assignment index out of range");
        return -1;
    }
    PyObject **slot = &_PyTuple_ITEMS(op)[i];
    Py_XSETREF(*slot, newitem);
    return 0;
}

/* New tuple holding new references to items[0..n). */
static PyObject *tuple_from_array(PyObject *const *items, Py_ssize_t n) {
    if (n == 0) return Py_NewRef(EMPTY_TUPLE);
    PyObject *t = tuple_alloc(n);
    if (t == NULL) return NULL;
    for (Py_ssize_t i = 0; i < n; i++) _PyTuple_ITEMS(t)[i] = Py_NewRef(items[i]);
    return t;
}

PyObject *PyTuple_GetSlice(PyObject *op, Py_ssize_t lo, Py_ssize_t hi) {
    if (op == NULL || !PyTuple_Check(op)) {
        PyErr_BadInternalCall();
        return NULL;
    }
    Py_ssize_t n = Py_SIZE(op);
    if (lo < 0) lo = 0;
    if (hi > n) hi = n;
    if (hi < lo) hi = lo;
    if (lo == 0 && hi == n && PyTuple_CheckExact(op)) return Py_NewRef(op);
    return tuple_from_array(_PyTuple_ITEMS(op) + lo, hi - lo);
}

PyObject *PyTuple_Pack(Py_ssize_t n, ...) {
    PyObject *t = PyTuple_New(n);
    if (t == NULL) return NULL;
    va_list va;
    va_start(va, n);
    for (Py_ssize_t i = 0; i < n; i++) _PyTuple_ITEMS(t)[i] = Py_NewRef(va_arg(va, PyObject *));
    va_end(va);
    return t;
}

int _PyTuple_Resize(PyObject **pv, Py_ssize_t newsize) {
    PyObject *v = *pv;
    if (v == NULL || !Py_IS_TYPE(v, &PyTuple_Type) || newsize < 0 ||
        (Py_SIZE(v) != 0 && Py_REFCNT(v) != 1)) {
        *pv = NULL;
        Py_XDECREF(v);
        PyErr_BadInternalCall();
        return -1;
    }
    Py_ssize_t oldsize = Py_SIZE(v);
    if (oldsize == newsize) return 0;
    if (oldsize == 0 || newsize == 0) {
        /* The empty singleton is never resized in place. */
        *pv = PyTuple_New(newsize);
        Py_DECREF(v);
        return *pv == NULL ? -1 : 0;
    }
    for (Py_ssize_t i = newsize; i < oldsize; i++) Py_CLEAR(_PyTuple_ITEMS(v)[i]);
    if ((size_t)newsize > (PY_SSIZE_T_MAX - TUPLE_HEADER_SIZE) / sizeof(PyObject *) - 1) {
        *pv = NULL;
        Py_DECREF(v);
        PyErr_NoMemory();
        return -1;
    }
    PyObject *nv = PyObject_Realloc(v, TUPLE_HEADER_SIZE + (size_t)(newsize + 1) * sizeof(PyObject *));
    if (nv == NULL) {
        *pv = NULL;
        Py_SET_SIZE(v, newsize < oldsize ? newsize : oldsize);
        Py_DECREF(v);
        PyErr_NoMemory();
        return -1;
    }
    if (newsize > oldsize)
        memset(&_PyTuple_ITEMS(nv)[oldsize], 0, (size_t)(newsize - oldsize + 1) * sizeof(PyObject *));
    Py_SET_SIZE(nv, newsize);
    *pv = nv;
    return 0;
}

/* ---- shared helpers for the container reprs ---- */

PyObject *_cpx_join_reprs(PyObject *parts, const char *open, const char *close) {
    PyObject *sep = PyUnicode_FromString(", ");
    if (sep == NULL) return NULL;
    PyObject *body = PyUnicode_Join(sep, parts);
    Py_DECREF(sep);
    if (body == NULL) return NULL;
    PyObject *res = PyUnicode_FromFormat("%s%U%s", open, body, close);
    Py_DECREF(body);
    return res;
}

PyObject *_cpx_reprs_of_iterable(PyObject *seq) {
    PyObject *it = PyObject_GetIter(seq);
    if (it == NULL) return NULL;
    PyObject *parts = PyList_New(0), *item;
    if (parts == NULL) goto fail;
    while ((item = PyIter_Next(it)) != NULL) {
        PyObject *r = PyObject_Repr(item);
        Py_DECREF(item);
        if (r == NULL || PyList_Append(parts, r) < 0) {
            Py_XDECREF(r);
            goto fail;
        }
        Py_DECREF(r);
    }
    if (PyErr_Occurred()) goto fail;
    Py_DECREF(it);
    return parts;
fail:
    Py_XDECREF(parts);
    Py_DECREF(it);
    return NULL;
}

/* ---- slots ---- */

static void tuple_dealloc(PyObject *op) {
    PyObject_GC_UnTrack(op);
    for (Py_ssize_t i = Py_SIZE(op); --i >= 0;) Py_XDECREF(_PyTuple_ITEMS(op)[i]);
    Py_TYPE(op)->tp_free(op);
}

static int tuple_traverse(PyObject *op, visitproc visit, void *arg) {
    for (Py_ssize_t i = Py_SIZE(op); --i >= 0;) Py_VISIT(_PyTuple_ITEMS(op)[i]);
    return 0;
}

static PyObject *tuple_repr(PyObject *op) {
    Py_ssize_t n = Py_SIZE(op);
    if (n == 0) return PyUnicode_FromString("()");
    int rc = Py_ReprEnter(op);
    if (rc != 0) return rc > 0 ? PyUnicode_FromString("(...)") : NULL;
    PyObject *res = NULL, *parts = PyList_New(n);
    if (parts == NULL) goto done;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *r = PyObject_Repr(_PyTuple_ITEMS(op)[i]);
        if (r == NULL) goto done;
        PyList_SET_ITEM(parts, i, r);
    }
    res = _cpx_join_reprs(parts, "(", n == 1 ? ",)" : ")");
done:
    Py_XDECREF(parts);
    Py_ReprLeave(op);
    return res;
}

/* CPython 3.11's tuple hash: an xxHash-style accumulation of the item
 * hashes (64-bit lanes), so equal item hashes give CPython's values. */
#define XXPRIME_1 11400714785074694791ULL
#define XXPRIME_2 14029467366897019727ULL
#define XXPRIME_5 2870177450012600261ULL
#define XXROTATE(x) (((x) << 31) | ((x) >> 33))

static Py_hash_t tuple_hash(PyObject *op) {
    Py_ssize_t n = Py_SIZE(op);
    Py_uhash_t acc = XXPRIME_5;
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_hash_t h = PyObject_Hash(_PyTuple_ITEMS(op)[i]);
        if (h == -1) return -1;
        acc += (Py_uhash_t)h * XXPRIME_2;
        acc = XXROTATE(acc);
        acc *= XXPRIME_1;
    }
    acc += (Py_uhash_t)n ^ (XXPRIME_5 ^ 3527539UL);
    if (acc == (Py_uhash_t)-1) return 1546275796;
    return (Py_hash_t)acc;
}

static Py_ssize_t tuple_length(PyObject *op) { return Py_SIZE(op); }

static PyObject *tuple_richcompare(PyObject *v, PyObject *w, int op) {
    if (!PyTuple_Check(v) || !PyTuple_Check(w)) Py_RETURN_NOTIMPLEMENTED;
    Py_ssize_t vn = Py_SIZE(v), wn = Py_SIZE(w), i;
    /* Find the first index where the items differ. */
    for (i = 0; i < vn && i < wn; i++) {
        PyObject *a = _PyTuple_ITEMS(v)[i], *b = _PyTuple_ITEMS(w)[i];
        if (a == b) continue;
        int k = PyObject_RichCompareBool(a, b, Py_EQ);
        if (k < 0) return NULL;
        if (!k) break;
    }
    if (i >= vn || i >= wn) Py_RETURN_RICHCOMPARE(vn, wn, op);
    if (op == Py_EQ) Py_RETURN_FALSE;
    if (op == Py_NE) Py_RETURN_TRUE;
    return PyObject_RichCompare(_PyTuple_ITEMS(v)[i], _PyTuple_ITEMS(w)[i], op);
}

static int tuple_contains(PyObject *op, PyObject *el) {
    int cmp = 0;
    for (Py_ssize_t i = 0; cmp == 0 && i < Py_SIZE(op); i++)
        cmp = PyObject_RichCompareBool(_PyTuple_ITEMS(op)[i], el, Py_EQ);
    return cmp;
}

static PyObject *tuple_item(PyObject *op, Py_ssize_t i) {
    if (i < 0 || i >= Py_SIZE(op)) {
        PyErr_SetString(PyExc_IndexError, "tuple index out of range");
        return NULL;
    }
    return Py_NewRef(_PyTuple_ITEMS(op)[i]);
}

static PyObject *tuple_concat(PyObject *a, PyObject *b) {
    if (!PyTuple_Check(b)) {
        PyErr_Format(PyExc_TypeError, "can only concatenate tuple (not \"%.200s\") to tuple",
                     Py_TYPE(b)->tp_name);
        return NULL;
    }
    if (Py_SIZE(b) == 0 && PyTuple_CheckExact(a)) return Py_NewRef(a);
    if (Py_SIZE(a) == 0 && PyTuple_CheckExact(b)) return Py_NewRef(b);
    Py_ssize_t an = Py_SIZE(a), bn = Py_SIZE(b);
    if (an > PY_SSIZE_T_MAX - bn) return PyErr_NoMemory();
    PyObject *t = PyTuple_New(an + bn);
    if (t == NULL) return NULL;
    for (Py_ssize_t i = 0; i < an; i++) _PyTuple_ITEMS(t)[i] = Py_NewRef(_PyTuple_ITEMS(a)[i]);
    for (Py_ssize_t i = 0; i < bn; i++) _PyTuple_ITEMS(t)[an + i] = Py_NewRef(_PyTuple_ITEMS(b)[i]);
    return t;
}

static PyObject *tuple_repeat(PyObject *a, Py_ssize_t n) {
    Py_ssize_t size = Py_SIZE(a);
    if (n < 0) n = 0;
    if (size == 0 || n == 0) return Py_NewRef(EMPTY_TUPLE);
    if (n == 1 && PyTuple_CheckExact(a)) return Py_NewRef(a);
    if (size > PY_SSIZE_T_MAX / n) return PyErr_NoMemory();
    PyObject *t = PyTuple_New(size * n);
    if (t == NULL) return NULL;
    PyObject **dst = _PyTuple_ITEMS(t);
    for (Py_ssize_t r = 0; r < n; r++)
        for (Py_ssize_t i = 0; i < size; i++) *dst++ = Py_NewRef(_PyTuple_ITEMS(a)[i]);
    return t;
}

static PyObject *tuple_subscript(PyObject *op, PyObject *item) {
    if (PyIndex_Check(item)) {
        Py_ssize_t i = PyNumber_AsSsize_t(item, PyExc_IndexError);
        if (i == -1 && PyErr_Occurred()) return NULL;
        if (i < 0) i += Py_SIZE(op);
        return tuple_item(op, i);
    }
    if (PySlice_Check(item)) {
        Py_ssize_t start, stop, step;
        if (PySlice_Unpack(item, &start, &stop, &step) < 0) return NULL;
        Py_ssize_t len = PySlice_AdjustIndices(Py_SIZE(op), &start, &stop, step);
        if (len <= 0) return Py_NewRef(EMPTY_TUPLE);
        if (start == 0 && step == 1 && len == Py_SIZE(op) && PyTuple_CheckExact(op))
            return Py_NewRef(op);
        PyObject *t = PyTuple_New(len);
        if (t == NULL) return NULL;
        for (Py_ssize_t i = 0, cur = start; i < len; i++, cur += step)
            _PyTuple_ITEMS(t)[i] = Py_NewRef(_PyTuple_ITEMS(op)[cur]);
        return t;
    }
    PyErr_Format(PyExc_TypeError, "tuple indices must be integers or slices, not %.200s",
                 Py_TYPE(item)->tp_name);
    return NULL;
}

/* An exact tuple of the items of `iterable` (a new reference). */
static PyObject *tuple_from_iterable(PyObject *iterable) {
    if (PyTuple_CheckExact(iterable)) return Py_NewRef(iterable);
    if (PyList_CheckExact(iterable))
        return tuple_from_array(((PyListObject *)iterable)->ob_item, PyList_GET_SIZE(iterable));
    PyObject *it = PyObject_GetIter(iterable);
    if (it == NULL) return NULL;
    Py_ssize_t cap = PyObject_LengthHint(iterable, 8), n = 0;
    if (cap < 0) {
        Py_DECREF(it);
        return NULL;
    }
    if (cap == 0) cap = 8;
    PyObject *t = PyTuple_New(cap), *item;
    if (t == NULL) goto fail;
    while ((item = PyIter_Next(it)) != NULL) {
        if (n == cap) {
            if (cap > PY_SSIZE_T_MAX / 2 - 8) {
                Py_DECREF(item);
                PyErr_NoMemory();
                goto fail;
            }
            cap = cap * 2 + 8;
            if (_PyTuple_Resize(&t, cap) < 0) {
                Py_DECREF(item);
                goto fail;
            }
        }
        _PyTuple_ITEMS(t)[n++] = item;
    }
    if (PyErr_Occurred()) goto fail;
    Py_DECREF(it);
    if (n != cap && _PyTuple_Resize(&t, n) < 0) return NULL;
    return t;
fail:
    Py_XDECREF(t);
    Py_DECREF(it);
    return NULL;
}

static PyObject *tuple_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    if (kwds != NULL && PyDict_Check(kwds) && PyDict_GET_SIZE(kwds) != 0) {
        PyErr_SetString(PyExc_TypeError, "tuple() takes no keyword arguments");
        return NULL;
    }
    Py_ssize_t nargs = PyTuple_GET_SIZE(args);
    if (nargs > 1) {
        PyErr_Format(PyExc_TypeError, "tuple expected at most 1 argument, got %zd", nargs);
        return NULL;
    }
    PyObject *tmp = nargs == 0 ? Py_NewRef(EMPTY_TUPLE) : tuple_from_iterable(PyTuple_GET_ITEM(args, 0));
    if (tmp == NULL || type == &PyTuple_Type) return tmp;
    Py_ssize_t n = Py_SIZE(tmp);
    PyObject *res = type->tp_alloc(type, n);
    if (res != NULL) {
        for (Py_ssize_t i = 0; i < n; i++) _PyTuple_ITEMS(res)[i] = Py_NewRef(_PyTuple_ITEMS(tmp)[i]);
    }
    Py_DECREF(tmp);
    return res;
}

static PyObject *tuple_index(PyObject *self, PyObject *args) {
    PyObject *value;
    Py_ssize_t start, stop, n = Py_SIZE(self);
    if (_cpx_parse_index_args(args, "index", &value, &start, &stop) < 0) return NULL;
    if (start < 0 && (start += n) < 0) start = 0;
    if (stop < 0) stop += n;
    else if (stop > n) stop = n;
    for (Py_ssize_t i = start; i < stop; i++) {
        int cmp = PyObject_RichCompareBool(_PyTuple_ITEMS(self)[i], value, Py_EQ);
        if (cmp > 0) return PyLong_FromSsize_t(i);
        if (cmp < 0) return NULL;
    }
    PyErr_SetString(PyExc_ValueError, "tuple.index(x): x not in tuple");
    return NULL;
}

static PyObject *tuple_count(PyObject *self, PyObject *value) {
    Py_ssize_t count = 0;
    for (Py_ssize_t i = 0; i < Py_SIZE(self); i++) {
        int cmp = PyObject_RichCompareBool(_PyTuple_ITEMS(self)[i], value, Py_EQ);
        if (cmp > 0) count++;
        else if (cmp < 0) return NULL;
    }
    return PyLong_FromSsize_t(count);
}

static PyObject *tuple_getnewargs(PyObject *self, PyObject *Py_UNUSED(ignored)) {
    PyObject *copy = tuple_from_array(_PyTuple_ITEMS(self), Py_SIZE(self));
    if (copy == NULL) return NULL;
    PyObject *res = PyTuple_Pack(1, copy);
    Py_DECREF(copy);
    return res;
}

static PyObject *tuple_iter(PyObject *seq);

static PyMethodDef tuple_methods[] = {
    {"index", tuple_index, METH_VARARGS, "Return first index of value."},
    {"count", tuple_count, METH_O, "Return number of occurrences of value."},
    {"__getnewargs__", tuple_getnewargs, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PySequenceMethods tuple_as_sequence = {
    .sq_length = tuple_length,
    .sq_concat = tuple_concat,
    .sq_repeat = tuple_repeat,
    .sq_item = tuple_item,
    .sq_contains = tuple_contains,
};

static PyMappingMethods tuple_as_mapping = {
    .mp_length = tuple_length,
    .mp_subscript = tuple_subscript,
};

PyTypeObject PyTuple_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "tuple",
    .tp_basicsize = sizeof(PyTupleObject) - sizeof(PyObject *),
    .tp_itemsize = sizeof(PyObject *),
    .tp_dealloc = tuple_dealloc,
    .tp_repr = tuple_repr,
    .tp_as_sequence = &tuple_as_sequence,
    .tp_as_mapping = &tuple_as_mapping,
    .tp_hash = tuple_hash,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_BASETYPE |
                Py_TPFLAGS_TUPLE_SUBCLASS | _Py_TPFLAGS_MATCH_SELF | Py_TPFLAGS_SEQUENCE,
    .tp_doc = "Built-in immutable sequence.",
    .tp_traverse = tuple_traverse,
    .tp_richcompare = tuple_richcompare,
    .tp_iter = tuple_iter,
    .tp_methods = tuple_methods,
    .tp_alloc = PyType_GenericAlloc,
    .tp_new = tuple_new,
    .tp_free = PyObject_GC_Del,
};

/* ---- iterator: owns a reference to the tuple until exhausted ---- */

typedef struct {
    PyObject_HEAD
    Py_ssize_t it_index;
    PyObject *it_seq; /* owned; NULL once exhausted */
} tupleiterobject;

static PyObject *tuple_iter(PyObject *seq) {
    tupleiterobject *it = PyObject_Malloc(sizeof(tupleiterobject));
    if (it == NULL) return PyErr_NoMemory();
    _cpx_setup_object((PyObject *)it, &PyTupleIter_Type);
    it->it_index = 0;
    it->it_seq = Py_NewRef(seq);
    return (PyObject *)it;
}

static void tupleiter_dealloc(PyObject *op) {
    Py_XDECREF(((tupleiterobject *)op)->it_seq);
    PyObject_Free(op);
}

static int tupleiter_traverse(PyObject *op, visitproc visit, void *arg) {
    Py_VISIT(((tupleiterobject *)op)->it_seq);
    return 0;
}

static PyObject *tupleiter_next(PyObject *op) {
    tupleiterobject *it = (tupleiterobject *)op;
    if (it->it_seq == NULL) return NULL;
    if (it->it_index < Py_SIZE(it->it_seq))
        return Py_NewRef(_PyTuple_ITEMS(it->it_seq)[it->it_index++]);
    Py_CLEAR(it->it_seq);
    return NULL;
}

static PyObject *tupleiter_len(PyObject *op, PyObject *Py_UNUSED(ignored)) {
    tupleiterobject *it = (tupleiterobject *)op;
    Py_ssize_t n = it->it_seq ? Py_SIZE(it->it_seq) - it->it_index : 0;
    return PyLong_FromSsize_t(n < 0 ? 0 : n);
}

static PyMethodDef tupleiter_methods[] = {
    {"__length_hint__", tupleiter_len, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

PyTypeObject PyTupleIter_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "tuple_iterator",
    .tp_basicsize = sizeof(tupleiterobject),
    .tp_dealloc = tupleiter_dealloc,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_traverse = tupleiter_traverse,
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = tupleiter_next,
    .tp_methods = tupleiter_methods,
    .tp_free = PyObject_Free,
};

/* ---- initialisation of the whole container family ---- */

int _cpx_init_tuple(void) {
    _cpx_immortal(EMPTY_TUPLE);
    if (PyType_Ready(&PyTuple_Type) < 0 || PyType_Ready(&PyTupleIter_Type) < 0) return -1;
    return 0;
}

int _cpx_init_containers(void) {
    if (_cpx_init_tuple() < 0 || _cpx_init_list() < 0 || _cpx_init_dict() < 0 ||
        _cpx_init_dict_views() < 0 || _cpx_init_set() < 0 || _cpx_init_slice() < 0 ||
        _cpx_init_iter() < 0 || _cpx_init_range() < 0 || _cpx_init_enum() < 0)
        return -1;
    return 0;
}
