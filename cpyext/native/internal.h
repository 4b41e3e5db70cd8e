/* internal.h: what the shim's C files share and extensions never see.
 *
 * Invariants every file of cpyext/native keeps:
 * - Exported API functions carry CPython's exact names and are declared in
 *   cpyext/include with PyAPI_FUNC/PyAPI_DATA; everything else is `static`
 *   or named `_cpx_*` (hidden: the shim is built with -fvisibility=hidden).
 * - Objects: every object is one malloc'd block with no hidden header
 *   (the debug build, CPX_DEBUG, puts one before every PyMem/PyObject
 *   block: debug.h).
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

#ifdef CPX_DEBUG
#include "debug.h" /* the debug shim's hooks (cpyext_debug.node only) */
#endif

/* Number of objects created and not yet deallocated (static objects excluded). */
extern Py_ssize_t _cpx_live_objects;

static inline PyObject *_cpx_new_reference(PyObject *op) {
    op->ob_refcnt = 1;
    _cpx_live_objects++;
#ifdef CPX_DEBUG
    _cpx_debug_track(op);
#endif
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

/* The GIL hand-over (pystate.c): a thread about to block for the GIL calls
 * _cpx_gil_wanted (set by the bridge: wake the JS thread's event loop),
 * whose callback, on the idle JS thread, runs _cpx_gil_yield. */
extern void (*_cpx_gil_wanted)(void);
void _cpx_gil_yield(void);

/* The thread state of the calling thread (never NULL once initialised):
 * pystate.c's thread-local current state, read inline (initial-exec TLS:
 * one load, no __tls_get_addr call), made on a thread's first use. */
#define CPX_TLS __thread __attribute__((tls_model("initial-exec"), visibility("hidden")))
extern CPX_TLS PyThreadState *_cpx_tls_current;
PyThreadState *_cpx_tstate_slow(void);
static inline PyThreadState *_cpx_tstate(void) {
    PyThreadState *ts = _cpx_tls_current;
    return __builtin_expect(ts != NULL, 1) ? ts : _cpx_tstate_slow();
}

/* weakrefobject.c: make every weak reference to `op` (whose refcount has
 * reached 0) dead and run their callbacks. PyObject_ClearWeakRefs calls it. */
void _cpx_clear_weakrefs(PyObject *op);

/* Call a PyMethodDef by its flags (methodobject.c): args borrowed, result
 * new. `module` (may be NULL) only names the function in errors. */
PyObject *_cpx_call_methoddef(PyMethodDef *ml, PyObject *self, PyTypeObject *cls, PyObject *module,
                              PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames);
/* A function's result as CPython checks it: NULL needs an error set, a
 * result must come without one (else SystemError naming the function). */
PyObject *_cpx_bad_call_result(PyMethodDef *ml, PyObject *self, PyObject *result);
static inline PyObject *_cpx_check_call_result(PyMethodDef *ml, PyObject *self, PyObject *result) {
    if (__builtin_expect(result != NULL && _cpx_tstate()->curexc_type == NULL, 1)) return result;
    return _cpx_bad_call_result(ml, self, result);
}
/* _cpx_call_methoddef's fast lane, inlined into the hot call paths: the
 * flag words that need no tuple, no dict and no error message, called
 * directly; everything else (keywords, arity errors, VARARGS) goes to
 * _cpx_call_methoddef. Same results either way. */
static inline PyObject *_cpx_call_methoddef_inline(PyMethodDef *ml, PyObject *self, PyTypeObject *cls,
                                                   PyObject *module, PyObject *const *args, Py_ssize_t nargs) {
    PyObject *r;
    switch (ml->ml_flags) {
    case METH_NOARGS:
        if (nargs != 0) goto general;
        r = ml->ml_meth(self, NULL);
        break;
    case METH_O:
        if (nargs != 1) goto general;
        r = ml->ml_meth(self, args[0]);
        break;
    case METH_FASTCALL:
        r = ((_PyCFunctionFast)(void (*)(void))ml->ml_meth)(self, args, nargs);
        break;
    case METH_FASTCALL | METH_KEYWORDS:
        r = ((_PyCFunctionFastWithKeywords)(void (*)(void))ml->ml_meth)(self, args, nargs, NULL);
        break;
    default:
        goto general;
    }
    return _cpx_check_call_result(ml, self, r);
general:
    return _cpx_call_methoddef(ml, self, cls, module, args, nargs, NULL);
}

/* The full dotted name of the extension module being initialised (import.c),
 * or NULL: PyModule_Create uses it when def->m_name is its last part. */
extern const char *_cpx_package_context;

/* The positional arguments of PyObject_CallFunction/CallMethod built from
 * format and its varargs (modsupport.c): a new tuple, or NULL with an
 * exception set. NULL or empty format: (); a format giving one tuple: that
 * tuple's items; otherwise one item per value. size_t_flag: '#' lengths are
 * Py_ssize_t (the _SizeT callers); else a '#' raises SystemError. */
PyObject *_cpx_build_call_args(const char *format, va_list va, int size_t_flag);

/* The limit on decimal digits of int <-> str conversions (long_format.c;
 * 0: none), set by sys.set_int_max_str_digits (sysmodule.c). Numbers of at
 * most CPX_MAX_STR_DIGITS_THRESHOLD digits are never checked, and a limit
 * must be 0 or at least that. */
extern int _cpx_int_max_str_digits;
#define CPX_MAX_STR_DIGITS_THRESHOLD 640
/* object's pickling methods and subclass hooks (typeobject_reduce.c). */
PyObject *_cpx_object_reduce_ex(PyObject *self, PyObject *protocol);
PyObject *_cpx_object_reduce(PyObject *self, PyObject *unused);
PyObject *_cpx_object_getstate(PyObject *self, PyObject *unused);
PyObject *_cpx_object_subclasshook(PyObject *cls, PyObject *args);
PyObject *_cpx_object_init_subclass(PyObject *cls, PyObject *args, PyObject *kwds);

/* Slots that call the dunder methods of a class made by type(name, bases, dict): set for
 * each such name in type->tp_dict, after PyType_Ready (typeobject_pyslots.c). */
int _cpx_install_slot_dispatchers(PyTypeObject *type);

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
