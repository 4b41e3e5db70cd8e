/* getargs_old.c: the plain (pre-PY_SSIZE_T_CLEAN) entry points PyArg_ParseTuple,
 * PyArg_ParseTupleAndKeywords, PyArg_Parse and Py_BuildValue, as binaries built without
 * PY_SSIZE_T_CLEAN call them: non-'#' units work as usual, a '#' unit raises SystemError
 * (CPython 3.11).
 *
 * Invariant: PY_SSIZE_T_CLEAN is deliberately NOT defined, so these calls bind to the
 * symbols without the _SizeT suffix (tests check the import table). Documented CPython 3.11
 * API only. Reference ownership: every function returns a new reference; arguments are
 * borrowed. */
#include <Python.h>

/* old_units(s, i, d, O): "sidO" through PyArg_ParseTuple, rebuilt with Py_BuildValue. */
static PyObject *old_units(PyObject *self, PyObject *args) {
    const char *s;
    int i;
    double d;
    PyObject *o;
    if (!PyArg_ParseTuple(args, "sidO:old_units", &s, &i, &d, &o)) return NULL;
    return Py_BuildValue("(sidO)", s, i, d, o);
}

/* old_kw(a, b=0, *, c="c"): PyArg_ParseTupleAndKeywords. */
static PyObject *old_kw(PyObject *self, PyObject *args, PyObject *kwargs) {
    static char *kwlist[] = {"a", "b", "c", NULL};
    long a, b = 0;
    const char *c = "c";
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "l|l$s:old_kw", kwlist, &a, &b, &c)) return NULL;
    return Py_BuildValue("(lls)", a, b, c);
}

/* old_buffer(b): 'y*' needs no length argument, so it works without PY_SSIZE_T_CLEAN. */
static PyObject *old_buffer(PyObject *self, PyObject *args) {
    Py_buffer v;
    if (!PyArg_ParseTuple(args, "y*", &v)) return NULL;
    PyObject *r = PyBytes_FromStringAndSize(v.buf, v.len);
    PyBuffer_Release(&v);
    return r;
}

/* old_parse(o): PyArg_Parse. */
static PyObject *old_parse(PyObject *self, PyObject *arg) {
    unsigned short h;
    if (!PyArg_Parse(arg, "H", &h)) return NULL;
    return Py_BuildValue("i", (int)h);
}

/* old_hash(s): "s#" with an int length: SystemError, the length is never written. */
static PyObject *old_hash(PyObject *self, PyObject *args) {
    const char *s = NULL;
    int n = -5;
    if (!PyArg_ParseTuple(args, "s#", &s, &n)) return NULL;
    return Py_BuildValue("i", n);
}

/* old_kw_hash(data): "y#" through PyArg_ParseTupleAndKeywords: SystemError too. */
static PyObject *old_kw_hash(PyObject *self, PyObject *args, PyObject *kwargs) {
    static char *kwlist[] = {"data", NULL};
    const char *s = NULL;
    int n = -5;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "y#", kwlist, &s, &n)) return NULL;
    return Py_BuildValue("i", n);
}

/* old_build(): Py_BuildValue without '#'. */
static PyObject *old_build(PyObject *self, PyObject *unused) {
    return Py_BuildValue("{s:i,s:(zy)}", "k", 1, "t", NULL, "by");
}

/* old_build_hash(): Py_BuildValue("s#"): SystemError. */
static PyObject *old_build_hash(PyObject *self, PyObject *unused) {
    return Py_BuildValue("s#", "abc", 2);
}

static PyMethodDef methods[] = {
    {"old_units", old_units, METH_VARARGS, NULL},
    {"old_kw", (PyCFunction)(void (*)(void))old_kw, METH_VARARGS | METH_KEYWORDS, NULL},
    {"old_buffer", old_buffer, METH_VARARGS, NULL},
    {"old_parse", old_parse, METH_O, NULL},
    {"old_hash", old_hash, METH_VARARGS, NULL},
    {"old_kw_hash", (PyCFunction)(void (*)(void))old_kw_hash, METH_VARARGS | METH_KEYWORDS, NULL},
    {"old_build", old_build, METH_NOARGS, NULL},
    {"old_build_hash", old_build_hash, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "getargs_old",
    .m_doc = "The entry points of binaries built without PY_SSIZE_T_CLEAN.",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC PyInit_getargs_old(void) {
    return PyModule_Create(&module);
}
