/* frameobject.h: creating frames (for tracebacks). As in CPython 3.11, the PyFrameObject
 * struct itself is only in internal/pycore_frame.h. */
#ifndef Py_FRAMEOBJECT_H
#define Py_FRAMEOBJECT_H
#include "Python.h"
PyAPI_FUNC(PyFrameObject *) PyFrame_New(PyThreadState *, PyCodeObject *, PyObject *, PyObject *);
PyAPI_FUNC(void) PyFrame_LocalsToFast(PyFrameObject *, int);
PyAPI_FUNC(int) PyFrame_FastToLocalsWithError(PyFrameObject *f);
PyAPI_FUNC(void) PyFrame_FastToLocals(PyFrameObject *);
#endif
