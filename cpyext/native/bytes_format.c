/* bytes_format.c: PyBytes_FromFormat(V) (CPython 3.11's units for bytes:
 * %c %d %u %ld %lu %zd %zu %i %x %p %s %%, widths ignored, precision for %s)
 * and PyBytes_DecodeEscape (the escape sequences of bytes literals).
 *
 * Invariants: output is built in a _cpx_bbuf owned by the call and handed
 * to a new bytes object; nothing here holds references. */
#include "unicode_internal.h"

/* ---- PyBytes_FromFormatV (CPython 3.11's narrower set of units) ---- */

PyObject *PyBytes_FromFormatV(const char *format, va_list vargs)
{
    _cpx_bbuf b;
    _cpx_bb_init(&b);
    va_list ap;
    va_copy(ap, vargs);
    const char *f = format;
    char buf[64];
    while (*f) {
        if (*f != '%') {
            const char *q = f;
            while (*q && *q != '%')
                q++;
            if (_cpx_bb_put(&b, f, q - f) < 0)
                goto fail;
            f = q;
            continue;
        }
        const char *p = f++;
        while (Py_ISDIGIT(*f))          /* the width is ignored */
            f++;
        Py_ssize_t prec = 0;
        if (*f == '.') {
            f++;
            for (; Py_ISDIGIT(*f); f++)
                prec = prec * 10 + (*f - '0');
        }
        while (*f && *f != '%' && !Py_ISALPHA(*f))
            f++;
        int lng = 0, szt = 0, n;
        if (*f == 'l' && (f[1] == 'd' || f[1] == 'u')) {
            lng = 1;
            f++;
        }
        else if (*f == 'z' && (f[1] == 'd' || f[1] == 'u')) {
            szt = 1;
            f++;
        }
        switch (*f) {
        case 'c': {
            int c = va_arg(ap, int);
            if (c < 0 || c > 255) {
                PyErr_SetString(PyExc_OverflowError,
                                "PyBytes_FromFormatV(): %c format expects an integer in range [0; 255]");
                goto fail;
            }
            if (_cpx_bb_byte(&b, c) < 0)
                goto fail;
            break;
        }
        case 'd':
            if (lng) n = snprintf(buf, sizeof buf, "%ld", va_arg(ap, long));
            else if (szt) n = snprintf(buf, sizeof buf, "%zd", va_arg(ap, Py_ssize_t));
            else n = snprintf(buf, sizeof buf, "%d", va_arg(ap, int));
            if (_cpx_bb_put(&b, buf, n) < 0)
                goto fail;
            break;
        case 'u':
            if (lng) n = snprintf(buf, sizeof buf, "%lu", va_arg(ap, unsigned long));
            else if (szt) n = snprintf(buf, sizeof buf, "%zu", va_arg(ap, size_t));
            else n = snprintf(buf, sizeof buf, "%u", va_arg(ap, unsigned int));
            if (_cpx_bb_put(&b, buf, n) < 0)
                goto fail;
            break;
        case 'i':
            n = snprintf(buf, sizeof buf, "%i", va_arg(ap, int));
            if (_cpx_bb_put(&b, buf, n) < 0)
                goto fail;
            break;
        case 'x':
            n = snprintf(buf, sizeof buf, "%x", va_arg(ap, int));
            if (_cpx_bb_put(&b, buf, n) < 0)
                goto fail;
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (s == NULL)
                s = "(null)";
            Py_ssize_t len = (Py_ssize_t)strlen(s);
            if (prec > 0 && len > prec)
                len = prec;
            if (_cpx_bb_put(&b, s, len) < 0)
                goto fail;
            break;
        }
        case 'p': {
            n = snprintf(buf + 2, sizeof buf - 2, "%p", va_arg(ap, void *));
            char *s = buf + 2;
            if (s[1] == 'X')
                s[1] = 'x';
            else if (s[1] != 'x') {
                s = buf;
                s[0] = '0';
                s[1] = 'x';
                n += 2;
            }
            if (_cpx_bb_put(&b, s, n) < 0)
                goto fail;
            break;
        }
        case '%':
            if (_cpx_bb_byte(&b, '%') < 0)
                goto fail;
            break;
        default:
            /* Not a unit: the rest of the format is copied as it is. */
            if (_cpx_bb_put(&b, p, (Py_ssize_t)strlen(p)) < 0)
                goto fail;
            va_end(ap);
            return _cpx_bb_finish(&b);
        }
        f++;
    }
    va_end(ap);
    return _cpx_bb_finish(&b);
fail:
    va_end(ap);
    _cpx_bb_discard(&b);
    return NULL;
}

PyObject *PyBytes_FromFormat(const char *format, ...)
{
    va_list vargs;
    va_start(vargs, format);
    PyObject *r = PyBytes_FromFormatV(format, vargs);
    va_end(vargs);
    return r;
}

/* ---- escape sequences (the bytes-literal rules) ---- */

static int is_hex(char c)
{
    return Py_ISDIGIT(c) || (Py_TOLOWER(c) >= 'a' && Py_TOLOWER(c) <= 'f');
}

PyObject *PyBytes_DecodeEscape(const char *s, Py_ssize_t len, const char *errors,
                               Py_ssize_t unused, const char *recode_encoding)
{
    _cpx_bbuf b;
    _cpx_bb_init(&b);
    const char *end = s + len, *start = s;
    if (_cpx_bb_reserve(&b, len) < 0)
        return NULL;
    while (s < end) {
        if (*s != '\\') {
            b.data[b.len++] = *s++;
            continue;
        }
        s++;
        if (s == end) {
            PyErr_SetString(PyExc_ValueError, "Trailing \\ in string");
            goto fail;
        }
        char c = *s++;
        switch (c) {
        case '\n': break;
        case '\\': b.data[b.len++] = '\\'; break;
        case '\'': b.data[b.len++] = '\''; break;
        case '"': b.data[b.len++] = '"'; break;
        case 'b': b.data[b.len++] = '\b'; break;
        case 'f': b.data[b.len++] = '\014'; break;
        case 't': b.data[b.len++] = '\t'; break;
        case 'n': b.data[b.len++] = '\n'; break;
        case 'r': b.data[b.len++] = '\r'; break;
        case 'v': b.data[b.len++] = '\013'; break;
        case 'a': b.data[b.len++] = '\007'; break;
        case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7': {
            int v = c - '0';
            for (int k = 0; k < 2 && s < end && *s >= '0' && *s <= '7'; k++)
                v = v * 8 + (*s++ - '0');
            b.data[b.len++] = (char)v;
            break;
        }
        case 'x':
            if (end - s >= 2 && is_hex(s[0]) && is_hex(s[1])) {
                int hi = Py_ISDIGIT(s[0]) ? s[0] - '0' : Py_TOLOWER(s[0]) - 'a' + 10;
                int lo = Py_ISDIGIT(s[1]) ? s[1] - '0' : Py_TOLOWER(s[1]) - 'a' + 10;
                b.data[b.len++] = (char)(hi * 16 + lo);
                s += 2;
                break;
            }
            if (errors == NULL || strcmp(errors, "strict") == 0) {
                PyErr_Format(PyExc_ValueError, "invalid \\x escape at position %zd",
                             (Py_ssize_t)(s - 2 - start));
                goto fail;
            }
            if (strcmp(errors, "replace") == 0)
                b.data[b.len++] = '?';
            else if (strcmp(errors, "ignore") != 0) {
                PyErr_Format(PyExc_ValueError, "decoding error; unknown error handling code: %.400s",
                             errors);
                goto fail;
            }
            /* skip the hex digits that are there */
            if (s < end && is_hex(*s))
                s++;
            break;
        default:
            if (PyErr_WarnFormat(PyExc_DeprecationWarning, 1, "invalid escape sequence '\\%c'",
                                 (unsigned char)c) < 0)
                goto fail;
            b.data[b.len++] = '\\';
            b.data[b.len++] = c;
            break;
        }
    }
    return _cpx_bb_finish(&b);
fail:
    _cpx_bb_discard(&b);
    return NULL;
}
