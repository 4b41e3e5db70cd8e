/* floatobject.c: the float type -- construction (from doubles, strings and
 * numbers), repr, exact comparison with ints, hashing, the arithmetic
 * slots with Python's floor-division and power rules, the float methods,
 * and the IEEE pack/unpack helpers (PyFloat_Pack2/4/8, Unpack2/4/8).
 *
 * Ownership: a float owns nothing but its inline double; every function
 * returning an object returns a new reference or NULL with an error set.
 * Arithmetic slots accept floats and ints (converted with PyLong_AsDouble,
 * whose OverflowError propagates) and return NotImplemented otherwise. */
#include "long_internal.h"

PyObject *PyFloat_FromDouble(double v) {
    PyFloatObject *op = (PyFloatObject *)PyObject_Malloc(sizeof(PyFloatObject));
    if (op == NULL) return PyErr_NoMemory();
    _cpx_setup_object((PyObject *)op, &PyFloat_Type);
    op->ob_fval = v;
    return (PyObject *)op;
}

double PyFloat_AsDouble(PyObject *op) {
    if (op == NULL) {
        PyErr_BadArgument();
        return -1.0;
    }
    if (PyFloat_Check(op)) return PyFloat_AS_DOUBLE(op);
    PyNumberMethods *nb = Py_TYPE(op)->tp_as_number;
    if (nb == NULL || nb->nb_float == NULL) {
        if (nb != NULL && nb->nb_index != NULL) {
            PyObject *i = PyNumber_Index(op);
            if (i == NULL) return -1.0;
            double r = PyLong_AsDouble(i);
            Py_DECREF(i);
            return r;
        }
        PyErr_Format(PyExc_TypeError, "must be real number, not %.50s", Py_TYPE(op)->tp_name);
        return -1.0;
    }
    PyObject *res = nb->nb_float(op);
    if (res == NULL) return -1.0;
    if (!PyFloat_CheckExact(res)) {
        if (!PyFloat_Check(res)) {
            PyErr_Format(PyExc_TypeError, "%.50s.__float__ returned non-float (type %.50s)",
                         Py_TYPE(op)->tp_name, Py_TYPE(res)->tp_name);
            Py_DECREF(res);
            return -1.0;
        }
        if (PyErr_WarnFormat(PyExc_DeprecationWarning, 1,
                "%.50s.__float__ returned non-float (type %.50s).  The ability to return an instance "
                "of a strict subclass of float is deprecated, and may be removed in a future version "
                "of Python.", Py_TYPE(op)->tp_name, Py_TYPE(res)->tp_name) < 0) {
            Py_DECREF(res);
            return -1.0;
        }
    }
    double v = PyFloat_AS_DOUBLE(res);
    Py_DECREF(res);
    return v;
}

double PyFloat_GetMax(void) { return DBL_MAX; }
double PyFloat_GetMin(void) { return DBL_MIN; }

PyObject *PyFloat_GetInfo(void) {
    /* sys.float_info's fields, as a plain tuple */
    return Py_BuildValue("(diidiiiidii)", DBL_MAX, DBL_MAX_EXP, DBL_MAX_10_EXP, DBL_MIN, DBL_MIN_EXP,
                         DBL_MIN_10_EXP, DBL_DIG, DBL_MANT_DIG, DBL_EPSILON, FLT_RADIX, FLT_ROUNDS);
}

/* ---------------- text -> float ---------------- */

/* s[0..len) NUL-terminated: strip spaces, parse the whole rest. */
static PyObject *float_from_ascii(const char *s, Py_ssize_t len, PyObject *obj) {
    const char *last = s + len;
    while (s < last && Py_ISSPACE(Py_CHARMASK(*s))) s++;
    if (s == last) goto bad;
    while (s < last - 1 && Py_ISSPACE(Py_CHARMASK(last[-1]))) last--;
    char *end;
    double x = PyOS_string_to_double(s, &end, NULL);
    if (end != last) {
        PyErr_Clear();
        goto bad;
    }
    if (x == -1.0 && PyErr_Occurred()) return NULL;
    return PyFloat_FromDouble(x);
bad:
    PyErr_Format(PyExc_ValueError, "could not convert string to float: %R", obj);
    return NULL;
}

PyObject *PyFloat_FromString(PyObject *v) {
    const char *s;
    Py_ssize_t len;
    char *ascii = NULL;
    PyObject *copy = NULL;
    Py_buffer view = {NULL, NULL, 0, 0, 0, 0, NULL, NULL, NULL, NULL, NULL};
    if (PyUnicode_Check(v)) {
        s = ascii = _cpx_unicode_number_ascii(v, &len);
        if (ascii == NULL) return NULL;
    } else if (PyBytes_Check(v)) {
        s = PyBytes_AS_STRING(v);
        len = PyBytes_GET_SIZE(v);
    } else if (PyByteArray_Check(v)) {
        s = PyByteArray_AS_STRING(v);
        len = PyByteArray_GET_SIZE(v);
    } else if (PyObject_CheckBuffer(v) && PyObject_GetBuffer(v, &view, PyBUF_SIMPLE) == 0) {
        copy = PyBytes_FromStringAndSize((const char *)view.buf, view.len);
        PyBuffer_Release(&view);
        if (copy == NULL) return NULL;
        s = PyBytes_AS_STRING(copy);
        len = PyBytes_GET_SIZE(copy);
    } else {
        PyErr_Format(PyExc_TypeError, "float() argument must be a string or a real number, not '%.200s'",
                     Py_TYPE(v)->tp_name);
        return NULL;
    }
    PyObject *result;
    if (memchr(s, '_', (size_t)len) == NULL) {
        result = float_from_ascii(s, len, v);
    } else {
        int bad;
        char *dup = _cpx_strip_underscores(s, len, &bad);
        if (dup != NULL) {
            result = float_from_ascii(dup, (Py_ssize_t)strlen(dup), v);
            PyMem_Free(dup);
        } else {
            result = NULL;
            if (bad) PyErr_Format(PyExc_ValueError, "could not convert string to float: %R", v);
        }
    }
    PyMem_Free(ascii);
    Py_XDECREF(copy);
    return result;
}

/* ---------------- repr, hash, comparison ---------------- */

static PyObject *float_repr(PyObject *v) {
    char *buf = PyOS_double_to_string(PyFloat_AS_DOUBLE(v), 'r', 0, Py_DTSF_ADD_DOT_0, NULL);
    if (buf == NULL) return NULL;
    PyObject *r = PyUnicode_FromString(buf);
    PyMem_Free(buf);
    return r;
}

static Py_hash_t float_hash(PyObject *v) { return _Py_HashDouble(v, PyFloat_AS_DOUBLE(v)); }

/* -1, 0, 1 comparing the finite double x with the int w, exactly */
static int compare_with_int(double x, PyObject *w, int *err) {
    *err = 0;
    if (_PyLong_NumBits(w) <= DBL_MANT_DIG) {
        double y = PyLong_AsDouble(w);
        return x < y ? -1 : x > y;
    }
    double ipart, fpart = modf(x, &ipart);
    PyObject *iv = PyLong_FromDouble(ipart);
    if (iv == NULL) {
        *err = 1;
        return 0;
    }
    int c = _cpx_long_compare((PyLongObject *)iv, (PyLongObject *)w);
    Py_DECREF(iv);
    if (c == 0) c = fpart < 0 ? -1 : fpart > 0;
    return c;
}

static PyObject *float_richcompare(PyObject *v, PyObject *w, int op) {
    if (!PyFloat_Check(v)) Py_RETURN_NOTIMPLEMENTED;
    double i = PyFloat_AS_DOUBLE(v), j;
    if (PyFloat_Check(w)) {
        j = PyFloat_AS_DOUBLE(w);
    } else if (PyLong_Check(w)) {
        if (!isfinite(i)) {
            j = 0.0;   /* inf and nan compare with any int as with 0 */
        } else {
            int err, c = compare_with_int(i, w, &err);
            if (err) return NULL;
            i = (double)c;
            j = 0.0;
        }
    } else {
        Py_RETURN_NOTIMPLEMENTED;
    }
    int r;
    switch (op) {
    case Py_EQ: r = i == j; break;
    case Py_NE: r = i != j; break;
    case Py_LT: r = i < j; break;
    case Py_LE: r = i <= j; break;
    case Py_GT: r = i > j; break;
    default: r = i >= j; break;
    }
    return PyBool_FromLong(r);
}

/* ---------------- arithmetic ---------------- */

/* 1: converted; 0: not a float or int; -1: error (int too large) */
static int as_double(PyObject *o, double *out) {
    if (PyFloat_Check(o)) {
        *out = PyFloat_AS_DOUBLE(o);
        return 1;
    }
    if (PyLong_Check(o)) {
        *out = PyLong_AsDouble(o);
        return (*out == -1.0 && PyErr_Occurred()) ? -1 : 1;
    }
    return 0;
}

#define CONVERT_BOTH(v, w, a, b) do { \
    int rc_ = as_double(v, &a); \
    if (rc_ <= 0) { if (rc_ < 0) return NULL; Py_RETURN_NOTIMPLEMENTED; } \
    rc_ = as_double(w, &b); \
    if (rc_ <= 0) { if (rc_ < 0) return NULL; Py_RETURN_NOTIMPLEMENTED; } } while (0)

static PyObject *float_add(PyObject *v, PyObject *w) {
    double a, b;
    CONVERT_BOTH(v, w, a, b);
    return PyFloat_FromDouble(a + b);
}
static PyObject *float_sub(PyObject *v, PyObject *w) {
    double a, b;
    CONVERT_BOTH(v, w, a, b);
    return PyFloat_FromDouble(a - b);
}
static PyObject *float_mul(PyObject *v, PyObject *w) {
    double a, b;
    CONVERT_BOTH(v, w, a, b);
    return PyFloat_FromDouble(a * b);
}
static PyObject *float_div(PyObject *v, PyObject *w) {
    double a, b;
    CONVERT_BOTH(v, w, a, b);
    if (b == 0.0) {
        PyErr_SetString(PyExc_ZeroDivisionError, "float division by zero");
        return NULL;
    }
    return PyFloat_FromDouble(a / b);
}

static PyObject *float_rem(PyObject *v, PyObject *w) {
    double a, b;
    CONVERT_BOTH(v, w, a, b);
    if (b == 0.0) {
        PyErr_SetString(PyExc_ZeroDivisionError, "float modulo");
        return NULL;
    }
    double mod = fmod(a, b);
    if (mod != 0.0) {
        if ((b < 0) != (mod < 0)) mod += b;
    } else {
        mod = copysign(0.0, b);
    }
    return PyFloat_FromDouble(mod);
}

/* Python's floor division and modulo of doubles, b != 0 */
static void float_floor_divmod(double a, double b, double *pdiv, double *pmod) {
    double mod = fmod(a, b), div = (a - mod) / b, floordiv;
    if (mod != 0.0) {
        if ((b < 0) != (mod < 0)) {
            mod += b;
            div -= 1.0;
        }
    } else {
        mod = copysign(0.0, b);
    }
    if (div != 0.0) {
        floordiv = floor(div);
        if (div - floordiv > 0.5) floordiv += 1.0;
    } else {
        floordiv = copysign(0.0, a / b);
    }
    *pdiv = floordiv;
    *pmod = mod;
}

static PyObject *float_divmod(PyObject *v, PyObject *w) {
    double a, b, d, m;
    CONVERT_BOTH(v, w, a, b);
    if (b == 0.0) {
        PyErr_SetString(PyExc_ZeroDivisionError, "float divmod()");
        return NULL;
    }
    float_floor_divmod(a, b, &d, &m);
    return Py_BuildValue("(dd)", d, m);
}

static PyObject *float_floor_div(PyObject *v, PyObject *w) {
    double a, b, d, m;
    CONVERT_BOTH(v, w, a, b);
    if (b == 0.0) {
        PyErr_SetString(PyExc_ZeroDivisionError, "float floor division by zero");
        return NULL;
    }
    float_floor_divmod(a, b, &d, &m);
    return PyFloat_FromDouble(d);
}

static int is_odd_integer(double x) { return fmod(fabs(x), 2.0) == 1.0; }

static PyObject *float_pow(PyObject *v, PyObject *w, PyObject *z) {
    if (z != Py_None) {
        PyErr_SetString(PyExc_TypeError, "pow() 3rd argument not allowed unless all arguments are integers");
        return NULL;
    }
    double iv, iw;
    CONVERT_BOTH(v, w, iv, iw);
    if (iw == 0.0) return PyFloat_FromDouble(1.0);
    if (isnan(iv)) return PyFloat_FromDouble(iv == 1.0 ? 1.0 : iv);
    if (isnan(iw)) return PyFloat_FromDouble(iv == 1.0 ? 1.0 : iw);
    if (isinf(iw)) {
        iv = fabs(iv);
        if (iv == 1.0) return PyFloat_FromDouble(1.0);
        return PyFloat_FromDouble((iw > 0.0) == (iv > 1.0) ? fabs(iw) : 0.0);
    }
    if (isinf(iv)) {
        int odd = is_odd_integer(iw);
        if (iw > 0.0) return PyFloat_FromDouble(odd ? iv : fabs(iv));
        return PyFloat_FromDouble(odd ? copysign(0.0, iv) : 0.0);
    }
    if (iv == 0.0) {
        if (iw < 0.0) {
            PyErr_SetString(PyExc_ZeroDivisionError, "0.0 cannot be raised to a negative power");
            return NULL;
        }
        return PyFloat_FromDouble(is_odd_integer(iw) ? iv : 0.0);
    }
    int negate = 0;
    if (iv < 0.0) {
        if (iw != floor(iw)) return PyComplex_Type.tp_as_number->nb_power(v, w, z);
        iv = -iv;
        negate = is_odd_integer(iw);
    }
    if (iv == 1.0) return PyFloat_FromDouble(negate ? -1.0 : 1.0);
    double ix = pow(iv, iw);
    if (isinf(ix)) {
        errno = ERANGE;
        PyErr_SetFromErrno(PyExc_OverflowError);
        return NULL;
    }
    return PyFloat_FromDouble(negate ? -ix : ix);
}

static PyObject *float_neg(PyObject *v) { return PyFloat_FromDouble(-PyFloat_AS_DOUBLE(v)); }
static PyObject *float_abs(PyObject *v) { return PyFloat_FromDouble(fabs(PyFloat_AS_DOUBLE(v))); }
static int float_bool(PyObject *v) { return PyFloat_AS_DOUBLE(v) != 0.0; }

static PyObject *float_float(PyObject *v) {
    if (PyFloat_CheckExact(v)) return Py_NewRef(v);
    return PyFloat_FromDouble(PyFloat_AS_DOUBLE(v));
}

static PyObject *float_trunc(PyObject *v) { return PyLong_FromDouble(trunc(PyFloat_AS_DOUBLE(v))); }

/* ---------------- float() ---------------- */

static PyObject *float_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    if (kwds != NULL && PyDict_GET_SIZE(kwds) != 0) {
        PyErr_SetString(PyExc_TypeError, "float() takes no keyword arguments");
        return NULL;
    }
    Py_ssize_t n = PyTuple_GET_SIZE(args);
    if (n > 1) {
        PyErr_Format(PyExc_TypeError, "float expected at most 1 argument, got %zd", n);
        return NULL;
    }
    PyObject *r;
    if (n == 0) r = PyFloat_FromDouble(0.0);
    else {
        PyObject *x = PyTuple_GET_ITEM(args, 0);
        r = PyUnicode_CheckExact(x) ? PyFloat_FromString(x) : PyNumber_Float(x);
    }
    if (r == NULL || type == &PyFloat_Type) return r;
    PyObject *sub = type->tp_alloc(type, 0);
    if (sub != NULL) ((PyFloatObject *)sub)->ob_fval = PyFloat_AS_DOUBLE(r);
    Py_DECREF(r);
    return sub;
}

/* ---------------- methods ---------------- */

static PyObject *float_is_integer(PyObject *v, PyObject *Py_UNUSED(ignored)) {
    double x = PyFloat_AS_DOUBLE(v);
    return PyBool_FromLong(isfinite(x) && floor(x) == x);
}

static PyObject *float_as_integer_ratio(PyObject *v, PyObject *Py_UNUSED(ignored)) {
    double x = PyFloat_AS_DOUBLE(v);
    if (isinf(x)) {
        PyErr_SetString(PyExc_OverflowError, "cannot convert Infinity to integer ratio");
        return NULL;
    }
    if (isnan(x)) {
        PyErr_SetString(PyExc_ValueError, "cannot convert NaN to integer ratio");
        return NULL;
    }
    int e;
    double m = frexp(x, &e);
    for (int i = 0; i < 300 && m != floor(m); i++) {
        m *= 2.0;
        e--;
    }
    PyObject *num = PyLong_FromDouble(m), *den = NULL, *res = NULL;
    if (num == NULL) return NULL;
    if (e >= 0) {
        Py_SETREF(num, _cpx_long_lshift_bits((PyLongObject *)num, (size_t)e));
        den = _cpx_small_int(1);
    } else {
        PyObject *one = _cpx_small_int(1);
        den = _cpx_long_lshift_bits((PyLongObject *)one, (size_t)-e);
        Py_DECREF(one);
    }
    if (num != NULL && den != NULL) res = PyTuple_Pack(2, num, den);
    Py_XDECREF(num);
    Py_XDECREF(den);
    return res;
}

static PyObject *float_trunc_m(PyObject *v, PyObject *Py_UNUSED(ignored)) { return float_trunc(v); }
static PyObject *float_floor_m(PyObject *v, PyObject *Py_UNUSED(ignored)) {
    return PyLong_FromDouble(floor(PyFloat_AS_DOUBLE(v)));
}
static PyObject *float_ceil_m(PyObject *v, PyObject *Py_UNUSED(ignored)) {
    return PyLong_FromDouble(ceil(PyFloat_AS_DOUBLE(v)));
}
static PyObject *float_conjugate(PyObject *v, PyObject *Py_UNUSED(ignored)) { return float_float(v); }

static PyObject *float_getnewargs(PyObject *v, PyObject *Py_UNUSED(ignored)) {
    return Py_BuildValue("(d)", PyFloat_AS_DOUBLE(v));
}

/* x rounded to ndigits decimal places, ties to even on the exact binary
 * value (as CPython's correctly rounded round()); *overflow set when the
 * result is too large for a double. */
static double round_exact(double x, int ndigits, int *overflow) {
    char buf[1500], digits[1500], num[1520];
    *overflow = 0;
    if (!isfinite(x) || x == 0.0) return x;
    snprintf(buf, sizeof buf, "%.1100f", fabs(x));   /* exact expansion */
    int n = 0, nint = 0, point = 0;
    for (const char *p = buf; *p; p++) {
        if (Py_ISDIGIT(*p)) {
            digits[n++] = *p;
            if (!point) nint++;
        } else {
            point = 1;
        }
    }
    long keep = (long)nint + ndigits;   /* digits[0..keep) stay */
    if (keep >= n) return x;
    if (keep < 0) return copysign(0.0, x);
    int up;
    if (digits[keep] != '5') {
        up = digits[keep] > '5';
    } else {
        int rest = 0;
        for (int i = (int)keep + 1; i < n && !rest; i++) rest = digits[i] != '0';
        up = rest || (keep > 0 && ((digits[keep - 1] - '0') & 1));
    }
    /* the kept digits count units of 10**(nint - keep); a carry out of the
       top just adds a leading 1 at the same scale */
    int len = (int)keep;
    char *d = digits;
    if (up) {
        int i = len - 1;
        while (i >= 0 && d[i] == '9') d[i--] = '0';
        if (i >= 0) {
            d[i]++;
        } else {
            memmove(d + 1, d, (size_t)len);
            d[0] = '1';
            len++;
        }
    }
    if (len == 0) return copysign(0.0, x);
    d[len] = '\0';
    snprintf(num, sizeof num, "%se%ld", d, (long)nint - keep);
    double r = strtod(num, NULL);
    if (isinf(r)) *overflow = 1;
    return copysign(r, x);
}

static PyObject *float_round(PyObject *v, PyObject *args) {
    PyObject *o_ndigits = NULL;
    if (!PyArg_UnpackTuple(args, "__round__", 0, 1, &o_ndigits)) return NULL;
    double x = PyFloat_AS_DOUBLE(v);
    if (o_ndigits == NULL || o_ndigits == Py_None) {
        double r = round(x);
        if (fabs(x - r) == 0.5) r = 2.0 * round(x / 2.0);   /* ties to even */
        return PyLong_FromDouble(r);
    }
    Py_ssize_t nd = PyNumber_AsSsize_t(o_ndigits, NULL);
    if (nd == -1 && PyErr_Occurred()) return NULL;
    if (nd > 323) return PyFloat_FromDouble(x);
    if (nd < -308) return PyFloat_FromDouble(0.0 * x);
    int overflow;
    double r = round_exact(x, (int)nd, &overflow);
    if (overflow) {
        PyErr_SetString(PyExc_OverflowError, "rounded value too large to represent");
        return NULL;
    }
    return PyFloat_FromDouble(r);
}

static PyObject *float_getformat(PyObject *cls, PyObject *arg) {
    if (!PyUnicode_Check(arg)) {
        PyErr_Format(PyExc_TypeError, "__getformat__() argument must be str, not %.50s", Py_TYPE(arg)->tp_name);
        return NULL;
    }
    if (!_PyUnicode_EqualToASCIIString(arg, "double") && !_PyUnicode_EqualToASCIIString(arg, "float")) {
        PyErr_SetString(PyExc_ValueError, "__getformat__() argument 1 must be 'double' or 'float'");
        return NULL;
    }
    return PyUnicode_FromString("IEEE, little-endian");
}

static PyMethodDef float_methods[] = {
    {"conjugate", float_conjugate, METH_NOARGS, "Return self, the complex conjugate of any float."},
    {"__trunc__", float_trunc_m, METH_NOARGS, "Return the Integral closest to x between 0 and x."},
    {"__floor__", float_floor_m, METH_NOARGS, "Return the floor as an Integral."},
    {"__ceil__", float_ceil_m, METH_NOARGS, "Return the ceiling as an Integral."},
    {"__round__", float_round, METH_VARARGS, "Return the Integral closest to x, rounding half toward even."},
    {"as_integer_ratio", float_as_integer_ratio, METH_NOARGS, "Return integer ratio."},
    {"is_integer", float_is_integer, METH_NOARGS, "Return True if the float is an integer."},
    {"hex", _cpx_float_hex, METH_NOARGS, "Return a hexadecimal representation of a floating-point number."},
    {"fromhex", _cpx_float_fromhex, METH_O | METH_CLASS, "Create a floating-point number from a hexadecimal string."},
    {"__getnewargs__", float_getnewargs, METH_NOARGS, NULL},
    {"__getformat__", float_getformat, METH_O | METH_CLASS, "You probably don't want to use this function."},
    {"__format__", _cpx_float_format_method, METH_O, "Formats the number according to format_spec."},
    {NULL, NULL, 0, NULL}
};

static PyObject *float_get_real(PyObject *v, void *c) { return float_float(v); }
static PyObject *float_get_imag(PyObject *v, void *c) { return PyFloat_FromDouble(0.0); }

static PyGetSetDef float_getset[] = {
    {"real", float_get_real, NULL, "the real part of a complex number", NULL},
    {"imag", float_get_imag, NULL, "the imaginary part of a complex number", NULL},
    {NULL, NULL, NULL, NULL, NULL}
};

static PyNumberMethods float_as_number = {
    .nb_add = float_add,
    .nb_subtract = float_sub,
    .nb_multiply = float_mul,
    .nb_remainder = float_rem,
    .nb_divmod = float_divmod,
    .nb_power = float_pow,
    .nb_negative = float_neg,
    .nb_positive = float_float,
    .nb_absolute = float_abs,
    .nb_bool = float_bool,
    .nb_int = float_trunc,
    .nb_float = float_float,
    .nb_floor_divide = float_floor_div,
    .nb_true_divide = float_div,
};

static void float_dealloc(PyObject *self) { Py_TYPE(self)->tp_free(self); }

PyTypeObject PyFloat_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "float",
    .tp_basicsize = sizeof(PyFloatObject),
    .tp_dealloc = float_dealloc,
    .tp_repr = float_repr,
    .tp_as_number = &float_as_number,
    .tp_hash = float_hash,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | _Py_TPFLAGS_MATCH_SELF,
    .tp_doc = "Convert a string or number to a floating point number, if possible.",
    .tp_richcompare = float_richcompare,
    .tp_methods = float_methods,
    .tp_getset = float_getset,
    .tp_new = float_new,
    .tp_free = PyObject_Free,
};

/* ---------------- IEEE 754 packing (struct module formats e, f, d) ---------------- */

static void put_bytes(const unsigned char *src, char *dst, int n, int le) {
    /* src is in the host's (little-endian) order */
    for (int i = 0; i < n; i++) dst[i] = (char)src[le ? i : n - 1 - i];
}

static void get_bytes(const char *src, unsigned char *dst, int n, int le) {
    for (int i = 0; i < n; i++) dst[i] = (unsigned char)src[le ? i : n - 1 - i];
}

int PyFloat_Pack2(double x, char *p, int le) {
    unsigned int sign = signbit(x) ? 1 : 0, e = 0, bits = 0;
    if (x == 0.0) {
        /* signed zero */
    } else if (isinf(x)) {
        e = 0x1f;
    } else if (isnan(x)) {
        e = 0x1f;
        bits = 512;
    } else {
        int ex;
        double f = frexp(fabs(x), &ex) * 2.0;   /* |x| = f * 2**(ex-1), 1 <= f < 2 */
        ex--;
        if (ex >= 16) goto overflow;
        if (ex < -25) {          /* below half the smallest subnormal: zero */
            f = 0.0;
            ex = 0;
        } else if (ex < -14) {   /* subnormal */
            f = ldexp(f, 14 + ex);
            ex = 0;
        } else {
            ex += 15;
            f -= 1.0;
        }
        f *= 1024.0;
        bits = (unsigned int)f;
        double rest = f - bits;
        if (rest > 0.5 || (rest == 0.5 && (bits & 1))) {
            if (++bits == 1024) {
                bits = 0;
                if (++ex == 31) goto overflow;
            }
        }
        e = (unsigned int)ex;
    }
    unsigned int h = bits | (e << 10) | (sign << 15);
    unsigned char b[2] = {(unsigned char)(h & 0xFF), (unsigned char)(h >> 8)};
    put_bytes(b, p, 2, le);
    return 0;
overflow:
    PyErr_SetString(PyExc_OverflowError, "float too large to pack with e format");
    return -1;
}

int PyFloat_Pack4(double x, char *p, int le) {
    float y = (float)x;
    if (isinf(y) && !isinf(x)) {
        PyErr_SetString(PyExc_OverflowError, "float too large to pack with f format");
        return -1;
    }
    unsigned char b[4];
    memcpy(b, &y, 4);
    put_bytes(b, p, 4, le);
    return 0;
}

int PyFloat_Pack8(double x, char *p, int le) {
    unsigned char b[8];
    memcpy(b, &x, 8);
    put_bytes(b, p, 8, le);
    return 0;
}

double PyFloat_Unpack2(const char *p, int le) {
    unsigned char b[2];
    get_bytes(p, b, 2, le);
    unsigned int h = b[0] | ((unsigned int)b[1] << 8);
    int sign = (h >> 15) & 1, e = (h >> 10) & 0x1f;
    unsigned int f = h & 0x3ff;
    if (e == 0x1f) {
        if (f == 0) return sign ? -HUGE_VAL : HUGE_VAL;
        return sign ? -Py_NAN : Py_NAN;
    }
    double x = (double)f / 1024.0;
    if (e == 0) e = 1;
    else x += 1.0;
    x = ldexp(x, e - 15);
    return sign ? -x : x;
}

double PyFloat_Unpack4(const char *p, int le) {
    unsigned char b[4];
    float y;
    get_bytes(p, b, 4, le);
    memcpy(&y, b, 4);
    return y;
}

double PyFloat_Unpack8(const char *p, int le) {
    unsigned char b[8];
    double x;
    get_bytes(p, b, 8, le);
    memcpy(&x, b, 8);
    return x;
}

int _cpx_init_float(void) {
    if (PyType_Ready(&PyFloat_Type) < 0) return -1;
    return _cpx_init_complex();
}
