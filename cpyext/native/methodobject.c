/* methodobject.c: builtin functions and methods (PyCFunction_Type,
 * PyCMethod_Type) and the one place that calls a PyMethodDef by its flags.
 *
 * Invariants:
 * - A builtin function object borrows its PyMethodDef (extension storage)
 *   and owns m_self (the module for module functions, the instance for
 *   bound methods, or NULL), m_module (usually the module's name) and, for
 *   PyCMethod, mm_class.
 * - _cpx_call_methoddef (with its inline fast lane in internal.h,
 *   _cpx_call_methoddef_inline) is the only code that casts ml_meth by
 *   ml_flags: vectorcall here, method descriptors and the JS bridge all go
 *   through it, so argument-count errors read the same from every path.
 *   Arguments are borrowed; the result is a new reference or NULL with an
 *   error set. */
#include "internal.h"

/* "module.qualname()" as CPython's _PyObject_FunctionStr renders a builtin. */
static PyObject *function_str(PyMethodDef *ml, PyObject *self, PyObject *module) {
    const char *name = ml->ml_name;
    if (self != NULL && !PyModule_Check(self)) {
        PyTypeObject *owner = PyType_Check(self) ? (PyTypeObject *)self : Py_TYPE(self);
        return PyUnicode_FromFormat("%s.%s()", _PyType_Name(owner), name);
    }
    if (module != NULL && PyUnicode_Check(module) && !_PyUnicode_EqualToASCIIString(module, "builtins"))
        return PyUnicode_FromFormat("%U.%s()", module, name);
    return PyUnicode_FromFormat("%s()", name);
}

static void raise_with_funcstr(PyMethodDef *ml, PyObject *self, PyObject *module, const char *fmt, Py_ssize_t n) {
    PyObject *funcstr = function_str(ml, self, module);
    if (funcstr == NULL) return;
    if (n < 0) PyErr_Format(PyExc_TypeError, fmt, funcstr);
    else PyErr_Format(PyExc_TypeError, fmt, funcstr, n);
    Py_DECREF(funcstr);
}

static PyObject *kwnames_to_dict(PyObject *const *kwvalues, PyObject *kwnames) {
    PyObject *kwargs = PyDict_New();
    if (kwargs == NULL) return NULL;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(kwnames); i++)
        if (PyDict_SetItem(kwargs, PyTuple_GET_ITEM(kwnames, i), kwvalues[i]) < 0) {
            Py_DECREF(kwargs);
            return NULL;
        }
    return kwargs;
}

/* repr() of the builtin function or method `ml` bound to `self`. */
static PyObject *builtin_repr(PyMethodDef *ml, PyObject *self) {
    if (self == NULL || PyModule_Check(self)) return PyUnicode_FromFormat("<built-in function %s>", ml->ml_name);
    return PyUnicode_FromFormat("<built-in method %s of %s object at %p>", ml->ml_name, Py_TYPE(self)->tp_name, self);
}

/* The slow half of _cpx_check_call_result (internal.h): a SystemError
 * naming the function by its repr, as CPython's result check raises. */
PyObject *_cpx_bad_call_result(PyMethodDef *ml, PyObject *self, PyObject *result) {
    if ((result == NULL) == (PyErr_Occurred() != NULL)) return result;
    PyObject *cause = NULL, *tb = NULL, *type = NULL;
    if (result != NULL) {
        Py_DECREF(result);
        PyErr_Fetch(&type, &cause, &tb);
        PyErr_NormalizeException(&type, &cause, &tb);
    }
    PyObject *what = builtin_repr(ml, self);
    if (what != NULL) {
        PyErr_Format(PyExc_SystemError, result == NULL ? "%U returned NULL without setting an exception"
                                                       : "%U returned a result with an exception set", what);
        Py_DECREF(what);
    }
    if (cause != NULL) {
        PyObject *t2, *v2, *tb2;
        PyErr_Fetch(&t2, &v2, &tb2);
        PyErr_NormalizeException(&t2, &v2, &tb2);
        PyException_SetCause(v2, Py_NewRef(cause));
        PyException_SetContext(v2, cause);
        PyErr_Restore(t2, v2, tb2);
        cause = NULL;
    }
    Py_XDECREF(type);
    Py_XDECREF(cause);
    Py_XDECREF(tb);
    return NULL;
}

PyObject *_cpx_call_methoddef(PyMethodDef *ml, PyObject *self, PyTypeObject *cls, PyObject *module,
                              PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames) {
    int flags = ml->ml_flags & ~(METH_CLASS | METH_STATIC | METH_COEXIST);
    int has_kw = kwnames != NULL && PyTuple_GET_SIZE(kwnames) != 0;
    PyObject *result;
    switch (flags) {
    case METH_NOARGS:
        if (has_kw) goto no_keywords;
        if (nargs != 0) {
            raise_with_funcstr(ml, self, module, "%U takes no arguments (%zd given)", nargs);
            return NULL;
        }
        result = ml->ml_meth(self, NULL);
        break;
    case METH_O:
        if (has_kw) goto no_keywords;
        if (nargs != 1) {
            raise_with_funcstr(ml, self, module, "%U takes exactly one argument (%zd given)", nargs);
            return NULL;
        }
        result = ml->ml_meth(self, args[0]);
        break;
    case METH_FASTCALL:
        if (has_kw) goto no_keywords;
        result = ((_PyCFunctionFast)(void (*)(void))ml->ml_meth)(self, args, nargs);
        break;
    case METH_FASTCALL | METH_KEYWORDS:
        result = ((_PyCFunctionFastWithKeywords)(void (*)(void))ml->ml_meth)(self, args, nargs,
                                                                           has_kw ? kwnames : NULL);
        break;
    case METH_METHOD | METH_FASTCALL | METH_KEYWORDS:
        result = ((PyCMethod)(void (*)(void))ml->ml_meth)(self, cls, args, (size_t)nargs, has_kw ? kwnames : NULL);
        break;
    case METH_VARARGS:
    case METH_VARARGS | METH_KEYWORDS: {
        if (has_kw && flags == METH_VARARGS) {
            /* As CPython: a function object's tp_call names the bare ml_name,
             * a method descriptor (cls set) names "Type.name()". */
            if (cls != NULL) goto no_keywords;
            PyErr_Format(PyExc_TypeError, "%.200s() takes no keyword arguments", ml->ml_name);
            return NULL;
        }
        PyObject *tuple = PyTuple_New(nargs);
        if (tuple == NULL) return NULL;
        for (Py_ssize_t i = 0; i < nargs; i++) PyTuple_SET_ITEM(tuple, i, Py_NewRef(args[i]));
        if (flags == METH_VARARGS) {
            result = ml->ml_meth(self, tuple);
        } else {
            PyObject *kwargs = has_kw ? kwnames_to_dict(args + nargs, kwnames) : NULL;
            if (has_kw && kwargs == NULL) { Py_DECREF(tuple); return NULL; }
            result = ((PyCFunctionWithKeywords)(void (*)(void))ml->ml_meth)(self, tuple, kwargs);
            Py_XDECREF(kwargs);
        }
        Py_DECREF(tuple);
        break;
    }
    default:
        PyErr_Format(PyExc_SystemError, "%s() method: bad call flags", ml->ml_name);
        return NULL;
    }
    return _cpx_check_call_result(ml, self, result);
no_keywords:
    raise_with_funcstr(ml, self, module, "%U takes no keyword arguments", -1);
    return NULL;
}

static PyObject *cfunction_vectorcall(PyObject *func, PyObject *const *args, size_t nargsf, PyObject *kwnames) {
    PyCFunctionObject *f = (PyCFunctionObject *)func;
    PyTypeObject *cls = (f->m_ml->ml_flags & METH_METHOD) ? ((PyCMethodObject *)f)->mm_class : NULL;
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
    if (kwnames == NULL) return _cpx_call_methoddef_inline(f->m_ml, f->m_self, cls, f->m_module, args, nargs);
    return _cpx_call_methoddef(f->m_ml, f->m_self, cls, f->m_module, args, nargs, kwnames);
}

PyObject *PyCMethod_New(PyMethodDef *ml, PyObject *self, PyObject *module, PyTypeObject *cls) {
    int is_method = (ml->ml_flags & METH_METHOD) != 0;
    if (is_method && cls == NULL) {
        PyErr_SetString(PyExc_SystemError, "attempting to create PyCMethod with a METH_METHOD flag but no class");
        return NULL;
    }
    if (!is_method && cls != NULL) {
        PyErr_SetString(PyExc_SystemError, "attempting to create PyCFunction with class but no METH_METHOD flag");
        return NULL;
    }
    PyCFunctionObject *f = (PyCFunctionObject *)PyType_GenericAlloc(is_method ? &PyCMethod_Type : &PyCFunction_Type, 0);
    if (f == NULL) return NULL;
    f->m_ml = ml;
    f->m_self = Py_XNewRef(self);
    f->m_module = Py_XNewRef(module);
    f->vectorcall = cfunction_vectorcall;
    if (is_method) ((PyCMethodObject *)f)->mm_class = (PyTypeObject *)Py_NewRef(cls);
    return (PyObject *)f;
}

PyObject *PyCFunction_NewEx(PyMethodDef *ml, PyObject *self, PyObject *module) {
    return PyCMethod_New(ml, self, module, NULL);
}

#undef PyCFunction_New
PyObject *PyCFunction_New(PyMethodDef *ml, PyObject *self) { return PyCMethod_New(ml, self, NULL, NULL); }

static int check_cfunction(PyObject *op) {
    if (PyCFunction_Check(op)) return 1;
    PyErr_BadInternalCall();
    return 0;
}

PyCFunction PyCFunction_GetFunction(PyObject *op) {
    return check_cfunction(op) ? ((PyCFunctionObject *)op)->m_ml->ml_meth : NULL;
}

PyObject *PyCFunction_GetSelf(PyObject *op) {
    if (!check_cfunction(op)) return NULL;
    PyCFunctionObject *f = (PyCFunctionObject *)op;
    return (f->m_ml->ml_flags & METH_STATIC) ? NULL : f->m_self;
}

int PyCFunction_GetFlags(PyObject *op) { return check_cfunction(op) ? ((PyCFunctionObject *)op)->m_ml->ml_flags : -1; }

static void cfunction_dealloc(PyObject *self) {
    PyCFunctionObject *f = (PyCFunctionObject *)self;
    if (f->m_weakreflist != NULL) PyObject_ClearWeakRefs(self);
    Py_XDECREF(f->m_self);
    Py_XDECREF(f->m_module);
    if (f->m_ml->ml_flags & METH_METHOD) Py_XDECREF(((PyCMethodObject *)f)->mm_class);
    PyObject_Free(self);
}

static PyObject *cfunction_repr(PyObject *self) {
    PyCFunctionObject *f = (PyCFunctionObject *)self;
    return builtin_repr(f->m_ml, f->m_self);
}

static PyObject *cfunction_get_name(PyObject *self, void *c) {
    return PyUnicode_FromString(((PyCFunctionObject *)self)->m_ml->ml_name);
}

static PyObject *cfunction_get_qualname(PyObject *self, void *c) {
    PyCFunctionObject *f = (PyCFunctionObject *)self;
    if (f->m_self == NULL || PyModule_Check(f->m_self)) return PyUnicode_FromString(f->m_ml->ml_name);
    PyTypeObject *owner = PyType_Check(f->m_self) ? (PyTypeObject *)f->m_self : Py_TYPE(f->m_self);
    return PyUnicode_FromFormat("%s.%s", _PyType_Name(owner), f->m_ml->ml_name);
}

static PyObject *cfunction_get_doc(PyObject *self, void *c) {
    const char *doc = ((PyCFunctionObject *)self)->m_ml->ml_doc;
    if (doc == NULL) Py_RETURN_NONE;
    return PyUnicode_FromString(doc);
}

static PyObject *cfunction_get_self(PyObject *self, void *c) {
    PyObject *s = ((PyCFunctionObject *)self)->m_self;
    return Py_NewRef(s ? s : Py_None);
}

static PyGetSetDef cfunction_getset[] = {
    {"__name__", cfunction_get_name, NULL, NULL, NULL},
    {"__qualname__", cfunction_get_qualname, NULL, NULL, NULL},
    {"__doc__", cfunction_get_doc, NULL, NULL, NULL},
    {"__self__", cfunction_get_self, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyMemberDef cfunction_members[] = {
    {"__module__", T_OBJECT, offsetof(PyCFunctionObject, m_module), 0, NULL},
    {NULL, 0, 0, 0, NULL},
};

static PyObject *cfunction_richcompare(PyObject *a, PyObject *b, int op) {
    if ((op != Py_EQ && op != Py_NE) || !PyCFunction_Check(a) || !PyCFunction_Check(b)) Py_RETURN_NOTIMPLEMENTED;
    PyCFunctionObject *x = (PyCFunctionObject *)a, *y = (PyCFunctionObject *)b;
    int eq = x->m_self == y->m_self && x->m_ml->ml_meth == y->m_ml->ml_meth;
    return PyBool_FromLong(op == Py_EQ ? eq : !eq);
}

static Py_hash_t cfunction_hash(PyObject *self) {
    PyCFunctionObject *f = (PyCFunctionObject *)self;
    Py_hash_t h = _Py_HashPointer((void *)f->m_ml->ml_meth) ^ _Py_HashPointer(f->m_self);
    return h == -1 ? -2 : h;
}

PyTypeObject PyCFunction_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "builtin_function_or_method",
    .tp_basicsize = sizeof(PyCFunctionObject),
    .tp_dealloc = cfunction_dealloc,
    .tp_vectorcall_offset = offsetof(PyCFunctionObject, vectorcall),
    .tp_repr = cfunction_repr,
    .tp_hash = cfunction_hash,
    .tp_call = PyVectorcall_Call,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_VECTORCALL,
    .tp_richcompare = cfunction_richcompare,
    .tp_weaklistoffset = offsetof(PyCFunctionObject, m_weakreflist),
    .tp_members = cfunction_members,
    .tp_getset = cfunction_getset,
};

PyTypeObject PyCMethod_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "builtin_method",
    .tp_basicsize = sizeof(PyCMethodObject),
    .tp_dealloc = cfunction_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_VECTORCALL,
    .tp_base = &PyCFunction_Type,
};
