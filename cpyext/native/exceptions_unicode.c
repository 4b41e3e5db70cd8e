/* exceptions_unicode.c: UnicodeEncodeError, UnicodeDecodeError,
 * UnicodeTranslateError and their C API (PyUnicode*Error_Create, _Get*, _Set*).
 *
 * Layout: PyUnicodeErrorObject. After __init__, encoding and reason are
 * str, object is str (encode, translate) or bytes (decode: any bytes-like
 * argument is copied into a bytes object), start/end are the failing range
 * [start, end). Translate errors have no encoding (NULL, read as None).
 *
 * Ownership: the instance owns encoding, object and reason. The Get*
 * functions returning objects return new references; SetReason replaces
 * the owned reason. */
#include "exceptions_internal.h"

#define UE(op) ((PyUnicodeErrorObject *)(op))

static int uerr_clear(PyObject *op) {
    PyUnicodeErrorObject *self = UE(op);
    Py_CLEAR(self->encoding);
    Py_CLEAR(self->object);
    Py_CLEAR(self->reason);
    return _cpx_exc_base_clear(op);
}

static int uerr_traverse(PyObject *op, visitproc visit, void *arg) {
    PyUnicodeErrorObject *self = UE(op);
    Py_VISIT(self->encoding);
    Py_VISIT(self->object);
    Py_VISIT(self->reason);
    return _cpx_exc_base_traverse(op, visit, arg);
}

CPX_EXC_DEALLOC(uerr_dealloc, uerr_clear)

/* Takes new references to the three objects and stores the fields. */
static void uerr_store(PyObject *op, PyObject *encoding, PyObject *object, Py_ssize_t start, Py_ssize_t end,
                       PyObject *reason) {
    PyUnicodeErrorObject *self = UE(op);
    Py_XSETREF(self->encoding, Py_XNewRef(encoding));
    Py_XSETREF(self->object, Py_NewRef(object));
    Py_XSETREF(self->reason, Py_NewRef(reason));
    self->start = start;
    self->end = end;
}

static int encode_init(PyObject *op, PyObject *args, PyObject *kwds) {
    PyObject *encoding, *object, *reason;
    Py_ssize_t start, end;
    if (_cpx_exc_base_init(op, args, kwds) < 0) return -1;
    if (!PyArg_ParseTuple(args, "UUnnU", &encoding, &object, &start, &end, &reason)) return -1;
    uerr_store(op, encoding, object, start, end, reason);
    return 0;
}

static int decode_init(PyObject *op, PyObject *args, PyObject *kwds) {
    PyObject *encoding, *object, *reason;
    Py_ssize_t start, end;
    if (_cpx_exc_base_init(op, args, kwds) < 0) return -1;
    if (!PyArg_ParseTuple(args, "UOnnU", &encoding, &object, &start, &end, &reason)) return -1;
    if (PyBytes_Check(object)) {
        Py_INCREF(object);
    } else {
        Py_buffer view;
        if (PyObject_GetBuffer(object, &view, PyBUF_SIMPLE) < 0) return -1;
        object = PyBytes_FromStringAndSize(view.buf, view.len);
        PyBuffer_Release(&view);
        if (object == NULL) return -1;
    }
    uerr_store(op, encoding, object, start, end, reason);
    Py_DECREF(object);
    return 0;
}

static int translate_init(PyObject *op, PyObject *args, PyObject *kwds) {
    PyObject *object, *reason;
    Py_ssize_t start, end;
    if (_cpx_exc_base_init(op, args, kwds) < 0) return -1;
    if (!PyArg_ParseTuple(args, "UnnU", &object, &start, &end, &reason)) return -1;
    uerr_store(op, NULL, object, start, end, reason);
    return 0;
}

/* "\xNN", "\uNNNN" or "\UNNNNNNNN" for a code point, into buf (>= 11). */
static void escape_char(char *buf, size_t size, Py_UCS4 ch) {
    if (ch <= 0xff) snprintf(buf, size, "\\x%02x", (unsigned)ch);
    else if (ch <= 0xffff) snprintf(buf, size, "\\u%04x", (unsigned)ch);
    else snprintf(buf, size, "\\U%08x", (unsigned)ch);
}

/* The message of an encode (encoding != NULL) or translate error. */
static PyObject *text_error_str(PyObject *op, int translate) {
    PyUnicodeErrorObject *self = UE(op);
    if (self->object == NULL) return PyUnicode_FromString(""); /* never initialised */
    PyObject *reason = PyObject_Str(self->reason != NULL ? self->reason : Py_None);
    PyObject *encoding = translate ? NULL : PyObject_Str(self->encoding != NULL ? self->encoding : Py_None);
    PyObject *res = NULL;
    if (reason == NULL || (!translate && encoding == NULL)) goto done;
    if (PyUnicode_Check(self->object) && self->start < PyUnicode_GET_LENGTH(self->object) &&
        self->start >= 0 && self->end == self->start + 1) {
        char esc[16];
        escape_char(esc, sizeof esc, PyUnicode_ReadChar(self->object, self->start));
        if (translate)
            res = PyUnicode_FromFormat("can't translate character '%s' in position %zd: %U", esc, self->start,
                                       reason);
        else
            res = PyUnicode_FromFormat("'%U' codec can't encode character '%s' in position %zd: %U", encoding,
                                       esc, self->start, reason);
    } else if (translate) {
        res = PyUnicode_FromFormat("can't translate characters in position %zd-%zd: %U", self->start,
                                   self->end - 1, reason);
    } else {
        res = PyUnicode_FromFormat("'%U' codec can't encode characters in position %zd-%zd: %U", encoding,
                                   self->start, self->end - 1, reason);
    }
done:
    Py_XDECREF(reason);
    Py_XDECREF(encoding);
    return res;
}

static PyObject *encode_str(PyObject *op) { return text_error_str(op, 0); }
static PyObject *translate_str(PyObject *op) { return text_error_str(op, 1); }

static PyObject *decode_str(PyObject *op) {
    PyUnicodeErrorObject *self = UE(op);
    if (self->object == NULL) return PyUnicode_FromString("");
    PyObject *reason = PyObject_Str(self->reason != NULL ? self->reason : Py_None);
    PyObject *encoding = PyObject_Str(self->encoding != NULL ? self->encoding : Py_None);
    PyObject *res = NULL;
    if (reason == NULL || encoding == NULL) goto done;
    if (PyBytes_Check(self->object) && self->start >= 0 && self->start < PyBytes_GET_SIZE(self->object) &&
        self->end == self->start + 1) {
        char hex[8];
        snprintf(hex, sizeof hex, "0x%02x", (unsigned)(unsigned char)PyBytes_AS_STRING(self->object)[self->start]);
        res = PyUnicode_FromFormat("'%U' codec can't decode byte %s in position %zd: %U", encoding, hex,
                                   self->start, reason);
    } else {
        res = PyUnicode_FromFormat("'%U' codec can't decode bytes in position %zd-%zd: %U", encoding,
                                   self->start, self->end - 1, reason);
    }
done:
    Py_XDECREF(reason);
    Py_XDECREF(encoding);
    return res;
}

static PyMemberDef uerr_members[] = {
    {"encoding", T_OBJECT, offsetof(PyUnicodeErrorObject, encoding), 0, "exception encoding"},
    {"object", T_OBJECT, offsetof(PyUnicodeErrorObject, object), 0, "exception object"},
    {"start", T_PYSSIZET, offsetof(PyUnicodeErrorObject, start), 0, "exception start"},
    {"end", T_PYSSIZET, offsetof(PyUnicodeErrorObject, end), 0, "exception end"},
    {"reason", T_OBJECT, offsetof(PyUnicodeErrorObject, reason), 0, "exception reason"},
    {NULL, 0, 0, 0, NULL},
};

#define UNICODE_EXC(NAME, INIT, STR, DOC) \
    PyTypeObject _cpx_exc_##NAME = { \
        CPX_EXC_HEAD(#NAME, PyUnicodeErrorObject, &_cpx_exc_UnicodeError, DOC), \
        .tp_dealloc = uerr_dealloc, \
        .tp_traverse = uerr_traverse, \
        .tp_clear = uerr_clear, \
        .tp_new = _cpx_exc_base_new, \
        .tp_init = INIT, \
        .tp_repr = _cpx_exc_base_repr, \
        .tp_str = STR, \
        .tp_members = uerr_members, \
    }; \
    PyObject *PyExc_##NAME = (PyObject *)&_cpx_exc_##NAME;

UNICODE_EXC(UnicodeEncodeError, encode_init, encode_str, "Unicode encoding error.")
UNICODE_EXC(UnicodeDecodeError, decode_init, decode_str, "Unicode decoding error.")
UNICODE_EXC(UnicodeTranslateError, translate_init, translate_str, "Unicode translation error.")

/* ---------------- C API ---------------- */

/* The field as a new reference, checked to be str (want_bytes 0) or
 * bytes (1); TypeError otherwise. */
static PyObject *field(PyObject *value, const char *name, int want_bytes) {
    if (value == NULL) {
        PyErr_Format(PyExc_TypeError, "%s attribute not set", name);
        return NULL;
    }
    if (want_bytes ? !PyBytes_Check(value) : !PyUnicode_Check(value)) {
        PyErr_Format(PyExc_TypeError, "%s attribute must be %s", name, want_bytes ? "bytes" : "unicode");
        return NULL;
    }
    return Py_NewRef(value);
}

static Py_ssize_t object_length(PyObject *exc, int bytes) {
    PyObject *obj = field(UE(exc)->object, "object", bytes);
    if (obj == NULL) return -1;
    Py_ssize_t n = bytes ? PyBytes_GET_SIZE(obj) : PyUnicode_GET_LENGTH(obj);
    Py_DECREF(obj);
    return n;
}

static int get_start(PyObject *exc, Py_ssize_t *start, int bytes) {
    Py_ssize_t size = object_length(exc, bytes);
    if (size < 0) return -1;
    Py_ssize_t s = UE(exc)->start;
    if (s < 0) s = 0;
    if (s >= size) s = size - 1;
    *start = s;
    return 0;
}

static int get_end(PyObject *exc, Py_ssize_t *end, int bytes) {
    Py_ssize_t size = object_length(exc, bytes);
    if (size < 0) return -1;
    Py_ssize_t e = UE(exc)->end;
    if (e < 1) e = 1;
    if (e > size) e = size;
    *end = e;
    return 0;
}

static int set_reason(PyObject *exc, const char *reason) {
    PyObject *r = PyUnicode_FromString(reason);
    if (r == NULL) return -1;
    Py_XSETREF(UE(exc)->reason, r);
    return 0;
}

PyObject *PyUnicodeDecodeError_Create(const char *encoding, const char *object, Py_ssize_t length,
                                      Py_ssize_t start, Py_ssize_t end, const char *reason) {
    PyObject *args = Py_BuildValue("(sy#nns)", encoding, object, length, start, end, reason);
    if (args == NULL) return NULL;
    PyObject *res = PyObject_Call(PyExc_UnicodeDecodeError, args, NULL);
    Py_DECREF(args);
    return res;
}

PyObject *PyUnicodeDecodeError_GetEncoding(PyObject *exc) { return field(UE(exc)->encoding, "encoding", 0); }
PyObject *PyUnicodeDecodeError_GetObject(PyObject *exc) { return field(UE(exc)->object, "object", 1); }
int PyUnicodeDecodeError_GetStart(PyObject *exc, Py_ssize_t *start) { return get_start(exc, start, 1); }
int PyUnicodeDecodeError_GetEnd(PyObject *exc, Py_ssize_t *end) { return get_end(exc, end, 1); }
PyObject *PyUnicodeDecodeError_GetReason(PyObject *exc) { return field(UE(exc)->reason, "reason", 0); }
int PyUnicodeDecodeError_SetStart(PyObject *exc, Py_ssize_t start) { UE(exc)->start = start; return 0; }
int PyUnicodeDecodeError_SetEnd(PyObject *exc, Py_ssize_t end) { UE(exc)->end = end; return 0; }
int PyUnicodeDecodeError_SetReason(PyObject *exc, const char *reason) { return set_reason(exc, reason); }

PyObject *PyUnicodeEncodeError_GetEncoding(PyObject *exc) { return field(UE(exc)->encoding, "encoding", 0); }
PyObject *PyUnicodeEncodeError_GetObject(PyObject *exc) { return field(UE(exc)->object, "object", 0); }
int PyUnicodeEncodeError_GetStart(PyObject *exc, Py_ssize_t *start) { return get_start(exc, start, 0); }
int PyUnicodeEncodeError_GetEnd(PyObject *exc, Py_ssize_t *end) { return get_end(exc, end, 0); }
PyObject *PyUnicodeEncodeError_GetReason(PyObject *exc) { return field(UE(exc)->reason, "reason", 0); }
int PyUnicodeEncodeError_SetStart(PyObject *exc, Py_ssize_t start) { UE(exc)->start = start; return 0; }
int PyUnicodeEncodeError_SetEnd(PyObject *exc, Py_ssize_t end) { UE(exc)->end = end; return 0; }
int PyUnicodeEncodeError_SetReason(PyObject *exc, const char *reason) { return set_reason(exc, reason); }

PyObject *PyUnicodeTranslateError_GetObject(PyObject *exc) { return field(UE(exc)->object, "object", 0); }
int PyUnicodeTranslateError_GetStart(PyObject *exc, Py_ssize_t *start) { return get_start(exc, start, 0); }
int PyUnicodeTranslateError_GetEnd(PyObject *exc, Py_ssize_t *end) { return get_end(exc, end, 0); }
PyObject *PyUnicodeTranslateError_GetReason(PyObject *exc) { return field(UE(exc)->reason, "reason", 0); }
int PyUnicodeTranslateError_SetStart(PyObject *exc, Py_ssize_t start) { UE(exc)->start = start; return 0; }
int PyUnicodeTranslateError_SetEnd(PyObject *exc, Py_ssize_t end) { UE(exc)->end = end; return 0; }
int PyUnicodeTranslateError_SetReason(PyObject *exc, const char *reason) { return set_reason(exc, reason); }
