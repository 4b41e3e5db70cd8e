/* abstract_buffer.c: the buffer protocol helpers (PEP 3118): getting and
 * releasing views, filling simple views, contiguity tests and copies
 * between strided views and contiguous memory, and the old
 * AsReadBuffer-style API.
 *
 * Invariants:
 * - A successful PyObject_GetBuffer leaves view->obj holding a new
 *   reference (set by the exporter, usually through PyBuffer_FillInfo);
 *   PyBuffer_Release calls the exporter's bf_releasebuffer, drops that
 *   reference and sets view->obj to NULL, so releasing twice is harmless.
 * - Views are read, never modified, by the copy helpers; a view without
 *   strides is C-contiguous, one without shape is one-dimensional.
 * - The old API (PyObject_AsCharBuffer ...) returns a pointer that stays
 *   valid only while the object lives unchanged, as in CPython. */
#include "internal.h"

static int null_error(void) {
    if (!PyErr_Occurred()) PyErr_SetString(PyExc_SystemError, "null argument to internal routine");
    return -1;
}

int PyObject_CheckBuffer(PyObject *obj) {
    PyBufferProcs *pb = Py_TYPE(obj)->tp_as_buffer;
    return pb != NULL && pb->bf_getbuffer != NULL;
}

int PyObject_GetBuffer(PyObject *obj, Py_buffer *view, int flags) {
    PyBufferProcs *pb = Py_TYPE(obj)->tp_as_buffer;
    if (pb == NULL || pb->bf_getbuffer == NULL) {
        PyErr_Format(PyExc_TypeError, "a bytes-like object is required, not '%.100s'", Py_TYPE(obj)->tp_name);
        return -1;
    }
    return pb->bf_getbuffer(obj, view, flags);
}

void PyBuffer_Release(Py_buffer *view) {
    PyObject *obj = view->obj;
    if (obj == NULL) return;
    PyBufferProcs *pb = Py_TYPE(obj)->tp_as_buffer;
    if (pb != NULL && pb->bf_releasebuffer != NULL) pb->bf_releasebuffer(obj, view);
    view->obj = NULL;
    Py_DECREF(obj);
}

int PyBuffer_FillInfo(Py_buffer *view, PyObject *obj, void *buf, Py_ssize_t len, int readonly, int flags) {
    if (view == NULL) {
        PyErr_SetString(PyExc_BufferError, "PyBuffer_FillInfo: view==NULL argument is obsolete");
        return -1;
    }
    if ((flags & PyBUF_WRITABLE) == PyBUF_WRITABLE && readonly == 1) {
        PyErr_SetString(PyExc_BufferError, "Object is not writable.");
        return -1;
    }
    view->obj = Py_XNewRef(obj);
    view->buf = buf;
    view->len = len;
    view->readonly = readonly;
    view->itemsize = 1;
    view->format = (flags & PyBUF_FORMAT) == PyBUF_FORMAT ? "B" : NULL;
    view->ndim = 1;
    view->shape = (flags & PyBUF_ND) == PyBUF_ND ? &view->len : NULL;
    view->strides = (flags & PyBUF_STRIDES) == PyBUF_STRIDES ? &view->itemsize : NULL;
    view->suboffsets = NULL;
    view->internal = NULL;
    return 0;
}

void *PyBuffer_GetPointer(Py_buffer *view, Py_ssize_t *indices) {
    char *p = (char *)view->buf;
    for (int i = 0; i < view->ndim; i++) {
        p += view->strides[i] * indices[i];
        if (view->suboffsets != NULL && view->suboffsets[i] >= 0) p = *(char **)p + view->suboffsets[i];
    }
    return p;
}

/* ---------------- contiguity ---------------- */

static int is_c_contiguous(const Py_buffer *view) {
    if (view->len == 0 || view->strides == NULL) return 1;
    Py_ssize_t sd = view->itemsize;
    for (int i = view->ndim - 1; i >= 0; i--) {
        Py_ssize_t dim = view->shape[i];
        if (dim > 1 && view->strides[i] != sd) return 0;
        sd *= dim;
    }
    return 1;
}

static int is_f_contiguous(const Py_buffer *view) {
    if (view->len == 0) return 1;
    if (view->strides == NULL) {
        /* C-contiguous: also Fortran-contiguous when at most one
         * dimension is longer than 1. */
        if (view->ndim <= 1) return 1;
        int longer = 0;
        for (int i = 0; i < view->ndim; i++) longer += view->shape[i] > 1;
        return longer <= 1;
    }
    Py_ssize_t sd = view->itemsize;
    for (int i = 0; i < view->ndim; i++) {
        Py_ssize_t dim = view->shape[i];
        if (dim > 1 && view->strides[i] != sd) return 0;
        sd *= dim;
    }
    return 1;
}

int PyBuffer_IsContiguous(const Py_buffer *view, char order) {
    if (view->suboffsets != NULL) return 0;
    if (order == 'C') return is_c_contiguous(view);
    if (order == 'F') return is_f_contiguous(view);
    if (order == 'A') return is_c_contiguous(view) || is_f_contiguous(view);
    return 0;
}

void PyBuffer_FillContiguousStrides(int nd, Py_ssize_t *shape, Py_ssize_t *strides, int itemsize, char order) {
    Py_ssize_t sd = itemsize;
    if (order == 'F') {
        for (int k = 0; k < nd; k++) {
            strides[k] = sd;
            sd *= shape[k];
        }
    } else {
        for (int k = nd - 1; k >= 0; k--) {
            strides[k] = sd;
            sd *= shape[k];
        }
    }
}

/* Step a multi-index to the next element, last index fastest (C). */
void _Py_add_one_to_index_C(int nd, Py_ssize_t *index, const Py_ssize_t *shape) {
    for (int k = nd - 1; k >= 0; k--) {
        if (index[k] < shape[k] - 1) {
            index[k]++;
            return;
        }
        index[k] = 0;
    }
}

/* Step a multi-index to the next element, first index fastest (Fortran). */
void _Py_add_one_to_index_F(int nd, Py_ssize_t *index, const Py_ssize_t *shape) {
    for (int k = 0; k < nd; k++) {
        if (index[k] < shape[k] - 1) {
            index[k]++;
            return;
        }
        index[k] = 0;
    }
}

/* Copy up to len bytes between the elements of `view`, visited in `order`
 * ('F' or C), and the contiguous block `mem`. */
static int copy_strided(Py_buffer *src_view, char *mem, Py_ssize_t len, char order, int to_mem) {
    Py_buffer view = *src_view;
    Py_ssize_t one_dim_shape, one_dim_stride = view.itemsize;
    Py_ssize_t itemsize = view.itemsize > 0 ? view.itemsize : 1;
    if (view.ndim == 0) {
        Py_ssize_t n = Py_MIN(len, itemsize);
        if (to_mem) memcpy(mem, view.buf, (size_t)n);
        else memcpy(view.buf, mem, (size_t)n);
        return 0;
    }
    if (view.shape == NULL) {
        one_dim_shape = view.len / itemsize;
        view.ndim = 1;
        view.shape = &one_dim_shape;
        view.strides = &one_dim_stride;
    }
    Py_ssize_t *work = PyMem_Calloc((size_t)view.ndim * 2, sizeof(Py_ssize_t));
    if (work == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    Py_ssize_t *indices = work;
    if (view.strides == NULL) {
        view.strides = work + view.ndim;
        PyBuffer_FillContiguousStrides(view.ndim, view.shape, view.strides, (int)itemsize, 'C');
    }
    Py_ssize_t elements = 1;
    for (int k = 0; k < view.ndim; k++) elements *= view.shape[k];
    for (Py_ssize_t done = 0; elements-- > 0 && done + itemsize <= len; done += itemsize) {
        char *p = PyBuffer_GetPointer(&view, indices);
        if (to_mem) memcpy(mem + done, p, (size_t)itemsize);
        else memcpy(p, mem + done, (size_t)itemsize);
        if (order == 'F') _Py_add_one_to_index_F(view.ndim, indices, view.shape);
        else _Py_add_one_to_index_C(view.ndim, indices, view.shape);
    }
    PyMem_Free(work);
    return 0;
}

int PyBuffer_ToContiguous(void *buf, Py_buffer *src, Py_ssize_t len, char order) {
    if (len != src->len) {
        PyErr_SetString(PyExc_ValueError, "PyBuffer_ToContiguous: len != view->len");
        return -1;
    }
    if (PyBuffer_IsContiguous(src, order)) {
        memcpy(buf, src->buf, (size_t)len);
        return 0;
    }
    return copy_strided(src, (char *)buf, len, order == 'F' ? 'F' : 'C', 1);
}

int PyBuffer_FromContiguous(Py_buffer *view, void *buf, Py_ssize_t len, char fort) {
    if (len > view->len) len = view->len;
    if (PyBuffer_IsContiguous(view, fort)) {
        memcpy(view->buf, buf, (size_t)len);
        return 0;
    }
    return copy_strided(view, (char *)buf, len, fort == 'F' ? 'F' : 'C', 0);
}

int PyObject_CopyData(PyObject *dest, PyObject *src) {
    Py_buffer vd, vs;
    if (!PyObject_CheckBuffer(dest) || !PyObject_CheckBuffer(src)) {
        PyErr_SetString(PyExc_TypeError, "both destination and source must be bytes-like objects");
        return -1;
    }
    if (PyObject_GetBuffer(dest, &vd, PyBUF_FULL) != 0) return -1;
    if (PyObject_GetBuffer(src, &vs, PyBUF_FULL_RO) != 0) {
        PyBuffer_Release(&vd);
        return -1;
    }
    int rc = 0;
    if (vd.len < vs.len) {
        PyErr_SetString(PyExc_BufferError, "destination is too small to receive data from source");
        rc = -1;
    } else if ((PyBuffer_IsContiguous(&vd, 'C') && PyBuffer_IsContiguous(&vs, 'C')) ||
               (PyBuffer_IsContiguous(&vd, 'F') && PyBuffer_IsContiguous(&vs, 'F'))) {
        memcpy(vd.buf, vs.buf, (size_t)vs.len);
    } else {
        /* Element by element, both visited in C order through the
         * source's shape. */
        int nd = vs.ndim;
        Py_ssize_t *indices = PyMem_Calloc(nd > 0 ? (size_t)nd : 1, sizeof(Py_ssize_t));
        if (indices == NULL) {
            PyErr_NoMemory();
            rc = -1;
        } else {
            Py_ssize_t elements = 1;
            for (int k = 0; k < nd; k++) elements *= vs.shape[k];
            while (elements-- > 0) {
                memcpy(PyBuffer_GetPointer(&vd, indices), PyBuffer_GetPointer(&vs, indices), (size_t)vs.itemsize);
                _Py_add_one_to_index_C(nd, indices, vs.shape);
            }
            PyMem_Free(indices);
        }
    }
    PyBuffer_Release(&vd);
    PyBuffer_Release(&vs);
    return rc;
}

/* ---------------- struct format sizes ---------------- */

/* The size of one item described by a struct-module format, as
 * struct.calcsize computes it (native '@' alignment by default). */
Py_ssize_t PyBuffer_SizeFromFormat(const char *format) {
    int native = 1;
    const char *p = format;
    if (*p == '@') p++;
    else if (*p == '=' || *p == '<' || *p == '>' || *p == '!') { native = 0; p++; }
    Py_ssize_t size = 0;
    while (*p != '\0') {
        if (Py_ISSPACE(*p)) {
            p++;
            continue;
        }
        Py_ssize_t count = 1;
        if (Py_ISDIGIT(*p)) {
            count = 0;
            while (Py_ISDIGIT(*p)) {
                if (count > (PY_SSIZE_T_MAX - 9) / 10) goto overflow;
                count = count * 10 + (*p++ - '0');
            }
            if (*p == '\0') {
                PyErr_SetString(PyExc_ValueError, "repeat count given without format specifier");
                return -1;
            }
        }
        Py_ssize_t item;
        switch (*p) {
        case 'x': case 'c': case 'b': case 'B': case '?': case 's': case 'p': item = 1; break;
        case 'h': case 'H': case 'e': item = 2; break;
        case 'i': case 'I': case 'f': item = 4; break;
        case 'l': case 'L': item = native ? (Py_ssize_t)sizeof(long) : 4; break;
        case 'q': case 'Q': case 'd': item = 8; break;
        case 'n': case 'N': case 'P':
            /* Native only: no standard size. */
            item = native ? (Py_ssize_t)sizeof(void *) : 0;
            break;
        default:
            item = 0;
            break;
        }
        if (item == 0) {
            PyErr_SetString(PyExc_ValueError, "bad char in struct format");
            return -1;
        }
        if (native && item > 1) size = (size + item - 1) / item * item;
        if (count > 0 && item > (PY_SSIZE_T_MAX - size) / count) goto overflow;
        size += count * item;
        p++;
    }
    return size;
overflow:
    PyErr_SetString(PyExc_ValueError, "total struct size too long");
    return -1;
}

/* ---------------- the old buffer API ---------------- */

static int read_buffer(PyObject *obj, const void **buffer, Py_ssize_t *buffer_len) {
    Py_buffer view;
    if (obj == NULL || buffer == NULL || buffer_len == NULL) return null_error();
    if (PyObject_GetBuffer(obj, &view, PyBUF_SIMPLE) != 0) return -1;
    *buffer = view.buf;
    *buffer_len = view.len;
    PyBuffer_Release(&view);
    return 0;
}

int PyObject_AsCharBuffer(PyObject *obj, const char **buffer, Py_ssize_t *buffer_len) {
    return read_buffer(obj, (const void **)buffer, buffer_len);
}

int PyObject_AsReadBuffer(PyObject *obj, const void **buffer, Py_ssize_t *buffer_len) {
    return read_buffer(obj, buffer, buffer_len);
}

int PyObject_AsWriteBuffer(PyObject *obj, void **buffer, Py_ssize_t *buffer_len) {
    Py_buffer view;
    if (obj == NULL || buffer == NULL || buffer_len == NULL) return null_error();
    PyBufferProcs *pb = Py_TYPE(obj)->tp_as_buffer;
    if (pb == NULL || pb->bf_getbuffer == NULL || pb->bf_getbuffer(obj, &view, PyBUF_WRITABLE) != 0) {
        PyErr_SetString(PyExc_TypeError, "expected a writable bytes-like object");
        return -1;
    }
    *buffer = view.buf;
    *buffer_len = view.len;
    PyBuffer_Release(&view);
    return 0;
}

int PyObject_CheckReadBuffer(PyObject *obj) {
    Py_buffer view;
    PyBufferProcs *pb = Py_TYPE(obj)->tp_as_buffer;
    if (pb == NULL || pb->bf_getbuffer == NULL) return 0;
    if (pb->bf_getbuffer(obj, &view, PyBUF_SIMPLE) == -1) {
        PyErr_Clear();
        return 0;
    }
    PyBuffer_Release(&view);
    return 1;
}
