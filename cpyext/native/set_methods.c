/* set_methods.c: the Python face of set and frozenset: repr, comparison,
 * the operators (- & | ^ and their in-place forms), the methods, and the
 * two type objects. The table itself is setobject.c's.
 *
 * Invariant: binary operations return a new set of the left operand's
 * built-in base type (set or frozenset); in-place ones mutate `self` and
 * return a new reference to it. Keys obtained from _cpx_set_next are
 * borrowed and increfed before any call that can run Python code. A set
 * used as a key (unhashable) is retried as a frozenset in contains, remove
 * and discard, as CPython does. */
#include "set_internal.h"

#define SO(op) ((PySetObject *)(op))

/* After a TypeError on an unhashable set key: a frozenset copy of it, or
 * NULL (error kept) if the error was anything else. */
static PyObject *frozen_retry_key(PyObject *key) {
    if (!PySet_Check(key) || !PyErr_ExceptionMatches(PyExc_TypeError)) return NULL;
    PyErr_Clear();
    return _cpx_make_new_set(&PyFrozenSet_Type, key);
}

static int set_contains(PyObject *so, PyObject *key) {
    int rv = _cpx_set_contains_key(SO(so), key);
    if (rv < 0) {
        PyObject *tmp = frozen_retry_key(key);
        if (tmp == NULL) return -1;
        rv = _cpx_set_contains_key(SO(so), tmp);
        Py_DECREF(tmp);
    }
    return rv;
}

static Py_ssize_t set_len(PyObject *so) { return SO(so)->used; }

static PyObject *set_repr(PyObject *so) {
    const char *name = Py_TYPE(so)->tp_name;
    if (SO(so)->used == 0) return PyUnicode_FromFormat("%s()", name);
    int rc = Py_ReprEnter(so);
    if (rc != 0) return rc > 0 ? PyUnicode_FromFormat("%s(...)", name) : NULL;
    /* Snapshot the keys first: a key's repr may change the set. */
    PyObject *res = NULL, *inner = NULL, *parts = NULL, *keys = PySequence_List(so);
    if (keys != NULL) parts = _cpx_reprs_of_iterable(keys);
    Py_XDECREF(keys);
    if (parts != NULL) inner = _cpx_join_reprs(parts, "{", "}");
    if (inner != NULL) {
        if (PySet_CheckExact(so)) res = Py_NewRef(inner);
        else res = PyUnicode_FromFormat("%s(%U)", name, inner);
    }
    Py_XDECREF(parts);
    Py_XDECREF(inner);
    Py_ReprLeave(so);
    return res;
}

static PyObject *set_copy(PyObject *so, PyObject *Py_UNUSED(ignored)) {
    return _cpx_make_new_set_basetype(Py_TYPE(so), so);
}

static PyObject *frozenset_copy(PyObject *so, PyObject *Py_UNUSED(ignored)) {
    if (PyFrozenSet_CheckExact(so)) return Py_NewRef(so);
    return set_copy(so, NULL);
}

/* Exchange the contents of two sets (their tables and counters). */
static void set_swap_bodies(PySetObject *a, PySetObject *b) {
    Py_ssize_t t;
    t = a->fill, a->fill = b->fill, b->fill = t;
    t = a->used, a->used = b->used, b->used = t;
    t = a->mask, a->mask = b->mask, b->mask = t;
    setentry *u = a->table == a->smalltable ? b->smalltable : a->table;
    a->table = b->table == b->smalltable ? a->smalltable : b->table;
    b->table = u;
    if (a->table == a->smalltable || b->table == b->smalltable) {
        setentry tab[PySet_MINSIZE];
        memcpy(tab, a->smalltable, sizeof(tab));
        memcpy(a->smalltable, b->smalltable, sizeof(tab));
        memcpy(b->smalltable, tab, sizeof(tab));
    }
    if (PyType_IsSubtype(Py_TYPE(a), &PyFrozenSet_Type) && PyType_IsSubtype(Py_TYPE(b), &PyFrozenSet_Type)) {
        Py_hash_t h = a->hash;
        a->hash = b->hash;
        b->hash = h;
    } else {
        a->hash = b->hash = -1;
    }
}

/* ---- union ---- */

static PyObject *set_union(PyObject *so, PyObject *args) {
    PyObject *result = set_copy(so, NULL);
    if (result == NULL) return NULL;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(args); i++) {
        PyObject *other = PyTuple_GET_ITEM(args, i);
        if (other != so && _cpx_set_update_internal(SO(result), other) < 0) {
            Py_DECREF(result);
            return NULL;
        }
    }
    return result;
}

static PyObject *set_or(PyObject *a, PyObject *b) {
    if (!PyAnySet_Check(a) || !PyAnySet_Check(b)) Py_RETURN_NOTIMPLEMENTED;
    PyObject *result = set_copy(a, NULL);
    if (result == NULL || a == b) return result;
    if (_cpx_set_update_internal(SO(result), b) < 0) Py_CLEAR(result);
    return result;
}

static PyObject *set_ior(PyObject *so, PyObject *other) {
    if (!PyAnySet_Check(other)) Py_RETURN_NOTIMPLEMENTED;
    if (_cpx_set_update_internal(SO(so), other) < 0) return NULL;
    return Py_NewRef(so);
}

static PyObject *set_update(PyObject *so, PyObject *args) {
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(args); i++)
        if (_cpx_set_update_internal(SO(so), PyTuple_GET_ITEM(args, i)) < 0) return NULL;
    Py_RETURN_NONE;
}

/* ---- intersection ---- */

static PyObject *set_intersection(PyObject *so, PyObject *other) {
    if (so == other) return set_copy(so, NULL);
    PyObject *result = _cpx_make_new_set_basetype(Py_TYPE(so), NULL), *key;
    if (result == NULL) return NULL;
    if (PyAnySet_Check(other)) {
        /* Walk the smaller set, probe the larger. */
        if (PySet_GET_SIZE(other) > PySet_GET_SIZE(so)) {
            PyObject *t = so;
            so = other;
            other = t;
        }
        Py_ssize_t pos = 0;
        setentry *entry;
        while (_cpx_set_next(SO(other), &pos, &entry)) {
            key = Py_NewRef(entry->key);
            Py_hash_t hash = entry->hash;
            int rv = _cpx_set_contains_entry(SO(so), key, hash);
            if (rv > 0) rv = _cpx_set_add_entry(SO(result), key, hash);
            Py_DECREF(key);
            if (rv < 0) goto fail;
        }
        return result;
    }
    PyObject *it = PyObject_GetIter(other);
    if (it == NULL) goto fail;
    while ((key = PyIter_Next(it)) != NULL) {
        Py_hash_t hash = PyObject_Hash(key);
        int rv = hash == -1 ? -1 : _cpx_set_contains_entry(SO(so), key, hash);
        if (rv > 0) rv = _cpx_set_add_entry(SO(result), key, hash);
        Py_DECREF(key);
        if (rv < 0) {
            Py_DECREF(it);
            goto fail;
        }
    }
    Py_DECREF(it);
    if (PyErr_Occurred()) goto fail;
    return result;
fail:
    Py_DECREF(result);
    return NULL;
}

static PyObject *set_intersection_multi(PyObject *so, PyObject *args) {
    if (PyTuple_GET_SIZE(args) == 0) return set_copy(so, NULL);
    PyObject *result = Py_NewRef(so);
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(args); i++) {
        PyObject *next = set_intersection(result, PyTuple_GET_ITEM(args, i));
        Py_DECREF(result);
        if (next == NULL) return NULL;
        result = next;
    }
    return result;
}

static int set_intersection_update_from(PyObject *so, PyObject *tmp) {
    if (tmp == NULL) return -1;
    set_swap_bodies(SO(so), SO(tmp));
    Py_DECREF(tmp);
    return 0;
}

static PyObject *set_intersection_update_multi(PyObject *so, PyObject *args) {
    if (set_intersection_update_from(so, set_intersection_multi(so, args)) < 0) return NULL;
    Py_RETURN_NONE;
}

static PyObject *set_and(PyObject *a, PyObject *b) {
    if (!PyAnySet_Check(a) || !PyAnySet_Check(b)) Py_RETURN_NOTIMPLEMENTED;
    return set_intersection(a, b);
}

static PyObject *set_iand(PyObject *so, PyObject *other) {
    if (!PyAnySet_Check(other)) Py_RETURN_NOTIMPLEMENTED;
    if (set_intersection_update_from(so, set_intersection(so, other)) < 0) return NULL;
    return Py_NewRef(so);
}

static PyObject *set_isdisjoint(PyObject *so, PyObject *other) {
    if (so == other) return PyBool_FromLong(PySet_GET_SIZE(so) == 0);
    if (PyAnySet_Check(other)) {
        if (PySet_GET_SIZE(other) > PySet_GET_SIZE(so)) {
            PyObject *t = so;
            so = other;
            other = t;
        }
        Py_ssize_t pos = 0;
        setentry *entry;
        while (_cpx_set_next(SO(other), &pos, &entry)) {
            PyObject *key = Py_NewRef(entry->key);
            int rv = _cpx_set_contains_entry(SO(so), key, entry->hash);
            Py_DECREF(key);
            if (rv < 0) return NULL;
            if (rv) Py_RETURN_FALSE;
        }
        Py_RETURN_TRUE;
    }
    PyObject *it = PyObject_GetIter(other), *key;
    if (it == NULL) return NULL;
    while ((key = PyIter_Next(it)) != NULL) {
        int rv = _cpx_set_contains_key(SO(so), key);
        Py_DECREF(key);
        if (rv != 0) {
            Py_DECREF(it);
            if (rv < 0) return NULL;
            Py_RETURN_FALSE;
        }
    }
    Py_DECREF(it);
    if (PyErr_Occurred()) return NULL;
    Py_RETURN_TRUE;
}

/* ---- difference ---- */

static int set_difference_update_internal(PyObject *so, PyObject *other) {
    if (so == other) return _cpx_set_clear_internal(SO(so));
    if (PyAnySet_Check(other)) {
        Py_ssize_t pos = 0;
        setentry *entry;
        while (_cpx_set_next(SO(other), &pos, &entry)) {
            PyObject *key = Py_NewRef(entry->key);
            int rv = _cpx_set_discard_entry(SO(so), key, entry->hash);
            Py_DECREF(key);
            if (rv < 0) return -1;
        }
    } else {
        PyObject *it = PyObject_GetIter(other), *key;
        if (it == NULL) return -1;
        while ((key = PyIter_Next(it)) != NULL) {
            int rv = _cpx_set_discard_key(SO(so), key);
            Py_DECREF(key);
            if (rv < 0) {
                Py_DECREF(it);
                return -1;
            }
        }
        Py_DECREF(it);
        if (PyErr_Occurred()) return -1;
    }
    /* Many dummies left behind: rebuild the table without them. */
    PySetObject *s = SO(so);
    if ((size_t)(s->fill - s->used) <= (size_t)s->mask / 4) return 0;
    return _cpx_set_table_resize(s, s->used > 50000 ? s->used * 2 : s->used * 4);
}

static PyObject *set_copy_and_difference(PyObject *so, PyObject *other) {
    PyObject *result = set_copy(so, NULL);
    if (result != NULL && set_difference_update_internal(result, other) < 0) Py_CLEAR(result);
    return result;
}

static PyObject *set_difference(PyObject *so, PyObject *other) {
    Py_ssize_t other_size;
    if (PyAnySet_Check(other)) other_size = PySet_GET_SIZE(other);
    else if (PyDict_CheckExact(other)) other_size = PyDict_GET_SIZE(other);
    else return set_copy_and_difference(so, other);
    /* A much larger so: copy it and remove what other has. */
    if ((PySet_GET_SIZE(so) >> 2) > other_size) return set_copy_and_difference(so, other);
    PyObject *result = _cpx_make_new_set_basetype(Py_TYPE(so), NULL);
    if (result == NULL) return NULL;
    Py_ssize_t pos = 0;
    setentry *entry;
    while (_cpx_set_next(SO(so), &pos, &entry)) {
        PyObject *key = Py_NewRef(entry->key);
        Py_hash_t hash = entry->hash;
        int rv = PyDict_CheckExact(other) ? _PyDict_Contains_KnownHash(other, key, hash)
                                          : _cpx_set_contains_entry(SO(other), key, hash);
        if (rv == 0) rv = _cpx_set_add_entry(SO(result), key, hash);
        Py_DECREF(key);
        if (rv < 0) {
            Py_DECREF(result);
            return NULL;
        }
    }
    return result;
}

static PyObject *set_difference_multi(PyObject *so, PyObject *args) {
    Py_ssize_t n = PyTuple_GET_SIZE(args);
    if (n == 0) return set_copy(so, NULL);
    PyObject *result = set_difference(so, PyTuple_GET_ITEM(args, 0));
    for (Py_ssize_t i = 1; result != NULL && i < n; i++)
        if (set_difference_update_internal(result, PyTuple_GET_ITEM(args, i)) < 0) Py_CLEAR(result);
    return result;
}

static PyObject *set_difference_update(PyObject *so, PyObject *args) {
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(args); i++)
        if (set_difference_update_internal(so, PyTuple_GET_ITEM(args, i)) < 0) return NULL;
    Py_RETURN_NONE;
}

static PyObject *set_sub(PyObject *a, PyObject *b) {
    if (!PyAnySet_Check(a) || !PyAnySet_Check(b)) Py_RETURN_NOTIMPLEMENTED;
    return set_difference(a, b);
}

static PyObject *set_isub(PyObject *so, PyObject *other) {
    if (!PyAnySet_Check(other)) Py_RETURN_NOTIMPLEMENTED;
    if (set_difference_update_internal(so, other) < 0) return NULL;
    return Py_NewRef(so);
}

/* ---- symmetric difference ---- */

/* Toggle key in so: remove it if present, else add it. */
static int toggle_entry(PyObject *so, PyObject *key, Py_hash_t hash) {
    Py_INCREF(key);
    int rv = _cpx_set_discard_entry(SO(so), key, hash);
    if (rv == DISCARD_NOTFOUND) rv = _cpx_set_add_entry(SO(so), key, hash);
    Py_DECREF(key);
    return rv < 0 ? -1 : 0;
}

static PyObject *set_symmetric_difference_update(PyObject *so, PyObject *other) {
    if (so == other) {
        _cpx_set_clear_internal(SO(so));
        Py_RETURN_NONE;
    }
    if (PyDict_CheckExact(other)) {
        Py_ssize_t pos = 0;
        PyObject *key, *value;
        Py_hash_t hash;
        while (_PyDict_Next(other, &pos, &key, &value, &hash))
            if (toggle_entry(so, key, hash) < 0) return NULL;
        Py_RETURN_NONE;
    }
    PyObject *otherset = PyAnySet_Check(other) ? Py_NewRef(other)
                                               : _cpx_make_new_set_basetype(Py_TYPE(so), other);
    if (otherset == NULL) return NULL;
    Py_ssize_t pos = 0;
    setentry *entry;
    while (_cpx_set_next(SO(otherset), &pos, &entry)) {
        if (toggle_entry(so, entry->key, entry->hash) < 0) {
            Py_DECREF(otherset);
            return NULL;
        }
    }
    Py_DECREF(otherset);
    Py_RETURN_NONE;
}

static PyObject *set_symmetric_difference(PyObject *so, PyObject *other) {
    PyObject *otherset = _cpx_make_new_set_basetype(Py_TYPE(so), other);
    if (otherset == NULL) return NULL;
    PyObject *rv = set_symmetric_difference_update(otherset, so);
    if (rv == NULL) {
        Py_DECREF(otherset);
        return NULL;
    }
    Py_DECREF(rv);
    return otherset;
}

static PyObject *set_xor(PyObject *a, PyObject *b) {
    if (!PyAnySet_Check(a) || !PyAnySet_Check(b)) Py_RETURN_NOTIMPLEMENTED;
    return set_symmetric_difference(a, b);
}

static PyObject *set_ixor(PyObject *so, PyObject *other) {
    if (!PyAnySet_Check(other)) Py_RETURN_NOTIMPLEMENTED;
    PyObject *rv = set_symmetric_difference_update(so, other);
    if (rv == NULL) return NULL;
    Py_DECREF(rv);
    return Py_NewRef(so);
}

/* ---- subset tests and comparison ---- */

static PyObject *set_issubset(PyObject *so, PyObject *other) {
    if (!PyAnySet_Check(other)) {
        PyObject *tmp = _cpx_make_new_set(&PySet_Type, other);
        if (tmp == NULL) return NULL;
        PyObject *res = set_issubset(so, tmp);
        Py_DECREF(tmp);
        return res;
    }
    if (PySet_GET_SIZE(so) > PySet_GET_SIZE(other)) Py_RETURN_FALSE;
    Py_ssize_t pos = 0;
    setentry *entry;
    while (_cpx_set_next(SO(so), &pos, &entry)) {
        PyObject *key = Py_NewRef(entry->key);
        int rv = _cpx_set_contains_entry(SO(other), key, entry->hash);
        Py_DECREF(key);
        if (rv < 0) return NULL;
        if (!rv) Py_RETURN_FALSE;
    }
    Py_RETURN_TRUE;
}

static PyObject *set_issuperset(PyObject *so, PyObject *other) {
    if (PyAnySet_Check(other)) return set_issubset(other, so);
    PyObject *it = PyObject_GetIter(other), *key;
    if (it == NULL) return NULL;
    while ((key = PyIter_Next(it)) != NULL) {
        int rv = _cpx_set_contains_key(SO(so), key);
        Py_DECREF(key);
        if (rv != 1) {
            Py_DECREF(it);
            if (rv < 0) return NULL;
            Py_RETURN_FALSE;
        }
    }
    Py_DECREF(it);
    if (PyErr_Occurred()) return NULL;
    Py_RETURN_TRUE;
}

static PyObject *set_richcompare(PyObject *v, PyObject *w, int op) {
    if (!PyAnySet_Check(w)) Py_RETURN_NOTIMPLEMENTED;
    PyObject *r;
    switch (op) {
    case Py_EQ:
    case Py_NE:
        if (PySet_GET_SIZE(v) != PySet_GET_SIZE(w) ||
            (SO(v)->hash != -1 && SO(w)->hash != -1 && SO(v)->hash != SO(w)->hash))
            r = Py_NewRef(Py_False);
        else
            r = set_issubset(v, w);
        if (op == Py_NE && r != NULL) {
            PyObject *inv = r == Py_True ? Py_False : Py_True;
            Py_DECREF(r);
            r = Py_NewRef(inv);
        }
        return r;
    case Py_LE:
        return set_issubset(v, w);
    case Py_GE:
        return set_issuperset(v, w);
    case Py_LT:
        if (PySet_GET_SIZE(v) >= PySet_GET_SIZE(w)) Py_RETURN_FALSE;
        return set_issubset(v, w);
    case Py_GT:
        if (PySet_GET_SIZE(v) <= PySet_GET_SIZE(w)) Py_RETURN_FALSE;
        return set_issuperset(v, w);
    }
    Py_RETURN_NOTIMPLEMENTED;
}

/* ---- single-element methods ---- */

static PyObject *set_add(PyObject *so, PyObject *key) {
    if (_cpx_set_add_key(SO(so), key) < 0) return NULL;
    Py_RETURN_NONE;
}

/* Discard key (or its frozenset twin); DISCARD_* or -1. */
static int discard_with_retry(PyObject *so, PyObject *key) {
    int rv = _cpx_set_discard_key(SO(so), key);
    if (rv < 0) {
        PyObject *tmp = frozen_retry_key(key);
        if (tmp == NULL) return -1;
        rv = _cpx_set_discard_key(SO(so), tmp);
        Py_DECREF(tmp);
    }
    return rv;
}

static PyObject *set_remove(PyObject *so, PyObject *key) {
    int rv = discard_with_retry(so, key);
    if (rv < 0) return NULL;
    if (rv == DISCARD_NOTFOUND) {
        _cpx_set_key_error(key);
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyObject *set_discard(PyObject *so, PyObject *key) {
    if (discard_with_retry(so, key) < 0) return NULL;
    Py_RETURN_NONE;
}

static PyObject *set_pop(PyObject *so, PyObject *Py_UNUSED(ignored)) { return _cpx_set_pop(SO(so)); }

static PyObject *set_clear(PyObject *so, PyObject *Py_UNUSED(ignored)) {
    _cpx_set_clear_internal(SO(so));
    Py_RETURN_NONE;
}

static PyObject *set_direct_contains(PyObject *so, PyObject *key) {
    int rv = set_contains(so, key);
    if (rv < 0) return NULL;
    return PyBool_FromLong(rv);
}

static PyObject *set_sizeof(PyObject *so, PyObject *Py_UNUSED(ignored)) {
    size_t res = (size_t)Py_TYPE(so)->tp_basicsize;
    if (SO(so)->table != SO(so)->smalltable) res += ((size_t)SO(so)->mask + 1) * sizeof(setentry);
    return PyLong_FromSize_t(res);
}

/* ---- construction ---- */

static int no_keywords(const char *fname, PyObject *kwds) {
    if (kwds == NULL || !PyDict_Check(kwds) || PyDict_GET_SIZE(kwds) == 0) return 1;
    PyErr_Format(PyExc_TypeError, "%s() takes no keyword arguments", fname);
    return 0;
}

static PyObject *set_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    if (type == &PySet_Type && !no_keywords("set", kwds)) return NULL;
    return _cpx_make_new_set(type, NULL);
}

static int set_init(PyObject *self, PyObject *args, PyObject *kwds) {
    if (!no_keywords("set", kwds)) return -1;
    Py_ssize_t nargs = PyTuple_GET_SIZE(args);
    if (nargs > 1) {
        PyErr_Format(PyExc_TypeError, "set expected at most 1 argument, got %zd", nargs);
        return -1;
    }
    if (SO(self)->fill) _cpx_set_clear_internal(SO(self));
    SO(self)->hash = -1;
    if (nargs == 0) return 0;
    return _cpx_set_update_internal(SO(self), PyTuple_GET_ITEM(args, 0));
}

static PyObject *frozenset_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    if (type == &PyFrozenSet_Type && !no_keywords("frozenset", kwds)) return NULL;
    Py_ssize_t nargs = PyTuple_GET_SIZE(args);
    if (nargs > 1) {
        PyErr_Format(PyExc_TypeError, "frozenset expected at most 1 argument, got %zd", nargs);
        return NULL;
    }
    PyObject *iterable = nargs ? PyTuple_GET_ITEM(args, 0) : NULL;
    if (type == &PyFrozenSet_Type && iterable != NULL && PyFrozenSet_CheckExact(iterable))
        return Py_NewRef(iterable);
    return _cpx_make_new_set(type, iterable);
}

/* ---- type objects ---- */

static PyMethodDef set_methods[] = {
    {"add", set_add, METH_O, "Add an element to a set.\n\nThis has no effect if the element is already present."},
    {"clear", set_clear, METH_NOARGS, "Remove all elements from this set."},
    {"__contains__", set_direct_contains, METH_O | METH_COEXIST, "x.__contains__(y) <==> y in x."},
    {"copy", set_copy, METH_NOARGS, "Return a shallow copy of a set."},
    {"discard", set_discard, METH_O, "Remove an element from a set if it is a member."},
    {"difference", set_difference_multi, METH_VARARGS, "Return the difference of two or more sets as a new set."},
    {"difference_update", set_difference_update, METH_VARARGS, "Remove all elements of another set from this set."},
    {"intersection", set_intersection_multi, METH_VARARGS, "Return the intersection of two sets as a new set."},
    {"intersection_update", set_intersection_update_multi, METH_VARARGS,
     "Update a set with the intersection of itself and another."},
    {"isdisjoint", set_isdisjoint, METH_O, "Return True if two sets have a null intersection."},
    {"issubset", set_issubset, METH_O, "Report whether another set contains this set."},
    {"issuperset", set_issuperset, METH_O, "Report whether this set contains another set."},
    {"pop", set_pop, METH_NOARGS, "Remove and return an arbitrary set element.\nRaises KeyError if the set is empty."},
    {"remove", set_remove, METH_O, "Remove an element from a set; it must be a member.\n\nIf the element is not a member, raise a KeyError."},
    {"__sizeof__", set_sizeof, METH_NOARGS, "S.__sizeof__() -> size of S in memory, in bytes"},
    {"symmetric_difference", set_symmetric_difference, METH_O,
     "Return the symmetric difference of two sets as a new set."},
    {"symmetric_difference_update", set_symmetric_difference_update, METH_O,
     "Update a set with the symmetric difference of itself and another."},
    {"union", set_union, METH_VARARGS, "Return the union of sets as a new set."},
    {"update", set_update, METH_VARARGS, "Update a set with the union of itself and others."},
    {NULL, NULL, 0, NULL},
};

static PyMethodDef frozenset_methods[] = {
    {"__contains__", set_direct_contains, METH_O | METH_COEXIST, "x.__contains__(y) <==> y in x."},
    {"copy", frozenset_copy, METH_NOARGS, "Return a shallow copy of a set."},
    {"difference", set_difference_multi, METH_VARARGS, "Return the difference of two or more sets as a new set."},
    {"intersection", set_intersection_multi, METH_VARARGS, "Return the intersection of two sets as a new set."},
    {"isdisjoint", set_isdisjoint, METH_O, "Return True if two sets have a null intersection."},
    {"issubset", set_issubset, METH_O, "Report whether another set contains this set."},
    {"issuperset", set_issuperset, METH_O, "Report whether this set contains another set."},
    {"__sizeof__", set_sizeof, METH_NOARGS, "S.__sizeof__() -> size of S in memory, in bytes"},
    {"symmetric_difference", set_symmetric_difference, METH_O,
     "Return the symmetric difference of two sets as a new set."},
    {"union", set_union, METH_VARARGS, "Return the union of sets as a new set."},
    {NULL, NULL, 0, NULL},
};

static PyNumberMethods set_as_number = {
    .nb_subtract = set_sub,
    .nb_and = set_and,
    .nb_xor = set_xor,
    .nb_or = set_or,
    .nb_inplace_subtract = set_isub,
    .nb_inplace_and = set_iand,
    .nb_inplace_xor = set_ixor,
    .nb_inplace_or = set_ior,
};

static PyNumberMethods frozenset_as_number = {
    .nb_subtract = set_sub,
    .nb_and = set_and,
    .nb_xor = set_xor,
    .nb_or = set_or,
};

static PySequenceMethods set_as_sequence = {
    .sq_length = set_len,
    .sq_contains = set_contains,
};

PyTypeObject PySet_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "set",
    .tp_basicsize = sizeof(PySetObject),
    .tp_dealloc = _cpx_set_dealloc,
    .tp_repr = set_repr,
    .tp_as_number = &set_as_number,
    .tp_as_sequence = &set_as_sequence,
    .tp_hash = PyObject_HashNotImplemented,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_BASETYPE | _Py_TPFLAGS_MATCH_SELF,
    .tp_doc = "set() -> new empty set object\nset(iterable) -> new set object\n\nBuild an unordered "
              "collection of unique elements.",
    .tp_traverse = _cpx_set_traverse,
    .tp_richcompare = set_richcompare,
    .tp_weaklistoffset = offsetof(PySetObject, weakreflist),
    .tp_iter = _cpx_set_iter,
    .tp_methods = set_methods,
    .tp_init = set_init,
    .tp_alloc = PyType_GenericAlloc,
    .tp_new = set_new,
    .tp_free = PyObject_GC_Del,
};

PyTypeObject PyFrozenSet_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "frozenset",
    .tp_basicsize = sizeof(PySetObject),
    .tp_dealloc = _cpx_set_dealloc,
    .tp_repr = set_repr,
    .tp_as_number = &frozenset_as_number,
    .tp_as_sequence = &set_as_sequence,
    .tp_hash = _cpx_frozenset_hash,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_BASETYPE | _Py_TPFLAGS_MATCH_SELF,
    .tp_doc = "frozenset() -> empty frozenset object\nfrozenset(iterable) -> frozenset object\n\n"
              "Build an immutable unordered collection of unique elements.",
    .tp_traverse = _cpx_set_traverse,
    .tp_richcompare = set_richcompare,
    .tp_weaklistoffset = offsetof(PySetObject, weakreflist),
    .tp_iter = _cpx_set_iter,
    .tp_methods = frozenset_methods,
    .tp_alloc = PyType_GenericAlloc,
    .tp_new = frozenset_new,
    .tp_free = PyObject_GC_Del,
};
