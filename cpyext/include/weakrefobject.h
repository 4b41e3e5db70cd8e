/* weakrefobject.h: weak references. Invariant: a weak reference does not
 * own its referent; PyObject_ClearWeakRefs (called from an extension's
 * tp_dealloc) makes every weak reference to the dying object dead. */
#ifndef Py_WEAKREFOBJECT_H
#define Py_WEAKREFOBJECT_H
#include "object.h"
typedef struct _PyWeakReference PyWeakReference;
struct _PyWeakReference {
    PyObject_HEAD
    PyObject *wr_object;
    PyObject *wr_callback;
    Py_hash_t hash;
    PyWeakReference *wr_prev;
    PyWeakReference *wr_next;
    vectorcallfunc vectorcall;
};
PyAPI_DATA(PyTypeObject) _PyWeakref_RefType;
PyAPI_DATA(PyTypeObject) _PyWeakref_ProxyType;
PyAPI_DATA(PyTypeObject) _PyWeakref_CallableProxyType;
#define PyWeakref_CheckRef(op) PyObject_TypeCheck(op, &_PyWeakref_RefType)
#define PyWeakref_CheckRefExact(op) Py_IS_TYPE(op, &_PyWeakref_RefType)
#define PyWeakref_CheckProxy(op) (Py_IS_TYPE(op, &_PyWeakref_ProxyType) || Py_IS_TYPE(op, &_PyWeakref_CallableProxyType))
#define PyWeakref_Check(op) (PyWeakref_CheckRef(op) || PyWeakref_CheckProxy(op))
PyAPI_FUNC(PyObject *) PyWeakref_NewRef(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PyWeakref_NewProxy(PyObject *, PyObject *);
PyAPI_FUNC(PyObject *) PyWeakref_GetObject(PyObject *);
PyAPI_FUNC(Py_ssize_t) _PyWeakref_GetWeakrefCount(PyWeakReference *);
PyAPI_FUNC(void) _PyWeakref_ClearRef(PyWeakReference *);
#define PyWeakref_GET_OBJECT(ref) (Py_REFCNT(((PyWeakReference *)(ref))->wr_object) > 0 \
    ? ((PyWeakReference *)(ref))->wr_object : Py_None)
#endif
