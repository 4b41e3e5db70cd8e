/* unicode_translate.c: str.translate(table), PyUnicode_Translate and the static method
 * str.maketrans(x[, y[, z]]) that builds such tables.
 *
 * A table is anything indexable by an int (a code point): table[ord(c)] gives an int (the
 * replacement code point), a str (the replacement text) or None (delete c); a LookupError
 * leaves c unchanged. maketrans always returns a new dict keyed by ints.
 *
 * Invariants: the input string and the table are borrowed; each looked-up value is a new
 * reference dropped before the next character; output goes to a _cpx_uwriter owned by the
 * call. */
#include "unicode_internal.h"

/* Append what table maps ch to (or ch itself when the table has no entry). */
static int translate_char(_cpx_uwriter *w, PyObject *table, Py_UCS4 ch)
{
    PyObject *key = PyLong_FromLong((long)ch);
    if (key == NULL)
        return -1;
    PyObject *value = PyObject_GetItem(table, key);
    Py_DECREF(key);
    if (value == NULL) {
        if (!PyErr_ExceptionMatches(PyExc_LookupError))
            return -1;
        PyErr_Clear();
        return _cpx_uw_char(w, ch);
    }
    int r = 0;
    if (value == Py_None) {
        /* deleted */
    }
    else if (PyLong_Check(value)) {
        long code = PyLong_AsLong(value);
        if (code == -1 && PyErr_Occurred())
            r = -1;
        else if (code < 0 || code > CPX_MAX_UNICODE) {
            PyErr_SetString(PyExc_ValueError, "character mapping must be in range(0x110000)");
            r = -1;
        }
        else
            r = _cpx_uw_char(w, (Py_UCS4)code);
    }
    else if (PyUnicode_Check(value))
        r = _cpx_uw_str(w, value);
    else {
        PyErr_SetString(PyExc_TypeError, "character mapping must return integer, None or str");
        r = -1;
    }
    Py_DECREF(value);
    return r;
}

static PyObject *translate(PyObject *s, PyObject *table)
{
    _cpx_uwriter w;
    _cpx_uw_init(&w);
    Py_ssize_t n = PyUnicode_GET_LENGTH(s);
    for (Py_ssize_t i = 0; i < n; i++) {
        if (translate_char(&w, table, PyUnicode_READ_CHAR(s, i)) < 0) {
            _cpx_uw_discard(&w);
            return NULL;
        }
    }
    return _cpx_uw_finish(&w);
}

/* PyUnicode_Translate: like str.translate; `errors` is accepted and, as in CPython 3.11,
 * not consulted (a table can only fail by raising). */
PyObject *PyUnicode_Translate(PyObject *str, PyObject *table, const char *errors)
{
    (void)errors;
    if (!PyUnicode_Check(str)) {
        PyErr_BadArgument();
        return NULL;
    }
    return translate(str, table);
}

PyObject *_cpx_unicode_translate(PyObject *self, PyObject *table)
{
    return translate(self, table);
}

/* maketrans(dict): the same mapping with one-character str keys replaced by their ordinals. */
static PyObject *table_from_dict(PyObject *x)
{
    if (!PyDict_Check(x)) {
        PyErr_SetString(PyExc_TypeError, "if you give only one argument to maketrans it must be a dict");
        return NULL;
    }
    PyObject *table = PyDict_New();
    PyObject *key, *value;
    Py_ssize_t pos = 0;
    while (table != NULL && PyDict_Next(x, &pos, &key, &value)) {
        PyObject *code;
        if (PyUnicode_Check(key)) {
            if (PyUnicode_GET_LENGTH(key) != 1) {
                PyErr_SetString(PyExc_ValueError, "string keys in translate table must be of length 1");
                goto fail;
            }
            code = PyLong_FromLong((long)PyUnicode_READ_CHAR(key, 0));
        }
        else if (PyLong_Check(key))
            code = Py_NewRef(key);
        else {
            PyErr_SetString(PyExc_TypeError, "keys in translate table must be strings or integers");
            goto fail;
        }
        int r = code != NULL ? PyDict_SetItem(table, code, value) : -1;
        Py_XDECREF(code);
        if (r < 0)
            goto fail;
    }
    return table;
fail:
    Py_DECREF(table);
    return NULL;
}

/* Map ord(c) to `value` (borrowed; NULL: to the code point at the same index of `to`). */
static int map_chars(PyObject *table, PyObject *from, PyObject *to, PyObject *value)
{
    Py_ssize_t n = PyUnicode_GET_LENGTH(from);
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *key = PyLong_FromLong((long)PyUnicode_READ_CHAR(from, i));
        PyObject *mapped = value != NULL ? Py_NewRef(value) : PyLong_FromLong((long)PyUnicode_READ_CHAR(to, i));
        int r = key != NULL && mapped != NULL ? PyDict_SetItem(table, key, mapped) : -1;
        Py_XDECREF(key);
        Py_XDECREF(mapped);
        if (r < 0)
            return -1;
    }
    return 0;
}

PyObject *_cpx_unicode_maketrans(PyObject *unused, PyObject *const *args, Py_ssize_t nargs)
{
    if (nargs < 1 || nargs > 3) {
        PyErr_Format(PyExc_TypeError, "maketrans expected %s %d argument%s, got %zd",
                     nargs < 1 ? "at least" : "at most", nargs < 1 ? 1 : 3, nargs < 1 ? "" : "s", nargs);
        return NULL;
    }
    for (Py_ssize_t i = 1; i < nargs; i++) {
        if (!PyUnicode_Check(args[i])) {
            PyErr_Format(PyExc_TypeError, "maketrans() argument %zd must be str, not %.100s", i + 1,
                         _cpx_type_name(args[i]));
            return NULL;
        }
    }
    if (nargs == 1)
        return table_from_dict(args[0]);
    if (!PyUnicode_Check(args[0])) {
        PyErr_SetString(PyExc_TypeError, "first maketrans argument must be a string if there is a second argument");
        return NULL;
    }
    if (PyUnicode_GET_LENGTH(args[0]) != PyUnicode_GET_LENGTH(args[1])) {
        PyErr_SetString(PyExc_ValueError, "the first two maketrans arguments must have equal length");
        return NULL;
    }
    PyObject *table = PyDict_New();
    if (table == NULL || map_chars(table, args[0], args[1], NULL) < 0 ||
        (nargs == 3 && map_chars(table, args[2], NULL, Py_None) < 0)) {
        Py_XDECREF(table);
        return NULL;
    }
    return table;
}
