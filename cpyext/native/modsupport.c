/* modsupport.c: Py_BuildValue and friends, the argument builder behind
 * PyObject_CallFunction/CallMethod, and the PyModule_Add* helpers, with
 * CPython 3.11 semantics and error texts.
 *
 * Ownership: every builder returns a new reference (or a stack of new
 * references) or NULL with an exception set. 'O'/'S' take a new reference
 * to their argument, 'N' steals it - also when the build fails: after the
 * first failure the rest of the format is still walked (values built and
 * dropped, with the exception kept aside) so that every 'N' argument is
 * consumed exactly once. PyModule_AddObjectRef never steals;
 * PyModule_AddObject steals only when it succeeds.
 *
 * The plain (non-_SizeT) builders are those of binaries built without
 * PY_SSIZE_T_CLEAN: as in CPython 3.11, a '#' length there raises
 * SystemError. */
#include "internal.h"

/* internal.h defines PY_SSIZE_T_CLEAN: the plain names are defined here. */
#undef Py_BuildValue
#undef Py_VaBuildValue
#undef _Py_VaBuildStack
PyAPI_FUNC(PyObject *) Py_BuildValue(const char *, ...);
PyAPI_FUNC(PyObject *) Py_VaBuildValue(const char *, va_list);
PyAPI_FUNC(PyObject **) _Py_VaBuildStack(PyObject **, Py_ssize_t, const char *, va_list, Py_ssize_t *);

#define BUILD_SIZE_T 1

/* Number of values at the top level of format up to endchar, or -1 with
 * SystemError if a group is left open. */
static Py_ssize_t count_values(const char *format, char endchar) {
    Py_ssize_t count = 0;
    int level = 0;
    for (; level > 0 || *format != endchar; format++) {
        switch (*format) {
        case '\0':
            PyErr_SetString(PyExc_SystemError, "unmatched paren in format");
            return -1;
        case '(': case '[': case '{':
            if (level == 0) count++;
            level++;
            break;
        case ')': case ']': case '}':
            level--;
            break;
        case '#': case '&': case ',': case ':': case ' ': case '\t':
            break;
        default:
            if (level == 0) count++;
        }
    }
    return count;
}

static PyObject *build_value(const char **p_format, va_list *p_va, int flags);

/* Walk n values and drop them, keeping the pending exception: releases
 * the 'N' arguments of a build that already failed. */
static void drop_values(const char **p_format, va_list *p_va, char endchar, Py_ssize_t n, int flags) {
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *type, *value, *tb;
        PyErr_Fetch(&type, &value, &tb);
        PyObject *item = build_value(p_format, p_va, flags);
        PyErr_Restore(type, value, tb);
        Py_XDECREF(item);
    }
    if (**p_format != endchar) {
        PyErr_SetString(PyExc_SystemError, "Unmatched paren in format");
        return;
    }
    if (endchar) ++*p_format;
}

static int close_group(const char **p_format, char endchar) {
    if (**p_format != endchar) {
        PyErr_SetString(PyExc_SystemError, "Unmatched paren in format");
        return -1;
    }
    if (endchar) ++*p_format;
    return 0;
}

/* A tuple (list_kind 0) or list (1) of n values. */
static PyObject *build_sequence(const char **p_format, va_list *p_va, char endchar, Py_ssize_t n,
                                int flags, int list_kind) {
    if (n < 0) return NULL;
    PyObject *seq = list_kind ? PyList_New(n) : PyTuple_New(n);
    if (seq == NULL) {
        drop_values(p_format, p_va, endchar, n, flags);
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *item = build_value(p_format, p_va, flags);
        if (item == NULL) {
            drop_values(p_format, p_va, endchar, n - i - 1, flags);
            Py_DECREF(seq);
            return NULL;
        }
        if (list_kind) PyList_SET_ITEM(seq, i, item);
        else PyTuple_SET_ITEM(seq, i, item);
    }
    if (close_group(p_format, endchar) < 0) {
        Py_DECREF(seq);
        return NULL;
    }
    return seq;
}

static PyObject *build_dict(const char **p_format, va_list *p_va, char endchar, Py_ssize_t n,
                            int flags) {
    if (n < 0) return NULL;
    if (n % 2) {
        PyErr_SetString(PyExc_SystemError, "Bad dict format");
        drop_values(p_format, p_va, endchar, n, flags);
        return NULL;
    }
    PyObject *dict = PyDict_New();
    if (dict == NULL) {
        drop_values(p_format, p_va, endchar, n, flags);
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i += 2) {
        PyObject *key = build_value(p_format, p_va, flags);
        if (key == NULL) {
            drop_values(p_format, p_va, endchar, n - i - 1, flags);
            Py_DECREF(dict);
            return NULL;
        }
        PyObject *value = build_value(p_format, p_va, flags);
        if (value == NULL || PyDict_SetItem(dict, key, value) < 0) {
            drop_values(p_format, p_va, endchar, n - i - 2, flags);
            Py_DECREF(key);
            Py_XDECREF(value);
            Py_DECREF(dict);
            return NULL;
        }
        Py_DECREF(key);
        Py_DECREF(value);
    }
    if (close_group(p_format, endchar) < 0) {
        Py_DECREF(dict);
        return NULL;
    }
    return dict;
}

/* The length after a '#' (consumed), or -1 when there is none. */
static int read_length(const char **p_format, va_list *p_va, int flags, Py_ssize_t *len) {
    *len = -1;
    if (**p_format != '#') return 0;
    ++*p_format;
    if (flags & BUILD_SIZE_T) {
        *len = va_arg(*p_va, Py_ssize_t);
        return 0;
    }
    (void)va_arg(*p_va, int);
    PyErr_SetString(PyExc_SystemError, "PY_SSIZE_T_CLEAN macro must be defined for '#' formats");
    return -1;
}

typedef PyObject *(*build_converter)(void *);

static PyObject *build_value(const char **p_format, va_list *p_va, int flags) {
    for (;;) {
        char unit = *(*p_format)++;
        switch (unit) {
        case '(':
            return build_sequence(p_format, p_va, ')', count_values(*p_format, ')'), flags, 0);
        case '[':
            return build_sequence(p_format, p_va, ']', count_values(*p_format, ']'), flags, 1);
        case '{':
            return build_dict(p_format, p_va, '}', count_values(*p_format, '}'), flags);
        case 'b': case 'B': case 'h': case 'i':
            return PyLong_FromLong((long)va_arg(*p_va, int));
        case 'H':
            return PyLong_FromLong((long)va_arg(*p_va, unsigned int));
        case 'I':
            return PyLong_FromUnsignedLong((unsigned long)va_arg(*p_va, unsigned int));
        case 'n':
            return PyLong_FromSsize_t(va_arg(*p_va, Py_ssize_t));
        case 'l':
            return PyLong_FromLong(va_arg(*p_va, long));
        case 'k':
            return PyLong_FromUnsignedLong(va_arg(*p_va, unsigned long));
        case 'L':
            return PyLong_FromLongLong(va_arg(*p_va, long long));
        case 'K':
            return PyLong_FromUnsignedLongLong(va_arg(*p_va, unsigned long long));
        case 'f': case 'd':
            return PyFloat_FromDouble(va_arg(*p_va, double));
        case 'D':
            return PyComplex_FromCComplex(*va_arg(*p_va, Py_complex *));
        case 'c': {
            char byte = (char)va_arg(*p_va, int);
            return PyBytes_FromStringAndSize(&byte, 1);
        }
        case 'C':
            return PyUnicode_FromOrdinal(va_arg(*p_va, int));
        case 'u': {
            const wchar_t *text = va_arg(*p_va, const wchar_t *);
            Py_ssize_t len;
            if (read_length(p_format, p_va, flags, &len) < 0) return NULL;
            if (text == NULL) Py_RETURN_NONE;
            return PyUnicode_FromWideChar(text, len < 0 ? (Py_ssize_t)wcslen(text) : len);
        }
        case 's': case 'z': case 'U': case 'y': {
            const char *text = va_arg(*p_va, const char *);
            Py_ssize_t len;
            if (read_length(p_format, p_va, flags, &len) < 0) return NULL;
            if (text == NULL) Py_RETURN_NONE;
            if (len < 0) {
                size_t measured = strlen(text);
                if (measured > (size_t)PY_SSIZE_T_MAX) {
                    PyErr_SetString(PyExc_OverflowError, unit == 'y'
                                    ? "string too long for Python bytes"
                                    : "string too long for Python string");
                    return NULL;
                }
                len = (Py_ssize_t)measured;
            }
            return unit == 'y' ? PyBytes_FromStringAndSize(text, len)
                               : PyUnicode_FromStringAndSize(text, len);
        }
        case 'N': case 'S': case 'O': {
            if (**p_format == '&') {
                build_converter convert = va_arg(*p_va, build_converter);
                void *arg = va_arg(*p_va, void *);
                ++*p_format;
                return convert(arg);
            }
            PyObject *obj = va_arg(*p_va, PyObject *);
            if (obj == NULL) {
                /* a failed call's NULL passes its error on */
                if (!PyErr_Occurred())
                    PyErr_SetString(PyExc_SystemError, "NULL object passed to Py_BuildValue");
                return NULL;
            }
            if (unit != 'N') Py_INCREF(obj);
            return obj;
        }
        case ':': case ',': case ' ': case '\t':
            break;
        default:
            PyErr_SetString(PyExc_SystemError, "bad format char passed to Py_BuildValue");
            return NULL;
        }
    }
}

static PyObject *build_top(const char *format, va_list va, int flags) {
    const char *f = format;
    Py_ssize_t n = count_values(f, '\0');
    va_list own;
    PyObject *result;
    if (n < 0) return NULL;
    if (n == 0) Py_RETURN_NONE;
    va_copy(own, va);
    if (n == 1) result = build_value(&f, &own, flags);
    else result = build_sequence(&f, &own, '\0', n, flags, 0);
    va_end(own);
    return result;
}

PyObject *Py_BuildValue(const char *format, ...) {
    va_list va;
    va_start(va, format);
    PyObject *result = build_top(format, va, 0);
    va_end(va);
    return result;
}

PyObject *_Py_BuildValue_SizeT(const char *format, ...) {
    va_list va;
    va_start(va, format);
    PyObject *result = build_top(format, va, BUILD_SIZE_T);
    va_end(va);
    return result;
}

PyObject *Py_VaBuildValue(const char *format, va_list va) {
    return build_top(format, va, 0);
}

PyObject *_Py_VaBuildValue_SizeT(const char *format, va_list va) {
    return build_top(format, va, BUILD_SIZE_T);
}

/* ---- argument stacks (vectorcall) ---- */

/* Build the top-level values into stack[0..n); on failure nothing is left
 * in it. */
static int fill_stack(PyObject **stack, const char *format, va_list va, Py_ssize_t n, int flags) {
    const char *f = format;
    va_list own;
    Py_ssize_t i;
    int status = 0;
    va_copy(own, va);
    for (i = 0; i < n; i++) {
        PyObject *item = build_value(&f, &own, flags);
        if (item == NULL) {
            drop_values(&f, &own, '\0', n - i - 1, flags);
            status = -1;
            break;
        }
        stack[i] = item;
    }
    if (status == 0 && close_group(&f, '\0') < 0) status = -1;
    va_end(own);
    if (status < 0) {
        while (i > 0) Py_DECREF(stack[--i]);
    }
    return status;
}

/* small_stack if it is long enough, else a PyMem block the caller frees. */
static PyObject **build_stack(PyObject **small_stack, Py_ssize_t small_len, const char *format,
                              va_list va, int flags, Py_ssize_t *p_nargs) {
    Py_ssize_t n = count_values(format, '\0');
    PyObject **stack;
    *p_nargs = 0;
    if (n < 0) return NULL;
    if (n == 0) return small_stack;
    if (n <= small_len) {
        stack = small_stack;
    } else {
        stack = PyMem_Malloc((size_t)n * sizeof(PyObject *));
        if (stack == NULL) {
            PyErr_NoMemory();
            return NULL;
        }
    }
    if (fill_stack(stack, format, va, n, flags) < 0) {
        if (stack != small_stack) PyMem_Free(stack);
        return NULL;
    }
    *p_nargs = n;
    return stack;
}

PyObject **_Py_VaBuildStack(PyObject **small_stack, Py_ssize_t small_len, const char *format,
                            va_list va, Py_ssize_t *p_nargs) {
    return build_stack(small_stack, small_len, format, va, 0, p_nargs);
}

PyObject **_Py_VaBuildStack_SizeT(PyObject **small_stack, Py_ssize_t small_len, const char *format,
                                  va_list va, Py_ssize_t *p_nargs) {
    return build_stack(small_stack, small_len, format, va, BUILD_SIZE_T, p_nargs);
}

/* The positional arguments of PyObject_CallFunction(callable, format, ...)
 * as a new exact tuple: no format → (); a single tuple value → its items
 * (so "O" with a tuple, and "(...)", spread); otherwise the values. */
PyObject *_cpx_build_call_args(const char *format, va_list va, int size_t_flag) {
    PyObject *small[8];
    Py_ssize_t n;
    if (format == NULL || *format == '\0') return PyTuple_New(0);
    PyObject **stack = build_stack(small, 8, format, va, size_t_flag ? BUILD_SIZE_T : 0, &n);
    if (stack == NULL) return NULL;
    PyObject *args;
    if (n == 1 && PyTuple_CheckExact(stack[0])) {
        args = stack[0];
    } else if (n == 1 && PyTuple_Check(stack[0])) {
        PyObject *sub = stack[0];
        args = PyTuple_New(PyTuple_GET_SIZE(sub));
        for (Py_ssize_t i = 0; args != NULL && i < PyTuple_GET_SIZE(sub); i++)
            PyTuple_SET_ITEM(args, i, Py_NewRef(PyTuple_GET_ITEM(sub, i)));
        Py_DECREF(sub);
    } else {
        args = PyTuple_New(n);
        for (Py_ssize_t i = 0; i < n; i++) {
            if (args != NULL) PyTuple_SET_ITEM(args, i, stack[i]);
            else Py_DECREF(stack[i]);
        }
    }
    if (stack != small) PyMem_Free(stack);
    return args;
}

/* ---- module helpers ---- */

int PyModule_AddObjectRef(PyObject *mod, const char *name, PyObject *value) {
    if (!PyModule_Check(mod)) {
        PyErr_SetString(PyExc_TypeError, "PyModule_AddObjectRef() first argument must be a module");
        return -1;
    }
    if (value == NULL) {
        if (!PyErr_Occurred())
            PyErr_SetString(PyExc_SystemError,
                            "PyModule_AddObjectRef() must be called with an exception raised if value is NULL");
        return -1;
    }
    PyObject *dict = PyModule_GetDict(mod);   /* borrowed */
    if (dict == NULL) {
        PyErr_Format(PyExc_SystemError, "module '%s' has no __dict__", PyModule_GetName(mod));
        return -1;
    }
    return PyDict_SetItemString(dict, name, value) < 0 ? -1 : 0;
}

int PyModule_AddObject(PyObject *mod, const char *name, PyObject *value) {
    int res = PyModule_AddObjectRef(mod, name, value);
    if (res == 0) Py_DECREF(value);
    return res;
}

int PyModule_AddIntConstant(PyObject *mod, const char *name, long value) {
    PyObject *obj = PyLong_FromLong(value);
    if (obj == NULL) return -1;
    int res = PyModule_AddObjectRef(mod, name, obj);
    Py_DECREF(obj);
    return res;
}

int PyModule_AddStringConstant(PyObject *mod, const char *name, const char *value) {
    PyObject *obj = PyUnicode_FromString(value);
    if (obj == NULL) return -1;
    int res = PyModule_AddObjectRef(mod, name, obj);
    Py_DECREF(obj);
    return res;
}

int PyModule_AddType(PyObject *mod, PyTypeObject *type) {
    if (PyType_Ready(type) < 0) return -1;
    const char *name = strrchr(type->tp_name, '.');
    name = name != NULL ? name + 1 : type->tp_name;
    return PyModule_AddObjectRef(mod, name, (PyObject *)type);
}

int PyModule_AddFunctions(PyObject *mod, PyMethodDef *functions) {
    PyObject *modname = PyModule_GetNameObject(mod);
    if (modname == NULL) return -1;
    int res = 0;
    for (PyMethodDef *def = functions; def->ml_name != NULL; def++) {
        if (def->ml_flags & (METH_CLASS | METH_STATIC)) {
            PyErr_SetString(PyExc_ValueError, "module functions cannot set METH_CLASS or METH_STATIC");
            res = -1;
            break;
        }
        PyObject *func = PyCFunction_NewEx(def, mod, modname);
        if (func == NULL) {
            res = -1;
            break;
        }
        res = PyObject_SetAttrString(mod, def->ml_name, func);
        Py_DECREF(func);
        if (res != 0) {
            res = -1;
            break;
        }
    }
    Py_DECREF(modname);
    return res;
}

int PyModule_SetDocString(PyObject *mod, const char *doc) {
    PyObject *text = PyUnicode_FromString(doc);
    if (text == NULL) return -1;
    int res = PyObject_SetAttrString(mod, "__doc__", text);
    Py_DECREF(text);
    return res != 0 ? -1 : 0;
}
