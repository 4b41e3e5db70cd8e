/* unicode_format.c: PyUnicode_FromFormat(V) (printf-style building of a str
 * from C values, CPython 3.11's units and quirks). The str % args operator
 * is in unicode_format_percent.c.
 *
 * Invariants: output goes to a _cpx_uwriter owned by the call; every object
 * made along the way (str() of an argument, a dictionary value) is a new
 * reference released before returning; arguments are only borrowed. */
#include "unicode_internal.h"

/* ---- PyUnicode_FromFormatV ---- */

/* Write str (or its first `precision` characters), right-aligned in width. */
static int write_str(_cpx_uwriter *w, PyObject *s, Py_ssize_t width, Py_ssize_t precision)
{
    Py_ssize_t len = PyUnicode_GET_LENGTH(s);
    if (precision >= 0 && len > precision)
        len = precision;
    if (width > len && _cpx_uw_fill(w, ' ', width - len) < 0)
        return -1;
    return _cpx_uw_substr(w, s, 0, len);
}

/* A C string: at most `precision` bytes of it, decoded as UTF-8 with
 * replacement characters, then padded to width characters. */
static int write_cstr(_cpx_uwriter *w, const char *str, Py_ssize_t width, Py_ssize_t precision)
{
    if (str == NULL)
        str = "(null)";
    Py_ssize_t len = 0;
    if (precision < 0)
        len = (Py_ssize_t)strlen(str);
    else
        while (len < precision && str[len])
            len++;
    PyObject *s = PyUnicode_DecodeUTF8Stateful(str, len, "replace", NULL);
    if (s == NULL)
        return -1;
    int r = write_str(w, s, width, -1);
    Py_DECREF(s);
    return r;
}

static int write_obj(_cpx_uwriter *w, PyObject *s, Py_ssize_t width, Py_ssize_t precision)
{
    if (s == NULL)
        return -1;
    int r = write_str(w, s, width, precision);
    Py_DECREF(s);
    return r;
}

/* Format one unit starting at the '%' at f; return where to go on. */
static const char *format_unit(_cpx_uwriter *w, const char *f, va_list *vargs)
{
    const char *p = f++;
    int zeropad = 0;
    if (*f == '0') {
        zeropad = 1;
        f++;
    }
    Py_ssize_t width = -1, precision = -1;
    if (Py_ISDIGIT(*f)) {
        width = 0;
        while (Py_ISDIGIT(*f)) {
            if (width > (PY_SSIZE_T_MAX - 9) / 10) {
                PyErr_SetString(PyExc_ValueError, "width too big");
                return NULL;
            }
            width = width * 10 + (*f++ - '0');
        }
    }
    if (*f == '.') {
        f++;
        if (Py_ISDIGIT(*f)) {
            precision = 0;
            while (Py_ISDIGIT(*f)) {
                if (precision > (PY_SSIZE_T_MAX - 9) / 10) {
                    PyErr_SetString(PyExc_ValueError, "precision too big");
                    return NULL;
                }
                precision = precision * 10 + (*f++ - '0');
            }
        }
        if (*f == '%')
            f--;            /* "%.3%s": not a unit; copied as text below */
    }
    if (*f == '\0')
        f--;                /* "%.12" at the end: likewise */
    int lng = 0, llng = 0, szt = 0;
    if (*f == 'l') {
        if (f[1] == 'd' || f[1] == 'u' || f[1] == 'i') {
            lng = 1;
            f++;
        }
        else if (f[1] == 'l' && (f[2] == 'd' || f[2] == 'u' || f[2] == 'i')) {
            llng = 1;
            f += 2;
        }
    }
    else if (*f == 'z' && (f[1] == 'd' || f[1] == 'u' || f[1] == 'i')) {
        szt = 1;
        f++;
    }
    char buf[64];
    int len;
    switch (*f) {
    case 'c': {
        int ordinal = va_arg(*vargs, int);
        if (ordinal < 0 || ordinal > CPX_MAX_UNICODE) {
            PyErr_SetString(PyExc_OverflowError, "character argument not in range(0x110000)");
            return NULL;
        }
        if (_cpx_uw_char(w, (Py_UCS4)ordinal) < 0)
            return NULL;
        break;
    }
    case 'i': case 'd': case 'u': case 'x': {
        if (*f == 'u') {
            if (lng) len = snprintf(buf, sizeof buf, "%lu", va_arg(*vargs, unsigned long));
            else if (llng) len = snprintf(buf, sizeof buf, "%llu", va_arg(*vargs, unsigned long long));
            else if (szt) len = snprintf(buf, sizeof buf, "%zu", va_arg(*vargs, size_t));
            else len = snprintf(buf, sizeof buf, "%u", va_arg(*vargs, unsigned int));
        }
        else if (*f == 'x') {
            len = snprintf(buf, sizeof buf, "%x", va_arg(*vargs, int));
        }
        else {
            if (lng) len = snprintf(buf, sizeof buf, "%ld", va_arg(*vargs, long));
            else if (llng) len = snprintf(buf, sizeof buf, "%lld", va_arg(*vargs, long long));
            else if (szt) len = snprintf(buf, sizeof buf, "%zd", va_arg(*vargs, Py_ssize_t));
            else len = snprintf(buf, sizeof buf, "%d", va_arg(*vargs, int));
        }
        /* As CPython 3.11: the padding goes before the sign. */
        if (precision < len)
            precision = len;
        if (width > precision && _cpx_uw_fill(w, zeropad ? '0' : ' ', width - precision) < 0)
            return NULL;
        if (precision > len && _cpx_uw_fill(w, '0', precision - len) < 0)
            return NULL;
        if (_cpx_uw_ascii(w, buf, len) < 0)
            return NULL;
        break;
    }
    case 'p': {
        len = snprintf(buf + 2, sizeof buf - 2, "%p", va_arg(*vargs, void *));
        char *s = buf + 2;
        if (s[1] == 'X')
            s[1] = 'x';
        else if (s[1] != 'x') {
            s = buf;
            s[0] = '0';
            s[1] = 'x';
            len += 2;
        }
        if (_cpx_uw_ascii(w, s, len) < 0)
            return NULL;
        break;
    }
    case 's':
        if (write_cstr(w, va_arg(*vargs, const char *), width, precision) < 0)
            return NULL;
        break;
    case 'U': {
        PyObject *obj = va_arg(*vargs, PyObject *);
        if (write_str(w, obj, width, precision) < 0)
            return NULL;
        break;
    }
    case 'V': {
        PyObject *obj = va_arg(*vargs, PyObject *);
        const char *str = va_arg(*vargs, const char *);
        if ((obj ? write_str(w, obj, width, precision) : write_cstr(w, str, width, precision)) < 0)
            return NULL;
        break;
    }
    case 'S':
        if (write_obj(w, PyObject_Str(va_arg(*vargs, PyObject *)), width, precision) < 0)
            return NULL;
        break;
    case 'R':
        if (write_obj(w, PyObject_Repr(va_arg(*vargs, PyObject *)), width, precision) < 0)
            return NULL;
        break;
    case 'A':
        if (write_obj(w, PyObject_ASCII(va_arg(*vargs, PyObject *)), width, precision) < 0)
            return NULL;
        break;
    case '%':
        if (_cpx_uw_char(w, '%') < 0)
            return NULL;
        break;
    default: {
        /* Not a unit: the rest of the format is copied as it is. */
        Py_ssize_t rest = (Py_ssize_t)strlen(p);
        if (_cpx_uw_ascii(w, p, rest) < 0)
            return NULL;
        return p + rest;
    }
    }
    return f + 1;
}

PyObject *PyUnicode_FromFormatV(const char *format, va_list vargs)
{
    _cpx_uwriter w;
    _cpx_uw_init(&w);
    va_list ap;
    va_copy(ap, vargs);
    const char *f = format;
    while (*f) {
        if (*f == '%') {
            f = format_unit(&w, f, &ap);
            if (f == NULL)
                goto fail;
            continue;
        }
        const char *q = f;
        while (*q && *q != '%') {
            if ((unsigned char)*q > 127) {
                PyErr_Format(PyExc_ValueError,
                             "PyUnicode_FromFormatV() expects an ASCII-encoded format string, "
                             "got a non-ASCII byte: 0x%02x", (unsigned)(unsigned char)*q);
                goto fail;
            }
            q++;
        }
        if (_cpx_uw_ascii(&w, f, q - f) < 0)
            goto fail;
        f = q;
    }
    va_end(ap);
    return _cpx_uw_finish(&w);
fail:
    va_end(ap);
    _cpx_uw_discard(&w);
    return NULL;
}

PyObject *PyUnicode_FromFormat(const char *format, ...)
{
    va_list vargs;
    va_start(vargs, format);
    PyObject *r = PyUnicode_FromFormatV(format, vargs);
    va_end(vargs);
    return r;
}
