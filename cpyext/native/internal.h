/* internal.h: what the shim's C files share and extensions never see.
 *
 * Invariants every file of cpyext/native keeps:
 * - Exported API functions carry CPython's exact names and are declared in
 *   cpyext/include with PyAPI_FUNC/PyAPI_DATA; everything else is `static`
 *   or named `_cpx_*` (hidden: the shim is built with -fvisibility=hidden).
 * - Objects: every object is one malloc'd block with no hidden header.
 *   Creation goes through _cpx_new_reference (refcount 1, live count + 1);
 *   _Py_Dealloc takes the live count - 1 and calls tp_dealloc. Static
 *   objects (types, None, True, small ints...) are made immortal with
 *   _cpx_immortal and never reach refcount 0.
 * - References follow CPython's documented rules exactly (new vs borrowed,
 *   stealing SetItem functions); each family's file states the exceptions.
 * - Errors: a function failing sets the error indicator (PyErr_*) and
 *   returns NULL / -1, as in CPython.
 * - Each family has one `_cpx_init_<family>(void)` that readies its static
 *   types and creates its singletons; pylifecycle.c calls them in order. */
#ifndef CPX_INTERNAL_H
#define CPX_INTERNAL_H

#define PY_SSIZE_T_CLEAN
#include "Python.h"
#include "structmember.h"

#define CPX_IMMORTAL_REFCNT ((Py_ssize_t)1 << 40)

/* Number of objects created and not yet deallocated (static objects excluded). */
extern Py_ssize_t _cpx_live_objects;

static inline PyObject *_cpx_new_reference(PyObject *op) {
    op->ob_refcnt = 1;
    _cpx_live_objects++;
    return op;
}

/* Set type and refcount of freshly allocated memory (incref a heap type). */
static inline PyObject *_cpx_setup_object(PyObject *op, PyTypeObject *tp) {
    op->ob_type = tp;
    if (tp->tp_flags & Py_TPFLAGS_HEAPTYPE) Py_INCREF(tp);
    return _cpx_new_reference(op);
}

static inline void _cpx_immortal(PyObject *op) { op->ob_refcnt = CPX_IMMORTAL_REFCNT; }

/* An interned, immortal str for a C string: borrowed, cached for the
 * process (attribute names, dunder names). */
PyObject *_cpx_intern(const char *s);

/* The thread state of the calling thread (never NULL once initialised). */
PyThreadState *_cpx_tstate(void);

/* weakrefobject.c: make every weak reference to `op` (whose refcount has
 * reached 0) dead and run their callbacks. PyObject_ClearWeakRefs calls it. */
void _cpx_clear_weakrefs(PyObject *op);

/* Call a PyMethodDef by its flags (methodobject.c): args borrowed, result
 * new. `module` (may be NULL) only names the function in errors. */
PyObject *_cpx_call_methoddef(PyMethodDef *ml, PyObject *self, PyTypeObject *cls, PyObject *module,
                              PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames);

/* The full dotted name of the extension module being initialised (import.c),
 * or NULL: PyModule_Create uses it when def->m_name is its last part. */
extern const char *_cpx_package_context;

/* The positional arguments of PyObject_CallFunction/CallMethod built from
 * format and its varargs (modsupport.c): a new tuple, or NULL with an
 * exception set. NULL or empty format: (); a format giving one tuple: that
 * tuple's items; otherwise one item per value. size_t_flag: '#' lengths are
 * Py_ssize_t (the _SizeT callers); else a '#' raises SystemError. */
PyObject *_cpx_build_call_args(const char *format, va_list va, int size_t_flag);

/* Every builtin exception name (and alias) -> class, into `dict` (exceptions.c). */
int _cpx_exceptions_add_builtins(PyObject *dict);

/* Family initialisers, called once by _cpx_runtime_init (pylifecycle.c). */
int _cpx_init_object(void);
int _cpx_init_types(void);
int _cpx_init_long(void);
int _cpx_init_float(void);
int _cpx_init_unicode(void);
int _cpx_init_bytes(void);
int _cpx_init_containers(void);
int _cpx_init_exceptions(void);
int _cpx_init_descr(void);
int _cpx_init_modules(void);
int _cpx_init_misc(void);
int _cpx_runtime_init(void);

#endif
