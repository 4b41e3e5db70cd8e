/* modules_multiphase.c: a multi-phase module (PyModuleDef_Init, Py_mod_exec slots run in
 * order, m_size module state reached with PyModule_GetState from module functions), module
 * constants added during exec (PyModule_AddIntConstant, AddStringConstant, AddObjectRef,
 * AddObject, AddType, AddFunctions, SetDocString), and, made on demand by a function, a
 * single-phase module with m_size -1 (PyModule_Create) and modules made by PyModule_New.
 *
 * Invariant: written against the documented CPython 3.11 API only, so it compiles unchanged
 * against cpyext/include and /usr/include/python3.11. Reference ownership: the module state
 * holds one reference to `registry` (a dict) and counts calls; every function returns a new
 * reference; PyModule_AddObjectRef leaves the caller's reference alone, AddObject steals it
 * on success only. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct {
    long calls;
    long exec_order;   /* digits: which exec slots ran, in order */
    PyObject *registry;
} mm_state;

static mm_state *get_state(PyObject *m) { return (mm_state *)PyModule_GetState(m); }

/* bump(): counts calls in the module state. */
static PyObject *mm_bump(PyObject *m, PyObject *unused) {
    return PyLong_FromLong(++get_state(m)->calls);
}

/* register(key, value): stores into the state's dict; returns its size. */
static PyObject *mm_register(PyObject *m, PyObject *args) {
    PyObject *key, *value;
    if (!PyArg_ParseTuple(args, "UO:register", &key, &value)) return NULL;
    if (PyDict_SetItem(get_state(m)->registry, key, value) < 0) return NULL;
    return PyLong_FromSsize_t(PyDict_GET_SIZE(get_state(m)->registry));
}

static PyObject *mm_registry(PyObject *m, PyObject *unused) { return PyDict_Copy(get_state(m)->registry); }

static PyObject *mm_exec_order(PyObject *m, PyObject *unused) { return PyLong_FromLong(get_state(m)->exec_order); }

/* info(): what the module says about itself through the C API. */
static PyObject *mm_info(PyObject *m, PyObject *unused) {
    PyModuleDef *def = PyModule_GetDef(m);
    return Py_BuildValue("{s:s,s:O,s:n,s:s,s:O}",
                         "name", PyModule_GetName(m),
                         "name_obj", PyModule_GetNameObject(m) ? Py_True : Py_False,
                         "m_size", def ? def->m_size : (Py_ssize_t)-2,
                         "def_name", def ? def->m_name : "",
                         "dict_is_dict", PyDict_Check(PyModule_GetDict(m)) ? Py_True : Py_False);
}

/* ---------------- a single-phase module with m_size -1, made on demand ---------------- */

static PyObject *legacy_double(PyObject *self, PyObject *arg) { return PyNumber_Add(arg, arg); }

static PyObject *legacy_self_name(PyObject *self, PyObject *unused) {
    return PyModule_Check(self) ? PyModule_GetNameObject(self) : Py_NewRef(Py_None);
}

static PyMethodDef legacy_methods[] = {
    {"double", legacy_double, METH_O, "double(x) -> 2 * x"},
    {"self_name", legacy_self_name, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef legacy_def = {
    PyModuleDef_HEAD_INIT,
    .m_name = "modules_multiphase.legacy",
    .m_doc = "single-phase, no state",
    .m_size = -1,
    .m_methods = legacy_methods,
};

/* make_legacy(): PyModule_Create of an m_size -1 definition. */
static PyObject *mm_make_legacy(PyObject *m, PyObject *unused) {
    PyObject *legacy = PyModule_Create(&legacy_def);
    if (legacy == NULL) return NULL;
    if (PyModule_AddIntConstant(legacy, "VERSION", 3) < 0) { Py_DECREF(legacy); return NULL; }
    if (PyModule_GetState(legacy) != NULL) {
        Py_DECREF(legacy);
        PyErr_SetString(PyExc_AssertionError, "an m_size -1 module has no state");
        return NULL;
    }
    return legacy;
}

/* make_plain(name): PyModule_New plus a function added with PyModule_AddFunctions. */
static PyObject *mm_make_plain(PyObject *m, PyObject *name) {
    const char *s = PyUnicode_AsUTF8(name);
    if (s == NULL) return NULL;
    PyObject *plain = PyModule_New(s);
    if (plain == NULL) return NULL;
    if (PyModule_AddFunctions(plain, legacy_methods) < 0 || PyModule_SetDocString(plain, "made by PyModule_New") < 0) {
        Py_DECREF(plain);
        return NULL;
    }
    return plain;
}

/* add_object_steals(): PyModule_AddObject steals on success, AddObjectRef does not: the refcounts seen. */
static PyObject *mm_refcounts(PyObject *m, PyObject *unused) {
    PyObject *target = PyModule_New("scratch");
    if (target == NULL) return NULL;
    PyObject *a = PyList_New(0), *b = PyList_New(0);
    if (a == NULL || b == NULL) { Py_XDECREF(a); Py_XDECREF(b); Py_DECREF(target); return NULL; }
    Py_ssize_t a0 = Py_REFCNT(a), b0 = Py_REFCNT(b);
    int ra = PyModule_AddObjectRef(target, "a", a);
    Py_INCREF(b);
    int rb = PyModule_AddObject(target, "b", b);
    PyObject *r = Py_BuildValue("(iinn)", ra, rb, Py_REFCNT(a) - a0, Py_REFCNT(b) - b0);
    Py_DECREF(a);
    Py_DECREF(b);
    Py_DECREF(target);
    return r;
}

/* add_errors(): the errors the AddX functions give for a non-module and a NULL value. */
static PyObject *mm_add_errors(PyObject *m, PyObject *unused) {
    PyObject *out = PyList_New(0);
    if (out == NULL) return NULL;
    PyObject *not_module = PyDict_New();
    int rcs[2];
    rcs[0] = PyModule_AddIntConstant(not_module, "X", 1);
    for (int i = 0; i < 2; i++) {
        if (i == 1) rcs[1] = PyModule_AddObjectRef(m, "nothing", NULL);
        PyObject *type, *value, *tb;
        PyErr_Fetch(&type, &value, &tb);
        PyObject *item = Py_BuildValue("(isO)", rcs[i], type ? ((PyTypeObject *)type)->tp_name : "", value ? value : Py_None);
        Py_XDECREF(type);
        Py_XDECREF(value);
        Py_XDECREF(tb);
        if (item == NULL || PyList_Append(out, item) < 0) { Py_XDECREF(item); Py_DECREF(out); Py_DECREF(not_module); return NULL; }
        Py_DECREF(item);
    }
    Py_DECREF(not_module);
    return out;
}

static PyMethodDef mm_methods[] = {
    {"bump", mm_bump, METH_NOARGS, "bump() -> number of calls so far"},
    {"register", mm_register, METH_VARARGS, NULL},
    {"registry", mm_registry, METH_NOARGS, NULL},
    {"exec_order", mm_exec_order, METH_NOARGS, NULL},
    {"info", mm_info, METH_NOARGS, NULL},
    {"make_legacy", mm_make_legacy, METH_NOARGS, NULL},
    {"make_plain", mm_make_plain, METH_O, NULL},
    {"refcounts", mm_refcounts, METH_NOARGS, NULL},
    {"add_errors", mm_add_errors, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

/* A static type added with PyModule_AddType. */
static PyTypeObject TagType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "modules_multiphase.Tag",
    .tp_basicsize = sizeof(PyObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "a tag",
    .tp_new = PyType_GenericNew,
};

static int exec_first(PyObject *m) {
    mm_state *st = get_state(m);
    if (st->calls != 0 || st->registry != NULL || st->exec_order != 0) {
        PyErr_SetString(PyExc_AssertionError, "module state is not zeroed");
        return -1;
    }
    st->exec_order = 1;
    st->registry = PyDict_New();
    if (st->registry == NULL) return -1;
    if (PyModule_AddIntConstant(m, "ANSWER", 42) < 0) return -1;
    if (PyModule_AddIntConstant(m, "NEGATIVE", -7) < 0) return -1;
    if (PyModule_AddStringConstant(m, "GREETING", "h\xc3\xa9llo") < 0) return -1;
    PyObject *tuple = Py_BuildValue("(is)", 1, "one");
    if (tuple == NULL || PyModule_AddObjectRef(m, "PAIR", tuple) < 0) { Py_XDECREF(tuple); return -1; }
    Py_DECREF(tuple);
    PyObject *f = PyFloat_FromDouble(0.5);
    if (f == NULL) return -1;
    if (PyModule_AddObject(m, "HALF", f) < 0) { Py_DECREF(f); return -1; }
    return PyModule_AddType(m, &TagType);
}

static int exec_second(PyObject *m) {
    mm_state *st = get_state(m);
    st->exec_order = st->exec_order * 10 + 2;
    PyObject *answer = PyObject_GetAttrString(m, "ANSWER");  /* added by the first exec */
    if (answer == NULL) return -1;
    int rc = PyModule_AddObjectRef(m, "ANSWER_SEEN", answer);
    Py_DECREF(answer);
    return rc;
}

static int mm_traverse(PyObject *m, visitproc visit, void *arg) {
    mm_state *st = get_state(m);
    if (st != NULL) Py_VISIT(st->registry);
    return 0;
}

static int mm_clear(PyObject *m) {
    mm_state *st = get_state(m);
    if (st != NULL) Py_CLEAR(st->registry);
    return 0;
}

static void mm_free(void *m) { mm_clear((PyObject *)m); }

static PyModuleDef_Slot mm_slots[] = {
    {Py_mod_exec, exec_first},
    {Py_mod_exec, exec_second},
    {0, NULL},
};

static struct PyModuleDef mm_def = {
    PyModuleDef_HEAD_INIT,
    .m_name = "modules_multiphase",
    .m_doc = "Multi-phase initialisation, for the cpyext tests.",
    .m_size = sizeof(mm_state),
    .m_methods = mm_methods,
    .m_slots = mm_slots,
    .m_traverse = mm_traverse,
    .m_clear = mm_clear,
    .m_free = mm_free,
};

PyMODINIT_FUNC PyInit_modules_multiphase(void) { return PyModuleDef_Init(&mm_def); }
