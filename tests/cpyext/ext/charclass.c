/* charclass.c: pyctype.h's character-class macros (Py_ISLOWER ... Py_TOUPPER) seen
 * through an extension. Built against CPython's headers the macros read the exported
 * tables _Py_ctype_table / _Py_ctype_tolower / _Py_ctype_toupper, so this module imports
 * them from the shim; built against cbridge's headers it checks our pyctype.h.
 *
 * Invariant: documented CPython 3.11 API only; every function returns a new reference. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* The nine macros applied to one int: classes as 0/1, case maps as ints. */
static PyObject *classes_of(long c) {
    return Py_BuildValue("(iiiiiiiii)", !!Py_ISLOWER(c), !!Py_ISUPPER(c), !!Py_ISALPHA(c), !!Py_ISDIGIT(c),
                         !!Py_ISXDIGIT(c), !!Py_ISALNUM(c), !!Py_ISSPACE(c), (int)Py_TOLOWER(c), (int)Py_TOUPPER(c));
}

/* classify(ints): [classes_of(c) for c in ints] (ints beyond a byte are masked, as in CPython). */
static PyObject *cc_classify(PyObject *self, PyObject *ints) {
    PyObject *seq = PySequence_Fast(ints, "classify() needs a sequence of ints");
    if (seq == NULL) return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(seq);
    PyObject *out = PyList_New(n);
    for (Py_ssize_t i = 0; out != NULL && i < n; i++) {
        long c = PyLong_AsLong(PySequence_Fast_GET_ITEM(seq, i));
        PyObject *row = (c == -1 && PyErr_Occurred()) ? NULL : classes_of(c);
        if (row == NULL) Py_CLEAR(out);
        else PyList_SET_ITEM(out, i, row);
    }
    Py_DECREF(seq);
    return out;
}

/* flag_bits(): the PY_CTF_* constants, to pin their values. */
static PyObject *cc_flag_bits(PyObject *self, PyObject *unused) {
    return Py_BuildValue("(iiiiiii)", PY_CTF_LOWER, PY_CTF_UPPER, PY_CTF_ALPHA, PY_CTF_DIGIT, PY_CTF_ALNUM, PY_CTF_SPACE,
                         PY_CTF_XDIGIT);
}

static PyMethodDef charclass_methods[] = {
    {"classify", cc_classify, METH_O, "classify(ints) -> [(islower, isupper, isalpha, isdigit, isxdigit, isalnum, isspace, tolower, toupper)]"},
    {"flag_bits", cc_flag_bits, METH_NOARGS, "flag_bits() -> the PY_CTF_* values"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef charclass_module = {
    PyModuleDef_HEAD_INIT, .m_name = "charclass", .m_doc = "pyctype.h macros.", .m_size = -1, .m_methods = charclass_methods,
};

PyMODINIT_FUNC PyInit_charclass(void) { return PyModule_Create(&charclass_module); }
