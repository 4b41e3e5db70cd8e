/* typeobject_pyslots.c: C slots that call dunder methods, for classes made by type(name,
 * bases, dict) (Python classes in Cython modules, classes built from JS): `__init__`,
 * `__repr__`, `__eq__`, `__len__`, `__add__`... defined in the class dict become tp_init,
 * tp_repr, tp_richcompare, sq_length/mp_length, nb_add..., as CPython's slot_* functions do.
 *
 * Invariants:
 * - _cpx_install_slot_dispatchers(type) runs after PyType_Ready and sets a slot only for a
 *   dunder name found in the type's own dict; other slots stay inherited. `__hash__ = None`
 *   makes the type unhashable.
 * - A dispatcher looks the method up on the type (never the instance) along the MRO, binds
 *   it with its __get__, and calls it, so a later change to the class is seen (as in CPython).
 * - Binary number slots implement CPython's reflected-operand protocol: the right operand's
 *   __r<op>__ goes first when its type is a subclass of the left's, NotImplemented falls
 *   through, and a missing method means NotImplemented. */
#include "internal.h"

/* type(self).<name> bound to self: a new reference, or NULL (AttributeError set when absent). */
static PyObject *lookup_bound(PyObject *self, const char *name) {
    PyObject *descr = _PyType_Lookup(Py_TYPE(self), _cpx_intern(name));
    if (descr == NULL) {
        if (!PyErr_Occurred()) PyErr_SetString(PyExc_AttributeError, name);
        return NULL;
    }
    descrgetfunc get = Py_TYPE(descr)->tp_descr_get;
    return get != NULL ? get(descr, self, (PyObject *)Py_TYPE(self)) : Py_NewRef(descr);
}

/* Call type(self).<name>(self, *args). */
static PyObject *call_method(PyObject *self, const char *name, PyObject *const *args, size_t nargs) {
    PyObject *bound = lookup_bound(self, name);
    if (bound == NULL) return NULL;
    PyObject *res = PyObject_Vectorcall(bound, args, nargs, NULL);
    Py_DECREF(bound);
    return res;
}

/* As call_method, but a missing method gives NotImplemented. */
static PyObject *call_maybe(PyObject *self, const char *name, PyObject *const *args, size_t nargs) {
    if (_PyType_Lookup(Py_TYPE(self), _cpx_intern(name)) == NULL) {
        if (PyErr_Occurred()) return NULL;
        Py_RETURN_NOTIMPLEMENTED;
    }
    return call_method(self, name, args, nargs);
}

static PyObject *slot_tp_repr(PyObject *self) { return call_method(self, "__repr__", NULL, 0); }
static PyObject *slot_tp_str(PyObject *self) { return call_method(self, "__str__", NULL, 0); }
static PyObject *slot_tp_iter(PyObject *self) { return call_method(self, "__iter__", NULL, 0); }
static PyObject *slot_tp_iternext(PyObject *self) { return call_method(self, "__next__", NULL, 0); }

static PyObject *slot_tp_call(PyObject *self, PyObject *args, PyObject *kwds) {
    PyObject *bound = lookup_bound(self, "__call__");
    if (bound == NULL) return NULL;
    PyObject *res = PyObject_Call(bound, args, kwds);
    Py_DECREF(bound);
    return res;
}

static int slot_tp_init(PyObject *self, PyObject *args, PyObject *kwds) {
    PyObject *bound = lookup_bound(self, "__init__");
    if (bound == NULL) return -1;
    PyObject *res = PyObject_Call(bound, args, kwds);
    Py_DECREF(bound);
    if (res == NULL) return -1;
    if (res != Py_None) {
        PyErr_Format(PyExc_TypeError, "__init__() should return None, not '%.200s'", Py_TYPE(res)->tp_name);
        Py_DECREF(res);
        return -1;
    }
    Py_DECREF(res);
    return 0;
}

static Py_hash_t slot_tp_hash(PyObject *self) {
    PyObject *res = call_method(self, "__hash__", NULL, 0);
    if (res == NULL) return -1;
    if (!PyLong_Check(res)) {
        PyErr_SetString(PyExc_TypeError, "__hash__ method should return an integer");
        Py_DECREF(res);
        return -1;
    }
    /* A hash too big for Py_hash_t is reduced as int.__hash__ does. */
    Py_hash_t h = PyLong_AsSsize_t(res);
    if (h == -1 && PyErr_Occurred()) {
        PyErr_Clear();
        h = PyObject_Hash(res);
    }
    Py_DECREF(res);
    return h == -1 && !PyErr_Occurred() ? -2 : h;
}

static PyObject *slot_tp_richcompare(PyObject *self, PyObject *other, int op) {
    static const char *names[] = {"__lt__", "__le__", "__eq__", "__ne__", "__gt__", "__ge__"};
    return call_maybe(self, names[op], &other, 1);
}

static Py_ssize_t slot_length(PyObject *self) {
    PyObject *res = call_method(self, "__len__", NULL, 0);
    if (res == NULL) return -1;
    Py_ssize_t n = PyNumber_AsSsize_t(res, PyExc_OverflowError);
    Py_DECREF(res);
    if (n < 0 && !PyErr_Occurred()) {
        PyErr_SetString(PyExc_ValueError, "__len__() should return >= 0");
        return -1;
    }
    return n;
}

static PyObject *slot_mp_subscript(PyObject *self, PyObject *key) { return call_method(self, "__getitem__", &key, 1); }

static int slot_mp_ass_subscript(PyObject *self, PyObject *key, PyObject *value) {
    PyObject *args[2] = {key, value};
    PyObject *res = value != NULL ? call_method(self, "__setitem__", args, 2) : call_method(self, "__delitem__", args, 1);
    if (res == NULL) return -1;
    Py_DECREF(res);
    return 0;
}

static int slot_sq_contains(PyObject *self, PyObject *value) {
    PyObject *res = call_method(self, "__contains__", &value, 1);
    if (res == NULL) return -1;
    int truth = PyObject_IsTrue(res);
    Py_DECREF(res);
    return truth;
}

static int slot_nb_bool(PyObject *self) {
    PyObject *res = call_method(self, "__bool__", NULL, 0);
    if (res == NULL) return -1;
    if (!PyBool_Check(res)) {
        PyErr_Format(PyExc_TypeError, "__bool__ should return bool, returned %s", Py_TYPE(res)->tp_name);
        Py_DECREF(res);
        return -1;
    }
    int truth = res == Py_True;
    Py_DECREF(res);
    return truth;
}

/* __getattr__: called when normal lookup (or a Python __getattribute__) raises AttributeError. */
static PyObject *slot_tp_getattr_hook(PyObject *self, PyObject *name) {
    PyObject *getattribute = _PyType_Lookup(Py_TYPE(self), _cpx_intern("__getattribute__"));
    PyObject *res;
    if (getattribute == NULL || Py_IS_TYPE(getattribute, &PyWrapperDescr_Type))
        res = PyObject_GenericGetAttr(self, name);
    else
        res = call_method(self, "__getattribute__", &name, 1);
    if (res != NULL || !PyErr_ExceptionMatches(PyExc_AttributeError)) return res;
    PyErr_Clear();
    return call_method(self, "__getattr__", &name, 1);
}

static int slot_tp_setattro(PyObject *self, PyObject *name, PyObject *value) {
    PyObject *args[2] = {name, value};
    PyObject *res = value != NULL ? call_method(self, "__setattr__", args, 2) : call_method(self, "__delattr__", args, 1);
    if (res == NULL) return -1;
    Py_DECREF(res);
    return 0;
}

static PyObject *slot_tp_descr_get(PyObject *self, PyObject *obj, PyObject *type) {
    PyObject *args[2] = {obj != NULL ? obj : Py_None, type != NULL ? type : Py_None};
    return call_method(self, "__get__", args, 2);
}

/* ---------------- unary and binary number slots ---------------- */

#define UNARY_SLOT(fn, name) \
    static PyObject *fn(PyObject *self) { return call_method(self, name, NULL, 0); }
UNARY_SLOT(slot_nb_negative, "__neg__")
UNARY_SLOT(slot_nb_positive, "__pos__")
UNARY_SLOT(slot_nb_absolute, "__abs__")
UNARY_SLOT(slot_nb_invert, "__invert__")
UNARY_SLOT(slot_nb_int, "__int__")
UNARY_SLOT(slot_nb_float, "__float__")
UNARY_SLOT(slot_nb_index, "__index__")

/* The binary slot at `offset` of a type's PyNumberMethods, or NULL. */
static binaryfunc number_slot(PyTypeObject *tp, size_t offset) {
    return tp->tp_as_number != NULL ? *(binaryfunc *)((char *)tp->tp_as_number + offset) : NULL;
}

/* self <op> other, where this dispatcher (`me`) sits in at least one operand's slot. */
static PyObject *binary_dispatch(PyObject *self, PyObject *other, size_t offset, binaryfunc me, const char *name,
                                 const char *rname) {
    int do_other = !Py_IS_TYPE(self, Py_TYPE(other)) && number_slot(Py_TYPE(other), offset) == me;
    if (number_slot(Py_TYPE(self), offset) == me) {
        if (do_other && PyType_IsSubtype(Py_TYPE(other), Py_TYPE(self))) {
            PyObject *r = call_maybe(other, rname, &self, 1);
            if (r != Py_NotImplemented) return r;
            Py_DECREF(r);
            do_other = 0;
        }
        PyObject *r = call_maybe(self, name, &other, 1);
        if (r != Py_NotImplemented || Py_IS_TYPE(other, Py_TYPE(self))) return r;
        Py_DECREF(r);
    }
    if (do_other) return call_maybe(other, rname, &self, 1);
    Py_RETURN_NOTIMPLEMENTED;
}

#define BINARY_SLOT(fn, field, name, rname)                                                        \
    static PyObject *fn(PyObject *self, PyObject *other) {                                         \
        return binary_dispatch(self, other, offsetof(PyNumberMethods, field), fn, name, rname);    \
    }
BINARY_SLOT(slot_nb_add, nb_add, "__add__", "__radd__")
BINARY_SLOT(slot_nb_subtract, nb_subtract, "__sub__", "__rsub__")
BINARY_SLOT(slot_nb_multiply, nb_multiply, "__mul__", "__rmul__")
BINARY_SLOT(slot_nb_remainder, nb_remainder, "__mod__", "__rmod__")
BINARY_SLOT(slot_nb_divmod, nb_divmod, "__divmod__", "__rdivmod__")
BINARY_SLOT(slot_nb_lshift, nb_lshift, "__lshift__", "__rlshift__")
BINARY_SLOT(slot_nb_rshift, nb_rshift, "__rshift__", "__rrshift__")
BINARY_SLOT(slot_nb_and, nb_and, "__and__", "__rand__")
BINARY_SLOT(slot_nb_xor, nb_xor, "__xor__", "__rxor__")
BINARY_SLOT(slot_nb_or, nb_or, "__or__", "__ror__")
BINARY_SLOT(slot_nb_floor_divide, nb_floor_divide, "__floordiv__", "__rfloordiv__")
BINARY_SLOT(slot_nb_true_divide, nb_true_divide, "__truediv__", "__rtruediv__")
BINARY_SLOT(slot_nb_matrix_multiply, nb_matrix_multiply, "__matmul__", "__rmatmul__")

/* ---------------- installing them ---------------- */

#define AT(field) offsetof(PyTypeObject, field)
#define NB(field) offsetof(PyNumberMethods, field)
#define SQ(field) offsetof(PySequenceMethods, field)
#define MP(field) offsetof(PyMappingMethods, field)

enum table { TYPE, NUMBER, SEQUENCE, MAPPING };

static const struct {
    const char *name;
    enum table table;
    size_t offset;
    void *fn;
} dispatchers[] = {
    {"__repr__", TYPE, AT(tp_repr), slot_tp_repr},
    {"__str__", TYPE, AT(tp_str), slot_tp_str},
    {"__hash__", TYPE, AT(tp_hash), slot_tp_hash},
    {"__call__", TYPE, AT(tp_call), slot_tp_call},
    {"__iter__", TYPE, AT(tp_iter), slot_tp_iter},
    {"__next__", TYPE, AT(tp_iternext), slot_tp_iternext},
    {"__init__", TYPE, AT(tp_init), slot_tp_init},
    {"__getattr__", TYPE, AT(tp_getattro), slot_tp_getattr_hook},
    {"__getattribute__", TYPE, AT(tp_getattro), slot_tp_getattr_hook},
    {"__setattr__", TYPE, AT(tp_setattro), slot_tp_setattro},
    {"__delattr__", TYPE, AT(tp_setattro), slot_tp_setattro},
    {"__get__", TYPE, AT(tp_descr_get), slot_tp_descr_get},
    {"__lt__", TYPE, AT(tp_richcompare), slot_tp_richcompare},
    {"__le__", TYPE, AT(tp_richcompare), slot_tp_richcompare},
    {"__eq__", TYPE, AT(tp_richcompare), slot_tp_richcompare},
    {"__ne__", TYPE, AT(tp_richcompare), slot_tp_richcompare},
    {"__gt__", TYPE, AT(tp_richcompare), slot_tp_richcompare},
    {"__ge__", TYPE, AT(tp_richcompare), slot_tp_richcompare},
    {"__len__", SEQUENCE, SQ(sq_length), slot_length},
    {"__len__", MAPPING, MP(mp_length), slot_length},
    {"__getitem__", MAPPING, MP(mp_subscript), slot_mp_subscript},
    {"__setitem__", MAPPING, MP(mp_ass_subscript), slot_mp_ass_subscript},
    {"__delitem__", MAPPING, MP(mp_ass_subscript), slot_mp_ass_subscript},
    {"__contains__", SEQUENCE, SQ(sq_contains), slot_sq_contains},
    {"__bool__", NUMBER, NB(nb_bool), slot_nb_bool},
    {"__neg__", NUMBER, NB(nb_negative), slot_nb_negative},
    {"__pos__", NUMBER, NB(nb_positive), slot_nb_positive},
    {"__abs__", NUMBER, NB(nb_absolute), slot_nb_absolute},
    {"__invert__", NUMBER, NB(nb_invert), slot_nb_invert},
    {"__int__", NUMBER, NB(nb_int), slot_nb_int},
    {"__float__", NUMBER, NB(nb_float), slot_nb_float},
    {"__index__", NUMBER, NB(nb_index), slot_nb_index},
#define BIN(name, rname, field) {name, NUMBER, NB(field), slot_##field}, {rname, NUMBER, NB(field), slot_##field}
    BIN("__add__", "__radd__", nb_add),
    BIN("__sub__", "__rsub__", nb_subtract),
    BIN("__mul__", "__rmul__", nb_multiply),
    BIN("__mod__", "__rmod__", nb_remainder),
    BIN("__divmod__", "__rdivmod__", nb_divmod),
    BIN("__lshift__", "__rlshift__", nb_lshift),
    BIN("__rshift__", "__rrshift__", nb_rshift),
    BIN("__and__", "__rand__", nb_and),
    BIN("__xor__", "__rxor__", nb_xor),
    BIN("__or__", "__ror__", nb_or),
    BIN("__floordiv__", "__rfloordiv__", nb_floor_divide),
    BIN("__truediv__", "__rtruediv__", nb_true_divide),
    BIN("__matmul__", "__rmatmul__", nb_matrix_multiply),
#undef BIN
};

static void **slot_in(PyTypeObject *type, enum table table, size_t offset) {
    char *base = table == TYPE       ? (char *)type
                 : table == NUMBER   ? (char *)type->tp_as_number
                 : table == SEQUENCE ? (char *)type->tp_as_sequence
                                     : (char *)type->tp_as_mapping;
    return base != NULL ? (void **)(base + offset) : NULL;
}

int _cpx_install_slot_dispatchers(PyTypeObject *type) {
    PyObject *dict = type->tp_dict;
    for (size_t i = 0; i < sizeof(dispatchers) / sizeof(dispatchers[0]); i++) {
        PyObject *value = PyDict_GetItemWithError(dict, _cpx_intern(dispatchers[i].name));
        if (value == NULL) {
            if (PyErr_Occurred()) return -1;
            continue;
        }
        void **slot = slot_in(type, dispatchers[i].table, dispatchers[i].offset);
        if (slot == NULL) continue;
        if (dispatchers[i].offset == AT(tp_hash) && dispatchers[i].table == TYPE && value == Py_None)
            *slot = (void *)PyObject_HashNotImplemented;
        else
            *slot = dispatchers[i].fn;
    }
    return 0;
}
