/* funcobject.h: Python function objects. The shim runs no bytecode, so no `function` instance
 * ever exists; the type is there for PyFunction_Check (which Cython's code calls). */
#ifndef Py_FUNCOBJECT_H
#define Py_FUNCOBJECT_H
#include "object.h"
PyAPI_DATA(PyTypeObject) PyFunction_Type;
#define PyFunction_Check(op) Py_IS_TYPE(op, &PyFunction_Type)
#endif
