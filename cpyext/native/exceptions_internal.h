/* exceptions_internal.h: what the files of the exception family
 * (exceptions.c, exceptions_os.c, exceptions_unicode.c, exceptions_group.c)
 * share with each other and nobody else.
 *
 * Invariant: every builtin exception type is a static PyTypeObject named
 * _cpx_exc_<Name> (hidden), whose instances start with PyException_HEAD;
 * the PyExc_<Name> globals point at them. The BaseException slot functions
 * below are the building blocks every subtype's own slots call first: a
 * subtype's clear/traverse/init run the BaseException part and then handle
 * their own fields. */
#ifndef CPX_EXCEPTIONS_INTERNAL_H
#define CPX_EXCEPTIONS_INTERNAL_H

#include "internal.h"

#define CPX_EXC_FLAGS (Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC | \
                       Py_TPFLAGS_BASE_EXC_SUBCLASS)

/* The fields every exception type initialises the same way. */
#define CPX_EXC_HEAD(NAME, STRUCT, BASE, DOC) \
    PyVarObject_HEAD_INIT(&PyType_Type, 0) \
    .tp_name = NAME, \
    .tp_basicsize = sizeof(STRUCT), \
    .tp_getattro = PyObject_GenericGetAttr, \
    .tp_setattro = PyObject_GenericSetAttr, \
    .tp_flags = CPX_EXC_FLAGS, \
    .tp_doc = DOC, \
    .tp_base = BASE, \
    .tp_dictoffset = offsetof(PyBaseExceptionObject, dict), \
    .tp_alloc = PyType_GenericAlloc, \
    .tp_free = PyObject_GC_Del

/* A dealloc for a layout whose clear function is CLEAR. */
#define CPX_EXC_DEALLOC(FN, CLEAR) \
    static void FN(PyObject *self) { \
        PyObject_GC_UnTrack(self); \
        (void)CLEAR(self); \
        Py_TYPE(self)->tp_free(self); \
    }

/* BaseException's slots (exceptions.c). */
PyObject *_cpx_exc_base_new(PyTypeObject *type, PyObject *args, PyObject *kwds);
int _cpx_exc_base_init(PyObject *self, PyObject *args, PyObject *kwds);
int _cpx_exc_base_clear(PyObject *self);
int _cpx_exc_base_traverse(PyObject *self, visitproc visit, void *arg);
void _cpx_exc_base_dealloc(PyObject *self);
PyObject *_cpx_exc_base_str(PyObject *self);
PyObject *_cpx_exc_base_repr(PyObject *self);

/* TypeError "<Name>() takes no keyword arguments" when kwds is non-empty;
 * returns 0 then, 1 when there are no keywords. */
int _cpx_exc_no_keywords(PyTypeObject *type, PyObject *kwds);

/* Puts every builtin exception class, the EnvironmentError/IOError aliases
 * and ExceptionGroup into dict under its builtins name (for bltinmodule.c).
 * 0, or -1 with an error set. */
int _cpx_exceptions_add_builtins(PyObject *dict);

/* The base types the split files derive from (exceptions.c). */
extern PyTypeObject _cpx_exc_BaseException;
extern PyTypeObject _cpx_exc_Exception;
extern PyTypeObject _cpx_exc_ValueError;
extern PyTypeObject _cpx_exc_UnicodeError;

/* exceptions_os.c */
extern PyTypeObject _cpx_exc_OSError, _cpx_exc_BlockingIOError, _cpx_exc_ChildProcessError,
    _cpx_exc_ConnectionError, _cpx_exc_BrokenPipeError, _cpx_exc_ConnectionAbortedError,
    _cpx_exc_ConnectionRefusedError, _cpx_exc_ConnectionResetError, _cpx_exc_FileExistsError,
    _cpx_exc_FileNotFoundError, _cpx_exc_InterruptedError, _cpx_exc_IsADirectoryError,
    _cpx_exc_NotADirectoryError, _cpx_exc_PermissionError, _cpx_exc_ProcessLookupError,
    _cpx_exc_TimeoutError;

/* exceptions_unicode.c */
extern PyTypeObject _cpx_exc_UnicodeEncodeError, _cpx_exc_UnicodeDecodeError,
    _cpx_exc_UnicodeTranslateError;

/* exceptions_group.c: BaseExceptionGroup is static; ExceptionGroup (bases
 * BaseExceptionGroup and Exception, as in CPython) is a heap type made on
 * first need. _cpx_exc_group_type returns it borrowed, or NULL with an
 * error set. */
extern PyTypeObject _cpx_exc_BaseExceptionGroup;
PyObject *_cpx_exc_group_type(void);

#endif
