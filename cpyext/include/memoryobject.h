/* memoryobject.h: memoryview (CPython 3.11 layout). */
#ifndef Py_MEMORYOBJECT_H
#define Py_MEMORYOBJECT_H
#include "object.h"
PyAPI_DATA(PyTypeObject) PyMemoryView_Type;
PyAPI_DATA(PyTypeObject) _PyManagedBuffer_Type;
#define PyMemoryView_Check(op) Py_IS_TYPE(op, &PyMemoryView_Type)
typedef struct {
    PyObject_HEAD
    int flags;
    Py_ssize_t exports;
    Py_buffer master;
} _PyManagedBufferObject;
#define _Py_MEMORYVIEW_RELEASED 0x001
#define _Py_MEMORYVIEW_C 0x002
#define _Py_MEMORYVIEW_FORTRAN 0x004
#define _Py_MEMORYVIEW_SCALAR 0x008
#define _Py_MEMORYVIEW_PIL 0x010
typedef struct {
    PyObject_VAR_HEAD
    _PyManagedBufferObject *mbuf;
    Py_hash_t hash;
    int flags;
    Py_ssize_t exports;
    Py_buffer view;
    PyObject *weakreflist;
    Py_ssize_t ob_array[1];
} PyMemoryViewObject;
#define PyMemoryView_GET_BUFFER(op) (&((PyMemoryViewObject *)(op))->view)
#define PyMemoryView_GET_BASE(op) (((PyMemoryViewObject *)(op))->view.obj)
PyAPI_FUNC(PyObject *) PyMemoryView_FromObject(PyObject *);
PyAPI_FUNC(PyObject *) PyMemoryView_FromMemory(char *, Py_ssize_t, int);
PyAPI_FUNC(PyObject *) PyMemoryView_FromBuffer(const Py_buffer *);
PyAPI_FUNC(PyObject *) PyMemoryView_GetContiguous(PyObject *, int, char);
#endif
