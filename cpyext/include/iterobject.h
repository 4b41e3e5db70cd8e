/* iterobject.h: sequence and callable iterators. */
#ifndef Py_ITEROBJECT_H
#define Py_ITEROBJECT_H
#include "object.h"
PyAPI_DATA(PyTypeObject) PySeqIter_Type;
PyAPI_DATA(PyTypeObject) PyCallIter_Type;
#define PySeqIter_Check(op) Py_IS_TYPE(op, &PySeqIter_Type)
#define PyCallIter_Check(op) Py_IS_TYPE(op, &PyCallIter_Type)
PyAPI_FUNC(PyObject *) PySeqIter_New(PyObject *);
PyAPI_FUNC(PyObject *) PyCallIter_New(PyObject *, PyObject *);
#endif
