/* structmember.c: reading and writing C struct fields described by a
 * PyMemberDef (the T_* codes), as member descriptors do.
 *
 * Invariants:
 * - PyMember_GetOne returns a new reference (or NULL with an error set);
 *   `obj_addr` is the object itself, the field is at obj_addr + offset.
 * - PyMember_SetOne(addr, def, v) stores into addr + offset; v is borrowed
 *   (NULL means delete). T_OBJECT / T_OBJECT_EX fields own their reference:
 *   the new value is increfed before the old one is released.
 * - Integer stores follow CPython 3.11: out-of-range values for the small C
 *   types are truncated with a RuntimeWarning, T_UINT / T_ULONG accept
 *   negative values (with a warning), the rest raise OverflowError. */
#include "internal.h"

PyObject *PyMember_GetOne(const char *obj_addr, PyMemberDef *l) {
    const char *addr = obj_addr + l->offset;
    PyObject *v;
    switch (l->type) {
    case T_BOOL: return PyBool_FromLong(*(const char *)addr);
    case T_BYTE: return PyLong_FromLong(*(const signed char *)addr);
    case T_UBYTE: return PyLong_FromUnsignedLong(*(const unsigned char *)addr);
    case T_SHORT: return PyLong_FromLong(*(const short *)addr);
    case T_USHORT: return PyLong_FromUnsignedLong(*(const unsigned short *)addr);
    case T_INT: return PyLong_FromLong(*(const int *)addr);
    case T_UINT: return PyLong_FromUnsignedLong(*(const unsigned int *)addr);
    case T_LONG: return PyLong_FromLong(*(const long *)addr);
    case T_ULONG: return PyLong_FromUnsignedLong(*(const unsigned long *)addr);
    case T_PYSSIZET: return PyLong_FromSsize_t(*(const Py_ssize_t *)addr);
    case T_LONGLONG: return PyLong_FromLongLong(*(const long long *)addr);
    case T_ULONGLONG: return PyLong_FromUnsignedLongLong(*(const unsigned long long *)addr);
    case T_FLOAT: return PyFloat_FromDouble((double)*(const float *)addr);
    case T_DOUBLE: return PyFloat_FromDouble(*(const double *)addr);
    case T_STRING: {
        const char *s = *(char *const *)addr;
        if (s == NULL) Py_RETURN_NONE;
        return PyUnicode_FromString(s);
    }
    case T_STRING_INPLACE: return PyUnicode_FromString(addr);
    case T_CHAR: return PyUnicode_FromStringAndSize(addr, 1);
    case T_OBJECT:
        v = *(PyObject *const *)addr;
        return Py_NewRef(v != NULL ? v : Py_None);
    case T_OBJECT_EX:
        v = *(PyObject *const *)addr;
        if (v == NULL) {
            PyErr_Format(PyExc_AttributeError, "'%.200s' object has no attribute '%s'",
                         Py_TYPE((PyObject *)obj_addr)->tp_name, l->name);
            return NULL;
        }
        return Py_NewRef(v);
    case T_NONE: Py_RETURN_NONE;
    default:
        PyErr_SetString(PyExc_SystemError, "bad memberdescr type");
        return NULL;
    }
}

static int truncation_warning(const char *msg) { return PyErr_WarnEx(PyExc_RuntimeWarning, msg, 1); }

/* The value of `v` as a C long for the small integer types: -1 with an
 * error set on failure (*ok = 0). */
static long small_int(PyObject *v, int *ok) {
    long x = PyLong_AsLong(v);
    *ok = !(x == -1 && PyErr_Occurred());
    return x;
}

/* T_UINT / T_ULONG: an unsigned long, or (for compatibility) a negative C
 * long reinterpreted, with *negative set. Returns 0, or -1 with an error. */
static int unsigned_field(PyObject *v, unsigned long *out, int *negative) {
    *negative = 0;
    unsigned long u = PyLong_AsUnsignedLong(v);
    if (u == (unsigned long)-1 && PyErr_Occurred()) {
        PyErr_Clear();
        long x = PyLong_AsLong(v);
        if (x == -1 && PyErr_Occurred()) return -1;
        u = (unsigned long)x;
        *negative = 1;
    }
    *out = u;
    return 0;
}

int PyMember_SetOne(char *addr, PyMemberDef *l, PyObject *v) {
    addr += l->offset;
    if (l->flags & READONLY) {
        PyErr_SetString(PyExc_AttributeError, "readonly attribute");
        return -1;
    }
    if (v == NULL) {
        if (l->type == T_OBJECT_EX) {
            if (*(PyObject **)addr == NULL) {
                PyErr_SetString(PyExc_AttributeError, l->name);
                return -1;
            }
        } else if (l->type != T_OBJECT) {
            PyErr_SetString(PyExc_TypeError, "can't delete numeric/char attribute");
            return -1;
        }
    }
    int ok;
    long x;
    switch (l->type) {
    case T_BOOL:
        if (!PyBool_Check(v)) {
            PyErr_SetString(PyExc_TypeError, "attribute value type must be bool");
            return -1;
        }
        *(char *)addr = (char)(v == Py_True);
        return 0;
    case T_BYTE:
        x = small_int(v, &ok);
        if (!ok) return -1;
        *(signed char *)addr = (signed char)x;
        if (x > SCHAR_MAX || x < SCHAR_MIN) return truncation_warning("Truncation of value to char");
        return 0;
    case T_UBYTE:
        x = small_int(v, &ok);
        if (!ok) return -1;
        *(unsigned char *)addr = (unsigned char)x;
        if (x > UCHAR_MAX || x < 0) return truncation_warning("Truncation of value to unsigned char");
        return 0;
    case T_SHORT:
        x = small_int(v, &ok);
        if (!ok) return -1;
        *(short *)addr = (short)x;
        if (x > SHRT_MAX || x < SHRT_MIN) return truncation_warning("Truncation of value to short");
        return 0;
    case T_USHORT:
        x = small_int(v, &ok);
        if (!ok) return -1;
        *(unsigned short *)addr = (unsigned short)x;
        if (x > USHRT_MAX || x < 0) return truncation_warning("Truncation of value to unsigned short");
        return 0;
    case T_INT:
        x = small_int(v, &ok);
        if (!ok) return -1;
        *(int *)addr = (int)x;
        if (x > INT_MAX || x < INT_MIN) return truncation_warning("Truncation of value to int");
        return 0;
    case T_UINT: {
        unsigned long u;
        int negative;
        if (unsigned_field(v, &u, &negative) < 0) return -1;
        *(unsigned int *)addr = (unsigned int)u;
        if (negative && truncation_warning("Writing negative value into unsigned field") < 0) return -1;
        if (u > UINT_MAX) return truncation_warning("Truncation of value to unsigned int");
        return 0;
    }
    case T_LONG:
        /* As in CPython, a failed conversion leaves -1 in the field. */
        x = PyLong_AsLong(v);
        *(long *)addr = x;
        return x == -1 && PyErr_Occurred() ? -1 : 0;
    case T_ULONG: {
        unsigned long u;
        int negative;
        if (unsigned_field(v, &u, &negative) < 0) {
            *(unsigned long *)addr = (unsigned long)-1;
            return -1;
        }
        *(unsigned long *)addr = u;
        if (negative) return truncation_warning("Writing negative value into unsigned field");
        return 0;
    }
    case T_PYSSIZET: {
        Py_ssize_t n = PyLong_AsSsize_t(v);
        *(Py_ssize_t *)addr = n;
        return n == -1 && PyErr_Occurred() ? -1 : 0;
    }
    case T_FLOAT: {
        double d = PyFloat_AsDouble(v);
        if (d == -1.0 && PyErr_Occurred()) return -1;
        *(float *)addr = (float)d;
        return 0;
    }
    case T_DOUBLE: {
        double d = PyFloat_AsDouble(v);
        *(double *)addr = d;
        return d == -1.0 && PyErr_Occurred() ? -1 : 0;
    }
    case T_OBJECT:
    case T_OBJECT_EX: {
        PyObject *old = *(PyObject **)addr;
        *(PyObject **)addr = Py_XNewRef(v);
        Py_XDECREF(old);
        return 0;
    }
    case T_CHAR: {
        Py_ssize_t len;
        const char *s = PyUnicode_AsUTF8AndSize(v, &len);
        if (s == NULL || len != 1) {
            PyErr_BadArgument();
            return -1;
        }
        *addr = s[0];
        return 0;
    }
    case T_STRING:
    case T_STRING_INPLACE:
        PyErr_SetString(PyExc_TypeError, "readonly attribute");
        return -1;
    case T_LONGLONG: {
        long long ll = PyLong_AsLongLong(v);
        *(long long *)addr = ll;
        return ll == -1 && PyErr_Occurred() ? -1 : 0;
    }
    case T_ULONGLONG: {
        unsigned long long ull;
        if (PyLong_Check(v))
            ull = PyLong_AsUnsignedLongLong(v);
        else
            ull = (unsigned long long)PyLong_AsLong(v);
        *(unsigned long long *)addr = ull;
        return ull == (unsigned long long)-1 && PyErr_Occurred() ? -1 : 0;
    }
    default:
        PyErr_Format(PyExc_SystemError, "bad memberdescr type for %s", l->name);
        return -1;
    }
}
