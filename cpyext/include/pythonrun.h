/* pythonrun.h: running Python source. The shim has no compiler or interpreter: these raise. */
#ifndef Py_PYTHONRUN_H
#define Py_PYTHONRUN_H
#include "compile.h"
#include "object.h"
PyAPI_FUNC(PyObject *) PyRun_StringFlags(const char *, int, PyObject *, PyObject *, PyCompilerFlags *);
#define PyRun_String(str, s, g, l) PyRun_StringFlags((str), (s), (g), (l), NULL)
#endif
