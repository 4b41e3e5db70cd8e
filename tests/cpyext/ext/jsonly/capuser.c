/* capuser: uses the C API bridgeext exports through its capsule (PyCapsule_Import of
 * "bridgeext._C_API"), as extensions share C APIs across modules (numpy, datetime).
 * The table is borrowed from the capsule, which bridgeext's module keeps alive. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct {
    int version;
    long (*scale)(long x, long by);
    PyObject *(*pair)(PyObject *a, PyObject *b);
} bridgeext_api;

/* use(x, by, a, b) -> (version, scale(x, by), pair(a, b)) */
static PyObject *use(PyObject *m, PyObject *args) {
    long x, by;
    PyObject *a, *b;
    if (!PyArg_ParseTuple(args, "llOO", &x, &by, &a, &b)) return NULL;
    bridgeext_api *api = PyCapsule_Import("bridgeext._C_API", 0);
    if (api == NULL) return NULL;
    return Py_BuildValue("(ilN)", api->version, api->scale(x, by), api->pair(a, b));
}

/* import_capsule(name): PyCapsule_Import(name) succeeded? */
static PyObject *import_capsule(PyObject *m, PyObject *args) {
    const char *name;
    if (!PyArg_ParseTuple(args, "s", &name)) return NULL;
    if (PyCapsule_Import(name, 0) == NULL) return NULL;
    Py_RETURN_TRUE;
}

static PyMethodDef methods[] = {
    {"use", use, METH_VARARGS, NULL},
    {"import_capsule", import_capsule, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef moduledef = {PyModuleDef_HEAD_INIT, "capuser", NULL, -1, methods};

PyMODINIT_FUNC PyInit_capuser(void) { return PyModule_Create(&moduledef); }
