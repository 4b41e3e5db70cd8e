/* obmalloc.c: the memory allocators, object initialisation and the
 * reference-count entry points.
 *
 * Invariants:
 * - Every allocator family (PyMem_Raw*, PyMem_*, PyObject_*) is plain
 *   malloc/calloc/realloc/free: memory from one family may be released by
 *   another, and an object's memory carries no hidden header, so
 *   PyObject_Free, PyObject_GC_Del and free are interchangeable.
 * - A request for 0 bytes returns a unique non-NULL block (CPython promises
 *   this); a request above PY_SSIZE_T_MAX returns NULL. The allocators never
 *   set an error; _PyObject_New and friends do (MemoryError).
 * - _cpx_live_objects counts objects created through _cpx_setup_object /
 *   _cpx_new_reference and not yet handed to _Py_Dealloc. Static objects
 *   are never counted.
 * - PyObject_Init / PyObject_InitVar / _PyObject_New / _PyObject_NewVar
 *   return a new reference (refcount 1) and take a reference to a heap
 *   type; the instance's tp_dealloc gives that reference back. */
#include "internal.h"

Py_ssize_t _cpx_live_objects = 0;

/* ---------------- raw memory ---------------- */

static void *mem_malloc(size_t size) {
    if (size > (size_t)PY_SSIZE_T_MAX) return NULL;
    return malloc(size ? size : 1);
}

static void *mem_calloc(size_t nelem, size_t elsize) {
    if (elsize != 0 && nelem > (size_t)PY_SSIZE_T_MAX / elsize) return NULL;
    if (nelem == 0 || elsize == 0) { nelem = 1; elsize = 1; }
    return calloc(nelem, elsize);
}

static void *mem_realloc(void *ptr, size_t size) {
    if (size > (size_t)PY_SSIZE_T_MAX) return NULL;
    return realloc(ptr, size ? size : 1);
}

void *PyMem_RawMalloc(size_t size) { return mem_malloc(size); }
void *PyMem_RawCalloc(size_t nelem, size_t elsize) { return mem_calloc(nelem, elsize); }
void *PyMem_RawRealloc(void *ptr, size_t size) { return mem_realloc(ptr, size); }
void PyMem_RawFree(void *ptr) { free(ptr); }

void *PyMem_Malloc(size_t size) { return mem_malloc(size); }
void *PyMem_Calloc(size_t nelem, size_t elsize) { return mem_calloc(nelem, elsize); }
void *PyMem_Realloc(void *ptr, size_t size) { return mem_realloc(ptr, size); }
void PyMem_Free(void *ptr) { free(ptr); }

void *PyObject_Malloc(size_t size) { return mem_malloc(size); }
void *PyObject_Calloc(size_t nelem, size_t elsize) { return mem_calloc(nelem, elsize); }
void *PyObject_Realloc(void *ptr, size_t size) { return mem_realloc(ptr, size); }
void PyObject_Free(void *ptr) { free(ptr); }

/* ---------------- object initialisation ---------------- */

PyObject *PyObject_Init(PyObject *op, PyTypeObject *tp) {
    if (op == NULL) return PyErr_NoMemory();
    return _cpx_setup_object(op, tp);
}

PyVarObject *PyObject_InitVar(PyVarObject *op, PyTypeObject *tp, Py_ssize_t size) {
    if (op == NULL) return (PyVarObject *)PyErr_NoMemory();
    op->ob_size = size;
    _cpx_setup_object((PyObject *)op, tp);
    return op;
}

/* The block is zeroed although CPython leaves it uninitialised: a
 * deallocator running on a half-built object then sees NULL fields. */
PyObject *_PyObject_New(PyTypeObject *tp) {
    PyObject *op = (PyObject *)PyObject_Calloc(1, (size_t)_PyObject_SIZE(tp));
    if (op == NULL) return PyErr_NoMemory();
    return _cpx_setup_object(op, tp);
}

PyVarObject *_PyObject_NewVar(PyTypeObject *tp, Py_ssize_t nitems) {
    if (nitems < 0) {
        PyErr_BadInternalCall();
        return NULL;
    }
    if (tp->tp_itemsize != 0 && nitems > (PY_SSIZE_T_MAX - tp->tp_basicsize) / tp->tp_itemsize)
        return (PyVarObject *)PyErr_NoMemory();
    PyVarObject *op = (PyVarObject *)PyObject_Calloc(1, _PyObject_VAR_SIZE(tp, nitems));
    if (op == NULL) return (PyVarObject *)PyErr_NoMemory();
    op->ob_size = nitems;
    _cpx_setup_object((PyObject *)op, tp);
    return op;
}

void _Py_NewReference(PyObject *op) { _cpx_new_reference(op); }

/* ---------------- reference counting ---------------- */

void _Py_Dealloc(PyObject *op) {
    _cpx_live_objects--;
    Py_TYPE(op)->tp_dealloc(op);
}

void Py_IncRef(PyObject *op) { Py_XINCREF(op); }
void Py_DecRef(PyObject *op) { Py_XDECREF(op); }
void _Py_IncRef(PyObject *op) { Py_XINCREF(op); }
void _Py_DecRef(PyObject *op) { Py_XDECREF(op); }
