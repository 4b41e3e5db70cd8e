/* modsupport.h: argument parsing and value building (getargs*.c,
 * modsupport.c). Both spellings of each parser and builder are exported:
 * the _SizeT names take '#' lengths as Py_ssize_t; the plain names are what
 * binaries built without PY_SSIZE_T_CLEAN call, and there (as in CPython
 * 3.11) a '#' unit raises SystemError. With PY_SSIZE_T_CLEAN defined the
 * macros below select the _SizeT versions. */
#ifndef Py_MODSUPPORT_H
#define Py_MODSUPPORT_H
#include <stdarg.h>
#include "object.h"

#ifdef PY_SSIZE_T_CLEAN
#define PyArg_Parse _PyArg_Parse_SizeT
#define PyArg_ParseTuple _PyArg_ParseTuple_SizeT
#define PyArg_ParseTupleAndKeywords _PyArg_ParseTupleAndKeywords_SizeT
#define PyArg_VaParse _PyArg_VaParse_SizeT
#define PyArg_VaParseTupleAndKeywords _PyArg_VaParseTupleAndKeywords_SizeT
#define Py_BuildValue _Py_BuildValue_SizeT
#define Py_VaBuildValue _Py_VaBuildValue_SizeT
#define _Py_VaBuildStack _Py_VaBuildStack_SizeT
#define _PyArg_ParseTupleAndKeywordsFast _PyArg_ParseTupleAndKeywordsFast_SizeT
#define _PyArg_ParseStack _PyArg_ParseStack_SizeT
#define _PyArg_ParseStackAndKeywords _PyArg_ParseStackAndKeywords_SizeT
#define _PyArg_VaParseTupleAndKeywordsFast _PyArg_VaParseTupleAndKeywordsFast_SizeT
#endif

/* An O& converter returning this is called again with NULL to undo its
 * work when a later argument fails. */
#define Py_CLEANUP_SUPPORTED 0x20000
#define ANY_VARARGS(n) ((n) == PY_SSIZE_T_MAX)

typedef struct _PyArg_Parser {
    const char *format;
    const char *const *keywords;
    const char *fname;
    const char *custom_msg;
    int pos;
    int min;
    int max;
    PyObject *kwtuple;
    struct _PyArg_Parser *next;
} _PyArg_Parser;

PyAPI_FUNC(int) PyArg_Parse(PyObject *, const char *, ...);
PyAPI_FUNC(int) PyArg_ParseTuple(PyObject *, const char *, ...);
PyAPI_FUNC(int) PyArg_ParseTupleAndKeywords(PyObject *, PyObject *, const char *, char **, ...);
PyAPI_FUNC(int) PyArg_VaParse(PyObject *, const char *, va_list);
PyAPI_FUNC(int) PyArg_VaParseTupleAndKeywords(PyObject *, PyObject *, const char *, char **, va_list);
PyAPI_FUNC(int) PyArg_ValidateKeywordArguments(PyObject *);
PyAPI_FUNC(int) PyArg_UnpackTuple(PyObject *, const char *, Py_ssize_t, Py_ssize_t, ...);
PyAPI_FUNC(PyObject *) Py_BuildValue(const char *, ...);
PyAPI_FUNC(PyObject *) Py_VaBuildValue(const char *, va_list);
PyAPI_FUNC(int) _PyArg_Parse_SizeT(PyObject *, const char *, ...);
PyAPI_FUNC(int) _PyArg_ParseTuple_SizeT(PyObject *, const char *, ...);
PyAPI_FUNC(int) _PyArg_ParseTupleAndKeywords_SizeT(PyObject *, PyObject *, const char *, char **, ...);
PyAPI_FUNC(int) _PyArg_VaParse_SizeT(PyObject *, const char *, va_list);
PyAPI_FUNC(int) _PyArg_VaParseTupleAndKeywords_SizeT(PyObject *, PyObject *, const char *, char **, va_list);
PyAPI_FUNC(PyObject *) _Py_BuildValue_SizeT(const char *, ...);
PyAPI_FUNC(PyObject *) _Py_VaBuildValue_SizeT(const char *, va_list);
PyAPI_FUNC(int) _PyArg_ParseStack(PyObject *const *, Py_ssize_t, const char *, ...);
PyAPI_FUNC(int) _PyArg_ParseStack_SizeT(PyObject *const *, Py_ssize_t, const char *, ...);
PyAPI_FUNC(int) _PyArg_ParseStackAndKeywords(PyObject *const *, Py_ssize_t, PyObject *, _PyArg_Parser *, ...);
PyAPI_FUNC(int) _PyArg_ParseStackAndKeywords_SizeT(PyObject *const *, Py_ssize_t, PyObject *, _PyArg_Parser *, ...);
PyAPI_FUNC(int) _PyArg_ParseTupleAndKeywordsFast(PyObject *, PyObject *, _PyArg_Parser *, ...);
PyAPI_FUNC(int) _PyArg_ParseTupleAndKeywordsFast_SizeT(PyObject *, PyObject *, _PyArg_Parser *, ...);
PyAPI_FUNC(int) _PyArg_UnpackStack(PyObject *const *, Py_ssize_t, const char *, Py_ssize_t, Py_ssize_t, ...);
PyAPI_FUNC(int) _PyArg_NoKeywords(const char *, PyObject *);
PyAPI_FUNC(int) _PyArg_NoKwnames(const char *, PyObject *);
PyAPI_FUNC(int) _PyArg_NoPositional(const char *, PyObject *);
PyAPI_FUNC(int) _PyArg_CheckPositional(const char *, Py_ssize_t, Py_ssize_t, Py_ssize_t);
PyAPI_FUNC(void) _PyArg_BadArgument(const char *, const char *, const char *, PyObject *);
PyAPI_FUNC(PyObject *const *) _PyArg_UnpackKeywords(PyObject *const *, Py_ssize_t, PyObject *, PyObject *,
    _PyArg_Parser *, int, int, int, PyObject **);
PyAPI_FUNC(PyObject *const *) _PyArg_UnpackKeywordsWithVararg(PyObject *const *, Py_ssize_t, PyObject *,
    PyObject *, _PyArg_Parser *, int, int, int, int, PyObject **);
PyAPI_FUNC(int) _PyArg_VaParseTupleAndKeywordsFast(PyObject *, PyObject *, _PyArg_Parser *, va_list);
PyAPI_FUNC(int) _PyArg_VaParseTupleAndKeywordsFast_SizeT(PyObject *, PyObject *, _PyArg_Parser *, va_list);
PyAPI_FUNC(PyObject **) _Py_VaBuildStack(PyObject **, Py_ssize_t, const char *, va_list, Py_ssize_t *);
PyAPI_FUNC(PyObject **) _Py_VaBuildStack_SizeT(PyObject **, Py_ssize_t, const char *, va_list, Py_ssize_t *);

/* CPython's inline fast paths around the checking helpers. */
#define _PyArg_NoKeywords(funcname, kwargs) \
    ((kwargs) == NULL || _PyArg_NoKeywords((funcname), (kwargs)))
#define _PyArg_NoKwnames(funcname, kwnames) \
    ((kwnames) == NULL || _PyArg_NoKwnames((funcname), (kwnames)))
#define _PyArg_NoPositional(funcname, args) \
    ((args) == NULL || _PyArg_NoPositional((funcname), (args)))
#define _PyArg_CheckPositional(funcname, nargs, min, max) \
    ((!ANY_VARARGS(max) && (min) <= (nargs) && (nargs) <= (max)) \
     || _PyArg_CheckPositional((funcname), (nargs), (min), (max)))
#define _PyArg_UnpackKeywords(args, nargs, kwargs, kwnames, parser, minpos, maxpos, minkw, buf) \
    (((minkw) == 0 && (kwargs) == NULL && (kwnames) == NULL && \
      (minpos) <= (nargs) && (nargs) <= (maxpos) && (args) != NULL) ? (args) : \
     _PyArg_UnpackKeywords((args), (nargs), (kwargs), (kwnames), (parser), \
                           (minpos), (maxpos), (minkw), (buf)))
#endif
