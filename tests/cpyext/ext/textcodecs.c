/* textcodecs.c: the codecs by name through the C API and through str/bytes methods:
 * PyUnicode_Decode / PyUnicode_AsEncodedString with CPython's encoding names and aliases
 * (the single-byte charmap tables, utf-*, latin-1...) and every error handler, the
 * unicode_escape / raw_unicode_escape functions, str.encode and bytes.decode.
 *
 * Invariant: documented CPython 3.11 API only; every function returns a new reference
 * and borrows its arguments. None for an encoding or errors argument passes NULL. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* decode(data, encoding, errors) -> PyUnicode_Decode */
static PyObject *tc_decode(PyObject *self, PyObject *args) {
    const char *data, *encoding, *errors;
    Py_ssize_t n;
    if (!PyArg_ParseTuple(args, "y#zz:decode", &data, &n, &encoding, &errors)) return NULL;
    return PyUnicode_Decode(data, n, encoding, errors);
}

/* encode(text, encoding, errors) -> PyUnicode_AsEncodedString */
static PyObject *tc_encode(PyObject *self, PyObject *args) {
    PyObject *text;
    const char *encoding, *errors;
    if (!PyArg_ParseTuple(args, "Uzz:encode", &text, &encoding, &errors)) return NULL;
    return PyUnicode_AsEncodedString(text, encoding, errors);
}

/* roundtrip(encoding): the 256 bytes decoded with 'ignore', and that text encoded back. */
static PyObject *tc_roundtrip(PyObject *self, PyObject *args) {
    const char *encoding;
    if (!PyArg_ParseTuple(args, "s:roundtrip", &encoding)) return NULL;
    char all[256];
    for (int i = 0; i < 256; i++) all[i] = (char)i;
    PyObject *text = PyUnicode_Decode(all, 256, encoding, "ignore");
    if (text == NULL) return NULL;
    PyObject *back = PyUnicode_AsEncodedString(text, encoding, "strict");
    PyObject *r = back != NULL ? PyTuple_Pack(2, text, back) : NULL;
    Py_DECREF(text);
    Py_XDECREF(back);
    return r;
}

/* escape(text, raw) -> PyUnicode_As[Raw]UnicodeEscapeString */
static PyObject *tc_escape(PyObject *self, PyObject *args) {
    PyObject *text;
    int raw;
    if (!PyArg_ParseTuple(args, "Up:escape", &text, &raw)) return NULL;
    return raw ? PyUnicode_AsRawUnicodeEscapeString(text) : PyUnicode_AsUnicodeEscapeString(text);
}

/* unescape(data, raw, errors) -> PyUnicode_Decode[Raw]UnicodeEscape, warnings turned into errors
 * by the caller's filters (none here: a DeprecationWarning is ignored or printed). */
static PyObject *tc_unescape(PyObject *self, PyObject *args) {
    const char *data, *errors;
    Py_ssize_t n;
    int raw;
    if (!PyArg_ParseTuple(args, "y#pz:unescape", &data, &n, &raw, &errors)) return NULL;
    return raw ? PyUnicode_DecodeRawUnicodeEscape(data, n, errors) : PyUnicode_DecodeUnicodeEscape(data, n, errors);
}

/* method(obj, name, *args): obj.name(*args), e.g. str.encode / bytes.decode. */
static PyObject *tc_method(PyObject *self, PyObject *args) {
    if (PyTuple_GET_SIZE(args) < 2) {
        PyErr_SetString(PyExc_TypeError, "method(obj, name, *args)");
        return NULL;
    }
    PyObject *f = PyObject_GetAttr(PyTuple_GET_ITEM(args, 0), PyTuple_GET_ITEM(args, 1));
    if (f == NULL) return NULL;
    PyObject *rest = PyTuple_GetSlice(args, 2, PyTuple_GET_SIZE(args));
    PyObject *r = rest != NULL ? PyObject_Call(f, rest, NULL) : NULL;
    Py_XDECREF(rest);
    Py_DECREF(f);
    return r;
}

static PyMethodDef textcodecs_methods[] = {
    {"decode", tc_decode, METH_VARARGS, "decode(data, encoding, errors)"},
    {"encode", tc_encode, METH_VARARGS, "encode(text, encoding, errors)"},
    {"roundtrip", tc_roundtrip, METH_VARARGS, "roundtrip(encoding) -> (text of the 256 bytes, its encoding)"},
    {"escape", tc_escape, METH_VARARGS, "escape(text, raw)"},
    {"unescape", tc_unescape, METH_VARARGS, "unescape(data, raw, errors)"},
    {"method", tc_method, METH_VARARGS, "method(obj, name, *args)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef textcodecs_module = {
    PyModuleDef_HEAD_INIT, .m_name = "textcodecs", .m_doc = "Codecs by name.", .m_size = -1, .m_methods = textcodecs_methods,
};

PyMODINIT_FUNC PyInit_textcodecs(void) { return PyModule_Create(&textcodecs_module); }
