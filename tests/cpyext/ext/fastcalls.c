/* fastcalls.c: module functions of every calling convention, with number arguments and
 * every kind of result, for the fast call tier (cpyext/fast-calls.ts, bridge_fastcall.cc):
 * whatever door a call takes, JS must see what CPython returns or raises.
 *
 *   none() true() false() nan() text() big() tup()   METH_NOARGS, one kind of result each
 *   fail()                                          METH_NOARGS raising ValueError
 *   ident(o) neg(o) kind(o)                         METH_O (kind: the argument's type name)
 *   add(a, b) add3(a, b, c)                         METH_FASTCALL (any number types)
 *   addv(a, b)                                      METH_VARARGS ("dd")
 *   scale(x, factor=2)                              METH_FASTCALL | METH_KEYWORDS
 *   count(*args)                                    METH_VARARGS | METH_KEYWORDS
 *   set_callback(f) / call_back(x)                  calls back into whatever f is (a JS
 *                                                   function from JS: the tier must step aside)
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <math.h>

static PyObject *callback = NULL;

static PyObject *none_(PyObject *m, PyObject *unused) { Py_RETURN_NONE; }
static PyObject *true_(PyObject *m, PyObject *unused) { Py_RETURN_TRUE; }
static PyObject *false_(PyObject *m, PyObject *unused) { Py_RETURN_FALSE; }
static PyObject *nan_(PyObject *m, PyObject *unused) { return PyFloat_FromDouble(NAN); }
static PyObject *text(PyObject *m, PyObject *unused) { return PyUnicode_FromString("h\xc3\xa9llo"); }
static PyObject *big(PyObject *m, PyObject *unused) { return PyLong_FromUnsignedLongLong(18446744073709551615ULL); }
static PyObject *tup(PyObject *m, PyObject *unused) { return Py_BuildValue("(id)", 1, 2.5); }

static PyObject *fail(PyObject *m, PyObject *unused) {
    PyErr_SetString(PyExc_ValueError, "fail() always fails");
    return NULL;
}

static PyObject *ident(PyObject *m, PyObject *o) { return Py_NewRef(o); }
static PyObject *neg(PyObject *m, PyObject *o) { return PyNumber_Negative(o); }
static PyObject *kind(PyObject *m, PyObject *o) { return PyUnicode_FromString(Py_TYPE(o)->tp_name); }

static PyObject *add(PyObject *m, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 2) return PyErr_Format(PyExc_TypeError, "add() takes 2 arguments (%zd given)", nargs);
    return PyNumber_Add(args[0], args[1]);
}

static PyObject *add3(PyObject *m, PyObject *const *args, Py_ssize_t nargs) {
    if (nargs != 3) return PyErr_Format(PyExc_TypeError, "add3() takes 3 arguments (%zd given)", nargs);
    PyObject *ab = PyNumber_Add(args[0], args[1]);
    if (ab == NULL) return NULL;
    PyObject *r = PyNumber_Add(ab, args[2]);
    Py_DECREF(ab);
    return r;
}

static PyObject *addv(PyObject *m, PyObject *args) {
    double a, b;
    if (!PyArg_ParseTuple(args, "dd:addv", &a, &b)) return NULL;
    return PyFloat_FromDouble(a + b);
}

static PyObject *scale(PyObject *m, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames) {
    Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    PyObject *x = nargs > 0 ? args[0] : NULL, *factor = nargs > 1 ? args[1] : NULL;
    if (nargs > 2) return PyErr_Format(PyExc_TypeError, "scale() takes at most 2 arguments (%zd given)", nargs);
    for (Py_ssize_t i = 0; i < nkw; i++) {
        PyObject *name = PyTuple_GET_ITEM(kwnames, i);
        if (PyUnicode_CompareWithASCIIString(name, "factor") != 0 || factor != NULL)
            return PyErr_Format(PyExc_TypeError, "scale() got an unexpected keyword argument '%U'", name);
        factor = args[nargs + i];
    }
    if (x == NULL) return PyErr_Format(PyExc_TypeError, "scale() missing required argument 'x'");
    if (factor != NULL) return PyNumber_Multiply(x, factor);
    PyObject *two = PyLong_FromLong(2);
    PyObject *r = two ? PyNumber_Multiply(x, two) : NULL;
    Py_XDECREF(two);
    return r;
}

static PyObject *count(PyObject *m, PyObject *args, PyObject *kwargs) {
    return PyLong_FromSsize_t(PyTuple_GET_SIZE(args) + (kwargs ? PyDict_GET_SIZE(kwargs) : 0));
}

static PyObject *set_callback(PyObject *m, PyObject *f) {
    Py_XSETREF(callback, f == Py_None ? NULL : Py_NewRef(f));
    Py_RETURN_NONE;
}

static PyObject *call_back(PyObject *m, PyObject *x) {
    if (callback == NULL) return Py_NewRef(x);
    return PyObject_CallOneArg(callback, x);
}

static PyMethodDef methods[] = {
    {"none", none_, METH_NOARGS, NULL},
    {"true", true_, METH_NOARGS, NULL},
    {"false", false_, METH_NOARGS, NULL},
    {"nan", nan_, METH_NOARGS, NULL},
    {"text", text, METH_NOARGS, NULL},
    {"big", big, METH_NOARGS, NULL},
    {"tup", tup, METH_NOARGS, NULL},
    {"fail", fail, METH_NOARGS, NULL},
    {"ident", ident, METH_O, NULL},
    {"neg", neg, METH_O, NULL},
    {"kind", kind, METH_O, NULL},
    {"add", (PyCFunction)(void (*)(void))add, METH_FASTCALL, NULL},
    {"add3", (PyCFunction)(void (*)(void))add3, METH_FASTCALL, NULL},
    {"addv", addv, METH_VARARGS, NULL},
    {"scale", (PyCFunction)(void (*)(void))scale, METH_FASTCALL | METH_KEYWORDS, NULL},
    {"count", (PyCFunction)(void (*)(void))count, METH_VARARGS | METH_KEYWORDS, NULL},
    {"set_callback", set_callback, METH_O, NULL},
    {"call_back", call_back, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {PyModuleDef_HEAD_INIT, "fastcalls", "the fast call tier's probe", -1, methods};

PyMODINIT_FUNC PyInit_fastcalls(void) { return PyModule_Create(&module); }
