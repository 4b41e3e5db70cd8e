/* pylifecycle.h: interpreter lifetime queries. The shim's interpreter is
 * initialised when the shim loads and never finalised. */
#ifndef Py_PYLIFECYCLE_H
#define Py_PYLIFECYCLE_H
#include <wchar.h>
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
PyAPI_FUNC(const char *) Py_GetBuildInfo(void);
PyAPI_FUNC(const char *) Py_GetCompiler(void);
PyAPI_FUNC(const char *) Py_GetCopyright(void);
PyAPI_FUNC(wchar_t *) Py_GetProgramName(void);
PyAPI_FUNC(wchar_t *) Py_GetProgramFullPath(void);
PyAPI_FUNC(wchar_t *) Py_GetPrefix(void);
PyAPI_FUNC(wchar_t *) Py_GetExecPrefix(void);
PyAPI_FUNC(wchar_t *) Py_GetPath(void);
PyAPI_FUNC(wchar_t *) Py_GetPythonHome(void);
PyAPI_FUNC(void) Py_SetProgramName(const wchar_t *);
PyAPI_FUNC(void) Py_SetPythonHome(const wchar_t *);
PyAPI_FUNC(void) Py_SetPath(const wchar_t *);
PyAPI_FUNC(void) Py_GetArgcArgv(int *argc, wchar_t ***argv);
PyAPI_DATA(const unsigned long) Py_Version;

/* sysmodule.h: the PySys_* functions beyond those in import.h. */
PyAPI_FUNC(void) PySys_SetArgv(int, wchar_t **);
PyAPI_FUNC(void) PySys_SetArgvEx(int, wchar_t **, int);
PyAPI_FUNC(void) PySys_SetPath(const wchar_t *);
PyAPI_FUNC(void) PySys_ResetWarnOptions(void);
PyAPI_FUNC(void) PySys_AddWarnOption(const wchar_t *);
PyAPI_FUNC(void) PySys_AddWarnOptionUnicode(PyObject *);
PyAPI_FUNC(int) PySys_HasWarnOptions(void);
PyAPI_FUNC(void) PySys_AddXOption(const wchar_t *);
PyAPI_FUNC(PyObject *) PySys_GetXOptions(void);
PyAPI_FUNC(int) PySys_AddAuditHook(int (*)(const char *, PyObject *, void *), void *);

/* bltinmodule.h: the builtin iterator types. */
PyAPI_DATA(PyTypeObject) PyFilter_Type;
PyAPI_DATA(PyTypeObject) PyMap_Type;
PyAPI_DATA(PyTypeObject) PyZip_Type;

#define Py_DTSF_SIGN 0x01
#define Py_DTSF_ADD_DOT_0 0x02
#define Py_DTSF_ALT 0x04
#define Py_DTST_FINITE 0
#define Py_DTST_INFINITE 1
#define Py_DTST_NAN 2
#endif
