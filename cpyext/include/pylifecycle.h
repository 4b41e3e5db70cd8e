/* pylifecycle.h: interpreter lifetime queries. The shim's interpreter is
 * initialised when the shim loads and never finalised. */
#ifndef Py_PYLIFECYCLE_H
#define Py_PYLIFECYCLE_H
#include "object.h"
PyAPI_FUNC(int) Py_IsInitialized(void);
PyAPI_FUNC(void) Py_Initialize(void);
PyAPI_FUNC(void) Py_InitializeEx(int);
PyAPI_FUNC(void) Py_Finalize(void);
PyAPI_FUNC(int) Py_FinalizeEx(void);
PyAPI_FUNC(int) _Py_IsFinalizing(void);
PyAPI_FUNC(int) Py_AtExit(void (*)(void));
PyAPI_FUNC(const char *) Py_GetVersion(void);
PyAPI_FUNC(const char *) Py_GetPlatform(void);
PyAPI_FUNC(PyObject *) PyOS_FSPath(PyObject *);
PyAPI_FUNC(double) PyOS_string_to_double(const char *, char **, PyObject *);
PyAPI_FUNC(char *) PyOS_double_to_string(double, char, int, int, int *);
PyAPI_FUNC(int) PyOS_stricmp(const char *, const char *);
PyAPI_FUNC(int) PyOS_mystrnicmp(const char *, const char *, Py_ssize_t);
PyAPI_FUNC(int) Py_ReprEnter(PyObject *);
#define Py_DTSF_SIGN 0x01
#define Py_DTSF_ADD_DOT_0 0x02
#define Py_DTSF_ALT 0x04
#define Py_DTST_FINITE 0
#define Py_DTST_INFINITE 1
#define Py_DTST_NAN 2
#endif
