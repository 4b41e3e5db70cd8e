/* unicode_format_percent.c: printf-style formatting with the % operator -- PyUnicode_Format
 * (str % args) and, through the same engine, bytes % args and bytearray % args (PEP 461).
 *
 * The engine reads the template as a str and writes a _cpx_uwriter. For bytes the template is
 * the bytes decoded as Latin-1 and every piece written is below U+0100 (bytes arguments are
 * copied as Latin-1, %r/%a use ascii(), numbers are ASCII), so encoding the result as Latin-1
 * gives the bytes back exactly. The two modes differ only where CPython's messages and
 * argument rules differ (PERCENT_BYTES below).
 *
 * Invariants: output goes to a _cpx_uwriter owned by the call; every object made along the way
 * (str() of an argument, a dictionary value) is a new reference released before returning;
 * arguments are only borrowed. */
#include "unicode_internal.h"

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
    int bytes_mode;         /* formatting bytes (PEP 461), not str */
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
                        Py_ssize_t width, Py_ssize_t prec, int bytes_mode)
{
    double x = PyFloat_AsDouble(v);
    if (x == -1.0 && PyErr_Occurred()) {
        if (bytes_mode) {
            PyErr_Clear();
            PyErr_Format(PyExc_TypeError, "float argument required, not %.200s", _cpx_type_name(v));
        }
        return -1;
    }
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

/* Pad one character to width (left-justified with '-'). */
static int write_padded_char(_cpx_uwriter *w, Py_UCS4 ch, int flags, Py_ssize_t width)
{
    if (width > 1 && !(flags & F_LJUST) && _cpx_uw_fill(w, ' ', width - 1) < 0)
        return -1;
    if (_cpx_uw_char(w, ch) < 0)
        return -1;
    if (width > 1 && (flags & F_LJUST) && _cpx_uw_fill(w, ' ', width - 1) < 0)
        return -1;
    return 0;
}

/* bytes %c: an int in range(256) or a bytes / bytearray of length 1. */
static int format_byte(_cpx_uwriter *w, PyObject *v, int flags, Py_ssize_t width)
{
    if ((PyBytes_Check(v) || PyByteArray_Check(v)) && Py_SIZE(v) == 1) {
        const char *p = PyBytes_Check(v) ? PyBytes_AS_STRING(v) : PyByteArray_AS_STRING(v);
        return write_padded_char(w, (unsigned char)p[0], flags, width);
    }
    PyObject *iobj = PyNumber_Index(v);
    int overflow = 0;
    long x = iobj != NULL ? PyLong_AsLongAndOverflow(iobj, &overflow) : -1;
    Py_XDECREF(iobj);
    if (iobj == NULL || (x == -1 && PyErr_Occurred())) {
        PyErr_Clear();
        PyErr_SetString(PyExc_TypeError, "%c requires an integer in range(256) or a single byte");
        return -1;
    }
    if (overflow || x < 0 || x > 255) {
        PyErr_SetString(PyExc_OverflowError, "%c arg not in range(256)");
        return -1;
    }
    return write_padded_char(w, (Py_UCS4)x, flags, width);
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
    return write_padded_char(w, ch, flags, width);
wrong:
    PyErr_Clear();
    PyErr_SetString(PyExc_TypeError, "%c requires int or char");
    return -1;
}

/* bytes %s / %b: the bytes of a buffer or of __bytes__(), as a Latin-1 str. */
static PyObject *bytes_argument_as_latin1(PyObject *v)
{
    PyObject *b = NULL;
    if (PyBytes_Check(v))
        b = Py_NewRef(v);
    else if (PyObject_CheckBuffer(v))
        b = PyBytes_FromObject(v);
    else {
        PyObject *method = _PyObject_LookupSpecial(v, _cpx_intern("__bytes__"));
        if (method == NULL) {
            if (!PyErr_Occurred())
                PyErr_Format(PyExc_TypeError,
                             "%%b requires a bytes-like object, or an object that implements __bytes__, not '%.100s'",
                             _cpx_type_name(v));
            return NULL;
        }
        b = PyObject_CallNoArgs(method);
        Py_DECREF(method);
        if (b != NULL && !PyBytes_Check(b)) {
            PyErr_Format(PyExc_TypeError, "__bytes__ returned non-bytes (type %.200s)", _cpx_type_name(b));
            Py_CLEAR(b);
        }
    }
    if (b == NULL)
        return NULL;
    PyObject *s = PyUnicode_DecodeLatin1(PyBytes_AS_STRING(b), PyBytes_GET_SIZE(b), NULL);
    Py_DECREF(b);
    return s;
}

static int format_text(_cpx_uwriter *w, PyObject *v, char type, int flags,
                       Py_ssize_t width, Py_ssize_t prec, int bytes_mode)
{
    PyObject *s;
    if (bytes_mode)
        s = type == 's' || type == 'b' ? bytes_argument_as_latin1(v) : PyObject_ASCII(v);
    else
        s = type == 's' ? PyObject_Str(v) : type == 'r' ? PyObject_Repr(v) : PyObject_ASCII(v);
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

/* format % args; with bytes_mode, format is bytes decoded as Latin-1 (see the top). */
static PyObject *percent_format(PyObject *format, PyObject *args, int bytes_mode)
{
    fmt_ctx c = {args, 0, -1, -2, NULL, bytes_mode};
    if (PyTuple_Check(args)) {
        c.arglen = PyTuple_GET_SIZE(args);
        c.argidx = 0;
    }
    if (PyMapping_Check(args) && !PyTuple_Check(args) && !PyUnicode_Check(args) &&
        !(bytes_mode && (PyBytes_Check(args) || PyByteArray_Check(args))))
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
            if (key != NULL && bytes_mode)      /* a bytes template's keys are bytes */
                Py_SETREF(key, PyUnicode_AsLatin1String(key));
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
        case 'b':
            if (!bytes_mode)
                goto unsupported;
            /* fall through */
        case 's': case 'r': case 'a':
            r = format_text(&w, v, (char)type, flags, width, prec, bytes_mode);
            break;
        case 'd': case 'i': case 'u': case 'o': case 'x': case 'X':
            r = format_long(&w, v, (char)type, flags, width, prec);
            break;
        case 'e': case 'E': case 'f': case 'F': case 'g': case 'G':
            r = format_float(&w, v, (char)type, flags, width, prec, bytes_mode);
            break;
        case 'c':
            r = bytes_mode ? format_byte(&w, v, flags, width) : format_char(&w, v, flags, width);
            break;
        default:
        unsupported:
            /* bytes name the character as it is; from 0x80 up CPython 3.11's own message
             * fails to format (a signed char), leaving a ValueError or an OverflowError
             * depending on its state, so those get str's message instead. */
            if (bytes_mode && type < 0x80) {
                PyErr_Format(PyExc_ValueError, "unsupported format character '%c' (0x%x) at index %zd",
                             (int)type, (unsigned)type, pos - 1);
                r = -1;
                break;
            }
            PyErr_Format(PyExc_ValueError, "unsupported format character '%c' (0x%x) at index %zd",
                         (type >= 32 && type <= 126) ? (int)type : '?', (unsigned)type, pos - 1);
            r = -1;
        }
        if (r < 0)
            goto fail;
    }
    if (c.argidx < c.arglen && c.dict == NULL) {
        PyErr_Format(PyExc_TypeError, "not all arguments converted during %s formatting",
                     bytes_mode ? "bytes" : "string");
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

PyObject *PyUnicode_Format(PyObject *format, PyObject *args)
{
    if (format == NULL || args == NULL || !PyUnicode_Check(format)) {
        PyErr_BadInternalCall();
        return NULL;
    }
    return percent_format(format, args, 0);
}

/* bytes % args and bytearray % args (nb_remainder of both): the formatted bytes, as a bytes
 * object (the bytearray slot converts). */
PyObject *_cpx_bytes_percent_format(const char *format, Py_ssize_t len, PyObject *args)
{
    PyObject *template = PyUnicode_DecodeLatin1(format, len, NULL);
    if (template == NULL)
        return NULL;
    PyObject *text = percent_format(template, args, 1);
    Py_DECREF(template);
    if (text == NULL)
        return NULL;
    PyObject *b = PyUnicode_AsLatin1String(text);
    Py_DECREF(text);
    return b;
}
