/* memoryobject_items.c: memoryview at the item level: the native struct
 * formats, indexing and slicing, item and slice assignment, iteration,
 * tolist / tobytes / hex, comparison and hashing.
 *
 * Invariants:
 * - Items are read and written with memcpy (exporters may hand out
 *   unaligned memory); a format is "native" when it is one character of
 *   "cbB?hHiIlLqQnNfdP", optionally prefixed by '@'. Other formats can be
 *   viewed, copied and compared byte-wise, but not unpacked.
 * - Every function here first refuses a released view (ValueError).
 * - Results are new references; views made here (slices) are registered on
 *   the same managed buffer through _cpx_mv_add_view. */
#include "misc_internal.h"

#define IS_BYTE_FORMAT(c) ((c) == 'b' || (c) == 'B' || (c) == 'c')

Py_ssize_t _cpx_mv_native_format(char *ch, const char *fmt) {
    if (fmt == NULL) fmt = "B";
    if (fmt[0] == '@') fmt++;
    if (fmt[0] == '\0' || fmt[1] != '\0') return -1;
    Py_ssize_t size;
    switch (fmt[0]) {
    case 'c': case 'b': case 'B': size = 1; break;
    case '?': size = sizeof(_Bool); break;
    case 'h': case 'H': size = sizeof(short); break;
    case 'i': case 'I': size = sizeof(int); break;
    case 'l': case 'L': size = sizeof(long); break;
    case 'q': case 'Q': size = sizeof(long long); break;
    case 'n': case 'N': size = sizeof(size_t); break;
    case 'f': size = sizeof(float); break;
    case 'd': size = sizeof(double); break;
    case 'P': size = sizeof(void *); break;
    default: return -1;
    }
    *ch = fmt[0];
    return size;
}

/* ---------------- walking the items of a view ---------------- */

/* Step idx to the next item in C (last index fastest) or Fortran order. */
static void next_index(Py_ssize_t *idx, const Py_ssize_t *shape, int ndim, char order) {
    if (order == 'F') {
        for (int d = 0; d < ndim; d++) {
            if (++idx[d] < shape[d]) return;
            idx[d] = 0;
        }
    } else {
        for (int d = ndim - 1; d >= 0; d--) {
            if (++idx[d] < shape[d]) return;
            idx[d] = 0;
        }
    }
}

/* A buffer's layout with shape and strides always present. */
typedef struct {
    char *buf;
    int ndim;
    Py_ssize_t itemsize;
    const char *format;
    const Py_ssize_t *suboffsets;
    Py_ssize_t shape[PyBUF_MAX_NDIM];
    Py_ssize_t strides[PyBUF_MAX_NDIM];
} layout;

static int layout_of(layout *L, const Py_buffer *b) {
    if (b->ndim < 0 || b->ndim > PyBUF_MAX_NDIM || (b->ndim > 1 && b->shape == NULL)) return -1;
    L->buf = (char *)b->buf;
    L->ndim = b->ndim;
    L->itemsize = b->itemsize;
    L->format = b->format != NULL ? b->format : "B";
    L->suboffsets = b->suboffsets;
    for (int d = 0; d < b->ndim; d++)
        L->shape[d] = b->shape != NULL ? b->shape[d] : (b->itemsize ? b->len / b->itemsize : 0);
    if (b->strides != NULL) {
        for (int d = 0; d < b->ndim; d++) L->strides[d] = b->strides[d];
    } else {
        Py_ssize_t step = b->itemsize;
        for (int d = b->ndim - 1; d >= 0; d--) {
            L->strides[d] = step;
            step *= L->shape[d];
        }
    }
    return 0;
}

static char *layout_item(const layout *L, const Py_ssize_t *idx) {
    char *p = L->buf;
    for (int d = 0; d < L->ndim; d++) {
        p += L->strides[d] * idx[d];
        if (L->suboffsets != NULL && L->suboffsets[d] >= 0) p = *(char **)p + L->suboffsets[d];
    }
    return p;
}

void _cpx_mv_copy_to_contig(char *dst, const Py_buffer *src, char order) {
    int c = src->strides == NULL || src->ndim == 0 || _cpx_mv_is_c_contig(src);
    int f = src->ndim != 0 && src->strides != NULL && _cpx_mv_is_f_contig(src);
    if ((order != 'F' && c) || (order != 'C' && f) || (order == 'F' && c && src->ndim <= 1)) {
        memcpy(dst, src->buf, (size_t)src->len);
        return;
    }
    layout L;
    if (layout_of(&L, src) < 0) return;
    Py_ssize_t idx[PyBUF_MAX_NDIM] = {0};
    Py_ssize_t total = 1;
    for (int d = 0; d < L.ndim; d++) total *= L.shape[d];
    char walk = order == 'F' ? 'F' : 'C';
    for (Py_ssize_t k = 0; k < total; k++) {
        memcpy(dst, layout_item(&L, idx), (size_t)L.itemsize);
        dst += L.itemsize;
        next_index(idx, L.shape, L.ndim, walk);
    }
}

/* ---------------- packing and unpacking one item ---------------- */

/* The single format character of a view, or NULL with NotImplementedError. */
static const char *item_format(const Py_buffer *view) {
    const char *fmt = view->format[0] == '@' ? view->format + 1 : view->format;
    if (fmt[0] != '\0' && fmt[1] == '\0') return fmt;
    PyErr_Format(PyExc_NotImplementedError, "memoryview: unsupported format %s", view->format);
    return NULL;
}

/* Unaligned loads of each native C type. */
#define DEFINE_LOAD(name, T) \
    static inline T name(const char *p) { T v; memcpy(&v, p, sizeof v); return v; }
DEFINE_LOAD(load_short, short)
DEFINE_LOAD(load_ushort, unsigned short)
DEFINE_LOAD(load_int, int)
DEFINE_LOAD(load_uint, unsigned int)
DEFINE_LOAD(load_long, long)
DEFINE_LOAD(load_ulong, unsigned long)
DEFINE_LOAD(load_llong, long long)
DEFINE_LOAD(load_ullong, unsigned long long)
DEFINE_LOAD(load_ssize, Py_ssize_t)
DEFINE_LOAD(load_size, size_t)
DEFINE_LOAD(load_float, float)
DEFINE_LOAD(load_double, double)
DEFINE_LOAD(load_ptr, void *)

static PyObject *unpack_item(const char *p, const char *fmt) {
    switch (fmt[0]) {
    case 'B': return PyLong_FromLong(*(const unsigned char *)p);
    case 'b': return PyLong_FromLong(*(const signed char *)p);
    case 'c': return PyBytes_FromStringAndSize(p, 1);
    case '?': return PyBool_FromLong(*(const unsigned char *)p != 0);
    case 'h': return PyLong_FromLong(load_short(p));
    case 'H': return PyLong_FromLong(load_ushort(p));
    case 'i': return PyLong_FromLong(load_int(p));
    case 'I': return PyLong_FromUnsignedLong(load_uint(p));
    case 'l': return PyLong_FromLong(load_long(p));
    case 'L': return PyLong_FromUnsignedLong(load_ulong(p));
    case 'q': return PyLong_FromLongLong(load_llong(p));
    case 'Q': return PyLong_FromUnsignedLongLong(load_ullong(p));
    case 'n': return PyLong_FromSsize_t(load_ssize(p));
    case 'N': return PyLong_FromSize_t(load_size(p));
    case 'f': return PyFloat_FromDouble((double)load_float(p));
    case 'd': return PyFloat_FromDouble(load_double(p));
    case 'P': return PyLong_FromVoidPtr(load_ptr(p));
    default:
        PyErr_Format(PyExc_NotImplementedError, "memoryview: format %s not supported", fmt);
        return NULL;
    }
}

static int invalid_item(const char *fmt, int type_error) {
    PyErr_Format(type_error ? PyExc_TypeError : PyExc_ValueError, "memoryview: invalid %s for format '%s'",
                 type_error ? "type" : "value", fmt);
    return -1;
}

/* A failed conversion: TypeError becomes "invalid type", OverflowError and
 * ValueError become "invalid value"; anything else passes through. */
static int conversion_failed(const char *fmt) {
    if (PyErr_ExceptionMatches(PyExc_TypeError)) {
        PyErr_Clear();
        return invalid_item(fmt, 1);
    }
    if (PyErr_ExceptionMatches(PyExc_OverflowError) || PyErr_ExceptionMatches(PyExc_ValueError)) {
        PyErr_Clear();
        return invalid_item(fmt, 0);
    }
    return -1;
}

#define STORE(T, p, v) do { T _v = (T)(v); memcpy((p), &_v, sizeof(T)); } while (0)

static int pack_item(char *p, PyObject *item, const char *fmt) {
    char f = fmt[0];
    switch (f) {
    case 'b': case 'h': case 'i': case 'l': case 'q': case 'n':
    case 'B': case 'H': case 'I': case 'L': case 'Q': case 'N': {
        PyObject *index = PyNumber_Index(item);
        if (index == NULL) return conversion_failed(fmt);
        long long s = 0;
        unsigned long long u = 0;
        int is_signed = (f == 'b' || f == 'h' || f == 'i' || f == 'l' || f == 'q' || f == 'n');
        if (is_signed)
            s = PyLong_AsLongLong(index);
        else
            u = PyLong_AsUnsignedLongLong(index);
        Py_DECREF(index);
        if (PyErr_Occurred()) return conversion_failed(fmt);
        switch (f) {
        case 'b':
            if (s < SCHAR_MIN || s > SCHAR_MAX) return invalid_item(fmt, 0);
            STORE(signed char, p, s);
            break;
        case 'h':
            if (s < SHRT_MIN || s > SHRT_MAX) return invalid_item(fmt, 0);
            STORE(short, p, s);
            break;
        case 'i':
            if (s < INT_MIN || s > INT_MAX) return invalid_item(fmt, 0);
            STORE(int, p, s);
            break;
        case 'l': STORE(long, p, s); break;
        case 'q': STORE(long long, p, s); break;
        case 'n': STORE(Py_ssize_t, p, s); break;
        case 'B':
            if (u > UCHAR_MAX) return invalid_item(fmt, 0);
            STORE(unsigned char, p, u);
            break;
        case 'H':
            if (u > USHRT_MAX) return invalid_item(fmt, 0);
            STORE(unsigned short, p, u);
            break;
        case 'I':
            if (u > UINT_MAX) return invalid_item(fmt, 0);
            STORE(unsigned int, p, u);
            break;
        case 'L': STORE(unsigned long, p, u); break;
        case 'Q': STORE(unsigned long long, p, u); break;
        default: STORE(size_t, p, u); break;
        }
        return 0;
    }
    case 'f':
    case 'd': {
        double d = PyFloat_AsDouble(item);
        if (d == -1.0 && PyErr_Occurred()) return conversion_failed(fmt);
        if (f == 'f')
            STORE(float, p, d);
        else
            STORE(double, p, d);
        return 0;
    }
    case '?': {
        int t = PyObject_IsTrue(item);
        if (t < 0) return -1;
        STORE(_Bool, p, t);
        return 0;
    }
    case 'c':
        if (!PyBytes_Check(item)) return invalid_item(fmt, 1);
        if (PyBytes_GET_SIZE(item) != 1) return invalid_item(fmt, 0);
        *p = PyBytes_AS_STRING(item)[0];
        return 0;
    case 'P': {
        void *v = PyLong_AsVoidPtr(item);
        if (v == NULL && PyErr_Occurred()) return conversion_failed(fmt);
        STORE(void *, p, v);
        return 0;
    }
    default:
        PyErr_Format(PyExc_NotImplementedError, "memoryview: format %s not supported", fmt);
        return -1;
    }
}

/* ---------------- indexing ---------------- */

static char *lookup_dimension(const Py_buffer *view, char *p, int dim, Py_ssize_t index) {
    Py_ssize_t n = view->shape[dim];
    if (index < 0) index += n;
    if (index < 0 || index >= n) {
        PyErr_Format(PyExc_IndexError, "index out of bounds on dimension %d", dim + 1);
        return NULL;
    }
    p += view->strides[dim] * index;
    if (view->suboffsets != NULL && view->suboffsets[dim] >= 0) p = *(char **)p + view->suboffsets[dim];
    return p;
}

/* The item addressed by a tuple of indices (one per dimension at most). */
static char *item_from_tuple(const Py_buffer *view, PyObject *tup) {
    Py_ssize_t n = PyTuple_GET_SIZE(tup);
    if (n > view->ndim) {
        PyErr_Format(PyExc_TypeError, "cannot index %d-dimension view with %zd-element tuple", view->ndim, n);
        return NULL;
    }
    char *p = (char *)view->buf;
    for (Py_ssize_t d = 0; d < n; d++) {
        Py_ssize_t index = PyNumber_AsSsize_t(PyTuple_GET_ITEM(tup, d), PyExc_IndexError);
        if (index == -1 && PyErr_Occurred()) return NULL;
        p = lookup_dimension(view, p, (int)d, index);
        if (p == NULL) return NULL;
    }
    return p;
}

static int is_multiindex(PyObject *key) {
    if (!PyTuple_Check(key)) return 0;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(key); i++)
        if (!PyIndex_Check(PyTuple_GET_ITEM(key, i))) return 0;
    return 1;
}

static int is_multislice(PyObject *key) {
    if (!PyTuple_Check(key)) return 0;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(key); i++)
        if (!PySlice_Check(PyTuple_GET_ITEM(key, i))) return 0;
    return 1;
}

/* Narrow dimension `dim` of `base` to the slice `key`. */
static int apply_slice(Py_buffer *base, PyObject *key, int dim) {
    Py_ssize_t start, stop, step;
    if (PySlice_Unpack(key, &start, &stop, &step) < 0) return -1;
    Py_ssize_t n = PySlice_AdjustIndices(base->shape[dim], &start, &stop, step);
    base->buf = (char *)base->buf + base->strides[dim] * start;
    base->shape[dim] = n;
    base->strides[dim] *= step;
    return 0;
}

static void recompute_len(Py_buffer *view) {
    Py_ssize_t len = 1;
    for (int d = 0; d < view->ndim; d++) len *= view->shape[d];
    view->len = len * view->itemsize;
}

#define SELF_VIEW(op) PyMemoryViewObject *self = (PyMemoryViewObject *)(op); Py_buffer *view = &self->view

Py_ssize_t _cpx_mv_length(PyObject *op) {
    SELF_VIEW(op);
    if (_cpx_mv_check_released(self) < 0) return -1;
    return view->ndim == 0 ? 1 : view->shape[0];
}

PyObject *_cpx_mv_item(PyObject *op, Py_ssize_t index) {
    SELF_VIEW(op);
    if (_cpx_mv_check_released(self) < 0) return NULL;
    const char *fmt = item_format(view);
    if (fmt == NULL) return NULL;
    if (view->ndim == 0) {
        PyErr_SetString(PyExc_TypeError, "invalid indexing of 0-dim memory");
        return NULL;
    }
    if (view->ndim != 1) {
        PyErr_SetString(PyExc_NotImplementedError, "multi-dimensional sub-views are not implemented");
        return NULL;
    }
    char *p = lookup_dimension(view, (char *)view->buf, 0, index);
    return p == NULL ? NULL : unpack_item(p, fmt);
}

PyObject *_cpx_mv_subscript(PyObject *op, PyObject *key) {
    SELF_VIEW(op);
    if (_cpx_mv_check_released(self) < 0) return NULL;
    if (view->ndim == 0) {
        if (PyTuple_Check(key) && PyTuple_GET_SIZE(key) == 0) {
            const char *fmt = item_format(view);
            return fmt == NULL ? NULL : unpack_item((const char *)view->buf, fmt);
        }
        if (key == Py_Ellipsis) return Py_NewRef(op);
        PyErr_SetString(PyExc_TypeError, "invalid indexing of 0-dim memory");
        return NULL;
    }
    if (PyIndex_Check(key)) {
        Py_ssize_t index = PyNumber_AsSsize_t(key, PyExc_IndexError);
        if (index == -1 && PyErr_Occurred()) return NULL;
        return _cpx_mv_item(op, index);
    }
    if (PySlice_Check(key)) {
        PyMemoryViewObject *sliced = (PyMemoryViewObject *)_cpx_mv_add_view(self->mbuf, view);
        if (sliced == NULL) return NULL;
        if (apply_slice(&sliced->view, key, 0) < 0) {
            Py_DECREF(sliced);
            return NULL;
        }
        recompute_len(&sliced->view);
        _cpx_mv_init_flags(sliced);
        return (PyObject *)sliced;
    }
    if (is_multiindex(key)) {
        const char *fmt = item_format(view);
        if (fmt == NULL) return NULL;
        if (PyTuple_GET_SIZE(key) < view->ndim) {
            PyErr_SetString(PyExc_NotImplementedError, "sub-views are not implemented");
            return NULL;
        }
        char *p = item_from_tuple(view, key);
        return p == NULL ? NULL : unpack_item(p, fmt);
    }
    if (is_multislice(key)) {
        PyErr_SetString(PyExc_NotImplementedError, "multi-dimensional slicing is not implemented");
        return NULL;
    }
    PyErr_SetString(PyExc_TypeError, "memoryview: invalid slice key");
    return NULL;
}

/* ---------------- assignment ---------------- */

static const char *strip_at(const char *fmt) {
    if (fmt == NULL) return "B";
    return fmt[0] == '@' ? fmt + 1 : fmt;
}

/* Copy the 1-D buffer src into the 1-D (sliced) view dest: same format,
 * item size and length required. Overlapping memory is handled. */
static int assign_slice(Py_buffer *dest, const Py_buffer *src) {
    Py_ssize_t src_n = src->ndim == 1 ? (src->shape != NULL ? src->shape[0]
                                                            : (src->itemsize ? src->len / src->itemsize : 0))
                                      : -1;
    if (strcmp(strip_at(dest->format), strip_at(src->format)) != 0 || dest->itemsize != src->itemsize ||
        src_n != dest->shape[0]) {
        PyErr_SetString(PyExc_ValueError, "memoryview assignment: lvalue and rvalue have different structures");
        return -1;
    }
    Py_ssize_t n = dest->shape[0], size = dest->itemsize;
    char *tmp = (char *)PyMem_Malloc((size_t)(n * size) + 1);
    if (tmp == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    _cpx_mv_copy_to_contig(tmp, src, 'C');
    for (Py_ssize_t i = 0; i < n; i++) {
        char *p = (char *)dest->buf + dest->strides[0] * i;
        if (dest->suboffsets != NULL && dest->suboffsets[0] >= 0) p = *(char **)p + dest->suboffsets[0];
        memcpy(p, tmp + i * size, (size_t)size);
    }
    PyMem_Free(tmp);
    return 0;
}

int _cpx_mv_ass_subscript(PyObject *op, PyObject *key, PyObject *value) {
    SELF_VIEW(op);
    if (_cpx_mv_check_released(self) < 0) return -1;
    const char *fmt = item_format(view);
    if (fmt == NULL) return -1;
    if (view->readonly) {
        PyErr_SetString(PyExc_TypeError, "cannot modify read-only memory");
        return -1;
    }
    if (value == NULL) {
        PyErr_SetString(PyExc_TypeError, "cannot delete memory");
        return -1;
    }
    if (view->ndim == 0) {
        if (key == Py_Ellipsis || (PyTuple_Check(key) && PyTuple_GET_SIZE(key) == 0))
            return pack_item((char *)view->buf, value, fmt);
        PyErr_SetString(PyExc_TypeError, "invalid indexing of 0-dim memory");
        return -1;
    }
    if (PyIndex_Check(key)) {
        if (view->ndim > 1) {
            PyErr_SetString(PyExc_NotImplementedError, "sub-views are not implemented");
            return -1;
        }
        Py_ssize_t index = PyNumber_AsSsize_t(key, PyExc_IndexError);
        if (index == -1 && PyErr_Occurred()) return -1;
        char *p = lookup_dimension(view, (char *)view->buf, 0, index);
        return p == NULL ? -1 : pack_item(p, value, fmt);
    }
    if (PySlice_Check(key) && view->ndim == 1) {
        Py_buffer src;
        if (PyObject_GetBuffer(value, &src, PyBUF_FULL_RO) < 0) return -1;
        Py_buffer dest = *view;
        Py_ssize_t arrays[3] = {view->shape[0], view->strides[0], view->suboffsets ? view->suboffsets[0] : -1};
        dest.shape = &arrays[0];
        dest.strides = &arrays[1];
        dest.suboffsets = view->suboffsets ? &arrays[2] : NULL;
        int rc = apply_slice(&dest, key, 0);
        if (rc == 0) {
            dest.len = dest.shape[0] * dest.itemsize;
            rc = assign_slice(&dest, &src);
        }
        PyBuffer_Release(&src);
        return rc;
    }
    if (is_multiindex(key)) {
        if (PyTuple_GET_SIZE(key) < view->ndim) {
            PyErr_SetString(PyExc_NotImplementedError, "sub-views are not implemented");
            return -1;
        }
        char *p = item_from_tuple(view, key);
        return p == NULL ? -1 : pack_item(p, value, fmt);
    }
    if (PySlice_Check(key) || is_multislice(key)) {
        PyErr_SetString(PyExc_NotImplementedError,
                        "memoryview slice assignments are currently restricted to ndim = 1");
        return -1;
    }
    PyErr_SetString(PyExc_TypeError, "memoryview: invalid slice key");
    return -1;
}

/* ---------------- iteration ---------------- */

typedef struct {
    PyObject_HEAD
    Py_ssize_t index;
    Py_ssize_t length;
    PyMemoryViewObject *seq; /* owned; NULL once exhausted */
    const char *fmt;         /* points into seq's format */
} memoryiterobject;

PyObject *_cpx_mv_iter(PyObject *op) {
    SELF_VIEW(op);
    if (_cpx_mv_check_released(self) < 0) return NULL;
    if (view->ndim == 0) {
        PyErr_SetString(PyExc_TypeError, "invalid indexing of 0-dim memory");
        return NULL;
    }
    if (view->ndim != 1) {
        PyErr_SetString(PyExc_NotImplementedError, "multi-dimensional sub-views are not implemented");
        return NULL;
    }
    const char *fmt = item_format(view);
    if (fmt == NULL) return NULL;
    memoryiterobject *it = (memoryiterobject *)_PyObject_GC_New(&_cpx_MemoryIter_Type);
    if (it == NULL) return NULL;
    it->index = 0;
    it->length = view->shape[0];
    it->seq = (PyMemoryViewObject *)Py_NewRef(op);
    it->fmt = fmt;
    return (PyObject *)it;
}

static PyObject *memoryiter_next(PyObject *op) {
    memoryiterobject *it = (memoryiterobject *)op;
    PyMemoryViewObject *seq = it->seq;
    if (seq == NULL) return NULL;
    if (it->index < it->length) {
        if (_cpx_mv_check_released(seq) < 0) return NULL;
        Py_buffer *view = &seq->view;
        char *p = (char *)view->buf + view->strides[0] * it->index++;
        if (view->suboffsets != NULL && view->suboffsets[0] >= 0) p = *(char **)p + view->suboffsets[0];
        return unpack_item(p, it->fmt);
    }
    it->seq = NULL;
    Py_DECREF(seq);
    return NULL;
}

static void memoryiter_dealloc(PyObject *op) {
    PyObject_GC_UnTrack(op);
    Py_XDECREF(((memoryiterobject *)op)->seq);
    PyObject_GC_Del(op);
}

static int memoryiter_traverse(PyObject *op, visitproc visit, void *arg) {
    Py_VISIT(((memoryiterobject *)op)->seq);
    return 0;
}

PyTypeObject _cpx_MemoryIter_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "memory_iterator",
    .tp_basicsize = sizeof(memoryiterobject),
    .tp_dealloc = memoryiter_dealloc,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_traverse = memoryiter_traverse,
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = memoryiter_next,
    .tp_free = PyObject_GC_Del,
};

/* ---------------- conversions ---------------- */

static PyObject *tolist_dim(const Py_buffer *view, char *p, int dim, const char *fmt) {
    Py_ssize_t n = view->shape[dim];
    PyObject *list = PyList_New(n);
    if (list == NULL) return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        char *q = p + view->strides[dim] * i;
        if (view->suboffsets != NULL && view->suboffsets[dim] >= 0) q = *(char **)q + view->suboffsets[dim];
        PyObject *item = dim == view->ndim - 1 ? unpack_item(q, fmt) : tolist_dim(view, q, dim + 1, fmt);
        if (item == NULL) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, i, item);
    }
    return list;
}

PyObject *_cpx_mv_tolist(PyObject *op, PyObject *noargs) {
    SELF_VIEW(op);
    if (_cpx_mv_check_released(self) < 0) return NULL;
    const char *fmt = item_format(view);
    if (fmt == NULL) return NULL;
    if (view->ndim == 0) return unpack_item((const char *)view->buf, fmt);
    return tolist_dim(view, (char *)view->buf, 0, fmt);
}

PyObject *_cpx_mv_tobytes(PyObject *op, PyObject *args, PyObject *kwargs) {
    static char *kwlist[] = {"order", NULL};
    const char *order = NULL;
    SELF_VIEW(op);
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "|z:tobytes", kwlist, &order)) return NULL;
    if (_cpx_mv_check_released(self) < 0) return NULL;
    char ord = 'C';
    if (order != NULL) {
        if (strcmp(order, "F") == 0)
            ord = 'F';
        else if (strcmp(order, "A") == 0)
            ord = 'A';
        else if (strcmp(order, "C") != 0) {
            PyErr_SetString(PyExc_ValueError, "order must be 'C', 'F' or 'A'");
            return NULL;
        }
    }
    PyObject *bytes = PyBytes_FromStringAndSize(NULL, view->len);
    if (bytes == NULL) return NULL;
    _cpx_mv_copy_to_contig(PyBytes_AS_STRING(bytes), view, ord);
    return bytes;
}

/* The bytes as hex digits, with `sep` between groups of |per| bytes
 * (groups counted from the right when per > 0, from the left when < 0). */
static PyObject *hex_text(const unsigned char *data, Py_ssize_t len, PyObject *sep, int per) {
    static const char digits[] = "0123456789abcdef";
    char sepch = 0;
    if (sep != NULL) {
        Py_ssize_t seplen = PyObject_Length(sep);
        if (seplen < 0) return NULL;
        if (seplen != 1) {
            PyErr_SetString(PyExc_ValueError, "sep must be length 1.");
            return NULL;
        }
        Py_UCS4 c;
        if (PyUnicode_Check(sep))
            c = PyUnicode_READ_CHAR(sep, 0);
        else if (PyBytes_Check(sep))
            c = (unsigned char)PyBytes_AS_STRING(sep)[0];
        else {
            PyErr_SetString(PyExc_TypeError, "sep must be str or bytes.");
            return NULL;
        }
        if (c > 127) {
            PyErr_SetString(PyExc_ValueError, "sep must be ASCII.");
            return NULL;
        }
        sepch = (char)c;
    } else {
        per = 0;
    }
    Py_ssize_t group = per < 0 ? -(Py_ssize_t)per : per;
    if (group >= len) group = 0;
    Py_ssize_t nsep = (group && len > 0) ? (len - 1) / group : 0;
    if (len > (PY_SSIZE_T_MAX - nsep) / 2) return PyErr_NoMemory();
    char *out = (char *)PyMem_Malloc((size_t)(len * 2 + nsep) + 1);
    if (out == NULL) return PyErr_NoMemory();
    char *w = out;
    for (Py_ssize_t i = 0; i < len; i++) {
        if (group && i > 0 && (per > 0 ? (len - i) % group == 0 : i % group == 0)) *w++ = sepch;
        *w++ = digits[data[i] >> 4];
        *w++ = digits[data[i] & 15];
    }
    PyObject *res = PyUnicode_FromStringAndSize(out, w - out);
    PyMem_Free(out);
    return res;
}

PyObject *_cpx_mv_hex(PyObject *op, PyObject *args, PyObject *kwargs) {
    static char *kwlist[] = {"sep", "bytes_per_sep", NULL};
    PyObject *sep = NULL;
    int per = 1;
    SELF_VIEW(op);
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "|Oi:hex", kwlist, &sep, &per)) return NULL;
    if (_cpx_mv_check_released(self) < 0) return NULL;
    if (CPX_MV_C_CONTIG(self->flags)) return hex_text((const unsigned char *)view->buf, view->len, sep, per);
    char *tmp = (char *)PyMem_Malloc((size_t)view->len + 1);
    if (tmp == NULL) return PyErr_NoMemory();
    _cpx_mv_copy_to_contig(tmp, view, 'C');
    PyObject *res = hex_text((const unsigned char *)tmp, view->len, sep, per);
    PyMem_Free(tmp);
    return res;
}

/* ---------------- comparison ---------------- */

/* 1 if the two buffers hold equal items, 0 if not, -1 on error.
 * Native formats compare by value (different native formats through
 * Python objects); other formats compare byte-wise when identical and
 * are unequal otherwise (CPython would unpack them with struct). */
static int equal_items(const Py_buffer *a, const Py_buffer *b) {
    layout A, B;
    if (layout_of(&A, a) < 0 || layout_of(&B, b) < 0 || A.ndim != B.ndim) return 0;
    Py_ssize_t total = 1;
    for (int d = 0; d < A.ndim; d++) {
        if (A.shape[d] != B.shape[d]) return 0;
        total *= A.shape[d];
    }
    char fa, fb;
    int na = _cpx_mv_native_format(&fa, A.format) >= 0, nb = _cpx_mv_native_format(&fb, B.format) >= 0;
    enum { SAME, OBJECTS, RAW } mode;
    if (na && nb)
        mode = fa == fb ? SAME : OBJECTS;
    else if (strcmp(strip_at(A.format), strip_at(B.format)) == 0 && A.itemsize == B.itemsize)
        mode = RAW;
    else
        return 0;
    if (total == 0) return 1;
    char fmt_a[2] = {fa, 0}, fmt_b[2] = {fb, 0};
    Py_ssize_t idx[PyBUF_MAX_NDIM] = {0};
    for (Py_ssize_t k = 0; k < total; k++) {
        const char *pa = layout_item(&A, idx), *pb = layout_item(&B, idx);
        int eq;
        if (mode == OBJECTS) {
            PyObject *x = unpack_item(pa, fmt_a);
            PyObject *y = x != NULL ? unpack_item(pb, fmt_b) : NULL;
            eq = y != NULL ? PyObject_RichCompareBool(x, y, Py_EQ) : -1;
            Py_XDECREF(x);
            Py_XDECREF(y);
            if (eq < 0) return -1;
        } else if (mode == SAME && fa == 'f') {
            eq = load_float(pa) == load_float(pb);
        } else if (mode == SAME && fa == 'd') {
            eq = load_double(pa) == load_double(pb);
        } else if (mode == SAME && fa == '?') {
            eq = (*pa != 0) == (*pb != 0);
        } else {
            eq = memcmp(pa, pb, (size_t)A.itemsize) == 0;
        }
        if (!eq) return 0;
        next_index(idx, A.shape, A.ndim, 'C');
    }
    return 1;
}

PyObject *_cpx_mv_richcompare(PyObject *v, PyObject *w, int op) {
    if ((op != Py_EQ && op != Py_NE) || !PyMemoryView_Check(v)) Py_RETURN_NOTIMPLEMENTED;
    PyMemoryViewObject *mv = (PyMemoryViewObject *)v;
    int equal;
    if (CPX_MV_RELEASED(mv) || (PyMemoryView_Check(w) && CPX_MV_RELEASED((PyMemoryViewObject *)w))) {
        equal = v == w;
    } else if (PyMemoryView_Check(w)) {
        equal = equal_items(&mv->view, &((PyMemoryViewObject *)w)->view);
    } else {
        Py_buffer wbuf;
        if (PyObject_GetBuffer(w, &wbuf, PyBUF_FULL_RO) < 0) {
            PyErr_Clear();
            Py_RETURN_NOTIMPLEMENTED;
        }
        equal = equal_items(&mv->view, &wbuf);
        PyBuffer_Release(&wbuf);
    }
    if (equal < 0) return NULL;
    return Py_NewRef((equal != 0) == (op == Py_EQ) ? Py_True : Py_False);
}

/* ---------------- hashing ---------------- */

Py_hash_t _cpx_mv_hash(PyObject *op) {
    SELF_VIEW(op);
    if (self->hash != -1) return self->hash;
    if (_cpx_mv_check_released(self) < 0) return -1;
    if (!view->readonly) {
        PyErr_SetString(PyExc_ValueError, "cannot hash writable memoryview object");
        return -1;
    }
    char ch;
    if (_cpx_mv_native_format(&ch, view->format) < 0 || !IS_BYTE_FORMAT(ch)) {
        PyErr_SetString(PyExc_ValueError, "memoryview: hashing is restricted to formats 'B', 'b' or 'c'");
        return -1;
    }
    if (view->obj != NULL && PyObject_Hash(view->obj) == -1) return -1;
    if (CPX_MV_C_CONTIG(self->flags)) {
        self->hash = _Py_HashBytes(view->buf, view->len);
    } else {
        char *tmp = (char *)PyMem_Malloc((size_t)view->len + 1);
        if (tmp == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        _cpx_mv_copy_to_contig(tmp, view, 'C');
        self->hash = _Py_HashBytes(tmp, view->len);
        PyMem_Free(tmp);
    }
    return self->hash;
}
