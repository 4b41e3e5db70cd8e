/* unicode_writer.c: building str and bytes results piece by piece.
 *
 * Invariants:
 * - _cpx_uwriter holds `len` characters of kind `kind` in a PyMem block of
 *   cap + 1 characters (room for a NUL); `maxchar` is the exact largest
 *   character written, so finishing gives the narrowest (canonical) str even
 *   when the buffer was widened for characters a caller only reserved for.
 * - _cpx_bbuf holds `len` bytes in a PyMem block of cap + 1 bytes.
 * - Both own their block: finish hands the contents to a new object and
 *   frees the block, discard frees it; either leaves the buffer empty and
 *   reusable. No function here takes or keeps a reference to an object. */
#include "unicode_internal.h"

/* Copy n characters between buffers of any two kinds; narrowing is the
 * caller's promise that every character fits. */
static void copy_kind(void *dst, int dkind, const void *src, int skind, Py_ssize_t n)
{
    if (dkind == skind) {
        memcpy(dst, src, (size_t)n * (size_t)dkind);
        return;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        Py_UCS4 ch = PyUnicode_READ(skind, src, i);
        PyUnicode_WRITE(dkind, dst, i, ch);
    }
}

void _cpx_unicode_copy_chars(PyObject *to, Py_ssize_t to_start,
                             PyObject *from, Py_ssize_t from_start, Py_ssize_t n)
{
    int tk = PyUnicode_KIND(to), fk = PyUnicode_KIND(from);
    copy_kind((char *)PyUnicode_DATA(to) + to_start * tk, tk,
              (const char *)PyUnicode_DATA(from) + from_start * fk, fk, n);
}

static int kind_for(Py_UCS4 maxchar)
{
    return maxchar < 0x100 ? 1 : maxchar < 0x10000 ? 2 : 4;
}

void _cpx_uw_init(_cpx_uwriter *w)
{
    w->data = NULL;
    w->kind = 1;
    w->maxchar = 0;
    w->len = w->cap = 0;
}

void _cpx_uw_discard(_cpx_uwriter *w)
{
    PyMem_Free(w->data);
    _cpx_uw_init(w);
}

int _cpx_uw_reserve(_cpx_uwriter *w, Py_ssize_t extra, Py_UCS4 maxchar)
{
    int kind = kind_for(maxchar);
    if (extra < 0 || extra > PY_SSIZE_T_MAX / 4 - 1 - w->len) {
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t need = w->len + extra;
    if (kind <= w->kind && need <= w->cap)
        return 0;
    if (kind < w->kind)
        kind = w->kind;
    Py_ssize_t cap = w->cap;
    if (need > cap) {
        cap = cap + cap / 2 + 16;
        if (cap < need || cap > PY_SSIZE_T_MAX / 4 - 1)
            cap = need;
    }
    if (kind == w->kind) {
        void *p = PyMem_Realloc(w->data, (size_t)(cap + 1) * (size_t)kind);
        if (p == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        w->data = p;
    }
    else {
        void *p = PyMem_Malloc((size_t)(cap + 1) * (size_t)kind);
        if (p == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        if (w->len)
            copy_kind(p, kind, w->data, w->kind, w->len);
        PyMem_Free(w->data);
        w->data = p;
        w->kind = kind;
    }
    w->cap = cap;
    return 0;
}

int _cpx_uw_char(_cpx_uwriter *w, Py_UCS4 ch)
{
    if (_cpx_uw_reserve(w, 1, ch) < 0)
        return -1;
    PyUnicode_WRITE(w->kind, w->data, w->len, ch);
    w->len++;
    if (ch > w->maxchar)
        w->maxchar = ch;
    return 0;
}

int _cpx_uw_fill(_cpx_uwriter *w, Py_UCS4 ch, Py_ssize_t n)
{
    if (n <= 0)
        return 0;
    if (_cpx_uw_reserve(w, n, ch) < 0)
        return -1;
    for (Py_ssize_t i = 0; i < n; i++)
        PyUnicode_WRITE(w->kind, w->data, w->len + i, ch);
    w->len += n;
    if (ch > w->maxchar)
        w->maxchar = ch;
    return 0;
}

int _cpx_uw_latin1(_cpx_uwriter *w, const unsigned char *s, Py_ssize_t n)
{
    if (n <= 0)
        return 0;
    Py_UCS4 mc = 0;
    for (Py_ssize_t i = 0; i < n; i++)
        if (s[i] > mc)
            mc = s[i];
    if (_cpx_uw_reserve(w, n, mc) < 0)
        return -1;
    copy_kind((char *)w->data + w->len * w->kind, w->kind, s, 1, n);
    w->len += n;
    if (mc > w->maxchar)
        w->maxchar = mc;
    return 0;
}

int _cpx_uw_ascii(_cpx_uwriter *w, const char *s, Py_ssize_t n)
{
    if (n < 0)
        n = (Py_ssize_t)strlen(s);
    return _cpx_uw_latin1(w, (const unsigned char *)s, n);
}

int _cpx_uw_substr(_cpx_uwriter *w, PyObject *s, Py_ssize_t start, Py_ssize_t end)
{
    Py_ssize_t n = end - start;
    if (n <= 0)
        return 0;
    Py_UCS4 bound = PyUnicode_MAX_CHAR_VALUE(s);
    Py_UCS4 mc = bound <= w->maxchar ? bound : _cpx_unicode_maxchar(s, start, end);
    if (_cpx_uw_reserve(w, n, mc) < 0)
        return -1;
    int sk = PyUnicode_KIND(s);
    copy_kind((char *)w->data + w->len * w->kind, w->kind,
              (const char *)PyUnicode_DATA(s) + start * sk, sk, n);
    w->len += n;
    if (mc > w->maxchar)
        w->maxchar = mc;
    return 0;
}

int _cpx_uw_str(_cpx_uwriter *w, PyObject *s)
{
    return _cpx_uw_substr(w, s, 0, PyUnicode_GET_LENGTH(s));
}

PyObject *_cpx_uw_finish(_cpx_uwriter *w)
{
    if (w->len == 0) {
        _cpx_uw_discard(w);
        return _cpx_unicode_empty();
    }
    if (w->len == 1 && w->maxchar < 0x100) {
        Py_UCS4 ch = PyUnicode_READ(w->kind, w->data, 0);
        _cpx_uw_discard(w);
        return _cpx_unicode_char(ch);
    }
    PyObject *s = PyUnicode_New(w->len, w->maxchar);
    if (s != NULL)
        copy_kind(PyUnicode_DATA(s), PyUnicode_KIND(s), w->data, w->kind, w->len);
    _cpx_uw_discard(w);
    return s;
}

/* ---- byte buffers ---- */

void _cpx_bb_init(_cpx_bbuf *b)
{
    b->data = NULL;
    b->len = b->cap = 0;
}

void _cpx_bb_discard(_cpx_bbuf *b)
{
    PyMem_Free(b->data);
    _cpx_bb_init(b);
}

int _cpx_bb_reserve(_cpx_bbuf *b, Py_ssize_t extra)
{
    if (extra < 0 || extra > PY_SSIZE_T_MAX - 1 - b->len) {
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t need = b->len + extra;
    if (need <= b->cap)
        return 0;
    Py_ssize_t cap = b->cap + b->cap / 2 + 32;
    if (cap < need || cap > PY_SSIZE_T_MAX - 1)
        cap = need;
    char *p = PyMem_Realloc(b->data, (size_t)cap + 1);
    if (p == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    b->data = p;
    b->cap = cap;
    return 0;
}

int _cpx_bb_put(_cpx_bbuf *b, const void *s, Py_ssize_t n)
{
    if (n <= 0)
        return 0;
    if (_cpx_bb_reserve(b, n) < 0)
        return -1;
    memcpy(b->data + b->len, s, (size_t)n);
    b->len += n;
    return 0;
}

int _cpx_bb_byte(_cpx_bbuf *b, int c)
{
    if (b->len >= b->cap && _cpx_bb_reserve(b, 1) < 0)
        return -1;
    b->data[b->len++] = (char)c;
    return 0;
}

PyObject *_cpx_bb_finish(_cpx_bbuf *b)
{
    PyObject *r = PyBytes_FromStringAndSize(b->data, b->len);
    _cpx_bb_discard(b);
    return r;
}
