/* listobject.c: list (PyList_Type): the PyList_* API, the slots and the
 * methods. Sorting lives in list_sort.c, the iterators (PyListIter_Type,
 * PyListRevIter_Type) in list_iter.c.
 *
 * Invariant: ob_item is a PyMem block of `allocated` slots (NULL when
 * allocated == 0); slots [0, ob_size) hold references the list owns, the
 * rest are garbage. PyList_SetItem / PyList_SET_ITEM steal the item;
 * PyList_GetItem / PyList_GET_ITEM return borrowed references. Every
 * operation that drops items first makes the list consistent again and only
 * then releases the old references, because a release can run arbitrary
 * code (a __del__) that looks at the list. Exact lists are not GC-tracked. */
#include "containers.h"

/* Resize the item block so that it holds at least newsize slots and set
 * ob_size = newsize (new slots are uninitialised). Growth over-allocates
 * like CPython 3.11 so that appends are amortised O(1). */
static int list_resize(PyListObject *self, Py_ssize_t newsize) {
    Py_ssize_t allocated = self->allocated;
    if (allocated >= newsize && newsize >= (allocated >> 1)) {
        Py_SET_SIZE(self, newsize);
        return 0;
    }
    size_t new_allocated = ((size_t)newsize + ((size_t)newsize >> 3) + 6) & ~(size_t)3;
    if (newsize - Py_SIZE(self) > (Py_ssize_t)(new_allocated - (size_t)newsize))
        new_allocated = ((size_t)newsize + 3) & ~(size_t)3;
    if (newsize == 0) new_allocated = 0;
    PyObject **items;
    if (new_allocated > (size_t)PY_SSIZE_T_MAX / sizeof(PyObject *)) {
        PyErr_NoMemory();
        return -1;
    }
    if (new_allocated == 0) {
        PyMem_Free(self->ob_item);
        items = NULL;
    } else {
        items = PyMem_Realloc(self->ob_item, new_allocated * sizeof(PyObject *));
        if (items == NULL) {
            if (newsize <= allocated) { /* a failed shrink keeps the old block */
                Py_SET_SIZE(self, newsize);
                return 0;
            }
            PyErr_NoMemory();
            return -1;
        }
    }
    self->ob_item = items;
    Py_SET_SIZE(self, newsize);
    self->allocated = (Py_ssize_t)new_allocated;
    return 0;
}

PyObject *PyList_New(Py_ssize_t size) {
    if (size < 0) {
        PyErr_BadInternalCall();
        return NULL;
    }
    if ((size_t)size > (size_t)PY_SSIZE_T_MAX / sizeof(PyObject *)) return PyErr_NoMemory();
    PyListObject *op = PyObject_Malloc(sizeof(PyListObject));
    if (op == NULL) return PyErr_NoMemory();
    op->ob_item = NULL;
    if (size > 0) {
        op->ob_item = PyMem_Calloc((size_t)size, sizeof(PyObject *));
        if (op->ob_item == NULL) {
            PyObject_Free(op);
            return PyErr_NoMemory();
        }
    }
    Py_SET_SIZE(op, size);
    op->allocated = size;
    return _cpx_setup_object((PyObject *)op, &PyList_Type);
}

Py_ssize_t PyList_Size(PyObject *op) {
    if (!PyList_Check(op)) {
        PyErr_BadInternalCall();
        return -1;
    }
    return Py_SIZE(op);
}

PyObject *PyList_GetItem(PyObject *op, Py_ssize_t i) {
    if (!PyList_Check(op)) {
        PyErr_BadInternalCall();
        return NULL;
    }
    if (i < 0 || i >= Py_SIZE(op)) {
        PyErr_SetString(PyExc_IndexError, "list index out of range");
        return NULL;
    }
    return PyList_GET_ITEM(op, i);
}

int PyList_SetItem(PyObject *op, Py_ssize_t i, PyObject *newitem) {
    if (!PyList_Check(op)) {
        Py_XDECREF(newitem);
        PyErr_BadInternalCall();
        return -1;
    }
    if (i < 0 || i >= Py_SIZE(op)) {
        Py_XDECREF(newitem);
        PyErr_SetString(PyExc_IndexError, "list assignment index out of range");
        return -1;
    }
    Py_XSETREF(_PyList_CAST(op)->ob_item[i], newitem);
    return 0;
}

static int list_insert(PyListObject *self, Py_ssize_t where, PyObject *v) {
    Py_ssize_t n = Py_SIZE(self);
    if (list_resize(self, n + 1) < 0) return -1;
    if (where < 0) {
        where += n;
        if (where < 0) where = 0;
    }
    if (where > n) where = n;
    PyObject **items = self->ob_item;
    memmove(&items[where + 1], &items[where], (size_t)(n - where) * sizeof(PyObject *));
    items[where] = Py_NewRef(v);
    return 0;
}

int PyList_Insert(PyObject *op, Py_ssize_t where, PyObject *newitem) {
    if (!PyList_Check(op) || newitem == NULL) {
        PyErr_BadInternalCall();
        return -1;
    }
    return list_insert(_PyList_CAST(op), where, newitem);
}

/* Append a new reference to v (v borrowed). */
static int list_append(PyListObject *self, PyObject *v) {
    Py_ssize_t n = Py_SIZE(self);
    if (n < self->allocated) {
        self->ob_item[n] = Py_NewRef(v);
        Py_SET_SIZE(self, n + 1);
        return 0;
    }
    if (list_resize(self, n + 1) < 0) return -1;
    self->ob_item[n] = Py_NewRef(v);
    return 0;
}

int PyList_Append(PyObject *op, PyObject *newitem) {
    if (!PyList_Check(op) || newitem == NULL) {
        PyErr_BadInternalCall();
        return -1;
    }
    return list_append(_PyList_CAST(op), newitem);
}

static PyObject *list_new_from_array(PyObject *const *src, Py_ssize_t n) {
    PyObject *res = PyList_New(n);
    if (res == NULL) return NULL;
    for (Py_ssize_t i = 0; i < n; i++) _PyList_CAST(res)->ob_item[i] = Py_NewRef(src[i]);
    return res;
}

static PyObject *list_slice(PyListObject *a, Py_ssize_t lo, Py_ssize_t hi) {
    Py_ssize_t n = Py_SIZE(a);
    if (lo < 0) lo = 0;
    else if (lo > n) lo = n;
    if (hi < lo) hi = lo;
    else if (hi > n) hi = n;
    return list_new_from_array(a->ob_item + lo, hi - lo);
}

PyObject *PyList_GetSlice(PyObject *op, Py_ssize_t lo, Py_ssize_t hi) {
    if (!PyList_Check(op)) {
        PyErr_BadInternalCall();
        return NULL;
    }
    return list_slice(_PyList_CAST(op), lo, hi);
}

/* a[lo:hi] = v, where v is NULL (delete) or any iterable; v may be a. */
static int list_ass_slice(PyListObject *a, Py_ssize_t lo, Py_ssize_t hi, PyObject *v) {
    PyObject *seq = NULL, **src = NULL;
    Py_ssize_t k = 0;
    if (v != NULL) {
        if (v == (PyObject *)a) {
            seq = list_slice(a, 0, Py_SIZE(a));
            if (seq == NULL) return -1;
        } else if (PyList_Check(v) || PyTuple_Check(v)) {
            seq = Py_NewRef(v);
        } else {
            seq = PySequence_Fast(v, "can only assign an iterable");
            if (seq == NULL) return -1;
        }
        k = PySequence_Fast_GET_SIZE(seq);
        src = PySequence_Fast_ITEMS(seq);
    }
    Py_ssize_t n = Py_SIZE(a);
    if (lo < 0) lo = 0;
    else if (lo > n) lo = n;
    if (hi < lo) hi = lo;
    else if (hi > n) hi = n;
    Py_ssize_t d = k - (hi - lo), nold = hi - lo;
    PyObject **old = NULL;
    if (nold > 0) {
        old = PyMem_Malloc((size_t)nold * sizeof(PyObject *));
        if (old == NULL) {
            Py_XDECREF(seq);
            PyErr_NoMemory();
            return -1;
        }
        memcpy(old, &a->ob_item[lo], (size_t)nold * sizeof(PyObject *));
    }
    if (d < 0) {
        memmove(&a->ob_item[hi + d], &a->ob_item[hi], (size_t)(n - hi) * sizeof(PyObject *));
        list_resize(a, n + d); /* shrinking cannot fail */
    } else if (d > 0) {
        if (list_resize(a, n + d) < 0) {
            PyMem_Free(old);
            Py_XDECREF(seq);
            return -1;
        }
        memmove(&a->ob_item[hi + d], &a->ob_item[hi], (size_t)(n - hi) * sizeof(PyObject *));
    }
    for (Py_ssize_t i = 0; i < k; i++) a->ob_item[lo + i] = Py_NewRef(src[i]);
    for (Py_ssize_t i = nold; --i >= 0;) Py_XDECREF(old[i]);
    PyMem_Free(old);
    Py_XDECREF(seq);
    return 0;
}

int PyList_SetSlice(PyObject *op, Py_ssize_t lo, Py_ssize_t hi, PyObject *v) {
    if (!PyList_Check(op)) {
        PyErr_BadInternalCall();
        return -1;
    }
    return list_ass_slice(_PyList_CAST(op), lo, hi, v);
}

static void list_reverse_range(PyObject **lo, PyObject **hi) {
    for (--hi; lo < hi; lo++, hi--) {
        PyObject *t = *lo;
        *lo = *hi;
        *hi = t;
    }
}

int PyList_Reverse(PyObject *op) {
    if (op == NULL || !PyList_Check(op)) {
        PyErr_BadInternalCall();
        return -1;
    }
    if (Py_SIZE(op) > 1)
        list_reverse_range(_PyList_CAST(op)->ob_item, _PyList_CAST(op)->ob_item + Py_SIZE(op));
    return 0;
}

PyObject *PyList_AsTuple(PyObject *op) {
    if (op == NULL || !PyList_Check(op)) {
        PyErr_BadInternalCall();
        return NULL;
    }
    Py_ssize_t n = Py_SIZE(op);
    PyObject *t = PyTuple_New(n);
    if (t == NULL) return NULL;
    for (Py_ssize_t i = 0; i < n; i++) PyTuple_SET_ITEM(t, i, Py_NewRef(PyList_GET_ITEM(op, i)));
    return t;
}

/* Append every item of `iterable` to self (self may be the iterable). */
static int list_extend(PyListObject *self, PyObject *iterable) {
    if (PyList_CheckExact(iterable) || PyTuple_CheckExact(iterable) || iterable == (PyObject *)self) {
        Py_ssize_t n = PySequence_Fast_GET_SIZE(iterable);
        if (n == 0) return 0;
        Py_ssize_t m = Py_SIZE(self);
        if (m > PY_SSIZE_T_MAX - n) {
            PyErr_NoMemory();
            return -1;
        }
        if (list_resize(self, m + n) < 0) return -1;
        /* For self.extend(self) the source block may have moved: re-read it. */
        PyObject **src = PySequence_Fast_ITEMS(iterable);
        for (Py_ssize_t i = 0; i < n; i++) self->ob_item[m + i] = Py_NewRef(src[i]);
        return 0;
    }
    PyObject *it = PyObject_GetIter(iterable);
    if (it == NULL) return -1;
    Py_ssize_t hint = PyObject_LengthHint(iterable, 8);
    if (hint < 0) {
        Py_DECREF(it);
        return -1;
    }
    Py_ssize_t m = Py_SIZE(self);
    if (hint > 0 && m <= PY_SSIZE_T_MAX - hint) {
        if (list_resize(self, m + hint) < 0) {
            Py_DECREF(it);
            return -1;
        }
        Py_SET_SIZE(self, m);
    }
    PyObject *item;
    while ((item = PyIter_Next(it)) != NULL) {
        Py_ssize_t n = Py_SIZE(self);
        if (n < self->allocated) {
            self->ob_item[n] = item;
            Py_SET_SIZE(self, n + 1);
        } else {
            int rc = list_append(self, item);
            Py_DECREF(item);
            if (rc < 0) goto fail;
        }
    }
    if (PyErr_Occurred()) goto fail;
    Py_DECREF(it);
    if (Py_SIZE(self) < self->allocated && list_resize(self, Py_SIZE(self)) < 0) return -1;
    return 0;
fail:
    Py_DECREF(it);
    return -1;
}

PyObject *_PyList_Extend(PyListObject *self, PyObject *iterable) {
    if (list_extend(self, iterable) < 0) return NULL;
    Py_RETURN_NONE;
}

/* Drop every item (the list is empty before any reference is released). */
static void list_clear_items(PyListObject *a) {
    PyObject **items = a->ob_item;
    Py_ssize_t n = Py_SIZE(a);
    a->ob_item = NULL;
    Py_SET_SIZE(a, 0);
    a->allocated = 0;
    while (--n >= 0) Py_XDECREF(items[n]);
    PyMem_Free(items);
}

/* ---- slots ---- */

static void list_dealloc(PyObject *op) {
    PyListObject *a = (PyListObject *)op;
    PyObject_GC_UnTrack(op);
    if (a->ob_item != NULL) {
        for (Py_ssize_t i = Py_SIZE(a); --i >= 0;) Py_XDECREF(a->ob_item[i]);
        PyMem_Free(a->ob_item);
    }
    Py_TYPE(op)->tp_free(op);
}

static int list_traverse(PyObject *op, visitproc visit, void *arg) {
    for (Py_ssize_t i = Py_SIZE(op); --i >= 0;) Py_VISIT(PyList_GET_ITEM(op, i));
    return 0;
}

static int list_tp_clear(PyObject *op) {
    list_clear_items((PyListObject *)op);
    return 0;
}

static PyObject *list_repr(PyObject *op) {
    if (Py_SIZE(op) == 0) return PyUnicode_FromString("[]");
    int rc = Py_ReprEnter(op);
    if (rc != 0) return rc > 0 ? PyUnicode_FromString("[...]") : NULL;
    PyObject *res = NULL, *parts = PyList_New(0);
    if (parts == NULL) goto done;
    /* The size is re-read each time: a repr may shrink the list. */
    for (Py_ssize_t i = 0; i < Py_SIZE(op); i++) {
        PyObject *item = Py_NewRef(PyList_GET_ITEM(op, i));
        PyObject *r = PyObject_Repr(item);
        Py_DECREF(item);
        if (r == NULL) goto done;
        int err = list_append((PyListObject *)parts, r);
        Py_DECREF(r);
        if (err < 0) goto done;
    }
    res = _cpx_join_reprs(parts, "[", "]");
done:
    Py_XDECREF(parts);
    Py_ReprLeave(op);
    return res;
}

static Py_ssize_t list_length(PyObject *op) { return Py_SIZE(op); }

static int list_contains(PyObject *op, PyObject *el) {
    int cmp = 0;
    for (Py_ssize_t i = 0; cmp == 0 && i < Py_SIZE(op); i++) {
        PyObject *item = Py_NewRef(PyList_GET_ITEM(op, i));
        cmp = PyObject_RichCompareBool(item, el, Py_EQ);
        Py_DECREF(item);
    }
    return cmp;
}

static PyObject *list_item(PyObject *op, Py_ssize_t i) {
    if (i < 0 || i >= Py_SIZE(op)) {
        PyErr_SetString(PyExc_IndexError, "list index out of range");
        return NULL;
    }
    return Py_NewRef(PyList_GET_ITEM(op, i));
}

static int list_ass_item(PyObject *op, Py_ssize_t i, PyObject *v) {
    if (i < 0 || i >= Py_SIZE(op)) {
        PyErr_SetString(PyExc_IndexError, "list assignment index out of range");
        return -1;
    }
    if (v == NULL) return list_ass_slice((PyListObject *)op, i, i + 1, NULL);
    Py_SETREF(_PyList_CAST(op)->ob_item[i], Py_NewRef(v));
    return 0;
}

static PyObject *list_concat(PyObject *a, PyObject *b) {
    if (!PyList_Check(b)) {
        PyErr_Format(PyExc_TypeError, "can only concatenate list (not \"%.200s\") to list",
                     Py_TYPE(b)->tp_name);
        return NULL;
    }
    Py_ssize_t an = Py_SIZE(a), bn = Py_SIZE(b);
    if (an > PY_SSIZE_T_MAX - bn) return PyErr_NoMemory();
    PyObject *res = PyList_New(an + bn);
    if (res == NULL) return NULL;
    PyObject **dst = _PyList_CAST(res)->ob_item;
    for (Py_ssize_t i = 0; i < an; i++) dst[i] = Py_NewRef(PyList_GET_ITEM(a, i));
    for (Py_ssize_t i = 0; i < bn; i++) dst[an + i] = Py_NewRef(PyList_GET_ITEM(b, i));
    return res;
}

static PyObject *list_repeat(PyObject *a, Py_ssize_t n) {
    Py_ssize_t size = Py_SIZE(a);
    if (n < 0) n = 0;
    if (size == 0 || n == 0) return PyList_New(0);
    if (size > PY_SSIZE_T_MAX / n) return PyErr_NoMemory();
    PyObject *res = PyList_New(size * n);
    if (res == NULL) return NULL;
    PyObject **dst = _PyList_CAST(res)->ob_item;
    for (Py_ssize_t r = 0; r < n; r++)
        for (Py_ssize_t i = 0; i < size; i++) *dst++ = Py_NewRef(PyList_GET_ITEM(a, i));
    return res;
}

static PyObject *list_inplace_concat(PyObject *self, PyObject *other) {
    if (list_extend((PyListObject *)self, other) < 0) return NULL;
    return Py_NewRef(self);
}

static PyObject *list_inplace_repeat(PyObject *self, Py_ssize_t n) {
    PyListObject *a = (PyListObject *)self;
    Py_ssize_t size = Py_SIZE(a);
    if (size == 0 || n == 1) return Py_NewRef(self);
    if (n < 1) {
        list_clear_items(a);
        return Py_NewRef(self);
    }
    if (size > PY_SSIZE_T_MAX / n) return PyErr_NoMemory();
    if (list_resize(a, size * n) < 0) return NULL;
    PyObject **items = a->ob_item;
    for (Py_ssize_t r = 1; r < n; r++)
        for (Py_ssize_t i = 0; i < size; i++) items[r * size + i] = Py_NewRef(items[i]);
    return Py_NewRef(self);
}

static PyObject *list_subscript(PyObject *op, PyObject *item) {
    if (PyIndex_Check(item)) {
        Py_ssize_t i = PyNumber_AsSsize_t(item, PyExc_IndexError);
        if (i == -1 && PyErr_Occurred()) return NULL;
        if (i < 0) i += Py_SIZE(op);
        return list_item(op, i);
    }
    if (PySlice_Check(item)) {
        Py_ssize_t start, stop, step;
        if (PySlice_Unpack(item, &start, &stop, &step) < 0) return NULL;
        Py_ssize_t len = PySlice_AdjustIndices(Py_SIZE(op), &start, &stop, step);
        if (step == 1) return list_slice((PyListObject *)op, start, stop);
        PyObject *res = PyList_New(len > 0 ? len : 0);
        if (res == NULL) return NULL;
        for (Py_ssize_t i = 0, cur = start; i < len; i++, cur += step)
            _PyList_CAST(res)->ob_item[i] = Py_NewRef(PyList_GET_ITEM(op, cur));
        return res;
    }
    PyErr_Format(PyExc_TypeError, "list indices must be integers or slices, not %.200s",
                 Py_TYPE(item)->tp_name);
    return NULL;
}

static int list_ass_subscript(PyObject *op, PyObject *item, PyObject *value) {
    PyListObject *self = (PyListObject *)op;
    if (PyIndex_Check(item)) {
        Py_ssize_t i = PyNumber_AsSsize_t(item, PyExc_IndexError);
        if (i == -1 && PyErr_Occurred()) return -1;
        if (i < 0) i += Py_SIZE(op);
        return list_ass_item(op, i, value);
    }
    if (!PySlice_Check(item)) {
        PyErr_Format(PyExc_TypeError, "list indices must be integers or slices, not %.200s",
                     Py_TYPE(item)->tp_name);
        return -1;
    }
    Py_ssize_t start, stop, step;
    if (PySlice_Unpack(item, &start, &stop, &step) < 0) return -1;
    Py_ssize_t len = PySlice_AdjustIndices(Py_SIZE(op), &start, &stop, step);
    if (step == 1) return list_ass_slice(self, start, stop, value);
    if (value == NULL) {
        /* Delete an extended slice: compact the survivors, then release. */
        if (len <= 0) return 0;
        if (step < 0) { /* walk it upwards from its lowest index */
            start += step * (len - 1);
            step = -step;
        }
        PyObject **garbage = PyMem_Malloc((size_t)len * sizeof(PyObject *));
        if (garbage == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        Py_ssize_t n = Py_SIZE(self), dst = start, g = 0;
        for (Py_ssize_t src = start; src < n; src++) {
            if (g < len && src == start + g * step) garbage[g++] = self->ob_item[src];
            else self->ob_item[dst++] = self->ob_item[src];
        }
        list_resize(self, n - len);
        for (Py_ssize_t i = 0; i < len; i++) Py_DECREF(garbage[i]);
        PyMem_Free(garbage);
        return 0;
    }
    PyObject *seq;
    if (value == op) seq = list_slice(self, 0, Py_SIZE(op));
    else seq = PySequence_Fast(value, "must assign iterable to extended slice");
    if (seq == NULL) return -1;
    Py_ssize_t k = PySequence_Fast_GET_SIZE(seq);
    if (k != len) {
        PyErr_Format(PyExc_ValueError,
                     "attempt to assign sequence of size %zd to extended slice of size %zd", k, len);
        Py_DECREF(seq);
        return -1;
    }
    if (len == 0) {
        Py_DECREF(seq);
        return 0;
    }
    PyObject **garbage = PyMem_Malloc((size_t)len * sizeof(PyObject *));
    if (garbage == NULL) {
        Py_DECREF(seq);
        PyErr_NoMemory();
        return -1;
    }
    PyObject **src = PySequence_Fast_ITEMS(seq);
    for (Py_ssize_t i = 0, cur = start; i < len; i++, cur += step) {
        garbage[i] = self->ob_item[cur];
        self->ob_item[cur] = Py_NewRef(src[i]);
    }
    for (Py_ssize_t i = 0; i < len; i++) Py_DECREF(garbage[i]);
    PyMem_Free(garbage);
    Py_DECREF(seq);
    return 0;
}

static PyObject *list_richcompare(PyObject *v, PyObject *w, int op) {
    if (!PyList_Check(v) || !PyList_Check(w)) Py_RETURN_NOTIMPLEMENTED;
    if (Py_SIZE(v) != Py_SIZE(w) && (op == Py_EQ || op == Py_NE)) {
        if (op == Py_EQ) Py_RETURN_FALSE;
        Py_RETURN_TRUE;
    }
    Py_ssize_t i;
    for (i = 0; i < Py_SIZE(v) && i < Py_SIZE(w); i++) {
        PyObject *a = PyList_GET_ITEM(v, i), *b = PyList_GET_ITEM(w, i);
        if (a == b) continue;
        Py_INCREF(a);
        Py_INCREF(b);
        int k = PyObject_RichCompareBool(a, b, Py_EQ);
        Py_DECREF(a);
        Py_DECREF(b);
        if (k < 0) return NULL;
        if (!k) break;
    }
    if (i >= Py_SIZE(v) || i >= Py_SIZE(w)) Py_RETURN_RICHCOMPARE(Py_SIZE(v), Py_SIZE(w), op);
    if (op == Py_EQ) Py_RETURN_FALSE;
    if (op == Py_NE) Py_RETURN_TRUE;
    PyObject *a = Py_NewRef(PyList_GET_ITEM(v, i)), *b = Py_NewRef(PyList_GET_ITEM(w, i));
    PyObject *res = PyObject_RichCompare(a, b, op);
    Py_DECREF(a);
    Py_DECREF(b);
    return res;
}

static int list_init(PyObject *self, PyObject *args, PyObject *kwds) {
    if (kwds != NULL && PyDict_Check(kwds) && PyDict_GET_SIZE(kwds) != 0) {
        PyErr_SetString(PyExc_TypeError, "list() takes no keyword arguments");
        return -1;
    }
    Py_ssize_t nargs = PyTuple_GET_SIZE(args);
    if (nargs > 1) {
        PyErr_Format(PyExc_TypeError, "list expected at most 1 argument, got %zd", nargs);
        return -1;
    }
    if (Py_SIZE(self) != 0) list_clear_items((PyListObject *)self);
    if (nargs == 1) return list_extend((PyListObject *)self, PyTuple_GET_ITEM(args, 0));
    return 0;
}

/* ---- methods ---- */

/* An index argument (anything with __index__) as a Py_ssize_t, with
 * CPython's messages; -1 with an error set on failure. */
static int ssize_arg(PyObject *arg, Py_ssize_t *out) {
    PyObject *idx = PyNumber_Index(arg);
    if (idx == NULL) return -1;
    *out = PyLong_AsSsize_t(idx);
    Py_DECREF(idx);
    return (*out == -1 && PyErr_Occurred()) ? -1 : 0;
}

static PyObject *list_m_append(PyObject *self, PyObject *v) {
    if (list_append((PyListObject *)self, v) < 0) return NULL;
    Py_RETURN_NONE;
}

static PyObject *list_m_extend(PyObject *self, PyObject *iterable) {
    return _PyList_Extend((PyListObject *)self, iterable);
}

static PyObject *list_m_insert(PyObject *self, PyObject *args) {
    Py_ssize_t nargs = PyTuple_GET_SIZE(args);
    if (nargs != 2) {
        PyErr_Format(PyExc_TypeError, "insert expected 2 arguments, got %zd", nargs);
        return NULL;
    }
    Py_ssize_t where;
    if (ssize_arg(PyTuple_GET_ITEM(args, 0), &where) < 0) return NULL;
    if (list_insert((PyListObject *)self, where, PyTuple_GET_ITEM(args, 1)) < 0) return NULL;
    Py_RETURN_NONE;
}

static PyObject *list_m_pop(PyObject *self, PyObject *args) {
    Py_ssize_t nargs = PyTuple_GET_SIZE(args), i = -1;
    if (nargs > 1) {
        PyErr_Format(PyExc_TypeError, "pop expected at most 1 argument, got %zd", nargs);
        return NULL;
    }
    if (nargs == 1 && ssize_arg(PyTuple_GET_ITEM(args, 0), &i) < 0) return NULL;
    PyListObject *a = (PyListObject *)self;
    Py_ssize_t n = Py_SIZE(a);
    if (n == 0) {
        PyErr_SetString(PyExc_IndexError, "pop from empty list");
        return NULL;
    }
    if (i < 0) i += n;
    if (i < 0 || i >= n) {
        PyErr_SetString(PyExc_IndexError, "pop index out of range");
        return NULL;
    }
    PyObject *v = a->ob_item[i];
    memmove(&a->ob_item[i], &a->ob_item[i + 1], (size_t)(n - i - 1) * sizeof(PyObject *));
    list_resize(a, n - 1); /* shrinking cannot fail */
    return v;              /* the list's reference passes to the caller */
}

static PyObject *list_m_remove(PyObject *self, PyObject *value) {
    for (Py_ssize_t i = 0; i < Py_SIZE(self); i++) {
        PyObject *item = Py_NewRef(PyList_GET_ITEM(self, i));
        int cmp = PyObject_RichCompareBool(item, value, Py_EQ);
        Py_DECREF(item);
        if (cmp > 0) {
            if (list_ass_slice((PyListObject *)self, i, i + 1, NULL) < 0) return NULL;
            Py_RETURN_NONE;
        }
        if (cmp < 0) return NULL;
    }
    PyErr_SetString(PyExc_ValueError, "list.remove(x): x not in list");
    return NULL;
}

static PyObject *list_m_index(PyObject *self, PyObject *args) {
    PyObject *value;
    Py_ssize_t start, stop;
    if (_cpx_parse_index_args(args, "index", &value, &start, &stop) < 0) return NULL;
    if (start < 0 && (start += Py_SIZE(self)) < 0) start = 0;
    if (stop < 0 && (stop += Py_SIZE(self)) < 0) stop = 0;
    for (Py_ssize_t i = start; i < stop && i < Py_SIZE(self); i++) {
        PyObject *item = Py_NewRef(PyList_GET_ITEM(self, i));
        int cmp = PyObject_RichCompareBool(item, value, Py_EQ);
        Py_DECREF(item);
        if (cmp > 0) return PyLong_FromSsize_t(i);
        if (cmp < 0) return NULL;
    }
    PyErr_Format(PyExc_ValueError, "%R is not in list", value);
    return NULL;
}

static PyObject *list_m_count(PyObject *self, PyObject *value) {
    Py_ssize_t count = 0;
    for (Py_ssize_t i = 0; i < Py_SIZE(self); i++) {
        PyObject *item = PyList_GET_ITEM(self, i);
        if (item == value) {
            count++;
            continue;
        }
        Py_INCREF(item);
        int cmp = PyObject_RichCompareBool(item, value, Py_EQ);
        Py_DECREF(item);
        if (cmp > 0) count++;
        else if (cmp < 0) return NULL;
    }
    return PyLong_FromSsize_t(count);
}

static PyObject *list_m_clear(PyObject *self, PyObject *Py_UNUSED(ignored)) {
    list_clear_items((PyListObject *)self);
    Py_RETURN_NONE;
}

static PyObject *list_m_copy(PyObject *self, PyObject *Py_UNUSED(ignored)) {
    return list_slice((PyListObject *)self, 0, Py_SIZE(self));
}

static PyObject *list_m_reverse(PyObject *self, PyObject *Py_UNUSED(ignored)) {
    if (PyList_Reverse(self) < 0) return NULL;
    Py_RETURN_NONE;
}

static PyObject *list_m_sizeof(PyObject *self, PyObject *Py_UNUSED(ignored)) {
    size_t res = (size_t)Py_TYPE(self)->tp_basicsize +
                 (size_t)((PyListObject *)self)->allocated * sizeof(PyObject *);
    return PyLong_FromSize_t(res);
}

static PyObject *list_m_sort(PyObject *self, PyObject *args, PyObject *kwds) {
    PyObject *keyfunc = NULL, *rev = NULL;
    if (PyTuple_GET_SIZE(args) != 0) {
        PyErr_SetString(PyExc_TypeError, "sort() takes no positional arguments");
        return NULL;
    }
    if (kwds != NULL) {
        PyObject *k, *v;
        Py_ssize_t pos = 0;
        while (PyDict_Next(kwds, &pos, &k, &v)) {
            if (PyUnicode_Check(k) && _PyUnicode_EqualToASCIIString(k, "key")) keyfunc = v;
            else if (PyUnicode_Check(k) && _PyUnicode_EqualToASCIIString(k, "reverse")) rev = v;
            else {
                PyErr_Format(PyExc_TypeError, "'%S' is an invalid keyword argument for sort()", k);
                return NULL;
            }
        }
    }
    int reverse = 0;
    if (rev != NULL) {
        PyObject *idx = PyNumber_Index(rev);
        if (idx == NULL) return NULL;
        reverse = _PyLong_Sign(idx) != 0;
        Py_DECREF(idx);
    }
    if (keyfunc == Py_None) keyfunc = NULL;
    if (_cpx_list_sort((PyListObject *)self, keyfunc, reverse) < 0) return NULL;
    Py_RETURN_NONE;
}

int PyList_Sort(PyObject *op) {
    if (op == NULL || !PyList_Check(op)) {
        PyErr_BadInternalCall();
        return -1;
    }
    return _cpx_list_sort(_PyList_CAST(op), NULL, 0);
}

static PyObject *list_m_reversed(PyObject *self, PyObject *Py_UNUSED(ignored)) {
    return _cpx_list_reviter(self);
}

static PyObject *list_m_getitem(PyObject *self, PyObject *item) { return list_subscript(self, item); }

static PyMethodDef list_methods[] = {
    {"__getitem__", list_m_getitem, METH_O | METH_COEXIST, "x.__getitem__(y) <==> x[y]"},
    {"__reversed__", list_m_reversed, METH_NOARGS, "Return a reverse iterator over the list."},
    {"__sizeof__", list_m_sizeof, METH_NOARGS, "Return the size of the list in memory, in bytes."},
    {"clear", list_m_clear, METH_NOARGS, "Remove all items from list."},
    {"copy", list_m_copy, METH_NOARGS, "Return a shallow copy of the list."},
    {"append", list_m_append, METH_O, "Append object to the end of the list."},
    {"insert", list_m_insert, METH_VARARGS, "Insert object before index."},
    {"extend", list_m_extend, METH_O, "Extend list by appending elements from the iterable."},
    {"pop", list_m_pop, METH_VARARGS, "Remove and return item at index (default last)."},
    {"remove", list_m_remove, METH_O, "Remove first occurrence of value."},
    {"index", list_m_index, METH_VARARGS, "Return first index of value."},
    {"count", list_m_count, METH_O, "Return number of occurrences of value."},
    {"reverse", list_m_reverse, METH_NOARGS, "Reverse *IN PLACE*."},
    {"sort", (PyCFunction)(void (*)(void))list_m_sort, METH_VARARGS | METH_KEYWORDS,
     "Sort the list in ascending order and return None."},
    {NULL, NULL, 0, NULL},
};

static PySequenceMethods list_as_sequence = {
    .sq_length = list_length,
    .sq_concat = list_concat,
    .sq_repeat = list_repeat,
    .sq_item = list_item,
    .sq_ass_item = list_ass_item,
    .sq_contains = list_contains,
    .sq_inplace_concat = list_inplace_concat,
    .sq_inplace_repeat = list_inplace_repeat,
};

static PyMappingMethods list_as_mapping = {
    .mp_length = list_length,
    .mp_subscript = list_subscript,
    .mp_ass_subscript = list_ass_subscript,
};

PyTypeObject PyList_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "list",
    .tp_basicsize = sizeof(PyListObject),
    .tp_dealloc = list_dealloc,
    .tp_repr = list_repr,
    .tp_as_sequence = &list_as_sequence,
    .tp_as_mapping = &list_as_mapping,
    .tp_hash = PyObject_HashNotImplemented,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_BASETYPE |
                Py_TPFLAGS_LIST_SUBCLASS | _Py_TPFLAGS_MATCH_SELF | Py_TPFLAGS_SEQUENCE,
    .tp_doc = "Built-in mutable sequence.\n\nIf no argument is given, the constructor creates a new "
              "empty list.\nThe argument must be an iterable if specified.",
    .tp_traverse = list_traverse,
    .tp_clear = list_tp_clear,
    .tp_richcompare = list_richcompare,
    .tp_iter = _cpx_list_iter,
    .tp_methods = list_methods,
    .tp_init = list_init,
    .tp_alloc = PyType_GenericAlloc,
    .tp_new = PyType_GenericNew,
    .tp_free = PyObject_GC_Del,
};

int _cpx_init_list(void) {
    if (PyType_Ready(&PyList_Type) < 0 || PyType_Ready(&PyListIter_Type) < 0 ||
        PyType_Ready(&PyListRevIter_Type) < 0)
        return -1;
    return 0;
}
