/* unicode_slots.c: str's type slots that are not methods: repr, indexing
 * and slicing, repetition, str(...) itself (with str subclass instances),
 * and the argument helpers the text family's methods share.
 *
 * Invariants: slot functions borrow their arguments and return new
 * references. An instance of a str subclass is a non-compact
 * PyUnicodeObject whose data block (PyObject_Malloc, NUL terminated) it
 * owns; for ASCII text its utf8 pointer is that same block. */
#include "unicode_internal.h"

/* ---- argument helpers shared by the text family ---- */

int _cpx_slice_index(PyObject *v, Py_ssize_t *pi)
{
    if (v == NULL || v == Py_None)
        return 0;
    if (!PyIndex_Check(v)) {
        PyErr_SetString(PyExc_TypeError,
                        "slice indices must be integers or None or have an __index__ method");
        return -1;
    }
    Py_ssize_t x = PyNumber_AsSsize_t(v, NULL);
    if (x == -1 && PyErr_Occurred())
        return -1;
    *pi = x;
    return 0;
}

int _cpx_parse_args(const char *fname, PyObject *const *args, Py_ssize_t nargs,
                    PyObject *kwnames, const char *const *names, int nnames,
                    int min_args, PyObject **out)
{
    for (int i = 0; i < nnames; i++)
        out[i] = NULL;
    if (nargs > nnames) {
        PyErr_Format(PyExc_TypeError, "%s() takes at most %d argument%s (%zd given)",
                     fname, nnames, nnames == 1 ? "" : "s", nargs);
        return -1;
    }
    for (Py_ssize_t i = 0; i < nargs; i++)
        out[i] = args[i];
    Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    for (Py_ssize_t k = 0; k < nkw; k++) {
        PyObject *key = PyTuple_GET_ITEM(kwnames, k);
        int j = 0;
        while (j < nnames && !_PyUnicode_EqualToASCIIString(key, names[j]))
            j++;
        if (j == nnames) {
            PyErr_Format(PyExc_TypeError, "'%U' is an invalid keyword argument for %s()", key, fname);
            return -1;
        }
        if (out[j] != NULL) {
            PyErr_Format(PyExc_TypeError, "argument for %s() given by name ('%s') and position (%d)",
                         fname, names[j], j + 1);
            return -1;
        }
        out[j] = args[nargs + k];
    }
    for (int i = 0; i < min_args; i++)
        if (out[i] == NULL) {
            PyErr_Format(PyExc_TypeError, "%s() missing required argument '%s' (pos %d)",
                         fname, names[i], i + 1);
            return -1;
        }
    return 0;
}

/* ---- repr ---- */

PyObject *_cpx_unicode_repr(PyObject *s)
{
    Py_ssize_t len = PyUnicode_GET_LENGTH(s);
    int kind = PyUnicode_KIND(s);
    const void *d = PyUnicode_DATA(s);
    int squote = 0, dquote = 0;
    for (Py_ssize_t i = 0; i < len; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, d, i);
        squote |= ch == '\'';
        dquote |= ch == '"';
    }
    Py_UCS4 quote = (squote && !dquote) ? '"' : '\'';
    _cpx_uwriter w;
    _cpx_uw_init(&w);
    if (_cpx_uw_reserve(&w, len + 2, PyUnicode_MAX_CHAR_VALUE(s)) < 0 || _cpx_uw_char(&w, quote) < 0)
        goto fail;
    for (Py_ssize_t i = 0; i < len; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, d, i);
        char buf[12];
        int n = 0;
        if (ch == quote || ch == '\\') {
            buf[0] = '\\';
            buf[1] = (char)ch;
            n = 2;
        }
        else if (ch == '\t') n = snprintf(buf, sizeof buf, "\\t");
        else if (ch == '\n') n = snprintf(buf, sizeof buf, "\\n");
        else if (ch == '\r') n = snprintf(buf, sizeof buf, "\\r");
        else if (ch < ' ' || ch == 0x7F) n = snprintf(buf, sizeof buf, "\\x%02x", (unsigned)ch);
        else if (ch < 0x7F || _cpx_uc_isprintable(ch)) {
            if (_cpx_uw_char(&w, ch) < 0)
                goto fail;
            continue;
        }
        else if (ch <= 0xFF) n = snprintf(buf, sizeof buf, "\\x%02x", (unsigned)ch);
        else if (ch <= 0xFFFF) n = snprintf(buf, sizeof buf, "\\u%04x", (unsigned)ch);
        else n = snprintf(buf, sizeof buf, "\\U%08x", (unsigned)ch);
        if (_cpx_uw_ascii(&w, buf, n) < 0)
            goto fail;
    }
    if (_cpx_uw_char(&w, quote) < 0)
        goto fail;
    return _cpx_uw_finish(&w);
fail:
    _cpx_uw_discard(&w);
    return NULL;
}

/* ---- sequence behaviour ---- */

PyObject *_cpx_unicode_item(PyObject *s, Py_ssize_t i)
{
    if (i < 0 || i >= PyUnicode_GET_LENGTH(s)) {
        PyErr_SetString(PyExc_IndexError, "string index out of range");
        return NULL;
    }
    return _cpx_unicode_char(PyUnicode_READ_CHAR(s, i));
}

PyObject *_cpx_unicode_subscript(PyObject *s, PyObject *item)
{
    Py_ssize_t len = PyUnicode_GET_LENGTH(s);
    if (PyIndex_Check(item)) {
        Py_ssize_t i = PyNumber_AsSsize_t(item, PyExc_IndexError);
        if (i == -1 && PyErr_Occurred())
            return NULL;
        if (i < 0)
            i += len;
        return _cpx_unicode_item(s, i);
    }
    if (PySlice_Check(item)) {
        Py_ssize_t start, stop, step;
        if (PySlice_Unpack(item, &start, &stop, &step) < 0)
            return NULL;
        Py_ssize_t n = PySlice_AdjustIndices(len, &start, &stop, step);
        if (n <= 0)
            return _cpx_unicode_empty();
        if (step == 1)
            return PyUnicode_Substring(s, start, stop);
        _cpx_uwriter w;
        _cpx_uw_init(&w);
        for (Py_ssize_t k = 0, i = start; k < n; k++, i += step)
            if (_cpx_uw_char(&w, PyUnicode_READ_CHAR(s, i)) < 0) {
                _cpx_uw_discard(&w);
                return NULL;
            }
        return _cpx_uw_finish(&w);
    }
    PyErr_Format(PyExc_TypeError, "string indices must be integers, not '%.200s'",
                 _cpx_type_name(item));
    return NULL;
}

PyObject *_cpx_unicode_repeat(PyObject *s, Py_ssize_t n)
{
    Py_ssize_t len = PyUnicode_GET_LENGTH(s);
    if (n <= 0 || len == 0)
        return _cpx_unicode_empty();
    if (n == 1)
        return _cpx_unicode_exact(s);
    if (len > PY_SSIZE_T_MAX / n) {
        PyErr_SetString(PyExc_OverflowError, "repeated string is too long");
        return NULL;
    }
    PyObject *r = PyUnicode_New(len * n, PyUnicode_MAX_CHAR_VALUE(s));
    if (r == NULL)
        return NULL;
    int kind = PyUnicode_KIND(r);
    char *d = PyUnicode_DATA(r);
    size_t chunk = (size_t)len * (size_t)kind, total = chunk * (size_t)n;
    memcpy(d, PyUnicode_DATA(s), chunk);
    for (size_t done = chunk; done < total;) {      /* doubling copies */
        size_t c = done < total - done ? done : total - done;
        memcpy(d + done, d, c);
        done += c;
    }
    return r;
}

/* ---- str(...) ---- */

/* An instance of a str subclass: non-compact, its data in its own block. */
static PyObject *subtype_new(PyTypeObject *type, PyObject *text)
{
    Py_ssize_t len = PyUnicode_GET_LENGTH(text);
    int kind = PyUnicode_KIND(text), ascii = PyUnicode_IS_ASCII(text);
    size_t size = ((size_t)len + 1) * (size_t)kind;
    void *data = PyObject_Malloc(size);
    if (data == NULL)
        return PyErr_NoMemory();
    memcpy(data, PyUnicode_DATA(text), size);
    PyObject *self = type->tp_alloc(type, 0);
    if (self == NULL) {
        PyObject_Free(data);
        return NULL;
    }
    PyUnicodeObject *u = _PyUnicodeObject_CAST(self);
    PyASCIIObject *a = &u->_base._base;
    a->length = len;
    a->hash = -1;
    memset(&a->state, 0, sizeof(a->state));
    a->state.kind = (unsigned)kind;
    a->state.compact = 0;
    a->state.ascii = (unsigned)ascii;
    a->state.ready = 1;
    a->wstr = NULL;
    u->_base.wstr_length = 0;
    u->data.any = data;
    u->_base.utf8 = ascii ? data : NULL;
    u->_base.utf8_length = ascii ? len : 0;
    return self;
}

PyObject *_cpx_unicode_tp_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"object", "encoding", "errors", NULL};
    PyObject *x = NULL;
    const char *encoding = NULL, *errors = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|Oss:str", kwlist, &x, &encoding, &errors))
        return NULL;
    PyObject *text;
    if (x == NULL)
        text = _cpx_unicode_empty();
    else if (encoding == NULL && errors == NULL)
        text = PyObject_Str(x);
    else
        text = PyUnicode_FromEncodedObject(x, encoding ? encoding : "utf-8",
                                           errors ? errors : "strict");
    if (text == NULL || type == &PyUnicode_Type)
        return text;
    PyObject *self = subtype_new(type, text);
    Py_DECREF(text);
    return self;
}
