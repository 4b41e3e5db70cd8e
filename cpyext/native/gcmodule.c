/* gcmodule.c: the garbage-collector API without a cycle collector.
 *
 * Invariants:
 * - Objects are freed by reference counting only; reference cycles leak.
 *   A GC object has no header before it: _PyObject_GC_New allocates exactly
 *   tp_basicsize bytes (zeroed), and PyObject_GC_Del is PyObject_Free.
 * - Tracking is not recorded: PyObject_GC_Track / UnTrack do nothing and an
 *   object counts as tracked whenever its type is a GC type. (The debug
 *   build records it, to report objects freed while tracked: debug.h.) No object is
 *   ever marked finalized.
 * - The finalizer helpers follow PEP 442: tp_finalize runs with the object
 *   temporarily alive (refcount 1); if it leaves extra references behind,
 *   the object is resurrected (counted live again) and its deallocator must
 *   stop (PyObject_CallFinalizerFromDealloc returns -1). */
#include "internal.h"

static int gc_enabled = 1;

PyObject *_PyObject_GC_New(PyTypeObject *tp) {
    PyObject *op = (PyObject *)PyObject_Calloc(1, (size_t)_PyObject_SIZE(tp));
    if (op == NULL) return PyErr_NoMemory();
    return _cpx_setup_object(op, tp);
}

PyVarObject *_PyObject_GC_NewVar(PyTypeObject *tp, Py_ssize_t nitems) {
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

/* Reallocate a variable-size GC object for nitems items; it may move. */
PyVarObject *_PyObject_GC_Resize(PyVarObject *op, Py_ssize_t nitems) {
    PyTypeObject *tp = Py_TYPE(op);
    if (nitems < 0) {
        PyErr_BadInternalCall();
        return NULL;
    }
    if (tp->tp_itemsize != 0 && nitems > (PY_SSIZE_T_MAX - tp->tp_basicsize) / tp->tp_itemsize)
        return (PyVarObject *)PyErr_NoMemory();
    PyVarObject *moved = (PyVarObject *)PyObject_Realloc(op, _PyObject_VAR_SIZE(tp, nitems));
    if (moved == NULL) return (PyVarObject *)PyErr_NoMemory();
    moved->ob_size = nitems;
    return moved;
}

#ifdef CPX_DEBUG
void PyObject_GC_Track(void *op) { _cpx_debug_gc_track(op, 1); }
void PyObject_GC_UnTrack(void *op) { _cpx_debug_gc_track(op, 0); }
#else
void PyObject_GC_Track(void *op) { (void)op; }
void PyObject_GC_UnTrack(void *op) { (void)op; }
#endif
void PyObject_GC_Del(void *op) { PyObject_Free(op); }

int PyObject_IS_GC(PyObject *op) {
    PyTypeObject *tp = Py_TYPE(op);
    return PyType_IS_GC(tp) && (tp->tp_is_gc == NULL || tp->tp_is_gc(op));
}

int PyObject_GC_IsTracked(PyObject *op) { return PyObject_IS_GC(op); }
int PyObject_GC_IsFinalized(PyObject *op) { (void)op; return 0; }

Py_ssize_t PyGC_Collect(void) { return 0; }

int PyGC_Enable(void) {
    int old = gc_enabled;
    gc_enabled = 1;
    return old;
}

int PyGC_Disable(void) {
    int old = gc_enabled;
    gc_enabled = 0;
    return old;
}

int PyGC_IsEnabled(void) { return gc_enabled; }

/* ---------------- finalizers ---------------- */

void PyObject_CallFinalizer(PyObject *self) {
    destructor finalize = Py_TYPE(self)->tp_finalize;
    if (finalize != NULL) finalize(self);
}

int PyObject_CallFinalizerFromDealloc(PyObject *self) {
    if (Py_REFCNT(self) != 0) {
        Py_FatalError("PyObject_CallFinalizerFromDealloc called on object with a non-zero refcount");
    }
    /* Bring the object back to life for the duration of the finalizer. */
    Py_SET_REFCNT(self, 1);
    PyObject_CallFinalizer(self);
    /* Drop the temporary reference by hand: a Py_DECREF would re-enter
     * the deallocator. */
    if (--self->ob_refcnt == 0) return 0;
    /* The finalizer stored a new reference somewhere: the object lives on
     * and counts as live again (_Py_Dealloc had uncounted it). */
    _cpx_live_objects++;
#ifdef CPX_DEBUG
    _cpx_debug_track(self);
#endif
    return -1;
}

/* ---------------- weak reference slots ---------------- */

int PyType_SUPPORTS_WEAKREFS(PyTypeObject *type) { return type->tp_weaklistoffset > 0; }

PyObject **PyObject_GET_WEAKREFS_LISTPTR(PyObject *op) {
    return (PyObject **)((char *)op + Py_TYPE(op)->tp_weaklistoffset);
}

/* ---------------- the trashcan ---------------- */

/* CPython defers deeply nested deallocations; here deallocation always
 * runs at once (no deferral: _PyTrash_cond says "not needed"). */
int _PyTrash_cond(PyObject *op, destructor dealloc) { return 0; }
int _PyTrash_begin(PyThreadState *tstate, PyObject *op) { return 0; }
void _PyTrash_end(PyThreadState *tstate) { (void)tstate; }
