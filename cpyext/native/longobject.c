/* longobject.c: the int type -- allocation, the small-int cache, C integer
 * conversions, byte-array conversions, hashing, comparison, int() and the
 * int methods. Arithmetic lives in long_arith.c, text conversion in
 * long_format.c (see long_internal.h for the digit invariants).
 *
 * Ownership: every PyLong_From* / _PyLong_* constructor returns a new
 * reference; the cached small ints (-5..256) and False/True are static and
 * immortal, so handing them out is just an incref. The As* conversions
 * borrow their argument; when they call __index__ they own the temporary
 * result and release it before returning. An int owns nothing but its
 * digits, which live inline (one malloc'd block, freed by tp_free). */
#include "long_internal.h"

/* The cached ints -5..256: static and immortal from load time, so that
 * PyLong_FromLong works even before _cpx_init_long runs. */
#define SMALL(v) { { { CPX_IMMORTAL_REFCNT, &PyLong_Type }, (v) < 0 ? -1 : (v) > 0 }, \
    { (digit)((v) < 0 ? -(v) : (v)) } }
#define SMALL10(b) SMALL(b), SMALL(b + 1), SMALL(b + 2), SMALL(b + 3), SMALL(b + 4), \
    SMALL(b + 5), SMALL(b + 6), SMALL(b + 7), SMALL(b + 8), SMALL(b + 9)
#define SMALL50(b) SMALL10(b), SMALL10(b + 10), SMALL10(b + 20), SMALL10(b + 30), SMALL10(b + 40)
static PyLongObject small_ints[CPX_SMALL_NEG + CPX_SMALL_POS] = {
    SMALL(-5), SMALL(-4), SMALL(-3), SMALL(-2), SMALL(-1),
    SMALL50(0), SMALL50(50), SMALL50(100), SMALL50(150), SMALL50(200),
    SMALL(250), SMALL(251), SMALL(252), SMALL(253), SMALL(254), SMALL(255), SMALL(256),
};

#define MAX_LONG_DIGITS \
    ((PY_SSIZE_T_MAX - (Py_ssize_t)offsetof(PyLongObject, ob_digit)) / (Py_ssize_t)sizeof(digit))

PyObject *_cpx_small_int(long v) {
    PyObject *r = (PyObject *)&small_ints[v + CPX_SMALL_NEG];
    Py_INCREF(r);
    return r;
}

static inline int is_small(stwodigits v) { return v >= -CPX_SMALL_NEG && v < CPX_SMALL_POS; }

PyLongObject *_PyLong_New(Py_ssize_t size) {
    if (size < 0) size = -size;
    if (size > MAX_LONG_DIGITS) {
        PyErr_SetString(PyExc_OverflowError, "too many digits in integer");
        return NULL;
    }
    size_t bytes = offsetof(PyLongObject, ob_digit) + (size_t)(size ? size : 1) * sizeof(digit);
    PyLongObject *v = (PyLongObject *)PyObject_Malloc(bytes);
    if (v == NULL) return (PyLongObject *)PyErr_NoMemory();
    _cpx_setup_object((PyObject *)v, &PyLong_Type);
    Py_SET_SIZE(v, size);
    v->ob_digit[0] = 0;
    return v;
}

PyLongObject *_cpx_long_normalize(PyLongObject *v) {
    Py_ssize_t n = cpx_lsize(v), i = n;
    while (i > 0 && v->ob_digit[i - 1] == 0) i--;
    if (i != n) Py_SET_SIZE(v, Py_SIZE(v) < 0 ? -i : i);
    return v;
}

PyObject *_cpx_long_finish(PyLongObject *v) {
    if (v == NULL) return NULL;
    _cpx_long_normalize(v);
    if (Py_IS_TYPE(v, &PyLong_Type) && cpx_lsize(v) <= 1) {
        stwodigits x = cpx_medium_value(v);
        if (is_small(x)) {
            Py_DECREF(v);
            return _cpx_small_int((long)x);
        }
    }
    return (PyObject *)v;
}

PyObject *_PyLong_Copy(PyLongObject *src) {
    Py_ssize_t n = cpx_lsize(src);
    if (n <= 1 && is_small(cpx_medium_value(src))) return _cpx_small_int((long)cpx_medium_value(src));
    PyLongObject *r = _PyLong_New(n);
    if (r == NULL) return NULL;
    Py_SET_SIZE(r, Py_SIZE(src));
    memcpy(r->ob_digit, src->ob_digit, (size_t)n * sizeof(digit));
    return (PyObject *)r;
}

/* ---------------- construction from C integers ---------------- */

static PyObject *from_magnitude(unsigned long long m, int negative) {
    if (m < CPX_SMALL_POS && (!negative || m <= CPX_SMALL_NEG))
        return _cpx_small_int(negative ? -(long)m : (long)m);
    Py_ssize_t n = 0;
    for (unsigned long long t = m; t; t >>= PyLong_SHIFT) n++;
    PyLongObject *v = _PyLong_New(n);
    if (v == NULL) return NULL;
    for (Py_ssize_t i = 0; i < n; i++, m >>= PyLong_SHIFT) v->ob_digit[i] = (digit)(m & PyLong_MASK);
    Py_SET_SIZE(v, negative ? -n : n);
    return (PyObject *)v;
}

static PyObject *from_signed(long long v) {
    return v < 0 ? from_magnitude(0ULL - (unsigned long long)v, 1) : from_magnitude((unsigned long long)v, 0);
}

PyObject *_cpx_long_from_stwodigits(stwodigits v) { return from_signed(v); }
PyObject *PyLong_FromLong(long v) { return from_signed(v); }
PyObject *PyLong_FromLongLong(long long v) { return from_signed(v); }
PyObject *PyLong_FromSsize_t(Py_ssize_t v) { return from_signed(v); }
PyObject *PyLong_FromUnsignedLong(unsigned long v) { return from_magnitude(v, 0); }
PyObject *PyLong_FromUnsignedLongLong(unsigned long long v) { return from_magnitude(v, 0); }
PyObject *PyLong_FromSize_t(size_t v) { return from_magnitude(v, 0); }
PyObject *PyLong_FromVoidPtr(void *p) { return from_magnitude((uintptr_t)p, 0); }

/* ---------------- conversion to C integers ---------------- */

PyLongObject *_cpx_long_index(PyObject *o) {
    if (o == NULL) {
        PyErr_SetString(PyExc_SystemError, "null argument to internal routine");
        return NULL;
    }
    if (PyLong_Check(o)) return (PyLongObject *)Py_NewRef(o);
    PyNumberMethods *nb = Py_TYPE(o)->tp_as_number;
    if (nb == NULL || nb->nb_index == NULL) {
        PyErr_Format(PyExc_TypeError, "'%.200s' object cannot be interpreted as an integer",
                     Py_TYPE(o)->tp_name);
        return NULL;
    }
    PyObject *r = nb->nb_index(o);
    if (r == NULL || PyLong_CheckExact(r)) return (PyLongObject *)r;
    if (!PyLong_Check(r)) {
        PyErr_Format(PyExc_TypeError, "__index__ returned non-int (type %.200s)", Py_TYPE(r)->tp_name);
        Py_DECREF(r);
        return NULL;
    }
    if (PyErr_WarnFormat(PyExc_DeprecationWarning, 1,
            "__index__ returned non-int (type %.200s).  The ability to return an instance of a "
            "strict subclass of int is deprecated, and may be removed in a future version of Python.",
            Py_TYPE(r)->tp_name) < 0) {
        Py_DECREF(r);
        return NULL;
    }
    return (PyLongObject *)r;
}

/* |v| as 64 bits: 0 on success, -1 when it needs more than 64 bits. */
static int magnitude_u64(PyLongObject *v, unsigned long long *out) {
    unsigned long long x = 0;
    for (Py_ssize_t i = cpx_lsize(v); --i >= 0;) {
        if (x >> (64 - PyLong_SHIFT)) return -1;
        x = (x << PyLong_SHIFT) | v->ob_digit[i];
    }
    *out = x;
    return 0;
}

/* Signed value in [min, max]; *overflow = +-1 outside. */
static long long signed_value(PyLongObject *v, long long min, long long max, int *overflow) {
    unsigned long long m;
    *overflow = 0;
    if (magnitude_u64(v, &m) < 0) {
        *overflow = Py_SIZE(v) < 0 ? -1 : 1;
        return -1;
    }
    if (Py_SIZE(v) >= 0) {
        if (m <= (unsigned long long)max) return (long long)m;
        *overflow = 1;
        return -1;
    }
    if (m <= 0ULL - (unsigned long long)min) return (long long)(0ULL - m);
    *overflow = -1;
    return -1;
}

static long long as_signed(PyObject *o, long long min, long long max, int *overflow, const char *msg, int line) {
    if (overflow) *overflow = 0;
    /* An exact int of at most one digit fits every range callers ask for. */
    if (o != NULL && PyLong_CheckExact(o) && cpx_lsize((PyLongObject *)o) <= 1)
        return (long long)cpx_medium_value((PyLongObject *)o);
    if (o == NULL) {
        CPX_BAD_LONG_CALL(line);
        return -1;
    }
    PyLongObject *v = _cpx_long_index(o);
    if (v == NULL) {
        if (overflow) *overflow = 0;
        return -1;
    }
    int ovf;
    long long r = signed_value(v, min, max, &ovf);
    Py_DECREF(v);
    if (overflow) *overflow = ovf;
    else if (ovf) PyErr_SetString(PyExc_OverflowError, msg);
    return r;
}

long PyLong_AsLongAndOverflow(PyObject *o, int *overflow) {
    return (long)as_signed(o, LONG_MIN, LONG_MAX, overflow, NULL, 466);
}
long long PyLong_AsLongLongAndOverflow(PyObject *o, int *overflow) {
    return as_signed(o, LLONG_MIN, LLONG_MAX, overflow, NULL, 1363);
}
long PyLong_AsLong(PyObject *o) {
    return (long)as_signed(o, LONG_MIN, LONG_MAX, NULL, "Python int too large to convert to C long", 466);
}
int _PyLong_AsInt(PyObject *o) {
    return (int)as_signed(o, INT_MIN, INT_MAX, NULL, "Python int too large to convert to C int", 466);
}
long long PyLong_AsLongLong(PyObject *o) {
    return as_signed(o, LLONG_MIN, LLONG_MAX, NULL, "int too big to convert", 1208);
}

Py_ssize_t PyLong_AsSsize_t(PyObject *o) {
    if (o == NULL) {
        CPX_BAD_LONG_CALL(575);
        return -1;
    }
    if (!PyLong_Check(o)) {
        PyErr_SetString(PyExc_TypeError, "an integer is required");
        return -1;
    }
    int ovf;
    long long r = signed_value((PyLongObject *)o, PY_SSIZE_T_MIN, PY_SSIZE_T_MAX, &ovf);
    if (ovf) PyErr_SetString(PyExc_OverflowError, "Python int too large to convert to C ssize_t");
    return (Py_ssize_t)r;
}

static unsigned long long as_unsigned(PyObject *o, const char *negmsg, const char *bigmsg, int line) {
    if (o == NULL) {
        CPX_BAD_LONG_CALL(line);
        return (unsigned long long)-1;
    }
    if (!PyLong_Check(o)) {
        PyErr_SetString(PyExc_TypeError, "an integer is required");
        return (unsigned long long)-1;
    }
    PyLongObject *v = (PyLongObject *)o;
    unsigned long long m;
    if (Py_SIZE(v) < 0) {
        PyErr_SetString(PyExc_OverflowError, negmsg);
        return (unsigned long long)-1;
    }
    if (magnitude_u64(v, &m) < 0) {
        PyErr_SetString(PyExc_OverflowError, bigmsg);
        return (unsigned long long)-1;
    }
    return m;
}

unsigned long PyLong_AsUnsignedLong(PyObject *o) {
    return as_unsigned(o, "can't convert negative value to unsigned int",
                       "Python int too large to convert to C unsigned long", 630);
}
size_t PyLong_AsSize_t(PyObject *o) {
    return as_unsigned(o, "can't convert negative value to size_t",
                       "Python int too large to convert to C size_t", 674);
}
unsigned long long PyLong_AsUnsignedLongLong(PyObject *o) {
    return as_unsigned(o, "can't convert negative int to unsigned", "int too big to convert", 1259);
}

static unsigned long long as_mask(PyObject *o, int line) {
    if (o == NULL) {
        CPX_BAD_LONG_CALL(line);
        return (unsigned long long)-1;
    }
    PyLongObject *v = _cpx_long_index(o);
    if (v == NULL) return (unsigned long long)-1;
    unsigned long long x = 0;
    Py_ssize_t n = cpx_lsize(v);
    for (Py_ssize_t i = n; --i >= 0;) x = (x << PyLong_SHIFT) | v->ob_digit[i];
    if (Py_SIZE(v) < 0) x = 0ULL - x;
    Py_DECREF(v);
    return x;
}
unsigned long PyLong_AsUnsignedLongMask(PyObject *o) { return as_mask(o, 746); }
unsigned long long PyLong_AsUnsignedLongLongMask(PyObject *o) { return as_mask(o, 1323); }

void *PyLong_AsVoidPtr(PyObject *o) {
    if (o != NULL && PyLong_Check(o) && Py_SIZE(o) < 0) {
        long x = PyLong_AsLong(o);
        if (x == -1 && PyErr_Occurred()) return NULL;
        return (void *)(intptr_t)x;
    }
    unsigned long x = PyLong_AsUnsignedLong(o);
    if (x == (unsigned long)-1 && PyErr_Occurred()) return NULL;
    return (void *)(uintptr_t)x;
}

/* ---------------- sign, bit count, byte arrays ---------------- */

int _PyLong_Sign(PyObject *v) {
    Py_ssize_t n = Py_SIZE(v);
    return n == 0 ? 0 : (n < 0 ? -1 : 1);
}

static int digit_bits(digit d) { return d ? 32 - __builtin_clz(d) : 0; }

size_t _PyLong_NumBits(PyObject *o) {
    PyLongObject *v = (PyLongObject *)o;
    Py_ssize_t n = cpx_lsize(v);
    if (n == 0) return 0;
    return (size_t)(n - 1) * PyLong_SHIFT + (size_t)digit_bits(v->ob_digit[n - 1]);
}

PyObject *_PyLong_FromByteArray(const unsigned char *bytes, size_t n, int little_endian, int is_signed) {
    if (n == 0) return _cpx_small_int(0);
    int negative = is_signed && (bytes[little_endian ? n - 1 : 0] & 0x80);
    if (n > (size_t)MAX_LONG_DIGITS) {
        PyErr_SetString(PyExc_OverflowError, "byte array too long to convert to int");
        return NULL;
    }
    Py_ssize_t ndigits = (Py_ssize_t)((n * 8 + PyLong_SHIFT - 1) / PyLong_SHIFT);
    PyLongObject *v = _PyLong_New(ndigits);
    if (v == NULL) return NULL;
    twodigits acc = 0;
    int accbits = 0;
    unsigned carry = negative ? 1 : 0;   /* two's complement: invert, add one */
    Py_ssize_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned b = bytes[little_endian ? i : n - 1 - i];
        if (negative) {
            b = (b ^ 0xFF) + carry;
            carry = b >> 8;
            b &= 0xFF;
        }
        acc |= (twodigits)b << accbits;
        accbits += 8;
        if (accbits >= PyLong_SHIFT) {
            v->ob_digit[k++] = (digit)(acc & PyLong_MASK);
            acc >>= PyLong_SHIFT;
            accbits -= PyLong_SHIFT;
        }
    }
    if (accbits > 0) v->ob_digit[k++] = (digit)acc;
    while (k < ndigits) v->ob_digit[k++] = 0;
    if (negative) Py_SET_SIZE(v, -ndigits);
    return _cpx_long_finish(v);
}

int _PyLong_AsByteArray(PyLongObject *v, unsigned char *bytes, size_t n, int little_endian, int is_signed) {
    int negative = Py_SIZE(v) < 0;
    if (negative && !is_signed) {
        PyErr_SetString(PyExc_OverflowError, "can't convert negative int to unsigned");
        return -1;
    }
    size_t nbits = _PyLong_NumBits((PyObject *)v);
    int fits;
    if (!is_signed) fits = nbits <= n * 8;
    else if (!negative) fits = n > 0 ? nbits <= n * 8 - 1 : nbits == 0;
    else {
        /* -m fits iff m <= 2**(8n-1) */
        Py_ssize_t nd = cpx_lsize(v);
        int pow2 = 1;
        for (Py_ssize_t i = 0; i < nd - 1 && pow2; i++) pow2 = v->ob_digit[i] == 0;
        if (pow2) pow2 = (v->ob_digit[nd - 1] & (v->ob_digit[nd - 1] - 1)) == 0;
        fits = n > 0 && (nbits <= n * 8 - 1 || (nbits == n * 8 && pow2));
    }
    if (!fits) {
        PyErr_SetString(PyExc_OverflowError, "int too big to convert");
        return -1;
    }
    Py_ssize_t nd = cpx_lsize(v), k = 0;
    twodigits acc = 0;
    int accbits = 0;
    digit carry = negative ? 1 : 0;
    for (size_t i = 0; i < n; i++) {
        if (accbits < 8) {
            digit d;
            if (k < nd) d = v->ob_digit[k++];
            else d = 0;
            if (negative) {
                d = (d ^ PyLong_MASK) + carry;
                carry = d >> PyLong_SHIFT;
                d &= PyLong_MASK;
            }
            acc |= (twodigits)d << accbits;
            accbits += PyLong_SHIFT;
        }
        bytes[little_endian ? i : n - 1 - i] = (unsigned char)(acc & 0xFF);
        acc >>= 8;
        accbits -= 8;
    }
    return 0;
}

/* ---------------- comparison and hashing ---------------- */

int _cpx_long_compare(PyLongObject *a, PyLongObject *b) {
    Py_ssize_t sa = Py_SIZE(a), sb = Py_SIZE(b);
    if (sa != sb) return sa < sb ? -1 : 1;
    Py_ssize_t i = sa < 0 ? -sa : sa;
    while (--i >= 0 && a->ob_digit[i] == b->ob_digit[i]) {}
    if (i < 0) return 0;
    int c = a->ob_digit[i] < b->ob_digit[i] ? -1 : 1;
    return sa < 0 ? -c : c;
}

static PyObject *long_richcompare(PyObject *a, PyObject *b, int op) {
    if (!PyLong_Check(a) || !PyLong_Check(b)) Py_RETURN_NOTIMPLEMENTED;
    int c = a == b ? 0 : _cpx_long_compare((PyLongObject *)a, (PyLongObject *)b);
    Py_RETURN_RICHCOMPARE(c, 0, op);
}

static Py_hash_t long_hash(PyObject *o) {
    PyLongObject *v = (PyLongObject *)o;
    Py_ssize_t n = cpx_lsize(v);
    Py_uhash_t x = 0;
    /* x = |v| mod (2**61 - 1): multiplying by 2**30 is a 61-bit rotation */
    for (Py_ssize_t i = n; --i >= 0;) {
        x = ((x << PyLong_SHIFT) & _PyHASH_MODULUS) | (x >> (_PyHASH_BITS - PyLong_SHIFT));
        x += v->ob_digit[i];
        if (x >= _PyHASH_MODULUS) x -= _PyHASH_MODULUS;
    }
    if (Py_SIZE(v) < 0) x = 0 - x;
    if (x == (Py_uhash_t)-1) x = (Py_uhash_t)-2;
    return (Py_hash_t)x;
}

/* ---------------- int() ---------------- */

static PyObject *long_from_string_object(PyObject *x, Py_ssize_t base) {
    if (PyUnicode_Check(x)) return PyLong_FromUnicodeObject(x, (int)base);
    if (PyBytes_Check(x))
        return _PyLong_FromBytes(PyBytes_AS_STRING(x), PyBytes_GET_SIZE(x), (int)base);
    if (PyByteArray_Check(x))
        return _PyLong_FromBytes(PyByteArray_AS_STRING(x), PyByteArray_GET_SIZE(x), (int)base);
    PyErr_SetString(PyExc_TypeError, "int() can't convert non-string with explicit base");
    return NULL;
}

static PyObject *long_new_exact(PyObject *x, PyObject *obase) {
    if (x == NULL) {
        if (obase != NULL) {
            PyErr_SetString(PyExc_TypeError, "int() missing string argument");
            return NULL;
        }
        return _cpx_small_int(0);
    }
    if (obase == NULL) return PyNumber_Long(x);
    Py_ssize_t base = PyNumber_AsSsize_t(obase, NULL);
    if (base == -1 && PyErr_Occurred()) return NULL;
    if ((base != 0 && base < 2) || base > 36) {
        PyErr_SetString(PyExc_ValueError, "int() base must be >= 2 and <= 36, or 0");
        return NULL;
    }
    return long_from_string_object(x, base);
}

static PyObject *long_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    Py_ssize_t nargs = PyTuple_GET_SIZE(args);
    PyObject *x = NULL, *obase = NULL;
    if (nargs > 2) {
        PyErr_Format(PyExc_TypeError, "int() takes at most 2 arguments (%zd given)", nargs);
        return NULL;
    }
    if (nargs >= 1) x = PyTuple_GET_ITEM(args, 0);
    if (nargs == 2) obase = PyTuple_GET_ITEM(args, 1);
    if (kwds != NULL && PyDict_GET_SIZE(kwds) > 0) {
        Py_ssize_t pos = 0;
        PyObject *key, *value;
        while (PyDict_Next(kwds, &pos, &key, &value)) {
            if (PyUnicode_Check(key) && _PyUnicode_EqualToASCIIString(key, "base")) {
                if (obase != NULL) {
                    PyErr_SetString(PyExc_TypeError,
                                    "argument for int() given by name ('base') and position (2)");
                    return NULL;
                }
                obase = value;
            } else {
                PyErr_Format(PyExc_TypeError, "'%S' is an invalid keyword argument for int()", key);
                return NULL;
            }
        }
    }
    PyObject *tmp = long_new_exact(x, obase);
    if (tmp == NULL || type == &PyLong_Type) return tmp;
    /* a subclass: copy the digits into an instance allocated by the type */
    Py_ssize_t n = cpx_lsize((PyLongObject *)tmp);
    PyLongObject *r = (PyLongObject *)type->tp_alloc(type, n ? n : 1);
    if (r != NULL) {
        Py_SET_SIZE(r, Py_SIZE(tmp));
        memcpy(r->ob_digit, ((PyLongObject *)tmp)->ob_digit, (size_t)(n ? n : 1) * sizeof(digit));
    }
    Py_DECREF(tmp);
    return (PyObject *)r;
}

/* ---------------- methods and attributes ---------------- */

static PyObject *long_exact(PyObject *self) {
    if (PyLong_CheckExact(self)) return Py_NewRef(self);
    return _PyLong_Copy((PyLongObject *)self);
}

static PyObject *long_exact_noargs(PyObject *self, PyObject *Py_UNUSED(ignored)) { return long_exact(self); }
static PyObject *long_get_self(PyObject *self, void *c) { return long_exact(self); }
static PyObject *long_get_zero(PyObject *self, void *c) { return _cpx_small_int(0); }
static PyObject *long_get_one(PyObject *self, void *c) { return _cpx_small_int(1); }

static PyObject *long_bit_length(PyObject *self, PyObject *Py_UNUSED(ignored)) {
    return PyLong_FromSize_t(_PyLong_NumBits(self));
}

static PyObject *long_bit_count(PyObject *self, PyObject *Py_UNUSED(ignored)) {
    PyLongObject *v = (PyLongObject *)self;
    size_t c = 0;
    for (Py_ssize_t i = 0; i < cpx_lsize(v); i++) c += (size_t)__builtin_popcount(v->ob_digit[i]);
    return PyLong_FromSize_t(c);
}

static PyObject *long_as_integer_ratio(PyObject *self, PyObject *Py_UNUSED(ignored)) {
    PyObject *n = long_exact(self);
    if (n == NULL) return NULL;
    PyObject *r = PyTuple_Pack(2, n, _cpx_small_int(1));
    Py_DECREF(n);
    return r;
}

static PyObject *long_getnewargs(PyObject *self, PyObject *Py_UNUSED(ignored)) {
    PyObject *n = long_exact(self);
    if (n == NULL) return NULL;
    PyObject *r = PyTuple_Pack(1, n);
    Py_DECREF(n);
    return r;
}

static PyObject *long_sizeof(PyObject *self, PyObject *Py_UNUSED(ignored)) {
    Py_ssize_t n = cpx_lsize((PyLongObject *)self);
    return PyLong_FromSsize_t((Py_ssize_t)offsetof(PyLongObject, ob_digit) + (n ? n : 1) * (Py_ssize_t)sizeof(digit));
}

/* round(int, ndigits): exact, ties to even */
static PyObject *long_round(PyObject *self, PyObject *args) {
    PyObject *o_ndigits = NULL;
    if (!PyArg_UnpackTuple(args, "__round__", 0, 1, &o_ndigits)) return NULL;
    if (o_ndigits == NULL || o_ndigits == Py_None) return long_exact(self);
    PyLongObject *nd = _cpx_long_index(o_ndigits);
    if (nd == NULL) return NULL;
    if (Py_SIZE(nd) >= 0) {
        Py_DECREF(nd);
        return long_exact(self);
    }
    /* ndigits < 0: round to a multiple of 10**-ndigits */
    long k;
    int ovf;
    k = PyLong_AsLongAndOverflow((PyObject *)nd, &ovf);
    Py_DECREF(nd);
    if (ovf || k < -100000000L) return _cpx_small_int(0);   /* 10**huge > any int in memory */
    PyObject *p = _cpx_long_pow_small(10, -k);
    if (p == NULL) return NULL;
    PyLongObject *q, *r;
    if (_cpx_long_divmod((PyLongObject *)self, (PyLongObject *)p, &q, &r) < 0) {
        Py_DECREF(p);
        return NULL;
    }
    PyObject *twice = _cpx_long_add(r, r);
    int c = twice ? _cpx_long_compare((PyLongObject *)twice, (PyLongObject *)p) : 0;
    Py_XDECREF(twice);
    Py_DECREF(r);
    if (twice == NULL) goto fail;
    if (c > 0 || (c == 0 && (cpx_lsize(q) > 0 && (q->ob_digit[0] & 1)))) {
        PyObject *one = _cpx_small_int(1);
        PyObject *q1 = _cpx_long_add(q, (PyLongObject *)one);
        Py_DECREF(one);
        Py_DECREF(q);
        if (q1 == NULL) goto fail_noq;
        q = (PyLongObject *)q1;
    }
    PyObject *res = _cpx_long_mul(q, (PyLongObject *)p);
    Py_DECREF(q);
    Py_DECREF(p);
    return res;
fail:
    Py_DECREF(q);
fail_noq:
    Py_DECREF(p);
    return NULL;
}

static int parse_byteorder(PyObject *o, int *little) {
    if (o == NULL) {
        *little = 0;
        return 0;
    }
    if (!PyUnicode_Check(o)) {
        PyErr_Format(PyExc_TypeError, "to_bytes() argument 'byteorder' must be str, not %.50s",
                     Py_TYPE(o)->tp_name);
        return -1;
    }
    if (_PyUnicode_EqualToASCIIString(o, "little")) *little = 1;
    else if (_PyUnicode_EqualToASCIIString(o, "big")) *little = 0;
    else {
        PyErr_SetString(PyExc_ValueError, "byteorder must be either 'little' or 'big'");
        return -1;
    }
    return 0;
}

static PyObject *long_to_bytes(PyObject *self, PyObject *args, PyObject *kwds) {
    static char *kwlist[] = {"length", "byteorder", "signed", NULL};
    Py_ssize_t length = 1;
    PyObject *order = NULL;
    int is_signed = 0, little;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|nO$p:to_bytes", kwlist, &length, &order, &is_signed))
        return NULL;
    if (parse_byteorder(order, &little) < 0) return NULL;
    if (length < 0) {
        PyErr_SetString(PyExc_ValueError, "length argument must be non-negative");
        return NULL;
    }
    PyObject *bytes = PyBytes_FromStringAndSize(NULL, length);
    if (bytes == NULL) return NULL;
    if (_PyLong_AsByteArray((PyLongObject *)self, (unsigned char *)PyBytes_AS_STRING(bytes),
                            (size_t)length, little, is_signed) < 0) {
        Py_DECREF(bytes);
        return NULL;
    }
    return bytes;
}

static PyObject *long_from_bytes(PyObject *cls, PyObject *args, PyObject *kwds) {
    static char *kwlist[] = {"bytes", "byteorder", "signed", NULL};
    PyObject *obj, *order = NULL;
    int is_signed = 0, little;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O|O$p:from_bytes", kwlist, &obj, &order, &is_signed))
        return NULL;
    if (parse_byteorder(order, &little) < 0) return NULL;
    PyObject *b = PyObject_Bytes(obj);
    if (b == NULL) return NULL;
    PyObject *v = _PyLong_FromByteArray((const unsigned char *)PyBytes_AS_STRING(b),
                                        (size_t)PyBytes_GET_SIZE(b), little, is_signed);
    Py_DECREF(b);
    if (v != NULL && cls != (PyObject *)&PyLong_Type) Py_SETREF(v, PyObject_CallOneArg(cls, v));
    return v;
}

static PyMethodDef long_methods[] = {
    {"conjugate", long_exact_noargs, METH_NOARGS, "Returns self, the complex conjugate of any int."},
    {"bit_length", long_bit_length, METH_NOARGS, "Number of bits necessary to represent self in binary."},
    {"bit_count", long_bit_count, METH_NOARGS, "Number of ones in the binary representation of abs(self)."},
    {"to_bytes", (PyCFunction)(void (*)(void))long_to_bytes, METH_VARARGS | METH_KEYWORDS,
     "Return an array of bytes representing an integer."},
    {"from_bytes", (PyCFunction)(void (*)(void))long_from_bytes, METH_VARARGS | METH_KEYWORDS | METH_CLASS,
     "Return the integer represented by the given array of bytes."},
    {"as_integer_ratio", long_as_integer_ratio, METH_NOARGS, "Return integer ratio."},
    {"__trunc__", long_exact_noargs, METH_NOARGS, "Truncating an Integral returns itself."},
    {"__floor__", long_exact_noargs, METH_NOARGS, "Flooring an Integral returns itself."},
    {"__ceil__", long_exact_noargs, METH_NOARGS, "Ceiling of an Integral returns itself."},
    {"__round__", long_round, METH_VARARGS, "Rounding an Integral returns itself."},
    {"__getnewargs__", long_getnewargs, METH_NOARGS, NULL},
    {"__sizeof__", long_sizeof, METH_NOARGS, "Returns size in memory, in bytes."},
    {"__format__", _cpx_long_format_method, METH_O, "Formats the number according to format_spec."},
    {NULL, NULL, 0, NULL}
};

static PyGetSetDef long_getset[] = {
    {"real", long_get_self, NULL, "the real part of a complex number", NULL},
    {"imag", long_get_zero, NULL, "the imaginary part of a complex number", NULL},
    {"numerator", long_get_self, NULL, "the numerator of a rational number in lowest terms", NULL},
    {"denominator", long_get_one, NULL, "the denominator of a rational number in lowest terms", NULL},
    {NULL, NULL, NULL, NULL, NULL}
};

static void long_dealloc(PyObject *self) { Py_TYPE(self)->tp_free(self); }

PyTypeObject PyLong_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "int",
    .tp_basicsize = offsetof(PyLongObject, ob_digit),
    .tp_itemsize = sizeof(digit),
    .tp_dealloc = long_dealloc,
    .tp_repr = _cpx_long_to_decimal,
    .tp_as_number = &_cpx_long_as_number,
    .tp_hash = long_hash,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_LONG_SUBCLASS | _Py_TPFLAGS_MATCH_SELF,
    .tp_doc = "int([x]) -> integer\nint(x, base=10) -> integer\n\n"
              "Convert a number or string to an integer, or return 0 if no arguments\n"
              "are given.",
    .tp_richcompare = long_richcompare,
    .tp_methods = long_methods,
    .tp_getset = long_getset,
    .tp_new = long_new,
    .tp_free = PyObject_Free,
};

/* ---------------- misc API ---------------- */

PyObject *PyLong_GetInfo(void) {
    /* sys.int_info as a plain tuple: (bits_per_digit, sizeof_digit,
       default_max_str_digits, str_digits_check_threshold) */
    return Py_BuildValue("(iiii)", PyLong_SHIFT, (int)sizeof(digit), 4300, CPX_MAX_STR_DIGITS_THRESHOLD);
}

int _cpx_init_long(void) {
    for (int i = 0; i < CPX_SMALL_NEG + CPX_SMALL_POS; i++) {
        PyLongObject *v = &small_ints[i];
        if (cpx_medium_value(v) != i - CPX_SMALL_NEG || !Py_IS_TYPE(v, &PyLong_Type)) {
            PyErr_SetString(PyExc_SystemError, "small int cache is corrupt");
            return -1;
        }
    }
    if (PyType_Ready(&PyLong_Type) < 0) return -1;
    return _cpx_init_bool();
}
