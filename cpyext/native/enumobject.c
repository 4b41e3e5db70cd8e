/* enumobject.c: enumerate (PyEnum_Type) and reversed (PyReversed_Type).
 *
 * Invariant: an enumerate owns its underlying iterator and, once the count
 * no longer fits a Py_ssize_t (or never did), an int object holding the
 * next count; each step returns a new (count, item) tuple. A reversed
 * object owns its sequence until exhausted (then NULL) and reads items by
 * index from len-1 down to 0. Both types are subclassable, so instances
 * come from tp_alloc and go back through tp_free. */
#include "containers.h"

typedef struct {
    PyObject_HEAD
    Py_ssize_t en_index;     /* next count while en_longindex is NULL */
    PyObject *en_sit;        /* owned iterator */
    PyObject *en_result;     /* unused (CPython's layout slot); always NULL */
    PyObject *en_longindex;  /* owned next count once it overflowed; else NULL */
} enumobject;

static PyObject *enum_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    PyObject *iterable = NULL, *start = NULL;
    Py_ssize_t nargs = PyTuple_GET_SIZE(args), nkw = 0;
    if (kwds != NULL && PyDict_Check(kwds)) nkw = PyDict_GET_SIZE(kwds);
    if (nargs + nkw > 2) {
        PyErr_Format(PyExc_TypeError, "enumerate() takes at most 2 arguments (%zd given)", nargs + nkw);
        return NULL;
    }
    if (nargs > 0) iterable = PyTuple_GET_ITEM(args, 0);
    if (nargs > 1) start = PyTuple_GET_ITEM(args, 1);
    if (nkw) {
        Py_ssize_t pos = 0;
        PyObject *k, *v;
        while (PyDict_Next(kwds, &pos, &k, &v)) {
            PyObject **slot = NULL;
            if (PyUnicode_Check(k) && _PyUnicode_EqualToASCIIString(k, "iterable")) slot = &iterable;
            else if (PyUnicode_Check(k) && _PyUnicode_EqualToASCIIString(k, "start")) slot = &start;
            if (slot == NULL) {
                PyErr_Format(PyExc_TypeError, "'%S' is an invalid keyword argument for enumerate()", k);
                return NULL;
            }
            if (*slot != NULL) {
                PyErr_Format(PyExc_TypeError, "argument for enumerate() given by name ('%S') and position (%d)",
                             k, slot == &iterable ? 1 : 2);
                return NULL;
            }
            *slot = v;
        }
    }
    if (iterable == NULL) {
        PyErr_SetString(PyExc_TypeError, "enumerate() missing required argument 'iterable'");
        return NULL;
    }
    enumobject *en = (enumobject *)type->tp_alloc(type, 0);
    if (en == NULL) return NULL;
    en->en_index = 0;
    en->en_result = NULL;
    en->en_longindex = NULL;
    en->en_sit = NULL;
    if (start != NULL) {
        PyObject *idx = PyNumber_Index(start);
        if (idx == NULL) goto fail;
        en->en_index = PyLong_AsSsize_t(idx);
        if (en->en_index == -1 && PyErr_Occurred()) {
            PyErr_Clear();
            en->en_index = PY_SSIZE_T_MAX;
            en->en_longindex = idx; /* counts continue as ints */
        } else {
            Py_DECREF(idx);
        }
    }
    en->en_sit = PyObject_GetIter(iterable);
    if (en->en_sit == NULL) goto fail;
    return (PyObject *)en;
fail:
    Py_DECREF(en);
    return NULL;
}

static void enum_dealloc(PyObject *op) {
    enumobject *en = (enumobject *)op;
    PyObject_GC_UnTrack(op);
    Py_XDECREF(en->en_sit);
    Py_XDECREF(en->en_result);
    Py_XDECREF(en->en_longindex);
    Py_TYPE(op)->tp_free(op);
}

static int enum_traverse(PyObject *op, visitproc visit, void *arg) {
    enumobject *en = (enumobject *)op;
    Py_VISIT(en->en_sit);
    Py_VISIT(en->en_longindex);
    return 0;
}

static PyObject *enum_next(PyObject *op) {
    enumobject *en = (enumobject *)op;
    PyObject *it = en->en_sit;
    PyObject *item = Py_TYPE(it)->tp_iternext ? Py_TYPE(it)->tp_iternext(it) : PyIter_Next(it);
    if (item == NULL) return NULL;
    PyObject *index;
    if (en->en_longindex == NULL && en->en_index < PY_SSIZE_T_MAX) {
        index = PyLong_FromSsize_t(en->en_index++);
    } else {
        if (en->en_longindex == NULL) {
            en->en_longindex = PyLong_FromSsize_t(PY_SSIZE_T_MAX);
            if (en->en_longindex == NULL) {
                Py_DECREF(item);
                return NULL;
            }
        }
        PyObject *one = PyLong_FromLong(1);
        PyObject *next = one ? PyNumber_Add(en->en_longindex, one) : NULL;
        Py_XDECREF(one);
        if (next == NULL) {
            Py_DECREF(item);
            return NULL;
        }
        index = en->en_longindex;
        en->en_longindex = next;
    }
    if (index == NULL) {
        Py_DECREF(item);
        return NULL;
    }
    PyObject *res = PyTuple_New(2);
    if (res == NULL) {
        Py_DECREF(index);
        Py_DECREF(item);
        return NULL;
    }
    PyTuple_SET_ITEM(res, 0, index);
    PyTuple_SET_ITEM(res, 1, item);
    return res;
}

static PyObject *enum_reduce(PyObject *op, PyObject *Py_UNUSED(ignored)) {
    enumobject *en = (enumobject *)op;
    if (en->en_longindex != NULL)
        return Py_BuildValue("O(OO)", (PyObject *)Py_TYPE(op), en->en_sit, en->en_longindex);
    return Py_BuildValue("O(On)", (PyObject *)Py_TYPE(op), en->en_sit, en->en_index);
}

static PyMethodDef enum_methods[] = {
    {"__reduce__", enum_reduce, METH_NOARGS, "Return state information for pickling."},
    {NULL, NULL, 0, NULL},
};

PyTypeObject PyEnum_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "enumerate",
    .tp_basicsize = sizeof(enumobject),
    .tp_dealloc = enum_dealloc,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_BASETYPE,
    .tp_doc = "Return an enumerate object.\n\n  iterable\n    an object supporting iteration\n\n"
              "The enumerate object yields pairs containing a count (from start, which\n"
              "defaults to zero) and a value yielded by the iterable argument.",
    .tp_traverse = enum_traverse,
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = enum_next,
    .tp_methods = enum_methods,
    .tp_alloc = PyType_GenericAlloc,
    .tp_new = enum_new,
    .tp_free = PyObject_GC_Del,
};

/* ---- reversed ---- */

typedef struct {
    PyObject_HEAD
    Py_ssize_t index;
    PyObject *seq; /* owned; NULL once exhausted */
} reversedobject;

static PyObject *reversed_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    if (type == &PyReversed_Type && kwds != NULL && PyDict_Check(kwds) && PyDict_GET_SIZE(kwds) != 0) {
        PyErr_SetString(PyExc_TypeError, "reversed() takes no keyword arguments");
        return NULL;
    }
    Py_ssize_t nargs = PyTuple_GET_SIZE(args);
    if (nargs != 1) {
        PyErr_Format(PyExc_TypeError, "reversed expected 1 argument, got %zd", nargs);
        return NULL;
    }
    PyObject *seq = PyTuple_GET_ITEM(args, 0);
    PyObject *meth = _PyObject_LookupSpecial(seq, _cpx_intern("__reversed__"));
    if (meth == Py_None) {
        Py_DECREF(meth);
        meth = NULL;
    } else if (meth != NULL) {
        PyObject *res = PyObject_CallNoArgs(meth);
        Py_DECREF(meth);
        return res;
    } else if (PyErr_Occurred()) {
        return NULL;
    } else if (PySequence_Check(seq)) {
        Py_ssize_t n = PySequence_Size(seq);
        if (n == -1) return NULL;
        reversedobject *ro = (reversedobject *)type->tp_alloc(type, 0);
        if (ro == NULL) return NULL;
        ro->index = n - 1;
        ro->seq = Py_NewRef(seq);
        return (PyObject *)ro;
    }
    PyErr_Format(PyExc_TypeError, "'%.200s' object is not reversible", Py_TYPE(seq)->tp_name);
    return NULL;
}

static void reversed_dealloc(PyObject *op) {
    PyObject_GC_UnTrack(op);
    Py_XDECREF(((reversedobject *)op)->seq);
    Py_TYPE(op)->tp_free(op);
}

static int reversed_traverse(PyObject *op, visitproc visit, void *arg) {
    Py_VISIT(((reversedobject *)op)->seq);
    return 0;
}

static PyObject *reversed_next(PyObject *op) {
    reversedobject *ro = (reversedobject *)op;
    if (ro->index >= 0 && ro->seq != NULL) {
        PyObject *item = PySequence_GetItem(ro->seq, ro->index);
        if (item != NULL) {
            ro->index--;
            return item;
        }
        if (!PyErr_ExceptionMatches(PyExc_IndexError) && !PyErr_ExceptionMatches(PyExc_StopIteration))
            return NULL;
        PyErr_Clear();
    }
    ro->index = -1;
    Py_CLEAR(ro->seq);
    return NULL;
}

static PyObject *reversed_len(PyObject *op, PyObject *Py_UNUSED(ignored)) {
    reversedobject *ro = (reversedobject *)op;
    if (ro->seq == NULL) return PyLong_FromLong(0);
    Py_ssize_t size = PySequence_Size(ro->seq);
    if (size == -1) return NULL;
    Py_ssize_t position = ro->index + 1;
    return PyLong_FromSsize_t(size < position ? 0 : position);
}

static PyMethodDef reversed_methods[] = {
    {"__length_hint__", reversed_len, METH_NOARGS, "Private method returning an estimate of len(list(it))."},
    {NULL, NULL, 0, NULL},
};

PyTypeObject PyReversed_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "reversed",
    .tp_basicsize = sizeof(reversedobject),
    .tp_dealloc = reversed_dealloc,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_BASETYPE,
    .tp_doc = "Return a reverse iterator over the values of the given sequence.",
    .tp_traverse = reversed_traverse,
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = reversed_next,
    .tp_methods = reversed_methods,
    .tp_alloc = PyType_GenericAlloc,
    .tp_new = reversed_new,
    .tp_free = PyObject_GC_Del,
};

int _cpx_init_enum(void) {
    if (PyType_Ready(&PyEnum_Type) < 0 || PyType_Ready(&PyReversed_Type) < 0) return -1;
    return 0;
}
