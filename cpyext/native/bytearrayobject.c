/* bytearrayobject.c: the mutable bytearray: C API, bytearray(...),
 * indexing and slice assignment, the writable buffer protocol with export
 * counting, and its own methods (append, extend, pop, ...); the methods it
 * shares with bytes are in bytes_methods.c.
 *
 * Invariants:
 * - ob_bytes is NULL when ob_alloc is 0, else a PyObject_Malloc block of
 *   ob_alloc bytes owned by the object; ob_start == ob_bytes (this file
 *   never offsets the start), Py_SIZE < ob_alloc and ob_start[Py_SIZE] is
 *   a NUL. PyByteArray_AS_STRING gives _PyByteArray_empty_string when empty.
 * - ob_exports counts live Py_buffer views: while it is nonzero the block
 *   never moves or changes size (BufferError instead).
 * - Arguments are borrowed; results are new references. */
#include "unicode_internal.h"

char _PyByteArray_empty_string[] = "";

#define BA(op) ((PyByteArrayObject *)(op))

static int can_resize(PyByteArrayObject *self)
{
    if (self->ob_exports > 0) {
        PyErr_SetString(PyExc_BufferError, "Existing exports of data: object cannot be re-sized");
        return 0;
    }
    return 1;
}

PyObject *PyByteArray_FromStringAndSize(const char *bytes, Py_ssize_t size)
{
    if (size < 0) {
        PyErr_SetString(PyExc_SystemError, "Negative size passed to PyByteArray_FromStringAndSize");
        return NULL;
    }
    if (size == PY_SSIZE_T_MAX)
        return PyErr_NoMemory();
    PyByteArrayObject *new = PyObject_Malloc(sizeof(PyByteArrayObject));
    if (new == NULL)
        return PyErr_NoMemory();
    new->ob_bytes = NULL;
    new->ob_alloc = 0;
    if (size > 0) {
        new->ob_bytes = PyObject_Malloc((size_t)size + 1);
        if (new->ob_bytes == NULL) {
            PyObject_Free(new);
            return PyErr_NoMemory();
        }
        if (bytes != NULL)
            memcpy(new->ob_bytes, bytes, (size_t)size);
        new->ob_bytes[size] = 0;
        new->ob_alloc = size + 1;
    }
    new->ob_start = new->ob_bytes;
    new->ob_exports = 0;
    Py_SET_SIZE(new, size);
    return _cpx_setup_object((PyObject *)new, &PyByteArray_Type);
}

Py_ssize_t PyByteArray_Size(PyObject *self)
{
    return Py_SIZE(self);
}

char *PyByteArray_AsString(PyObject *self)
{
    return PyByteArray_AS_STRING(self);
}

int PyByteArray_Resize(PyObject *op, Py_ssize_t requested)
{
    PyByteArrayObject *self = BA(op);
    if (requested < 0) {
        PyErr_Format(PyExc_ValueError, "Can only resize to positive sizes, got %zd", requested);
        return -1;
    }
    if (requested == Py_SIZE(op))
        return 0;
    if (!can_resize(self))
        return -1;
    Py_ssize_t alloc = self->ob_alloc;
    if (requested + 1 <= alloc && requested + 1 >= alloc / 2) {
        Py_SET_SIZE(op, requested);
        self->ob_start[requested] = 0;
        return 0;
    }
    if (requested > alloc - 1 && requested <= alloc + alloc / 8)
        alloc = requested + (requested >> 3) + (requested < 9 ? 3 : 6);   /* grow gently */
    else
        alloc = requested + 1;
    if (requested >= PY_SSIZE_T_MAX - 16) {
        PyErr_NoMemory();
        return -1;
    }
    char *sval = PyObject_Realloc(self->ob_bytes, (size_t)alloc);
    if (sval == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    self->ob_bytes = self->ob_start = sval;
    self->ob_alloc = alloc;
    Py_SET_SIZE(op, requested);
    sval[requested] = 0;
    return 0;
}

PyObject *PyByteArray_Concat(PyObject *a, PyObject *b)
{
    Py_buffer va, vb;
    if (PyObject_GetBuffer(a, &va, PyBUF_SIMPLE) != 0 ||
        (PyObject_GetBuffer(b, &vb, PyBUF_SIMPLE) != 0 && (PyBuffer_Release(&va), 1))) {
        PyErr_Format(PyExc_TypeError, "can't concat %.100s to %.100s", _cpx_type_name(b), _cpx_type_name(a));
        return NULL;
    }
    PyObject *r = NULL;
    if (va.len > PY_SSIZE_T_MAX - vb.len)
        PyErr_NoMemory();
    else if ((r = PyByteArray_FromStringAndSize(NULL, va.len + vb.len)) != NULL) {
        memcpy(BA(r)->ob_bytes, va.buf, (size_t)va.len);
        memcpy(BA(r)->ob_bytes + va.len, vb.buf, (size_t)vb.len);
    }
    PyBuffer_Release(&va);
    PyBuffer_Release(&vb);
    return r;
}

PyObject *PyByteArray_FromObject(PyObject *input)
{
    return PyObject_CallOneArg((PyObject *)&PyByteArray_Type, input);
}

/* Replace self[lo:hi] by bytes[0:n] (bytes must not point into self). */
static int set_range(PyObject *self, Py_ssize_t lo, Py_ssize_t hi, const char *bytes, Py_ssize_t n)
{
    Py_ssize_t size = Py_SIZE(self), growth = n - (hi - lo);
    if (growth != 0) {
        if (!can_resize(BA(self)))
            return -1;
        if (growth < 0) {
            memmove(BA(self)->ob_start + lo + n, BA(self)->ob_start + hi, (size_t)(size - hi));
            if (PyByteArray_Resize(self, size + growth) < 0)
                return -1;
        }
        else {
            if (size > PY_SSIZE_T_MAX - growth) {
                PyErr_NoMemory();
                return -1;
            }
            if (PyByteArray_Resize(self, size + growth) < 0)
                return -1;
            memmove(BA(self)->ob_start + lo + n, BA(self)->ob_start + hi, (size_t)(size - hi));
        }
    }
    if (n)
        memcpy(BA(self)->ob_start + lo, bytes, (size_t)n);
    return 0;
}

/* Any value assignable to a slice, as a fresh bytes object. */
static PyObject *as_bytes(PyObject *v)
{
    if (PyUnicode_Check(v)) {
        PyErr_SetString(PyExc_TypeError, "can assign only bytes, buffers, or iterables of ints in range(0, 256)");
        return NULL;
    }
    return PyBytes_FromObject(v);
}

/* ---- sequence and mapping slots ---- */

static Py_ssize_t ba_length(PyObject *self)
{
    return Py_SIZE(self);
}

static PyObject *ba_item(PyObject *self, Py_ssize_t i)
{
    if (i < 0 || i >= Py_SIZE(self)) {
        PyErr_SetString(PyExc_IndexError, "bytearray index out of range");
        return NULL;
    }
    return PyLong_FromLong((unsigned char)BA(self)->ob_start[i]);
}

static int ba_ass_item(PyObject *self, Py_ssize_t i, PyObject *value)
{
    if (i < 0)
        i += Py_SIZE(self);
    if (i < 0 || i >= Py_SIZE(self)) {
        PyErr_SetString(PyExc_IndexError, "bytearray index out of range");
        return -1;
    }
    if (value == NULL)
        return set_range(self, i, i + 1, NULL, 0);
    int v;
    if (_cpx_byte_value(value, &v) < 0)
        return -1;
    BA(self)->ob_start[i] = (char)v;
    return 0;
}

static PyObject *ba_subscript(PyObject *self, PyObject *index)
{
    if (PyIndex_Check(index)) {
        Py_ssize_t i = PyNumber_AsSsize_t(index, PyExc_IndexError);
        if (i == -1 && PyErr_Occurred())
            return NULL;
        if (i < 0)
            i += Py_SIZE(self);
        return ba_item(self, i);
    }
    if (PySlice_Check(index)) {
        Py_ssize_t start, stop, step;
        if (PySlice_Unpack(index, &start, &stop, &step) < 0)
            return NULL;
        Py_ssize_t n = PySlice_AdjustIndices(Py_SIZE(self), &start, &stop, step);
        if (n <= 0)
            return PyByteArray_FromStringAndSize(NULL, 0);
        if (step == 1)
            return PyByteArray_FromStringAndSize(BA(self)->ob_start + start, n);
        PyObject *r = PyByteArray_FromStringAndSize(NULL, n);
        if (r != NULL)
            for (Py_ssize_t k = 0, i = start; k < n; k++, i += step)
                BA(r)->ob_start[k] = BA(self)->ob_start[i];
        return r;
    }
    PyErr_Format(PyExc_TypeError, "bytearray indices must be integers or slices, not %.200s",
                 _cpx_type_name(index));
    return NULL;
}

static int ba_ass_subscript(PyObject *self, PyObject *index, PyObject *values)
{
    if (PyIndex_Check(index)) {
        Py_ssize_t i = PyNumber_AsSsize_t(index, PyExc_IndexError);
        if (i == -1 && PyErr_Occurred())
            return -1;
        return ba_ass_item(self, i, values);
    }
    if (!PySlice_Check(index)) {
        PyErr_Format(PyExc_TypeError, "bytearray indices must be integers or slices, not %.200s",
                     _cpx_type_name(index));
        return -1;
    }
    Py_ssize_t start, stop, step;
    if (PySlice_Unpack(index, &start, &stop, &step) < 0)
        return -1;
    Py_ssize_t n = PySlice_AdjustIndices(Py_SIZE(self), &start, &stop, step);
    PyObject *bytes = NULL;
    if (values != NULL && (bytes = as_bytes(values)) == NULL)
        return -1;
    const char *src = bytes ? PyBytes_AS_STRING(bytes) : NULL;
    Py_ssize_t m = bytes ? PyBytes_GET_SIZE(bytes) : 0;
    int r = 0;
    if (step == 1) {
        if (stop < start)
            stop = start;
        r = set_range(self, start, stop, src, m);
    }
    else if (bytes == NULL) {
        /* Delete an extended slice: keep the others, in order. */
        if (n > 0) {
            if (step < 0) {
                start = start + step * (n - 1);
                step = -step;
            }
            if (!can_resize(BA(self))) {
                r = -1;
            }
            else {
                char *d = BA(self)->ob_start;
                Py_ssize_t size = Py_SIZE(self), w = start;
                for (Py_ssize_t i = start; i < size; i++)
                    if (i >= start + step * n || (i - start) % step != 0)
                        d[w++] = d[i];
                r = PyByteArray_Resize(self, w);
            }
        }
    }
    else if (m != n) {
        PyErr_Format(PyExc_ValueError, "attempt to assign bytes of size %zd to extended slice of size %zd",
                     m, n);
        r = -1;
    }
    else {
        for (Py_ssize_t k = 0, i = start; k < n; k++, i += step)
            BA(self)->ob_start[i] = src[k];
    }
    Py_XDECREF(bytes);
    return r;
}

static int ba_contains(PyObject *self, PyObject *arg)
{
    if (PyIndex_Check(arg)) {
        int v;
        if (_cpx_byte_value(arg, &v) < 0)
            return -1;
        return memchr(PyByteArray_AS_STRING(self), v, (size_t)Py_SIZE(self)) != NULL;
    }
    Py_buffer view;
    if (PyObject_GetBuffer(arg, &view, PyBUF_SIMPLE) < 0)
        return -1;
    int r = _cpx_bytes_find(PyByteArray_AS_STRING(self), Py_SIZE(self), view.buf, view.len,
                            0, PY_SSIZE_T_MAX, 1) >= 0;
    PyBuffer_Release(&view);
    return r;
}

static PyObject *ba_iconcat(PyObject *self, PyObject *other)
{
    Py_buffer v;
    if (PyObject_GetBuffer(other, &v, PyBUF_SIMPLE) != 0) {
        PyErr_Format(PyExc_TypeError, "can't concat %.100s to %.100s",
                     _cpx_type_name(other), _cpx_type_name(self));
        return NULL;
    }
    Py_ssize_t size = Py_SIZE(self);
    int r = -1;
    if (v.len > PY_SSIZE_T_MAX - size)
        PyErr_NoMemory();
    else if ((r = PyByteArray_Resize(self, size + v.len)) == 0)
        memcpy(BA(self)->ob_start + size, v.buf, (size_t)v.len);   /* v may be self: memcpy after grow */
    PyBuffer_Release(&v);
    return r == 0 ? Py_NewRef(self) : NULL;
}

static PyObject *ba_repeat(PyObject *self, Py_ssize_t n)
{
    Py_ssize_t len = Py_SIZE(self);
    if (n < 0)
        n = 0;
    if (len && n > PY_SSIZE_T_MAX / len)
        return PyErr_NoMemory();
    PyObject *r = PyByteArray_FromStringAndSize(NULL, len * n);
    if (r != NULL)
        for (Py_ssize_t i = 0; i < n; i++)
            memcpy(BA(r)->ob_start + i * len, BA(self)->ob_start, (size_t)len);
    return r;
}

static PyObject *ba_irepeat(PyObject *self, Py_ssize_t n)
{
    Py_ssize_t len = Py_SIZE(self);
    if (n < 0)
        n = 0;
    if (len && n > PY_SSIZE_T_MAX / len)
        return PyErr_NoMemory();
    if (PyByteArray_Resize(self, len * n) < 0)
        return NULL;
    for (Py_ssize_t i = 1; i < n; i++)
        memcpy(BA(self)->ob_start + i * len, BA(self)->ob_start, (size_t)len);
    return Py_NewRef(self);
}

/* ---- buffer protocol ---- */

static int ba_getbuffer(PyObject *self, Py_buffer *view, int flags)
{
    if (view == NULL) {
        PyErr_SetString(PyExc_BufferError, "bytearray_getbuffer: view==NULL argument is obsolete");
        return -1;
    }
    if (PyBuffer_FillInfo(view, self, PyByteArray_AS_STRING(self), Py_SIZE(self), 0, flags) < 0)
        return -1;
    BA(self)->ob_exports++;
    return 0;
}

static void ba_releasebuffer(PyObject *self, Py_buffer *view)
{
    BA(self)->ob_exports--;
}

/* ---- object slots ---- */

static void ba_dealloc(PyObject *self)
{
    PyObject_Free(BA(self)->ob_bytes);
    Py_TYPE(self)->tp_free(self);
}

static PyObject *ba_repr(PyObject *self)
{
    PyObject *inner = _cpx_bytes_repr(PyByteArray_AS_STRING(self), Py_SIZE(self), 1, 1);
    if (inner == NULL)
        return NULL;
    PyObject *r = PyUnicode_FromFormat("%s(%U)", _PyType_Name(Py_TYPE(self)), inner);
    Py_DECREF(inner);
    return r;
}

static PyObject *ba_richcompare(PyObject *a, PyObject *b, int op)
{
    if (!PyObject_CheckBuffer(a) || !PyObject_CheckBuffer(b))
        Py_RETURN_NOTIMPLEMENTED;
    Py_buffer va, vb;
    if (PyObject_GetBuffer(a, &va, PyBUF_SIMPLE) != 0) {
        PyErr_Clear();
        Py_RETURN_NOTIMPLEMENTED;
    }
    if (PyObject_GetBuffer(b, &vb, PyBUF_SIMPLE) != 0) {
        PyErr_Clear();
        PyBuffer_Release(&va);
        Py_RETURN_NOTIMPLEMENTED;
    }
    int c;
    if ((op == Py_EQ || op == Py_NE) && va.len != vb.len)
        c = 1;
    else {
        c = memcmp(va.buf, vb.buf, (size_t)Py_MIN(va.len, vb.len));
        if (c == 0)
            c = va.len < vb.len ? -1 : va.len > vb.len ? 1 : 0;
    }
    PyBuffer_Release(&va);
    PyBuffer_Release(&vb);
    Py_RETURN_RICHCOMPARE(c, 0, op);
}

/* bytearray(source=b'', encoding=..., errors=...) fills self in place. */
static int ba_init(PyObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"source", "encoding", "errors", NULL};
    PyObject *arg = NULL;
    const char *encoding = NULL, *errors = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|Oss:bytearray", kwlist, &arg, &encoding, &errors))
        return -1;
    if (Py_SIZE(self) != 0 && PyByteArray_Resize(self, 0) < 0)
        return -1;
    if (arg == NULL) {
        if (encoding != NULL || errors != NULL) {
            PyErr_SetString(PyExc_TypeError, encoding != NULL ? "encoding without a string argument"
                                                              : "errors without a string argument");
            return -1;
        }
        return 0;
    }
    PyObject *src;
    if (PyUnicode_Check(arg)) {
        if (encoding == NULL) {
            PyErr_SetString(PyExc_TypeError, "string argument without an encoding");
            return -1;
        }
        src = PyUnicode_AsEncodedString(arg, encoding, errors);
    }
    else if (encoding != NULL || errors != NULL) {
        PyErr_SetString(PyExc_TypeError, encoding != NULL ? "encoding without a string argument"
                                                          : "errors without a string argument");
        return -1;
    }
    else if (PyIndex_Check(arg) && !PyObject_CheckBuffer(arg)) {
        Py_ssize_t count = PyNumber_AsSsize_t(arg, PyExc_OverflowError);
        if (count == -1 && PyErr_Occurred())
            return -1;
        if (count < 0) {
            PyErr_SetString(PyExc_ValueError, "negative count");
            return -1;
        }
        if (count > 0) {
            if (PyByteArray_Resize(self, count) < 0)
                return -1;
            memset(BA(self)->ob_start, 0, (size_t)count);
        }
        return 0;
    }
    else if (PyObject_CheckBuffer(arg)) {
        src = PyBytes_FromObject(arg);
    }
    else {
        PyObject *it = PyObject_GetIter(arg);
        if (it == NULL) {
            if (PyErr_ExceptionMatches(PyExc_TypeError)) {
                PyErr_Clear();
                PyErr_Format(PyExc_TypeError, "cannot convert '%.200s' object to bytearray",
                             _cpx_type_name(arg));
            }
            return -1;
        }
        _cpx_bbuf b;
        _cpx_bb_init(&b);
        int r = _cpx_bytes_collect_iter(it, &b);
        Py_DECREF(it);
        if (r == 0)
            r = set_range(self, 0, Py_SIZE(self), b.data, b.len);
        _cpx_bb_discard(&b);
        return r;
    }
    if (src == NULL)
        return -1;
    int r = set_range(self, 0, Py_SIZE(self), PyBytes_AS_STRING(src), PyBytes_GET_SIZE(src));
    Py_DECREF(src);
    return r;
}

static PyObject *ba_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    PyObject *self = type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    BA(self)->ob_bytes = BA(self)->ob_start = NULL;
    BA(self)->ob_alloc = 0;
    BA(self)->ob_exports = 0;
    Py_SET_SIZE(self, 0);
    return self;
}

/* ---- bytearray's own methods ---- */

static PyObject *ba_append(PyObject *self, PyObject *item)
{
    int v;
    if (_cpx_byte_value(item, &v) < 0)
        return NULL;
    Py_ssize_t n = Py_SIZE(self);
    if (PyByteArray_Resize(self, n + 1) < 0)
        return NULL;
    BA(self)->ob_start[n] = (char)v;
    Py_RETURN_NONE;
}

static PyObject *ba_extend(PyObject *self, PyObject *iterable)
{
    if (PyObject_CheckBuffer(iterable)) {
        PyObject *copy = PyBytes_FromObject(iterable);      /* iterable may be self */
        if (copy == NULL)
            return NULL;
        int r = set_range(self, Py_SIZE(self), Py_SIZE(self), PyBytes_AS_STRING(copy),
                          PyBytes_GET_SIZE(copy));
        Py_DECREF(copy);
        if (r < 0)
            return NULL;
        Py_RETURN_NONE;
    }
    PyObject *it = PyObject_GetIter(iterable);
    if (it == NULL) {
        if (PyErr_ExceptionMatches(PyExc_TypeError)) {
            PyErr_Clear();
            PyErr_Format(PyExc_TypeError, "can't extend bytearray with %.100s", _cpx_type_name(iterable));
        }
        return NULL;
    }
    _cpx_bbuf b;
    _cpx_bb_init(&b);
    int r = _cpx_bytes_collect_iter(it, &b);
    Py_DECREF(it);
    if (r == 0)
        r = set_range(self, Py_SIZE(self), Py_SIZE(self), b.data, b.len);
    _cpx_bb_discard(&b);
    if (r < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *ba_pop(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs > 1) {
        PyErr_Format(PyExc_TypeError, "pop expected at most 1 argument, got %zd", nargs);
        return NULL;
    }
    Py_ssize_t i = -1, n = Py_SIZE(self);
    if (nargs && (i = PyNumber_AsSsize_t(args[0], PyExc_OverflowError)) == -1 && PyErr_Occurred())
        return NULL;
    if (n == 0) {
        PyErr_SetString(PyExc_IndexError, "pop from empty bytearray");
        return NULL;
    }
    if (i < 0)
        i += n;
    if (i < 0 || i >= n) {
        PyErr_SetString(PyExc_IndexError, "pop index out of range");
        return NULL;
    }
    if (!can_resize(BA(self)))
        return NULL;
    unsigned char c = (unsigned char)BA(self)->ob_start[i];
    if (set_range(self, i, i + 1, NULL, 0) < 0)
        return NULL;
    return PyLong_FromLong(c);
}

static PyObject *ba_insert(PyObject *self, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs != 2) {
        PyErr_Format(PyExc_TypeError, "insert expected 2 arguments, got %zd", nargs);
        return NULL;
    }
    Py_ssize_t i = PyNumber_AsSsize_t(args[0], PyExc_OverflowError), n = Py_SIZE(self);
    int v;
    if ((i == -1 && PyErr_Occurred()) || _cpx_byte_value(args[1], &v) < 0)
        return NULL;
    if (i < 0) {
        i += n;
        if (i < 0)
            i = 0;
    }
    if (i > n)
        i = n;
    char c = (char)v;
    if (set_range(self, i, i, &c, 1) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *ba_remove(PyObject *self, PyObject *arg)
{
    int v;
    if (_cpx_byte_value(arg, &v) < 0)
        return NULL;
    char *p = memchr(PyByteArray_AS_STRING(self), v, (size_t)Py_SIZE(self));
    if (p == NULL) {
        PyErr_SetString(PyExc_ValueError, "value not found in bytearray");
        return NULL;
    }
    Py_ssize_t i = p - BA(self)->ob_start;
    if (set_range(self, i, i + 1, NULL, 0) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *ba_clear(PyObject *self, PyObject *unused)
{
    if (PyByteArray_Resize(self, 0) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *ba_copy(PyObject *self, PyObject *unused)
{
    return PyByteArray_FromStringAndSize(PyByteArray_AS_STRING(self), Py_SIZE(self));
}

static PyObject *ba_reverse(PyObject *self, PyObject *unused)
{
    char *d = PyByteArray_AS_STRING(self);
    for (Py_ssize_t i = 0, j = Py_SIZE(self) - 1; i < j; i++, j--) {
        char t = d[i];
        d[i] = d[j];
        d[j] = t;
    }
    Py_RETURN_NONE;
}

static PyObject *ba_alloc(PyObject *self, PyObject *unused)
{
    return PyLong_FromSsize_t(BA(self)->ob_alloc);
}

static PyObject *ba_sizeof(PyObject *self, PyObject *unused)
{
    return PyLong_FromSsize_t((Py_ssize_t)Py_TYPE(self)->tp_basicsize + BA(self)->ob_alloc);
}

static PyMethodDef ba_methods[] = {
    CPX_BYTES_SHARED_METHODS,
    CPX_MDEF("append", ba_append, METH_O),
    CPX_MDEF("extend", ba_extend, METH_O),
    CPX_MDEF("pop", ba_pop, METH_FASTCALL),
    CPX_MDEF("insert", ba_insert, METH_FASTCALL),
    CPX_MDEF("remove", ba_remove, METH_O),
    CPX_MDEF("clear", ba_clear, METH_NOARGS),
    CPX_MDEF("copy", ba_copy, METH_NOARGS),
    CPX_MDEF("reverse", ba_reverse, METH_NOARGS),
    CPX_MDEF("__alloc__", ba_alloc, METH_NOARGS),
    CPX_MDEF("__sizeof__", ba_sizeof, METH_NOARGS),
    {NULL, NULL, 0, NULL},
};

static PySequenceMethods ba_as_sequence = {
    .sq_length = ba_length,
    .sq_concat = PyByteArray_Concat,
    .sq_repeat = ba_repeat,
    .sq_item = ba_item,
    .sq_ass_item = ba_ass_item,
    .sq_contains = ba_contains,
    .sq_inplace_concat = ba_iconcat,
    .sq_inplace_repeat = ba_irepeat,
};

static PyMappingMethods ba_as_mapping = {
    .mp_length = ba_length,
    .mp_subscript = ba_subscript,
    .mp_ass_subscript = ba_ass_subscript,
};

static PyBufferProcs ba_as_buffer = {
    .bf_getbuffer = ba_getbuffer,
    .bf_releasebuffer = ba_releasebuffer,
};

static PyObject *ba_iter(PyObject *self);

/* bytearray % args (PEP 461): a new bytearray. */
static PyObject *ba_mod(PyObject *self, PyObject *args)
{
    if (!PyByteArray_Check(self))
        Py_RETURN_NOTIMPLEMENTED;
    PyObject *b = _cpx_bytes_percent_format(PyByteArray_AS_STRING(self), PyByteArray_GET_SIZE(self), args);
    if (b == NULL)
        return NULL;
    PyObject *r = PyByteArray_FromStringAndSize(PyBytes_AS_STRING(b), PyBytes_GET_SIZE(b));
    Py_DECREF(b);
    return r;
}

static PyNumberMethods ba_as_number = {
    .nb_remainder = ba_mod,
};

PyTypeObject PyByteArray_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "bytearray",
    .tp_basicsize = sizeof(PyByteArrayObject),
    .tp_dealloc = ba_dealloc,
    .tp_repr = ba_repr,
    .tp_as_number = &ba_as_number,
    .tp_as_sequence = &ba_as_sequence,
    .tp_as_mapping = &ba_as_mapping,
    .tp_hash = PyObject_HashNotImplemented,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_as_buffer = &ba_as_buffer,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | _Py_TPFLAGS_MATCH_SELF,
    .tp_doc = "bytearray(iterable_of_ints) -> bytearray\n"
              "bytearray(string, encoding[, errors]) -> bytearray\n"
              "bytearray(bytes_or_buffer) -> mutable copy of bytes_or_buffer\n"
              "bytearray(int) -> bytes array of size given by the parameter initialized with null bytes\n"
              "bytearray() -> empty bytes array",
    .tp_richcompare = ba_richcompare,
    .tp_iter = ba_iter,
    .tp_methods = ba_methods,
    .tp_init = ba_init,
    .tp_alloc = PyType_GenericAlloc,
    .tp_new = ba_new,
    .tp_free = PyObject_Free,
};

/* ---- the iterator: owns a reference to its bytearray until exhausted ---- */

typedef struct {
    PyObject_HEAD
    Py_ssize_t index;
    PyObject *seq;
} baiterobject;

static PyObject *ba_iter(PyObject *self)
{
    baiterobject *it = PyObject_Malloc(sizeof(baiterobject));
    if (it == NULL)
        return PyErr_NoMemory();
    _cpx_setup_object((PyObject *)it, &PyByteArrayIter_Type);
    it->index = 0;
    it->seq = Py_NewRef(self);
    return (PyObject *)it;
}

static void baiter_dealloc(PyObject *op)
{
    Py_XDECREF(((baiterobject *)op)->seq);
    PyObject_Free(op);
}

static PyObject *baiter_next(PyObject *op)
{
    baiterobject *it = (baiterobject *)op;
    PyObject *seq = it->seq;
    if (seq == NULL)
        return NULL;
    if (it->index < Py_SIZE(seq))
        return PyLong_FromLong((unsigned char)PyByteArray_AS_STRING(seq)[it->index++]);
    it->seq = NULL;
    Py_DECREF(seq);
    return NULL;
}

static PyObject *baiter_length_hint(PyObject *op, PyObject *unused)
{
    baiterobject *it = (baiterobject *)op;
    Py_ssize_t n = it->seq ? Py_SIZE(it->seq) - it->index : 0;
    return PyLong_FromSsize_t(n < 0 ? 0 : n);
}

static PyMethodDef baiter_methods[] = {
    {"__length_hint__", baiter_length_hint, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

PyTypeObject PyByteArrayIter_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "bytearray_iterator",
    .tp_basicsize = sizeof(baiterobject),
    .tp_dealloc = baiter_dealloc,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = baiter_next,
    .tp_methods = baiter_methods,
    .tp_free = PyObject_Free,
};

int _cpx_init_bytearray(void)
{
    if (PyType_Ready(&PyByteArray_Type) < 0 || PyType_Ready(&PyByteArrayIter_Type) < 0)
        return -1;
    return 0;
}
