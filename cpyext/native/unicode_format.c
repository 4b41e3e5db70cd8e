/* unicode_format.c: PyUnicode_FromFormat(V) (printf-style building of a str
 * from C values, CPython 3.11's units and quirks) and PyUnicode_Format (the
 * str % args operator).
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

/* ---- PyUnicode_Format: str % args ---- */

#define F_LJUST 1
#define F_SIGN 2
#define F_BLANK 4
#define F_ALT 8
#define F_ZERO 16

typedef struct {
    PyObject *args;         /* borrowed, or owned when args_owned */
    int args_owned;
    Py_ssize_t arglen, argidx;
    PyObject *dict;         /* borrowed */
} fmt_ctx;

static PyObject *next_arg(fmt_ctx *c)
{
    Py_ssize_t i = c->argidx;
    if (i < c->arglen) {
        c->argidx++;
        return c->arglen < 0 ? c->args : PyTuple_GET_ITEM(c->args, i);
    }
    PyErr_SetString(PyExc_TypeError, "not enough arguments for format string");
    return NULL;
}

/* Write sign + prefix + zeros + digits (all ASCII) padded to width. */
static int write_number(_cpx_uwriter *w, char sign, const char *prefix, const char *digits,
                        Py_ssize_t ndigits, Py_ssize_t zeros, Py_ssize_t width, int flags)
{
    Py_ssize_t plen = (Py_ssize_t)strlen(prefix);
    Py_ssize_t body = (sign ? 1 : 0) + plen + zeros + ndigits;
    Py_ssize_t pad = width > body ? width - body : 0;
    if (pad && !(flags & (F_LJUST | F_ZERO)) && _cpx_uw_fill(w, ' ', pad) < 0)
        return -1;
    if (sign && _cpx_uw_char(w, (Py_UCS4)sign) < 0)
        return -1;
    if (_cpx_uw_ascii(w, prefix, plen) < 0)
        return -1;
    if (pad && !(flags & F_LJUST) && (flags & F_ZERO) && _cpx_uw_fill(w, '0', pad) < 0)
        return -1;
    if (_cpx_uw_fill(w, '0', zeros) < 0 || _cpx_uw_ascii(w, digits, ndigits) < 0)
        return -1;
    if (pad && (flags & F_LJUST) && _cpx_uw_fill(w, ' ', pad) < 0)
        return -1;
    return 0;
}

static int format_long(_cpx_uwriter *w, PyObject *v, char type, int flags,
                       Py_ssize_t width, Py_ssize_t prec)
{
    PyObject *iobj;
    if (!PyNumber_Check(v))
        goto wrongtype;
    if (PyLong_Check(v)) {
        iobj = Py_NewRef(v);
    }
    else if (type == 'o' || type == 'x' || type == 'X') {
        if (!PyIndex_Check(v))
            goto wrongtype;
        iobj = PyNumber_Index(v);
        if (iobj == NULL)
            return -1;
    }
    else {
        iobj = PyNumber_Long(v);
        if (iobj == NULL) {
            if (PyErr_ExceptionMatches(PyExc_TypeError))
                goto wrongtype;
            return -1;
        }
    }
    int base = type == 'o' ? 8 : (type == 'x' || type == 'X') ? 16 : 10;
    char small[72];
    PyObject *text = NULL;
    const char *digits;
    Py_ssize_t ndigits;
    int negative, overflow;
    long long x = PyLong_AsLongLongAndOverflow(iobj, &overflow);
    if (x == -1 && PyErr_Occurred()) {
        Py_DECREF(iobj);
        return -1;
    }
    if (!overflow) {
        negative = x < 0;
        unsigned long long ux = negative ? 0ULL - (unsigned long long)x : (unsigned long long)x;
        ndigits = snprintf(small, sizeof small, base == 8 ? "%llo" : base == 16 ? "%llx" : "%llu", ux);
        digits = small;
    }
    else {
        text = PyNumber_ToBase(iobj, base);
        if (text == NULL) {
            Py_DECREF(iobj);
            return -1;
        }
        Py_ssize_t tlen;
        const char *t = PyUnicode_AsUTF8AndSize(text, &tlen);
        if (t == NULL) {
            Py_DECREF(text);
            Py_DECREF(iobj);
            return -1;
        }
        negative = t[0] == '-';
        t += negative;
        tlen -= negative;
        if (base != 10 && tlen >= 2 && t[0] == '0') {
            t += 2;
            tlen -= 2;
        }
        digits = t;
        ndigits = tlen;
    }
    Py_DECREF(iobj);
    char *up = NULL;
    if (type == 'X') {
        up = PyMem_Malloc((size_t)ndigits + 1);
        if (up == NULL) {
            Py_XDECREF(text);
            PyErr_NoMemory();
            return -1;
        }
        for (Py_ssize_t i = 0; i < ndigits; i++)
            up[i] = (char)Py_TOUPPER(digits[i]);
        digits = up;
    }
    char sign = negative ? '-' : (flags & F_SIGN) ? '+' : (flags & F_BLANK) ? ' ' : 0;
    const char *prefix = "";
    if (flags & F_ALT)
        prefix = type == 'o' ? "0o" : type == 'x' ? "0x" : type == 'X' ? "0X" : "";
    Py_ssize_t zeros = prec > ndigits ? prec - ndigits : 0;
    int r = write_number(w, sign, prefix, digits, ndigits, zeros, width, flags);
    PyMem_Free(up);
    Py_XDECREF(text);
    return r;
wrongtype:
    if (type == 'o' || type == 'x' || type == 'X')
        PyErr_Format(PyExc_TypeError, "%%%c format: an integer is required, not %.200s",
                     type, _cpx_type_name(v));
    else
        PyErr_Format(PyExc_TypeError, "%%%c format: a real number is required, not %.200s",
                     type, _cpx_type_name(v));
    return -1;
}

static int format_float(_cpx_uwriter *w, PyObject *v, char type, int flags,
                        Py_ssize_t width, Py_ssize_t prec)
{
    double x = PyFloat_AsDouble(v);
    if (x == -1.0 && PyErr_Occurred())
        return -1;
    if (prec < 0)
        prec = 6;
    int upper = type == 'E' || type == 'F' || type == 'G';
    if (!isfinite(x)) {
        const char *t = isnan(x) ? (upper ? "NAN" : "nan") : (upper ? "INF" : "inf");
        char sign = (!isnan(x) && x < 0) ? '-' : (flags & F_SIGN) ? '+' : (flags & F_BLANK) ? ' ' : 0;
        return write_number(w, sign, "", t, 3, 0, width, flags);
    }
    char spec[16], small[128];
    snprintf(spec, sizeof spec, "%%%s.*%c", (flags & F_ALT) ? "#" : "", type);
    double ax = fabs(x);
    int n = snprintf(small, sizeof small, spec, (int)prec, ax);
    char *digits = small;
    if (n >= (int)sizeof small) {
        digits = PyMem_Malloc((size_t)n + 1);
        if (digits == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        snprintf(digits, (size_t)n + 1, spec, (int)prec, ax);
    }
    char sign = signbit(x) ? '-' : (flags & F_SIGN) ? '+' : (flags & F_BLANK) ? ' ' : 0;
    int r = write_number(w, sign, "", digits, n, 0, width, flags);
    if (digits != small)
        PyMem_Free(digits);
    return r;
}

static int format_char(_cpx_uwriter *w, PyObject *v, int flags, Py_ssize_t width)
{
    Py_UCS4 ch;
    if (PyUnicode_Check(v)) {
        if (PyUnicode_GET_LENGTH(v) != 1)
            goto wrong;
        ch = PyUnicode_READ_CHAR(v, 0);
    }
    else {
        PyObject *iobj = PyLong_Check(v) ? Py_NewRef(v) : PyNumber_Index(v);
        if (iobj == NULL)
            goto wrong;
        int overflow;
        long x = PyLong_AsLongAndOverflow(iobj, &overflow);
        Py_DECREF(iobj);
        if (x == -1 && PyErr_Occurred())
            goto wrong;
        if (overflow || x < 0 || x > CPX_MAX_UNICODE) {
            PyErr_SetString(PyExc_OverflowError, "%c arg not in range(0x110000)");
            return -1;
        }
        ch = (Py_UCS4)x;
    }
    if (width > 1 && !(flags & F_LJUST) && _cpx_uw_fill(w, ' ', width - 1) < 0)
        return -1;
    if (_cpx_uw_char(w, ch) < 0)
        return -1;
    if (width > 1 && (flags & F_LJUST) && _cpx_uw_fill(w, ' ', width - 1) < 0)
        return -1;
    return 0;
wrong:
    PyErr_Clear();
    PyErr_SetString(PyExc_TypeError, "%c requires int or char");
    return -1;
}

static int format_text(_cpx_uwriter *w, PyObject *v, char type, int flags,
                       Py_ssize_t width, Py_ssize_t prec)
{
    PyObject *s = type == 's' ? PyObject_Str(v) : type == 'r' ? PyObject_Repr(v) : PyObject_ASCII(v);
    if (s == NULL)
        return -1;
    Py_ssize_t len = PyUnicode_GET_LENGTH(s);
    if (prec >= 0 && len > prec)
        len = prec;
    int r = 0;
    if (width > len && !(flags & F_LJUST))
        r = _cpx_uw_fill(w, ' ', width - len);
    if (r == 0)
        r = _cpx_uw_substr(w, s, 0, len);
    if (r == 0 && width > len && (flags & F_LJUST))
        r = _cpx_uw_fill(w, ' ', width - len);
    Py_DECREF(s);
    return r;
}

/* Parse "*" or digits for a width or precision at fmt[*pos]. */
static int parse_count(fmt_ctx *c, PyObject *fmt, Py_ssize_t *pos, Py_ssize_t *out,
                       int *flags, const char *what)
{
    Py_ssize_t len = PyUnicode_GET_LENGTH(fmt);
    if (*pos < len && PyUnicode_READ_CHAR(fmt, *pos) == '*') {
        (*pos)++;
        PyObject *v = next_arg(c);
        if (v == NULL)
            return -1;
        if (!PyLong_Check(v)) {
            PyErr_SetString(PyExc_TypeError, "* wants int");
            return -1;
        }
        Py_ssize_t n = PyLong_AsSsize_t(v);
        if (n == -1 && PyErr_Occurred())
            return -1;
        if (n < 0) {
            if (flags) {
                *flags |= F_LJUST;
                n = -n;
            }
            else
                n = 0;
        }
        *out = n;
        return 0;
    }
    Py_ssize_t n = -1;
    while (*pos < len) {
        Py_UCS4 ch = PyUnicode_READ_CHAR(fmt, *pos);
        if (ch < '0' || ch > '9')
            break;
        if (n < 0)
            n = 0;
        if (n > (PY_SSIZE_T_MAX - 9) / 10) {
            PyErr_Format(PyExc_ValueError, "%s too big", what);
            return -1;
        }
        n = n * 10 + (Py_ssize_t)(ch - '0');
        (*pos)++;
    }
    if (n >= 0 || !flags)
        *out = n < 0 ? 0 : n;
    return 0;
}

PyObject *PyUnicode_Format(PyObject *format, PyObject *args)
{
    if (format == NULL || args == NULL || !PyUnicode_Check(format)) {
        PyErr_BadInternalCall();
        return NULL;
    }
    fmt_ctx c = {args, 0, -1, -2, NULL};
    if (PyTuple_Check(args)) {
        c.arglen = PyTuple_GET_SIZE(args);
        c.argidx = 0;
    }
    if (PyMapping_Check(args) && !PyTuple_Check(args) && !PyUnicode_Check(args))
        c.dict = args;
    Py_ssize_t len = PyUnicode_GET_LENGTH(format), pos = 0;
    _cpx_uwriter w;
    _cpx_uw_init(&w);
    while (pos < len) {
        Py_ssize_t start = pos;
        while (pos < len && PyUnicode_READ_CHAR(format, pos) != '%')
            pos++;
        if (_cpx_uw_substr(&w, format, start, pos) < 0)
            goto fail;
        if (pos >= len)
            break;
        pos++;              /* the '%' */
        if (pos < len && PyUnicode_READ_CHAR(format, pos) == '(') {
            if (c.dict == NULL) {
                PyErr_SetString(PyExc_TypeError, "format requires a mapping");
                goto fail;
            }
            Py_ssize_t keystart = ++pos, depth = 1;
            while (pos < len && depth > 0) {
                Py_UCS4 ch = PyUnicode_READ_CHAR(format, pos);
                depth += ch == '(' ? 1 : ch == ')' ? -1 : 0;
                pos++;
            }
            if (depth > 0) {
                PyErr_SetString(PyExc_ValueError, "incomplete format key");
                goto fail;
            }
            PyObject *key = PyUnicode_Substring(format, keystart, pos - 1);
            if (key == NULL)
                goto fail;
            PyObject *value = PyObject_GetItem(c.dict, key);
            Py_DECREF(key);
            if (value == NULL)
                goto fail;
            if (c.args_owned)
                Py_DECREF(c.args);
            c.args = value;
            c.args_owned = 1;
            c.arglen = -1;
            c.argidx = -2;
        }
        int flags = 0;
        for (; pos < len; pos++) {
            Py_UCS4 ch = PyUnicode_READ_CHAR(format, pos);
            if (ch == '-') flags |= F_LJUST;
            else if (ch == '+') flags |= F_SIGN;
            else if (ch == ' ') flags |= F_BLANK;
            else if (ch == '#') flags |= F_ALT;
            else if (ch == '0') flags |= F_ZERO;
            else break;
        }
        Py_ssize_t width = -1, prec = -1;
        if (parse_count(&c, format, &pos, &width, &flags, "width") < 0)
            goto fail;
        if (pos < len && PyUnicode_READ_CHAR(format, pos) == '.') {
            pos++;
            prec = 0;
            if (parse_count(&c, format, &pos, &prec, NULL, "precision") < 0)
                goto fail;
        }
        while (pos < len) {
            Py_UCS4 ch = PyUnicode_READ_CHAR(format, pos);
            if (ch != 'h' && ch != 'l' && ch != 'L')
                break;
            pos++;
        }
        if (pos >= len) {
            PyErr_SetString(PyExc_ValueError, "incomplete format");
            goto fail;
        }
        Py_UCS4 type = PyUnicode_READ_CHAR(format, pos++);
        if (type == '%') {
            if (_cpx_uw_char(&w, '%') < 0)
                goto fail;
            continue;
        }
        PyObject *v = next_arg(&c);
        if (v == NULL)
            goto fail;
        int r;
        switch (type) {
        case 's': case 'r': case 'a':
            r = format_text(&w, v, (char)type, flags, width, prec);
            break;
        case 'd': case 'i': case 'u': case 'o': case 'x': case 'X':
            r = format_long(&w, v, (char)type, flags, width, prec);
            break;
        case 'e': case 'E': case 'f': case 'F': case 'g': case 'G':
            r = format_float(&w, v, (char)type, flags, width, prec);
            break;
        case 'c':
            r = format_char(&w, v, flags, width);
            break;
        default:
            PyErr_Format(PyExc_ValueError, "unsupported format character '%c' (0x%x) at index %zd",
                         (type >= 32 && type <= 126) ? (int)type : '?', (unsigned)type, pos - 1);
            r = -1;
        }
        if (r < 0)
            goto fail;
    }
    if (c.argidx < c.arglen && c.dict == NULL) {
        PyErr_SetString(PyExc_TypeError, "not all arguments converted during string formatting");
        goto fail;
    }
    if (c.args_owned)
        Py_DECREF(c.args);
    return _cpx_uw_finish(&w);
fail:
    if (c.args_owned)
        Py_DECREF(c.args);
    _cpx_uw_discard(&w);
    return NULL;
}
