/* longs.c: the number families' C API (int, float, complex) seen through an extension:
 * parsing, conversions with their overflow errors, byte-array round trips, the number
 * protocol by operator name, and float formatting.
 *
 * Invariant: written against the documented CPython 3.11 API only, so it compiles
 * unchanged against cpyext/include and /usr/include/python3.11. Floats that cross as
 * arguments are passed as strings (float(s) in C), so an integral float is never taken
 * for an int on the way in. Reference ownership: every function returns a new reference;
 * arguments are borrowed; intermediates are released before returning. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <float.h>
#include <limits.h>
#include <string.h>

/* A C double from a str argument (float(s)); -1.0 with an exception on failure. */
static double double_of(PyObject *s) {
    PyObject *f = PyFloat_FromString(s);
    if (f == NULL) return -1.0;
    double d = PyFloat_AsDouble(f);
    Py_DECREF(f);
    return d;
}

/* from_string(s, base): (int, rest) from PyLong_FromString; rest is the text after *pend. */
static PyObject *l_from_string(PyObject *self, PyObject *args) {
    const char *s;
    int base;
    char *end = NULL;
    if (!PyArg_ParseTuple(args, "si:from_string", &s, &base)) return NULL;
    PyObject *v = PyLong_FromString(s, &end, base);
    if (v == NULL) return NULL;
    return Py_BuildValue("Ns", v, end);
}

#define AS_SIGNED(fname, ctype, call, build)                                  \
    static PyObject *fname(PyObject *self, PyObject *o) {                     \
        ctype r = call(o);                                                    \
        if (r == (ctype)-1 && PyErr_Occurred()) return NULL;                  \
        return build(r);                                                      \
    }
AS_SIGNED(l_as_long, long, PyLong_AsLong, PyLong_FromLong)
AS_SIGNED(l_as_longlong, long long, PyLong_AsLongLong, PyLong_FromLongLong)
AS_SIGNED(l_as_ssize_t, Py_ssize_t, PyLong_AsSsize_t, PyLong_FromSsize_t)
AS_SIGNED(l_as_size_t, size_t, PyLong_AsSize_t, PyLong_FromSize_t)
AS_SIGNED(l_as_unsigned_long, unsigned long, PyLong_AsUnsignedLong, PyLong_FromUnsignedLong)
AS_SIGNED(l_as_unsigned_longlong, unsigned long long, PyLong_AsUnsignedLongLong, PyLong_FromUnsignedLongLong)
AS_SIGNED(l_as_unsigned_long_mask, unsigned long, PyLong_AsUnsignedLongMask, PyLong_FromUnsignedLong)
AS_SIGNED(l_as_unsigned_longlong_mask, unsigned long long, PyLong_AsUnsignedLongLongMask, PyLong_FromUnsignedLongLong)
AS_SIGNED(l_as_double, double, PyLong_AsDouble, PyFloat_FromDouble)
AS_SIGNED(l_float_as_double, double, PyFloat_AsDouble, PyFloat_FromDouble)

/* as_long_and_overflow(o): (value, overflow) from PyLong_AsLongAndOverflow. */
static PyObject *l_as_long_and_overflow(PyObject *self, PyObject *o) {
    int overflow = 99;
    long r = PyLong_AsLongAndOverflow(o, &overflow);
    if (r == -1 && PyErr_Occurred()) return NULL;
    return Py_BuildValue("li", r, overflow);
}

static PyObject *l_as_longlong_and_overflow(PyObject *self, PyObject *o) {
    int overflow = 99;
    long long r = PyLong_AsLongLongAndOverflow(o, &overflow);
    if (r == -1 && PyErr_Occurred()) return NULL;
    return Py_BuildValue("Li", r, overflow);
}

/* limits(): the C integer bounds built by each PyLong_From*. */
static PyObject *l_limits(PyObject *self, PyObject *unused) {
    return Py_BuildValue("NNNNNNN", PyLong_FromLong(LONG_MIN), PyLong_FromLong(LONG_MAX), PyLong_FromUnsignedLong(ULONG_MAX),
                         PyLong_FromLongLong(LLONG_MIN), PyLong_FromUnsignedLongLong(ULLONG_MAX),
                         PyLong_FromSsize_t(PY_SSIZE_T_MIN), PyLong_FromSize_t((size_t)-1));
}

/* from_double(s): PyLong_FromDouble(float(s)). */
static PyObject *l_from_double(PyObject *self, PyObject *s) {
    double d = double_of(s);
    if (d == -1.0 && PyErr_Occurred()) return NULL;
    return PyLong_FromDouble(d);
}

/* to_bytes(o, n, little, signed): _PyLong_AsByteArray into n bytes. */
static PyObject *l_to_bytes(PyObject *self, PyObject *args) {
    PyObject *o;
    Py_ssize_t n;
    int little, is_signed;
    if (!PyArg_ParseTuple(args, "O!npp:to_bytes", &PyLong_Type, &o, &n, &little, &is_signed)) return NULL;
    unsigned char buf[64];
    if (n < 0 || n > (Py_ssize_t)sizeof buf) {
        PyErr_SetString(PyExc_ValueError, "n out of range");
        return NULL;
    }
    memset(buf, 0xAA, sizeof buf);
    if (_PyLong_AsByteArray((PyLongObject *)o, buf, (size_t)n, little, is_signed) < 0) return NULL;
    return PyBytes_FromStringAndSize((const char *)buf, n);
}

/* from_bytes(b, little, signed): _PyLong_FromByteArray. */
static PyObject *l_from_bytes(PyObject *self, PyObject *args) {
    const char *p;
    Py_ssize_t n;
    int little, is_signed;
    if (!PyArg_ParseTuple(args, "y#pp:from_bytes", &p, &n, &little, &is_signed)) return NULL;
    return _PyLong_FromByteArray((const unsigned char *)p, (size_t)n, little, is_signed);
}

/* binop(name, a, b): PyNumber_<name>(a, b). */
static PyObject *l_binop(PyObject *self, PyObject *args) {
    const char *op;
    PyObject *a, *b;
    if (!PyArg_ParseTuple(args, "sOO:binop", &op, &a, &b)) return NULL;
    static const struct { const char *name; binaryfunc f; } ops[] = {
        {"add", PyNumber_Add}, {"sub", PyNumber_Subtract}, {"mul", PyNumber_Multiply},
        {"truediv", PyNumber_TrueDivide}, {"floordiv", PyNumber_FloorDivide}, {"mod", PyNumber_Remainder},
        {"divmod", PyNumber_Divmod}, {"lshift", PyNumber_Lshift}, {"rshift", PyNumber_Rshift},
        {"and", PyNumber_And}, {"or", PyNumber_Or}, {"xor", PyNumber_Xor},
        {"iadd", PyNumber_InPlaceAdd}, {"imul", PyNumber_InPlaceMultiply}, {"ifloordiv", PyNumber_InPlaceFloorDivide},
    };
    for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
        if (strcmp(op, ops[i].name) == 0) return ops[i].f(a, b);
    if (strcmp(op, "pow") == 0) return PyNumber_Power(a, b, Py_None);
    if (strcmp(op, "cmp") == 0) {
        PyObject *r = PyTuple_New(6);
        if (r == NULL) return NULL;
        for (int k = 0; k < 6; k++) {
            int v = PyObject_RichCompareBool(a, b, k);
            if (v < 0) {
                Py_DECREF(r);
                return NULL;
            }
            PyTuple_SET_ITEM(r, k, PyBool_FromLong(v));
        }
        return r;
    }
    PyErr_Format(PyExc_ValueError, "unknown operator %s", op);
    return NULL;
}

/* powmod(a, b, m): PyNumber_Power(a, b, m). */
static PyObject *l_powmod(PyObject *self, PyObject *args) {
    PyObject *a, *b, *m;
    if (!PyArg_ParseTuple(args, "OOO:powmod", &a, &b, &m)) return NULL;
    return PyNumber_Power(a, b, m);
}

/* unop(name, a): PyNumber_<name>(a). */
static PyObject *l_unop(PyObject *self, PyObject *args) {
    const char *op;
    PyObject *a;
    if (!PyArg_ParseTuple(args, "sO:unop", &op, &a)) return NULL;
    if (strcmp(op, "neg") == 0) return PyNumber_Negative(a);
    if (strcmp(op, "pos") == 0) return PyNumber_Positive(a);
    if (strcmp(op, "invert") == 0) return PyNumber_Invert(a);
    if (strcmp(op, "abs") == 0) return PyNumber_Absolute(a);
    if (strcmp(op, "index") == 0) return PyNumber_Index(a);
    if (strcmp(op, "int") == 0) return PyNumber_Long(a);
    if (strcmp(op, "float") == 0) return PyNumber_Float(a);
    if (strcmp(op, "bool") == 0) {
        int t = PyObject_IsTrue(a);
        return t < 0 ? NULL : PyBool_FromLong(t);
    }
    if (strcmp(op, "hash") == 0) {
        Py_hash_t h = PyObject_Hash(a);
        return h == -1 ? NULL : PyLong_FromSsize_t(h);
    }
    if (strcmp(op, "repr") == 0) return PyObject_Repr(a);
    if (strcmp(op, "str") == 0) return PyObject_Str(a);
    if (strcmp(op, "tobase") == 0) return PyNumber_ToBase(a, 16);
    PyErr_Format(PyExc_ValueError, "unknown operator %s", op);
    return NULL;
}

/* float_repr(s): (repr(float(s)), str(float(s))). */
static PyObject *l_float_repr(PyObject *self, PyObject *s) {
    double d = double_of(s);
    if (d == -1.0 && PyErr_Occurred()) return NULL;
    PyObject *f = PyFloat_FromDouble(d);
    if (f == NULL) return NULL;
    PyObject *r = Py_BuildValue("NN", PyObject_Repr(f), PyObject_Str(f));
    Py_DECREF(f);
    return r;
}

/* double_to_string(s, code, precision, flags): PyOS_double_to_string(float(s), ...) and its type. */
static PyObject *l_double_to_string(PyObject *self, PyObject *args) {
    PyObject *s;
    int code, precision, flags, type = -1;
    if (!PyArg_ParseTuple(args, "UCii:double_to_string", &s, &code, &precision, &flags)) return NULL;
    double d = double_of(s);
    if (d == -1.0 && PyErr_Occurred()) return NULL;
    char *text = PyOS_double_to_string(d, (char)code, precision, flags, &type);
    if (text == NULL) return NULL;
    PyObject *r = Py_BuildValue("si", text, type);
    PyMem_Free(text);
    return r;
}

/* string_to_double(s): PyOS_string_to_double(s, &end, NULL) and the rest after end. */
static PyObject *l_string_to_double(PyObject *self, PyObject *args) {
    const char *s;
    char *end = NULL;
    if (!PyArg_ParseTuple(args, "s:string_to_double", &s)) return NULL;
    double d = PyOS_string_to_double(s, &end, NULL);
    if (d == -1.0 && PyErr_Occurred()) return NULL;
    return Py_BuildValue("ds", d, end);
}

/* float_info(): PyFloat_GetMax/GetMin and the float_info struct's fields we can read. */
static PyObject *l_float_info(PyObject *self, PyObject *unused) {
    return Py_BuildValue("ddN", PyFloat_GetMax(), PyFloat_GetMin(), PyFloat_GetInfo());
}

/* complex_parts(re, im): (repr, real, imag, abs) of PyComplex_FromDoubles(float(re), float(im)). */
static PyObject *l_complex(PyObject *self, PyObject *args) {
    PyObject *re, *im;
    if (!PyArg_ParseTuple(args, "UU:complex_parts", &re, &im)) return NULL;
    double r = double_of(re), i = double_of(im);
    if (PyErr_Occurred()) return NULL;
    PyObject *c = PyComplex_FromDoubles(r, i);
    if (c == NULL) return NULL;
    Py_complex v = PyComplex_AsCComplex(c);
    PyObject *out = Py_BuildValue("NddN", PyObject_Repr(c), v.real, PyComplex_ImagAsDouble(c), PyNumber_Absolute(c));
    Py_DECREF(c);
    return out;
}

/* Floaty: an object with only __float__ and __index__ (nb_float / nb_index), value set at creation. */
typedef struct {
    PyObject_HEAD
    double value;
    long index;
} Floaty;

static PyObject *floaty_float(PyObject *self) { return PyFloat_FromDouble(((Floaty *)self)->value); }
static PyObject *floaty_index(PyObject *self) { return PyLong_FromLong(((Floaty *)self)->index); }

static PyType_Slot floaty_slots[] = {
    {Py_nb_float, floaty_float},
    {Py_nb_index, floaty_index},
    {0, NULL},
};
static PyType_Spec floaty_spec = {"longs.Floaty", sizeof(Floaty), 0, Py_TPFLAGS_DEFAULT, floaty_slots};
static PyObject *floaty_type;

/* floaty(s, i): a Floaty with __float__ -> float(s), __index__ -> i. */
static PyObject *l_floaty(PyObject *self, PyObject *args) {
    PyObject *s;
    long i;
    if (!PyArg_ParseTuple(args, "Ul:floaty", &s, &i)) return NULL;
    double d = double_of(s);
    if (d == -1.0 && PyErr_Occurred()) return NULL;
    Floaty *f = PyObject_New(Floaty, (PyTypeObject *)floaty_type);
    if (f == NULL) return NULL;
    f->value = d;
    f->index = i;
    return (PyObject *)f;
}

static PyMethodDef longs_methods[] = {
    {"from_string", l_from_string, METH_VARARGS, NULL},
    {"as_long", l_as_long, METH_O, NULL},
    {"as_longlong", l_as_longlong, METH_O, NULL},
    {"as_ssize_t", l_as_ssize_t, METH_O, NULL},
    {"as_size_t", l_as_size_t, METH_O, NULL},
    {"as_unsigned_long", l_as_unsigned_long, METH_O, NULL},
    {"as_unsigned_longlong", l_as_unsigned_longlong, METH_O, NULL},
    {"as_unsigned_long_mask", l_as_unsigned_long_mask, METH_O, NULL},
    {"as_unsigned_longlong_mask", l_as_unsigned_longlong_mask, METH_O, NULL},
    {"as_double", l_as_double, METH_O, NULL},
    {"float_as_double", l_float_as_double, METH_O, NULL},
    {"as_long_and_overflow", l_as_long_and_overflow, METH_O, NULL},
    {"as_longlong_and_overflow", l_as_longlong_and_overflow, METH_O, NULL},
    {"limits", l_limits, METH_NOARGS, NULL},
    {"from_double", l_from_double, METH_O, NULL},
    {"to_bytes", l_to_bytes, METH_VARARGS, NULL},
    {"from_bytes", l_from_bytes, METH_VARARGS, NULL},
    {"binop", l_binop, METH_VARARGS, NULL},
    {"powmod", l_powmod, METH_VARARGS, NULL},
    {"unop", l_unop, METH_VARARGS, NULL},
    {"float_repr", l_float_repr, METH_O, NULL},
    {"double_to_string", l_double_to_string, METH_VARARGS, NULL},
    {"string_to_double", l_string_to_double, METH_VARARGS, NULL},
    {"float_info", l_float_info, METH_NOARGS, NULL},
    {"complex_parts", l_complex, METH_VARARGS, NULL},
    {"floaty", l_floaty, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef longs_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "longs",
    .m_doc = "The int/float/complex C API, for the cpyext tests.",
    .m_size = -1,
    .m_methods = longs_methods,
};

PyMODINIT_FUNC PyInit_longs(void) {
    floaty_type = PyType_FromSpec(&floaty_spec);
    if (floaty_type == NULL) return NULL;
    PyObject *m = PyModule_Create(&longs_module);
    if (m == NULL) return NULL;
    Py_INCREF(floaty_type);
    if (PyModule_AddObject(m, "Floaty", floaty_type) < 0) {
        Py_DECREF(floaty_type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
