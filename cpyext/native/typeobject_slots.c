/* typeobject_slots.c: the dunder methods a type gets from its C slots
 * (__len__ from sq_length, __eq__ from tp_richcompare, __new__ from tp_new,
 * ...), so that `obj.__len__()` and `Type.__getitem__(obj, i)` work as in
 * CPython.
 *
 * Invariants:
 * - PyType_Ready calls _cpx_add_operators before it adds tp_methods and
 *   before any slot is inherited: a type gets a wrapper for exactly the
 *   slots it defines itself (inherited ones are found along the MRO), and a
 *   name already in its dict is left alone. When several slots map to one
 *   name (__getitem__: mp_subscript, then sq_item) the first defined wins.
 * - A wrapper descriptor borrows its entry of the static `slotdefs` table
 *   and stores the C slot function itself, so a later change of the slot
 *   does not change the wrapper. tp_hash == PyObject_HashNotImplemented
 *   becomes __hash__ = None.
 * - Every wrap_* function takes the bound self (borrowed) and an args tuple
 *   (borrowed), checks the argument count like CPython and returns a new
 *   reference or NULL with an exception set. */
#include "internal.h"

/* ---------------- argument checks ---------------- */

static int check_num_args(PyObject *args, Py_ssize_t n) {
    if (PyTuple_GET_SIZE(args) == n) return 1;
    PyErr_Format(PyExc_TypeError, "expected %zd argument%s, got %zd", n, n == 1 ? "" : "s", PyTuple_GET_SIZE(args));
    return 0;
}

/* A sequence index: negative values count from the end when the type has
 * sq_length. -1 with an exception set on failure. */
static Py_ssize_t sequence_index(PyObject *self, PyObject *arg) {
    Py_ssize_t i = PyNumber_AsSsize_t(arg, PyExc_OverflowError);
    if (i == -1 && PyErr_Occurred()) return -1;
    if (i < 0) {
        PySequenceMethods *sq = Py_TYPE(self)->tp_as_sequence;
        if (sq != NULL && sq->sq_length != NULL) {
            Py_ssize_t n = sq->sq_length(self);
            if (n < 0) return -1;
            i += n;
        }
    }
    return i;
}

/* ---------------- wrappers, by slot signature ---------------- */

static PyObject *wrap_unaryfunc(PyObject *self, PyObject *args, void *wrapped) {
    if (!check_num_args(args, 0)) return NULL;
    return ((unaryfunc)wrapped)(self);
}

static PyObject *wrap_binaryfunc(PyObject *self, PyObject *args, void *wrapped) {
    if (!check_num_args(args, 1)) return NULL;
    return ((binaryfunc)wrapped)(self, PyTuple_GET_ITEM(args, 0));
}

/* Number slots take both operands in source order: __add__ is (self, other),
 * __radd__ is (other, self). */
static PyObject *wrap_binaryfunc_l(PyObject *self, PyObject *args, void *wrapped) {
    return wrap_binaryfunc(self, args, wrapped);
}

static PyObject *wrap_binaryfunc_r(PyObject *self, PyObject *args, void *wrapped) {
    if (!check_num_args(args, 1)) return NULL;
    return ((binaryfunc)wrapped)(PyTuple_GET_ITEM(args, 0), self);
}

static PyObject *wrap_ternaryfunc(PyObject *self, PyObject *args, void *wrapped) {
    PyObject *other, *third = Py_None;
    if (!PyArg_UnpackTuple(args, "", 1, 2, &other, &third)) return NULL;
    return ((ternaryfunc)wrapped)(self, other, third);
}

static PyObject *wrap_ternaryfunc_r(PyObject *self, PyObject *args, void *wrapped) {
    PyObject *other, *third = Py_None;
    if (!PyArg_UnpackTuple(args, "", 1, 2, &other, &third)) return NULL;
    return ((ternaryfunc)wrapped)(other, self, third);
}

static PyObject *wrap_inquirypred(PyObject *self, PyObject *args, void *wrapped) {
    if (!check_num_args(args, 0)) return NULL;
    int res = ((inquiry)wrapped)(self);
    if (res < 0) return NULL;
    return PyBool_FromLong(res);
}

static PyObject *wrap_lenfunc(PyObject *self, PyObject *args, void *wrapped) {
    if (!check_num_args(args, 0)) return NULL;
    Py_ssize_t n = ((lenfunc)wrapped)(self);
    if (n == -1 && PyErr_Occurred()) return NULL;
    return PyLong_FromSsize_t(n);
}

static PyObject *wrap_indexargfunc(PyObject *self, PyObject *args, void *wrapped) {
    if (!check_num_args(args, 1)) return NULL;
    Py_ssize_t i = PyNumber_AsSsize_t(PyTuple_GET_ITEM(args, 0), PyExc_OverflowError);
    if (i == -1 && PyErr_Occurred()) return NULL;
    return ((ssizeargfunc)wrapped)(self, i);
}

static PyObject *wrap_sq_item(PyObject *self, PyObject *args, void *wrapped) {
    if (!check_num_args(args, 1)) return NULL;
    Py_ssize_t i = sequence_index(self, PyTuple_GET_ITEM(args, 0));
    if (i == -1 && PyErr_Occurred()) return NULL;
    return ((ssizeargfunc)wrapped)(self, i);
}

static PyObject *wrap_sq_setitem(PyObject *self, PyObject *args, void *wrapped) {
    if (!check_num_args(args, 2)) return NULL;
    Py_ssize_t i = sequence_index(self, PyTuple_GET_ITEM(args, 0));
    if (i == -1 && PyErr_Occurred()) return NULL;
    if (((ssizeobjargproc)wrapped)(self, i, PyTuple_GET_ITEM(args, 1)) < 0) return NULL;
    Py_RETURN_NONE;
}

static PyObject *wrap_sq_delitem(PyObject *self, PyObject *args, void *wrapped) {
    if (!check_num_args(args, 1)) return NULL;
    Py_ssize_t i = sequence_index(self, PyTuple_GET_ITEM(args, 0));
    if (i == -1 && PyErr_Occurred()) return NULL;
    if (((ssizeobjargproc)wrapped)(self, i, NULL) < 0) return NULL;
    Py_RETURN_NONE;
}

static PyObject *wrap_objobjproc(PyObject *self, PyObject *args, void *wrapped) {
    if (!check_num_args(args, 1)) return NULL;
    int res = ((objobjproc)wrapped)(self, PyTuple_GET_ITEM(args, 0));
    if (res < 0) return NULL;
    return PyBool_FromLong(res);
}

static PyObject *wrap_objobjargproc(PyObject *self, PyObject *args, void *wrapped) {
    if (!check_num_args(args, 2)) return NULL;
    if (((objobjargproc)wrapped)(self, PyTuple_GET_ITEM(args, 0), PyTuple_GET_ITEM(args, 1)) < 0) return NULL;
    Py_RETURN_NONE;
}

static PyObject *wrap_delitem(PyObject *self, PyObject *args, void *wrapped) {
    if (!check_num_args(args, 1)) return NULL;
    if (((objobjargproc)wrapped)(self, PyTuple_GET_ITEM(args, 0), NULL) < 0) return NULL;
    Py_RETURN_NONE;
}

static PyObject *wrap_setattr(PyObject *self, PyObject *args, void *wrapped) {
    if (!check_num_args(args, 2)) return NULL;
    if (((setattrofunc)wrapped)(self, PyTuple_GET_ITEM(args, 0), PyTuple_GET_ITEM(args, 1)) < 0) return NULL;
    Py_RETURN_NONE;
}

static PyObject *wrap_delattr(PyObject *self, PyObject *args, void *wrapped) {
    if (!check_num_args(args, 1)) return NULL;
    if (((setattrofunc)wrapped)(self, PyTuple_GET_ITEM(args, 0), NULL) < 0) return NULL;
    Py_RETURN_NONE;
}

static PyObject *wrap_hashfunc(PyObject *self, PyObject *args, void *wrapped) {
    if (!check_num_args(args, 0)) return NULL;
    Py_hash_t h = ((hashfunc)wrapped)(self);
    if (h == -1 && PyErr_Occurred()) return NULL;
    return PyLong_FromSsize_t(h);
}

static PyObject *wrap_call(PyObject *self, PyObject *args, void *wrapped, PyObject *kwds) {
    return ((ternaryfunc)wrapped)(self, args, kwds);
}

static PyObject *wrap_init(PyObject *self, PyObject *args, void *wrapped, PyObject *kwds) {
    if (((initproc)wrapped)(self, args, kwds) < 0) return NULL;
    Py_RETURN_NONE;
}

/* __next__: a slot returning NULL without an exception means exhausted. */
static PyObject *wrap_next(PyObject *self, PyObject *args, void *wrapped) {
    if (!check_num_args(args, 0)) return NULL;
    PyObject *res = ((iternextfunc)wrapped)(self);
    if (res == NULL && !PyErr_Occurred()) PyErr_SetNone(PyExc_StopIteration);
    return res;
}

static PyObject *wrap_descr_get(PyObject *self, PyObject *args, void *wrapped) {
    PyObject *obj, *type = NULL;
    if (!PyArg_UnpackTuple(args, "", 1, 2, &obj, &type)) return NULL;
    if (obj == Py_None) obj = NULL;
    if (type == Py_None) type = NULL;
    if (obj == NULL && type == NULL) {
        PyErr_SetString(PyExc_TypeError, "__get__(None, None) is invalid");
        return NULL;
    }
    return ((descrgetfunc)wrapped)(self, obj, type);
}

static PyObject *wrap_descr_set(PyObject *self, PyObject *args, void *wrapped) {
    if (!check_num_args(args, 2)) return NULL;
    if (((descrsetfunc)wrapped)(self, PyTuple_GET_ITEM(args, 0), PyTuple_GET_ITEM(args, 1)) < 0) return NULL;
    Py_RETURN_NONE;
}

static PyObject *wrap_descr_delete(PyObject *self, PyObject *args, void *wrapped) {
    if (!check_num_args(args, 1)) return NULL;
    if (((descrsetfunc)wrapped)(self, PyTuple_GET_ITEM(args, 0), NULL) < 0) return NULL;
    Py_RETURN_NONE;
}

/* One wrapper per comparison: the operator is not in the slot signature. */
#define RICHCMP_WRAPPER(NAME, OP) \
    static PyObject *NAME(PyObject *self, PyObject *args, void *wrapped) { \
        if (!check_num_args(args, 1)) return NULL; \
        return ((richcmpfunc)wrapped)(self, PyTuple_GET_ITEM(args, 0), OP); \
    }
RICHCMP_WRAPPER(richcmp_lt, Py_LT)
RICHCMP_WRAPPER(richcmp_le, Py_LE)
RICHCMP_WRAPPER(richcmp_eq, Py_EQ)
RICHCMP_WRAPPER(richcmp_ne, Py_NE)
RICHCMP_WRAPPER(richcmp_gt, Py_GT)
RICHCMP_WRAPPER(richcmp_ge, Py_GE)

/* ---------------- the table: name, slot, wrapper ---------------- */

#define HT(field) ((int)offsetof(PyHeapTypeObject, field))
#define W(name, field, wrapper) {name, HT(field), NULL, (wrapperfunc)(wrapper), NULL, 0, NULL}
#define WK(name, field, wrapper) \
    {name, HT(field), NULL, (wrapperfunc)(void (*)(void))(wrapper), NULL, PyWrapperFlag_KEYWORDS, NULL}

static struct wrapperbase slotdefs[] = {
    W("__getattribute__", ht_type.tp_getattro, wrap_binaryfunc),
    W("__setattr__", ht_type.tp_setattro, wrap_setattr),
    W("__delattr__", ht_type.tp_setattro, wrap_delattr),
    W("__repr__", ht_type.tp_repr, wrap_unaryfunc),
    W("__hash__", ht_type.tp_hash, wrap_hashfunc),
    WK("__call__", ht_type.tp_call, wrap_call),
    W("__str__", ht_type.tp_str, wrap_unaryfunc),
    W("__lt__", ht_type.tp_richcompare, richcmp_lt),
    W("__le__", ht_type.tp_richcompare, richcmp_le),
    W("__eq__", ht_type.tp_richcompare, richcmp_eq),
    W("__ne__", ht_type.tp_richcompare, richcmp_ne),
    W("__gt__", ht_type.tp_richcompare, richcmp_gt),
    W("__ge__", ht_type.tp_richcompare, richcmp_ge),
    W("__iter__", ht_type.tp_iter, wrap_unaryfunc),
    W("__next__", ht_type.tp_iternext, wrap_next),
    W("__get__", ht_type.tp_descr_get, wrap_descr_get),
    W("__set__", ht_type.tp_descr_set, wrap_descr_set),
    W("__delete__", ht_type.tp_descr_set, wrap_descr_delete),
    WK("__init__", ht_type.tp_init, wrap_init),
    W("__await__", as_async.am_await, wrap_unaryfunc),
    W("__aiter__", as_async.am_aiter, wrap_unaryfunc),
    W("__anext__", as_async.am_anext, wrap_unaryfunc),
    W("__add__", as_number.nb_add, wrap_binaryfunc_l),
    W("__radd__", as_number.nb_add, wrap_binaryfunc_r),
    W("__sub__", as_number.nb_subtract, wrap_binaryfunc_l),
    W("__rsub__", as_number.nb_subtract, wrap_binaryfunc_r),
    W("__mul__", as_number.nb_multiply, wrap_binaryfunc_l),
    W("__rmul__", as_number.nb_multiply, wrap_binaryfunc_r),
    W("__mod__", as_number.nb_remainder, wrap_binaryfunc_l),
    W("__rmod__", as_number.nb_remainder, wrap_binaryfunc_r),
    W("__divmod__", as_number.nb_divmod, wrap_binaryfunc_l),
    W("__rdivmod__", as_number.nb_divmod, wrap_binaryfunc_r),
    W("__pow__", as_number.nb_power, wrap_ternaryfunc),
    W("__rpow__", as_number.nb_power, wrap_ternaryfunc_r),
    W("__neg__", as_number.nb_negative, wrap_unaryfunc),
    W("__pos__", as_number.nb_positive, wrap_unaryfunc),
    W("__abs__", as_number.nb_absolute, wrap_unaryfunc),
    W("__bool__", as_number.nb_bool, wrap_inquirypred),
    W("__invert__", as_number.nb_invert, wrap_unaryfunc),
    W("__lshift__", as_number.nb_lshift, wrap_binaryfunc_l),
    W("__rlshift__", as_number.nb_lshift, wrap_binaryfunc_r),
    W("__rshift__", as_number.nb_rshift, wrap_binaryfunc_l),
    W("__rrshift__", as_number.nb_rshift, wrap_binaryfunc_r),
    W("__and__", as_number.nb_and, wrap_binaryfunc_l),
    W("__rand__", as_number.nb_and, wrap_binaryfunc_r),
    W("__xor__", as_number.nb_xor, wrap_binaryfunc_l),
    W("__rxor__", as_number.nb_xor, wrap_binaryfunc_r),
    W("__or__", as_number.nb_or, wrap_binaryfunc_l),
    W("__ror__", as_number.nb_or, wrap_binaryfunc_r),
    W("__int__", as_number.nb_int, wrap_unaryfunc),
    W("__float__", as_number.nb_float, wrap_unaryfunc),
    W("__iadd__", as_number.nb_inplace_add, wrap_binaryfunc),
    W("__isub__", as_number.nb_inplace_subtract, wrap_binaryfunc),
    W("__imul__", as_number.nb_inplace_multiply, wrap_binaryfunc),
    W("__imod__", as_number.nb_inplace_remainder, wrap_binaryfunc),
    W("__ipow__", as_number.nb_inplace_power, wrap_ternaryfunc),
    W("__ilshift__", as_number.nb_inplace_lshift, wrap_binaryfunc),
    W("__irshift__", as_number.nb_inplace_rshift, wrap_binaryfunc),
    W("__iand__", as_number.nb_inplace_and, wrap_binaryfunc),
    W("__ixor__", as_number.nb_inplace_xor, wrap_binaryfunc),
    W("__ior__", as_number.nb_inplace_or, wrap_binaryfunc),
    W("__floordiv__", as_number.nb_floor_divide, wrap_binaryfunc_l),
    W("__rfloordiv__", as_number.nb_floor_divide, wrap_binaryfunc_r),
    W("__truediv__", as_number.nb_true_divide, wrap_binaryfunc_l),
    W("__rtruediv__", as_number.nb_true_divide, wrap_binaryfunc_r),
    W("__ifloordiv__", as_number.nb_inplace_floor_divide, wrap_binaryfunc),
    W("__itruediv__", as_number.nb_inplace_true_divide, wrap_binaryfunc),
    W("__index__", as_number.nb_index, wrap_unaryfunc),
    W("__matmul__", as_number.nb_matrix_multiply, wrap_binaryfunc_l),
    W("__rmatmul__", as_number.nb_matrix_multiply, wrap_binaryfunc_r),
    W("__imatmul__", as_number.nb_inplace_matrix_multiply, wrap_binaryfunc),
    W("__len__", as_mapping.mp_length, wrap_lenfunc),
    W("__getitem__", as_mapping.mp_subscript, wrap_binaryfunc),
    W("__setitem__", as_mapping.mp_ass_subscript, wrap_objobjargproc),
    W("__delitem__", as_mapping.mp_ass_subscript, wrap_delitem),
    W("__len__", as_sequence.sq_length, wrap_lenfunc),
    W("__add__", as_sequence.sq_concat, wrap_binaryfunc),
    W("__mul__", as_sequence.sq_repeat, wrap_indexargfunc),
    W("__rmul__", as_sequence.sq_repeat, wrap_indexargfunc),
    W("__getitem__", as_sequence.sq_item, wrap_sq_item),
    W("__setitem__", as_sequence.sq_ass_item, wrap_sq_setitem),
    W("__delitem__", as_sequence.sq_ass_item, wrap_sq_delitem),
    W("__contains__", as_sequence.sq_contains, wrap_objobjproc),
    W("__iadd__", as_sequence.sq_inplace_concat, wrap_binaryfunc),
    W("__imul__", as_sequence.sq_inplace_repeat, wrap_indexargfunc),
};

/* The address of the slot `offset` (an offset into PyHeapTypeObject) in
 * `type`, whose sub-tables may live anywhere; NULL when the table is absent. */
static void **slot_address(PyTypeObject *type, int offset) {
    static const struct { int start; size_t field; } tables[] = {
        {HT(as_buffer), offsetof(PyTypeObject, tp_as_buffer)},
        {HT(as_sequence), offsetof(PyTypeObject, tp_as_sequence)},
        {HT(as_mapping), offsetof(PyTypeObject, tp_as_mapping)},
        {HT(as_number), offsetof(PyTypeObject, tp_as_number)},
        {HT(as_async), offsetof(PyTypeObject, tp_as_async)},
    };
    for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
        if (offset >= tables[i].start) {
            char *table = *(char **)((char *)type + tables[i].field);
            return table ? (void **)(table + (offset - tables[i].start)) : NULL;
        }
    }
    return (void **)((char *)type + offset);
}

/* ---------------- __new__ ---------------- */

/* T.__new__(S, *args, **kwds): T's tp_new making an S, a subtype of T. */
static PyObject *tp_new_wrapper(PyObject *self, PyObject *args, PyObject *kwds) {
    PyTypeObject *type = (PyTypeObject *)self;
    if (PyTuple_GET_SIZE(args) < 1) {
        PyErr_Format(PyExc_TypeError, "%s.__new__(): not enough arguments", type->tp_name);
        return NULL;
    }
    PyObject *arg0 = PyTuple_GET_ITEM(args, 0);
    if (!PyType_Check(arg0)) {
        PyErr_Format(PyExc_TypeError, "%s.__new__(X): X is not a type object (%s)", type->tp_name,
                     Py_TYPE(arg0)->tp_name);
        return NULL;
    }
    PyTypeObject *subtype = (PyTypeObject *)arg0;
    if (!PyType_IsSubtype(subtype, type)) {
        PyErr_Format(PyExc_TypeError, "%s.__new__(%s): %s is not a subtype of %s", type->tp_name, subtype->tp_name,
                     subtype->tp_name, type->tp_name);
        return NULL;
    }
    PyObject *rest = PyTuple_GetSlice(args, 1, PyTuple_GET_SIZE(args));
    if (rest == NULL) return NULL;
    PyObject *res = type->tp_new(subtype, rest, kwds);
    Py_DECREF(rest);
    return res;
}

static PyMethodDef tp_new_def = {
    "__new__", (PyCFunction)(void (*)(void))tp_new_wrapper, METH_VARARGS | METH_KEYWORDS,
    "__new__(type, *args, **kwargs): create a new object of a subtype of this type",
};

/* ---------------- PyType_Ready's step ---------------- */

static int add_if_absent(PyObject *dict, const char *name, PyObject *value) {
    PyObject *key = PyUnicode_InternFromString(name);
    if (key == NULL) return -1;
    int rc = PyDict_Contains(dict, key);
    if (rc == 0) rc = PyDict_SetItem(dict, key, value);
    else if (rc > 0) rc = 0;
    Py_DECREF(key);
    return rc;
}

int _cpx_add_operators(PyTypeObject *type) {
    PyObject *dict = type->tp_dict;
    if (type->tp_new != NULL) {
        PyObject *fn = PyCFunction_NewEx(&tp_new_def, (PyObject *)type, NULL);
        int rc = fn ? add_if_absent(dict, "__new__", fn) : -1;
        Py_XDECREF(fn);
        if (rc < 0) return -1;
    }
    for (size_t i = 0; i < sizeof(slotdefs) / sizeof(slotdefs[0]); i++) {
        struct wrapperbase *def = &slotdefs[i];
        void **ptr = slot_address(type, def->offset);
        if (ptr == NULL || *ptr == NULL) continue;
        PyObject *key = PyUnicode_InternFromString(def->name);
        if (key == NULL) return -1;
        int exists = PyDict_Contains(dict, key);
        int rc = exists;
        if (exists == 0) {
            PyObject *value = *ptr == (void *)PyObject_HashNotImplemented ? Py_NewRef(Py_None)
                                                                          : PyDescr_NewWrapper(type, def, *ptr);
            rc = value ? PyDict_SetItem(dict, key, value) : -1;
            Py_XDECREF(value);
        }
        Py_DECREF(key);
        if (rc < 0) return -1;
    }
    return 0;
}
