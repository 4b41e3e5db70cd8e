/* import.c: the module registry (what sys.modules is to CPython) and the
 * PyImport_* functions.
 *
 * Invariants:
 * - There is no file-system import: a name resolves only to a module in the
 *   registry, put there by the loader (loadExtension), by registerModule
 *   from JavaScript, or by the shim itself (builtins, sys). A miss raises
 *   ModuleNotFoundError "No module named 'x'" (and never calls into JS, so
 *   that imports are safe inside fast calls, see bridge_fastcall.cc).
 * - The registry dict owns its modules; lookups return new references
 *   except PyImport_AddModule*, which return borrowed ones as in CPython. */
#include "internal.h"

const char *_cpx_package_context = NULL;
static PyObject *registry = NULL;

PyObject *PyImport_GetModuleDict(void) {
    if (registry == NULL) registry = PyDict_New();
    return registry;
}

PyObject *PyImport_GetModule(PyObject *name) {
    PyObject *m = PyDict_GetItemWithError(PyImport_GetModuleDict(), name);
    return Py_XNewRef(m);
}

PyObject *PyImport_AddModuleObject(PyObject *name) {
    PyObject *modules = PyImport_GetModuleDict();
    PyObject *m = PyDict_GetItemWithError(modules, name);
    if (m != NULL && PyModule_Check(m)) return m;
    if (PyErr_Occurred()) return NULL;
    m = PyModule_NewObject(name);
    if (m == NULL) return NULL;
    int rc = PyDict_SetItem(modules, name, m);
    Py_DECREF(m);
    return rc < 0 ? NULL : m;
}

PyObject *PyImport_AddModule(const char *name) {
    PyObject *nameobj = PyUnicode_FromString(name);
    if (nameobj == NULL) return NULL;
    PyObject *m = PyImport_AddModuleObject(nameobj);
    Py_DECREF(nameobj);
    return m;
}

/* The module registered as `name`. New ref. */
static PyObject *find_module(PyObject *name) {
    PyObject *m = PyImport_GetModule(name);
    if (m != NULL || PyErr_Occurred()) return m;
    PyObject *msg = PyUnicode_FromFormat("No module named %R", name);
    if (msg != NULL) {
        PyErr_SetImportErrorSubclass(PyExc_ModuleNotFoundError, msg, name, NULL);
        Py_DECREF(msg);
    }
    return NULL;
}

PyObject *PyImport_Import(PyObject *name) {
    if (!PyUnicode_Check(name)) {
        PyErr_SetString(PyExc_TypeError, "module name must be a string");
        return NULL;
    }
    return find_module(name);
}

PyObject *PyImport_ImportModule(const char *name) {
    PyObject *nameobj = PyUnicode_FromString(name);
    if (nameobj == NULL) return NULL;
    PyObject *m = PyImport_Import(nameobj);
    Py_DECREF(nameobj);
    return m;
}

PyObject *PyImport_ImportModuleNoBlock(const char *name) { return PyImport_ImportModule(name); }

/* __import__ semantics: without a fromlist, `import a.b` yields `a`. */
PyObject *PyImport_ImportModuleLevelObject(PyObject *name, PyObject *globals, PyObject *locals,
                                           PyObject *fromlist, int level) {
    if (level != 0) {
        PyErr_SetString(PyExc_ImportError, "relative imports are not supported by cbridge");
        return NULL;
    }
    PyObject *m = find_module(name);
    if (m == NULL) return NULL;
    int has_fromlist = fromlist != NULL && fromlist != Py_None && PyObject_IsTrue(fromlist) > 0;
    Py_ssize_t dot = PyUnicode_FindChar(name, '.', 0, PyUnicode_GET_LENGTH(name), 1);
    if (has_fromlist || dot < 0) return m;
    Py_DECREF(m);
    PyObject *top = PyUnicode_Substring(name, 0, dot);
    if (top == NULL) return NULL;
    m = find_module(top);
    Py_DECREF(top);
    return m;
}

PyObject *PyImport_ImportModuleLevel(const char *name, PyObject *globals, PyObject *locals, PyObject *fromlist,
                                     int level) {
    PyObject *nameobj = PyUnicode_FromString(name);
    if (nameobj == NULL) return NULL;
    PyObject *m = PyImport_ImportModuleLevelObject(nameobj, globals, locals, fromlist, level);
    Py_DECREF(nameobj);
    return m;
}

PyObject *PyImport_ReloadModule(PyObject *m) { return Py_NewRef(m); }
