/* complexobject.c: the complex type -- construction (doubles, numbers,
 * strings such as "1+2j"), repr, hash, ==/!=, and + - * / ** neg pos abs.
 *
 * Ownership: a complex owns nothing but its inline Py_complex; functions
 * returning objects return new references or NULL with an error set.
 * Arithmetic slots accept complex, float and int operands (ints through
 * PyLong_AsDouble) and return NotImplemented otherwise. */
#include "long_internal.h"

PyObject *PyComplex_FromCComplex(Py_complex c) {
    PyComplexObject *op = (PyComplexObject *)PyObject_Malloc(sizeof(PyComplexObject));
    if (op == NULL) return PyErr_NoMemory();
    _cpx_setup_object((PyObject *)op, &PyComplex_Type);
    op->cval = c;
    return (PyObject *)op;
}

PyObject *PyComplex_FromDoubles(double real, double imag) {
    Py_complex c = {real, imag};
    return PyComplex_FromCComplex(c);
}

static PyObject *complex_of_type(PyTypeObject *type, Py_complex c) {
    if (type == &PyComplex_Type) return PyComplex_FromCComplex(c);
    PyObject *op = type->tp_alloc(type, 0);
    if (op != NULL) ((PyComplexObject *)op)->cval = c;
    return op;
}

double PyComplex_RealAsDouble(PyObject *op) {
    if (PyComplex_Check(op)) return ((PyComplexObject *)op)->cval.real;
    return PyFloat_AsDouble(op);
}

double PyComplex_ImagAsDouble(PyObject *op) {
    if (PyComplex_Check(op)) return ((PyComplexObject *)op)->cval.imag;
    return 0.0;
}

/* The result of op.__complex__() (a complex), or NULL: with an error set
 * when the call failed, without one when op has no __complex__. */
static PyObject *try_complex_method(PyObject *op) {
    PyObject *f = _PyObject_LookupSpecial(op, _cpx_intern("__complex__"));
    if (f == NULL) return NULL;
    PyObject *res = PyObject_CallNoArgs(f);
    Py_DECREF(f);
    if (res != NULL && !PyComplex_Check(res)) {
        PyErr_Format(PyExc_TypeError, "__complex__ returned non-complex (type %.200s)", Py_TYPE(res)->tp_name);
        Py_CLEAR(res);
    }
    return res;
}

Py_complex PyComplex_AsCComplex(PyObject *op) {
    Py_complex c = {-1.0, 0.0};
    if (PyComplex_Check(op)) return ((PyComplexObject *)op)->cval;
    PyObject *res = try_complex_method(op);
    if (res != NULL) {
        c = ((PyComplexObject *)res)->cval;
        Py_DECREF(res);
        return c;
    }
    if (PyErr_Occurred()) return c;
    c.real = PyFloat_AsDouble(op);
    return c;
}

/* ---------------- complex arithmetic on C values ---------------- */

static Py_complex c_prod(Py_complex a, Py_complex b) {
    Py_complex r = {a.real * b.real - a.imag * b.imag, a.real * b.imag + a.imag * b.real};
    return r;
}

/* a / b, scaled to avoid needless overflow; errno = EDOM when b == 0 */
static Py_complex c_quot(Py_complex a, Py_complex b) {
    Py_complex r;
    double abr = fabs(b.real), abi = fabs(b.imag);
    if (abr >= abi) {
        if (abr == 0.0) {
            errno = EDOM;
            r.real = r.imag = 0.0;
        } else {
            double ratio = b.imag / b.real, denom = b.real + b.imag * ratio;
            r.real = (a.real + a.imag * ratio) / denom;
            r.imag = (a.imag - a.real * ratio) / denom;
        }
    } else if (abi >= abr) {
        double ratio = b.real / b.imag, denom = b.real * ratio + b.imag;
        r.real = (a.real * ratio + a.imag) / denom;
        r.imag = (a.imag * ratio - a.real) / denom;
    } else {
        r.real = r.imag = Py_NAN;   /* a NaN in b */
    }
    return r;
}

static Py_complex c_pow(Py_complex a, Py_complex b) {
    Py_complex r;
    if (b.real == 0.0 && b.imag == 0.0) {
        r.real = 1.0;
        r.imag = 0.0;
    } else if (a.real == 0.0 && a.imag == 0.0) {
        if (b.imag != 0.0 || b.real < 0.0) errno = EDOM;
        r.real = r.imag = 0.0;
    } else {
        double vabs = hypot(a.real, a.imag), len = pow(vabs, b.real);
        double at = atan2(a.imag, a.real), phase = at * b.real;
        if (b.imag != 0.0) {
            len /= exp(at * b.imag);
            phase += b.imag * log(vabs);
        }
        r.real = len * cos(phase);
        r.imag = len * sin(phase);
    }
    return r;
}

/* x ** n for a small integer n, by repeated squaring */
static Py_complex c_powi(Py_complex x, long n) {
    Py_complex one = {1.0, 0.0}, r = one, p = x;
    unsigned long u = n < 0 ? (unsigned long)-n : (unsigned long)n;
    for (; u; u >>= 1) {
        if (u & 1) r = c_prod(r, p);
        if (u > 1) p = c_prod(p, p);
    }
    return n < 0 ? c_quot(one, r) : r;
}

static double c_abs(Py_complex z) {
    if (!isfinite(z.real) || !isfinite(z.imag)) {
        if (isinf(z.real)) return fabs(z.real);
        if (isinf(z.imag)) return fabs(z.imag);
        return Py_NAN;
    }
    double r = hypot(z.real, z.imag);
    if (!isfinite(r)) errno = ERANGE;
    return r;
}

/* ---------------- slots ---------------- */

/* 1: converted; 0: unsupported type; -1: error */
static int to_complex(PyObject *o, Py_complex *c) {
    c->imag = 0.0;
    if (PyComplex_Check(o)) {
        *c = ((PyComplexObject *)o)->cval;
        return 1;
    }
    if (PyFloat_Check(o)) {
        c->real = PyFloat_AS_DOUBLE(o);
        return 1;
    }
    if (PyLong_Check(o)) {
        c->real = PyLong_AsDouble(o);
        return (c->real == -1.0 && PyErr_Occurred()) ? -1 : 1;
    }
    return 0;
}

#define CONVERT_BOTH(v, w, a, b) do { \
    int rc_ = to_complex(v, &a); \
    if (rc_ <= 0) { if (rc_ < 0) return NULL; Py_RETURN_NOTIMPLEMENTED; } \
    rc_ = to_complex(w, &b); \
    if (rc_ <= 0) { if (rc_ < 0) return NULL; Py_RETURN_NOTIMPLEMENTED; } } while (0)

static PyObject *complex_add(PyObject *v, PyObject *w) {
    Py_complex a, b;
    CONVERT_BOTH(v, w, a, b);
    return PyComplex_FromDoubles(a.real + b.real, a.imag + b.imag);
}

static PyObject *complex_sub(PyObject *v, PyObject *w) {
    Py_complex a, b;
    CONVERT_BOTH(v, w, a, b);
    return PyComplex_FromDoubles(a.real - b.real, a.imag - b.imag);
}

static PyObject *complex_mul(PyObject *v, PyObject *w) {
    Py_complex a, b;
    CONVERT_BOTH(v, w, a, b);
    return PyComplex_FromCComplex(c_prod(a, b));
}

static PyObject *complex_div(PyObject *v, PyObject *w) {
    Py_complex a, b;
    CONVERT_BOTH(v, w, a, b);
    errno = 0;
    Py_complex q = c_quot(a, b);
    if (errno == EDOM) {
        PyErr_SetString(PyExc_ZeroDivisionError, "complex division by zero");
        return NULL;
    }
    return PyComplex_FromCComplex(q);
}

static PyObject *complex_pow(PyObject *v, PyObject *w, PyObject *z) {
    Py_complex a, b, p;
    CONVERT_BOTH(v, w, a, b);
    if (z != Py_None) {
        PyErr_SetString(PyExc_ValueError, "complex modulo");
        return NULL;
    }
    errno = 0;
    if (b.imag == 0.0 && b.real == floor(b.real) && fabs(b.real) <= 100.0) p = c_powi(a, (long)b.real);
    else p = c_pow(a, b);
    if (isinf(p.real) || isinf(p.imag)) {
        if (errno == 0) errno = ERANGE;
    } else if (errno == ERANGE) {
        errno = 0;   /* underflow is fine */
    }
    if (errno == EDOM) {
        PyErr_SetString(PyExc_ZeroDivisionError, "0.0 to a negative or complex power");
        return NULL;
    }
    if (errno == ERANGE) {
        PyErr_SetString(PyExc_OverflowError, "complex exponentiation");
        return NULL;
    }
    return PyComplex_FromCComplex(p);
}

static PyObject *complex_neg(PyObject *v) {
    Py_complex c = ((PyComplexObject *)v)->cval;
    return PyComplex_FromDoubles(-c.real, -c.imag);
}

static PyObject *complex_pos(PyObject *v) {
    if (PyComplex_CheckExact(v)) return Py_NewRef(v);
    return PyComplex_FromCComplex(((PyComplexObject *)v)->cval);
}

static PyObject *complex_abs(PyObject *v) {
    errno = 0;
    double r = c_abs(((PyComplexObject *)v)->cval);
    if (errno == ERANGE && isinf(r)) {
        errno = 0;
        PyErr_SetString(PyExc_OverflowError, "absolute value too large");
        return NULL;
    }
    return PyFloat_FromDouble(r);
}

static int complex_bool(PyObject *v) {
    Py_complex c = ((PyComplexObject *)v)->cval;
    return c.real != 0.0 || c.imag != 0.0;
}

static PyObject *complex_richcompare(PyObject *v, PyObject *w, int op) {
    if ((op != Py_EQ && op != Py_NE) || !PyComplex_Check(v)) Py_RETURN_NOTIMPLEMENTED;
    Py_complex i = ((PyComplexObject *)v)->cval;
    int equal;
    if (PyLong_Check(w)) {
        if (i.imag == 0.0) {
            PyObject *re = PyFloat_FromDouble(i.real);
            if (re == NULL) return NULL;
            PyObject *r = PyObject_RichCompare(re, w, op);
            Py_DECREF(re);
            return r;
        }
        equal = 0;
    } else if (PyFloat_Check(w)) {
        equal = i.real == PyFloat_AS_DOUBLE(w) && i.imag == 0.0;
    } else if (PyComplex_Check(w)) {
        Py_complex j = ((PyComplexObject *)w)->cval;
        equal = i.real == j.real && i.imag == j.imag;
    } else {
        Py_RETURN_NOTIMPLEMENTED;
    }
    return PyBool_FromLong(op == Py_EQ ? equal : !equal);
}

static Py_hash_t complex_hash(PyObject *v) {
    Py_complex c = ((PyComplexObject *)v)->cval;
    Py_uhash_t hr = (Py_uhash_t)_Py_HashDouble(v, c.real), hi = (Py_uhash_t)_Py_HashDouble(v, c.imag);
    Py_uhash_t h = hr + _PyHASH_IMAG * hi;
    if (h == (Py_uhash_t)-1) h = (Py_uhash_t)-2;
    return (Py_hash_t)h;
}

static PyObject *complex_repr(PyObject *v) {
    Py_complex c = ((PyComplexObject *)v)->cval;
    char *re = NULL, *im;
    PyObject *r = NULL;
    if (c.real == 0.0 && copysign(1.0, c.real) == 1.0) {
        im = PyOS_double_to_string(c.imag, 'r', 0, 0, NULL);
        if (im != NULL) r = PyUnicode_FromFormat("%sj", im);
    } else {
        re = PyOS_double_to_string(c.real, 'r', 0, 0, NULL);
        im = re ? PyOS_double_to_string(c.imag, 'r', 0, Py_DTSF_SIGN, NULL) : NULL;
        if (im != NULL) r = PyUnicode_FromFormat("(%s%sj)", re, im);
    }
    PyMem_Free(re);
    PyMem_Free(im);
    return r;
}

/* ---------------- complex() ---------------- */

/* the double at *ps, advancing past it; 0 when none there (no error) */
static int parse_double(const char **ps, double *out) {
    char *end;
    double x = PyOS_string_to_double(*ps, &end, NULL);
    if (x == -1.0 && PyErr_Occurred()) {
        if (!PyErr_ExceptionMatches(PyExc_ValueError)) return -1;
        PyErr_Clear();
    }
    if (end == *ps) return 0;
    *ps = end;
    *out = x;
    return 1;
}

static PyObject *complex_from_ascii(PyTypeObject *type, const char *s, Py_ssize_t len) {
    const char *start = s;
    double x = 0.0, y = 0.0, z;
    int bracket = 0, rc;
    while (Py_ISSPACE(Py_CHARMASK(*s))) s++;
    if (*s == '(') {
        bracket = 1;
        s++;
        while (Py_ISSPACE(Py_CHARMASK(*s))) s++;
    }
    /* forms: <float>, <float>j, <float><signed float>j, <float><sign>j, <sign>j, j */
    if ((rc = parse_double(&s, &z)) < 0) return NULL;
    if (rc) {
        if (*s == '+' || *s == '-') {
            x = z;
            if ((rc = parse_double(&s, &y)) < 0) return NULL;
            if (!rc) y = *s++ == '+' ? 1.0 : -1.0;
            if (*s != 'j' && *s != 'J') goto bad;
            s++;
        } else if (*s == 'j' || *s == 'J') {
            s++;
            y = z;
        } else {
            x = z;
        }
    } else {
        y = 1.0;
        if (*s == '+' || *s == '-') y = *s++ == '+' ? 1.0 : -1.0;
        if (*s != 'j' && *s != 'J') goto bad;
        s++;
    }
    while (Py_ISSPACE(Py_CHARMASK(*s))) s++;
    if (bracket) {
        if (*s != ')') goto bad;
        s++;
        while (Py_ISSPACE(Py_CHARMASK(*s))) s++;
    }
    if (s - start != len) goto bad;
    Py_complex c = {x, y};
    return complex_of_type(type, c);
bad:
    PyErr_SetString(PyExc_ValueError, "complex() arg is a malformed string");
    return NULL;
}

static PyObject *complex_from_string(PyTypeObject *type, PyObject *v) {
    Py_ssize_t len;
    char *ascii = _cpx_unicode_number_ascii(v, &len);
    if (ascii == NULL) return NULL;
    PyObject *r = NULL;
    if (strchr(ascii, '_') == NULL) {
        r = complex_from_ascii(type, ascii, len);
    } else {
        int bad;
        char *dup = _cpx_strip_underscores(ascii, len, &bad);
        if (dup != NULL) {
            r = complex_from_ascii(type, dup, (Py_ssize_t)strlen(dup));
            PyMem_Free(dup);
        } else if (bad) {
            PyErr_Format(PyExc_ValueError, "could not convert string to complex: %R", v);
        }
    }
    PyMem_Free(ascii);
    return r;
}

static int is_number(PyObject *o) {
    PyNumberMethods *nb = Py_TYPE(o)->tp_as_number;
    return PyComplex_Check(o) || (nb != NULL && (nb->nb_float != NULL || nb->nb_index != NULL));
}

static PyObject *complex_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    static char *kwlist[] = {"real", "imag", NULL};
    PyObject *r = NULL, *i = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|OO:complex", kwlist, &r, &i)) return NULL;
    if (r == NULL) {
        Py_complex zero = {0.0, 0.0};
        if (i == NULL) return complex_of_type(type, zero);
        r = _cpx_small_int(0);
        Py_DECREF(r);   /* immortal: a borrowed use is safe */
    }
    if (PyUnicode_Check(r)) {
        if (i != NULL) {
            PyErr_SetString(PyExc_TypeError, "complex() can't take second arg if first is a string");
            return NULL;
        }
        return complex_from_string(type, r);
    }
    if (i != NULL && PyUnicode_Check(i)) {
        PyErr_SetString(PyExc_TypeError, "complex() second arg can't be a string");
        return NULL;
    }
    if (PyComplex_CheckExact(r) && i == NULL && type == &PyComplex_Type) return Py_NewRef(r);
    PyObject *own_r = try_complex_method(r);
    if (own_r == NULL && PyErr_Occurred()) return NULL;
    if (own_r != NULL) r = own_r;
    if (!is_number(r)) {
        PyErr_Format(PyExc_TypeError, "complex() first argument must be a string or a number, not '%.200s'",
                     Py_TYPE(r)->tp_name);
        goto fail;
    }
    if (i != NULL && !is_number(i)) {
        PyErr_Format(PyExc_TypeError, "complex() second argument must be a number, not '%.200s'",
                     Py_TYPE(i)->tp_name);
        goto fail;
    }
    Py_complex cr = {0.0, 0.0}, ci = {0.0, 0.0};
    int cr_complex = 0, ci_complex = 0;
    if (PyComplex_Check(r)) {
        cr = ((PyComplexObject *)r)->cval;
        cr_complex = 1;
    } else {
        cr.real = PyFloat_AsDouble(r);
        if (cr.real == -1.0 && PyErr_Occurred()) goto fail;
    }
    if (i == NULL) {
        ci.real = cr.imag;
    } else if (PyComplex_Check(i)) {
        ci = ((PyComplexObject *)i)->cval;
        ci_complex = 1;
    } else {
        ci.real = PyFloat_AsDouble(i);
        if (ci.real == -1.0 && PyErr_Occurred()) goto fail;
    }
    Py_XDECREF(own_r);
    /* (a + bj) + (c + dj) * 1j == (a - d) + (b + c)j */
    if (ci_complex) cr.real -= ci.imag;
    if (cr_complex && i != NULL) ci.real += cr.imag;
    Py_complex res = {cr.real, ci.real};
    return complex_of_type(type, res);
fail:
    Py_XDECREF(own_r);
    return NULL;
}

/* ---------------- methods and attributes ---------------- */

static PyObject *complex_conjugate(PyObject *v, PyObject *Py_UNUSED(ignored)) {
    Py_complex c = ((PyComplexObject *)v)->cval;
    return PyComplex_FromDoubles(c.real, -c.imag);
}

static PyObject *complex_getnewargs(PyObject *v, PyObject *Py_UNUSED(ignored)) {
    Py_complex c = ((PyComplexObject *)v)->cval;
    return Py_BuildValue("(dd)", c.real, c.imag);
}

static PyObject *complex_complex(PyObject *v, PyObject *Py_UNUSED(ignored)) { return complex_pos(v); }

static PyMethodDef complex_methods[] = {
    {"conjugate", complex_conjugate, METH_NOARGS, "Return the complex conjugate of its argument."},
    {"__getnewargs__", complex_getnewargs, METH_NOARGS, NULL},
    {"__complex__", complex_complex, METH_NOARGS, "Convert this value to exact type complex."},
    {"__format__", _cpx_complex_format_method, METH_O, "Formats the number according to format_spec."},
    {NULL, NULL, 0, NULL}
};

static PyObject *complex_get_real(PyObject *v, void *c) {
    return PyFloat_FromDouble(((PyComplexObject *)v)->cval.real);
}
static PyObject *complex_get_imag(PyObject *v, void *c) {
    return PyFloat_FromDouble(((PyComplexObject *)v)->cval.imag);
}

static PyGetSetDef complex_getset[] = {
    {"real", complex_get_real, NULL, "the real part of a complex number", NULL},
    {"imag", complex_get_imag, NULL, "the imaginary part of a complex number", NULL},
    {NULL, NULL, NULL, NULL, NULL}
};

static PyNumberMethods complex_as_number = {
    .nb_add = complex_add,
    .nb_subtract = complex_sub,
    .nb_multiply = complex_mul,
    .nb_power = complex_pow,
    .nb_negative = complex_neg,
    .nb_positive = complex_pos,
    .nb_absolute = complex_abs,
    .nb_bool = complex_bool,
    .nb_true_divide = complex_div,
};

static void complex_dealloc(PyObject *self) { Py_TYPE(self)->tp_free(self); }

PyTypeObject PyComplex_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "complex",
    .tp_basicsize = sizeof(PyComplexObject),
    .tp_dealloc = complex_dealloc,
    .tp_repr = complex_repr,
    .tp_as_number = &complex_as_number,
    .tp_hash = complex_hash,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_doc = "Create a complex number from a real part and an optional imaginary part.\n\n"
              "This is equivalent to (real + imag*1j) where imag defaults to 0.",
    .tp_richcompare = complex_richcompare,
    .tp_methods = complex_methods,
    .tp_getset = complex_getset,
    .tp_new = complex_new,
    .tp_free = PyObject_Free,
};

int _cpx_init_complex(void) { return PyType_Ready(&PyComplex_Type); }
