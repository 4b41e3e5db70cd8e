/* floatobject_hex.c: float.hex() and float.fromhex() -- the exact hexadecimal notation
 * [sign] ['0x'] digits ['.' digits] ['p' [sign] decimal-exponent] of a double, plus
 * 'inf' / 'infinity' / 'nan' in any case, surrounded by optional whitespace.
 *
 * Invariant: fromhex is exact -- the value the string spells is rounded once, half to even,
 * to the nearest double (subnormals included); a value that rounds beyond DBL_MAX raises
 * OverflowError. The digits are kept as nibbles, so any number of them is read exactly. */
#include "long_internal.h"

PyObject *_cpx_float_hex(PyObject *v, PyObject *Py_UNUSED(ignored)) {
    double x = PyFloat_AS_DOUBLE(v);
    if (!isfinite(x)) return PyFloat_Type.tp_repr(v);
    if (x == 0.0) return PyUnicode_FromString(copysign(1.0, x) == -1.0 ? "-0x0.0p+0" : "0x0.0p+0");
    int e;
    double m = frexp(fabs(x), &e);
    int shift = 1 - (DBL_MIN_EXP - e > 0 ? DBL_MIN_EXP - e : 0);
    m = ldexp(m, shift);
    e -= shift;
    char buf[64], *p = buf;
    if (x < 0) *p++ = '-';
    int lead = (int)m;
    m -= lead;
    p += sprintf(p, "0x%d.", lead);
    for (int i = 0; i < (DBL_MANT_DIG - 2) / 4 + 1; i++) {
        m *= 16.0;
        int h = (int)m;
        *p++ = "0123456789abcdef"[h];
        m -= h;
    }
    sprintf(p, "p%+d", e);
    return PyUnicode_FromString(buf);
}


static int hex_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

static int starts_with_nocase(const char *s, const char *end, const char *word)
{
    for (; *word; word++, s++)
        if (s >= end || Py_TOLOWER(*s) != *word) return 0;
    return 1;
}

/* The significant digits of a hex literal, most significant first, and the power of two its
 * last digit stands for. */
typedef struct {
    unsigned char *nibbles;
    Py_ssize_t count;
    long long lsb_exponent;
} hex_digits;

/* Bit `pos` (0 = least significant) of the integer the digits spell. */
static int digit_bit(const hex_digits *d, long long pos)
{
    long long nib = d->count - 1 - pos / 4;
    return (d->nibbles[nib] >> (pos % 4)) & 1;
}

/* Round d to the nearest double (ties to even); *overflow set when it does not fit. */
static double round_to_double(const hex_digits *d, int *overflow)
{
    *overflow = 0;
    long long nbits = d->count * 4LL;
    int top = d->nibbles[0];
    while (!(top & 8)) { top <<= 1; nbits--; }
    long long top_exponent = nbits - 1 + d->lsb_exponent;
    if (top_exponent > DBL_MAX_EXP) { *overflow = 1; return 0.0; }
    if (top_exponent < DBL_MIN_EXP - DBL_MANT_DIG - 1) return 0.0;   /* below half the least subnormal */
    long long kept_lsb = top_exponent - (DBL_MANT_DIG - 1);
    if (kept_lsb < DBL_MIN_EXP - DBL_MANT_DIG) kept_lsb = DBL_MIN_EXP - DBL_MANT_DIG;
    long long shift = kept_lsb - d->lsb_exponent;   /* low bits dropped */
    unsigned long long mantissa = 0;
    for (long long pos = nbits - 1; pos >= (shift > 0 ? shift : 0); pos--)
        mantissa = (mantissa << 1) | (unsigned long long)digit_bit(d, pos);
    if (shift < 0)
        mantissa <<= -shift;
    else if (shift > 0) {
        int half = shift - 1 < nbits && digit_bit(d, shift - 1);
        int sticky = 0;
        for (long long pos = 0; pos < shift - 1 && pos < nbits && !sticky; pos++)
            sticky = digit_bit(d, pos);
        if (half && (sticky || (mantissa & 1))) mantissa++;
    }
    double r = ldexp((double)mantissa, (int)kept_lsb);
    if (isinf(r)) *overflow = 1;
    return r;
}

/* float.fromhex(string): cls(value) for subclasses, as CPython does. */
PyObject *_cpx_float_fromhex(PyObject *type, PyObject *string) {
    Py_ssize_t len;
    const char *s = PyUnicode_AsUTF8AndSize(string, &len);
    if (s == NULL) return NULL;
    const char *end = s + len;
    while (s < end && Py_ISSPACE(*s)) s++;
    int negative = 0;
    if (s < end && (*s == '+' || *s == '-')) negative = *s++ == '-';
    double value;
    if (starts_with_nocase(s, end, "inf") || starts_with_nocase(s, end, "nan")) {
        value = Py_TOLOWER(*s) == 'n' ? Py_NAN : Py_HUGE_VAL;
        s += starts_with_nocase(s, end, "infinity") ? 8 : 3;
    } else {
        if (s + 1 < end && s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) s += 2;
        hex_digits d = {PyMem_Malloc((size_t)(end - s) + 1), 0, 0};
        if (d.nibbles == NULL) return PyErr_NoMemory();
        long long fraction_digits = 0;
        int any_digit = 0, seen_point = 0, ok = 1;
        for (; s < end; s++) {
            if (*s == '.' && !seen_point) { seen_point = 1; continue; }
            int v = hex_value(*s);
            if (v < 0) break;
            any_digit = 1;
            if (seen_point) fraction_digits++;
            if (v != 0 || d.count > 0) d.nibbles[d.count++] = (unsigned char)v;
        }
        long long exponent = 0;
        if (s < end && (*s == 'p' || *s == 'P')) {
            s++;
            int exp_negative = 0;
            if (s < end && (*s == '+' || *s == '-')) exp_negative = *s++ == '-';
            if (s >= end || !Py_ISDIGIT(*s)) ok = 0;
            for (; s < end && Py_ISDIGIT(*s); s++)      /* saturate: far beyond any double */
                if (exponent < (1LL << 40)) exponent = exponent * 10 + (*s - '0');
            if (exp_negative) exponent = -exponent;
        }
        /* digits after the last significant one still scale it */
        long long trailing_zeros = 0;
        while (d.count > 0 && d.nibbles[d.count - 1] == 0) { d.count--; trailing_zeros++; }
        d.lsb_exponent = exponent - 4 * fraction_digits + 4 * trailing_zeros;
        int overflow = 0;
        value = 0.0;
        if (ok && any_digit && d.count > 0) value = round_to_double(&d, &overflow);
        PyMem_Free(d.nibbles);
        if (!ok || !any_digit) goto invalid;
        if (overflow) {
            PyErr_SetString(PyExc_OverflowError, "hexadecimal value too large to represent as a float");
            return NULL;
        }
    }
    while (s < end && Py_ISSPACE(*s)) s++;
    if (s != end) goto invalid;
    PyObject *result = PyFloat_FromDouble(negative ? -value : value);
    if (result == NULL || type == (PyObject *)&PyFloat_Type) return result;
    Py_SETREF(result, PyObject_CallOneArg(type, result));
    return result;
invalid:
    PyErr_SetString(PyExc_ValueError, "invalid hexadecimal floating-point string");
    return NULL;
}
