/* missing_api: imports C-API-looking symbols the shim does not provide, so loading it
 * must fail with MissingSymbolsError before dlopen. (It cannot import under CPython either.) */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

extern PyObject *PyCbridge_DoesNotExist(void);
#ifdef SECOND_MISSING
extern int _PyCbridge_AlsoMissing(int);
#endif

static PyObject *f(PyObject *m, PyObject *unused) {
#ifdef SECOND_MISSING
    if (_PyCbridge_AlsoMissing(1) < 0) return NULL;
#endif
    return PyCbridge_DoesNotExist();
}

static PyMethodDef methods[] = {{"f", f, METH_NOARGS, NULL}, {NULL, NULL, 0, NULL}};
static struct PyModuleDef moduledef = {PyModuleDef_HEAD_INIT, "missing_api", NULL, -1, methods};

PyMODINIT_FUNC PyInit_missing_api(void) { return PyModule_Create(&moduledef); }
