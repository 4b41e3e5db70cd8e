/* pycalls.c: Python-level behaviour of the builtins (sys, float, bytes, str, format, range)
 * reached from C the way extensions reach it: PyImport_ImportModule + attribute lookups +
 * PyObject_Call, and the abstract protocol (PyNumber_Remainder, PyObject_Format,
 * PyObject_Length, PyObject_GetItem, iteration).
 *
 * Invariant: documented CPython 3.11 API only; every function returns a new reference and
 * borrows its arguments. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

/* The object named by "module:attr.attr..." (new reference). */
static PyObject *resolve(const char *path) {
    const char *colon = strchr(path, ':');
    if (colon == NULL) {
        PyErr_SetString(PyExc_ValueError, "path must be module:attr");
        return NULL;
    }
    PyObject *modname = PyUnicode_FromStringAndSize(path, colon - path);
    if (modname == NULL) return NULL;
    PyObject *obj = PyImport_Import(modname);
    Py_DECREF(modname);
    for (const char *p = colon + 1; obj != NULL && *p;) {
        const char *dot = strchr(p, '.');
        size_t n = dot != NULL ? (size_t)(dot - p) : strlen(p);
        PyObject *name = PyUnicode_FromStringAndSize(p, (Py_ssize_t)n);
        PyObject *next = name != NULL ? PyObject_GetAttr(obj, name) : NULL;
        Py_XDECREF(name);
        Py_DECREF(obj);
        obj = next;
        p += n + (dot != NULL);
    }
    return obj;
}

/* call(path, *args, **kwargs): resolve(path)(*args, **kwargs). */
static PyObject *pc_call(PyObject *self, PyObject *args, PyObject *kwargs) {
    if (PyTuple_GET_SIZE(args) < 1 || !PyUnicode_Check(PyTuple_GET_ITEM(args, 0))) {
        PyErr_SetString(PyExc_TypeError, "call(path, *args, **kwargs) needs a str path");
        return NULL;
    }
    PyObject *target = resolve(PyUnicode_AsUTF8(PyTuple_GET_ITEM(args, 0)));
    if (target == NULL) return NULL;
    PyObject *rest = PyTuple_GetSlice(args, 1, PyTuple_GET_SIZE(args));
    PyObject *r = rest != NULL ? PyObject_Call(target, rest, kwargs) : NULL;
    Py_XDECREF(rest);
    Py_DECREF(target);
    return r;
}

/* apply_to_power(path, base, exp, *args): resolve(path)(base ** exp, *args) -- an int too
 * long for the recorder to write (beyond sys.get_int_max_str_digits) made on the C side. */
static PyObject *pc_apply_to_power(PyObject *self, PyObject *args) {
    Py_ssize_t n = PyTuple_GET_SIZE(args);
    if (n < 3 || !PyUnicode_Check(PyTuple_GET_ITEM(args, 0))) {
        PyErr_SetString(PyExc_TypeError, "apply_to_power(path, base, exp, *args) needs a str path");
        return NULL;
    }
    PyObject *target = resolve(PyUnicode_AsUTF8(PyTuple_GET_ITEM(args, 0)));
    if (target == NULL) return NULL;
    PyObject *value = PyNumber_Power(PyTuple_GET_ITEM(args, 1), PyTuple_GET_ITEM(args, 2), Py_None);
    PyObject *call_args = value != NULL ? PyTuple_New(n - 2) : NULL;
    PyObject *r = NULL;
    if (call_args != NULL) {
        PyTuple_SET_ITEM(call_args, 0, Py_NewRef(value));
        for (Py_ssize_t i = 3; i < n; i++) PyTuple_SET_ITEM(call_args, i - 2, Py_NewRef(PyTuple_GET_ITEM(args, i)));
        r = PyObject_Call(target, call_args, NULL);
        Py_DECREF(call_args);
    }
    Py_XDECREF(value);
    Py_DECREF(target);
    return r;
}

/* get(path): resolve(path). */
static PyObject *pc_get(PyObject *self, PyObject *path) {
    if (!PyUnicode_Check(path)) {
        PyErr_SetString(PyExc_TypeError, "get(path) needs a str");
        return NULL;
    }
    return resolve(PyUnicode_AsUTF8(path));
}

static PyObject *pc_mod(PyObject *self, PyObject *args) {
    PyObject *a, *b;
    if (!PyArg_ParseTuple(args, "OO:mod", &a, &b)) return NULL;
    return PyNumber_Remainder(a, b);
}

static PyObject *pc_format(PyObject *self, PyObject *args) {
    PyObject *v, *spec = NULL;
    if (!PyArg_ParseTuple(args, "O|O:format", &v, &spec)) return NULL;
    return PyObject_Format(v, spec);
}

static PyObject *pc_length(PyObject *self, PyObject *o) {
    Py_ssize_t n = PyObject_Length(o);
    return n < 0 ? NULL : PyLong_FromSsize_t(n);
}

static PyObject *pc_item(PyObject *self, PyObject *args) {
    PyObject *o, *key;
    if (!PyArg_ParseTuple(args, "OO:item", &o, &key)) return NULL;
    return PyObject_GetItem(o, key);
}

/* take(iterable, n): the first n items of iter(iterable), as a list. */
static PyObject *pc_take(PyObject *self, PyObject *args) {
    PyObject *o;
    Py_ssize_t n;
    if (!PyArg_ParseTuple(args, "On:take", &o, &n)) return NULL;
    PyObject *it = PyObject_GetIter(o);
    if (it == NULL) return NULL;
    PyObject *out = PyList_New(0);
    for (Py_ssize_t i = 0; out != NULL && i < n; i++) {
        PyObject *x = PyIter_Next(it);
        if (x == NULL) {
            if (PyErr_Occurred()) Py_CLEAR(out);
            break;
        }
        if (PyList_Append(out, x) < 0) Py_CLEAR(out);
        Py_DECREF(x);
    }
    Py_DECREF(it);
    return out;
}

static PyObject *pc_repr(PyObject *self, PyObject *o) { return PyObject_Repr(o); }
static PyObject *pc_str(PyObject *self, PyObject *o) { return PyObject_Str(o); }

static PyMethodDef pycalls_methods[] = {
    {"call", (PyCFunction)(void (*)(void))pc_call, METH_VARARGS | METH_KEYWORDS, "call(path, *args, **kwargs)"},
    {"apply_to_power", pc_apply_to_power, METH_VARARGS, "apply_to_power(path, base, exp, *args)"},
    {"get", pc_get, METH_O, "get(path) -> the object at module:attr.attr"},
    {"mod", pc_mod, METH_VARARGS, "mod(a, b) -> PyNumber_Remainder(a, b)"},
    {"format", pc_format, METH_VARARGS, "format(v[, spec]) -> PyObject_Format(v, spec)"},
    {"length", pc_length, METH_O, "length(o) -> PyObject_Length(o)"},
    {"item", pc_item, METH_VARARGS, "item(o, key) -> PyObject_GetItem(o, key)"},
    {"take", pc_take, METH_VARARGS, "take(iterable, n) -> first n items"},
    {"repr", pc_repr, METH_O, "repr(o) -> PyObject_Repr(o)"},
    {"str", pc_str, METH_O, "str(o) -> PyObject_Str(o)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef pycalls_module = {
    PyModuleDef_HEAD_INIT, .m_name = "pycalls", .m_doc = "Builtins reached from C.", .m_size = -1, .m_methods = pycalls_methods,
};

PyMODINIT_FUNC PyInit_pycalls(void) { return PyModule_Create(&pycalls_module); }
