/* sliceobject.h: slices, Ellipsis and ranges (CPython 3.11 layout). */
#ifndef Py_SLICEOBJECT_H
#define Py_SLICEOBJECT_H
#include "object.h"
PyAPI_DATA(PyObject) _Py_EllipsisObject;
#define Py_Ellipsis (&_Py_EllipsisObject)
typedef struct {
    PyObject_HEAD
    PyObject *start, *stop, *step;
} PySliceObject;
PyAPI_DATA(PyTypeObject) PySlice_Type;
PyAPI_DATA(PyTypeObject) PyEllipsis_Type;
PyAPI_DATA(PyTypeObject) PyRange_Type;
PyAPI_DATA(PyTypeObject) PyRangeIter_Type;
#define PySlice_Check(op) Py_IS_TYPE(op, &PySlice_Type)
#define PyRange_Check(op) Py_IS_TYPE(op, &PyRange_Type)
PyAPI_FUNC(PyObject *) PySlice_New(PyObject *, PyObject *, PyObject *);
PyAPI_FUNC(int) PySlice_GetIndices(PyObject *, Py_ssize_t, Py_ssize_t *, Py_ssize_t *, Py_ssize_t *);
PyAPI_FUNC(int) PySlice_GetIndicesEx(PyObject *, Py_ssize_t, Py_ssize_t *, Py_ssize_t *, Py_ssize_t *, Py_ssize_t *);
PyAPI_FUNC(int) PySlice_Unpack(PyObject *, Py_ssize_t *, Py_ssize_t *, Py_ssize_t *);
PyAPI_FUNC(Py_ssize_t) PySlice_AdjustIndices(Py_ssize_t, Py_ssize_t *, Py_ssize_t *, Py_ssize_t);
PyAPI_FUNC(PyObject *) _PySlice_FromIndices(Py_ssize_t, Py_ssize_t);
/* ceval.h in CPython: a slice index to Py_ssize_t (clamped); 1 on success. */
PyAPI_FUNC(int) _PyEval_SliceIndex(PyObject *, Py_ssize_t *);
PyAPI_FUNC(int) _PyEval_SliceIndexNotNone(PyObject *, Py_ssize_t *);
#endif
