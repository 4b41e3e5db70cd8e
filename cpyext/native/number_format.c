/* number_format.c: __format__ of int, float and complex -- Python's format
 * specification mini-language
 *     [[fill]align][sign][z][#][0][width][,|_][.precision][type]
 * with CPython 3.11's layouts and error messages. The locale-dependent
 * type 'n' formats as in the C locale (no grouping, '.' as decimal point).
 *
 * Ownership: the spec string and the number are borrowed; the result is a
 * new str. Intermediate text is built in a PyMem_Malloc'd UCS4 buffer
 * (the fill character may be any code point) freed before returning. */
#include "long_internal.h"

typedef struct {
    Py_UCS4 fill, align, type;
    int fill_given, align_given, alternate, no_neg_0;
    char sign;          /* '\0', '+', '-' or ' ' */
    int sep;            /* '\0', ',' or '_' */
    int group;          /* digits per group when sep is set: 3 or 4 */
    Py_ssize_t width, precision;   /* -1 when absent */
} Spec;

typedef struct {
    Py_UCS4 *p;
    Py_ssize_t len, cap;
} UBuf;

static int ub_grow(UBuf *b, Py_ssize_t n) {
    if (b->len + n <= b->cap) return 0;
    Py_ssize_t cap = (b->len + n) * 2 + 16;
    Py_UCS4 *p = PyMem_Realloc(b->p, (size_t)cap * sizeof(Py_UCS4));
    if (p == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    b->p = p;
    b->cap = cap;
    return 0;
}

static int ub_fill(UBuf *b, Py_UCS4 c, Py_ssize_t n) {
    if (n <= 0) return 0;
    if (ub_grow(b, n) < 0) return -1;
    for (Py_ssize_t i = 0; i < n; i++) b->p[b->len++] = c;
    return 0;
}

static int ub_ascii(UBuf *b, const char *s, Py_ssize_t n, int upper) {
    if (ub_grow(b, n) < 0) return -1;
    for (Py_ssize_t i = 0; i < n; i++) b->p[b->len++] = (Py_UCS4)(upper ? Py_TOUPPER(Py_CHARMASK(s[i])) : Py_CHARMASK(s[i]));
    return 0;
}

static PyObject *ub_finish(UBuf *b) {
    PyObject *r = PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, b->p ? b->p : (Py_UCS4 *)"", b->len);
    PyMem_Free(b->p);
    return r;
}

/* ---------------- spec parsing ---------------- */

static int read_int(PyObject *s, Py_ssize_t *pos, Py_ssize_t end, Py_ssize_t *out) {
    Py_ssize_t v = 0, n = 0;
    for (; *pos < end; (*pos)++, n++) {
        Py_UCS4 c = PyUnicode_READ_CHAR(s, *pos);
        if (c < '0' || c > '9') break;
        if (v > (PY_SSIZE_T_MAX - (Py_ssize_t)(c - '0')) / 10) {
            PyErr_SetString(PyExc_ValueError, "Too many decimal digits in format string");
            return -1;
        }
        v = v * 10 + (Py_ssize_t)(c - '0');
    }
    *out = v;
    return (int)(n > 0);
}

static int is_align(Py_UCS4 c) { return c == '<' || c == '>' || c == '=' || c == '^'; }

static int bad_type(Py_UCS4 type, PyObject *obj) {
    if (type > 32 && type < 128)
        PyErr_Format(PyExc_ValueError, "Unknown format code '%c' for object of type '%.200s'", (int)type,
                     Py_TYPE(obj)->tp_name);
    else
        PyErr_Format(PyExc_ValueError, "Unknown format code '\\x%x' for object of type '%.200s'",
                     (unsigned int)type, Py_TYPE(obj)->tp_name);
    return -1;
}

static int parse_spec(PyObject *s, Spec *f, PyObject *obj) {
    Py_ssize_t pos = 0, end = PyUnicode_GET_LENGTH(s);
    memset(f, 0, sizeof *f);
    f->fill = ' ';
    f->align = '>';
    f->width = f->precision = -1;
    if (end - pos >= 2 && is_align(PyUnicode_READ_CHAR(s, pos + 1))) {
        f->fill = PyUnicode_READ_CHAR(s, pos);
        f->align = PyUnicode_READ_CHAR(s, pos + 1);
        f->fill_given = f->align_given = 1;
        pos += 2;
    } else if (end - pos >= 1 && is_align(PyUnicode_READ_CHAR(s, pos))) {
        f->align = PyUnicode_READ_CHAR(s, pos++);
        f->align_given = 1;
    }
    Py_UCS4 c = pos < end ? PyUnicode_READ_CHAR(s, pos) : 0;
    if (c == '+' || c == '-' || c == ' ') {
        f->sign = (char)c;
        c = ++pos < end ? PyUnicode_READ_CHAR(s, pos) : 0;
    }
    if (c == 'z') {
        f->no_neg_0 = 1;
        c = ++pos < end ? PyUnicode_READ_CHAR(s, pos) : 0;
    }
    if (c == '#') {
        f->alternate = 1;
        c = ++pos < end ? PyUnicode_READ_CHAR(s, pos) : 0;
    }
    if (!f->fill_given && c == '0') {
        f->fill = '0';
        if (!f->align_given) f->align = '=';
        pos++;
    }
    int got = read_int(s, &pos, end, &f->width);
    if (got < 0) return -1;
    if (!got) f->width = -1;
    c = pos < end ? PyUnicode_READ_CHAR(s, pos) : 0;
    if (c == ',') {
        f->sep = ',';
        c = ++pos < end ? PyUnicode_READ_CHAR(s, pos) : 0;
    }
    if (c == '_') {
        if (f->sep) goto both_seps;
        f->sep = '_';
        c = ++pos < end ? PyUnicode_READ_CHAR(s, pos) : 0;
    }
    if (c == ',' && f->sep == '_') goto both_seps;
    if (c == '.') {
        pos++;
        got = read_int(s, &pos, end, &f->precision);
        if (got < 0) return -1;
        if (!got) {
            PyErr_SetString(PyExc_ValueError, "Format specifier missing precision");
            return -1;
        }
    }
    if (end - pos > 1) {
        PyErr_Format(PyExc_ValueError, "Invalid format specifier '%U' for object of type '%.200s'", s,
                     Py_TYPE(obj)->tp_name);
        return -1;
    }
    if (end - pos == 1) f->type = PyUnicode_READ_CHAR(s, pos);
    if (f->sep) {
        f->group = 3;
        switch (f->type) {
        case 'd': case 'e': case 'f': case 'g': case 'E': case 'G': case '%': case 'F': case 0:
            break;
        case 'b': case 'o': case 'x': case 'X':
            if (f->sep == '_') {
                f->group = 4;
                break;
            }
            /* fall through */
        default:
            if (f->type > 32 && f->type < 128)
                PyErr_Format(PyExc_ValueError, "Cannot specify '%c' with '%c'.", f->sep, (int)f->type);
            else
                PyErr_Format(PyExc_ValueError, "Cannot specify '%c' with '\\x%x'.", f->sep, (unsigned int)f->type);
            return -1;
        }
    }
    return 0;
both_seps:
    PyErr_SetString(PyExc_ValueError, "Cannot specify both ',' and '_'.");
    return -1;
}

/* ---------------- layout ---------------- */

/* The digits grouped right to left (separator `sep` every `group` digits
 * when group > 0) and left-padded with zeros (grouped too) to at least
 * min_width characters. Returns a PyMem_Malloc'd string and its length. */
static char *group_digits(const char *digits, Py_ssize_t n, Py_ssize_t min_width, int group, char sep,
                          Py_ssize_t *outlen) {
    Py_ssize_t cap = n + (min_width > 0 ? min_width : 0) + (group ? (n + (min_width > 0 ? min_width : 0)) / group + 2 : 0) + 2;
    char *tmp = PyMem_Malloc((size_t)cap), *out = PyMem_Malloc((size_t)cap);
    if (tmp == NULL || out == NULL) {
        PyMem_Free(tmp);
        PyMem_Free(out);
        PyErr_NoMemory();
        return NULL;
    }
    Py_ssize_t k = 0, remaining = n;
    const char *src = digits + n;   /* consumed from the right */
    int use_sep = 0, broke = 0;
    #define EMIT_GROUP(len_) do { \
        Py_ssize_t l_ = (len_), zeros_ = l_ - remaining > 0 ? l_ - remaining : 0; \
        Py_ssize_t chars_ = remaining < l_ ? (remaining > 0 ? remaining : 0) : l_; \
        if (use_sep) tmp[k++] = sep; \
        for (Py_ssize_t i_ = 0; i_ < chars_; i_++) tmp[k++] = *--src; \
        for (Py_ssize_t i_ = 0; i_ < zeros_; i_++) tmp[k++] = '0'; \
        remaining -= chars_; } while (0)
    if (group > 0) {
        for (;;) {
            Py_ssize_t want = remaining > min_width ? remaining : min_width;
            if (want < 1) want = 1;
            EMIT_GROUP(group < want ? group : want);
            use_sep = 1;
            min_width -= group;
            if (remaining <= 0 && min_width <= 0) {
                broke = 1;
                break;
            }
            min_width -= 1;
        }
    }
    if (!broke) {
        Py_ssize_t want = remaining > min_width ? remaining : min_width;
        if (want < 1) want = 1;
        EMIT_GROUP(want);
    }
    #undef EMIT_GROUP
    for (Py_ssize_t i = 0; i < k; i++) out[i] = tmp[k - 1 - i];
    PyMem_Free(tmp);
    *outlen = k;
    return out;
}

/* lpad sign prefix spad grouped-digits [.] remainder rpad, per the spec */
static int put_number(UBuf *out, const Spec *f, char sign_char, const char *prefix, Py_ssize_t n_prefix,
                      const char *digits, Py_ssize_t n_digits, int has_decimal, const Py_UCS4 *rem,
                      Py_ssize_t n_rem, int upper) {
    char sign = 0;
    if (f->sign == '+') sign = sign_char == '-' ? '-' : '+';
    else if (f->sign == ' ') sign = sign_char == '-' ? '-' : ' ';
    else if (sign_char == '-') sign = '-';
    Py_ssize_t n_non_digit = (sign != 0) + n_prefix + has_decimal + n_rem;
    Py_ssize_t min_width = (f->fill == '0' && f->align == '=') ? f->width - n_non_digit : 0;
    char *grouped = NULL;
    Py_ssize_t n_grouped = 0;
    if (n_digits > 0) {
        grouped = group_digits(digits, n_digits, min_width, f->sep ? f->group : 0, (char)f->sep, &n_grouped);
        if (grouped == NULL) return -1;
    }
    Py_ssize_t pad = f->width - (n_non_digit + n_grouped), lpad = 0, spad = 0, rpad = 0;
    if (pad > 0) {
        switch (f->align) {
        case '<': rpad = pad; break;
        case '^': lpad = pad / 2; rpad = pad - lpad; break;
        case '=': spad = pad; break;
        default: lpad = pad; break;
        }
    }
    int rc = -1;
    if (ub_fill(out, f->fill, lpad) < 0) goto done;
    if (sign && ub_fill(out, (Py_UCS4)sign, 1) < 0) goto done;
    if (ub_ascii(out, prefix, n_prefix, upper) < 0 || ub_fill(out, f->fill, spad) < 0) goto done;
    if (ub_ascii(out, grouped, n_grouped, upper) < 0) goto done;
    if (has_decimal && ub_fill(out, '.', 1) < 0) goto done;
    if (ub_grow(out, n_rem) < 0) goto done;
    for (Py_ssize_t i = 0; i < n_rem; i++) out->p[out->len++] = rem[i];
    if (ub_fill(out, f->fill, rpad) < 0) goto done;
    rc = 0;
done:
    PyMem_Free(grouped);
    return rc;
}

/* ---------------- int ---------------- */

static PyObject *format_int(PyObject *v, const Spec *f) {
    UBuf out = {NULL, 0, 0};
    if (f->precision != -1) {
        PyErr_SetString(PyExc_ValueError, "Precision not allowed in integer format specifier");
        return NULL;
    }
    if (f->no_neg_0) {
        PyErr_SetString(PyExc_ValueError, "Negative zero coercion (z) not allowed in integer format specifier");
        return NULL;
    }
    if (f->type == 'c') {
        if (f->sign) {
            PyErr_SetString(PyExc_ValueError, "Sign not allowed with integer format specifier 'c'");
            return NULL;
        }
        if (f->alternate) {
            PyErr_SetString(PyExc_ValueError, "Alternate form (#) not allowed with integer format specifier 'c'");
            return NULL;
        }
        long x = PyLong_AsLong(v);
        if (x == -1 && PyErr_Occurred()) return NULL;
        if (x < 0 || x > 0x10ffff) {
            PyErr_SetString(PyExc_OverflowError, "%c arg not in range(0x110000)");
            return NULL;
        }
        Py_UCS4 ch = (Py_UCS4)x;
        if (put_number(&out, f, 0, "", 0, "", 0, 0, &ch, 1, 0) < 0) goto fail;
        return ub_finish(&out);
    }
    int base = f->type == 'b' ? 2 : f->type == 'o' ? 8 : (f->type == 'x' || f->type == 'X') ? 16 : 10;
    PyObject *text = _PyLong_Format(v, base);
    if (text == NULL) return NULL;
    const char *s = PyUnicode_AsUTF8(text);
    if (s == NULL) {
        Py_DECREF(text);
        return NULL;
    }
    char sign_char = 0;
    if (*s == '-') {
        sign_char = '-';
        s++;
    }
    Py_ssize_t n_prefix = base == 10 ? 0 : 2;
    const char *prefix = s;
    s += n_prefix;
    int rc = put_number(&out, f, sign_char, prefix, f->alternate ? n_prefix : 0, s, (Py_ssize_t)strlen(s), 0,
                        NULL, 0, f->type == 'X');
    Py_DECREF(text);
    if (rc < 0) goto fail;
    return ub_finish(&out);
fail:
    PyMem_Free(out.p);
    return NULL;
}

/* ---------------- float ---------------- */

/* The text of one double for the spec, its sign split off into *sign_char.
 * PyMem_Malloc'd. */
static char *float_text(double val, const Spec *f, Py_UCS4 type, int complex_part, char *sign_char) {
    int flags = 0, default_precision = 6, add_pct = 0;
    if (f->precision > INT_MAX) {
        PyErr_SetString(PyExc_ValueError, "precision too big");
        return NULL;
    }
    int precision = (int)f->precision;
    if (f->alternate) flags |= Py_DTSF_ALT;
    if (f->no_neg_0) flags |= Py_DTSF_NO_NEG_0;
    if (type == 0) {
        /* like repr() (a float gets its ".0"); with a precision like 'g' */
        if (!complex_part) flags |= Py_DTSF_ADD_DOT_0;
        type = 'r';
        default_precision = 0;
    }
    if (type == 'n') type = 'g';
    if (type == '%') {
        type = 'f';
        val *= 100;
        add_pct = 1;
    }
    if (precision < 0) precision = default_precision;
    else if (type == 'r') type = 'g';
    char *buf = PyOS_double_to_string(val, (char)type, precision, flags, NULL);
    if (buf == NULL) return NULL;
    if (add_pct) {
        size_t n = strlen(buf);
        char *b2 = PyMem_Realloc(buf, n + 2);
        if (b2 == NULL) {
            PyMem_Free(buf);
            PyErr_NoMemory();
            return NULL;
        }
        buf = b2;
        buf[n] = '%';
        buf[n + 1] = '\0';
    }
    *sign_char = 0;
    if (buf[0] == '-') {
        *sign_char = '-';
        memmove(buf, buf + 1, strlen(buf));
    }
    return buf;
}

/* put the unsigned text of a double: integer digits, '.', remainder */
static int put_float_text(UBuf *out, const Spec *f, char sign_char, const char *t) {
    Py_ssize_t n = (Py_ssize_t)strlen(t), nd = 0;
    while (nd < n && Py_ISDIGIT(t[nd])) nd++;
    int has_decimal = nd < n && t[nd] == '.';
    const char *rem = t + nd + has_decimal;
    Py_ssize_t n_rem = n - nd - has_decimal;
    Py_UCS4 *urem = PyMem_Malloc((size_t)(n_rem + 1) * sizeof(Py_UCS4));
    if (urem == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    for (Py_ssize_t i = 0; i < n_rem; i++) urem[i] = (Py_UCS4)(unsigned char)rem[i];
    int rc = put_number(out, f, sign_char, "", 0, t, nd, has_decimal, urem, n_rem, 0);
    PyMem_Free(urem);
    return rc;
}

static PyObject *format_float(double val, const Spec *f) {
    char sign_char;
    char *t = float_text(val, f, f->type, 0, &sign_char);
    if (t == NULL) return NULL;
    UBuf out = {NULL, 0, 0};
    int rc = put_float_text(&out, f, sign_char, t);
    PyMem_Free(t);
    if (rc < 0) {
        PyMem_Free(out.p);
        return NULL;
    }
    return ub_finish(&out);
}

/* ---------------- entry points ---------------- */

static int check_spec_arg(PyObject *spec) {
    if (!PyUnicode_Check(spec)) {
        PyErr_Format(PyExc_TypeError, "__format__() argument must be str, not %.200s", Py_TYPE(spec)->tp_name);
        return -1;
    }
    return 0;
}

PyObject *_cpx_long_format_method(PyObject *self, PyObject *spec) {
    Spec f;
    if (check_spec_arg(spec) < 0) return NULL;
    if (PyUnicode_GET_LENGTH(spec) == 0) return PyObject_Str(self);
    if (parse_spec(spec, &f, self) < 0) return NULL;
    switch (f.type) {
    case 0:
        f.type = 'd';
        /* fall through */
    case 'b': case 'c': case 'd': case 'o': case 'x': case 'X': case 'n':
        return format_int(self, &f);
    case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case '%': {
        double x = PyLong_AsDouble(self);
        if (x == -1.0 && PyErr_Occurred()) return NULL;
        return format_float(x, &f);
    }
    default:
        bad_type(f.type, self);
        return NULL;
    }
}

PyObject *_cpx_float_format_method(PyObject *self, PyObject *spec) {
    Spec f;
    if (check_spec_arg(spec) < 0) return NULL;
    if (PyUnicode_GET_LENGTH(spec) == 0) return PyObject_Str(self);
    if (parse_spec(spec, &f, self) < 0) return NULL;
    switch (f.type) {
    case 0: case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'n': case '%':
        return format_float(PyFloat_AS_DOUBLE(self), &f);
    default:
        bad_type(f.type, self);
        return NULL;
    }
}

PyObject *_cpx_complex_format_method(PyObject *self, PyObject *spec) {
    Spec f;
    if (check_spec_arg(spec) < 0) return NULL;
    if (PyUnicode_GET_LENGTH(spec) == 0) return PyObject_Str(self);
    if (parse_spec(spec, &f, self) < 0) return NULL;
    switch (f.type) {
    case 0: case 'e': case 'E': case 'f': case 'F': case 'g': case 'G': case 'n':
        break;
    default:
        bad_type(f.type, self);
        return NULL;
    }
    if (f.precision > INT_MAX) {
        PyErr_SetString(PyExc_ValueError, "precision too big");
        return NULL;
    }
    if (f.fill == '0') {
        PyErr_SetString(PyExc_ValueError, "Zero padding is not allowed in complex format specifier");
        return NULL;
    }
    if (f.align == '=') {
        PyErr_SetString(PyExc_ValueError, "'=' alignment flag is not allowed in complex format specifier");
        return NULL;
    }
    Py_complex c = ((PyComplexObject *)self)->cval;
    int skip_re = 0, parens = 0;
    if (f.type == 0) {
        /* like str(): the real part omitted when it is +0, else parentheses */
        if (c.real == 0.0 && copysign(1.0, c.real) == 1.0) skip_re = 1;
        else parens = 1;
    }
    Spec part = f;   /* the parts unpadded; the padding applies to the whole */
    part.fill = ' ';
    part.align = '<';
    part.width = -1;
    char re_sign, im_sign;
    char *re = float_text(c.real, &f, f.type, 1, &re_sign), *im = NULL;
    if (re != NULL) im = float_text(c.imag, &f, f.type, 1, &im_sign);
    UBuf body = {NULL, 0, 0}, out = {NULL, 0, 0};
    PyObject *res = NULL;
    if (im == NULL) goto done;
    if (parens && ub_fill(&body, '(', 1) < 0) goto done;
    if (!skip_re && put_float_text(&body, &part, re_sign, re) < 0) goto done;
    Spec imspec = part;
    if (!skip_re) imspec.sign = '+';
    if (put_float_text(&body, &imspec, im_sign, im) < 0) goto done;
    if (ub_fill(&body, 'j', 1) < 0) goto done;
    if (parens && ub_fill(&body, ')', 1) < 0) goto done;
    Py_ssize_t total = f.width > body.len ? f.width : body.len, lpad;
    lpad = f.align == '>' ? total - body.len : f.align == '^' ? (total - body.len) / 2 : 0;
    if (ub_fill(&out, f.fill, lpad) < 0 || ub_grow(&out, body.len) < 0) goto done;
    memcpy(out.p + out.len, body.p, (size_t)body.len * sizeof(Py_UCS4));
    out.len += body.len;
    if (ub_fill(&out, f.fill, total - body.len - lpad) < 0) goto done;
    res = ub_finish(&out);
    out.p = NULL;
done:
    PyMem_Free(re);
    PyMem_Free(im);
    PyMem_Free(body.p);
    PyMem_Free(out.p);
    return res;
}
