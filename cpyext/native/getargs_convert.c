/* getargs_convert.c: the per-unit converters of PyArg_Parse* (CPython
 * 3.11 semantics and error texts), the skipper used for absent optional
 * arguments, and the cleanup list of a parse.
 *
 * Ownership: a converter never creates a reference the caller owns.
 * 'O', 'O!', 'S', 'Y', 'U' store borrowed references (valid as long as the
 * argument tuple lives). 's', 'z', 's#', 'z#' store a pointer to the str's
 * cached UTF-8 (owned by the str) or to the memory of a read-only buffer
 * (whose exporter keeps it, since it has no bf_releasebuffer). Units that
 * do acquire something hand it to the caller only if the whole parse
 * succeeds: 's*', 'z*', 'y*', 'w*' fill a Py_buffer the caller must
 * PyBuffer_Release; 'es'/'et' allocate with PyMem_Malloc a block the
 * caller must PyMem_Free; 'O&' converters returning Py_CLEANUP_SUPPORTED
 * are called again with NULL to undo. Each is recorded in the parse's
 * cpx_cleanups as soon as it is acquired (getargs_convert.h). */
#include "getargs_convert.h"

#ifndef Py_CLEANUP_SUPPORTED
#define Py_CLEANUP_SUPPORTED 0x20000
#endif

const char _cpx_args_raised[] = "(exception already set)";

/* ---- the cleanup list ---- */

void _cpx_cleanups_init(cpx_cleanups *cl) {
    cl->entries = cl->inline_entries;
    cl->count = 0;
    cl->capacity = CPX_CLEANUPS_INLINE;
}

int _cpx_cleanups_add(cpx_cleanups *cl, void *item, cpx_cleanup_fn release) {
    if (cl->count == cl->capacity) {
        int grown = cl->capacity * 2;
        cpx_cleanup_entry *bigger = PyMem_Malloc((size_t)grown * sizeof(cpx_cleanup_entry));
        if (bigger == NULL) {
            release(NULL, item);
            PyErr_NoMemory();
            return -1;
        }
        memcpy(bigger, cl->entries, (size_t)cl->count * sizeof(cpx_cleanup_entry));
        if (cl->entries != cl->inline_entries) PyMem_Free(cl->entries);
        cl->entries = bigger;
        cl->capacity = grown;
    }
    cl->entries[cl->count].item = item;
    cl->entries[cl->count].release = release;
    cl->count++;
    return 0;
}

int _cpx_cleanups_finish(cpx_cleanups *cl, int ok) {
    if (!ok) {
        for (int i = 0; i < cl->count; i++)
            cl->entries[i].release(NULL, cl->entries[i].item);
    }
    if (cl->entries != cl->inline_entries) PyMem_Free(cl->entries);
    cl->entries = cl->inline_entries;
    cl->count = 0;
    return ok;
}

/* Undo a filled Py_buffer. */
static int release_view(PyObject *unused, void *item) {
    PyBuffer_Release((Py_buffer *)item);
    return 0;
}

/* Undo an "es"/"et" allocation: item is the caller's char ** . */
static int release_block(PyObject *unused, void *item) {
    char **where = (char **)item;
    PyMem_Free(*where);
    *where = NULL;
    return 0;
}

/* ---- helpers ---- */

static const char *mismatch(const char *expected, PyObject *arg, char *msgbuf, size_t bufsize) {
    if (expected[0] == '(')
        snprintf(msgbuf, bufsize, "%.100s", expected);
    else
        snprintf(msgbuf, bufsize, "must be %.50s, not %.50s", expected,
                 arg == Py_None ? "None" : Py_TYPE(arg)->tp_name);
    return msgbuf;
}

static const char *need_ssize_t(void) {
    PyErr_SetString(PyExc_SystemError, "PY_SSIZE_T_CLEAN macro must be defined for '#' formats");
    return _cpx_args_raised;
}

/* "u", "u#", "Z", "Z#" (deprecated): the str's cached wchar_t form
 * (PyUnicode_AsUnicodeAndSize), or NULL for None with 'Z'. */
static const char *convert_wide(char unit, PyObject *arg, const char **p_format, va_list *p_va, int flags,
                                char *msgbuf, size_t bufsize) {
    PyErr_WarnFormat(PyExc_DeprecationWarning, 1, "getargs: The '%c' format is deprecated. Use 'U' instead.", unit);
    Py_UNICODE **p = va_arg(*p_va, Py_UNICODE **);
    Py_ssize_t *psize = NULL;
    if (**p_format == '#') {
        if (!(flags & CPX_ARGS_SIZE_T)) return need_ssize_t();
        psize = va_arg(*p_va, Py_ssize_t *);
        (*p_format)++;
    }
    Py_ssize_t len = 0;
    if (unit == 'Z' && arg == Py_None) {
        *p = NULL;
    } else if (PyUnicode_Check(arg)) {
        *p = PyUnicode_AsUnicodeAndSize(arg, &len);
        if (*p == NULL) return _cpx_args_raised;
        if (psize == NULL && wcslen(*p) != (size_t)len) {
            PyErr_SetString(PyExc_ValueError, "embedded null character");
            return _cpx_args_raised;
        }
    } else {
        return mismatch(unit == 'Z' ? "str or None" : "str", arg, msgbuf, bufsize);
    }
    if (psize != NULL) *psize = len;
    return NULL;
}

/* A simple, C-contiguous view of arg; on failure *why names what was
 * expected (the exporter's exception, if any, stays set). */
static int contiguous_view(PyObject *arg, Py_buffer *view, const char **why) {
    if (PyObject_GetBuffer(arg, view, PyBUF_SIMPLE) != 0) {
        *why = "bytes-like object";
        return -1;
    }
    if (!PyBuffer_IsContiguous(view, 'C')) {
        PyBuffer_Release(view);
        *why = "contiguous buffer";
        return -1;
    }
    return 0;
}

/* Pointer and length of a read-only buffer whose memory stays valid
 * without a held view: exporters with bf_releasebuffer are refused. */
static Py_ssize_t readonly_bytes(PyObject *arg, const void **p, const char **why) {
    PyBufferProcs *procs = Py_TYPE(arg)->tp_as_buffer;
    Py_buffer view;
    *p = NULL;
    if (procs != NULL && procs->bf_releasebuffer != NULL) {
        *why = "read-only bytes-like object";
        return -1;
    }
    if (contiguous_view(arg, &view, why) < 0) return -1;
    *p = view.buf;
    Py_ssize_t len = view.len;
    PyBuffer_Release(&view);
    return len;
}

static int has_nul(const char *s, Py_ssize_t len) {
    return len > 0 && memchr(s, '\0', (size_t)len) != NULL;
}

/* A signed C integer of the given range, with CPython's unit-specific
 * OverflowError texts. */
static int ranged_long(PyObject *arg, long lo, long hi, const char *what, long *out) {
    long v = PyLong_AsLong(arg);
    if (v == -1 && PyErr_Occurred()) return -1;
    if (v < lo) {
        PyErr_Format(PyExc_OverflowError, "%s is less than minimum", what);
        return -1;
    }
    if (v > hi) {
        PyErr_Format(PyExc_OverflowError, "%s is greater than maximum", what);
        return -1;
    }
    *out = v;
    return 0;
}

/* ---- "s", "z", "y" families ---- */

static const char *convert_text(char unit, PyObject *arg, const char **p_format, va_list *p_va,
                                int flags, char *msgbuf, size_t bufsize, cpx_cleanups *cl) {
    const char *format = *p_format;
    const char *why = "bytes-like object";
    if (*format == '*') {                                   /* s* z* */
        Py_buffer *view = va_arg(*p_va, Py_buffer *);
        if (unit == 'z' && arg == Py_None) {
            PyBuffer_FillInfo(view, NULL, NULL, 0, 1, 0);
        } else if (PyUnicode_Check(arg)) {
            Py_ssize_t len;
            const char *utf8 = PyUnicode_AsUTF8AndSize(arg, &len);
            if (utf8 == NULL) return mismatch("(unicode conversion error)", arg, msgbuf, bufsize);
            if (PyBuffer_FillInfo(view, arg, (void *)utf8, len, 1, 0) < 0) return _cpx_args_raised;
        } else if (contiguous_view(arg, view, &why) < 0) {
            return mismatch(why, arg, msgbuf, bufsize);
        }
        if (_cpx_cleanups_add(cl, view, release_view) < 0)
            return mismatch("(cleanup problem)", arg, msgbuf, bufsize);
        *p_format = format + 1;
        return NULL;
    }
    if (*format == '#') {                                   /* s# z# */
        const void **p = va_arg(*p_va, const void **);
        if (!(flags & CPX_ARGS_SIZE_T)) return need_ssize_t();
        Py_ssize_t *psize = va_arg(*p_va, Py_ssize_t *);
        if (unit == 'z' && arg == Py_None) {
            *p = NULL;
            *psize = 0;
        } else if (PyUnicode_Check(arg)) {
            Py_ssize_t len;
            const char *utf8 = PyUnicode_AsUTF8AndSize(arg, &len);
            if (utf8 == NULL) return mismatch("(unicode conversion error)", arg, msgbuf, bufsize);
            *p = utf8;
            *psize = len;
        } else {
            Py_ssize_t len = readonly_bytes(arg, p, &why);
            if (len < 0) return mismatch(why, arg, msgbuf, bufsize);
            *psize = len;
        }
        *p_format = format + 1;
        return NULL;
    }
    const char **p = va_arg(*p_va, const char **);         /* s z */
    if (unit == 'z' && arg == Py_None) {
        *p = NULL;
    } else if (PyUnicode_Check(arg)) {
        Py_ssize_t len;
        const char *utf8 = PyUnicode_AsUTF8AndSize(arg, &len);
        if (utf8 == NULL) return mismatch("(unicode conversion error)", arg, msgbuf, bufsize);
        if (has_nul(utf8, len)) {
            PyErr_SetString(PyExc_ValueError, "embedded null character");
            return _cpx_args_raised;
        }
        *p = utf8;
    } else {
        return mismatch(unit == 'z' ? "str or None" : "str", arg, msgbuf, bufsize);
    }
    return NULL;
}

static const char *convert_bytes(PyObject *arg, const char **p_format, va_list *p_va, int flags,
                                 char *msgbuf, size_t bufsize, cpx_cleanups *cl) {
    const char *format = *p_format;
    const char *why = "bytes-like object";
    void **p = va_arg(*p_va, void **);
    if (*format == '*') {                                   /* y* */
        Py_buffer *view = (Py_buffer *)p;
        if (contiguous_view(arg, view, &why) < 0) return mismatch(why, arg, msgbuf, bufsize);
        if (_cpx_cleanups_add(cl, view, release_view) < 0)
            return mismatch("(cleanup problem)", arg, msgbuf, bufsize);
        *p_format = format + 1;
        return NULL;
    }
    Py_ssize_t len = readonly_bytes(arg, (const void **)p, &why);
    if (len < 0) return mismatch(why, arg, msgbuf, bufsize);
    if (*format == '#') {                                   /* y# */
        if (!(flags & CPX_ARGS_SIZE_T)) return need_ssize_t();
        Py_ssize_t *psize = va_arg(*p_va, Py_ssize_t *);
        *psize = len;
        *p_format = format + 1;
        return NULL;
    }
    if (has_nul((const char *)*p, len)) {                   /* y */
        PyErr_SetString(PyExc_ValueError, "embedded null byte");
        return _cpx_args_raised;
    }
    return NULL;
}

/* "es", "et", "es#", "et#": *p_format points at the 's' or 't'. */
static const char *convert_encoded(PyObject *arg, const char **p_format, va_list *p_va, int flags,
                                   char *msgbuf, size_t bufsize, cpx_cleanups *cl) {
    const char *format = *p_format;
    const char *encoding = va_arg(*p_va, const char *);
    if (encoding == NULL) encoding = "utf-8";
    int recode_all;
    if (*format == 's') recode_all = 1;
    else if (*format == 't') recode_all = 0;
    else return mismatch("(unknown parser marker combination)", arg, msgbuf, bufsize);
    char **buffer = va_arg(*p_va, char **);
    format++;
    if (buffer == NULL) return mismatch("(buffer is NULL)", arg, msgbuf, bufsize);

    PyObject *holder;                 /* owned: keeps ptr alive */
    const char *ptr;
    Py_ssize_t size;
    if (!recode_all && PyBytes_Check(arg)) {
        holder = Py_NewRef(arg);
        ptr = PyBytes_AS_STRING(arg);
        size = PyBytes_GET_SIZE(arg);
    } else if (!recode_all && PyByteArray_Check(arg)) {
        holder = Py_NewRef(arg);
        ptr = PyByteArray_AS_STRING(arg);
        size = PyByteArray_GET_SIZE(arg);
    } else if (PyUnicode_Check(arg)) {
        holder = PyUnicode_AsEncodedString(arg, encoding, NULL);
        if (holder == NULL) return mismatch("(encoding failed)", arg, msgbuf, bufsize);
        if (!PyBytes_Check(holder)) {
            PyErr_Format(PyExc_TypeError, "encoder did not return a bytes object (type=%.400s)",
                         Py_TYPE(holder)->tp_name);
            Py_DECREF(holder);
            return _cpx_args_raised;
        }
        ptr = PyBytes_AS_STRING(holder);
        size = PyBytes_GET_SIZE(holder);
    } else {
        return mismatch(recode_all ? "str" : "str, bytes or bytearray", arg, msgbuf, bufsize);
    }

    if (*format == '#') {
        if (!(flags & CPX_ARGS_SIZE_T)) {
            Py_DECREF(holder);
            return need_ssize_t();
        }
        Py_ssize_t *psize = va_arg(*p_va, Py_ssize_t *);
        format++;
        if (psize == NULL) {
            Py_DECREF(holder);
            return mismatch("(buffer_len is NULL)", arg, msgbuf, bufsize);
        }
        if (*buffer == NULL) {
            *buffer = PyMem_Malloc((size_t)size + 1);
            if (*buffer == NULL) {
                Py_DECREF(holder);
                PyErr_NoMemory();
                return _cpx_args_raised;
            }
            if (_cpx_cleanups_add(cl, buffer, release_block) < 0) {
                Py_DECREF(holder);
                return mismatch("(cleanup problem)", arg, msgbuf, bufsize);
            }
        } else if (size + 1 > *psize) {
            Py_DECREF(holder);
            PyErr_Format(PyExc_ValueError, "encoded string too long (%zd, maximum length %zd)",
                         size, *psize - 1);
            return _cpx_args_raised;
        }
        memcpy(*buffer, ptr, (size_t)size);
        (*buffer)[size] = '\0';
        *psize = size;
    } else {
        if (has_nul(ptr, size)) {
            Py_DECREF(holder);
            return mismatch("encoded string without null bytes", arg, msgbuf, bufsize);
        }
        *buffer = PyMem_Malloc((size_t)size + 1);
        if (*buffer == NULL) {
            Py_DECREF(holder);
            PyErr_NoMemory();
            return _cpx_args_raised;
        }
        if (_cpx_cleanups_add(cl, buffer, release_block) < 0) {
            Py_DECREF(holder);
            return mismatch("(cleanup problem)", arg, msgbuf, bufsize);
        }
        memcpy(*buffer, ptr, (size_t)size);
        (*buffer)[size] = '\0';
    }
    Py_DECREF(holder);
    *p_format = format;
    return NULL;
}

/* ---- the dispatcher ---- */

typedef int (*cpx_converter)(PyObject *, void *);

const char *_cpx_convert_simple(PyObject *arg, const char **p_format, va_list *p_va,
                                int flags, char *msgbuf, size_t bufsize,
                                cpx_cleanups *cl) {
    const char *format = *p_format;
    char unit = *format++;
    const char *msg;
    long lv;

    switch (unit) {
    case 'b': {
        unsigned char *p = va_arg(*p_va, unsigned char *);
        if (ranged_long(arg, 0, UCHAR_MAX, "unsigned byte integer", &lv) < 0) return _cpx_args_raised;
        *p = (unsigned char)lv;
        break;
    }
    case 'h': {
        short *p = va_arg(*p_va, short *);
        if (ranged_long(arg, SHRT_MIN, SHRT_MAX, "signed short integer", &lv) < 0) return _cpx_args_raised;
        *p = (short)lv;
        break;
    }
    case 'i': {
        int *p = va_arg(*p_va, int *);
        if (ranged_long(arg, INT_MIN, INT_MAX, "signed integer", &lv) < 0) return _cpx_args_raised;
        *p = (int)lv;
        break;
    }
    case 'B': case 'H': case 'I': {         /* bit fields: masked, any sign */
        void *p = va_arg(*p_va, void *);
        unsigned long v = PyLong_AsUnsignedLongMask(arg);
        if (v == (unsigned long)-1 && PyErr_Occurred()) return _cpx_args_raised;
        if (unit == 'B') *(unsigned char *)p = (unsigned char)v;
        else if (unit == 'H') *(unsigned short *)p = (unsigned short)v;
        else *(unsigned int *)p = (unsigned int)v;
        break;
    }
    case 'l': {
        long *p = va_arg(*p_va, long *);
        long v = PyLong_AsLong(arg);
        if (v == -1 && PyErr_Occurred()) return _cpx_args_raised;
        *p = v;
        break;
    }
    case 'k': {
        unsigned long *p = va_arg(*p_va, unsigned long *);
        if (!PyLong_Check(arg)) return mismatch("int", arg, msgbuf, bufsize);
        *p = PyLong_AsUnsignedLongMask(arg);
        break;
    }
    case 'L': {
        long long *p = va_arg(*p_va, long long *);
        long long v = PyLong_AsLongLong(arg);
        if (v == -1 && PyErr_Occurred()) return _cpx_args_raised;
        *p = v;
        break;
    }
    case 'K': {
        unsigned long long *p = va_arg(*p_va, unsigned long long *);
        if (!PyLong_Check(arg)) return mismatch("int", arg, msgbuf, bufsize);
        *p = PyLong_AsUnsignedLongLongMask(arg);
        break;
    }
    case 'n': {
        Py_ssize_t *p = va_arg(*p_va, Py_ssize_t *);
        Py_ssize_t v = -1;
        PyObject *index = PyNumber_Index(arg);
        if (index != NULL) {
            v = PyLong_AsSsize_t(index);
            Py_DECREF(index);
        }
        if (v == -1 && PyErr_Occurred()) return _cpx_args_raised;
        *p = v;
        break;
    }
    case 'f': case 'd': {
        void *p = va_arg(*p_va, void *);
        double v = PyFloat_AsDouble(arg);
        if (v == -1.0 && PyErr_Occurred()) return _cpx_args_raised;
        if (unit == 'f') *(float *)p = (float)v;
        else *(double *)p = v;
        break;
    }
    case 'D': {
        Py_complex *p = va_arg(*p_va, Py_complex *);
        Py_complex v = PyComplex_AsCComplex(arg);
        if (PyErr_Occurred()) return _cpx_args_raised;
        *p = v;
        break;
    }
    case 'c': {
        char *p = va_arg(*p_va, char *);
        if (PyBytes_Check(arg) && PyBytes_GET_SIZE(arg) == 1)
            *p = PyBytes_AS_STRING(arg)[0];
        else if (PyByteArray_Check(arg) && PyByteArray_GET_SIZE(arg) == 1)
            *p = PyByteArray_AS_STRING(arg)[0];
        else
            return mismatch("a byte string of length 1", arg, msgbuf, bufsize);
        break;
    }
    case 'C': {
        int *p = va_arg(*p_va, int *);
        if (!PyUnicode_Check(arg) || PyUnicode_GET_LENGTH(arg) != 1)
            return mismatch("a unicode character", arg, msgbuf, bufsize);
        *p = (int)PyUnicode_READ_CHAR(arg, 0);
        break;
    }
    case 'p': {
        int *p = va_arg(*p_va, int *);
        int truth = PyObject_IsTrue(arg);
        if (truth < 0) return _cpx_args_raised;
        *p = truth;
        break;
    }
    case 's': case 'z':
        msg = convert_text(unit, arg, &format, p_va, flags, msgbuf, bufsize, cl);
        if (msg != NULL) return msg;
        break;
    case 'y':
        msg = convert_bytes(arg, &format, p_va, flags, msgbuf, bufsize, cl);
        if (msg != NULL) return msg;
        break;
    case 'e':
        msg = convert_encoded(arg, &format, p_va, flags, msgbuf, bufsize, cl);
        if (msg != NULL) return msg;
        break;
    case 'u': case 'Z':
        msg = convert_wide(unit, arg, &format, p_va, flags, msgbuf, bufsize);
        if (msg != NULL) return msg;
        break;
    case 'S': case 'Y': case 'U': {
        PyObject **p = va_arg(*p_va, PyObject **);
        if (unit == 'S' ? !PyBytes_Check(arg)
            : unit == 'Y' ? !PyByteArray_Check(arg) : !PyUnicode_Check(arg))
            return mismatch(unit == 'S' ? "bytes" : unit == 'Y' ? "bytearray" : "str",
                            arg, msgbuf, bufsize);
        *p = arg;
        break;
    }
    case 'O':
        if (*format == '!') {
            PyTypeObject *type = va_arg(*p_va, PyTypeObject *);
            PyObject **p = va_arg(*p_va, PyObject **);
            format++;
            if (!PyType_IsSubtype(Py_TYPE(arg), type))
                return mismatch(type->tp_name, arg, msgbuf, bufsize);
            *p = arg;
        } else if (*format == '&') {
            cpx_converter convert = va_arg(*p_va, cpx_converter);
            void *addr = va_arg(*p_va, void *);
            format++;
            int res = convert(arg, addr);
            if (res == 0) return mismatch("(unspecified)", arg, msgbuf, bufsize);
            if (res == Py_CLEANUP_SUPPORTED && _cpx_cleanups_add(cl, addr, convert) < 0)
                return mismatch("(cleanup problem)", arg, msgbuf, bufsize);
        } else {
            PyObject **p = va_arg(*p_va, PyObject **);
            *p = arg;
        }
        break;
    case 'w': {
        Py_buffer *view = va_arg(*p_va, Py_buffer *);
        if (*format != '*') return mismatch("(invalid use of 'w' format character)", arg, msgbuf, bufsize);
        format++;
        if (PyObject_GetBuffer(arg, view, PyBUF_WRITABLE) < 0) {
            PyErr_Clear();
            return mismatch("read-write bytes-like object", arg, msgbuf, bufsize);
        }
        if (!PyBuffer_IsContiguous(view, 'C')) {
            PyBuffer_Release(view);
            return mismatch("contiguous buffer", arg, msgbuf, bufsize);
        }
        if (_cpx_cleanups_add(cl, view, release_view) < 0)
            return mismatch("(cleanup problem)", arg, msgbuf, bufsize);
        break;
    }
    default:
        return mismatch("(impossible<bad format char>)", arg, msgbuf, bufsize);
    }
    *p_format = format;
    return NULL;
}

/* ---- skipping a unit ---- */

const char *_cpx_skip_unit(const char **p_format, va_list *p_va, int flags) {
    const char *format = *p_format;
    char unit = *format++;

    switch (unit) {
    /* one output pointer */
    case 'b': case 'B': case 'h': case 'H': case 'i': case 'I':
    case 'l': case 'k': case 'L': case 'K': case 'n':
    case 'f': case 'd': case 'D': case 'c': case 'C': case 'p':
    case 'S': case 'Y': case 'U':
        if (p_va != NULL) (void)va_arg(*p_va, void *);
        break;
    case 'e':
        if (p_va != NULL) (void)va_arg(*p_va, const char *);
        if (*format != 's' && *format != 't') return "impossible<bad format char>";
        format++;
        /* then as 's' */
        /* fall through */
    case 's': case 'z': case 'y': case 'u': case 'Z': case 'w':
        if (p_va != NULL) (void)va_arg(*p_va, char **);
        if (*format == '#') {
            if (p_va != NULL) {
                if (!(flags & CPX_ARGS_SIZE_T))
                    return "PY_SSIZE_T_CLEAN macro must be defined for '#' formats";
                (void)va_arg(*p_va, Py_ssize_t *);
            }
            format++;
        } else if ((unit == 's' || unit == 'z' || unit == 'y' || unit == 'w') && *format == '*') {
            format++;
        }
        break;
    case 'O':
        if (*format == '!' || *format == '&') {
            format++;
            if (p_va != NULL) {
                (void)va_arg(*p_va, void *);
                (void)va_arg(*p_va, void *);
            }
        } else if (p_va != NULL) {
            (void)va_arg(*p_va, PyObject **);
        }
        break;
    case '(':
        while (*format != ')') {
            if (END_OF_FORMAT(*format)) return "Unmatched left paren in format string";
            const char *msg = _cpx_skip_unit(&format, p_va, flags);
            if (msg != NULL) return msg;
        }
        format++;
        break;
    case ')':
        return "Unmatched right paren in format string";
    default:
        return "impossible<bad format char>";
    }
    *p_format = format;
    return NULL;
}
