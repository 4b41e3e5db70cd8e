/* getargs_units.c: PyArg_ParseTuple / PyArg_ParseTupleAndKeywords / _PyArg_ParseStackAndKeywords,
 * one function per format unit or group, each returning what was parsed (built with
 * Py_BuildValue), so that a fixture shows exactly what every unit stores.
 *
 * Invariant: written against the CPython 3.11 API only (compiles against both header sets);
 * built with PY_SSIZE_T_CLEAN, so the calls go to the _SizeT entry points (getargs_old.c
 * covers the plain names). Reference ownership: every function returns a new reference;
 * arguments are borrowed; Py_buffer views ('s*', 'y*', 'z*', 'w*') are released and 'es'/'et'
 * blocks are PyMem_Free'd before returning. C strings are returned as bytes (their exact
 * bytes), chars as ints. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* ---- strings and bytes ---- */

static PyObject *u_s(PyObject *self, PyObject *args) {
    const char *s;
    if (!PyArg_ParseTuple(args, "s", &s)) return NULL;
    return Py_BuildValue("y", s);
}

static PyObject *u_s_hash(PyObject *self, PyObject *args) {
    const char *s;
    Py_ssize_t n;
    if (!PyArg_ParseTuple(args, "s#", &s, &n)) return NULL;
    return Py_BuildValue("(y#n)", s, n, n);
}

/* A view as (bytes, length, readonly). */
static PyObject *view_result(Py_buffer *v) {
    PyObject *r = Py_BuildValue("(y#ni)", (const char *)v->buf, v->len, v->len, v->readonly);
    PyBuffer_Release(v);
    return r;
}

static PyObject *u_s_star(PyObject *self, PyObject *args) {
    Py_buffer v;
    if (!PyArg_ParseTuple(args, "s*", &v)) return NULL;
    return view_result(&v);
}

static PyObject *u_z(PyObject *self, PyObject *args) {
    const char *s = "untouched";
    if (!PyArg_ParseTuple(args, "z", &s)) return NULL;
    if (s == NULL) Py_RETURN_NONE;
    return Py_BuildValue("y", s);
}

static PyObject *u_z_hash(PyObject *self, PyObject *args) {
    const char *s = "untouched";
    Py_ssize_t n = -7;
    if (!PyArg_ParseTuple(args, "z#", &s, &n)) return NULL;
    if (s == NULL) return Py_BuildValue("(On)", Py_None, n);
    return Py_BuildValue("(y#n)", s, n, n);
}

static PyObject *u_z_star(PyObject *self, PyObject *args) {
    Py_buffer v;
    if (!PyArg_ParseTuple(args, "z*", &v)) return NULL;
    if (v.buf == NULL) {
        PyBuffer_Release(&v);
        Py_RETURN_NONE;
    }
    return view_result(&v);
}

static PyObject *u_y(PyObject *self, PyObject *args) {
    const char *s;
    if (!PyArg_ParseTuple(args, "y", &s)) return NULL;
    return Py_BuildValue("y", s);
}

static PyObject *u_y_hash(PyObject *self, PyObject *args) {
    const char *s;
    Py_ssize_t n;
    if (!PyArg_ParseTuple(args, "y#", &s, &n)) return NULL;
    return Py_BuildValue("(y#n)", s, n, n);
}

static PyObject *u_y_star(PyObject *self, PyObject *args) {
    Py_buffer v;
    if (!PyArg_ParseTuple(args, "y*", &v)) return NULL;
    return view_result(&v);
}

static PyObject *u_w_star(PyObject *self, PyObject *args) {
    Py_buffer v;
    if (!PyArg_ParseTuple(args, "w*", &v)) return NULL;
    if (v.len > 0) ((char *)v.buf)[0] = 'W'; /* writable: the caller's object changes */
    return view_result(&v);
}

/* w_star_mutates(ba): the bytearray after 'w*' wrote to it. */
static PyObject *u_w_star_mutates(PyObject *self, PyObject *args) {
    PyObject *ba;
    Py_buffer v;
    if (!PyArg_ParseTuple(args, "O", &ba)) return NULL;
    if (!PyArg_ParseTuple(args, "w*", &v)) return NULL;
    if (v.len > 0) ((char *)v.buf)[0] = 'W';
    PyBuffer_Release(&v);
    Py_INCREF(ba);
    return ba;
}

/* es/et/es#/et# (value, encoding): encoding None is the default (UTF-8). The value is
 * parsed from a one-tuple once the encoding is known. */
static PyObject *encoded(PyObject *args, const char *fmt) {
    PyObject *obj, *one;
    const char *enc;
    char *out = NULL;
    Py_ssize_t n = -1;
    int ok;
    if (!PyArg_ParseTuple(args, "Oz", &obj, &enc)) return NULL;
    if ((one = PyTuple_Pack(1, obj)) == NULL) return NULL;
    ok = fmt[2] == '#' ? PyArg_ParseTuple(one, fmt, enc, &out, &n) : PyArg_ParseTuple(one, fmt, enc, &out);
    Py_DECREF(one);
    if (!ok) return NULL;
    PyObject *r = fmt[2] == '#' ? Py_BuildValue("(y#n)", out, n, n) : Py_BuildValue("y", out);
    PyMem_Free(out);
    return r;
}

static PyObject *u_es(PyObject *self, PyObject *args) { return encoded(args, "es"); }
static PyObject *u_et(PyObject *self, PyObject *args) { return encoded(args, "et"); }
static PyObject *u_es_hash(PyObject *self, PyObject *args) { return encoded(args, "es#"); }
static PyObject *u_et_hash(PyObject *self, PyObject *args) { return encoded(args, "et#"); }

/* es# into a caller's 8-byte buffer: (bytes, length), or the "too long" error. */
static PyObject *u_es_hash_fixed(PyObject *self, PyObject *args) {
    char buf[8];
    char *out = buf;
    Py_ssize_t n = sizeof buf;
    memset(buf, '?', sizeof buf);
    if (!PyArg_ParseTuple(args, "es#", "utf-8", &out, &n)) return NULL;
    return Py_BuildValue("(y#ni)", out, n, n, out == buf);
}

static PyObject *u_U(PyObject *self, PyObject *args) {
    PyObject *o;
    if (!PyArg_ParseTuple(args, "U", &o)) return NULL;
    Py_INCREF(o);
    return o;
}

static PyObject *u_S(PyObject *self, PyObject *args) {
    PyObject *o;
    if (!PyArg_ParseTuple(args, "S", &o)) return NULL;
    Py_INCREF(o);
    return o;
}

static PyObject *u_Y(PyObject *self, PyObject *args) {
    PyObject *o;
    if (!PyArg_ParseTuple(args, "Y", &o)) return NULL;
    Py_INCREF(o);
    return o;
}

/* ---- objects ---- */

static PyObject *u_O(PyObject *self, PyObject *args) {
    PyObject *o;
    if (!PyArg_ParseTuple(args, "O", &o)) return NULL;
    Py_INCREF(o);
    return o;
}

static PyObject *u_O_bang(PyObject *self, PyObject *args) {
    PyObject *a, *b;
    if (!PyArg_ParseTuple(args, "O!O!", &PyLong_Type, &a, &PyTuple_Type, &b)) return NULL;
    return Py_BuildValue("(OO)", a, b);
}

/* A converter: an int, stored doubled; 13 is refused with ValueError. */
static int double_int(PyObject *o, void *addr) {
    long v = PyLong_AsLong(o);
    if (v == -1 && PyErr_Occurred()) return 0;
    if (v == 13) {
        PyErr_SetString(PyExc_ValueError, "unlucky");
        return 0;
    }
    *(long *)addr = 2 * v;
    return 1;
}

static PyObject *u_O_amp(PyObject *self, PyObject *args) {
    long a = 0, b = -1;
    if (!PyArg_ParseTuple(args, "O&|O&", double_int, &a, double_int, &b)) return NULL;
    return Py_BuildValue("(ll)", a, b);
}

static PyObject *u_p(PyObject *self, PyObject *args) {
    int v = -1;
    if (!PyArg_ParseTuple(args, "p", &v)) return NULL;
    return Py_BuildValue("i", v);
}

/* ---- numbers ---- */

static PyObject *u_b(PyObject *self, PyObject *args) {
    unsigned char v;
    if (!PyArg_ParseTuple(args, "b", &v)) return NULL;
    return Py_BuildValue("i", (int)v);
}

static PyObject *u_B(PyObject *self, PyObject *args) {
    unsigned char v;
    if (!PyArg_ParseTuple(args, "B", &v)) return NULL;
    return Py_BuildValue("i", (int)v);
}

static PyObject *u_h(PyObject *self, PyObject *args) {
    short v;
    if (!PyArg_ParseTuple(args, "h", &v)) return NULL;
    return Py_BuildValue("h", v);
}

static PyObject *u_H(PyObject *self, PyObject *args) {
    unsigned short v;
    if (!PyArg_ParseTuple(args, "H", &v)) return NULL;
    return Py_BuildValue("H", v);
}

static PyObject *u_i(PyObject *self, PyObject *args) {
    int v;
    if (!PyArg_ParseTuple(args, "i", &v)) return NULL;
    return Py_BuildValue("i", v);
}

static PyObject *u_I(PyObject *self, PyObject *args) {
    unsigned int v;
    if (!PyArg_ParseTuple(args, "I", &v)) return NULL;
    return Py_BuildValue("I", v);
}

static PyObject *u_l(PyObject *self, PyObject *args) {
    long v;
    if (!PyArg_ParseTuple(args, "l", &v)) return NULL;
    return Py_BuildValue("l", v);
}

static PyObject *u_k(PyObject *self, PyObject *args) {
    unsigned long v;
    if (!PyArg_ParseTuple(args, "k", &v)) return NULL;
    return Py_BuildValue("k", v);
}

static PyObject *u_L(PyObject *self, PyObject *args) {
    long long v;
    if (!PyArg_ParseTuple(args, "L", &v)) return NULL;
    return Py_BuildValue("L", v);
}

static PyObject *u_K(PyObject *self, PyObject *args) {
    unsigned long long v;
    if (!PyArg_ParseTuple(args, "K", &v)) return NULL;
    return Py_BuildValue("K", v);
}

static PyObject *u_n(PyObject *self, PyObject *args) {
    Py_ssize_t v;
    if (!PyArg_ParseTuple(args, "n", &v)) return NULL;
    return Py_BuildValue("n", v);
}

static PyObject *u_c(PyObject *self, PyObject *args) {
    char v;
    if (!PyArg_ParseTuple(args, "c", &v)) return NULL;
    return Py_BuildValue("i", (int)(unsigned char)v);
}

static PyObject *u_C(PyObject *self, PyObject *args) {
    int v;
    if (!PyArg_ParseTuple(args, "C", &v)) return NULL;
    return Py_BuildValue("i", v);
}

static PyObject *u_f(PyObject *self, PyObject *args) {
    float v;
    if (!PyArg_ParseTuple(args, "f", &v)) return NULL;
    return Py_BuildValue("d", (double)v);
}

static PyObject *u_d(PyObject *self, PyObject *args) {
    double v;
    if (!PyArg_ParseTuple(args, "d", &v)) return NULL;
    return Py_BuildValue("d", v);
}

static PyObject *u_D(PyObject *self, PyObject *args) {
    Py_complex v;
    if (!PyArg_ParseTuple(args, "D", &v)) return NULL;
    return Py_BuildValue("(dd)", v.real, v.imag);
}

/* ---- groups: optional, nested, names and messages ---- */

static PyObject *g_optional(PyObject *self, PyObject *args) {
    int a, b = 20, c = 30;
    if (!PyArg_ParseTuple(args, "i|ii", &a, &b, &c)) return NULL;
    return Py_BuildValue("(iii)", a, b, c);
}

static PyObject *g_nested(PyObject *self, PyObject *args) {
    int a, b, c, d = -1;
    const char *s;
    if (!PyArg_ParseTuple(args, "(ii)(s(ii))", &a, &b, &s, &c, &d)) return NULL;
    return Py_BuildValue("(ii(y(ii)))", a, b, s, c, d);
}

/* '|' inside parentheses is not a unit: SystemError. */
static PyObject *g_nested_bar(PyObject *self, PyObject *args) {
    int a, b = -1;
    if (!PyArg_ParseTuple(args, "(i|i)", &a, &b)) return NULL;
    return Py_BuildValue("(ii)", a, b);
}

static PyObject *g_named(PyObject *self, PyObject *args) {
    int a, b;
    if (!PyArg_ParseTuple(args, "ii:named_fn", &a, &b)) return NULL;
    return Py_BuildValue("(ii)", a, b);
}

static PyObject *g_message(PyObject *self, PyObject *args) {
    int a, b;
    if (!PyArg_ParseTuple(args, "ii;give me two ints", &a, &b)) return NULL;
    return Py_BuildValue("(ii)", a, b);
}

static PyObject *g_noargs(PyObject *self, PyObject *args) {
    if (!PyArg_ParseTuple(args, ":noargs")) return NULL;
    Py_RETURN_NONE;
}

/* PyArg_Parse (one object, not a tuple). */
static PyObject *g_parse_one(PyObject *self, PyObject *arg) {
    int v;
    if (!PyArg_Parse(arg, "i;expected one int", &v)) return NULL;
    return Py_BuildValue("i", v);
}

/* ---- keywords ---- */

/* kw(a, b=2.5, c="c", *, d=4, e=None): PyArg_ParseTupleAndKeywords with "$". */
static PyObject *k_kw(PyObject *self, PyObject *args, PyObject *kwargs) {
    static char *kwlist[] = {"a", "b", "c", "d", "e", NULL};
    int a, d = 4;
    double b = 2.5;
    const char *c = "c";
    PyObject *e = Py_None;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "i|ds$iO:kw", kwlist, &a, &b, &c, &d, &e)) return NULL;
    return Py_BuildValue("(idyiO)", a, b, c, d, e);
}

/* kwpos(x, y, /, z=0): positional-only names are empty strings. */
static PyObject *k_kwpos(PyObject *self, PyObject *args, PyObject *kwargs) {
    static char *kwlist[] = {"", "", "z", NULL};
    PyObject *x, *y;
    int z = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "OO|i", kwlist, &x, &y, &z)) return NULL;
    return Py_BuildValue("(OOi)", x, y, z);
}

/* kwbuf(data, *, n=-1): a buffer unit with keywords, and a message instead of a name. */
static PyObject *k_kwbuf(PyObject *self, PyObject *args, PyObject *kwargs) {
    static char *kwlist[] = {"data", "n", NULL};
    Py_buffer v;
    Py_ssize_t n = -1;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "y*|$n;kwbuf wants bytes", kwlist, &v, &n)) return NULL;
    PyObject *r = Py_BuildValue("(y#n)", (const char *)v.buf, v.len, n);
    PyBuffer_Release(&v);
    return r;
}

/* fast(a, b=1, *, c=None): METH_FASTCALL | METH_KEYWORDS through a _PyArg_Parser. */
static PyObject *k_fast(PyObject *self, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames) {
    static const char *const keywords[] = {"a", "b", "c", NULL};
    static _PyArg_Parser parser = {.format = "s#|i$O:fast", .keywords = keywords};
    const char *a;
    Py_ssize_t alen;
    int b = 1;
    PyObject *c = Py_None;
    if (!_PyArg_ParseStackAndKeywords(args, nargs, kwnames, &parser, &a, &alen, &b, &c)) return NULL;
    return Py_BuildValue("(y#iO)", a, alen, b, c);
}

/* unpack_kw(a, b=None, *, c=None): _PyArg_UnpackKeywords, as Argument Clinic emits it. */
static PyObject *k_unpack_kw(PyObject *self, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames) {
    static const char *const keywords[] = {"a", "b", "c", NULL};
    static _PyArg_Parser parser = {.keywords = keywords, .fname = "unpack_kw"};
    PyObject *buf[3];
    PyObject *const *got = _PyArg_UnpackKeywords(args, nargs, NULL, kwnames, &parser, 1, 2, 0, buf);
    if (got == NULL) return NULL;
    PyObject *v[3];
    for (int i = 0; i < 3; i++) v[i] = (got != args || i < nargs) && got[i] ? got[i] : Py_None;
    return Py_BuildValue("(OOO)", v[0], v[1], v[2]);
}

/* ---- format errors (SystemError) ---- */

static PyObject *e_bad_unit(PyObject *self, PyObject *args) {
    int v;
    if (!PyArg_ParseTuple(args, "Q", &v)) return NULL;
    Py_RETURN_NONE;
}

static PyObject *e_kw_mismatch(PyObject *self, PyObject *args, PyObject *kwargs) {
    static char *kwlist[] = {"a", NULL};
    int a, b;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "ii", kwlist, &a, &b)) return NULL;
    Py_RETURN_NONE;
}

#define M(name, fn, flags) {name, (PyCFunction)(void (*)(void))fn, flags, NULL}

static PyMethodDef methods[] = {
    M("s", u_s, METH_VARARGS), M("s_hash", u_s_hash, METH_VARARGS), M("s_star", u_s_star, METH_VARARGS),
    M("z", u_z, METH_VARARGS), M("z_hash", u_z_hash, METH_VARARGS), M("z_star", u_z_star, METH_VARARGS),
    M("y", u_y, METH_VARARGS), M("y_hash", u_y_hash, METH_VARARGS), M("y_star", u_y_star, METH_VARARGS),
    M("w_star", u_w_star, METH_VARARGS), M("w_star_mutates", u_w_star_mutates, METH_VARARGS),
    M("es", u_es, METH_VARARGS), M("et", u_et, METH_VARARGS),
    M("es_hash", u_es_hash, METH_VARARGS), M("et_hash", u_et_hash, METH_VARARGS),
    M("es_hash_fixed", u_es_hash_fixed, METH_VARARGS),
    M("U", u_U, METH_VARARGS), M("S", u_S, METH_VARARGS), M("Y", u_Y, METH_VARARGS),
    M("O", u_O, METH_VARARGS), M("O_bang", u_O_bang, METH_VARARGS), M("O_amp", u_O_amp, METH_VARARGS),
    M("p", u_p, METH_VARARGS),
    M("b", u_b, METH_VARARGS), M("B", u_B, METH_VARARGS), M("h", u_h, METH_VARARGS), M("H", u_H, METH_VARARGS),
    M("i", u_i, METH_VARARGS), M("I", u_I, METH_VARARGS), M("l", u_l, METH_VARARGS), M("k", u_k, METH_VARARGS),
    M("L", u_L, METH_VARARGS), M("K", u_K, METH_VARARGS), M("n", u_n, METH_VARARGS),
    M("c", u_c, METH_VARARGS), M("C", u_C, METH_VARARGS),
    M("f", u_f, METH_VARARGS), M("d", u_d, METH_VARARGS), M("D", u_D, METH_VARARGS),
    M("optional", g_optional, METH_VARARGS), M("nested", g_nested, METH_VARARGS), M("nested_bar", g_nested_bar, METH_VARARGS),
    M("named", g_named, METH_VARARGS), M("message", g_message, METH_VARARGS),
    M("noargs", g_noargs, METH_VARARGS), M("parse_one", g_parse_one, METH_O),
    M("kw", k_kw, METH_VARARGS | METH_KEYWORDS), M("kwpos", k_kwpos, METH_VARARGS | METH_KEYWORDS),
    M("kwbuf", k_kwbuf, METH_VARARGS | METH_KEYWORDS),
    M("fast", k_fast, METH_FASTCALL | METH_KEYWORDS), M("unpack_kw", k_unpack_kw, METH_FASTCALL | METH_KEYWORDS),
    M("bad_unit", e_bad_unit, METH_VARARGS), M("kw_mismatch", e_kw_mismatch, METH_VARARGS | METH_KEYWORDS),
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "getargs_units",
    .m_doc = "One function per PyArg_Parse* format unit.",
    .m_size = -1,
    .m_methods = methods,
};

PyMODINIT_FUNC PyInit_getargs_units(void) {
    return PyModule_Create(&module);
}
