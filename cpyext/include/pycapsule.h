/* pycapsule.h: capsules, a named void * with an optional destructor. */
#ifndef Py_CAPSULE_H
#define Py_CAPSULE_H
#include "object.h"
PyAPI_DATA(PyTypeObject) PyCapsule_Type;
typedef void (*PyCapsule_Destructor)(PyObject *);
#define PyCapsule_CheckExact(op) Py_IS_TYPE(op, &PyCapsule_Type)
PyAPI_FUNC(PyObject *) PyCapsule_New(void *, const char *, PyCapsule_Destructor);
PyAPI_FUNC(void *) PyCapsule_GetPointer(PyObject *, const char *);
PyAPI_FUNC(PyCapsule_Destructor) PyCapsule_GetDestructor(PyObject *);
PyAPI_FUNC(const char *) PyCapsule_GetName(PyObject *);
PyAPI_FUNC(void *) PyCapsule_GetContext(PyObject *);
PyAPI_FUNC(int) PyCapsule_IsValid(PyObject *, const char *);
PyAPI_FUNC(int) PyCapsule_SetPointer(PyObject *, void *);
PyAPI_FUNC(int) PyCapsule_SetDestructor(PyObject *, PyCapsule_Destructor);
PyAPI_FUNC(int) PyCapsule_SetName(PyObject *, const char *);
PyAPI_FUNC(int) PyCapsule_SetContext(PyObject *, void *);
PyAPI_FUNC(void *) PyCapsule_Import(const char *, int);
#endif
