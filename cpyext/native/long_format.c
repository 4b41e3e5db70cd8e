/* long_format.c: int <-> text -- repr/str (decimal), _PyLong_Format (bases
 * 2, 8, 16 with prefixes, any base up to 36), PyLong_FromString and its str
 * and bytes front ends, and CPython 3.11's limit on decimal digit counts
 * (sys.int_info.default_max_str_digits = 4300).
 *
 * Ownership: every function returns a new reference or NULL with an error
 * set; input strings are borrowed. Scratch buffers are PyMem_Malloc'd and
 * freed before return; the ASCII image of a str built for parsing (see
 * _cpx_unicode_number_ascii) is owned and freed by the caller. */
#include "long_internal.h"

int _cpx_int_max_str_digits = 4300;

#define TO_STR_LIMIT_MSG "Exceeds the limit (%d digits) for integer string conversion; " \
    "use sys.set_int_max_str_digits() to increase the limit"
#define TO_INT_LIMIT_MSG "Exceeds the limit (%d digits) for integer string conversion: " \
    "value has %zd digits; use sys.set_int_max_str_digits() to increase the limit"

/* Digit value of an ASCII character in bases up to 36; 37 for others. */
unsigned char _PyLong_DigitValue[256] = {
#define X37 37, 37, 37, 37, 37, 37, 37, 37, 37, 37, 37, 37, 37, 37, 37, 37
    X37, X37, X37,
    0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 37, 37, 37, 37, 37, 37,
    37, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
    25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 37, 37, 37, 37, 37,
    37, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24,
    25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 37, 37, 37, 37, 37,
    X37, X37, X37, X37, X37, X37, X37, X37,
#undef X37
};

/* ---------------- Unicode digits and spaces (Unicode 14.0, as 3.11) ---------------- */

/* Code points of the non-ASCII decimal digit zeros; each block has 10 digits. */
static const Py_UCS4 decimal_zeros[] = {
    0x660, 0x6F0, 0x7C0, 0x966, 0x9E6, 0xA66, 0xAE6, 0xB66, 0xBE6, 0xC66, 0xCE6, 0xD66, 0xDE6,
    0xE50, 0xED0, 0xF20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90, 0x1B50,
    0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
    0x104A0, 0x10D30, 0x11066, 0x110F0, 0x11136, 0x111D0, 0x112F0, 0x11450, 0x114D0, 0x11650,
    0x116C0, 0x11730, 0x118E0, 0x11950, 0x11C50, 0x11D50, 0x11DA0, 0x16A60, 0x16AC0, 0x16B50,
    0x1D7CE, 0x1D7D8, 0x1D7E2, 0x1D7EC, 0x1D7F6, 0x1E140, 0x1E2F0, 0x1E950, 0x1FBF0,
};

int _cpx_unicode_decimal(Py_UCS4 ch) {
    if (ch >= '0' && ch <= '9') return (int)(ch - '0');
    size_t lo = 0, hi = Py_ARRAY_LENGTH(decimal_zeros);
    while (lo < hi) {   /* last zero <= ch */
        size_t mid = (lo + hi) / 2;
        if (decimal_zeros[mid] <= ch) lo = mid + 1;
        else hi = mid;
    }
    if (lo > 0 && ch - decimal_zeros[lo - 1] < 10) return (int)(ch - decimal_zeros[lo - 1]);
    return -1;
}

static int non_ascii_space(Py_UCS4 ch) {
    return ch == 0x85 || ch == 0xA0 || ch == 0x1680 || (ch >= 0x2000 && ch <= 0x200A) ||
           ch == 0x2028 || ch == 0x2029 || ch == 0x202F || ch == 0x205F || ch == 0x3000;
}

char *_cpx_unicode_number_ascii(PyObject *u, Py_ssize_t *plen) {
    Py_ssize_t n = PyUnicode_GET_LENGTH(u);
    int kind = PyUnicode_KIND(u);
    const void *data = PyUnicode_DATA(u);
    char *out = PyMem_Malloc((size_t)n + 1);
    if (out == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    Py_ssize_t i;
    for (i = 0; i < n; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, data, i);
        int d;
        if (ch < 127) out[i] = (char)ch;
        else if (non_ascii_space(ch)) out[i] = ' ';
        else if ((d = _cpx_unicode_decimal(ch)) >= 0) out[i] = (char)('0' + d);
        else {
            out[i++] = '?';
            break;
        }
    }
    out[i] = '\0';
    *plen = i;
    return out;
}

/* ---------------- int -> text ---------------- */

PyObject *_cpx_long_to_decimal(PyObject *v) {
    PyLongObject *a = (PyLongObject *)v;
    Py_ssize_t size_a = cpx_lsize(a);
    int negative = Py_SIZE(a) < 0;
    if (size_a <= 1) {
        char buf[24];
        snprintf(buf, sizeof buf, "%lld", (long long)cpx_medium_value(a));
        return PyUnicode_FromString(buf);
    }
    int limit = _cpx_int_max_str_digits;
    if (limit > 0 && size_a >= 10 * CPX_MAX_STR_DIGITS_THRESHOLD / (3 * PyLong_SHIFT) + 2 &&
        limit / (3 * PyLong_SHIFT) <= (size_a - 11) / 10) {
        PyErr_Format(PyExc_ValueError, TO_STR_LIMIT_MSG, limit);
        return NULL;
    }
    /* repeated base change: 2**30 -> 10**9, most significant digit first */
    Py_ssize_t cap = size_a + size_a / 29 + 2, used = 0;
    digit *pout = PyMem_Malloc((size_t)cap * sizeof(digit));
    if (pout == NULL) return PyErr_NoMemory();
    for (Py_ssize_t i = size_a; --i >= 0;) {
        digit hi = a->ob_digit[i];
        for (Py_ssize_t j = 0; j < used; j++) {
            twodigits z = ((twodigits)pout[j] << PyLong_SHIFT) | hi;
            hi = (digit)(z / _PyLong_DECIMAL_BASE);
            pout[j] = (digit)(z - (twodigits)hi * _PyLong_DECIMAL_BASE);
        }
        while (hi) {
            pout[used++] = hi % _PyLong_DECIMAL_BASE;
            hi /= _PyLong_DECIMAL_BASE;
        }
    }
    if (used == 0) pout[used++] = 0;
    Py_ssize_t ndigits = (used - 1) * _PyLong_DECIMAL_SHIFT + 1;
    for (digit t = pout[used - 1]; t >= 10; t /= 10) ndigits++;
    if (limit > 0 && ndigits > CPX_MAX_STR_DIGITS_THRESHOLD && ndigits > limit) {
        PyMem_Free(pout);
        PyErr_Format(PyExc_ValueError, TO_STR_LIMIT_MSG, limit);
        return NULL;
    }
    char *buf = PyMem_Malloc((size_t)(ndigits + negative + 1));
    if (buf == NULL) {
        PyMem_Free(pout);
        return PyErr_NoMemory();
    }
    char *p = buf + ndigits + negative;
    *p = '\0';
    for (Py_ssize_t j = 0; j < used - 1; j++) {
        digit t = pout[j];
        for (int k = 0; k < _PyLong_DECIMAL_SHIFT; k++, t /= 10) *--p = (char)('0' + t % 10);
    }
    for (digit t = pout[used - 1];; t /= 10) {
        *--p = (char)('0' + t % 10);
        if (t < 10) break;
    }
    if (negative) *--p = '-';
    PyObject *r = PyUnicode_FromStringAndSize(buf, ndigits + negative);
    PyMem_Free(buf);
    PyMem_Free(pout);
    return r;
}

static PyObject *format_any_base(PyLongObject *a, int base) {
    static const char chars[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    Py_ssize_t size_a = cpx_lsize(a);
    int negative = Py_SIZE(a) < 0;
    const char *prefix = base == 16 ? "0x" : base == 8 ? "0o" : base == 2 ? "0b" : "";
    size_t nbits = _PyLong_NumBits((PyObject *)a);
    int bits = 0;
    for (int b = base; b > 1; b >>= 1) bits++;   /* floor(log2(base)) */
    size_t maxchars = (nbits ? nbits : 1) / (size_t)bits + 1 + 3;
    char *buf = PyMem_Malloc(maxchars + 1);
    if (buf == NULL) return PyErr_NoMemory();
    char *p = buf + maxchars;
    *p = '\0';
    if ((base & (base - 1)) == 0) {
        twodigits acc = 0;
        int accbits = 0;
        Py_ssize_t i = 0;
        do {
            if (accbits < bits && i < size_a) {
                acc |= (twodigits)a->ob_digit[i++] << accbits;
                accbits += PyLong_SHIFT;
            }
            *--p = chars[acc & (twodigits)(base - 1)];
            acc >>= bits;
            accbits -= bits;
        } while (i < size_a || acc != 0);
    } else {
        /* repeated division by base on a scratch copy of the magnitude */
        digit *t = PyMem_Malloc((size_t)(size_a ? size_a : 1) * sizeof(digit));
        if (t == NULL) {
            PyMem_Free(buf);
            return PyErr_NoMemory();
        }
        memcpy(t, a->ob_digit, (size_t)size_a * sizeof(digit));
        Py_ssize_t n = size_a;
        do {
            twodigits r = 0;
            for (Py_ssize_t i = n; --i >= 0;) {
                r = (r << PyLong_SHIFT) | t[i];
                t[i] = (digit)(r / (twodigits)base);
                r %= (twodigits)base;
            }
            while (n > 0 && t[n - 1] == 0) n--;
            *--p = chars[r];
        } while (n > 0);
        PyMem_Free(t);
    }
    for (size_t k = strlen(prefix); k > 0; k--) *--p = prefix[k - 1];
    if (negative) *--p = '-';
    PyObject *r = PyUnicode_FromString(p);
    PyMem_Free(buf);
    return r;
}

PyObject *_PyLong_Format(PyObject *obj, int base) {
    if (obj == NULL || !PyLong_Check(obj) || base < 2 || base > 36) {
        CPX_BAD_LONG_CALL(1724);
        return NULL;
    }
    if (base == 10) return _cpx_long_to_decimal(obj);
    return format_any_base((PyLongObject *)obj, base);
}

/* ---------------- text -> int ---------------- */

static PyObject *invalid_literal(const char *orig, int base) {
    size_t slen = strlen(orig);
    if (slen > 200) slen = 200;
    PyObject *s = PyUnicode_DecodeUTF8(orig, (Py_ssize_t)slen, "replace");
    if (s != NULL) {
        PyErr_Format(PyExc_ValueError, "invalid literal for int() with base %d: %.200R", base, s);
        Py_DECREF(s);
    }
    return NULL;
}

PyObject *PyLong_FromString(const char *str, char **pend, int base) {
    const char *orig = str;
    int orig_base = base, negative = 0, error_if_nonzero = 0;
    if ((base != 0 && base < 2) || base > 36) {
        PyErr_SetString(PyExc_ValueError, "int() arg 2 must be >= 2 and <= 36");
        return NULL;
    }
    while (*str != '\0' && Py_ISSPACE(Py_CHARMASK(*str))) str++;
    if (*str == '+') str++;
    else if (*str == '-') {
        str++;
        negative = 1;
    }
    if (base == 0) {
        if (str[0] != '0') base = 10;
        else if (str[1] == 'x' || str[1] == 'X') base = 16;
        else if (str[1] == 'o' || str[1] == 'O') base = 8;
        else if (str[1] == 'b' || str[1] == 'B') base = 2;
        else {
            /* a C-style octal literal is invalid, unless it is all zeros */
            error_if_nonzero = 1;
            base = 10;
        }
    }
    if (str[0] == '0' &&
        ((base == 16 && (str[1] == 'x' || str[1] == 'X')) || (base == 8 && (str[1] == 'o' || str[1] == 'O')) ||
         (base == 2 && (str[1] == 'b' || str[1] == 'B')))) {
        str += 2;
        if (*str == '_') str++;   /* one underscore may follow the prefix */
    }
    if (*str == '_') goto invalid;
    /* scan: digits, single underscores between digits */
    const char *start = str, *p = str;
    Py_ssize_t ndigits = 0;
    char prev = '\0';
    for (;; p++) {
        if (*p == '_') {
            if (prev == '_') goto invalid;
        } else if (_PyLong_DigitValue[Py_CHARMASK(*p)] >= base) {
            break;
        } else {
            ndigits++;
        }
        prev = *p;
    }
    if (prev == '_' || ndigits == 0) {
        str = p;
        goto invalid;
    }
    int binary = (base & (base - 1)) == 0;
    if (!binary && ndigits > CPX_MAX_STR_DIGITS_THRESHOLD && _cpx_int_max_str_digits > 0 &&
        ndigits > _cpx_int_max_str_digits) {
        PyErr_Format(PyExc_ValueError, TO_INT_LIMIT_MSG, _cpx_int_max_str_digits, ndigits);
        return NULL;
    }
    PyLongObject *z;
    if (binary) {
        int bits = 0;
        for (int b = base; b > 1; b >>= 1) bits++;
        Py_ssize_t nz = (Py_ssize_t)(((size_t)ndigits * (size_t)bits + PyLong_SHIFT - 1) / PyLong_SHIFT);
        z = _PyLong_New(nz);
        if (z == NULL) return NULL;
        twodigits acc = 0;
        int accbits = 0;
        Py_ssize_t k = 0;
        for (const char *q = p; --q >= start;) {
            if (*q == '_') continue;
            acc |= (twodigits)_PyLong_DigitValue[Py_CHARMASK(*q)] << accbits;
            accbits += bits;
            if (accbits >= PyLong_SHIFT) {
                z->ob_digit[k++] = (digit)(acc & PyLong_MASK);
                acc >>= PyLong_SHIFT;
                accbits -= PyLong_SHIFT;
            }
        }
        if (accbits > 0) z->ob_digit[k++] = (digit)acc;
        while (k < nz) z->ob_digit[k++] = 0;
    } else {
        /* chunks of `per` characters: z = z * base**per + chunk, in place */
        twodigits chunk_max = base;
        int per = 1;
        while (chunk_max * (twodigits)base <= PyLong_BASE) {
            chunk_max *= (twodigits)base;
            per++;
        }
        double bits = (double)ndigits * log2((double)base);
        Py_ssize_t cap = (Py_ssize_t)(bits / PyLong_SHIFT) + 2, used = 0;
        z = _PyLong_New(cap);
        if (z == NULL) return NULL;
        const char *q = start;
        while (q < p) {
            twodigits c = 0, mul = 1;
            for (int k = 0; k < per && q < p; q++) {
                if (*q == '_') continue;
                c = c * (twodigits)base + _PyLong_DigitValue[Py_CHARMASK(*q)];
                mul *= (twodigits)base;
                k++;
            }
            for (Py_ssize_t i = 0; i < used; i++) {
                c += (twodigits)z->ob_digit[i] * mul;
                z->ob_digit[i] = (digit)(c & PyLong_MASK);
                c >>= PyLong_SHIFT;
            }
            while (c) {
                z->ob_digit[used++] = (digit)(c & PyLong_MASK);
                c >>= PyLong_SHIFT;
            }
        }
        Py_SET_SIZE(z, used);
    }
    _cpx_long_normalize(z);
    if (error_if_nonzero && Py_SIZE(z) != 0) {
        Py_DECREF(z);
        goto invalid;
    }
    if (negative) Py_SET_SIZE(z, -Py_SIZE(z));
    while (*p != '\0' && Py_ISSPACE(Py_CHARMASK(*p))) p++;
    if (*p != '\0') {
        /* trailing garbage is an error even when pend is given */
        Py_DECREF(z);
        str = p;
        goto invalid;
    }
    if (pend != NULL) *pend = (char *)p;
    return _cpx_long_finish(z);
invalid:
    if (pend != NULL) *pend = (char *)str;
    return invalid_literal(orig, orig_base);
}

PyObject *PyLong_FromUnicodeObject(PyObject *u, int base) {
    Py_ssize_t len;
    char *buf = _cpx_unicode_number_ascii(u, &len);
    if (buf == NULL) return NULL;
    char *end = NULL;
    PyObject *r = PyLong_FromString(buf, &end, base);
    int ok = end == NULL || (r != NULL && end == buf + len);
    PyMem_Free(buf);
    if (ok) return r;
    Py_XDECREF(r);
    PyErr_Format(PyExc_ValueError, "invalid literal for int() with base %d: %.200R", base, u);
    return NULL;
}

PyObject *_PyLong_FromBytes(const char *s, Py_ssize_t len, int base) {
    char *end = NULL;
    PyObject *r = PyLong_FromString(s, &end, base);
    if (end == NULL || (r != NULL && end == s + len)) return r;
    Py_XDECREF(r);
    PyObject *b = PyBytes_FromStringAndSize(s, len < 200 ? len : 200);
    if (b != NULL) {
        PyErr_Format(PyExc_ValueError, "invalid literal for int() with base %d: %R", base, b);
        Py_DECREF(b);
    }
    return NULL;
}
