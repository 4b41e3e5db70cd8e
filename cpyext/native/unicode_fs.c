/* unicode_fs.c: the file system and locale encodings and the path
 * converters (PyUnicode_DecodeFSDefault*, PyUnicode_EncodeFSDefault,
 * PyUnicode_DecodeLocale*, PyUnicode_EncodeLocale, PyUnicode_FSConverter,
 * PyUnicode_FSDecoder).
 *
 * Invariant: both encodings are UTF-8 with surrogateescape (what CPython's
 * UTF-8 mode assumes), so any bytes round-trip through str; the converters
 * refuse embedded NULs with CPython's ValueError messages and support the
 * cleanup call (arg NULL) that PyArg_Parse* makes on failure. */
#include "unicode_internal.h"

/* ---- the file system encoding: UTF-8 with surrogateescape ---- */

PyObject *PyUnicode_DecodeFSDefaultAndSize(const char *s, Py_ssize_t size)
{
    return _cpx_utf8_decode(s, size, "surrogateescape", NULL, C_UTF8);
}

PyObject *PyUnicode_DecodeFSDefault(const char *s)
{
    return PyUnicode_DecodeFSDefaultAndSize(s, (Py_ssize_t)strlen(s));
}

PyObject *PyUnicode_EncodeFSDefault(PyObject *s)
{
    if (s == NULL || !PyUnicode_Check(s)) {
        PyErr_BadArgument();
        return NULL;
    }
    return _cpx_utf8_encode_as(s, "surrogateescape", C_UTF8);
}

/* The locale is taken to be UTF-8 (what Python's UTF-8 mode assumes). */
PyObject *PyUnicode_DecodeLocaleAndSize(const char *s, Py_ssize_t len, const char *errors)
{
    if (errors != NULL && strcmp(errors, "strict") != 0 && strcmp(errors, "surrogateescape") != 0) {
        PyErr_Format(PyExc_ValueError, "unsupported error handler");
        return NULL;
    }
    return _cpx_utf8_decode(s, len, errors, NULL, C_UTF8);
}

PyObject *PyUnicode_DecodeLocale(const char *s, const char *errors)
{
    return PyUnicode_DecodeLocaleAndSize(s, (Py_ssize_t)strlen(s), errors);
}

PyObject *PyUnicode_EncodeLocale(PyObject *s, const char *errors)
{
    if (s == NULL || !PyUnicode_Check(s)) {
        PyErr_BadArgument();
        return NULL;
    }
    return _cpx_utf8_encode_as(s, errors, C_UTF8);
}

#define CPX_CLEANUP_SUPPORTED 0x20000

int PyUnicode_FSConverter(PyObject *arg, void *addr)
{
    if (arg == NULL) {
        Py_DECREF(*(PyObject **)addr);
        *(PyObject **)addr = NULL;
        return 1;
    }
    PyObject *path = PyOS_FSPath(arg);
    if (path == NULL)
        return 0;
    PyObject *output;
    if (PyBytes_Check(path)) {
        output = path;
    }
    else {
        output = PyUnicode_EncodeFSDefault(path);
        Py_DECREF(path);
        if (output == NULL)
            return 0;
    }
    Py_ssize_t size = PyBytes_GET_SIZE(output);
    if ((size_t)size != strlen(PyBytes_AS_STRING(output))) {
        PyErr_SetString(PyExc_ValueError, "embedded null byte");
        Py_DECREF(output);
        return 0;
    }
    *(PyObject **)addr = output;
    return CPX_CLEANUP_SUPPORTED;
}

int PyUnicode_FSDecoder(PyObject *arg, void *addr)
{
    if (arg == NULL) {
        Py_DECREF(*(PyObject **)addr);
        *(PyObject **)addr = NULL;
        return 1;
    }
    PyObject *path = PyOS_FSPath(arg);
    if (path == NULL)
        return 0;
    PyObject *output;
    if (PyUnicode_Check(path)) {
        output = path;
    }
    else {
        output = PyUnicode_DecodeFSDefaultAndSize(PyBytes_AS_STRING(path), PyBytes_GET_SIZE(path));
        Py_DECREF(path);
        if (output == NULL)
            return 0;
    }
    if (PyUnicode_FindChar(output, 0, 0, PyUnicode_GET_LENGTH(output), 1) != -1) {
        PyErr_SetString(PyExc_ValueError, "embedded null character");
        Py_DECREF(output);
        return 0;
    }
    *(PyObject **)addr = output;
    return CPX_CLEANUP_SUPPORTED;
}
