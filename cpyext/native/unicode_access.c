/* unicode_access.c: reading and editing str contents through the C API:
 * length and character access, UCS4 and wchar_t copies, in-place edits of
 * a fresh string (WriteChar, Fill, CopyCharacters, Resize), and
 * concatenation (Concat, Append, AppendAndDel).
 *
 * Invariants: a str is edited in place only while "modifiable" (exact
 * type, refcount 1, hash not computed, not interned), and an edit drops its
 * cached UTF-8 form; otherwise a new string is made (Resize, Append) or the
 * call fails with SystemError as in CPython. Buffers returned to the caller
 * (AsUCS4Copy, AsWideCharString) are PyMem blocks the caller frees. */
#include "unicode_internal.h"

/* ---- character access ---- */

static int check_str(PyObject *s)
{
    if (s == NULL || !PyUnicode_Check(s)) {
        PyErr_BadArgument();
        return -1;
    }
    return 0;
}

Py_ssize_t PyUnicode_GetLength(PyObject *s)
{
    if (check_str(s) < 0)
        return -1;
    return PyUnicode_GET_LENGTH(s);
}

Py_ssize_t PyUnicode_GetSize(PyObject *s)
{
    return PyUnicode_GetLength(s);
}

Py_UCS4 PyUnicode_ReadChar(PyObject *s, Py_ssize_t index)
{
    if (check_str(s) < 0)
        return (Py_UCS4)-1;
    if (index < 0 || index >= PyUnicode_GET_LENGTH(s)) {
        PyErr_SetString(PyExc_IndexError, "string index out of range");
        return (Py_UCS4)-1;
    }
    return PyUnicode_READ_CHAR(s, index);
}

static int check_modifiable(PyObject *s)
{
    if (Py_REFCNT(s) != 1 || _PyASCIIObject_CAST(s)->hash != -1 ||
        PyUnicode_CHECK_INTERNED(s) || !PyUnicode_CheckExact(s)) {
        PyErr_SetString(PyExc_SystemError, "Cannot modify a string currently used");
        return -1;
    }
    return 0;
}

/* Forget the cached UTF-8 and wchar_t forms of a str about to change. */
static void drop_utf8(PyObject *s)
{
    if (!PyUnicode_IS_ASCII(s)) {
        PyCompactUnicodeObject *c = _PyCompactUnicodeObject_CAST(s);
        PyObject_Free(c->utf8);
        c->utf8 = NULL;
        c->utf8_length = 0;
    }
    _cpx_unicode_drop_wstr(s);
}

void _cpx_unicode_drop_wstr(PyObject *s)
{
    PyASCIIObject *a = _PyASCIIObject_CAST(s);
    if (a->wstr == NULL)
        return;
    PyObject_Free(a->wstr);
    a->wstr = NULL;
    if (!(PyUnicode_IS_COMPACT(s) && PyUnicode_IS_ASCII(s)))
        _PyCompactUnicodeObject_CAST(s)->wstr_length = 0;
}

int PyUnicode_WriteChar(PyObject *s, Py_ssize_t index, Py_UCS4 ch)
{
    if (s == NULL || !PyUnicode_Check(s) || !PyUnicode_IS_COMPACT(s)) {
        PyErr_BadArgument();
        return -1;
    }
    if (index < 0 || index >= PyUnicode_GET_LENGTH(s)) {
        PyErr_SetString(PyExc_IndexError, "string index out of range");
        return -1;
    }
    if (check_modifiable(s) < 0)
        return -1;
    if (ch > PyUnicode_MAX_CHAR_VALUE(s)) {
        PyErr_SetString(PyExc_ValueError, "character out of range");
        return -1;
    }
    drop_utf8(s);
    PyUnicode_WRITE(PyUnicode_KIND(s), PyUnicode_DATA(s), index, ch);
    return 0;
}

Py_UCS4 *PyUnicode_AsUCS4(PyObject *s, Py_UCS4 *target, Py_ssize_t targetsize, int copy_null)
{
    if (s == NULL || !PyUnicode_Check(s) || (target == NULL && targetsize)) {
        PyErr_BadInternalCall();
        return NULL;
    }
    Py_ssize_t len = PyUnicode_GET_LENGTH(s);
    if (targetsize < len + (copy_null ? 1 : 0)) {
        PyErr_SetString(PyExc_SystemError, "string is longer than the buffer");
        if (copy_null && targetsize > 0)
            target[0] = 0;
        return NULL;
    }
    int kind = PyUnicode_KIND(s);
    const void *d = PyUnicode_DATA(s);
    for (Py_ssize_t i = 0; i < len; i++)
        target[i] = PyUnicode_READ(kind, d, i);
    if (copy_null)
        target[len] = 0;
    return target;
}

Py_UCS4 *PyUnicode_AsUCS4Copy(PyObject *s)
{
    if (s == NULL || !PyUnicode_Check(s)) {
        PyErr_BadInternalCall();
        return NULL;
    }
    Py_ssize_t len = PyUnicode_GET_LENGTH(s);
    Py_UCS4 *buf = PyMem_Malloc(((size_t)len + 1) * sizeof(Py_UCS4));
    if (buf == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    return PyUnicode_AsUCS4(s, buf, len + 1, 1);
}

Py_ssize_t PyUnicode_AsWideChar(PyObject *s, wchar_t *w, Py_ssize_t size)
{
    if (s == NULL || !PyUnicode_Check(s)) {
        PyErr_BadInternalCall();
        return -1;
    }
    Py_ssize_t len = PyUnicode_GET_LENGTH(s);
    if (w == NULL)
        return len + 1;
    Py_ssize_t res = len;
    if (size > len)
        size = len + 1;            /* the NUL after the data is copied too */
    else
        res = size;
    int kind = PyUnicode_KIND(s);
    const void *d = PyUnicode_DATA(s);
    for (Py_ssize_t i = 0; i < size; i++)
        w[i] = (wchar_t)PyUnicode_READ(kind, d, i);
    return res;
}

wchar_t *PyUnicode_AsWideCharString(PyObject *s, Py_ssize_t *size)
{
    if (s == NULL || !PyUnicode_Check(s)) {
        PyErr_BadArgument();
        return NULL;
    }
    Py_ssize_t len = PyUnicode_GET_LENGTH(s);
    wchar_t *w = PyMem_Malloc(((size_t)len + 1) * sizeof(wchar_t));
    if (w == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    PyUnicode_AsWideChar(s, w, len + 1);
    if (size != NULL)
        *size = len;
    else if (wcslen(w) != (size_t)len) {
        PyMem_Free(w);
        PyErr_SetString(PyExc_ValueError, "embedded null character");
        return NULL;
    }
    return w;
}

/* ---- the deprecated Py_UNICODE (wchar_t) API ----
 * PyUnicode_AsUnicode caches the wchar_t form in the str's wstr field (a
 * PyObject_Malloc block the str owns, freed with it or when it changes),
 * because CPython's inline PyUnicode_AS_UNICODE / PyUnicode_GET_SIZE read
 * wstr and its length straight from the object. */

static Py_UNICODE *cached_wstr(PyObject *s, Py_ssize_t *size)
{
    if (s == NULL || !PyUnicode_Check(s)) {
        PyErr_BadArgument();
        return NULL;
    }
    PyASCIIObject *a = _PyASCIIObject_CAST(s);
    Py_ssize_t len = PyUnicode_GET_LENGTH(s);
    if (a->wstr == NULL) {
        if ((size_t)len > PY_SSIZE_T_MAX / sizeof(wchar_t) - 1) {
            PyErr_NoMemory();
            return NULL;
        }
        wchar_t *w = PyObject_Malloc(((size_t)len + 1) * sizeof(wchar_t));
        if (w == NULL) {
            PyErr_NoMemory();
            return NULL;
        }
        PyUnicode_AsWideChar(s, w, len + 1);
        a->wstr = w;
        if (!(PyUnicode_IS_COMPACT(s) && PyUnicode_IS_ASCII(s)))
            _PyCompactUnicodeObject_CAST(s)->wstr_length = len;
    }
    if (size != NULL)
        *size = len;
    return a->wstr;
}

Py_UNICODE *PyUnicode_AsUnicodeAndSize(PyObject *s, Py_ssize_t *size)
{
    return cached_wstr(s, size);
}

Py_UNICODE *PyUnicode_AsUnicode(PyObject *s)
{
    return cached_wstr(s, NULL);
}

const Py_UNICODE *_PyUnicode_AsUnicode(PyObject *s)
{
    Py_ssize_t size;
    const Py_UNICODE *w = cached_wstr(s, &size);
    if (w != NULL && wcslen(w) != (size_t)size) {
        PyErr_SetString(PyExc_ValueError, "embedded null character");
        return NULL;
    }
    return w;
}

/* u == NULL asks CPython for an unfinished "legacy" str to be filled in
 * through its wstr; the shim's strs are always finished, so only the empty
 * one can be given. */
PyObject *PyUnicode_FromUnicode(const Py_UNICODE *u, Py_ssize_t size)
{
    if (u == NULL) {
        if (size == 0)
            return _cpx_unicode_empty();
        PyErr_SetString(PyExc_SystemError,
                        "PyUnicode_FromUnicode(NULL, size) is not supported; use PyUnicode_New()");
        return NULL;
    }
    if (size < 0) {
        PyErr_BadInternalCall();
        return NULL;
    }
    return PyUnicode_FromWideChar(u, size);
}

Py_ssize_t PyUnicode_CopyCharacters(PyObject *to, Py_ssize_t to_start,
                                    PyObject *from, Py_ssize_t from_start, Py_ssize_t how_many)
{
    if (to == NULL || from == NULL || !PyUnicode_Check(to) || !PyUnicode_Check(from)) {
        PyErr_BadInternalCall();
        return -1;
    }
    if ((size_t)from_start > (size_t)PyUnicode_GET_LENGTH(from) ||
        (size_t)to_start > (size_t)PyUnicode_GET_LENGTH(to)) {
        PyErr_SetString(PyExc_IndexError, "string index out of range");
        return -1;
    }
    if (how_many < 0) {
        PyErr_SetString(PyExc_SystemError, "how_many cannot be negative");
        return -1;
    }
    how_many = Py_MIN(PyUnicode_GET_LENGTH(from) - from_start, how_many);
    if (to_start + how_many > PyUnicode_GET_LENGTH(to)) {
        PyErr_Format(PyExc_SystemError,
                     "Cannot write %zi characters at %zi in a string of %zi characters",
                     how_many, to_start, PyUnicode_GET_LENGTH(to));
        return -1;
    }
    if (how_many == 0)
        return 0;
    if (check_modifiable(to) < 0)
        return -1;
    if (PyUnicode_KIND(from) > PyUnicode_KIND(to) || (PyUnicode_IS_ASCII(to) && !PyUnicode_IS_ASCII(from))) {
        Py_UCS4 mc = _cpx_unicode_maxchar(from, from_start, from_start + how_many);
        if (mc > PyUnicode_MAX_CHAR_VALUE(to)) {
            PyErr_Format(PyExc_SystemError,
                         "Cannot copy U+%04x characters in a string of U+%04x characters",
                         (unsigned)mc, (unsigned)PyUnicode_MAX_CHAR_VALUE(to));
            return -1;
        }
    }
    drop_utf8(to);
    _cpx_unicode_copy_chars(to, to_start, from, from_start, how_many);
    return how_many;
}

Py_ssize_t PyUnicode_Fill(PyObject *s, Py_ssize_t start, Py_ssize_t length, Py_UCS4 fill_char)
{
    if (s == NULL || !PyUnicode_Check(s)) {
        PyErr_BadInternalCall();
        return -1;
    }
    if (check_modifiable(s) < 0)
        return -1;
    if (start < 0) {
        PyErr_SetString(PyExc_IndexError, "string index out of range");
        return -1;
    }
    if (fill_char > PyUnicode_MAX_CHAR_VALUE(s)) {
        PyErr_SetString(PyExc_ValueError,
                        "fill character is bigger than the string maximum character");
        return -1;
    }
    Py_ssize_t maxlen = PyUnicode_GET_LENGTH(s) - start;
    length = Py_MIN(maxlen, length);
    if (length <= 0)
        return 0;
    drop_utf8(s);
    int kind = PyUnicode_KIND(s);
    void *d = PyUnicode_DATA(s);
    for (Py_ssize_t i = 0; i < length; i++)
        PyUnicode_WRITE(kind, d, start + i, fill_char);
    return length;
}

int PyUnicode_Resize(PyObject **p, Py_ssize_t length)
{
    if (p == NULL || *p == NULL || !PyUnicode_Check(*p) || length < 0) {
        PyErr_BadInternalCall();
        return -1;
    }
    PyObject *s = *p;
    Py_ssize_t old = PyUnicode_GET_LENGTH(s);
    if (old == length)
        return 0;
    if (length == 0) {
        Py_SETREF(*p, _cpx_unicode_empty());
        return 0;
    }
    if (!PyUnicode_IS_COMPACT(s) || Py_REFCNT(s) != 1 || _PyASCIIObject_CAST(s)->hash != -1 ||
        PyUnicode_CHECK_INTERNED(s) || !PyUnicode_CheckExact(s)) {
        PyObject *r = PyUnicode_New(length, PyUnicode_MAX_CHAR_VALUE(s));
        if (r == NULL)
            return -1;
        _cpx_unicode_copy_chars(r, 0, s, 0, Py_MIN(old, length));
        Py_SETREF(*p, r);
        return 0;
    }
    int kind = PyUnicode_KIND(s);
    size_t header = PyUnicode_IS_ASCII(s) ? sizeof(PyASCIIObject) : sizeof(PyCompactUnicodeObject);
    if ((size_t)length > (PY_SSIZE_T_MAX - header) / (size_t)kind - 1) {
        PyErr_NoMemory();
        return -1;
    }
    drop_utf8(s);
    PyObject *r = PyObject_Realloc(s, header + ((size_t)length + 1) * (size_t)kind);
    if (r == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    _PyASCIIObject_CAST(r)->length = length;
    PyUnicode_WRITE(kind, PyUnicode_DATA(r), length, 0);
    *p = r;
    return 0;
}

/* ---- concatenation ---- */

PyObject *PyUnicode_Concat(PyObject *left, PyObject *right)
{
    if (left == NULL || right == NULL) {
        PyErr_BadInternalCall();
        return NULL;
    }
    if (!PyUnicode_Check(left)) {
        PyErr_Format(PyExc_TypeError, "must be str, not %.100s", _cpx_type_name(left));
        return NULL;
    }
    if (!PyUnicode_Check(right)) {
        PyErr_Format(PyExc_TypeError, "can only concatenate str (not \"%.200s\") to str",
                     _cpx_type_name(right));
        return NULL;
    }
    Py_ssize_t la = PyUnicode_GET_LENGTH(left), lb = PyUnicode_GET_LENGTH(right);
    if (la == 0)
        return _cpx_unicode_exact(right);
    if (lb == 0)
        return _cpx_unicode_exact(left);
    if (la > PY_SSIZE_T_MAX - lb) {
        PyErr_SetString(PyExc_OverflowError, "strings are too large to concat");
        return NULL;
    }
    Py_UCS4 ma = PyUnicode_MAX_CHAR_VALUE(left), mb = PyUnicode_MAX_CHAR_VALUE(right);
    PyObject *r = PyUnicode_New(la + lb, Py_MAX(ma, mb));
    if (r == NULL)
        return NULL;
    _cpx_unicode_copy_chars(r, 0, left, 0, la);
    _cpx_unicode_copy_chars(r, la, right, 0, lb);
    return r;
}

void PyUnicode_Append(PyObject **pleft, PyObject *right)
{
    if (pleft == NULL)
        return;
    PyObject *left = *pleft;
    if (left == NULL)
        return;
    if (right == NULL || !PyUnicode_Check(left) || !PyUnicode_Check(right)) {
        if (!PyErr_Occurred())
            PyErr_BadInternalCall();
        Py_CLEAR(*pleft);
        return;
    }
    Py_ssize_t la = PyUnicode_GET_LENGTH(left), lb = PyUnicode_GET_LENGTH(right);
    if (lb == 0)
        return;
    /* Grow in place when nobody else can see the left string. */
    if (la > 0 && PyUnicode_IS_COMPACT(left) && Py_REFCNT(left) == 1 &&
        _PyASCIIObject_CAST(left)->hash == -1 && !PyUnicode_CHECK_INTERNED(left) &&
        PyUnicode_CheckExact(left) && left != right &&
        PyUnicode_KIND(right) <= PyUnicode_KIND(left) &&
        (!PyUnicode_IS_ASCII(left) || PyUnicode_IS_ASCII(right)) &&
        la <= PY_SSIZE_T_MAX - lb) {
        if (PyUnicode_Resize(pleft, la + lb) < 0) {
            Py_CLEAR(*pleft);
            return;
        }
        _cpx_unicode_copy_chars(*pleft, la, right, 0, lb);
        return;
    }
    PyObject *r = PyUnicode_Concat(left, right);
    Py_SETREF(*pleft, r);
}

void PyUnicode_AppendAndDel(PyObject **pleft, PyObject *right)
{
    PyUnicode_Append(pleft, right);
    Py_XDECREF(right);
}

/* CPython's unchecked variants: the caller guarantees bounds and widths. */
void _PyUnicode_FastCopyCharacters(PyObject *to, Py_ssize_t to_start,
                                   PyObject *from, Py_ssize_t from_start, Py_ssize_t how_many)
{
    if (how_many > 0) {
        drop_utf8(to);
        _cpx_unicode_copy_chars(to, to_start, from, from_start, how_many);
    }
}

void _PyUnicode_FastFill(PyObject *s, Py_ssize_t start, Py_ssize_t length, Py_UCS4 fill_char)
{
    int kind = PyUnicode_KIND(s);
    void *d = PyUnicode_DATA(s);
    drop_utf8(s);
    for (Py_ssize_t i = 0; i < length; i++)
        PyUnicode_WRITE(kind, d, start + i, fill_char);
}
