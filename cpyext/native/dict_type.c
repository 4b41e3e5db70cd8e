/* dict_type.c: PyDict_Type itself: its slots (repr, comparison, mapping
 * and sequence protocols, | and |=, construction) and its Python methods.
 *
 * Invariant: this file never touches the table directly; it goes through
 * the PyDict_* API (dictobject.c) and a few _cpx_dict_* helpers, so every
 * table invariant is kept there. Borrowed references obtained from the API
 * (PyDict_Next, PyDict_GetItemWithError) are increfed before any call that
 * can run Python code (repr, __eq__), since that code may mutate the dict.
 * A subclass instance allocated without dict_new has ma_keys NULL, which
 * dictobject.c reads as the empty table. */
#include "containers.h"

static void dict_dealloc(PyObject *op) {
    PyObject_GC_UnTrack(op);
    PyDict_Clear(op); /* releases the items and the table */
    Py_TYPE(op)->tp_free(op);
}

static int dict_traverse(PyObject *op, visitproc visit, void *arg) {
    Py_ssize_t pos = 0;
    PyObject *k, *v;
    while (PyDict_Next(op, &pos, &k, &v)) {
        Py_VISIT(k);
        Py_VISIT(v);
    }
    return 0;
}

static int dict_tp_clear(PyObject *op) {
    PyDict_Clear(op);
    return 0;
}

static PyObject *dict_repr(PyObject *op) {
    if (PyDict_GET_SIZE(op) == 0) return PyUnicode_FromString("{}");
    int rc = Py_ReprEnter(op);
    if (rc != 0) return rc > 0 ? PyUnicode_FromString("{...}") : NULL;
    PyObject *res = NULL, *parts = PyList_New(0), *k, *v;
    if (parts == NULL) goto done;
    Py_ssize_t pos = 0;
    while (PyDict_Next(op, &pos, &k, &v)) {
        Py_INCREF(k);
        Py_INCREF(v);
        PyObject *kr = PyObject_Repr(k), *vr = kr ? PyObject_Repr(v) : NULL;
        PyObject *part = vr ? PyUnicode_FromFormat("%U: %U", kr, vr) : NULL;
        Py_DECREF(k);
        Py_DECREF(v);
        Py_XDECREF(kr);
        Py_XDECREF(vr);
        if (part == NULL || PyList_Append(parts, part) < 0) {
            Py_XDECREF(part);
            goto done;
        }
        Py_DECREF(part);
    }
    res = _cpx_join_reprs(parts, "{", "}");
done:
    Py_XDECREF(parts);
    Py_ReprLeave(op);
    return res;
}

static Py_ssize_t dict_length(PyObject *op) { return PyDict_GET_SIZE(op); }

static PyObject *dict_subscript(PyObject *op, PyObject *key) {
    PyObject *v = PyDict_GetItemWithError(op, key);
    if (v != NULL) return Py_NewRef(v);
    if (PyErr_Occurred()) return NULL;
    if (!PyDict_CheckExact(op)) {
        PyObject *missing = _PyObject_LookupSpecial(op, _cpx_intern("__missing__"));
        if (missing != NULL) {
            PyObject *res = PyObject_CallOneArg(missing, key);
            Py_DECREF(missing);
            return res;
        }
        if (PyErr_Occurred()) return NULL;
    }
    _cpx_set_key_error(key);
    return NULL;
}

static int dict_ass_sub(PyObject *op, PyObject *key, PyObject *value) {
    return value == NULL ? PyDict_DelItem(op, key) : PyDict_SetItem(op, key, value);
}

static int dict_contains(PyObject *op, PyObject *key) { return PyDict_Contains(op, key); }

/* 1 if a and b hold equal items, 0 if not, -1 on error. */
static int dict_equal(PyObject *a, PyObject *b) {
    if (PyDict_GET_SIZE(a) != PyDict_GET_SIZE(b)) return 0;
    Py_ssize_t pos = 0;
    PyObject *key, *aval;
    Py_hash_t hash;
    while (_PyDict_Next(a, &pos, &key, &aval, &hash)) {
        Py_INCREF(key);
        Py_INCREF(aval);
        PyObject *bval = _PyDict_GetItem_KnownHash(b, key, hash);
        Py_DECREF(key);
        if (bval == NULL) {
            Py_DECREF(aval);
            return PyErr_Occurred() ? -1 : 0;
        }
        Py_INCREF(bval);
        int cmp = PyObject_RichCompareBool(aval, bval, Py_EQ);
        Py_DECREF(aval);
        Py_DECREF(bval);
        if (cmp <= 0) return cmp;
    }
    return 1;
}

static PyObject *dict_richcompare(PyObject *v, PyObject *w, int op) {
    if (!PyDict_Check(v) || !PyDict_Check(w) || (op != Py_EQ && op != Py_NE))
        Py_RETURN_NOTIMPLEMENTED;
    int cmp = dict_equal(v, w);
    if (cmp < 0) return NULL;
    return Py_NewRef((cmp == (op == Py_EQ)) ? Py_True : Py_False);
}

/* dict(arg) / d.update(arg) / d |= arg: a mapping (has keys()) or pairs. */
static int dict_update_arg(PyObject *self, PyObject *arg) {
    if (PyDict_CheckExact(arg)) return PyDict_Merge(self, arg, 1);
    PyObject *func;
    if (_PyObject_LookupAttr(arg, _cpx_intern("keys"), &func) < 0) return -1;
    if (func != NULL) {
        Py_DECREF(func);
        return PyDict_Merge(self, arg, 1);
    }
    return PyDict_MergeFromSeq2(self, arg, 1);
}

static int dict_update_common(PyObject *self, PyObject *args, PyObject *kwds, const char *fname) {
    Py_ssize_t nargs = PyTuple_GET_SIZE(args);
    if (nargs > 1) {
        PyErr_Format(PyExc_TypeError, "%s expected at most 1 argument, got %zd", fname, nargs);
        return -1;
    }
    if (nargs == 1 && dict_update_arg(self, PyTuple_GET_ITEM(args, 0)) < 0) return -1;
    if (kwds != NULL && PyDict_Check(kwds) && PyDict_GET_SIZE(kwds) != 0)
        return PyDict_Merge(self, kwds, 1);
    return 0;
}

static PyObject *dict_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    PyObject *self = type->tp_alloc(type, 0);
    if (self == NULL) return NULL;
    _cpx_dict_init_empty(self);
    return self;
}

static int dict_init(PyObject *self, PyObject *args, PyObject *kwds) {
    return dict_update_common(self, args, kwds, "dict");
}

static PyObject *dict_or(PyObject *self, PyObject *other) {
    if (!PyDict_Check(self) || !PyDict_Check(other)) Py_RETURN_NOTIMPLEMENTED;
    PyObject *res = PyDict_Copy(self);
    if (res != NULL && dict_update_arg(res, other) < 0) Py_CLEAR(res);
    return res;
}

static PyObject *dict_ior(PyObject *self, PyObject *other) {
    if (dict_update_arg(self, other) < 0) return NULL;
    return Py_NewRef(self);
}

/* ---- methods ---- */

static int check_nargs(PyObject *args, const char *fname, Py_ssize_t min, Py_ssize_t max) {
    Py_ssize_t n = PyTuple_GET_SIZE(args);
    if (n < min) {
        PyErr_Format(PyExc_TypeError, "%s expected at least %zd argument%s, got %zd", fname, min,
                     min == 1 ? "" : "s", n);
        return -1;
    }
    if (n > max) {
        PyErr_Format(PyExc_TypeError, "%s expected at most %zd argument%s, got %zd", fname, max,
                     max == 1 ? "" : "s", n);
        return -1;
    }
    return 0;
}

static PyObject *dict_m_get(PyObject *self, PyObject *args) {
    if (check_nargs(args, "get", 1, 2) < 0) return NULL;
    PyObject *deflt = PyTuple_GET_SIZE(args) > 1 ? PyTuple_GET_ITEM(args, 1) : Py_None;
    PyObject *v = PyDict_GetItemWithError(self, PyTuple_GET_ITEM(args, 0));
    if (v == NULL && PyErr_Occurred()) return NULL;
    return Py_NewRef(v ? v : deflt);
}

static PyObject *dict_m_setdefault(PyObject *self, PyObject *args) {
    if (check_nargs(args, "setdefault", 1, 2) < 0) return NULL;
    PyObject *deflt = PyTuple_GET_SIZE(args) > 1 ? PyTuple_GET_ITEM(args, 1) : Py_None;
    PyObject *v = PyDict_SetDefault(self, PyTuple_GET_ITEM(args, 0), deflt);
    return v ? Py_NewRef(v) : NULL;
}

static PyObject *dict_m_pop(PyObject *self, PyObject *args) {
    if (check_nargs(args, "pop", 1, 2) < 0) return NULL;
    return _PyDict_Pop(self, PyTuple_GET_ITEM(args, 0),
                       PyTuple_GET_SIZE(args) > 1 ? PyTuple_GET_ITEM(args, 1) : NULL);
}

static PyObject *dict_m_popitem(PyObject *self, PyObject *Py_UNUSED(ignored)) {
    return _cpx_dict_popitem(self);
}

static PyObject *dict_m_update(PyObject *self, PyObject *args, PyObject *kwds) {
    if (dict_update_common(self, args, kwds, "update") < 0) return NULL;
    Py_RETURN_NONE;
}

static PyObject *dict_m_fromkeys(PyObject *cls, PyObject *args) {
    if (check_nargs(args, "fromkeys", 1, 2) < 0) return NULL;
    PyObject *iterable = PyTuple_GET_ITEM(args, 0);
    PyObject *value = PyTuple_GET_SIZE(args) > 1 ? PyTuple_GET_ITEM(args, 1) : Py_None;
    PyObject *d = PyObject_CallNoArgs(cls);
    if (d == NULL) return NULL;
    PyObject *it = PyObject_GetIter(iterable), *key;
    if (it == NULL) goto fail;
    int exact = PyDict_CheckExact(d);
    while ((key = PyIter_Next(it)) != NULL) {
        int rc = exact ? PyDict_SetItem(d, key, value) : PyObject_SetItem(d, key, value);
        Py_DECREF(key);
        if (rc < 0) goto fail;
    }
    if (PyErr_Occurred()) goto fail;
    Py_DECREF(it);
    return d;
fail:
    Py_XDECREF(it);
    Py_DECREF(d);
    return NULL;
}

static PyObject *dict_m_clear(PyObject *self, PyObject *Py_UNUSED(ignored)) {
    PyDict_Clear(self);
    Py_RETURN_NONE;
}

static PyObject *dict_m_copy(PyObject *self, PyObject *Py_UNUSED(ignored)) { return PyDict_Copy(self); }

static PyObject *dict_m_contains(PyObject *self, PyObject *key) {
    int rc = PyDict_Contains(self, key);
    if (rc < 0) return NULL;
    return PyBool_FromLong(rc);
}

static PyObject *dict_m_keys(PyObject *self, PyObject *Py_UNUSED(ignored)) { return _cpx_dictview_new(self, 0); }
static PyObject *dict_m_values(PyObject *self, PyObject *Py_UNUSED(ignored)) { return _cpx_dictview_new(self, 1); }
static PyObject *dict_m_items(PyObject *self, PyObject *Py_UNUSED(ignored)) { return _cpx_dictview_new(self, 2); }

static PyObject *dict_m_reversed(PyObject *self, PyObject *Py_UNUSED(ignored)) {
    return _cpx_dictiter_new((PyDictObject *)self, 0, 1);
}

static PyObject *dict_m_sizeof(PyObject *self, PyObject *Py_UNUSED(ignored)) {
    return PyLong_FromSize_t(_cpx_dict_sizeof(self));
}

static PyMethodDef dict_methods[] = {
    {"__contains__", dict_m_contains, METH_O | METH_COEXIST, "True if the dictionary has the specified key, else False."},
    {"__getitem__", dict_subscript, METH_O | METH_COEXIST, "x.__getitem__(y) <==> x[y]"},
    {"__sizeof__", dict_m_sizeof, METH_NOARGS, "D.__sizeof__() -> size of D in memory, in bytes"},
    {"get", dict_m_get, METH_VARARGS, "Return the value for key if key is in the dictionary, else default."},
    {"setdefault", dict_m_setdefault, METH_VARARGS, "Insert key with a value of default if key is not in the dictionary."},
    {"pop", dict_m_pop, METH_VARARGS, "D.pop(k[,d]) -> v, remove specified key and return the corresponding value."},
    {"popitem", dict_m_popitem, METH_NOARGS, "Remove and return a (key, value) pair as a 2-tuple."},
    {"keys", dict_m_keys, METH_NOARGS, "D.keys() -> a set-like object providing a view on D's keys"},
    {"items", dict_m_items, METH_NOARGS, "D.items() -> a set-like object providing a view on D's items"},
    {"values", dict_m_values, METH_NOARGS, "D.values() -> an object providing a view on D's values"},
    {"update", (PyCFunction)(void (*)(void))dict_m_update, METH_VARARGS | METH_KEYWORDS,
     "D.update([E, ]**F) -> None.  Update D from dict/iterable E and F."},
    {"fromkeys", dict_m_fromkeys, METH_VARARGS | METH_CLASS,
     "Create a new dictionary with keys from iterable and values set to value."},
    {"clear", dict_m_clear, METH_NOARGS, "D.clear() -> None.  Remove all items from D."},
    {"copy", dict_m_copy, METH_NOARGS, "D.copy() -> a shallow copy of D"},
    {"__reversed__", dict_m_reversed, METH_NOARGS, "Return a reverse iterator over the dict keys."},
    {NULL, NULL, 0, NULL},
};

static PySequenceMethods dict_as_sequence = {
    .sq_contains = dict_contains,
};

static PyMappingMethods dict_as_mapping = {
    .mp_length = dict_length,
    .mp_subscript = dict_subscript,
    .mp_ass_subscript = dict_ass_sub,
};

static PyNumberMethods dict_as_number = {
    .nb_or = dict_or,
    .nb_inplace_or = dict_ior,
};

PyTypeObject PyDict_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "dict",
    .tp_basicsize = sizeof(PyDictObject),
    .tp_dealloc = dict_dealloc,
    .tp_repr = dict_repr,
    .tp_as_number = &dict_as_number,
    .tp_as_sequence = &dict_as_sequence,
    .tp_as_mapping = &dict_as_mapping,
    .tp_hash = PyObject_HashNotImplemented,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_BASETYPE |
                Py_TPFLAGS_DICT_SUBCLASS | _Py_TPFLAGS_MATCH_SELF | Py_TPFLAGS_MAPPING,
    .tp_doc = "dict() -> new empty dictionary\ndict(mapping) -> new dictionary initialized from a "
              "mapping object's\n    (key, value) pairs\ndict(iterable) -> new dictionary initialized "
              "as if via:\n    d = {}\n    for k, v in iterable:\n        d[k] = v\ndict(**kwargs) -> "
              "new dictionary initialized with the name=value pairs\n    in the keyword argument list.  "
              "For example:  dict(one=1, two=2)",
    .tp_traverse = dict_traverse,
    .tp_clear = dict_tp_clear,
    .tp_richcompare = dict_richcompare,
    .tp_iter = _cpx_dict_iter,
    .tp_methods = dict_methods,
    .tp_init = dict_init,
    .tp_alloc = PyType_GenericAlloc,
    .tp_new = dict_new,
    .tp_free = PyObject_GC_Del,
};
