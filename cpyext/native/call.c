/* call.c: calling objects: tp_call, the vectorcall protocol (PEP 590) and
 * the convenience wrappers (CallFunction, CallMethod, ObjArgs...).
 *
 * Invariants:
 * - Arguments are borrowed, results are new references or NULL with an
 *   error set. Every result coming out of a callable is checked with
 *   _Py_CheckFunctionResult, so a NULL without an exception, or a value
 *   with an exception pending, becomes a SystemError.
 * - A callable's vectorcall pointer is used only when its type has
 *   Py_TPFLAGS_HAVE_VECTORCALL; it sits at tp_vectorcall_offset inside the
 *   object and may be NULL (then tp_call is used).
 * - Temporary argument arrays built here (keyword dicts unpacked to
 *   kwnames, ObjArgs lists) own their items and are freed before return;
 *   one spare slot before them honours PY_VECTORCALL_ARGUMENTS_OFFSET. */
#include "internal.h"

/* internal.h defines PY_SSIZE_T_CLEAN: the plain names are defined here. */
#undef PyObject_CallFunction
#undef PyObject_CallMethod
#undef _PyObject_CallMethodId
PyAPI_FUNC(PyObject *) PyObject_CallFunction(PyObject *, const char *, ...);
PyAPI_FUNC(PyObject *) PyObject_CallMethod(PyObject *, const char *, const char *, ...);
PyAPI_FUNC(PyObject *) _PyObject_CallMethodId(PyObject *, struct _Py_Identifier *, const char *, ...);

static PyObject *null_error(void) {
    if (!PyErr_Occurred()) PyErr_SetString(PyExc_SystemError, "null argument to internal routine");
    return NULL;
}

static PyObject *not_callable(PyObject *callable) {
    PyErr_Format(PyExc_TypeError, "'%.200s' object is not callable", Py_TYPE(callable)->tp_name);
    return NULL;
}

PyObject *_Py_CheckFunctionResult(PyThreadState *tstate, PyObject *callable, PyObject *result, const char *where) {
    if (result == NULL) {
        if (!PyErr_Occurred()) {
            if (callable != NULL)
                PyErr_Format(PyExc_SystemError, "%R returned NULL without setting an exception", callable);
            else
                PyErr_Format(PyExc_SystemError, "%s returned NULL without setting an exception", where);
        }
        return NULL;
    }
    if (PyErr_Occurred()) {
        Py_DECREF(result);
        if (callable != NULL)
            _PyErr_FormatFromCause(PyExc_SystemError, "%R returned a result with an exception set", callable);
        else
            _PyErr_FormatFromCause(PyExc_SystemError, "%s returned a result with an exception set", where);
        return NULL;
    }
    return result;
}

/* ---------------- tuples, dicts and argument arrays ---------------- */

static PyObject *tuple_from_array(PyObject *const *items, Py_ssize_t n) {
    PyObject *t = PyTuple_New(n);
    if (t == NULL) return NULL;
    for (Py_ssize_t i = 0; i < n; i++) PyTuple_SET_ITEM(t, i, Py_NewRef(items[i]));
    return t;
}

PyObject *_PyStack_AsDict(PyObject *const *values, PyObject *kwnames) {
    Py_ssize_t n = PyTuple_GET_SIZE(kwnames);
    PyObject *kwdict = _PyDict_NewPresized(n);
    if (kwdict == NULL) return NULL;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (PyDict_SetItem(kwdict, PyTuple_GET_ITEM(kwnames, i), values[i]) < 0) {
            Py_DECREF(kwdict);
            return NULL;
        }
    }
    return kwdict;
}

/* Positional args followed by the values of `kwargs`, in a fresh array
 * with a spare slot before it; *p_kwnames receives the keys. Every item
 * is owned by the array. */
static PyObject **unpack_dict(PyObject *const *args, Py_ssize_t nargs, PyObject *kwargs, PyObject **p_kwnames) {
    Py_ssize_t nkw = PyDict_GET_SIZE(kwargs);
    if (nargs > PY_SSIZE_T_MAX / (Py_ssize_t)sizeof(PyObject *) - 1 - nkw) {
        PyErr_NoMemory();
        return NULL;
    }
    PyObject **stack = PyMem_Malloc((size_t)(1 + nargs + nkw) * sizeof(PyObject *));
    if (stack == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    PyObject *kwnames = PyTuple_New(nkw);
    if (kwnames == NULL) {
        PyMem_Free(stack);
        return NULL;
    }
    stack++;
    for (Py_ssize_t i = 0; i < nargs; i++) stack[i] = Py_NewRef(args[i]);
    Py_ssize_t pos = 0, i = 0;
    PyObject *key, *value;
    int all_str = 1;
    while (i < nkw && PyDict_Next(kwargs, &pos, &key, &value)) {
        all_str &= PyUnicode_Check(key) != 0;
        PyTuple_SET_ITEM(kwnames, i, Py_NewRef(key));
        stack[nargs + i] = Py_NewRef(value);
        i++;
    }
    for (; i < nkw; i++) {
        /* The dict shrank while iterating (cannot happen without code
         * running); keep the array well-formed. */
        PyTuple_SET_ITEM(kwnames, i, Py_NewRef(Py_None));
        stack[nargs + i] = Py_NewRef(Py_None);
    }
    if (!all_str) {
        PyErr_SetString(PyExc_TypeError, "keywords must be strings");
        for (Py_ssize_t k = 0; k < nargs + nkw; k++) Py_DECREF(stack[k]);
        Py_DECREF(kwnames);
        PyMem_Free(stack - 1);
        return NULL;
    }
    *p_kwnames = kwnames;
    return stack;
}

static void unpack_dict_free(PyObject **stack, Py_ssize_t nargs, PyObject *kwnames) {
    Py_ssize_t n = PyTuple_GET_SIZE(kwnames) + nargs;
    for (Py_ssize_t i = 0; i < n; i++) Py_DECREF(stack[i]);
    Py_DECREF(kwnames);
    PyMem_Free(stack - 1);
}

/* ---------------- tp_call and vectorcall ---------------- */

vectorcallfunc PyVectorcall_Function(PyObject *callable) {
    PyTypeObject *tp = Py_TYPE(callable);
    if (!PyType_HasFeature(tp, Py_TPFLAGS_HAVE_VECTORCALL) || tp->tp_vectorcall_offset <= 0) return NULL;
    vectorcallfunc func;
    memcpy(&func, (char *)callable + tp->tp_vectorcall_offset, sizeof(func));
    return func;
}

/* Call through tp_call with positional args as an array and keywords as a
 * dict or a kwnames tuple (values after the positional ones). */
PyObject *_PyObject_MakeTpCall(PyThreadState *tstate, PyObject *callable, PyObject *const *args, Py_ssize_t nargs,
                               PyObject *keywords) {
    ternaryfunc call = Py_TYPE(callable)->tp_call;
    if (call == NULL) return not_callable(callable);
    PyObject *argtuple = tuple_from_array(args, nargs);
    if (argtuple == NULL) return NULL;
    PyObject *kwdict = NULL;
    if (keywords != NULL) {
        if (PyDict_Check(keywords)) {
            kwdict = Py_NewRef(keywords);
        } else if (PyTuple_GET_SIZE(keywords) != 0) {
            kwdict = _PyStack_AsDict(args + nargs, keywords);
            if (kwdict == NULL) {
                Py_DECREF(argtuple);
                return NULL;
            }
        }
    }
    PyObject *res = NULL;
    if (Py_EnterRecursiveCall(" while calling a Python object") == 0) {
        res = call(callable, argtuple, kwdict);
        Py_LeaveRecursiveCall();
    }
    Py_DECREF(argtuple);
    Py_XDECREF(kwdict);
    return _Py_CheckFunctionResult(tstate, callable, res, NULL);
}

PyObject *PyObject_Vectorcall(PyObject *callable, PyObject *const *args, size_t nargsf, PyObject *kwnames) {
    vectorcallfunc func = PyVectorcall_Function(callable);
    if (func == NULL) return _PyObject_MakeTpCall(NULL, callable, args, PyVectorcall_NARGS(nargsf), kwnames);
    return _Py_CheckFunctionResult(NULL, callable, func(callable, args, nargsf, kwnames), NULL);
}

/* Vectorcall `func` with a tuple and an optional keyword dict. */
static PyObject *vectorcall_with_tuple(vectorcallfunc func, PyObject *callable, PyObject *tuple, PyObject *kwargs) {
    Py_ssize_t nargs = PyTuple_GET_SIZE(tuple);
    PyObject *res;
    if (kwargs == NULL || PyDict_GET_SIZE(kwargs) == 0) {
        res = func(callable, _PyTuple_ITEMS(tuple), (size_t)nargs, NULL);
    } else {
        PyObject *kwnames;
        PyObject **stack = unpack_dict(_PyTuple_ITEMS(tuple), nargs, kwargs, &kwnames);
        if (stack == NULL) return NULL;
        res = func(callable, stack, (size_t)nargs | PY_VECTORCALL_ARGUMENTS_OFFSET, kwnames);
        unpack_dict_free(stack, nargs, kwnames);
    }
    return _Py_CheckFunctionResult(NULL, callable, res, NULL);
}

PyObject *PyVectorcall_Call(PyObject *callable, PyObject *tuple, PyObject *kwargs) {
    Py_ssize_t offset = Py_TYPE(callable)->tp_vectorcall_offset;
    vectorcallfunc func = NULL;
    if (offset > 0) memcpy(&func, (char *)callable + offset, sizeof(func));
    if (func == NULL) {
        PyErr_Format(PyExc_TypeError, "'%.200s' object does not support vectorcall", Py_TYPE(callable)->tp_name);
        return NULL;
    }
    return vectorcall_with_tuple(func, callable, tuple, kwargs);
}

PyObject *PyObject_VectorcallDict(PyObject *callable, PyObject *const *args, size_t nargsf, PyObject *kwargs) {
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
    vectorcallfunc func = PyVectorcall_Function(callable);
    if (func == NULL) return _PyObject_MakeTpCall(NULL, callable, args, nargs, kwargs);
    PyObject *res;
    if (kwargs == NULL || PyDict_GET_SIZE(kwargs) == 0) {
        res = func(callable, args, nargsf, NULL);
    } else {
        PyObject *kwnames;
        PyObject **stack = unpack_dict(args, nargs, kwargs, &kwnames);
        if (stack == NULL) return NULL;
        res = func(callable, stack, (size_t)nargs | PY_VECTORCALL_ARGUMENTS_OFFSET, kwnames);
        unpack_dict_free(stack, nargs, kwnames);
    }
    return _Py_CheckFunctionResult(NULL, callable, res, NULL);
}

PyObject *_PyObject_FastCallDict(PyObject *callable, PyObject *const *args, size_t nargsf, PyObject *kwargs) {
    return PyObject_VectorcallDict(callable, args, nargsf, kwargs);
}

PyObject *_PyObject_FastCall(PyObject *callable, PyObject *const *args, Py_ssize_t nargs) {
    return PyObject_Vectorcall(callable, args, (size_t)nargs, NULL);
}

PyObject *_PyObject_Call(PyThreadState *tstate, PyObject *callable, PyObject *args, PyObject *kwargs) {
    return PyObject_Call(callable, args, kwargs);
}

PyObject *PyObject_Call(PyObject *callable, PyObject *args, PyObject *kwargs) {
    if (callable == NULL) return null_error();
    PyObject *empty = NULL;
    if (args == NULL) {
        /* Tolerated (CPython would crash): no positional arguments. */
        args = empty = PyTuple_New(0);
        if (args == NULL) return NULL;
    } else if (!PyTuple_Check(args)) {
        PyErr_SetString(PyExc_TypeError, "argument list must be a tuple");
        return NULL;
    }
    if (kwargs != NULL && !PyDict_Check(kwargs)) {
        PyErr_SetString(PyExc_TypeError, "keyword list must be a dictionary");
        Py_XDECREF(empty);
        return NULL;
    }
    PyObject *res;
    vectorcallfunc func = PyVectorcall_Function(callable);
    if (func != NULL) {
        res = vectorcall_with_tuple(func, callable, args, kwargs);
    } else {
        ternaryfunc call = Py_TYPE(callable)->tp_call;
        if (call == NULL) {
            res = not_callable(callable);
        } else if (Py_EnterRecursiveCall(" while calling a Python object")) {
            res = NULL;
        } else {
            res = call(callable, args, kwargs);
            Py_LeaveRecursiveCall();
            res = _Py_CheckFunctionResult(NULL, callable, res, NULL);
        }
    }
    Py_XDECREF(empty);
    return res;
}

PyObject *PyCFunction_Call(PyObject *callable, PyObject *args, PyObject *kwargs) {
    return PyObject_Call(callable, args, kwargs);
}

PyObject *PyObject_CallObject(PyObject *callable, PyObject *args) {
    if (args == NULL) return PyObject_CallNoArgs(callable);
    if (!PyTuple_Check(args)) {
        PyErr_SetString(PyExc_TypeError, "argument list must be a tuple");
        return NULL;
    }
    return PyObject_Call(callable, args, NULL);
}

PyObject *PyEval_CallObjectWithKeywords(PyObject *callable, PyObject *args, PyObject *kwargs) {
    if (args != NULL && !PyTuple_Check(args)) {
        PyErr_SetString(PyExc_TypeError, "argument list must be a tuple");
        return NULL;
    }
    if (kwargs != NULL && !PyDict_Check(kwargs)) {
        PyErr_SetString(PyExc_TypeError, "keyword list must be a dictionary");
        return NULL;
    }
    if (args == NULL) return PyObject_VectorcallDict(callable, NULL, 0, kwargs);
    return PyObject_Call(callable, args, kwargs);
}

PyObject *PyObject_CallNoArgs(PyObject *callable) { return PyObject_Vectorcall(callable, NULL, 0, NULL); }

PyObject *PyObject_CallOneArg(PyObject *callable, PyObject *arg) {
    PyObject *stack[2] = {NULL, arg};
    return PyObject_Vectorcall(callable, stack + 1, 1 | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
}

/* ---------------- methods ---------------- */

PyObject *PyObject_VectorcallMethod(PyObject *name, PyObject *const *args, size_t nargsf, PyObject *kwnames) {
    if (name == NULL || args == NULL || PyVectorcall_NARGS(nargsf) < 1) return null_error();
    PyObject *callable;
    int unbound = _PyObject_GetMethod(args[0], name, &callable);
    if (callable == NULL) return NULL;
    if (unbound) {
        /* args[0] stays as self; args[-1] is not ours to overwrite now. */
        nargsf &= ~PY_VECTORCALL_ARGUMENTS_OFFSET;
    } else {
        /* Bound already: drop self (the offset flag, if given, still
         * holds: args[-1] is now the caller's self slot). */
        args++;
        nargsf--;
    }
    PyObject *res = PyObject_Vectorcall(callable, args, nargsf, kwnames);
    Py_DECREF(callable);
    return res;
}

PyObject *PyObject_CallMethodOneArg(PyObject *self, PyObject *name, PyObject *arg) {
    PyObject *stack[2] = {self, arg};
    return PyObject_VectorcallMethod(name, stack, 2 | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
}

/* ---------------- format-built arguments ---------------- */

/* Call `callable` with arguments built from a Py_BuildValue format. */
static PyObject *call_with_format(PyObject *callable, const char *format, va_list va, int size_t_flag) {
    if (callable == NULL) return null_error();
    if (format == NULL || *format == '\0') return PyObject_CallNoArgs(callable);
    PyObject *built = _cpx_build_call_args(format, va, size_t_flag);
    if (built == NULL) return NULL;
    PyObject *res;
    if (PyTuple_Check(built)) {
        res = PyObject_Call(callable, built, NULL);
    } else {
        res = PyObject_CallOneArg(callable, built);
    }
    Py_DECREF(built);
    return res;
}

static PyObject *call_attribute(PyObject *callable, const char *format, va_list va, int size_t_flag) {
    if (!PyCallable_Check(callable)) {
        PyErr_Format(PyExc_TypeError, "attribute of type '%.200s' is not callable", Py_TYPE(callable)->tp_name);
        return NULL;
    }
    return call_with_format(callable, format, va, size_t_flag);
}

PyObject *PyObject_CallFunction(PyObject *callable, const char *format, ...) {
    va_list va;
    va_start(va, format);
    PyObject *res = call_with_format(callable, format, va, 0);
    va_end(va);
    return res;
}

PyObject *_PyObject_CallFunction_SizeT(PyObject *callable, const char *format, ...) {
    va_list va;
    va_start(va, format);
    PyObject *res = call_with_format(callable, format, va, 1);
    va_end(va);
    return res;
}

/* obj.name(*Py_BuildValue(format, ...)): the body of both CallMethod spellings. */
static PyObject *call_method_va(PyObject *obj, const char *name, const char *format, va_list va, int size_t_flag) {
    if (obj == NULL || name == NULL) return null_error();
    PyObject *callable = PyObject_GetAttrString(obj, name);
    if (callable == NULL) return NULL;
    PyObject *res = call_attribute(callable, format, va, size_t_flag);
    Py_DECREF(callable);
    return res;
}

PyObject *PyObject_CallMethod(PyObject *obj, const char *name, const char *format, ...) {
    va_list va;
    va_start(va, format);
    PyObject *res = call_method_va(obj, name, format, va, 0);
    va_end(va);
    return res;
}

PyObject *_PyObject_CallMethod_SizeT(PyObject *obj, const char *name, const char *format, ...) {
    va_list va;
    va_start(va, format);
    PyObject *res = call_method_va(obj, name, format, va, 1);
    va_end(va);
    return res;
}

/* Like PyObject_CallMethod with the name as a str object; '#' lengths are
 * Py_SSIZE_T (CPython's own callers are all PY_SSIZE_T_CLEAN). */
PyObject *_PyObject_CallMethod(PyObject *obj, PyObject *name, const char *format, ...) {
    if (obj == NULL || name == NULL) return null_error();
    PyObject *callable = PyObject_GetAttr(obj, name);
    if (callable == NULL) return NULL;
    va_list va;
    va_start(va, format);
    PyObject *res = call_attribute(callable, format, va, 1);
    va_end(va);
    Py_DECREF(callable);
    return res;
}

static PyObject *call_method_id(PyObject *obj, struct _Py_Identifier *id, const char *format, va_list va,
                                int size_t_flag) {
    if (obj == NULL || id == NULL) return null_error();
    PyObject *name = _PyUnicode_FromId(id);
    PyObject *callable = name != NULL ? PyObject_GetAttr(obj, name) : NULL;
    if (callable == NULL) return NULL;
    PyObject *res = call_attribute(callable, format, va, size_t_flag);
    Py_DECREF(callable);
    return res;
}

PyObject *_PyObject_CallMethodId(PyObject *obj, struct _Py_Identifier *id, const char *format, ...) {
    va_list va;
    va_start(va, format);
    PyObject *res = call_method_id(obj, id, format, va, 0);
    va_end(va);
    return res;
}

PyObject *_PyObject_CallMethodId_SizeT(PyObject *obj, struct _Py_Identifier *id, const char *format, ...) {
    va_list va;
    va_start(va, format);
    PyObject *res = call_method_id(obj, id, format, va, 1);
    va_end(va);
    return res;
}

/* ---------------- NULL-terminated object arguments ---------------- */

/* Call `callable` with `self` (if not NULL) followed by the objects of a
 * NULL-terminated va_list. */
static PyObject *call_va_objects(PyObject *callable, PyObject *self, va_list va) {
    PyObject *small[8];
    va_list count_va;
    va_copy(count_va, va);
    Py_ssize_t n = self != NULL;
    while (va_arg(count_va, PyObject *) != NULL) n++;
    va_end(count_va);
    PyObject **stack = small;
    if (n + 1 > (Py_ssize_t)Py_ARRAY_LENGTH(small)) {
        stack = PyMem_Malloc((size_t)(n + 1) * sizeof(PyObject *));
        if (stack == NULL) {
            PyErr_NoMemory();
            return NULL;
        }
    }
    Py_ssize_t i = 1;
    if (self != NULL) stack[i++] = self;
    for (; i <= n; i++) stack[i] = va_arg(va, PyObject *);
    PyObject *res = PyObject_Vectorcall(callable, stack + 1, (size_t)n | PY_VECTORCALL_ARGUMENTS_OFFSET, NULL);
    if (stack != small) PyMem_Free(stack);
    return res;
}

PyObject *PyObject_CallFunctionObjArgs(PyObject *callable, ...) {
    if (callable == NULL) return null_error();
    va_list va;
    va_start(va, callable);
    PyObject *res = call_va_objects(callable, NULL, va);
    va_end(va);
    return res;
}

PyObject *PyObject_CallMethodObjArgs(PyObject *obj, PyObject *name, ...) {
    if (obj == NULL || name == NULL) return null_error();
    PyObject *callable;
    int unbound = _PyObject_GetMethod(obj, name, &callable);
    if (callable == NULL) return NULL;
    va_list va;
    va_start(va, name);
    PyObject *res = call_va_objects(callable, unbound ? obj : NULL, va);
    va_end(va);
    Py_DECREF(callable);
    return res;
}

PyObject *_PyObject_CallMethodIdObjArgs(PyObject *obj, struct _Py_Identifier *id, ...) {
    if (obj == NULL || id == NULL) return null_error();
    PyObject *name = _PyUnicode_FromId(id);
    if (name == NULL) return NULL;
    PyObject *callable;
    int unbound = _PyObject_GetMethod(obj, name, &callable);
    if (callable == NULL) return NULL;
    va_list va;
    va_start(va, id);
    PyObject *res = call_va_objects(callable, unbound ? obj : NULL, va);
    va_end(va);
    Py_DECREF(callable);
    return res;
}
