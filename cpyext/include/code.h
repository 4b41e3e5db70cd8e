/* code.h: code objects (CPython 3.11 layout).
 *
 * Invariant: PyCodeObject has CPython 3.11's layout field for field (Cython's generated C reads
 * co_flags, co_argcount and co_nfreevars through PyCode_GetNumFree). The shim runs no bytecode:
 * a code object is the record of a function's signature, names and location that tracebacks
 * and introspection read; co_code_adaptive holds a copy of the co_code bytes given. */
#ifndef Py_CODE_H
#define Py_CODE_H
#include "object.h"

typedef uint16_t _Py_CODEUNIT;

struct PyCodeObject {
    PyObject_VAR_HEAD
    PyObject *co_consts;
    PyObject *co_names;
    PyObject *co_exceptiontable;
    int co_flags;
    short co_warmup;
    short _co_linearray_entry_size;
    int co_argcount;
    int co_posonlyargcount;
    int co_kwonlyargcount;
    int co_stacksize;
    int co_firstlineno;
    int co_nlocalsplus;
    int co_nlocals;
    int co_nplaincellvars;
    int co_ncellvars;
    int co_nfreevars;
    PyObject *co_localsplusnames;
    PyObject *co_localspluskinds;
    PyObject *co_filename;
    PyObject *co_name;
    PyObject *co_qualname;
    PyObject *co_linetable;
    PyObject *co_weakreflist;
    PyObject *_co_code;
    char *_co_linearray;
    int _co_firsttraceable;
    void *co_extra;
    char co_code_adaptive[1];
};

#define CO_OPTIMIZED 0x0001
#define CO_NEWLOCALS 0x0002
#define CO_VARARGS 0x0004
#define CO_VARKEYWORDS 0x0008
#define CO_NESTED 0x0010
#define CO_GENERATOR 0x0020
#define CO_NOFREE 0x0040
#define CO_COROUTINE 0x0080
#define CO_ITERABLE_COROUTINE 0x0100
#define CO_ASYNC_GENERATOR 0x0200
#define CO_FUTURE_DIVISION 0x20000
#define CO_FUTURE_ABSOLUTE_IMPORT 0x40000
#define CO_FUTURE_WITH_STATEMENT 0x80000
#define CO_FUTURE_PRINT_FUNCTION 0x100000
#define CO_FUTURE_UNICODE_LITERALS 0x200000
#define CO_FUTURE_BARRY_AS_BDFL 0x400000
#define CO_FUTURE_GENERATOR_STOP 0x800000
#define CO_FUTURE_ANNOTATIONS 0x1000000
#define CO_MAXBLOCKS 20

PyAPI_DATA(PyTypeObject) PyCode_Type;
#define PyCode_Check(op) Py_IS_TYPE(op, &PyCode_Type)
static inline Py_ssize_t PyCode_GetNumFree(PyCodeObject *op) { return op->co_nfreevars; }

#define _PyCode_CODE(CO) ((_Py_CODEUNIT *)(CO)->co_code_adaptive)
#define _PyCode_NBYTES(CO) (Py_SIZE(CO) * (Py_ssize_t)sizeof(_Py_CODEUNIT))

/* (argcount, [posonlyargcount,] kwonlyargcount, nlocals, stacksize, flags, code, consts, names,
 *  varnames, freevars, cellvars, filename, name, qualname, firstlineno, linetable, exceptiontable) */
PyAPI_FUNC(PyCodeObject *) PyCode_New(int, int, int, int, int, PyObject *, PyObject *, PyObject *, PyObject *,
                                      PyObject *, PyObject *, PyObject *, PyObject *, PyObject *, int, PyObject *,
                                      PyObject *);
PyAPI_FUNC(PyCodeObject *) PyCode_NewWithPosOnlyArgs(int, int, int, int, int, int, PyObject *, PyObject *, PyObject *,
                                                     PyObject *, PyObject *, PyObject *, PyObject *, PyObject *,
                                                     PyObject *, int, PyObject *, PyObject *);
PyAPI_FUNC(PyCodeObject *) PyCode_NewEmpty(const char *filename, const char *funcname, int firstlineno);
PyAPI_FUNC(int) PyCode_Addr2Line(PyCodeObject *, int);
PyAPI_FUNC(PyObject *) PyCode_GetCode(PyCodeObject *);
PyAPI_FUNC(PyObject *) PyCode_GetVarnames(PyCodeObject *);
PyAPI_FUNC(PyObject *) PyCode_GetCellvars(PyCodeObject *);
PyAPI_FUNC(PyObject *) PyCode_GetFreevars(PyCodeObject *);
#endif
