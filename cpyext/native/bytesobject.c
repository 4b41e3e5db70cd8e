/* bytesobject.c: the bytes object: creation (C API and bytes(...)),
 * resizing, concatenation, repr, hashing, comparison, the buffer protocol
 * and the bytes iterator (PyBytes_FromFormat and DecodeEscape: bytes_format.c).
 *
 * Invariants:
 * - A bytes object is one PyObject_Malloc block: the PyBytesObject header,
 *   Py_SIZE bytes of data inline in ob_sval, then a NUL. ob_shash is -1
 *   until the hash is computed.
 * - b'' and the 256 one-byte values are shared immortal singletons (made
 *   on first use, no longer counted as live objects); everything else is a
 *   fresh object with refcount 1. _PyBytes_Resize reallocates in place only
 *   a refcount-1 object, keeping the live count unchanged.
 * - Functions borrow their arguments; Py_buffer views on arguments are
 *   released before returning. The shared methods are in bytes_methods.c. */
#include "unicode_internal.h"

#define BYTES_HEADER offsetof(PyBytesObject, ob_sval)

static struct {
    PyBytesObject base;
    char pad[7];
} empty_bytes = {
    .base = {
        .ob_base = {{CPX_IMMORTAL_REFCNT, &PyBytes_Type}, 0},
        .ob_shash = -1,
        .ob_sval = {0},
    },
};

static PyObject *byte_chars[256];

static PyObject *bytes_alloc(Py_ssize_t size)
{
    if ((size_t)size > (size_t)PY_SSIZE_T_MAX - BYTES_HEADER - 1) {
        PyErr_SetString(PyExc_OverflowError, "byte string is too large");
        return NULL;
    }
    PyBytesObject *op = PyObject_Malloc(BYTES_HEADER + (size_t)size + 1);
    if (op == NULL)
        return PyErr_NoMemory();
    Py_SET_SIZE(op, size);
    op->ob_shash = -1;
    op->ob_sval[size] = 0;
    return _cpx_setup_object((PyObject *)op, &PyBytes_Type);
}

PyObject *PyBytes_FromStringAndSize(const char *str, Py_ssize_t size)
{
    if (size < 0) {
        PyErr_SetString(PyExc_SystemError, "Negative size passed to PyBytes_FromStringAndSize");
        return NULL;
    }
    if (size == 0)
        return Py_NewRef((PyObject *)&empty_bytes);
    if (size == 1 && str != NULL) {
        unsigned char c = (unsigned char)str[0];
        PyObject *op = byte_chars[c];
        if (op == NULL) {
            op = bytes_alloc(1);
            if (op == NULL)
                return NULL;
            PyBytes_AS_STRING(op)[0] = (char)c;
            _cpx_text_make_static(op);
            byte_chars[c] = op;
        }
        return Py_NewRef(op);
    }
    PyObject *op = bytes_alloc(size);
    if (op != NULL && str != NULL)
        memcpy(PyBytes_AS_STRING(op), str, (size_t)size);
    return op;
}

PyObject *PyBytes_FromString(const char *str)
{
    size_t size = strlen(str);
    if (size > (size_t)PY_SSIZE_T_MAX - BYTES_HEADER - 1) {
        PyErr_SetString(PyExc_OverflowError, "byte string is too long");
        return NULL;
    }
    return PyBytes_FromStringAndSize(str, (Py_ssize_t)size);
}

static int check_bytes(PyObject *op)
{
    if (op == NULL || !PyBytes_Check(op)) {
        PyErr_Format(PyExc_TypeError, "expected bytes, %.200s found",
                     op ? _cpx_type_name(op) : "NULL");
        return -1;
    }
    return 0;
}

Py_ssize_t PyBytes_Size(PyObject *op)
{
    return check_bytes(op) < 0 ? -1 : Py_SIZE(op);
}

char *PyBytes_AsString(PyObject *op)
{
    return check_bytes(op) < 0 ? NULL : PyBytes_AS_STRING(op);
}

int PyBytes_AsStringAndSize(PyObject *obj, char **s, Py_ssize_t *len)
{
    if (s == NULL) {
        PyErr_BadInternalCall();
        return -1;
    }
    if (check_bytes(obj) < 0)
        return -1;
    *s = PyBytes_AS_STRING(obj);
    if (len != NULL)
        *len = PyBytes_GET_SIZE(obj);
    else if (strlen(*s) != (size_t)PyBytes_GET_SIZE(obj)) {
        PyErr_SetString(PyExc_ValueError, "embedded null byte");
        return -1;
    }
    return 0;
}

int _PyBytes_Resize(PyObject **pv, Py_ssize_t newsize)
{
    PyObject *v = *pv;
    if (v == NULL || !PyBytes_Check(v) || newsize < 0)
        goto error;
    if (Py_SIZE(v) == newsize)
        return 0;
    if (Py_SIZE(v) == 0) {
        *pv = newsize ? bytes_alloc(newsize) : Py_NewRef(v);
        Py_DECREF(v);
        return *pv == NULL ? -1 : 0;
    }
    if (Py_REFCNT(v) != 1)
        goto error;
    if (newsize == 0) {
        *pv = Py_NewRef((PyObject *)&empty_bytes);
        Py_DECREF(v);
        return 0;
    }
    if ((size_t)newsize > (size_t)PY_SSIZE_T_MAX - BYTES_HEADER - 1) {
        *pv = NULL;
        Py_DECREF(v);
        PyErr_NoMemory();
        return -1;
    }
    PyObject *nv = PyObject_Realloc(v, BYTES_HEADER + (size_t)newsize + 1);
    if (nv == NULL) {
        *pv = NULL;
        Py_DECREF(v);
        PyErr_NoMemory();
        return -1;
    }
    Py_SET_SIZE(nv, newsize);
    PyBytes_AS_STRING(nv)[newsize] = 0;
    ((PyBytesObject *)nv)->ob_shash = -1;
    *pv = nv;
    return 0;
error:
    *pv = NULL;
    Py_XDECREF(v);
    PyErr_BadInternalCall();
    return -1;
}

/* ---- from other objects ---- */

static PyObject *from_buffer(PyObject *x)
{
    Py_buffer view;
    if (PyObject_GetBuffer(x, &view, PyBUF_FULL_RO) < 0)
        return NULL;
    PyObject *r = PyBytes_FromStringAndSize(NULL, view.len);
    if (r != NULL && PyBuffer_ToContiguous(PyBytes_AS_STRING(r), &view, view.len, 'C') < 0)
        Py_CLEAR(r);
    PyBuffer_Release(&view);
    return r;
}

int _cpx_bytes_collect_iter(PyObject *it, _cpx_bbuf *b)
{
    PyObject *item;
    while ((item = PyIter_Next(it)) != NULL) {
        Py_ssize_t v = PyNumber_AsSsize_t(item, NULL);
        Py_DECREF(item);
        if (v == -1 && PyErr_Occurred())
            return -1;
        if (v < 0 || v > 255) {
            PyErr_SetString(PyExc_ValueError, "bytes must be in range(0, 256)");
            return -1;
        }
        if (_cpx_bb_byte(b, (int)v) < 0)
            return -1;
    }
    return PyErr_Occurred() ? -1 : 0;
}

PyObject *PyBytes_FromObject(PyObject *x)
{
    if (x == NULL) {
        PyErr_BadInternalCall();
        return NULL;
    }
    if (PyBytes_CheckExact(x))
        return Py_NewRef(x);
    if (PyObject_CheckBuffer(x))
        return from_buffer(x);
    if (!PyUnicode_Check(x)) {
        PyObject *it = PyObject_GetIter(x);
        if (it != NULL) {
            _cpx_bbuf b;
            _cpx_bb_init(&b);
            int r = _cpx_bytes_collect_iter(it, &b);
            Py_DECREF(it);
            if (r == 0)
                return _cpx_bb_finish(&b);
            _cpx_bb_discard(&b);
            return NULL;
        }
        if (!PyErr_ExceptionMatches(PyExc_TypeError))
            return NULL;
        PyErr_Clear();
    }
    PyErr_Format(PyExc_TypeError, "cannot convert '%.200s' object to bytes", _cpx_type_name(x));
    return NULL;
}

/* ---- repr ---- */

/* bytes: escape the quote used; bytearray_style: escape ' always (as
 * CPython's bytearray repr does) whatever the quote. */
PyObject *_cpx_bytes_repr(const char *s, Py_ssize_t n, int smartquotes, int bytearray_style)
{
    char quote = '\'';
    if (smartquotes && memchr(s, '\'', (size_t)n) && !memchr(s, '"', (size_t)n))
        quote = '"';
    _cpx_bbuf b;
    _cpx_bb_init(&b);
    if (_cpx_bb_reserve(&b, n + 3) < 0)
        return NULL;
    _cpx_bb_byte(&b, 'b');
    _cpx_bb_byte(&b, quote);
    static const char hex[] = "0123456789abcdef";
    for (Py_ssize_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        char esc[4];
        int k = 0;
        if (c == '\\' || c == (bytearray_style ? '\'' : (unsigned char)quote)) {
            esc[k++] = '\\';
            esc[k++] = (char)c;
        }
        else if (c == '\t') { esc[k++] = '\\'; esc[k++] = 't'; }
        else if (c == '\n') { esc[k++] = '\\'; esc[k++] = 'n'; }
        else if (c == '\r') { esc[k++] = '\\'; esc[k++] = 'r'; }
        else if (c < ' ' || c >= 0x7F) {
            esc[k++] = '\\';
            esc[k++] = 'x';
            esc[k++] = hex[c >> 4];
            esc[k++] = hex[c & 15];
        }
        else
            esc[k++] = (char)c;
        if (_cpx_bb_put(&b, esc, k) < 0) {
            _cpx_bb_discard(&b);
            return NULL;
        }
    }
    if (_cpx_bb_byte(&b, quote) < 0) {
        _cpx_bb_discard(&b);
        return NULL;
    }
    PyObject *r = _cpx_unicode_from_ascii(b.data, b.len);
    _cpx_bb_discard(&b);
    return r;
}

PyObject *PyBytes_Repr(PyObject *obj, int smartquotes)
{
    if (check_bytes(obj) < 0)
        return NULL;
    return _cpx_bytes_repr(PyBytes_AS_STRING(obj), Py_SIZE(obj), smartquotes, 0);
}

static PyObject *bytes_repr(PyObject *self)
{
    return PyBytes_Repr(self, 1);
}

/* ---- concatenation ---- */

static PyObject *bytes_concat(PyObject *a, PyObject *b)
{
    Py_buffer va, vb;
    if (PyObject_GetBuffer(a, &va, PyBUF_SIMPLE) != 0) {
        PyErr_Format(PyExc_TypeError, "can't concat %.100s to %.100s", _cpx_type_name(b), _cpx_type_name(a));
        return NULL;
    }
    if (PyObject_GetBuffer(b, &vb, PyBUF_SIMPLE) != 0) {
        PyBuffer_Release(&va);
        PyErr_Format(PyExc_TypeError, "can't concat %.100s to %.100s", _cpx_type_name(b), _cpx_type_name(a));
        return NULL;
    }
    PyObject *r;
    if (vb.len == 0 && PyBytes_CheckExact(a))
        r = Py_NewRef(a);
    else if (va.len == 0 && PyBytes_CheckExact(b))
        r = Py_NewRef(b);
    else if (va.len > PY_SSIZE_T_MAX - vb.len)
        r = PyErr_NoMemory();
    else if ((r = PyBytes_FromStringAndSize(NULL, va.len + vb.len)) != NULL) {
        memcpy(PyBytes_AS_STRING(r), va.buf, (size_t)va.len);
        memcpy(PyBytes_AS_STRING(r) + va.len, vb.buf, (size_t)vb.len);
    }
    PyBuffer_Release(&va);
    PyBuffer_Release(&vb);
    return r;
}

void PyBytes_Concat(PyObject **pv, PyObject *w)
{
    if (pv == NULL || *pv == NULL)
        return;
    if (w == NULL) {
        Py_CLEAR(*pv);
        return;
    }
    if (Py_REFCNT(*pv) == 1 && PyBytes_CheckExact(*pv) && Py_SIZE(*pv) > 0) {
        Py_buffer wb;
        if (PyObject_GetBuffer(w, &wb, PyBUF_SIMPLE) != 0) {
            PyErr_Format(PyExc_TypeError, "can't concat %.100s to %.100s",
                         _cpx_type_name(w), _cpx_type_name(*pv));
            Py_CLEAR(*pv);
            return;
        }
        Py_ssize_t old = PyBytes_GET_SIZE(*pv);
        if (wb.len > PY_SSIZE_T_MAX - old) {
            PyErr_NoMemory();
            Py_CLEAR(*pv);
        }
        else if (_PyBytes_Resize(pv, old + wb.len) == 0)
            memcpy(PyBytes_AS_STRING(*pv) + old, wb.buf, (size_t)wb.len);
        PyBuffer_Release(&wb);
        return;
    }
    PyObject *r = bytes_concat(*pv, w);
    Py_SETREF(*pv, r);
}

void PyBytes_ConcatAndDel(PyObject **pv, PyObject *w)
{
    PyBytes_Concat(pv, w);
    Py_XDECREF(w);
}

/* ---- type slots ---- */

static void bytes_dealloc(PyObject *self)
{
    Py_TYPE(self)->tp_free(self);
}

static Py_hash_t bytes_hash(PyObject *self)
{
    PyBytesObject *b = (PyBytesObject *)self;
    if (b->ob_shash == -1) {
        Py_hash_t h = _Py_HashBytes(b->ob_sval, Py_SIZE(self));
        b->ob_shash = h == -1 ? -2 : h;
    }
    return b->ob_shash;
}

static PyObject *bytes_richcompare(PyObject *a, PyObject *b, int op)
{
    if (!PyBytes_Check(a) || !PyBytes_Check(b))
        Py_RETURN_NOTIMPLEMENTED;
    Py_ssize_t la = Py_SIZE(a), lb = Py_SIZE(b);
    if (op == Py_EQ || op == Py_NE) {
        int eq = a == b || (la == lb && memcmp(PyBytes_AS_STRING(a), PyBytes_AS_STRING(b), (size_t)la) == 0);
        return PyBool_FromLong(eq == (op == Py_EQ));
    }
    int c = memcmp(PyBytes_AS_STRING(a), PyBytes_AS_STRING(b), (size_t)Py_MIN(la, lb));
    if (c == 0)
        c = la < lb ? -1 : la > lb ? 1 : 0;
    Py_RETURN_RICHCOMPARE(c, 0, op);
}

static int bytes_getbuffer(PyObject *self, Py_buffer *view, int flags)
{
    return PyBuffer_FillInfo(view, self, PyBytes_AS_STRING(self), Py_SIZE(self), 1, flags);
}

static Py_ssize_t bytes_length(PyObject *self)
{
    return Py_SIZE(self);
}

static PyObject *bytes_repeat(PyObject *self, Py_ssize_t n)
{
    Py_ssize_t len = Py_SIZE(self);
    if (n < 0)
        n = 0;
    if (n == 1 && PyBytes_CheckExact(self))
        return Py_NewRef(self);
    if (len && n > PY_SSIZE_T_MAX / len) {
        PyErr_SetString(PyExc_OverflowError, "repeated bytes are too long");
        return NULL;
    }
    PyObject *r = PyBytes_FromStringAndSize(NULL, len * n);
    if (r == NULL || len * n == 0)
        return r;
    char *d = PyBytes_AS_STRING(r);
    if (len == 1)
        memset(d, PyBytes_AS_STRING(self)[0], (size_t)n);
    else
        for (Py_ssize_t i = 0; i < n; i++)
            memcpy(d + i * len, PyBytes_AS_STRING(self), (size_t)len);
    return r;
}

static PyObject *bytes_item(PyObject *self, Py_ssize_t i)
{
    if (i < 0 || i >= Py_SIZE(self)) {
        PyErr_SetString(PyExc_IndexError, "index out of range");
        return NULL;
    }
    return PyLong_FromLong((unsigned char)PyBytes_AS_STRING(self)[i]);
}

static int bytes_contains(PyObject *self, PyObject *arg)
{
    if (PyIndex_Check(arg)) {
        int v;
        if (_cpx_byte_value(arg, &v) < 0)
            return -1;
        return memchr(PyBytes_AS_STRING(self), v, (size_t)Py_SIZE(self)) != NULL;
    }
    Py_buffer view;
    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0)
        return -1;
    int r = _cpx_bytes_find(PyBytes_AS_STRING(self), Py_SIZE(self), view.buf, view.len,
                            0, PY_SSIZE_T_MAX, 1) >= 0;
    PyBuffer_Release(&view);
    return r;
}

static PyObject *bytes_subscript(PyObject *self, PyObject *item)
{
    if (PyIndex_Check(item)) {
        Py_ssize_t i = PyNumber_AsSsize_t(item, PyExc_IndexError);
        if (i == -1 && PyErr_Occurred())
            return NULL;
        if (i < 0)
            i += Py_SIZE(self);
        return bytes_item(self, i);
    }
    if (PySlice_Check(item)) {
        Py_ssize_t start, stop, step;
        if (PySlice_Unpack(item, &start, &stop, &step) < 0)
            return NULL;
        Py_ssize_t n = PySlice_AdjustIndices(Py_SIZE(self), &start, &stop, step);
        const char *s = PyBytes_AS_STRING(self);
        if (n <= 0)
            return PyBytes_FromStringAndSize(NULL, 0);
        if (step == 1) {
            if (n == Py_SIZE(self) && PyBytes_CheckExact(self))
                return Py_NewRef(self);
            return PyBytes_FromStringAndSize(s + start, n);
        }
        PyObject *r = PyBytes_FromStringAndSize(NULL, n);
        if (r != NULL)
            for (Py_ssize_t k = 0, i = start; k < n; k++, i += step)
                PyBytes_AS_STRING(r)[k] = s[i];
        return r;
    }
    PyErr_Format(PyExc_TypeError, "byte indices must be integers or slices, not %.200s",
                 _cpx_type_name(item));
    return NULL;
}

/* bytes(source=b'', encoding=..., errors=...) */
static PyObject *bytes_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"source", "encoding", "errors", NULL};
    PyObject *x = NULL, *r;
    const char *encoding = NULL, *errors = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|Oss:bytes", kwlist, &x, &encoding, &errors))
        return NULL;
    if (x == NULL) {
        if (encoding != NULL || errors != NULL) {
            PyErr_SetString(PyExc_TypeError, encoding != NULL ? "encoding without a string argument"
                                                              : "errors without a string argument");
            return NULL;
        }
        r = PyBytes_FromStringAndSize(NULL, 0);
    }
    else if (encoding != NULL) {
        if (!PyUnicode_Check(x)) {
            PyErr_SetString(PyExc_TypeError, "encoding without a string argument");
            return NULL;
        }
        r = PyUnicode_AsEncodedString(x, encoding, errors);
    }
    else if (errors != NULL) {
        PyErr_SetString(PyExc_TypeError, PyUnicode_Check(x) ? "string argument without an encoding"
                                                            : "errors without a string argument");
        return NULL;
    }
    else {
        PyObject *func = _PyObject_LookupSpecial(x, _cpx_intern("__bytes__"));
        if (func != NULL) {
            r = PyObject_CallNoArgs(func);
            Py_DECREF(func);
            if (r != NULL && !PyBytes_Check(r)) {
                PyErr_Format(PyExc_TypeError, "__bytes__ returned non-bytes (type %.200s)",
                             _cpx_type_name(r));
                Py_CLEAR(r);
            }
        }
        else if (PyErr_Occurred())
            return NULL;
        else if (PyUnicode_Check(x)) {
            PyErr_SetString(PyExc_TypeError, "string argument without an encoding");
            return NULL;
        }
        else if (PyIndex_Check(x)) {
            Py_ssize_t size = PyNumber_AsSsize_t(x, PyExc_OverflowError);
            if (size == -1 && PyErr_Occurred()) {
                if (!PyErr_ExceptionMatches(PyExc_TypeError))
                    return NULL;
                PyErr_Clear();
                r = PyBytes_FromObject(x);
            }
            else if (size < 0) {
                PyErr_SetString(PyExc_ValueError, "negative count");
                return NULL;
            }
            else if ((r = PyBytes_FromStringAndSize(NULL, size)) != NULL)
                memset(PyBytes_AS_STRING(r), 0, (size_t)size);
        }
        else
            r = PyBytes_FromObject(x);
    }
    if (r == NULL || type == &PyBytes_Type)
        return r;
    /* A subclass instance: same layout, allocated by the subtype. */
    Py_ssize_t n = Py_SIZE(r);
    PyObject *self = type->tp_alloc(type, n);
    if (self != NULL) {
        Py_SET_SIZE(self, n);
        memcpy(PyBytes_AS_STRING(self), PyBytes_AS_STRING(r), (size_t)n + 1);
        ((PyBytesObject *)self)->ob_shash = -1;
    }
    Py_DECREF(r);
    return self;
}

static PyObject *bytes_getnewargs(PyObject *self, PyObject *unused)
{
    return Py_BuildValue("(y#)", PyBytes_AS_STRING(self), Py_SIZE(self));
}

static PyObject *bytes_bytes(PyObject *self, PyObject *unused)
{
    if (PyBytes_CheckExact(self))
        return Py_NewRef(self);
    return PyBytes_FromStringAndSize(PyBytes_AS_STRING(self), Py_SIZE(self));
}

static PyMethodDef bytes_methods[] = {
    CPX_BYTES_SHARED_METHODS,
    CPX_MDEF("__getnewargs__", bytes_getnewargs, METH_NOARGS),
    CPX_MDEF("__bytes__", bytes_bytes, METH_NOARGS),
    {NULL, NULL, 0, NULL},
};

static PyBufferProcs bytes_as_buffer = {
    .bf_getbuffer = bytes_getbuffer,
};

static PySequenceMethods bytes_as_sequence = {
    .sq_length = bytes_length,
    .sq_concat = bytes_concat,
    .sq_repeat = bytes_repeat,
    .sq_item = bytes_item,
    .sq_contains = bytes_contains,
};

static PyMappingMethods bytes_as_mapping = {
    .mp_length = bytes_length,
    .mp_subscript = bytes_subscript,
};

static PyObject *bytes_iter(PyObject *self);

/* bytes % args (PEP 461); NotImplemented when bytes is the right operand. */
static PyObject *bytes_mod(PyObject *self, PyObject *args)
{
    if (!PyBytes_Check(self))
        Py_RETURN_NOTIMPLEMENTED;
    return _cpx_bytes_percent_format(PyBytes_AS_STRING(self), PyBytes_GET_SIZE(self), args);
}

static PyNumberMethods bytes_as_number = {
    .nb_remainder = bytes_mod,
};

PyTypeObject PyBytes_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "bytes",
    .tp_basicsize = BYTES_HEADER + 1,
    .tp_itemsize = 1,
    .tp_dealloc = bytes_dealloc,
    .tp_repr = bytes_repr,
    .tp_as_number = &bytes_as_number,
    .tp_as_sequence = &bytes_as_sequence,
    .tp_as_mapping = &bytes_as_mapping,
    .tp_hash = bytes_hash,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_as_buffer = &bytes_as_buffer,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_BYTES_SUBCLASS |
                _Py_TPFLAGS_MATCH_SELF,
    .tp_doc = "bytes(iterable_of_ints) -> bytes\nbytes(string, encoding[, errors]) -> bytes\n"
              "bytes(bytes_or_buffer) -> immutable copy of bytes_or_buffer\n"
              "bytes(int) -> bytes object of size given by the parameter initialized with null bytes\n"
              "bytes() -> empty bytes object",
    .tp_richcompare = bytes_richcompare,
    .tp_iter = bytes_iter,
    .tp_methods = bytes_methods,
    .tp_new = bytes_new,
    .tp_free = PyObject_Free,
};

/* ---- the iterator: owns a reference to its bytes until exhausted ---- */

typedef struct {
    PyObject_HEAD
    Py_ssize_t index;
    PyObject *seq;
} bytesiterobject;

static PyObject *bytes_iter(PyObject *self)
{
    bytesiterobject *it = PyObject_Malloc(sizeof(bytesiterobject));
    if (it == NULL)
        return PyErr_NoMemory();
    _cpx_setup_object((PyObject *)it, &PyBytesIter_Type);
    it->index = 0;
    it->seq = Py_NewRef(self);
    return (PyObject *)it;
}

static void bytesiter_dealloc(PyObject *op)
{
    Py_XDECREF(((bytesiterobject *)op)->seq);
    PyObject_Free(op);
}

static PyObject *bytesiter_next(PyObject *op)
{
    bytesiterobject *it = (bytesiterobject *)op;
    PyObject *seq = it->seq;
    if (seq == NULL)
        return NULL;
    if (it->index < Py_SIZE(seq))
        return PyLong_FromLong((unsigned char)PyBytes_AS_STRING(seq)[it->index++]);
    it->seq = NULL;
    Py_DECREF(seq);
    return NULL;
}

static PyObject *bytesiter_length_hint(PyObject *op, PyObject *unused)
{
    bytesiterobject *it = (bytesiterobject *)op;
    return PyLong_FromSsize_t(it->seq ? Py_SIZE(it->seq) - it->index : 0);
}

static PyMethodDef bytesiter_methods[] = {
    {"__length_hint__", bytesiter_length_hint, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

PyTypeObject PyBytesIter_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "bytes_iterator",
    .tp_basicsize = sizeof(bytesiterobject),
    .tp_dealloc = bytesiter_dealloc,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = bytesiter_next,
    .tp_methods = bytesiter_methods,
    .tp_free = PyObject_Free,
};

int _cpx_init_bytearray(void);

int _cpx_init_bytes(void)
{
    if (PyType_Ready(&PyBytes_Type) < 0 || PyType_Ready(&PyBytesIter_Type) < 0)
        return -1;
    for (int c = 0; c < 256; c++) {
        char ch = (char)c;
        PyObject *b = PyBytes_FromStringAndSize(&ch, 1);
        if (b == NULL)
            return -1;
        Py_DECREF(b);
    }
    return _cpx_init_bytearray();
}
