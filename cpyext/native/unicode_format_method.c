/* unicode_format_method.c: str.format(*args, **kwargs) and str.format_map(mapping) -- the
 * replacement-field syntax
 *     {field_name!conversion:format_spec}
 * where field_name is an argument (auto-numbered, an index or a keyword) followed by any
 * number of .attribute and [key] lookups, conversion is r, s or a, and format_spec may itself
 * hold replacement fields (expanded one level deep, as in CPython). '{{' and '}}' stand for
 * literal braces. Errors are CPython 3.11's (ValueError for malformed templates, IndexError /
 * KeyError / AttributeError from the lookups).
 *
 * Invariants: the template is only read; `args` (a tuple, or NULL for format_map) and
 * `kwargs` (any mapping, or NULL) are borrowed; every object fetched while resolving a field
 * is a new reference released before the next field; output goes to a _cpx_uwriter owned by
 * the outermost call. Positions are character indexes into the template. */
#include "unicode_internal.h"

typedef enum { NUMBERING_UNSET, NUMBERING_AUTO, NUMBERING_MANUAL } numbering_state;

typedef struct {
    PyObject *args;      /* tuple or NULL (format_map) */
    PyObject *kwargs;    /* mapping or NULL */
    numbering_state numbering;
    Py_ssize_t next_auto;
} format_ctx;

#define CH(s, i) PyUnicode_READ_CHAR((s), (i))

static int value_error(const char *msg)
{
    PyErr_SetString(PyExc_ValueError, msg);
    return -1;
}

/* The decimal number s[start:end] spells, -1 if it is empty or not all decimal digits, -2 with
 * ValueError when it does not fit. */
static Py_ssize_t decimal_index(PyObject *s, Py_ssize_t start, Py_ssize_t end)
{
    if (start >= end)
        return -1;
    Py_ssize_t value = 0;
    for (Py_ssize_t i = start; i < end; i++) {
        int digit = _cpx_uc_decimal(CH(s, i));
        if (digit < 0)
            return -1;
        if (value > (PY_SSIZE_T_MAX - digit) / 10) {
            value_error("Too many decimal digits in format string");
            return -2;
        }
        value = value * 10 + digit;
    }
    return value;
}

/* The argument the first part of a field name, s[start:end], names (new reference). */
static PyObject *lookup_argument(format_ctx *c, PyObject *s, Py_ssize_t start, Py_ssize_t end)
{
    Py_ssize_t index = decimal_index(s, start, end);
    if (index == -2)
        return NULL;
    int empty = start >= end;
    if (empty || index >= 0) {
        if (c->numbering == NUMBERING_UNSET)
            c->numbering = empty ? NUMBERING_AUTO : NUMBERING_MANUAL;
        if (c->numbering == NUMBERING_MANUAL && empty) {
            value_error("cannot switch from manual field specification to automatic field numbering");
            return NULL;
        }
        if (c->numbering == NUMBERING_AUTO && !empty) {
            value_error("cannot switch from automatic field numbering to manual field specification");
            return NULL;
        }
        if (empty)
            index = c->next_auto++;
        if (c->args == NULL) {
            value_error("Format string contains positional fields");
            return NULL;
        }
        if (index >= PyTuple_GET_SIZE(c->args)) {
            PyErr_Format(PyExc_IndexError, "Replacement index %zd out of range for positional args tuple", index);
            return NULL;
        }
        return Py_NewRef(PyTuple_GET_ITEM(c->args, index));
    }
    PyObject *key = PyUnicode_Substring(s, start, end);
    if (key == NULL)
        return NULL;
    PyObject *value = NULL;
    if (c->kwargs == NULL)
        PyErr_SetObject(PyExc_KeyError, key);
    else
        value = PyObject_GetItem(c->kwargs, key);
    Py_DECREF(key);
    return value;
}

/* Apply the .attr and [key] parts of a field name, s[i:end], to obj (consumed); new reference. */
static PyObject *follow_accessors(PyObject *obj, PyObject *s, Py_ssize_t i, Py_ssize_t end)
{
    while (obj != NULL && i < end) {
        Py_UCS4 kind = CH(s, i++);
        Py_ssize_t start = i;
        if (kind == '.') {
            while (i < end && CH(s, i) != '.' && CH(s, i) != '[')
                i++;
        }
        else if (kind == '[') {
            while (i < end && CH(s, i) != ']')
                i++;
            if (i >= end) {
                value_error("Missing ']' in format string");
                goto fail;
            }
        }
        else {
            value_error("Only '.' or '[' may follow ']' in format field specifier");
            goto fail;
        }
        Py_ssize_t stop = i;
        if (kind == '[')
            i++;                        /* past the ']' */
        if (start == stop) {
            value_error("Empty attribute in format string");
            goto fail;
        }
        PyObject *key;
        Py_ssize_t index = kind == '[' ? decimal_index(s, start, stop) : -1;
        if (index == -2)
            goto fail;
        key = index >= 0 ? PyLong_FromSsize_t(index) : PyUnicode_Substring(s, start, stop);
        if (key == NULL)
            goto fail;
        PyObject *next = kind == '.' ? PyObject_GetAttr(obj, key) : PyObject_GetItem(obj, key);
        Py_DECREF(key);
        Py_SETREF(obj, next);
    }
    return obj;
fail:
    Py_DECREF(obj);
    return NULL;
}

static int render(format_ctx *c, PyObject *s, Py_ssize_t pos, Py_ssize_t end, int depth, _cpx_uwriter *w);

/* A replacement field's parts, as character ranges of the template. */
typedef struct {
    Py_ssize_t name_start, name_end, spec_start, spec_end;
    Py_UCS4 conversion;     /* 0 when absent */
    int spec_has_fields;
} field_parts;

/* Parse the field opening just after the '{' at *pos, leaving *pos after its closing '}'. The
 * name ends at ':', '!' or '}' outside brackets; '!' takes the next character, whatever it is,
 * as the conversion; braces nest inside the spec. */
static int parse_field(PyObject *s, Py_ssize_t *pos, Py_ssize_t end, field_parts *f)
{
    Py_ssize_t i = *pos;
    Py_UCS4 ch = 0;
    f->name_start = i;
    f->conversion = 0;
    f->spec_has_fields = 0;
    while (i < end) {
        ch = CH(s, i++);
        if (ch == '{')
            return value_error("unexpected '{' in field name");
        if (ch == '[') {
            while (i < end && CH(s, i) != ']')
                i++;
            continue;
        }
        if (ch == '}' || ch == ':' || ch == '!')
            break;
    }
    f->name_end = i - 1;
    f->spec_start = f->spec_end = i;
    if (ch != '!' && ch != ':') {
        if (ch != '}' || f->name_end < f->name_start)
            return value_error("expected '}' before end of string");
        *pos = i;
        return 0;
    }
    if (ch == '!') {
        if (i >= end)
            return value_error("end of string while looking for conversion specifier");
        f->conversion = CH(s, i++);
        if (i < end) {
            ch = CH(s, i++);
            if (ch == '}') {
                f->spec_start = f->spec_end = i - 1;
                *pos = i;
                return 0;
            }
            if (ch != ':')
                return value_error("expected ':' after conversion specifier");
        }
    }
    f->spec_start = i;
    for (int depth = 1; i < end;) {
        ch = CH(s, i++);
        if (ch == '{') {
            f->spec_has_fields = 1;
            depth++;
        }
        else if (ch == '}' && --depth == 0) {
            f->spec_end = i - 1;
            *pos = i;
            return 0;
        }
    }
    return value_error("unmatched '{' in format spec");
}

/* Look the field up, convert and format it, and append the text to w. */
static int render_field(format_ctx *c, PyObject *s, const field_parts *f, int depth, _cpx_uwriter *w)
{
    Py_ssize_t first_end = f->name_start;
    while (first_end < f->name_end && CH(s, first_end) != '.' && CH(s, first_end) != '[')
        first_end++;
    PyObject *obj = lookup_argument(c, s, f->name_start, first_end);
    obj = obj != NULL ? follow_accessors(obj, s, first_end, f->name_end) : NULL;
    if (obj == NULL)
        return -1;

    if (f->conversion != 0) {
        PyObject *converted;
        switch (f->conversion) {
        case 'r': converted = PyObject_Repr(obj); break;
        case 's': converted = PyObject_Str(obj); break;
        case 'a': converted = PyObject_ASCII(obj); break;
        default:
            if (f->conversion > 32 && f->conversion < 127)
                PyErr_Format(PyExc_ValueError, "Unknown conversion specifier %c", (int)f->conversion);
            else
                PyErr_Format(PyExc_ValueError, "Unknown conversion specifier \\x%x", (unsigned)f->conversion);
            converted = NULL;
        }
        Py_SETREF(obj, converted);
        if (obj == NULL)
            return -1;
    }

    PyObject *spec = NULL;
    if (f->spec_has_fields) {
        _cpx_uwriter inner;
        _cpx_uw_init(&inner);
        if (render(c, s, f->spec_start, f->spec_end, depth - 1, &inner) < 0) {
            _cpx_uw_discard(&inner);
            Py_DECREF(obj);
            return -1;
        }
        spec = _cpx_uw_finish(&inner);
    }
    else
        spec = PyUnicode_Substring(s, f->spec_start, f->spec_end);
    PyObject *text = spec != NULL ? PyObject_Format(obj, spec) : NULL;
    Py_XDECREF(spec);
    Py_DECREF(obj);
    if (text == NULL)
        return -1;
    int r = _cpx_uw_str(w, text);
    Py_DECREF(text);
    return r;
}

/* Expand the template s[pos:end] into w; depth counts the nesting levels still allowed. */
static int render(format_ctx *c, PyObject *s, Py_ssize_t pos, Py_ssize_t end, int depth, _cpx_uwriter *w)
{
    if (depth <= 0)
        return value_error("Max string recursion exceeded");
    while (pos < end) {
        Py_ssize_t literal = pos;
        while (pos < end && CH(s, pos) != '{' && CH(s, pos) != '}')
            pos++;
        if (_cpx_uw_substr(w, s, literal, pos) < 0)
            return -1;
        if (pos >= end)
            break;
        Py_UCS4 brace = CH(s, pos++);
        if (pos < end && CH(s, pos) == brace) {     /* '{{' or '}}' */
            if (_cpx_uw_char(w, brace) < 0)
                return -1;
            pos++;
            continue;
        }
        if (brace == '}')
            return value_error("Single '}' encountered in format string");
        if (pos >= end)
            return value_error("Single '{' encountered in format string");
        field_parts f;
        if (parse_field(s, &pos, end, &f) < 0 || render_field(c, s, &f, depth, w) < 0)
            return -1;
    }
    return 0;
}

static PyObject *format_with(PyObject *self, PyObject *args, PyObject *kwargs)
{
    format_ctx c = {args, kwargs, NUMBERING_UNSET, 0};
    _cpx_uwriter w;
    _cpx_uw_init(&w);
    if (render(&c, self, 0, PyUnicode_GET_LENGTH(self), 2, &w) < 0) {
        _cpx_uw_discard(&w);
        return NULL;
    }
    return _cpx_uw_finish(&w);
}

PyObject *_cpx_unicode_format_method(PyObject *self, PyObject *args, PyObject *kwargs)
{
    return format_with(self, args, kwargs);
}

PyObject *_cpx_unicode_format_map(PyObject *self, PyObject *mapping)
{
    return format_with(self, NULL, mapping);
}
