/* bltinmodule_iter.c: the builtin iterator types zip, map and filter.
 *
 * Invariants:
 * - Each object owns the iterators it pulls from (a tuple of them for zip
 *   and map) and, for map/filter, the function; items handed out are new
 *   references.
 * - An exhausted source ends the iteration by returning NULL with no error
 *   set; errors raised by a source or the function pass through unchanged. */
#include "misc_internal.h"

/* A tuple of iter(x) for each x in args[start:] (new), or NULL. */
static PyObject *iterators_of(PyObject *args, Py_ssize_t start) {
    Py_ssize_t n = PyTuple_GET_SIZE(args) - start;
    PyObject *its = PyTuple_New(n);
    if (its == NULL) return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *it = PyObject_GetIter(PyTuple_GET_ITEM(args, start + i));
        if (it == NULL) {
            Py_DECREF(its);
            return NULL;
        }
        PyTuple_SET_ITEM(its, i, it);
    }
    return its;
}

/* The next item of iterator `it` (new), or NULL: exhausted when no error
 * is set. A StopIteration raised by the source counts as exhaustion. */
static PyObject *pull(PyObject *it) {
    PyObject *item = Py_TYPE(it)->tp_iternext(it);
    if (item == NULL && PyErr_Occurred() && PyErr_ExceptionMatches(PyExc_StopIteration)) PyErr_Clear();
    return item;
}

/* ---------------- zip ---------------- */

typedef struct {
    PyObject_HEAD
    PyObject *iters; /* tuple of iterators */
    int strict;
} zipobject;

static PyObject *zip_new(PyTypeObject *type, PyObject *args, PyObject *kwargs) {
    static char *kwlist[] = {"strict", NULL};
    int strict = 0;
    if (kwargs != NULL) {
        PyObject *empty = PyTuple_New(0);
        if (empty == NULL) return NULL;
        int ok = PyArg_ParseTupleAndKeywords(empty, kwargs, "|$p:zip", kwlist, &strict);
        Py_DECREF(empty);
        if (!ok) return NULL;
    }
    PyObject *iters = iterators_of(args, 0);
    if (iters == NULL) return NULL;
    zipobject *z = (zipobject *)type->tp_alloc(type, 0);
    if (z == NULL) {
        Py_DECREF(iters);
        return NULL;
    }
    z->iters = iters;
    z->strict = strict;
    return (PyObject *)z;
}

/* strict=True and argument `i` (0-based) ran out first: check the rest. */
static PyObject *zip_strict_end(zipobject *z, Py_ssize_t i) {
    if (PyErr_Occurred()) return NULL;
    if (i > 0) {
        PyErr_Format(PyExc_ValueError, "zip() argument %zd is shorter than argument%s%zd", i + 1,
                     i == 1 ? " " : "s 1-", i);
        return NULL;
    }
    for (Py_ssize_t j = 1; j < PyTuple_GET_SIZE(z->iters); j++) {
        PyObject *item = pull(PyTuple_GET_ITEM(z->iters, j));
        if (item != NULL) {
            Py_DECREF(item);
            PyErr_Format(PyExc_ValueError, "zip() argument %zd is longer than argument%s%zd", j + 1,
                         j == 1 ? " " : "s 1-", j);
            return NULL;
        }
        if (PyErr_Occurred()) return NULL;
    }
    return NULL;
}

static PyObject *zip_next(PyObject *op) {
    zipobject *z = (zipobject *)op;
    Py_ssize_t n = PyTuple_GET_SIZE(z->iters);
    if (n == 0) return NULL;
    PyObject *result = PyTuple_New(n);
    if (result == NULL) return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *item = pull(PyTuple_GET_ITEM(z->iters, i));
        if (item == NULL) {
            Py_DECREF(result);
            return z->strict ? zip_strict_end(z, i) : NULL;
        }
        PyTuple_SET_ITEM(result, i, item);
    }
    return result;
}

static void zip_dealloc(PyObject *op) {
    PyObject_GC_UnTrack(op);
    Py_XDECREF(((zipobject *)op)->iters);
    Py_TYPE(op)->tp_free(op);
}

static int zip_traverse(PyObject *op, visitproc visit, void *arg) {
    Py_VISIT(((zipobject *)op)->iters);
    return 0;
}

PyTypeObject PyZip_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "zip",
    .tp_basicsize = sizeof(zipobject),
    .tp_dealloc = zip_dealloc,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_BASETYPE,
    .tp_doc = "zip(*iterables, strict=False)\n--\n\nTuples of the items of the iterables, in step.",
    .tp_traverse = zip_traverse,
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = zip_next,
    .tp_alloc = PyType_GenericAlloc,
    .tp_new = zip_new,
    .tp_free = PyObject_GC_Del,
};

/* ---------------- map ---------------- */

typedef struct {
    PyObject_HEAD
    PyObject *func;
    PyObject *iters;
} mapobject;

static PyObject *map_new(PyTypeObject *type, PyObject *args, PyObject *kwargs) {
    if (kwargs != NULL && PyDict_GET_SIZE(kwargs) != 0) {
        PyErr_SetString(PyExc_TypeError, "map() takes no keyword arguments");
        return NULL;
    }
    if (PyTuple_GET_SIZE(args) < 2) {
        PyErr_SetString(PyExc_TypeError, "map() must have at least two arguments.");
        return NULL;
    }
    PyObject *iters = iterators_of(args, 1);
    if (iters == NULL) return NULL;
    mapobject *m = (mapobject *)type->tp_alloc(type, 0);
    if (m == NULL) {
        Py_DECREF(iters);
        return NULL;
    }
    m->func = Py_NewRef(PyTuple_GET_ITEM(args, 0));
    m->iters = iters;
    return (PyObject *)m;
}

static PyObject *map_next(PyObject *op) {
    mapobject *m = (mapobject *)op;
    Py_ssize_t n = PyTuple_GET_SIZE(m->iters);
    PyObject *callargs = PyTuple_New(n);
    if (callargs == NULL) return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *item = pull(PyTuple_GET_ITEM(m->iters, i));
        if (item == NULL) {
            Py_DECREF(callargs);
            return NULL;
        }
        PyTuple_SET_ITEM(callargs, i, item);
    }
    PyObject *res = PyObject_Call(m->func, callargs, NULL);
    Py_DECREF(callargs);
    return res;
}

static void map_dealloc(PyObject *op) {
    mapobject *m = (mapobject *)op;
    PyObject_GC_UnTrack(op);
    Py_XDECREF(m->func);
    Py_XDECREF(m->iters);
    Py_TYPE(op)->tp_free(op);
}

static int map_traverse(PyObject *op, visitproc visit, void *arg) {
    Py_VISIT(((mapobject *)op)->func);
    Py_VISIT(((mapobject *)op)->iters);
    return 0;
}

PyTypeObject PyMap_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "map",
    .tp_basicsize = sizeof(mapobject),
    .tp_dealloc = map_dealloc,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_BASETYPE,
    .tp_doc = "map(func, *iterables)\n--\n\nfunc applied to the items of the iterables, in step.",
    .tp_traverse = map_traverse,
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = map_next,
    .tp_alloc = PyType_GenericAlloc,
    .tp_new = map_new,
    .tp_free = PyObject_GC_Del,
};

/* ---------------- filter ---------------- */

typedef struct {
    PyObject_HEAD
    PyObject *func;
    PyObject *it;
} filterobject;

static PyObject *filter_new(PyTypeObject *type, PyObject *args, PyObject *kwargs) {
    if (kwargs != NULL && PyDict_GET_SIZE(kwargs) != 0) {
        PyErr_SetString(PyExc_TypeError, "filter() takes no keyword arguments");
        return NULL;
    }
    PyObject *func, *seq;
    if (!PyArg_UnpackTuple(args, "filter", 2, 2, &func, &seq)) return NULL;
    PyObject *it = PyObject_GetIter(seq);
    if (it == NULL) return NULL;
    filterobject *f = (filterobject *)type->tp_alloc(type, 0);
    if (f == NULL) {
        Py_DECREF(it);
        return NULL;
    }
    f->func = Py_NewRef(func);
    f->it = it;
    return (PyObject *)f;
}

static PyObject *filter_next(PyObject *op) {
    filterobject *f = (filterobject *)op;
    int plain = f->func == Py_None || f->func == (PyObject *)&PyBool_Type;
    for (;;) {
        PyObject *item = pull(f->it);
        if (item == NULL) return NULL;
        int ok;
        if (plain) {
            ok = PyObject_IsTrue(item);
        } else {
            PyObject *good = PyObject_CallOneArg(f->func, item);
            if (good == NULL) {
                Py_DECREF(item);
                return NULL;
            }
            ok = PyObject_IsTrue(good);
            Py_DECREF(good);
        }
        if (ok > 0) return item;
        Py_DECREF(item);
        if (ok < 0) return NULL;
    }
}

static void filter_dealloc(PyObject *op) {
    filterobject *f = (filterobject *)op;
    PyObject_GC_UnTrack(op);
    Py_XDECREF(f->func);
    Py_XDECREF(f->it);
    Py_TYPE(op)->tp_free(op);
}

static int filter_traverse(PyObject *op, visitproc visit, void *arg) {
    Py_VISIT(((filterobject *)op)->func);
    Py_VISIT(((filterobject *)op)->it);
    return 0;
}

PyTypeObject PyFilter_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "filter",
    .tp_basicsize = sizeof(filterobject),
    .tp_dealloc = filter_dealloc,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_BASETYPE,
    .tp_doc = "filter(function or None, iterable)\n--\n\nThe items of iterable for which function(item) is true.",
    .tp_traverse = filter_traverse,
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = filter_next,
    .tp_alloc = PyType_GenericAlloc,
    .tp_new = filter_new,
    .tp_free = PyObject_GC_Del,
};

int _cpx_init_builtin_iters(void) {
    if (PyType_Ready(&PyZip_Type) < 0) return -1;
    if (PyType_Ready(&PyMap_Type) < 0) return -1;
    if (PyType_Ready(&PyFilter_Type) < 0) return -1;
    return 0;
}
