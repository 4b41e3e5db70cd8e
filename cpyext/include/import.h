/* import.h: importing. Invariant: there is no Python import system; a
 * module is found in sys.modules (the shim's module registry), filled by
 * loadExtension and registerModule from JavaScript, and by the shim's own
 * built-in modules (builtins, sys). */
#ifndef Py_IMPORT_H
#define Py_IMPORT_H
#include "object.h"
PyAPI_FUNC(PyObject *) PyImport_ImportModule(const char *);
PyAPI_FUNC(PyObject *) PyImport_ImportModuleNoBlock(const char *);
PyAPI_FUNC(PyObject *) PyImport_Import(PyObject *);
PyAPI_FUNC(PyObject *) PyImport_ImportModuleLevel(const char *, PyObject *, PyObject *, PyObject *, int);
PyAPI_FUNC(PyObject *) PyImport_ImportModuleLevelObject(PyObject *, PyObject *, PyObject *, PyObject *, int);
#define PyImport_ImportModuleEx(n, g, l, f) PyImport_ImportModuleLevel(n, g, l, f, 0)
PyAPI_FUNC(PyObject *) PyImport_GetModuleDict(void);
PyAPI_FUNC(PyObject *) PyImport_GetModule(PyObject *);
PyAPI_FUNC(PyObject *) PyImport_AddModuleObject(PyObject *);
PyAPI_FUNC(PyObject *) PyImport_AddModule(const char *);
PyAPI_FUNC(PyObject *) PyImport_ReloadModule(PyObject *);
PyAPI_FUNC(PyObject *) PySys_GetObject(const char *);
PyAPI_FUNC(int) PySys_SetObject(const char *, PyObject *);
PyAPI_FUNC(void) PySys_WriteStdout(const char *, ...);
PyAPI_FUNC(void) PySys_WriteStderr(const char *, ...);
PyAPI_FUNC(void) PySys_FormatStdout(const char *, ...);
PyAPI_FUNC(void) PySys_FormatStderr(const char *, ...);
PyAPI_FUNC(int) PySys_Audit(const char *, const char *, ...);
PyAPI_FUNC(PyObject *) PyEval_GetBuiltins(void);
#endif
