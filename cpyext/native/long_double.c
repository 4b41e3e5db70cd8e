/* long_double.c: int <-> double -- PyLong_AsDouble, _PyLong_Frexp and
 * PyLong_FromDouble, all exact or correctly rounded (round half to even),
 * and int / int, correctly rounded like CPython's true division.
 *
 * Ownership: arguments are borrowed; results are new references (floats or
 * ints) or NULL with an error set. Temporaries made while dividing are
 * released before returning. */
#include "long_internal.h"

/* |a| as a new reference */
static PyObject *abs_of(PyLongObject *a) {
    return Py_SIZE(a) < 0 ? _cpx_long_neg(a) : _PyLong_Copy(a);
}

/* 64 bits of |a| starting at bit `shift`; *sticky = any lower bit set. */
static uint64_t bits_from(PyLongObject *a, size_t shift, int *sticky) {
    Py_ssize_t n = cpx_lsize(a);
    Py_ssize_t j = (Py_ssize_t)(shift / PyLong_SHIFT);
    int off = (int)(shift % PyLong_SHIFT);
    uint64_t t = 0;
    for (int k = 0; k < 3; k++) {
        if (j + k >= n) break;
        uint64_t d = a->ob_digit[j + k];
        int pos = k * PyLong_SHIFT - off;
        t |= pos >= 0 ? d << pos : d >> -pos;
    }
    int s = j < n && (a->ob_digit[j] & (((digit)1 << off) - 1)) != 0;
    for (Py_ssize_t i = 0; i < j && i < n && !s; i++) s = a->ob_digit[i] != 0;
    *sticky = s;
    return t;
}

double _PyLong_Frexp(PyLongObject *a, Py_ssize_t *e) {
    Py_ssize_t n = cpx_lsize(a);
    if (n == 0) {
        *e = 0;
        return 0.0;
    }
    size_t nbits = _PyLong_NumBits((PyObject *)a);
    double x;
    if (nbits <= DBL_MANT_DIG) {
        uint64_t m = 0;
        for (Py_ssize_t i = n; --i >= 0;) m = (m << PyLong_SHIFT) | a->ob_digit[i];
        x = ldexp((double)m, -(int)nbits);
    } else {
        /* DBL_MANT_DIG + 2 top bits, sticky bit folded into the lowest */
        int sticky = 0;
        uint64_t t;
        if (nbits < DBL_MANT_DIG + 2) {
            t = 0;
            for (Py_ssize_t i = n; --i >= 0;) t = (t << PyLong_SHIFT) | a->ob_digit[i];
            t <<= DBL_MANT_DIG + 2 - nbits;
        } else {
            t = bits_from(a, nbits - (DBL_MANT_DIG + 2), &sticky);
        }
        t &= ((uint64_t)1 << (DBL_MANT_DIG + 2)) - 1;
        t |= (uint64_t)sticky;
        uint64_t q = t >> 2, rem = t & 3;
        if (rem > 2 || (rem == 2 && (q & 1))) q++;
        x = ldexp((double)q, -DBL_MANT_DIG);
        if (x == 1.0) {
            x = 0.5;
            nbits++;
        }
    }
    *e = (Py_ssize_t)nbits;
    return Py_SIZE(a) < 0 ? -x : x;
}

double PyLong_AsDouble(PyObject *v) {
    if (v == NULL) {
        CPX_BAD_LONG_CALL(3072);
        return -1.0;
    }
    if (!PyLong_Check(v)) {
        PyErr_SetString(PyExc_TypeError, "an integer is required");
        return -1.0;
    }
    PyLongObject *a = (PyLongObject *)v;
    if (cpx_lsize(a) <= 1) return (double)cpx_medium_value(a);
    Py_ssize_t e;
    double x = _PyLong_Frexp(a, &e);
    if (e > DBL_MAX_EXP) {
        PyErr_SetString(PyExc_OverflowError, "int too large to convert to float");
        return -1.0;
    }
    return ldexp(x, (int)e);
}

PyObject *PyLong_FromDouble(double d) {
    if (d > -9223372036854775808.0 && d < 9223372036854775808.0)
        return PyLong_FromLongLong((long long)d);
    if (isinf(d)) {
        PyErr_SetString(PyExc_OverflowError, "cannot convert float infinity to integer");
        return NULL;
    }
    if (isnan(d)) {
        PyErr_SetString(PyExc_ValueError, "cannot convert float NaN to integer");
        return NULL;
    }
    int negative = d < 0, e;
    double frac = frexp(fabs(d), &e);   /* e > 63 here: d is an integer */
    Py_ssize_t nd = (e - 1) / PyLong_SHIFT + 1;
    PyLongObject *v = _PyLong_New(nd);
    if (v == NULL) return NULL;
    frac = ldexp(frac, (e - 1) % PyLong_SHIFT + 1);
    for (Py_ssize_t i = nd; --i >= 0;) {
        digit bits = (digit)frac;
        v->ob_digit[i] = bits;
        frac = ldexp(frac - (double)bits, PyLong_SHIFT);
    }
    if (negative) Py_SET_SIZE(v, -nd);
    return (PyObject *)v;
}

PyObject *_cpx_long_float(PyObject *v) {
    double x = PyLong_AsDouble(v);
    if (x == -1.0 && PyErr_Occurred()) return NULL;
    return PyFloat_FromDouble(x);
}

PyObject *_cpx_long_true_divide(PyObject *v, PyObject *w) {
    if (!PyLong_Check(v) || !PyLong_Check(w)) Py_RETURN_NOTIMPLEMENTED;
    PyLongObject *a = (PyLongObject *)v, *b = (PyLongObject *)w;
    if (Py_SIZE(b) == 0) {
        PyErr_SetString(PyExc_ZeroDivisionError, "division by zero");
        return NULL;
    }
    int negate = (Py_SIZE(a) < 0) != (Py_SIZE(b) < 0);
    if (Py_SIZE(a) == 0) return PyFloat_FromDouble(negate ? -0.0 : 0.0);
    size_t na = _PyLong_NumBits(v), nb = _PyLong_NumBits(w);
    if (na <= DBL_MANT_DIG && nb <= DBL_MANT_DIG) {
        double x = PyLong_AsDouble(v), y = PyLong_AsDouble(w);
        return PyFloat_FromDouble(x / y);
    }
    long long diff = (long long)na - (long long)nb;
    if (diff > DBL_MAX_EXP) goto overflow;
    if (diff < DBL_MIN_EXP - DBL_MANT_DIG - 1) return PyFloat_FromDouble(negate ? -0.0 : 0.0);
    /* q = floor(|a| / (|b| * 2**shift)) has DBL_MANT_DIG + 2 or 3 bits */
    long long shift = (diff > DBL_MIN_EXP ? diff : DBL_MIN_EXP) - DBL_MANT_DIG - 2;
    PyObject *x = abs_of(a), *y = abs_of(b);
    if (x != NULL && y != NULL) {
        if (shift < 0) Py_SETREF(x, _cpx_long_lshift_bits((PyLongObject *)x, (size_t)-shift));
        else if (shift > 0) Py_SETREF(y, _cpx_long_lshift_bits((PyLongObject *)y, (size_t)shift));
    }
    PyLongObject *q = NULL, *r = NULL;
    int rc = (x && y) ? _cpx_long_divmod((PyLongObject *)x, (PyLongObject *)y, &q, &r) : -1;
    Py_XDECREF(x);
    Py_XDECREF(y);
    if (rc < 0) return NULL;
    int inexact = Py_SIZE(r) != 0;
    uint64_t m = 0;
    for (Py_ssize_t i = cpx_lsize(q); --i >= 0;) m = (m << PyLong_SHIFT) | q->ob_digit[i];
    Py_DECREF(q);
    Py_DECREF(r);
    int qbits = 64 - __builtin_clzll(m);
    long long extra = qbits - DBL_MANT_DIG;
    if ((DBL_MIN_EXP - DBL_MANT_DIG) - shift > extra) extra = (DBL_MIN_EXP - DBL_MANT_DIG) - shift;
    if (extra > 0) {
        uint64_t low = m & (((uint64_t)1 << extra) - 1), half = (uint64_t)1 << (extra - 1);
        m >>= extra;
        if (low > half || (low == half && (inexact || (m & 1)))) m++;
    } else {
        extra = 0;
    }
    double result = ldexp((double)m, (int)(shift + extra));
    if (isinf(result)) goto overflow;
    return PyFloat_FromDouble(negate ? -result : result);
overflow:
    PyErr_SetString(PyExc_OverflowError, "integer division result too large for a float");
    return NULL;
}
