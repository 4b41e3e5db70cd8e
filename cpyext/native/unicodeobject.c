/* unicodeobject.c: the str object: allocation and creation from code
 * points, hashing, comparison, interning, the str type and its iterator.
 * (Character access and editing: unicode_access.c; codecs: unicode_codecs.c,
 * unicode_utf8.c, unicode_utf16.c; methods: unicode_methods.c,
 * unicode_search.c, unicode_slots.c; formatting: unicode_format.c.)
 *
 * Invariants (see also unicode_internal.h):
 * - A str is one PyObject_Malloc block: PyASCIIObject + data for ASCII text,
 *   PyCompactUnicodeObject + data otherwise, with the narrowest kind, data
 *   NUL terminated, hash -1 until computed, wstr NULL until
 *   PyUnicode_AsUnicode caches the wchar_t form there (unicode_access.c). The UTF-8 form of a
 *   non-ASCII str is cached in `utf8` (PyObject_Malloc'd, freed with the
 *   str); an ASCII str's data is its UTF-8. Instances of str subclasses are
 *   non-compact: their data (and utf8, unless it is the data) are separate
 *   PyObject_Malloc blocks the instance owns.
 * - '' and the 256 one-character Latin-1 strings are shared singletons;
 *   interned strings are immortal and listed in a table owned by this file
 *   (an interned string is never freed, so the table holds no reference
 *   count and the string stops counting as a live object).
 * - A str may be changed in place (WriteChar, Fill, Resize, CopyCharacters
 *   target) only while it is "modifiable": exact type, refcount 1, hash not
 *   computed, not interned, as CPython requires. */
#include "unicode_internal.h"

/* ---- singletons ---- */

static struct {
    PyASCIIObject base;
    char data[8];
} empty_str = {
    .base = {
        .ob_base = {CPX_IMMORTAL_REFCNT, &PyUnicode_Type},
        .length = 0,
        .hash = -1,
        .state = {.interned = SSTATE_INTERNED_IMMORTAL, .kind = PyUnicode_1BYTE_KIND,
                  .compact = 1, .ascii = 1, .ready = 1},
        .wstr = NULL,
    },
    .data = {0},
};

static PyObject *latin1_chars[256];

void _cpx_text_make_static(PyObject *op)
{
    if (Py_REFCNT(op) < CPX_IMMORTAL_REFCNT / 2) {
        _cpx_immortal(op);
        _cpx_live_objects--;
    }
}

PyObject *_cpx_unicode_empty(void)
{
    return Py_NewRef((PyObject *)&empty_str);
}

const char *_cpx_type_name(PyObject *o)
{
    return Py_TYPE(o)->tp_name;
}

/* ---- allocation ---- */

PyObject *PyUnicode_New(Py_ssize_t size, Py_UCS4 maxchar)
{
    if (size == 0)
        return _cpx_unicode_empty();
    if (size < 0) {
        PyErr_SetString(PyExc_SystemError, "Negative size passed to PyUnicode_New");
        return NULL;
    }
    if (maxchar > CPX_MAX_UNICODE) {
        PyErr_SetString(PyExc_SystemError, "invalid maximum character passed to PyUnicode_New");
        return NULL;
    }
    int ascii = maxchar < 0x80;
    int kind = maxchar < 0x100 ? 1 : maxchar < 0x10000 ? 2 : 4;
    size_t header = ascii ? sizeof(PyASCIIObject) : sizeof(PyCompactUnicodeObject);
    if ((size_t)size > (PY_SSIZE_T_MAX - header) / (size_t)kind - 1)
        return PyErr_NoMemory();
    PyObject *op = PyObject_Malloc(header + ((size_t)size + 1) * (size_t)kind);
    if (op == NULL)
        return PyErr_NoMemory();
    PyASCIIObject *a = (PyASCIIObject *)op;
    a->length = size;
    a->hash = -1;
    memset(&a->state, 0, sizeof(a->state));
    a->state.kind = (unsigned)kind;
    a->state.compact = 1;
    a->state.ascii = (unsigned)ascii;
    a->state.ready = 1;
    a->wstr = NULL;
    if (!ascii) {
        PyCompactUnicodeObject *c = (PyCompactUnicodeObject *)op;
        c->utf8 = NULL;
        c->utf8_length = 0;
        c->wstr_length = 0;
    }
    void *data = (char *)op + header;
    PyUnicode_WRITE(kind, data, size, 0);
    return _cpx_setup_object(op, &PyUnicode_Type);
}

int _PyUnicode_Ready(PyObject *op)
{
    (void)op;
    return 0;
}

PyObject *_cpx_unicode_char(Py_UCS4 ch)
{
    if (ch < 256) {
        PyObject *s = latin1_chars[ch];
        if (s == NULL) {
            s = PyUnicode_New(1, ch);
            if (s == NULL)
                return NULL;
            PyUnicode_1BYTE_DATA(s)[0] = (Py_UCS1)ch;
            _cpx_text_make_static(s);
            latin1_chars[ch] = s;
        }
        return Py_NewRef(s);
    }
    PyObject *s = PyUnicode_New(1, ch);
    if (s != NULL)
        PyUnicode_WRITE(PyUnicode_KIND(s), PyUnicode_DATA(s), 0, ch);
    return s;
}

PyObject *_cpx_unicode_from_ucs1(const Py_UCS1 *s, Py_ssize_t n)
{
    if (n == 0)
        return _cpx_unicode_empty();
    if (n == 1)
        return _cpx_unicode_char(s[0]);
    Py_UCS4 mc = 0;
    for (Py_ssize_t i = 0; i < n && mc < 0x80; i++)
        if (s[i] >= 0x80)
            mc = 0xff;
    PyObject *r = PyUnicode_New(n, mc);
    if (r != NULL)
        memcpy(PyUnicode_DATA(r), s, (size_t)n);
    return r;
}

PyObject *_cpx_unicode_from_ascii(const char *s, Py_ssize_t n)
{
    if (n <= 1)
        return n == 0 ? _cpx_unicode_empty() : _cpx_unicode_char((Py_UCS1)s[0]);
    PyObject *r = PyUnicode_New(n, 0x7f);
    if (r != NULL)
        memcpy(PyUnicode_DATA(r), s, (size_t)n);
    return r;
}

PyObject *_cpx_unicode_from_ucs2(const Py_UCS2 *s, Py_ssize_t n)
{
    Py_UCS4 mc = 0;
    for (Py_ssize_t i = 0; i < n; i++)
        if (s[i] > mc)
            mc = s[i];
    if (n == 1)
        return _cpx_unicode_char(s[0]);
    PyObject *r = PyUnicode_New(n, mc);
    if (r == NULL || n == 0)
        return r;
    if (PyUnicode_KIND(r) == 2)
        memcpy(PyUnicode_DATA(r), s, (size_t)n * 2);
    else
        for (Py_ssize_t i = 0; i < n; i++)
            PyUnicode_1BYTE_DATA(r)[i] = (Py_UCS1)s[i];
    return r;
}

PyObject *_cpx_unicode_from_ucs4(const Py_UCS4 *s, Py_ssize_t n)
{
    Py_UCS4 mc = 0;
    for (Py_ssize_t i = 0; i < n; i++)
        if (s[i] > mc)
            mc = s[i];
    if (mc > CPX_MAX_UNICODE) {
        /* as CPython: the bad maximum reaches PyUnicode_New */
        PyErr_SetString(PyExc_SystemError, "invalid maximum character passed to PyUnicode_New");
        return NULL;
    }
    if (n == 1)
        return _cpx_unicode_char(s[0]);
    PyObject *r = PyUnicode_New(n, mc);
    if (r == NULL || n == 0)
        return r;
    int kind = PyUnicode_KIND(r);
    void *d = PyUnicode_DATA(r);
    if (kind == 4)
        memcpy(d, s, (size_t)n * 4);
    else
        for (Py_ssize_t i = 0; i < n; i++)
            PyUnicode_WRITE(kind, d, i, s[i]);
    return r;
}

Py_UCS4 _cpx_unicode_maxchar(PyObject *s, Py_ssize_t start, Py_ssize_t end)
{
    if (PyUnicode_IS_ASCII(s)) {
        Py_UCS4 mc = 0;
        const Py_UCS1 *d = PyUnicode_1BYTE_DATA(s);
        for (Py_ssize_t i = start; i < end; i++)
            mc |= d[i];
        return mc;
    }
    int kind = PyUnicode_KIND(s);
    const void *d = PyUnicode_DATA(s);
    Py_UCS4 mc = 0;
    for (Py_ssize_t i = start; i < end; i++) {
        Py_UCS4 ch = PyUnicode_READ(kind, d, i);
        if (ch > mc)
            mc = ch;
    }
    return mc;
}

static PyObject *substring(PyObject *s, Py_ssize_t start, Py_ssize_t end)
{
    Py_ssize_t n = end - start;
    if (n <= 0)
        return _cpx_unicode_empty();
    if (n == 1)
        return _cpx_unicode_char(PyUnicode_READ_CHAR(s, start));
    Py_UCS4 mc = PyUnicode_IS_ASCII(s) ? 0x7f : _cpx_unicode_maxchar(s, start, end);
    PyObject *r = PyUnicode_New(n, mc);
    if (r != NULL)
        _cpx_unicode_copy_chars(r, 0, s, start, n);
    return r;
}

PyObject *_cpx_unicode_exact(PyObject *s)
{
    if (PyUnicode_CheckExact(s))
        return Py_NewRef(s);
    return substring(s, 0, PyUnicode_GET_LENGTH(s));
}

PyObject *_PyUnicode_Copy(PyObject *s)
{
    if (s == NULL || !PyUnicode_Check(s)) {
        PyErr_BadInternalCall();
        return NULL;
    }
    Py_ssize_t len = PyUnicode_GET_LENGTH(s);
    PyObject *r = PyUnicode_New(len, PyUnicode_MAX_CHAR_VALUE(s));
    if (r != NULL && len)
        _cpx_unicode_copy_chars(r, 0, s, 0, len);
    return r;
}

PyObject *PyUnicode_Substring(PyObject *self, Py_ssize_t start, Py_ssize_t end)
{
    if (self == NULL || !PyUnicode_Check(self)) {
        PyErr_BadInternalCall();
        return NULL;
    }
    Py_ssize_t len = PyUnicode_GET_LENGTH(self);
    if (end > len)
        end = len;
    if (start < 0 || end < 0) {
        PyErr_SetString(PyExc_IndexError, "string index out of range");
        return NULL;
    }
    if (start == 0 && end == len)
        return _cpx_unicode_exact(self);
    return substring(self, start, end);
}

PyObject *PyUnicode_FromKindAndData(int kind, const void *buffer, Py_ssize_t size)
{
    if (size < 0) {
        PyErr_SetString(PyExc_ValueError, "size must be positive");
        return NULL;
    }
    switch (kind) {
    case PyUnicode_1BYTE_KIND: return _cpx_unicode_from_ucs1(buffer, size);
    case PyUnicode_2BYTE_KIND: return _cpx_unicode_from_ucs2(buffer, size);
    case PyUnicode_4BYTE_KIND: return _cpx_unicode_from_ucs4(buffer, size);
    default:
        PyErr_SetString(PyExc_SystemError, "invalid kind");
        return NULL;
    }
}

PyObject *PyUnicode_FromWideChar(const wchar_t *w, Py_ssize_t size)
{
    if (w == NULL && size != 0) {
        PyErr_BadInternalCall();
        return NULL;
    }
    if (size == -1)
        size = (Py_ssize_t)wcslen(w);
    for (Py_ssize_t i = 0; i < size; i++)
        if ((Py_UCS4)w[i] > CPX_MAX_UNICODE) {
            PyErr_Format(PyExc_ValueError, "character U+%x is not in range [U+0000; U+10ffff]",
                         (unsigned)w[i]);
            return NULL;
        }
    return _cpx_unicode_from_ucs4((const Py_UCS4 *)w, size);
}

PyObject *PyUnicode_FromOrdinal(int ordinal)
{
    if (ordinal < 0 || ordinal > CPX_MAX_UNICODE) {
        PyErr_SetString(PyExc_ValueError, "chr() arg not in range(0x110000)");
        return NULL;
    }
    return _cpx_unicode_char((Py_UCS4)ordinal);
}

PyObject *PyUnicode_FromObject(PyObject *obj)
{
    if (obj != NULL && PyUnicode_Check(obj))
        return _cpx_unicode_exact(obj);
    if (obj == NULL) {
        PyErr_BadInternalCall();
        return NULL;
    }
    PyErr_Format(PyExc_TypeError, "Can't convert '%.100s' object to str implicitly",
                 _cpx_type_name(obj));
    return NULL;
}

/* ---- hashing and comparison ---- */

Py_hash_t _cpx_unicode_hash(PyObject *s)
{
    PyASCIIObject *a = _PyASCIIObject_CAST(s);
    if (a->hash != -1)
        return a->hash;
    Py_hash_t h = _Py_HashBytes(PyUnicode_DATA(s),
                                PyUnicode_GET_LENGTH(s) * PyUnicode_KIND(s));
    if (h == -1)
        h = -2;
    a->hash = h;
    return h;
}

int _cpx_unicode_eq(PyObject *a, PyObject *b)
{
    if (a == b)
        return 1;
    Py_ssize_t len = PyUnicode_GET_LENGTH(a);
    if (len != PyUnicode_GET_LENGTH(b) || PyUnicode_KIND(a) != PyUnicode_KIND(b))
        return 0;
    Py_hash_t ha = _PyASCIIObject_CAST(a)->hash, hb = _PyASCIIObject_CAST(b)->hash;
    if (ha != -1 && hb != -1 && ha != hb)
        return 0;
    return memcmp(PyUnicode_DATA(a), PyUnicode_DATA(b), (size_t)len * PyUnicode_KIND(a)) == 0;
}

int _PyUnicode_Equal(PyObject *a, PyObject *b)
{
    return _cpx_unicode_eq(a, b);
}

int _PyUnicode_EQ(PyObject *a, PyObject *b)
{
    return _cpx_unicode_eq(a, b);
}

static int compare(PyObject *a, PyObject *b)
{
    int ka = PyUnicode_KIND(a), kb = PyUnicode_KIND(b);
    const void *da = PyUnicode_DATA(a), *db = PyUnicode_DATA(b);
    Py_ssize_t la = PyUnicode_GET_LENGTH(a), lb = PyUnicode_GET_LENGTH(b);
    Py_ssize_t n = Py_MIN(la, lb);
    if (ka == 1 && kb == 1) {
        int c = memcmp(da, db, (size_t)n);
        if (c)
            return c < 0 ? -1 : 1;
    }
    else {
        for (Py_ssize_t i = 0; i < n; i++) {
            Py_UCS4 x = PyUnicode_READ(ka, da, i), y = PyUnicode_READ(kb, db, i);
            if (x != y)
                return x < y ? -1 : 1;
        }
    }
    return la < lb ? -1 : la > lb ? 1 : 0;
}

int PyUnicode_Compare(PyObject *a, PyObject *b)
{
    if (a != NULL && b != NULL && PyUnicode_Check(a) && PyUnicode_Check(b))
        return a == b ? 0 : compare(a, b);
    PyErr_Format(PyExc_TypeError, "Can't compare %.100s and %.100s",
                 a ? _cpx_type_name(a) : "NULL", b ? _cpx_type_name(b) : "NULL");
    return -1;
}

int PyUnicode_CompareWithASCIIString(PyObject *uni, const char *str)
{
    int kind = PyUnicode_KIND(uni);
    const void *d = PyUnicode_DATA(uni);
    Py_ssize_t len = PyUnicode_GET_LENGTH(uni), i;
    for (i = 0; i < len && str[i]; i++) {
        Py_UCS4 c = PyUnicode_READ(kind, d, i), o = (unsigned char)str[i];
        if (c != o)
            return c < o ? -1 : 1;
    }
    if (i < len)
        return 1;            /* uni is longer */
    return str[i] ? -1 : 0;
}

int _PyUnicode_EqualToASCIIString(PyObject *uni, const char *str)
{
    if (!PyUnicode_IS_ASCII(uni))
        return 0;
    size_t len = strlen(str);
    return (size_t)PyUnicode_GET_LENGTH(uni) == len &&
           memcmp(PyUnicode_DATA(uni), str, len) == 0;
}

/* CPython's _Py_Identifier: its first member is the C string. */
typedef struct { const char *string; Py_ssize_t index; } cpx_identifier;

PyObject *_PyUnicode_FromId(void *id)
{
    return _cpx_intern(((cpx_identifier *)id)->string);
}

int _PyUnicode_EqualToASCIIId(PyObject *uni, void *id)
{
    return _PyUnicode_EqualToASCIIString(uni, ((cpx_identifier *)id)->string);
}

PyObject *PyUnicode_RichCompare(PyObject *a, PyObject *b, int op)
{
    if (!PyUnicode_Check(a) || !PyUnicode_Check(b))
        Py_RETURN_NOTIMPLEMENTED;
    if (op == Py_EQ || op == Py_NE) {
        int eq = _cpx_unicode_eq(a, b);
        return Py_NewRef((eq == (op == Py_EQ)) ? Py_True : Py_False);
    }
    int c = a == b ? 0 : compare(a, b);
    Py_RETURN_RICHCOMPARE(c, 0, op);
}

/* ---- interning: an open-addressing set of immortal strings ---- */

static PyObject **intern_table;
static size_t intern_mask, intern_used;

static int intern_grow(void)
{
    size_t ncap = intern_table ? (intern_mask + 1) * 2 : 1024;
    PyObject **nt = PyMem_RawCalloc(ncap, sizeof(PyObject *));
    if (nt == NULL)
        return -1;
    if (intern_table) {
        for (size_t i = 0; i <= intern_mask; i++) {
            PyObject *s = intern_table[i];
            if (s == NULL)
                continue;
            size_t j = (size_t)_cpx_unicode_hash(s) & (ncap - 1);
            while (nt[j])
                j = (j + 1) & (ncap - 1);
            nt[j] = s;
        }
        PyMem_RawFree(intern_table);
    }
    intern_table = nt;
    intern_mask = ncap - 1;
    return 0;
}

/* The interned string equal to s, or NULL (then *slot is where s goes). */
static PyObject *intern_lookup(PyObject *s, size_t *slot)
{
    size_t j = (size_t)_cpx_unicode_hash(s) & intern_mask;
    for (PyObject *t; (t = intern_table[j]) != NULL; j = (j + 1) & intern_mask)
        if (_cpx_unicode_eq(t, s))
            return t;
    *slot = j;
    return NULL;
}

static PyObject *intern_ascii_lookup(const char *str, size_t len, size_t *slot)
{
    Py_hash_t h = _Py_HashBytes(str, (Py_ssize_t)len);
    if (h == -1)
        h = -2;
    size_t j = (size_t)h & intern_mask;
    for (PyObject *t; (t = intern_table[j]) != NULL; j = (j + 1) & intern_mask)
        if (_PyASCIIObject_CAST(t)->hash == h && PyUnicode_IS_ASCII(t) &&
            (size_t)PyUnicode_GET_LENGTH(t) == len && memcmp(PyUnicode_DATA(t), str, len) == 0)
            return t;
    *slot = j;
    return NULL;
}

static int intern_insert(PyObject *s)
{
    if ((intern_used + 1) * 3 >= (intern_mask + 1) * 2 || intern_table == NULL)
        if (intern_grow() < 0)
            return -1;
    size_t slot;
    PyObject *t = intern_lookup(s, &slot);
    if (t != NULL)
        return 0;
    intern_table[slot] = s;
    intern_used++;
    _cpx_text_make_static(s);
    _PyASCIIObject_CAST(s)->state.interned = SSTATE_INTERNED_IMMORTAL;
    return 0;
}

void PyUnicode_InternInPlace(PyObject **p)
{
    PyObject *s = *p;
    if (s == NULL || !PyUnicode_CheckExact(s) || PyUnicode_CHECK_INTERNED(s))
        return;
    if (intern_table == NULL && intern_grow() < 0)
        return;
    size_t slot;
    PyObject *t = intern_lookup(s, &slot);
    if (t != NULL) {
        Py_INCREF(t);
        Py_SETREF(*p, t);
        return;
    }
    intern_insert(s);
}

void PyUnicode_InternImmortal(PyObject **p)
{
    PyUnicode_InternInPlace(p);
}

PyObject *PyUnicode_InternFromString(const char *str)
{
    PyObject *s = PyUnicode_FromString(str);
    if (s != NULL)
        PyUnicode_InternInPlace(&s);
    return s;
}

PyObject *_cpx_intern(const char *str)
{
    if (intern_table == NULL && intern_grow() < 0)
        return NULL;
    size_t len = strlen(str), i, slot;
    for (i = 0; i < len && (unsigned char)str[i] < 0x80; i++)
        ;
    if (i == len) {
        PyObject *t = intern_ascii_lookup(str, len, &slot);
        if (t != NULL)
            return t;
    }
    PyObject *s = PyUnicode_InternFromString(str);
    if (s == NULL)
        return NULL;
    Py_DECREF(s);            /* immortal now: the table keeps it */
    return s;
}

/* ---- the str type ---- */

static void unicode_dealloc(PyObject *op)
{
    _cpx_unicode_drop_wstr(op);
    if (!PyUnicode_IS_COMPACT(op)) {
        PyUnicodeObject *u = _PyUnicodeObject_CAST(op);
        if (u->_base.utf8 != u->data.any)
            PyObject_Free(u->_base.utf8);
        PyObject_Free(u->data.any);
    }
    else if (!PyUnicode_IS_ASCII(op)) {
        PyObject_Free(_PyCompactUnicodeObject_CAST(op)->utf8);
    }
    Py_TYPE(op)->tp_free(op);
}

static Py_hash_t unicode_hash(PyObject *s)
{
    return _cpx_unicode_hash(s);
}

static PyObject *unicode_str(PyObject *s)
{
    return _cpx_unicode_exact(s);
}

static Py_ssize_t unicode_length(PyObject *s)
{
    return PyUnicode_GET_LENGTH(s);
}

static PyObject *unicode_mod(PyObject *v, PyObject *w)
{
    if (!PyUnicode_Check(v))
        Py_RETURN_NOTIMPLEMENTED;
    return PyUnicode_Format(v, w);
}

static PyNumberMethods unicode_as_number = {
    .nb_remainder = unicode_mod,
};

static PySequenceMethods unicode_as_sequence = {
    .sq_length = unicode_length,
    .sq_concat = PyUnicode_Concat,
    .sq_repeat = _cpx_unicode_repeat,
    .sq_item = _cpx_unicode_item,
    .sq_contains = PyUnicode_Contains,
};

static PyMappingMethods unicode_as_mapping = {
    .mp_length = unicode_length,
    .mp_subscript = _cpx_unicode_subscript,
};

static PyObject *unicode_iter(PyObject *s);

PyTypeObject PyUnicode_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "str",
    .tp_basicsize = sizeof(PyUnicodeObject),
    .tp_dealloc = unicode_dealloc,
    .tp_repr = _cpx_unicode_repr,
    .tp_as_number = &unicode_as_number,
    .tp_as_sequence = &unicode_as_sequence,
    .tp_as_mapping = &unicode_as_mapping,
    .tp_hash = unicode_hash,
    .tp_str = unicode_str,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_UNICODE_SUBCLASS |
                _Py_TPFLAGS_MATCH_SELF,
    .tp_doc = "str(object='') -> str\nstr(bytes_or_buffer[, encoding[, errors]]) -> str\n\n"
              "Create a new string object from the given object.",
    .tp_richcompare = PyUnicode_RichCompare,
    .tp_iter = unicode_iter,
    .tp_methods = _cpx_unicode_methods,
    .tp_new = _cpx_unicode_tp_new,
    .tp_free = PyObject_Free,
};

/* ---- the iterator: owns a reference to its string until exhausted ---- */

typedef struct {
    PyObject_HEAD
    Py_ssize_t index;
    PyObject *seq;
} unicodeiterobject;

static PyObject *unicode_iter(PyObject *s)
{
    unicodeiterobject *it = PyObject_Malloc(sizeof(unicodeiterobject));
    if (it == NULL)
        return PyErr_NoMemory();
    _cpx_setup_object((PyObject *)it, &PyUnicodeIter_Type);
    it->index = 0;
    it->seq = Py_NewRef(s);
    return (PyObject *)it;
}

static void unicodeiter_dealloc(PyObject *op)
{
    Py_XDECREF(((unicodeiterobject *)op)->seq);
    PyObject_Free(op);
}

static PyObject *unicodeiter_next(PyObject *op)
{
    unicodeiterobject *it = (unicodeiterobject *)op;
    PyObject *s = it->seq;
    if (s == NULL)
        return NULL;
    if (it->index < PyUnicode_GET_LENGTH(s))
        return _cpx_unicode_char(PyUnicode_READ_CHAR(s, it->index++));
    it->seq = NULL;
    Py_DECREF(s);
    return NULL;
}

static PyObject *unicodeiter_length_hint(PyObject *op, PyObject *unused)
{
    unicodeiterobject *it = (unicodeiterobject *)op;
    Py_ssize_t n = it->seq ? PyUnicode_GET_LENGTH(it->seq) - it->index : 0;
    return PyLong_FromSsize_t(n < 0 ? 0 : n);
}

static PyMethodDef unicodeiter_methods[] = {
    {"__length_hint__", unicodeiter_length_hint, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

PyTypeObject PyUnicodeIter_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "str_iterator",
    .tp_basicsize = sizeof(unicodeiterobject),
    .tp_dealloc = unicodeiter_dealloc,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = unicodeiter_next,
    .tp_methods = unicodeiter_methods,
    .tp_free = PyObject_Free,
};

int _cpx_init_unicode(void)
{
    if (PyType_Ready(&PyUnicode_Type) < 0 || PyType_Ready(&PyUnicodeIter_Type) < 0)
        return -1;
    if (intern_table == NULL && intern_grow() < 0)
        return -1;
    PyObject *e = (PyObject *)&empty_str;
    size_t slot;
    if (intern_lookup(e, &slot) == NULL) {
        intern_table[slot] = e;
        intern_used++;
    }
    for (int c = 0; c < 256; c++) {
        PyObject *s = _cpx_unicode_char((Py_UCS4)c);
        if (s == NULL)
            return -1;
        Py_DECREF(s);
    }
    return 0;
}
