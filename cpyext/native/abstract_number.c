/* abstract_number.c: the number protocol (PyNumber_*) and the sequence
 * operations that share its dispatch (concatenation and repetition).
 *
 * Invariants:
 * - Binary operators dispatch as CPython's binary_op1: the left operand's
 *   slot, then the right operand's slot, except that a right operand whose
 *   type is a proper subclass with its own slot goes first; a slot
 *   answering NotImplemented passes the turn. Slots are always called as
 *   slot(v, w): each decides which side it is on.
 * - In-place operators try the in-place slot of the left operand first,
 *   then fall back to the binary dispatch. + and * fall back to sq_concat /
 *   sq_repeat when no number slot applies (str + str, list * 2).
 * - Results are new references or NULL with an error set; NotImplemented
 *   never escapes to the caller (it becomes a TypeError). */
#include "internal.h"

#define NB_SLOT(field) offsetof(PyNumberMethods, field)
#define NB_BINOP(methods, slot) (*(binaryfunc *)((char *)(methods) + (slot)))
#define NB_TERNOP(methods, slot) (*(ternaryfunc *)((char *)(methods) + (slot)))

static PyObject *cached_name(PyObject **slot, const char *s) {
    if (*slot == NULL) *slot = _cpx_intern(s);
    return *slot;
}

static PyObject *null_error(void) {
    if (!PyErr_Occurred()) PyErr_SetString(PyExc_SystemError, "null argument to internal routine");
    return NULL;
}

static PyObject *type_error(const char *msg, PyObject *obj) {
    PyErr_Format(PyExc_TypeError, msg, Py_TYPE(obj)->tp_name);
    return NULL;
}

/* ---------------- binary dispatch ---------------- */

/* The result of the first slot that does not answer NotImplemented, or a
 * new reference to NotImplemented. */
static PyObject *binary_op1(PyObject *v, PyObject *w, size_t slot) {
    PyTypeObject *tv = Py_TYPE(v), *tw = Py_TYPE(w);
    binaryfunc slotv = tv->tp_as_number != NULL ? NB_BINOP(tv->tp_as_number, slot) : NULL;
    binaryfunc slotw = NULL;
    PyObject *x;
    if (tw != tv && tw->tp_as_number != NULL) {
        slotw = NB_BINOP(tw->tp_as_number, slot);
        if (slotw == slotv) slotw = NULL;
    }
    if (slotv != NULL) {
        if (slotw != NULL && PyType_IsSubtype(tw, tv)) {
            x = slotw(v, w);
            if (x != Py_NotImplemented) return x;
            Py_DECREF(x);
            slotw = NULL;
        }
        x = slotv(v, w);
        if (x != Py_NotImplemented) return x;
        Py_DECREF(x);
    }
    if (slotw != NULL) {
        x = slotw(v, w);
        if (x != Py_NotImplemented) return x;
        Py_DECREF(x);
    }
    Py_RETURN_NOTIMPLEMENTED;
}

static PyObject *binop_type_error(PyObject *v, PyObject *w, const char *op_name) {
    PyErr_Format(PyExc_TypeError, "unsupported operand type(s) for %.100s: '%.100s' and '%.100s'", op_name,
                 Py_TYPE(v)->tp_name, Py_TYPE(w)->tp_name);
    return NULL;
}

static PyObject *binary_op(PyObject *v, PyObject *w, size_t slot, const char *op_name) {
    if (v == NULL || w == NULL) return null_error();
    PyObject *res = binary_op1(v, w, slot);
    if (res == Py_NotImplemented) {
        Py_DECREF(res);
        return binop_type_error(v, w, op_name);
    }
    return res;
}

/* The in-place slot of v, then the binary dispatch; may return
 * NotImplemented. */
static PyObject *binary_iop1(PyObject *v, PyObject *w, size_t islot, size_t slot) {
    PyNumberMethods *mv = Py_TYPE(v)->tp_as_number;
    if (mv != NULL) {
        binaryfunc f = NB_BINOP(mv, islot);
        if (f != NULL) {
            PyObject *x = f(v, w);
            if (x != Py_NotImplemented) return x;
            Py_DECREF(x);
        }
    }
    return binary_op1(v, w, slot);
}

static PyObject *binary_iop(PyObject *v, PyObject *w, size_t islot, size_t slot, const char *op_name) {
    if (v == NULL || w == NULL) return null_error();
    PyObject *res = binary_iop1(v, w, islot, slot);
    if (res == Py_NotImplemented) {
        Py_DECREF(res);
        return binop_type_error(v, w, op_name);
    }
    return res;
}

/* pow(v, w, z): like binary_op1, then z's slot as a last resort. */
static PyObject *ternary_op(PyObject *v, PyObject *w, PyObject *z, size_t slot, const char *op_name) {
    PyTypeObject *tv = Py_TYPE(v), *tw = Py_TYPE(w);
    ternaryfunc slotv = tv->tp_as_number != NULL ? NB_TERNOP(tv->tp_as_number, slot) : NULL;
    ternaryfunc slotw = NULL;
    PyObject *x;
    if (tw != tv && tw->tp_as_number != NULL) {
        slotw = NB_TERNOP(tw->tp_as_number, slot);
        if (slotw == slotv) slotw = NULL;
    }
    if (slotv != NULL) {
        if (slotw != NULL && PyType_IsSubtype(tw, tv)) {
            x = slotw(v, w, z);
            if (x != Py_NotImplemented) return x;
            Py_DECREF(x);
            slotw = NULL;
        }
        x = slotv(v, w, z);
        if (x != Py_NotImplemented) return x;
        Py_DECREF(x);
    }
    if (slotw != NULL) {
        x = slotw(v, w, z);
        if (x != Py_NotImplemented) return x;
        Py_DECREF(x);
    }
    PyNumberMethods *mz = Py_TYPE(z)->tp_as_number;
    if (mz != NULL) {
        ternaryfunc slotz = NB_TERNOP(mz, slot);
        if (slotz != NULL && slotz != slotv && slotz != slotw) {
            x = slotz(v, w, z);
            if (x != Py_NotImplemented) return x;
            Py_DECREF(x);
        }
    }
    if (z == Py_None)
        PyErr_Format(PyExc_TypeError, "unsupported operand type(s) for %.100s: '%.100s' and '%.100s'", op_name,
                     tv->tp_name, tw->tp_name);
    else
        PyErr_Format(PyExc_TypeError, "unsupported operand type(s) for %.100s: '%.100s', '%.100s', '%.100s'",
                     op_name, tv->tp_name, tw->tp_name, Py_TYPE(z)->tp_name);
    return NULL;
}

#define BINARY_FUNC(func, slot, name) \
    PyObject *func(PyObject *v, PyObject *w) { return binary_op(v, w, NB_SLOT(slot), name); }

BINARY_FUNC(PyNumber_Or, nb_or, "|")
BINARY_FUNC(PyNumber_Xor, nb_xor, "^")
BINARY_FUNC(PyNumber_And, nb_and, "&")
BINARY_FUNC(PyNumber_Lshift, nb_lshift, "<<")
BINARY_FUNC(PyNumber_Rshift, nb_rshift, ">>")
BINARY_FUNC(PyNumber_Subtract, nb_subtract, "-")
BINARY_FUNC(PyNumber_Divmod, nb_divmod, "divmod()")
BINARY_FUNC(PyNumber_MatrixMultiply, nb_matrix_multiply, "@")
BINARY_FUNC(PyNumber_FloorDivide, nb_floor_divide, "//")
BINARY_FUNC(PyNumber_TrueDivide, nb_true_divide, "/")
BINARY_FUNC(PyNumber_Remainder, nb_remainder, "%")

#define INPLACE_FUNC(func, islot, slot, name) \
    PyObject *func(PyObject *v, PyObject *w) { return binary_iop(v, w, NB_SLOT(islot), NB_SLOT(slot), name); }

INPLACE_FUNC(PyNumber_InPlaceOr, nb_inplace_or, nb_or, "|=")
INPLACE_FUNC(PyNumber_InPlaceXor, nb_inplace_xor, nb_xor, "^=")
INPLACE_FUNC(PyNumber_InPlaceAnd, nb_inplace_and, nb_and, "&=")
INPLACE_FUNC(PyNumber_InPlaceLshift, nb_inplace_lshift, nb_lshift, "<<=")
INPLACE_FUNC(PyNumber_InPlaceRshift, nb_inplace_rshift, nb_rshift, ">>=")
INPLACE_FUNC(PyNumber_InPlaceSubtract, nb_inplace_subtract, nb_subtract, "-=")
INPLACE_FUNC(PyNumber_InPlaceMatrixMultiply, nb_inplace_matrix_multiply, nb_matrix_multiply, "@=")
INPLACE_FUNC(PyNumber_InPlaceFloorDivide, nb_inplace_floor_divide, nb_floor_divide, "//=")
INPLACE_FUNC(PyNumber_InPlaceTrueDivide, nb_inplace_true_divide, nb_true_divide, "/=")
INPLACE_FUNC(PyNumber_InPlaceRemainder, nb_inplace_remainder, nb_remainder, "%=")

PyObject *PyNumber_Power(PyObject *v, PyObject *w, PyObject *z) {
    if (v == NULL || w == NULL || z == NULL) return null_error();
    return ternary_op(v, w, z, NB_SLOT(nb_power), "** or pow()");
}

PyObject *PyNumber_InPlacePower(PyObject *v, PyObject *w, PyObject *z) {
    if (v == NULL || w == NULL || z == NULL) return null_error();
    PyNumberMethods *mv = Py_TYPE(v)->tp_as_number;
    if (mv != NULL && mv->nb_inplace_power != NULL) {
        PyObject *x = mv->nb_inplace_power(v, w, z);
        if (x != Py_NotImplemented) return x;
        Py_DECREF(x);
    }
    return ternary_op(v, w, z, NB_SLOT(nb_power), "**=");
}

/* ---------------- + and * with their sequence fallbacks ---------------- */

static PyObject *sequence_repeat(ssizeargfunc repeat, PyObject *seq, PyObject *n) {
    if (Py_TYPE(n)->tp_as_number == NULL || Py_TYPE(n)->tp_as_number->nb_index == NULL)
        return type_error("can't multiply sequence by non-int of type '%.200s'", n);
    Py_ssize_t count = PyNumber_AsSsize_t(n, PyExc_OverflowError);
    if (count == -1 && PyErr_Occurred()) return NULL;
    return repeat(seq, count);
}

PyObject *PyNumber_Add(PyObject *v, PyObject *w) {
    if (v == NULL || w == NULL) return null_error();
    PyObject *res = binary_op1(v, w, NB_SLOT(nb_add));
    if (res != Py_NotImplemented) return res;
    Py_DECREF(res);
    PySequenceMethods *m = Py_TYPE(v)->tp_as_sequence;
    if (m != NULL && m->sq_concat != NULL) return m->sq_concat(v, w);
    return binop_type_error(v, w, "+");
}

PyObject *PyNumber_Multiply(PyObject *v, PyObject *w) {
    if (v == NULL || w == NULL) return null_error();
    PyObject *res = binary_op1(v, w, NB_SLOT(nb_multiply));
    if (res != Py_NotImplemented) return res;
    Py_DECREF(res);
    PySequenceMethods *mv = Py_TYPE(v)->tp_as_sequence, *mw = Py_TYPE(w)->tp_as_sequence;
    if (mv != NULL && mv->sq_repeat != NULL) return sequence_repeat(mv->sq_repeat, v, w);
    if (mw != NULL && mw->sq_repeat != NULL) return sequence_repeat(mw->sq_repeat, w, v);
    return binop_type_error(v, w, "*");
}

PyObject *PyNumber_InPlaceAdd(PyObject *v, PyObject *w) {
    if (v == NULL || w == NULL) return null_error();
    PyObject *res = binary_iop1(v, w, NB_SLOT(nb_inplace_add), NB_SLOT(nb_add));
    if (res != Py_NotImplemented) return res;
    Py_DECREF(res);
    PySequenceMethods *m = Py_TYPE(v)->tp_as_sequence;
    if (m != NULL) {
        binaryfunc f = m->sq_inplace_concat != NULL ? m->sq_inplace_concat : m->sq_concat;
        if (f != NULL) return f(v, w);
    }
    return binop_type_error(v, w, "+=");
}

PyObject *PyNumber_InPlaceMultiply(PyObject *v, PyObject *w) {
    if (v == NULL || w == NULL) return null_error();
    PyObject *res = binary_iop1(v, w, NB_SLOT(nb_inplace_multiply), NB_SLOT(nb_multiply));
    if (res != Py_NotImplemented) return res;
    Py_DECREF(res);
    PySequenceMethods *mv = Py_TYPE(v)->tp_as_sequence, *mw = Py_TYPE(w)->tp_as_sequence;
    if (mv != NULL) {
        ssizeargfunc f = mv->sq_inplace_repeat != NULL ? mv->sq_inplace_repeat : mv->sq_repeat;
        if (f != NULL) return sequence_repeat(f, v, w);
    } else if (mw != NULL && mw->sq_repeat != NULL) {
        /* The right operand is not modified in place. */
        return sequence_repeat(mw->sq_repeat, w, v);
    }
    return binop_type_error(v, w, "*=");
}

PyObject *PySequence_Concat(PyObject *s, PyObject *o) {
    if (s == NULL || o == NULL) return null_error();
    PySequenceMethods *m = Py_TYPE(s)->tp_as_sequence;
    if (m != NULL && m->sq_concat != NULL) return m->sq_concat(s, o);
    /* Types defining only nb_add (classes with __add__) still concatenate
     * when both operands look like sequences. */
    if (PySequence_Check(s) && PySequence_Check(o)) {
        PyObject *res = binary_op1(s, o, NB_SLOT(nb_add));
        if (res != Py_NotImplemented) return res;
        Py_DECREF(res);
    }
    return type_error("'%.200s' object can't be concatenated", s);
}

PyObject *PySequence_Repeat(PyObject *o, Py_ssize_t count) {
    if (o == NULL) return null_error();
    PySequenceMethods *m = Py_TYPE(o)->tp_as_sequence;
    if (m != NULL && m->sq_repeat != NULL) return m->sq_repeat(o, count);
    if (PySequence_Check(o)) {
        PyObject *n = PyLong_FromSsize_t(count);
        if (n == NULL) return NULL;
        PyObject *res = binary_op1(o, n, NB_SLOT(nb_multiply));
        Py_DECREF(n);
        if (res != Py_NotImplemented) return res;
        Py_DECREF(res);
    }
    return type_error("'%.200s' object can't be repeated", o);
}

PyObject *PySequence_InPlaceConcat(PyObject *s, PyObject *o) {
    if (s == NULL || o == NULL) return null_error();
    PySequenceMethods *m = Py_TYPE(s)->tp_as_sequence;
    if (m != NULL && m->sq_inplace_concat != NULL) return m->sq_inplace_concat(s, o);
    if (m != NULL && m->sq_concat != NULL) return m->sq_concat(s, o);
    if (PySequence_Check(s) && PySequence_Check(o)) {
        PyObject *res = binary_iop1(s, o, NB_SLOT(nb_inplace_add), NB_SLOT(nb_add));
        if (res != Py_NotImplemented) return res;
        Py_DECREF(res);
    }
    return type_error("'%.200s' object can't be concatenated", s);
}

PyObject *PySequence_InPlaceRepeat(PyObject *o, Py_ssize_t count) {
    if (o == NULL) return null_error();
    PySequenceMethods *m = Py_TYPE(o)->tp_as_sequence;
    if (m != NULL && m->sq_inplace_repeat != NULL) return m->sq_inplace_repeat(o, count);
    if (m != NULL && m->sq_repeat != NULL) return m->sq_repeat(o, count);
    if (PySequence_Check(o)) {
        PyObject *n = PyLong_FromSsize_t(count);
        if (n == NULL) return NULL;
        PyObject *res = binary_iop1(o, n, NB_SLOT(nb_inplace_multiply), NB_SLOT(nb_multiply));
        Py_DECREF(n);
        if (res != Py_NotImplemented) return res;
        Py_DECREF(res);
    }
    return type_error("'%.200s' object can't be repeated", o);
}

/* ---------------- unary operators ---------------- */

#define UNARY_FUNC(func, slot, message) \
    PyObject *func(PyObject *o) { \
        if (o == NULL) return null_error(); \
        PyNumberMethods *m = Py_TYPE(o)->tp_as_number; \
        if (m != NULL && m->slot != NULL) return m->slot(o); \
        return type_error(message, o); \
    }

UNARY_FUNC(PyNumber_Negative, nb_negative, "bad operand type for unary -: '%.200s'")
UNARY_FUNC(PyNumber_Positive, nb_positive, "bad operand type for unary +: '%.200s'")
UNARY_FUNC(PyNumber_Invert, nb_invert, "bad operand type for unary ~: '%.200s'")
UNARY_FUNC(PyNumber_Absolute, nb_absolute, "bad operand type for abs(): '%.200s'")

/* ---------------- conversions ---------------- */

int PyNumber_Check(PyObject *o) {
    if (o == NULL) return 0;
    PyNumberMethods *nb = Py_TYPE(o)->tp_as_number;
    return nb != NULL && (nb->nb_index != NULL || nb->nb_int != NULL || nb->nb_float != NULL || PyComplex_Check(o));
}

int PyIndex_Check(PyObject *o) {
    PyNumberMethods *nb = Py_TYPE(o)->tp_as_number;
    return nb != NULL && nb->nb_index != NULL;
}

/* The result of __index__, an int or a subclass of int (warned about). */
PyObject *_PyNumber_Index(PyObject *item) {
    if (item == NULL) return null_error();
    if (PyLong_Check(item)) return Py_NewRef(item);
    if (!PyIndex_Check(item))
        return type_error("'%.200s' object cannot be interpreted as an integer", item);
    PyObject *res = Py_TYPE(item)->tp_as_number->nb_index(item);
    if (res == NULL || PyLong_CheckExact(res)) return res;
    if (!PyLong_Check(res)) {
        PyErr_Format(PyExc_TypeError, "__index__ returned non-int (type %.200s)", Py_TYPE(res)->tp_name);
        Py_DECREF(res);
        return NULL;
    }
    if (PyErr_WarnFormat(PyExc_DeprecationWarning, 1,
                         "__index__ returned non-int (type %.200s).  The ability to return an instance of a "
                         "strict subclass of int is deprecated, and may be removed in a future version of Python.",
                         Py_TYPE(res)->tp_name)) {
        Py_DECREF(res);
        return NULL;
    }
    return res;
}

PyObject *PyNumber_Index(PyObject *item) {
    PyObject *res = _PyNumber_Index(item);
    if (res != NULL && !PyLong_CheckExact(res)) Py_SETREF(res, _PyLong_Copy((PyLongObject *)res));
    return res;
}

Py_ssize_t PyNumber_AsSsize_t(PyObject *item, PyObject *err) {
    PyObject *value = _PyNumber_Index(item);
    if (value == NULL) return -1;
    Py_ssize_t res = PyLong_AsSsize_t(value);
    if (res == -1 && PyErr_Occurred() && PyErr_ExceptionMatches(PyExc_OverflowError)) {
        PyErr_Clear();
        if (err == NULL)
            res = _PyLong_Sign(value) < 0 ? PY_SSIZE_T_MIN : PY_SSIZE_T_MAX;
        else
            PyErr_Format(err, "cannot fit '%.200s' into an index-sized integer", Py_TYPE(item)->tp_name);
    }
    Py_DECREF(value);
    return res;
}

/* int(text) for the bytes of a bytes-like object (len bytes at s, followed
 * by a NUL). */
static PyObject *long_from_bytes(const char *s, Py_ssize_t len, int base) {
    char *end = NULL;
    PyObject *res = PyLong_FromString(s, &end, base);
    if (res == NULL && end == NULL) return NULL;
    if (res != NULL && end == s + len) return res;
    Py_XDECREF(res);
    PyErr_Clear();
    PyObject *shown = PyBytes_FromStringAndSize(s, Py_MIN(len, 200));
    if (shown != NULL) {
        PyErr_Format(PyExc_ValueError, "invalid literal for int() with base %d: %.200R", base, shown);
        Py_DECREF(shown);
    }
    return NULL;
}

/* A warning when a conversion slot returns a strict subclass, then an
 * exact copy. Steals `res`. */
static PyObject *exact_long(PyObject *res, const char *slot_name) {
    if (PyErr_WarnFormat(PyExc_DeprecationWarning, 1,
                         "%s returned non-int (type %.200s).  The ability to return an instance of a strict "
                         "subclass of int is deprecated, and may be removed in a future version of Python.",
                         slot_name, Py_TYPE(res)->tp_name)) {
        Py_DECREF(res);
        return NULL;
    }
    Py_SETREF(res, _PyLong_Copy((PyLongObject *)res));
    return res;
}

PyObject *PyNumber_Long(PyObject *o) {
    static PyObject *s_trunc;
    if (o == NULL) return null_error();
    if (PyLong_CheckExact(o)) return Py_NewRef(o);
    PyNumberMethods *m = Py_TYPE(o)->tp_as_number;
    if (m != NULL && m->nb_int != NULL) {
        PyObject *res = m->nb_int(o);
        if (res == NULL || PyLong_CheckExact(res)) return res;
        if (!PyLong_Check(res)) {
            PyErr_Format(PyExc_TypeError, "__int__ returned non-int (type %.200s)", Py_TYPE(res)->tp_name);
            Py_DECREF(res);
            return NULL;
        }
        return exact_long(res, "__int__");
    }
    if (m != NULL && m->nb_index != NULL) return PyNumber_Index(o);
    PyObject *trunc = _PyObject_LookupSpecial(o, cached_name(&s_trunc, "__trunc__"));
    if (trunc != NULL) {
        if (PyErr_WarnEx(PyExc_DeprecationWarning, "The delegation of int() to __trunc__ is deprecated.", 1)) {
            Py_DECREF(trunc);
            return NULL;
        }
        PyObject *res = PyObject_CallNoArgs(trunc);
        Py_DECREF(trunc);
        if (res == NULL || PyLong_CheckExact(res)) return res;
        if (PyLong_Check(res)) {
            Py_SETREF(res, _PyLong_Copy((PyLongObject *)res));
            return res;
        }
        if (!PyIndex_Check(res)) {
            PyErr_Format(PyExc_TypeError, "__trunc__ returned non-Integral (type %.200s)", Py_TYPE(res)->tp_name);
            Py_DECREF(res);
            return NULL;
        }
        Py_SETREF(res, PyNumber_Index(res));
        return res;
    }
    if (PyErr_Occurred()) return NULL;
    if (PyUnicode_Check(o)) return PyLong_FromUnicodeObject(o, 10);
    if (PyBytes_Check(o)) return long_from_bytes(PyBytes_AS_STRING(o), PyBytes_GET_SIZE(o), 10);
    if (PyByteArray_Check(o)) return long_from_bytes(PyByteArray_AS_STRING(o), PyByteArray_GET_SIZE(o), 10);
    Py_buffer view;
    if (PyObject_GetBuffer(o, &view, PyBUF_SIMPLE) == 0) {
        /* Copy to get the terminating NUL PyLong_FromString needs. */
        PyObject *bytes = PyBytes_FromStringAndSize((const char *)view.buf, view.len);
        PyObject *res = NULL;
        if (bytes != NULL) res = long_from_bytes(PyBytes_AS_STRING(bytes), PyBytes_GET_SIZE(bytes), 10);
        Py_XDECREF(bytes);
        PyBuffer_Release(&view);
        return res;
    }
    /* Replaces the TypeError of PyObject_GetBuffer. */
    return type_error("int() argument must be a string, a bytes-like object or a real number, not '%.200s'", o);
}

PyObject *PyNumber_Float(PyObject *o) {
    if (o == NULL) return null_error();
    if (PyFloat_CheckExact(o)) return Py_NewRef(o);
    PyNumberMethods *m = Py_TYPE(o)->tp_as_number;
    if (m != NULL && m->nb_float != NULL) {
        PyObject *res = m->nb_float(o);
        if (res == NULL || PyFloat_CheckExact(res)) return res;
        if (!PyFloat_Check(res)) {
            PyErr_Format(PyExc_TypeError, "%.50s.__float__ returned non-float (type %.50s)", Py_TYPE(o)->tp_name,
                         Py_TYPE(res)->tp_name);
            Py_DECREF(res);
            return NULL;
        }
        if (PyErr_WarnFormat(PyExc_DeprecationWarning, 1,
                             "%.50s.__float__ returned non-float (type %.50s).  The ability to return an instance "
                             "of a strict subclass of float is deprecated, and may be removed in a future version "
                             "of Python.",
                             Py_TYPE(o)->tp_name, Py_TYPE(res)->tp_name)) {
            Py_DECREF(res);
            return NULL;
        }
        double val = PyFloat_AS_DOUBLE(res);
        Py_DECREF(res);
        return PyFloat_FromDouble(val);
    }
    if (m != NULL && m->nb_index != NULL) {
        PyObject *i = _PyNumber_Index(o);
        if (i == NULL) return NULL;
        double val = PyLong_AsDouble(i);
        Py_DECREF(i);
        if (val == -1.0 && PyErr_Occurred()) return NULL;
        return PyFloat_FromDouble(val);
    }
    /* A float subclass without nb_float. */
    if (PyFloat_Check(o)) return PyFloat_FromDouble(PyFloat_AS_DOUBLE(o));
    return PyFloat_FromString(o);
}

PyObject *PyNumber_ToBase(PyObject *n, int base) {
    if (base != 2 && base != 8 && base != 10 && base != 16) {
        PyErr_SetString(PyExc_SystemError, "PyNumber_ToBase: base must be 2, 8, 10 or 16");
        return NULL;
    }
    PyObject *index = _PyNumber_Index(n);
    if (index == NULL) return NULL;
    PyObject *res = _PyLong_Format(index, base);
    Py_DECREF(index);
    return res;
}
