/* genobject.h: Python generators, coroutines and async generators. The shim runs no bytecode,
 * so no instance of these types ever exists (Cython's generators are Cython's own types); the
 * types are there for the PyGen_Check family, which Cython's code calls. */
#ifndef Py_GENOBJECT_H
#define Py_GENOBJECT_H
#include "object.h"
typedef struct _cpx_genobject PyGenObject;
PyAPI_DATA(PyTypeObject) PyGen_Type;
PyAPI_DATA(PyTypeObject) PyCoro_Type;
PyAPI_DATA(PyTypeObject) PyAsyncGen_Type;
#define PyGen_Check(op) PyObject_TypeCheck(op, &PyGen_Type)
#define PyGen_CheckExact(op) Py_IS_TYPE(op, &PyGen_Type)
#define PyCoro_CheckExact(op) Py_IS_TYPE(op, &PyCoro_Type)
#define PyAsyncGen_CheckExact(op) Py_IS_TYPE(op, &PyAsyncGen_Type)
PyAPI_FUNC(int) _PyGen_SetStopIterationValue(PyObject *);
PyAPI_FUNC(int) _PyGen_FetchStopIterationValue(PyObject **);
#endif
