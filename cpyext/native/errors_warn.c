/* errors_warn.c: the warnings C API (PyErr_WarnEx and friends) without a
 * warnings module.
 *
 * Behaviour: CPython 3.11's default filters, reduced to what applies when
 * no Python code is running: DeprecationWarning, PendingDeprecationWarning,
 * ImportWarning and ResourceWarning (and their subclasses) are ignored;
 * any other warning is written to stderr as "Category: message" (prefixed
 * with "file:line: " when the caller names a location) the first time
 * that category/location/message combination is seen, and never again.
 *
 * Invariant: warning never fails and never disturbs the caller's error
 * indicator: every function saves it on entry, restores it on exit, and
 * returns 0. The record of shown warnings is a process-wide list of
 * malloc'd keys, only touched with the GIL held, never freed. */
#include "internal.h"

typedef struct shown_warning {
    struct shown_warning *next;
    char key[];
} shown_warning;

static shown_warning *shown;

/* 1 the first time `key` is seen (and remembers it), 0 afterwards. */
static int first_time(const char *key) {
    for (shown_warning *w = shown; w != NULL; w = w->next)
        if (strcmp(w->key, key) == 0) return 0;
    size_t n = strlen(key) + 1;
    shown_warning *w = malloc(sizeof(shown_warning) + n);
    if (w != NULL) {
        memcpy(w->key, key, n);
        w->next = shown;
        shown = w;
    }
    return 1;
}

static int ignored_by_default(PyTypeObject *category) {
    return PyType_IsSubtype(category, (PyTypeObject *)PyExc_DeprecationWarning) ||
           PyType_IsSubtype(category, (PyTypeObject *)PyExc_PendingDeprecationWarning) ||
           PyType_IsSubtype(category, (PyTypeObject *)PyExc_ImportWarning) ||
           PyType_IsSubtype(category, (PyTypeObject *)PyExc_ResourceWarning);
}

/* Shows (category, message) once. message is a str or a Warning instance
 * (whose class then is the category); location is "file:line: " or "".
 * Runs with no error set and leaves none. */
static void show(PyObject *category, PyObject *message, const char *location) {
    if (message == NULL) {
        PyErr_Clear();
        return;
    }
    if (PyObject_TypeCheck(message, (PyTypeObject *)PyExc_Warning)) category = (PyObject *)Py_TYPE(message);
    if (category == NULL || !PyType_Check(category) ||
        !PyType_IsSubtype((PyTypeObject *)category, (PyTypeObject *)PyExc_Warning))
        category = PyExc_UserWarning;
    if (ignored_by_default((PyTypeObject *)category)) return;
    PyObject *text = PyObject_Str(message);
    const char *utf8 = text != NULL ? PyUnicode_AsUTF8(text) : NULL;
    if (utf8 == NULL) {
        Py_XDECREF(text);
        PyErr_Clear();
        return;
    }
    const char *name = _PyType_Name((PyTypeObject *)category);
    size_t keylen = strlen(location) + strlen(name) + strlen(utf8) + 8;
    char *key = malloc(keylen);
    if (key != NULL) {
        snprintf(key, keylen, "%s%s: %s\n", location, name, utf8);
        if (first_time(key)) {
            fputs(key, stderr);
            fflush(stderr);
        }
        free(key);
    }
    Py_DECREF(text);
}

/* Runs show() between saving and restoring the caller's error state.
 * Steals `message` (which may be NULL after a failed construction). */
static int warn(PyObject *category, PyObject *message, const char *location, PyObject *saved[3]) {
    show(category, message, location);
    Py_XDECREF(message);
    PyErr_Restore(saved[0], saved[1], saved[2]);
    return 0;
}

#define SAVE_ERROR(saved) PyErr_Fetch(&(saved)[0], &(saved)[1], &(saved)[2])

int PyErr_WarnEx(PyObject *category, const char *text, Py_ssize_t stack_level) {
    PyObject *saved[3];
    SAVE_ERROR(saved);
    return warn(category != NULL ? category : PyExc_RuntimeWarning, PyUnicode_FromString(text), "", saved);
}

int PyErr_WarnFormat(PyObject *category, Py_ssize_t stack_level, const char *format, ...) {
    PyObject *saved[3];
    SAVE_ERROR(saved);
    va_list va;
    va_start(va, format);
    PyObject *message = PyUnicode_FromFormatV(format, va);
    va_end(va);
    return warn(category != NULL ? category : PyExc_RuntimeWarning, message, "", saved);
}

int PyErr_ResourceWarning(PyObject *source, Py_ssize_t stack_level, const char *format, ...) {
    PyObject *saved[3];
    SAVE_ERROR(saved);
    va_list va;
    va_start(va, format);
    PyObject *message = PyUnicode_FromFormatV(format, va);
    va_end(va);
    return warn(PyExc_ResourceWarning, message, "", saved);
}

/* "file:line: " into buf, or "" without a file name. */
static const char *location_of(char *buf, size_t size, const char *filename, int lineno) {
    if (filename == NULL) return "";
    snprintf(buf, size, "%s:%d: ", filename, lineno);
    return buf;
}

int PyErr_WarnExplicitObject(PyObject *category, PyObject *message, PyObject *filename, int lineno,
                             PyObject *module, PyObject *registry) {
    PyObject *saved[3];
    SAVE_ERROR(saved);
    char where[512];
    const char *fname = filename != NULL && PyUnicode_Check(filename) ? PyUnicode_AsUTF8(filename) : NULL;
    if (fname == NULL) PyErr_Clear();
    return warn(category, Py_XNewRef(message), location_of(where, sizeof where, fname, lineno), saved);
}

int PyErr_WarnExplicit(PyObject *category, const char *text, const char *filename, int lineno,
                       const char *module, PyObject *registry) {
    PyObject *saved[3];
    SAVE_ERROR(saved);
    char where[512];
    return warn(category, PyUnicode_FromString(text), location_of(where, sizeof where, filename, lineno), saved);
}

int PyErr_WarnExplicitFormat(PyObject *category, const char *filename, int lineno, const char *module,
                             PyObject *registry, const char *format, ...) {
    PyObject *saved[3];
    SAVE_ERROR(saved);
    va_list va;
    va_start(va, format);
    PyObject *message = PyUnicode_FromFormatV(format, va);
    va_end(va);
    char where[512];
    return warn(category, message, location_of(where, sizeof where, filename, lineno), saved);
}
