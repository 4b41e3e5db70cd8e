/* memoryobject.c: memoryview and its managed buffer (CPython 3.11 layouts):
 * construction, the buffer protocol, release, cast and the attributes.
 * Item access, comparison, hashing and conversions live in
 * memoryobject_items.c.
 *
 * Invariants:
 * - A _PyManagedBufferObject holds the one buffer obtained from the
 *   exporter (`master`, released exactly once: when its last view is
 *   released or when it dies). `exports` counts the views registered on it.
 * - A memoryview owns a reference to its managed buffer and registers on it
 *   once (mbuf->exports++), until release() or deallocation undoes both.
 *   Its view.obj is the exporter, borrowed from the master buffer.
 * - view.shape/strides/suboffsets point into the view's own ob_array
 *   (3 * ndim slots), or are NULL (ndim 0; no suboffsets). view.format
 *   points at static text or at the master's format (owned by the managed
 *   buffer when _CPX_MBUF_FREE_FORMAT is set).
 * - A memoryview may be exported itself (memory_getbuf): each export holds
 *   a reference to the view and counts in view->exports; a view with
 *   exports cannot be released. */
#include "misc_internal.h"

/* ---------------- managed buffers ---------------- */

static _PyManagedBufferObject *mbuf_alloc(void) {
    _PyManagedBufferObject *mbuf = (_PyManagedBufferObject *)_PyObject_GC_New(&_PyManagedBuffer_Type);
    if (mbuf == NULL) return NULL;
    mbuf->flags = 0;
    mbuf->exports = 0;
    mbuf->master.obj = NULL;
    return mbuf;
}

static _PyManagedBufferObject *mbuf_from_object(PyObject *base) {
    _PyManagedBufferObject *mbuf = mbuf_alloc();
    if (mbuf == NULL) return NULL;
    if (PyObject_GetBuffer(base, &mbuf->master, PyBUF_FULL_RO) < 0) {
        mbuf->master.obj = NULL;
        Py_DECREF(mbuf);
        return NULL;
    }
    return mbuf;
}

static void mbuf_release(_PyManagedBufferObject *self) {
    if (self->flags & _CPX_MBUF_RELEASED) return;
    self->flags |= _CPX_MBUF_RELEASED;
    PyBuffer_Release(&self->master);
}

static void mbuf_dealloc(PyObject *op) {
    _PyManagedBufferObject *self = (_PyManagedBufferObject *)op;
    PyObject_GC_UnTrack(op);
    mbuf_release(self);
    if (self->flags & _CPX_MBUF_FREE_FORMAT) PyMem_Free(self->master.format);
    PyObject_GC_Del(op);
}

static int mbuf_traverse(PyObject *op, visitproc visit, void *arg) {
    Py_VISIT(((_PyManagedBufferObject *)op)->master.obj);
    return 0;
}

static int mbuf_clear(PyObject *op) {
    mbuf_release((_PyManagedBufferObject *)op);
    return 0;
}

/* Give the master buffer a private copy of `fmt` (views may point at it). */
static int mbuf_copy_format(_PyManagedBufferObject *mbuf, const char *fmt) {
    size_t size = strlen(fmt) + 1;
    char *copy = (char *)PyMem_Malloc(size);
    if (copy == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    memcpy(copy, fmt, size);
    if (mbuf->flags & _CPX_MBUF_FREE_FORMAT) PyMem_Free(mbuf->master.format);
    mbuf->master.format = copy;
    mbuf->flags |= _CPX_MBUF_FREE_FORMAT;
    return 0;
}

PyTypeObject _PyManagedBuffer_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "managedbuffer",
    .tp_basicsize = sizeof(_PyManagedBufferObject),
    .tp_dealloc = mbuf_dealloc,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_traverse = mbuf_traverse,
    .tp_clear = mbuf_clear,
    .tp_free = PyObject_GC_Del,
};

/* ---------------- layout helpers ---------------- */

int _cpx_mv_check_released(PyMemoryViewObject *mv) {
    if (!CPX_MV_RELEASED(mv)) return 0;
    PyErr_SetString(PyExc_ValueError, "operation forbidden on released memoryview object");
    return -1;
}

int _cpx_mv_is_c_contig(const Py_buffer *view) {
    if (view->suboffsets != NULL) return 0;
    if (view->len == 0 || view->strides == NULL) return 1;
    Py_ssize_t expected = view->itemsize;
    for (int i = view->ndim - 1; i >= 0; i--) {
        if (view->shape[i] > 1 && view->strides[i] != expected) return 0;
        expected *= view->shape[i];
    }
    return 1;
}

int _cpx_mv_is_f_contig(const Py_buffer *view) {
    if (view->suboffsets != NULL) return 0;
    if (view->len == 0) return 1;
    if (view->strides == NULL) {
        /* C-contiguous by definition: also Fortran-contiguous when at most
         * one dimension is longer than 1. */
        if (view->ndim <= 1) return 1;
        int longer = 0;
        for (int i = 0; i < view->ndim; i++)
            if (view->shape[i] > 1) longer++;
        return longer <= 1;
    }
    Py_ssize_t expected = view->itemsize;
    for (int i = 0; i < view->ndim; i++) {
        if (view->shape[i] > 1 && view->strides[i] != expected) return 0;
        expected *= view->shape[i];
    }
    return 1;
}

static void strides_from_shape(Py_buffer *view, char order) {
    Py_ssize_t step = view->itemsize;
    if (order == 'F') {
        for (int i = 0; i < view->ndim; i++) {
            view->strides[i] = step;
            step *= view->shape[i];
        }
    } else {
        for (int i = view->ndim - 1; i >= 0; i--) {
            view->strides[i] = step;
            step *= view->shape[i];
        }
    }
}

void _cpx_mv_init_flags(PyMemoryViewObject *mv) {
    const Py_buffer *view = &mv->view;
    int flags = 0;
    if (view->ndim == 0) {
        flags = _Py_MEMORYVIEW_SCALAR | _Py_MEMORYVIEW_C | _Py_MEMORYVIEW_FORTRAN;
    } else if (view->ndim == 1) {
        if (view->shape[0] == 1 || view->strides[0] == view->itemsize)
            flags = _Py_MEMORYVIEW_C | _Py_MEMORYVIEW_FORTRAN;
    } else {
        if (_cpx_mv_is_c_contig(view)) flags |= _Py_MEMORYVIEW_C;
        if (_cpx_mv_is_f_contig(view)) flags |= _Py_MEMORYVIEW_FORTRAN;
    }
    if (view->suboffsets != NULL) {
        flags |= _Py_MEMORYVIEW_PIL;
        flags &= ~(_Py_MEMORYVIEW_C | _Py_MEMORYVIEW_FORTRAN);
    }
    mv->flags = flags;
}

/* A fresh view object with room for ndim dimensions, not yet registered. */
static PyMemoryViewObject *memory_alloc(int ndim) {
    PyMemoryViewObject *mv = (PyMemoryViewObject *)_PyObject_GC_NewVar(&PyMemoryView_Type, 3 * (Py_ssize_t)ndim);
    if (mv == NULL) return NULL;
    mv->mbuf = NULL;
    mv->hash = -1;
    mv->flags = 0;
    mv->exports = 0;
    mv->view.ndim = ndim;
    mv->view.shape = mv->ob_array;
    mv->view.strides = mv->ob_array + ndim;
    mv->view.suboffsets = mv->ob_array + 2 * ndim;
    mv->weakreflist = NULL;
    return mv;
}

static void copy_shared_values(Py_buffer *dest, const Py_buffer *src) {
    dest->obj = src->obj;
    dest->buf = src->buf;
    dest->len = src->len;
    dest->itemsize = src->itemsize;
    dest->readonly = src->readonly;
    dest->format = src->format != NULL ? src->format : "B";
    dest->internal = src->internal;
}

static int copy_shape_strides(Py_buffer *dest, const Py_buffer *src) {
    if (src->ndim == 0) {
        dest->shape = NULL;
        dest->strides = NULL;
        return 0;
    }
    if (src->ndim == 1) {
        dest->shape[0] = src->shape != NULL ? src->shape[0] : (src->itemsize ? src->len / src->itemsize : 0);
        dest->strides[0] = src->strides != NULL ? src->strides[0] : src->itemsize;
        return 0;
    }
    if (src->shape == NULL) {
        PyErr_SetString(PyExc_BufferError, "memoryview: multi-dimensional buffer without a shape");
        return -1;
    }
    for (int i = 0; i < src->ndim; i++) dest->shape[i] = src->shape[i];
    if (src->strides != NULL)
        for (int i = 0; i < src->ndim; i++) dest->strides[i] = src->strides[i];
    else
        strides_from_shape(dest, 'C');
    return 0;
}

static void register_view(PyMemoryViewObject *mv, _PyManagedBufferObject *mbuf) {
    mv->mbuf = (_PyManagedBufferObject *)Py_NewRef((PyObject *)mbuf);
    mbuf->exports++;
}

PyObject *_cpx_mv_add_view(_PyManagedBufferObject *mbuf, const Py_buffer *src) {
    if (src == NULL) src = &mbuf->master;
    if (src->ndim > PyBUF_MAX_NDIM) {
        PyErr_SetString(PyExc_ValueError, "memoryview: number of dimensions must not exceed 64");
        return NULL;
    }
    PyMemoryViewObject *mv = memory_alloc(src->ndim);
    if (mv == NULL) return NULL;
    register_view(mv, mbuf);
    Py_buffer *dest = &mv->view;
    copy_shared_values(dest, src);
    if (copy_shape_strides(dest, src) < 0) {
        Py_DECREF(mv);
        return NULL;
    }
    if (src->suboffsets == NULL) {
        dest->suboffsets = NULL;
    } else {
        for (int i = 0; i < src->ndim; i++) dest->suboffsets[i] = src->suboffsets[i];
    }
    _cpx_mv_init_flags(mv);
    return (PyObject *)mv;
}

/* A registered view sharing src's values; shape, strides, suboffsets and
 * flags are left for the caller. */
static PyMemoryViewObject *add_incomplete_view(_PyManagedBufferObject *mbuf, const Py_buffer *src, int ndim) {
    PyMemoryViewObject *mv = memory_alloc(ndim);
    if (mv == NULL) return NULL;
    register_view(mv, mbuf);
    copy_shared_values(&mv->view, src != NULL ? src : &mbuf->master);
    return mv;
}

/* ---------------- construction ---------------- */

PyObject *PyMemoryView_FromObject(PyObject *v) {
    if (PyMemoryView_Check(v)) {
        PyMemoryViewObject *mv = (PyMemoryViewObject *)v;
        if (_cpx_mv_check_released(mv) < 0) return NULL;
        return _cpx_mv_add_view(mv->mbuf, &mv->view);
    }
    if (PyObject_CheckBuffer(v)) {
        _PyManagedBufferObject *mbuf = mbuf_from_object(v);
        if (mbuf == NULL) return NULL;
        PyObject *res = _cpx_mv_add_view(mbuf, NULL);
        Py_DECREF(mbuf);
        return res;
    }
    PyErr_Format(PyExc_TypeError, "memoryview: a bytes-like object is required, not '%.200s'", Py_TYPE(v)->tp_name);
    return NULL;
}

PyObject *PyMemoryView_FromMemory(char *mem, Py_ssize_t size, int flags) {
    _PyManagedBufferObject *mbuf = mbuf_alloc();
    if (mbuf == NULL) return NULL;
    int readonly = (flags == PyBUF_WRITE) ? 0 : 1;
    (void)PyBuffer_FillInfo(&mbuf->master, NULL, mem, size, readonly, PyBUF_FULL_RO);
    PyObject *res = _cpx_mv_add_view(mbuf, NULL);
    Py_DECREF(mbuf);
    return res;
}

PyObject *PyMemoryView_FromBuffer(const Py_buffer *info) {
    if (info->buf == NULL) {
        PyErr_SetString(PyExc_ValueError, "PyMemoryView_FromBuffer(): info->buf must not be NULL");
        return NULL;
    }
    _PyManagedBufferObject *mbuf = mbuf_alloc();
    if (mbuf == NULL) return NULL;
    /* info->obj is borrowed: the managed buffer must not release it. */
    mbuf->master = *info;
    mbuf->master.obj = NULL;
    PyObject *res = _cpx_mv_add_view(mbuf, NULL);
    Py_DECREF(mbuf);
    return res;
}

/* A read-only view of a contiguous copy of `src` in order 'C' or 'F'. */
static PyObject *contiguous_copy(const Py_buffer *src, char order) {
    PyObject *bytes = PyBytes_FromStringAndSize(NULL, src->len);
    if (bytes == NULL) return NULL;
    _cpx_mv_copy_to_contig(PyBytes_AS_STRING(bytes), src, order);
    _PyManagedBufferObject *mbuf = mbuf_from_object(bytes);
    Py_DECREF(bytes);
    if (mbuf == NULL) return NULL;
    PyMemoryViewObject *mv = NULL;
    if (mbuf_copy_format(mbuf, src->format != NULL ? src->format : "B") == 0) {
        mv = add_incomplete_view(mbuf, NULL, src->ndim);
        if (mv != NULL) {
            Py_buffer *dest = &mv->view;
            dest->itemsize = src->itemsize;
            for (int i = 0; i < src->ndim; i++) dest->shape[i] = src->shape[i];
            strides_from_shape(dest, order == 'F' ? 'F' : 'C');
            dest->suboffsets = NULL;
            if (src->ndim == 0) dest->shape = dest->strides = NULL;
            _cpx_mv_init_flags(mv);
        }
    }
    Py_DECREF(mbuf);
    return (PyObject *)mv;
}

PyObject *PyMemoryView_GetContiguous(PyObject *obj, int buffertype, char order) {
    PyObject *mv = PyMemoryView_FromObject(obj);
    if (mv == NULL) return NULL;
    Py_buffer *view = &((PyMemoryViewObject *)mv)->view;
    if (buffertype == PyBUF_WRITE && view->readonly) {
        PyErr_SetString(PyExc_BufferError, "underlying buffer is not writable");
        Py_DECREF(mv);
        return NULL;
    }
    int contiguous = order == 'C'   ? _cpx_mv_is_c_contig(view)
                     : order == 'F' ? _cpx_mv_is_f_contig(view)
                                    : (_cpx_mv_is_c_contig(view) || _cpx_mv_is_f_contig(view));
    if (contiguous) return mv;
    if (buffertype == PyBUF_WRITE) {
        PyErr_SetString(PyExc_BufferError, "writable contiguous buffer requested for a non-contiguous object.");
        Py_DECREF(mv);
        return NULL;
    }
    PyObject *res = contiguous_copy(view, order);
    Py_DECREF(mv);
    return res;
}

/* ---------------- the buffer protocol ---------------- */

static int memory_getbuf(PyObject *op, Py_buffer *view, int flags) {
    PyMemoryViewObject *self = (PyMemoryViewObject *)op;
    Py_buffer *base = &self->view;
    int baseflags = self->flags;
    if (_cpx_mv_check_released(self) < 0) return -1;
    *view = *base;
    view->obj = NULL;
    if ((flags & PyBUF_WRITABLE) && base->readonly) {
        PyErr_SetString(PyExc_BufferError, "memoryview: underlying buffer is not writable");
        return -1;
    }
    /* Without PyBUF_FORMAT the consumer sees unsigned bytes. */
    if (!(flags & PyBUF_FORMAT)) view->format = NULL;
    if ((flags & PyBUF_C_CONTIGUOUS) == PyBUF_C_CONTIGUOUS && !CPX_MV_C_CONTIG(baseflags)) {
        PyErr_SetString(PyExc_BufferError, "memoryview: underlying buffer is not C-contiguous");
        return -1;
    }
    if ((flags & PyBUF_F_CONTIGUOUS) == PyBUF_F_CONTIGUOUS && !CPX_MV_F_CONTIG(baseflags)) {
        PyErr_SetString(PyExc_BufferError, "memoryview: underlying buffer is not Fortran contiguous");
        return -1;
    }
    if ((flags & PyBUF_ANY_CONTIGUOUS) == PyBUF_ANY_CONTIGUOUS && !CPX_MV_ANY_CONTIG(baseflags)) {
        PyErr_SetString(PyExc_BufferError, "memoryview: underlying buffer is not contiguous");
        return -1;
    }
    if ((flags & PyBUF_INDIRECT) != PyBUF_INDIRECT && (baseflags & _Py_MEMORYVIEW_PIL)) {
        PyErr_SetString(PyExc_BufferError, "memoryview: underlying buffer requires suboffsets");
        return -1;
    }
    if ((flags & PyBUF_STRIDES) != PyBUF_STRIDES) {
        if (!CPX_MV_C_CONTIG(baseflags)) {
            PyErr_SetString(PyExc_BufferError, "memoryview: underlying buffer is not C-contiguous");
            return -1;
        }
        view->strides = NULL;
    }
    if ((flags & PyBUF_ND) != PyBUF_ND) {
        if (view->format != NULL) {
            PyErr_SetString(PyExc_BufferError,
                            "memoryview: cannot cast to unsigned bytes if the format flag is present");
            return -1;
        }
        view->ndim = 1;
        view->shape = NULL;
    }
    view->obj = Py_NewRef(op);
    self->exports++;
    return 0;
}

static void memory_releasebuf(PyObject *op, Py_buffer *view) { ((PyMemoryViewObject *)op)->exports--; }

static PyBufferProcs memory_as_buffer = {memory_getbuf, memory_releasebuf};

/* ---------------- release, deallocation ---------------- */

static int memory_release_impl(PyMemoryViewObject *self) {
    if (self->flags & _Py_MEMORYVIEW_RELEASED) return 0;
    if (self->exports == 0) {
        self->flags |= _Py_MEMORYVIEW_RELEASED;
        if (self->mbuf != NULL && --self->mbuf->exports == 0) mbuf_release(self->mbuf);
        return 0;
    }
    if (self->exports > 0) {
        PyErr_Format(PyExc_BufferError, "memoryview has %zd exported buffer%s", self->exports,
                     self->exports == 1 ? "" : "s");
        return -1;
    }
    PyErr_SetString(PyExc_SystemError, "_memory_release(): negative export count");
    return -1;
}

static void memory_dealloc(PyObject *op) {
    PyMemoryViewObject *self = (PyMemoryViewObject *)op;
    PyObject_GC_UnTrack(op);
    if (self->mbuf != NULL) (void)memory_release_impl(self);
    Py_CLEAR(self->mbuf);
    if (self->weakreflist != NULL) PyObject_ClearWeakRefs(op);
    PyObject_GC_Del(op);
}

static int memory_traverse(PyObject *op, visitproc visit, void *arg) {
    Py_VISIT(((PyMemoryViewObject *)op)->mbuf);
    return 0;
}

static int memory_clear(PyObject *op) {
    PyMemoryViewObject *self = (PyMemoryViewObject *)op;
    if (self->mbuf != NULL) (void)memory_release_impl(self);
    Py_CLEAR(self->mbuf);
    return 0;
}

static PyObject *memory_release(PyObject *self, PyObject *noargs) {
    if (memory_release_impl((PyMemoryViewObject *)self) < 0) return NULL;
    Py_RETURN_NONE;
}

static PyObject *memory_enter(PyObject *self, PyObject *noargs) {
    if (_cpx_mv_check_released((PyMemoryViewObject *)self) < 0) return NULL;
    return Py_NewRef(self);
}

static PyObject *memory_exit(PyObject *self, PyObject *args) { return memory_release(self, NULL); }

static PyObject *memory_repr(PyObject *op) {
    if (((PyMemoryViewObject *)op)->flags & _Py_MEMORYVIEW_RELEASED)
        return PyUnicode_FromFormat("<released memory at %p>", op);
    return PyUnicode_FromFormat("<memory at %p>", op);
}

/* ---------------- cast, toreadonly ---------------- */

/* The static format text for a native format (keeps a leading '@'). */
static const char *native_format_text(const char *fmt) {
    static const char chars[] = "cbB?hHiIlLqQnNfdP";
    static const char texts[][3] = {"@c", "@b", "@B", "@?", "@h", "@H", "@i", "@I", "@l",
                                    "@L", "@q", "@Q", "@n", "@N", "@f", "@d", "@P"};
    int at = fmt[0] == '@';
    const char *hit = strchr(chars, fmt[at]);
    if (fmt[at] == '\0' || hit == NULL) return NULL;
    return texts[hit - chars] + (at ? 0 : 1);
}

#define IS_BYTE_FORMAT(c) ((c) == 'b' || (c) == 'B' || (c) == 'c')

static int cast_to_1d(PyMemoryViewObject *mv, PyObject *format) {
    Py_buffer *view = &mv->view;
    const char *fmt = PyUnicode_AsUTF8(format);
    if (fmt == NULL) return -1;
    char src, dest;
    Py_ssize_t itemsize = _cpx_mv_native_format(&dest, fmt);
    if (itemsize < 0) {
        PyErr_SetString(PyExc_ValueError, "memoryview: destination format must be a native single "
                                          "character format prefixed with an optional '@'");
        return -1;
    }
    if ((_cpx_mv_native_format(&src, view->format) < 0 || !IS_BYTE_FORMAT(src)) && !IS_BYTE_FORMAT(dest)) {
        PyErr_SetString(PyExc_TypeError, "memoryview: cannot cast between two non-byte formats");
        return -1;
    }
    if (view->len % itemsize) {
        PyErr_SetString(PyExc_TypeError, "memoryview: length is not a multiple of itemsize");
        return -1;
    }
    view->format = (char *)native_format_text(fmt);
    view->itemsize = itemsize;
    view->ndim = 1;
    view->shape[0] = view->len / itemsize;
    view->strides[0] = itemsize;
    view->suboffsets = NULL;
    _cpx_mv_init_flags(mv);
    return 0;
}

static int cast_to_nd(PyMemoryViewObject *mv, PyObject *shape, int ndim) {
    Py_buffer *view = &mv->view;
    Py_ssize_t len = view->itemsize;
    view->ndim = ndim;
    if (ndim == 0) {
        view->shape = NULL;
        view->strides = NULL;
    } else {
        for (int i = 0; i < ndim; i++) {
            PyObject *x = PySequence_Fast_GET_ITEM(shape, i);
            if (!PyLong_Check(x)) {
                PyErr_SetString(PyExc_TypeError, "memoryview.cast(): elements of shape must be integers");
                return -1;
            }
            Py_ssize_t n = PyLong_AsSsize_t(x);
            if (n == -1 && PyErr_Occurred()) return -1;
            if (n <= 0) {
                PyErr_SetString(PyExc_ValueError, "memoryview.cast(): elements of shape must be integers > 0");
                return -1;
            }
            if (n > PY_SSIZE_T_MAX / len) {
                PyErr_SetString(PyExc_ValueError, "memoryview.cast(): product(shape) > SSIZE_MAX");
                return -1;
            }
            len *= n;
            view->shape[i] = n;
        }
        strides_from_shape(view, 'C');
    }
    if (view->len != len) {
        PyErr_SetString(PyExc_TypeError, "memoryview: product(shape) * itemsize != buffer size");
        return -1;
    }
    _cpx_mv_init_flags(mv);
    return 0;
}

static int zero_in_shape(PyMemoryViewObject *mv) {
    for (int i = 0; i < mv->view.ndim; i++)
        if (mv->view.shape[i] == 0) return 1;
    return 0;
}

static PyObject *memory_cast(PyObject *op, PyObject *args, PyObject *kwargs) {
    static char *kwlist[] = {"format", "shape", NULL};
    PyMemoryViewObject *self = (PyMemoryViewObject *)op;
    PyObject *format, *shape = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "U|O:cast", kwlist, &format, &shape)) return NULL;
    if (_cpx_mv_check_released(self) < 0) return NULL;
    Py_ssize_t ndim = 1;
    if (!CPX_MV_C_CONTIG(self->flags)) {
        PyErr_SetString(PyExc_TypeError, "memoryview: casts are restricted to C-contiguous views");
        return NULL;
    }
    if ((shape != NULL || self->view.ndim != 1) && zero_in_shape(self)) {
        PyErr_SetString(PyExc_TypeError, "memoryview: cannot cast view with zeros in shape or strides");
        return NULL;
    }
    if (shape != NULL) {
        if (!PyList_Check(shape) && !PyTuple_Check(shape)) {
            PyErr_SetString(PyExc_TypeError, "shape must be a list or a tuple");
            return NULL;
        }
        ndim = PySequence_Fast_GET_SIZE(shape);
        if (ndim > PyBUF_MAX_NDIM) {
            PyErr_SetString(PyExc_ValueError, "memoryview: number of dimensions must not exceed 64");
            return NULL;
        }
        if (self->view.ndim != 1 && ndim != 1) {
            PyErr_SetString(PyExc_TypeError, "memoryview: cast must be 1D -> ND or ND -> 1D");
            return NULL;
        }
    }
    PyMemoryViewObject *mv = add_incomplete_view(self->mbuf, &self->view, ndim == 0 ? 1 : (int)ndim);
    if (mv == NULL) return NULL;
    if (cast_to_1d(mv, format) < 0 || (shape != NULL && cast_to_nd(mv, shape, (int)ndim) < 0)) {
        Py_DECREF(mv);
        return NULL;
    }
    return (PyObject *)mv;
}

static PyObject *memory_toreadonly(PyObject *op, PyObject *noargs) {
    PyMemoryViewObject *self = (PyMemoryViewObject *)op;
    if (_cpx_mv_check_released(self) < 0) return NULL;
    PyObject *mv = _cpx_mv_add_view(self->mbuf, &self->view);
    if (mv != NULL) ((PyMemoryViewObject *)mv)->view.readonly = 1;
    return mv;
}

/* ---------------- attributes ---------------- */

#define VIEW_GETTER(fname, expr)                                    \
    static PyObject *fname(PyObject *op, void *closure) {           \
        PyMemoryViewObject *self = (PyMemoryViewObject *)op;        \
        Py_buffer *view = &self->view;                              \
        (void)view;                                                 \
        if (_cpx_mv_check_released(self) < 0) return NULL;         \
        return expr;                                                \
    }

static PyObject *ssize_tuple(const Py_ssize_t *items, int n) {
    if (items == NULL) return PyTuple_New(0);
    PyObject *t = PyTuple_New(n);
    if (t == NULL) return NULL;
    for (int i = 0; i < n; i++) {
        PyObject *x = PyLong_FromSsize_t(items[i]);
        if (x == NULL) {
            Py_DECREF(t);
            return NULL;
        }
        PyTuple_SET_ITEM(t, i, x);
    }
    return t;
}

VIEW_GETTER(memory_obj_get, Py_NewRef(view->obj != NULL ? view->obj : Py_None))
VIEW_GETTER(memory_nbytes_get, PyLong_FromSsize_t(view->len))
VIEW_GETTER(memory_readonly_get, PyBool_FromLong(view->readonly))
VIEW_GETTER(memory_itemsize_get, PyLong_FromSsize_t(view->itemsize))
VIEW_GETTER(memory_format_get, PyUnicode_FromString(view->format))
VIEW_GETTER(memory_ndim_get, PyLong_FromLong(view->ndim))
VIEW_GETTER(memory_shape_get, ssize_tuple(view->shape, view->ndim))
VIEW_GETTER(memory_strides_get, ssize_tuple(view->strides, view->ndim))
VIEW_GETTER(memory_suboffsets_get, ssize_tuple(view->suboffsets, view->ndim))
VIEW_GETTER(memory_c_contiguous_get, PyBool_FromLong(CPX_MV_C_CONTIG(self->flags) != 0))
VIEW_GETTER(memory_f_contiguous_get, PyBool_FromLong(CPX_MV_F_CONTIG(self->flags) != 0))
VIEW_GETTER(memory_contiguous_get, PyBool_FromLong(CPX_MV_ANY_CONTIG(self->flags) != 0))

static PyGetSetDef memory_getsets[] = {
    {"obj", memory_obj_get, NULL, "the exporting object (None for raw memory)", NULL},
    {"nbytes", memory_nbytes_get, NULL, "size of the viewed data in bytes", NULL},
    {"readonly", memory_readonly_get, NULL, "True when the view cannot be written to", NULL},
    {"itemsize", memory_itemsize_get, NULL, "size of one item in bytes", NULL},
    {"format", memory_format_get, NULL, "struct-module format of one item", NULL},
    {"ndim", memory_ndim_get, NULL, "number of dimensions", NULL},
    {"shape", memory_shape_get, NULL, "tuple: items along each dimension", NULL},
    {"strides", memory_strides_get, NULL, "tuple: bytes between items along each dimension", NULL},
    {"suboffsets", memory_suboffsets_get, NULL, "tuple: indirection offsets (PIL-style arrays)", NULL},
    {"c_contiguous", memory_c_contiguous_get, NULL, "True when items are laid out in C order without gaps", NULL},
    {"f_contiguous", memory_f_contiguous_get, NULL, "True when items are laid out in Fortran order without gaps", NULL},
    {"contiguous", memory_contiguous_get, NULL, "True when C- or Fortran-contiguous", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyMethodDef memory_methods[] = {
    {"release", memory_release, METH_NOARGS, "release() -- give the exporter its buffer back now"},
    {"tobytes", (PyCFunction)(void (*)(void))_cpx_mv_tobytes, METH_VARARGS | METH_KEYWORDS,
     "tobytes(order='C') -- the viewed data copied into bytes"},
    {"hex", (PyCFunction)(void (*)(void))_cpx_mv_hex, METH_VARARGS | METH_KEYWORDS,
     "hex([sep[, bytes_per_sep]]) -- the viewed data as hexadecimal text"},
    {"tolist", _cpx_mv_tolist, METH_NOARGS, "tolist() -- the items as (nested) Python lists"},
    {"cast", (PyCFunction)(void (*)(void))memory_cast, METH_VARARGS | METH_KEYWORDS,
     "cast(format[, shape]) -- a view of the same memory with another item type or shape"},
    {"toreadonly", memory_toreadonly, METH_NOARGS, "toreadonly() -- a read-only view of the same memory"},
    {"__enter__", memory_enter, METH_NOARGS, NULL},
    {"__exit__", memory_exit, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyObject *memory_new(PyTypeObject *type, PyObject *args, PyObject *kwargs) {
    static char *kwlist[] = {"object", NULL};
    PyObject *obj;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O:memoryview", kwlist, &obj)) return NULL;
    return PyMemoryView_FromObject(obj);
}

static PySequenceMethods memory_as_sequence = {
    .sq_length = _cpx_mv_length,
    .sq_item = _cpx_mv_item,
};

static PyMappingMethods memory_as_mapping = {
    .mp_length = _cpx_mv_length,
    .mp_subscript = _cpx_mv_subscript,
    .mp_ass_subscript = _cpx_mv_ass_subscript,
};

PyTypeObject PyMemoryView_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "memoryview",
    .tp_basicsize = offsetof(PyMemoryViewObject, ob_array),
    .tp_itemsize = sizeof(Py_ssize_t),
    .tp_dealloc = memory_dealloc,
    .tp_repr = memory_repr,
    .tp_as_sequence = &memory_as_sequence,
    .tp_as_mapping = &memory_as_mapping,
    .tp_hash = _cpx_mv_hash,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_as_buffer = &memory_as_buffer,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_SEQUENCE,
    .tp_doc = "memoryview(object)\n--\n\nA view of the memory an object exports through the buffer protocol.",
    .tp_traverse = memory_traverse,
    .tp_clear = memory_clear,
    .tp_richcompare = _cpx_mv_richcompare,
    .tp_weaklistoffset = offsetof(PyMemoryViewObject, weakreflist),
    .tp_iter = _cpx_mv_iter,
    .tp_methods = memory_methods,
    .tp_getset = memory_getsets,
    .tp_new = memory_new,
    .tp_free = PyObject_GC_Del,
};

int _cpx_init_memoryview(void) {
    if (PyType_Ready(&_PyManagedBuffer_Type) < 0) return -1;
    if (PyType_Ready(&PyMemoryView_Type) < 0) return -1;
    if (PyType_Ready(&_cpx_MemoryIter_Type) < 0) return -1;
    return 0;
}
