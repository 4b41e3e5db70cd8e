/* list_sort.c: list.sort / PyList_Sort, a stable merge sort.
 *
 * Invariant: while sorting, the list object is emptied (ob_item NULL,
 * ob_size 0, allocated -1) and the sort owns the old item block, so code run
 * by comparisons or the key function sees an empty list; if that code
 * changes the list (allocated no longer -1), the sort ends with ValueError
 * "list modified during sort" and the items added meanwhile are released.
 * Whatever happens (a comparison raising included) the block handed back is
 * a permutation of the original items: after the first error the merge
 * keeps moving items without comparing them. Key objects are new references
 * owned by the sort and released before it returns. */
#include "containers.h"

typedef struct sortstate sortstate;
struct sortstate {
    int (*compare)(sortstate *, PyObject *, PyObject *); /* a < b ? */
    PyObject **keys;  /* what is compared */
    PyObject **vals;  /* what is moved with it; == keys without a key function */
    PyObject **tkeys; /* scratch, n/2 + 1 slots each */
    PyObject **tvals;
    int failed;
};

/* a < b ? through the object protocol (0 after the first error, so no more
 * code runs). */
static int generic_lt(sortstate *s, PyObject *a, PyObject *b) {
    if (s->failed) return 0;
    int k = PyObject_RichCompareBool(a, b, Py_LT);
    if (k < 0) {
        s->failed = 1;
        return 0;
    }
    return k;
}

/* Shortcuts taken when every key is an exact int of at most one digit, or
 * every key an exact float: same answers as int/float __lt__, without the
 * protocol's dispatch (no Python code can run for these types). */
static int small_int_lt(sortstate *s, PyObject *a, PyObject *b) {
    long va = (long)Py_SIZE(a) * (long)((PyLongObject *)a)->ob_digit[0];
    long vb = (long)Py_SIZE(b) * (long)((PyLongObject *)b)->ob_digit[0];
    return va < vb;
}

static int float_lt(sortstate *s, PyObject *a, PyObject *b) {
    return PyFloat_AS_DOUBLE(a) < PyFloat_AS_DOUBLE(b);
}

static void choose_compare(sortstate *s, Py_ssize_t n) {
    int ints = 1, floats = 1;
    for (Py_ssize_t i = 0; i < n && (ints || floats); i++) {
        PyObject *k = s->keys[i];
        if (!PyLong_CheckExact(k) || Py_SIZE(k) < -1 || Py_SIZE(k) > 1) ints = 0;
        if (!PyFloat_CheckExact(k)) floats = 0;
    }
    s->compare = ints ? small_int_lt : floats ? float_lt : generic_lt;
}

#define lessthan(s, a, b) ((s)->compare((s), (a), (b)))

/* Binary insertion sort of [lo, hi); an item goes after its equals. */
static void insertion_sort(sortstate *s, Py_ssize_t lo, Py_ssize_t hi) {
    PyObject **k = s->keys, **v = s->vals;
    for (Py_ssize_t i = lo + 1; i < hi; i++) {
        PyObject *key = k[i], *val = v[i];
        Py_ssize_t l = lo, r = i;
        while (l < r) {
            Py_ssize_t m = l + (r - l) / 2;
            if (lessthan(s, key, k[m])) r = m;
            else l = m + 1;
        }
        if (l == i) continue;
        memmove(&k[l + 1], &k[l], (size_t)(i - l) * sizeof(PyObject *));
        k[l] = key;
        if (v != k) {
            memmove(&v[l + 1], &v[l], (size_t)(i - l) * sizeof(PyObject *));
            v[l] = val;
        }
    }
}

static void merge_sort(sortstate *s, Py_ssize_t lo, Py_ssize_t hi) {
    if (hi - lo <= 16) {
        insertion_sort(s, lo, hi);
        return;
    }
    Py_ssize_t mid = lo + (hi - lo) / 2;
    merge_sort(s, lo, mid);
    merge_sort(s, mid, hi);
    PyObject **k = s->keys, **v = s->vals;
    if (!lessthan(s, k[mid], k[mid - 1])) return; /* already in order */
    /* Move the left run to scratch and merge both runs back into place;
     * on ties the left run's item comes first, which keeps the sort stable. */
    Py_ssize_t nl = mid - lo, i = 0, j = mid, d = lo;
    memcpy(s->tkeys, &k[lo], (size_t)nl * sizeof(PyObject *));
    if (v != k) memcpy(s->tvals, &v[lo], (size_t)nl * sizeof(PyObject *));
    while (i < nl && j < hi) {
        if (lessthan(s, k[j], s->tkeys[i])) {
            k[d] = k[j];
            if (v != k) v[d] = v[j];
            j++;
        } else {
            k[d] = s->tkeys[i];
            if (v != k) v[d] = s->tvals[i];
            i++;
        }
        d++;
    }
    for (; i < nl; i++, d++) {
        k[d] = s->tkeys[i];
        if (v != k) v[d] = s->tvals[i];
    }
}

static void reverse_array(PyObject **a, Py_ssize_t n) {
    for (Py_ssize_t i = 0, j = n - 1; i < j; i++, j--) {
        PyObject *t = a[i];
        a[i] = a[j];
        a[j] = t;
    }
}

int _cpx_list_sort(PyListObject *self, PyObject *keyfunc, int reverse) {
    Py_ssize_t n = Py_SIZE(self), saved_allocated = self->allocated, nkeys = 0;
    PyObject **items = self->ob_item;
    int result = -1;
    sortstate s = {generic_lt, items, items, NULL, NULL, 0};

    Py_SET_SIZE(self, 0);
    self->ob_item = NULL;
    self->allocated = -1;

    if (keyfunc != NULL && n > 0) {
        s.keys = PyMem_Malloc((size_t)n * sizeof(PyObject *));
        if (s.keys == NULL) {
            PyErr_NoMemory();
            goto restore;
        }
        for (; nkeys < n; nkeys++) {
            s.keys[nkeys] = PyObject_CallOneArg(keyfunc, items[nkeys]);
            if (s.keys[nkeys] == NULL) goto release_keys;
        }
    }
    if (n > 1) {
        size_t half = (size_t)(n / 2 + 1);
        s.tkeys = PyMem_Malloc(half * sizeof(PyObject *) * (s.keys != s.vals ? 2 : 1));
        if (s.tkeys == NULL) {
            PyErr_NoMemory();
            goto release_keys;
        }
        s.tvals = s.keys != s.vals ? s.tkeys + half : s.tkeys;
        choose_compare(&s, n);
        /* Descending and stable: reverse, sort ascending, reverse back. */
        if (reverse) {
            reverse_array(s.keys, n);
            if (s.vals != s.keys) reverse_array(s.vals, n);
        }
        merge_sort(&s, 0, n);
        if (reverse) {
            reverse_array(s.keys, n);
            if (s.vals != s.keys) reverse_array(s.vals, n);
        }
        PyMem_Free(s.tkeys);
    }
    result = s.failed ? -1 : 0;

release_keys:
    if (s.keys != items && s.keys != NULL) {
        for (Py_ssize_t i = 0; i < nkeys; i++) Py_DECREF(s.keys[i]);
        PyMem_Free(s.keys);
    }
restore:;
    if (self->allocated != -1 && result == 0) {
        PyErr_SetString(PyExc_ValueError, "list modified during sort");
        result = -1;
    }
    PyObject **added = self->ob_item;
    Py_ssize_t nadded = Py_SIZE(self);
    self->ob_item = items;
    Py_SET_SIZE(self, n);
    self->allocated = saved_allocated;
    if (added != NULL) {
        while (--nadded >= 0) Py_XDECREF(added[nadded]);
        PyMem_Free(added);
    }
    return result;
}
