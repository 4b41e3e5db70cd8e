/* exceptions.c: BaseException, the builtin exceptions without extra state
 * and those with a few extra fields (StopIteration, SystemExit, ImportError,
 * NameError, AttributeError, SyntaxError), the PyException_* accessors and
 * the family initialiser. OSError lives in exceptions_os.c, the UnicodeError
 * subclasses in exceptions_unicode.c, exception groups in
 * exceptions_group.c.
 *
 * Ownership: an exception instance owns every PyObject * field of its
 * layout. `args` is a tuple from tp_new on; dict, notes, traceback, context,
 * cause and the subtype fields are NULL or owned references (a NULL member
 * reads as None). PyException_Get* return new references (or NULL);
 * PyException_SetCause/SetContext steal the reference they are given,
 * PyException_SetTraceback does not. The static types are immortal and
 * PyExc_* point at them for the life of the process. */
#include "exceptions_internal.h"

/* Tracebacks come from another family; when none is linked in, any object
 * is accepted as a traceback. */
#pragma weak PyTraceBack_Type

int _cpx_exc_no_keywords(PyTypeObject *type, PyObject *kwds) {
    if (kwds == NULL || !PyDict_Check(kwds) || PyDict_GET_SIZE(kwds) == 0) return 1;
    PyErr_Format(PyExc_TypeError, "%.200s() takes no keyword arguments", type->tp_name);
    return 0;
}

/* Keyword-only arguments of ImportError/NameError/AttributeError.__init__:
 * names[] is NULL-terminated, out[i] receives a borrowed value or keeps
 * NULL. Returns -1 with TypeError on an unknown keyword. */
static int parse_keywords(const char *fname, PyObject *kwds, const char *const *names, PyObject **out) {
    if (kwds == NULL) return 0;
    Py_ssize_t pos = 0;
    PyObject *key, *value;
    while (PyDict_Next(kwds, &pos, &key, &value)) {
        if (!PyUnicode_Check(key)) {
            PyErr_SetString(PyExc_TypeError, "keywords must be strings");
            return -1;
        }
        int i = 0;
        while (names[i] != NULL && !_PyUnicode_EqualToASCIIString(key, names[i])) i++;
        if (names[i] == NULL) {
            PyErr_Format(PyExc_TypeError, "'%U' is an invalid keyword argument for %s()", key, fname);
            return -1;
        }
        out[i] = value;
    }
    return 0;
}

/* ---------------- BaseException ---------------- */

#define BASE(op) ((PyBaseExceptionObject *)(op))

PyObject *_cpx_exc_base_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    /* tp_alloc hands back zeroed memory: every field starts NULL / 0. */
    PyBaseExceptionObject *self = (PyBaseExceptionObject *)type->tp_alloc(type, 0);
    if (self == NULL) return NULL;
    self->args = args != NULL ? Py_NewRef(args) : PyTuple_New(0);
    if (self->args == NULL) {
        Py_DECREF(self);
        return NULL;
    }
    return (PyObject *)self;
}

int _cpx_exc_base_init(PyObject *self, PyObject *args, PyObject *kwds) {
    if (!_cpx_exc_no_keywords(Py_TYPE(self), kwds)) return -1;
    Py_XSETREF(BASE(self)->args, Py_NewRef(args));
    return 0;
}

int _cpx_exc_base_clear(PyObject *self) {
    PyBaseExceptionObject *e = BASE(self);
    Py_CLEAR(e->dict);
    Py_CLEAR(e->args);
    Py_CLEAR(e->notes);
    Py_CLEAR(e->traceback);
    Py_CLEAR(e->cause);
    Py_CLEAR(e->context);
    return 0;
}

int _cpx_exc_base_traverse(PyObject *self, visitproc visit, void *arg) {
    PyBaseExceptionObject *e = BASE(self);
    Py_VISIT(e->dict);
    Py_VISIT(e->args);
    Py_VISIT(e->notes);
    Py_VISIT(e->traceback);
    Py_VISIT(e->cause);
    Py_VISIT(e->context);
    return 0;
}

void _cpx_exc_base_dealloc(PyObject *self) {
    PyObject_GC_UnTrack(self);
    (void)_cpx_exc_base_clear(self);
    Py_TYPE(self)->tp_free(self);
}

PyObject *_cpx_exc_base_str(PyObject *self) {
    PyObject *args = BASE(self)->args;
    Py_ssize_t n = args != NULL ? PyTuple_GET_SIZE(args) : 0;
    if (n == 0) return PyUnicode_FromString("");
    if (n == 1) return PyObject_Str(PyTuple_GET_ITEM(args, 0));
    return PyObject_Str(args);
}

PyObject *_cpx_exc_base_repr(PyObject *self) {
    PyObject *args = BASE(self)->args;
    const char *name = _PyType_Name(Py_TYPE(self));
    if (args == NULL) return PyUnicode_FromFormat("%s()", name);
    if (PyTuple_GET_SIZE(args) == 1) return PyUnicode_FromFormat("%s(%R)", name, PyTuple_GET_ITEM(args, 0));
    return PyUnicode_FromFormat("%s%R", name, args);
}

static PyObject *base_reduce(PyObject *self, PyObject *unused) {
    PyBaseExceptionObject *e = BASE(self);
    if (e->args != NULL && e->dict != NULL) return PyTuple_Pack(3, (PyObject *)Py_TYPE(self), e->args, e->dict);
    return PyTuple_Pack(2, (PyObject *)Py_TYPE(self), e->args != NULL ? e->args : Py_None);
}

static PyObject *base_setstate(PyObject *self, PyObject *state) {
    if (state == Py_None) Py_RETURN_NONE;
    if (!PyDict_Check(state)) {
        PyErr_SetString(PyExc_TypeError, "state is not a dictionary");
        return NULL;
    }
    Py_ssize_t pos = 0;
    PyObject *key, *value;
    while (PyDict_Next(state, &pos, &key, &value)) {
        Py_INCREF(key);
        Py_INCREF(value);
        int rc = PyObject_SetAttr(self, key, value);
        Py_DECREF(key);
        Py_DECREF(value);
        if (rc < 0) return NULL;
    }
    Py_RETURN_NONE;
}

static int is_traceback(PyObject *value) {
    if (&PyTraceBack_Type == NULL) return 1;
    return PyObject_TypeCheck(value, &PyTraceBack_Type);
}

static int set_traceback(PyObject *self, PyObject *value, void *closure) {
    if (value == NULL) {
        PyErr_SetString(PyExc_TypeError, "__traceback__ may not be deleted");
        return -1;
    }
    if (value == Py_None) {
        Py_CLEAR(BASE(self)->traceback);
        return 0;
    }
    if (!is_traceback(value)) {
        PyErr_SetString(PyExc_TypeError, "__traceback__ must be a traceback or None");
        return -1;
    }
    Py_XSETREF(BASE(self)->traceback, Py_NewRef(value));
    return 0;
}

static PyObject *base_with_traceback(PyObject *self, PyObject *tb) {
    if (set_traceback(self, tb, NULL) < 0) return NULL;
    return Py_NewRef(self);
}

static PyObject *base_add_note(PyObject *self, PyObject *note) {
    if (!PyUnicode_Check(note)) {
        PyErr_Format(PyExc_TypeError, "note must be a str, not '%s'", Py_TYPE(note)->tp_name);
        return NULL;
    }
    PyObject *name = _cpx_intern("__notes__");
    PyObject *notes = PyObject_GetAttr(self, name);
    if (notes == NULL) {
        if (!PyErr_ExceptionMatches(PyExc_AttributeError)) return NULL;
        PyErr_Clear();
        notes = PyList_New(0);
        if (notes == NULL) return NULL;
        if (PyObject_SetAttr(self, name, notes) < 0) {
            Py_DECREF(notes);
            return NULL;
        }
    } else if (!PyList_Check(notes)) {
        Py_DECREF(notes);
        PyErr_SetString(PyExc_TypeError, "Cannot add note: __notes__ is not a list");
        return NULL;
    }
    int rc = PyList_Append(notes, note);
    Py_DECREF(notes);
    if (rc < 0) return NULL;
    Py_RETURN_NONE;
}

static PyMethodDef base_methods[] = {
    {"__reduce__", base_reduce, METH_NOARGS, NULL},
    {"__setstate__", base_setstate, METH_O, NULL},
    {"with_traceback", base_with_traceback, METH_O,
     "Exception.with_traceback(tb) --\n    set self.__traceback__ to tb and return self."},
    {"add_note", base_add_note, METH_O,
     "Exception.add_note(note) --\n    add a note to the exception"},
    {NULL, NULL, 0, NULL},
};

static PyObject *get_args(PyObject *self, void *closure) {
    PyObject *args = BASE(self)->args;
    return Py_NewRef(args != NULL ? args : Py_None);
}

static int set_args(PyObject *self, PyObject *value, void *closure) {
    if (value == NULL) {
        PyErr_SetString(PyExc_TypeError, "args may not be deleted");
        return -1;
    }
    PyObject *seq = PySequence_Tuple(value);
    if (seq == NULL) return -1;
    Py_XSETREF(BASE(self)->args, seq);
    return 0;
}

static PyObject *get_traceback(PyObject *self, void *closure) {
    PyObject *tb = BASE(self)->traceback;
    return Py_NewRef(tb != NULL ? tb : Py_None);
}

static PyObject *get_context(PyObject *self, void *closure) {
    PyObject *ctx = BASE(self)->context;
    return Py_NewRef(ctx != NULL ? ctx : Py_None);
}

/* Shared by the __context__ and __cause__ setters: the new owned value
 * (NULL for None) in *out, or -1 with TypeError. */
static int check_chain_value(PyObject *value, const char *what, PyObject **out) {
    if (value == NULL) {
        PyErr_Format(PyExc_TypeError, "__%s__ may not be deleted", what);
        return -1;
    }
    if (value == Py_None) {
        *out = NULL;
        return 0;
    }
    if (!PyExceptionInstance_Check(value)) {
        PyErr_Format(PyExc_TypeError, "exception %s must be None or derive from BaseException", what);
        return -1;
    }
    *out = Py_NewRef(value);
    return 0;
}

static int set_context(PyObject *self, PyObject *value, void *closure) {
    PyObject *ctx;
    if (check_chain_value(value, "context", &ctx) < 0) return -1;
    Py_XSETREF(BASE(self)->context, ctx);
    return 0;
}

static PyObject *get_cause(PyObject *self, void *closure) {
    PyObject *cause = BASE(self)->cause;
    return Py_NewRef(cause != NULL ? cause : Py_None);
}

static int set_cause(PyObject *self, PyObject *value, void *closure) {
    PyObject *cause;
    if (check_chain_value(value, "cause", &cause) < 0) return -1;
    PyException_SetCause(self, cause);
    return 0;
}

static PyGetSetDef base_getset[] = {
    {"__dict__", PyObject_GenericGetDict, PyObject_GenericSetDict, NULL, NULL},
    {"args", get_args, set_args, NULL, NULL},
    {"__traceback__", get_traceback, set_traceback, NULL, NULL},
    {"__context__", get_context, set_context, "exception context", NULL},
    {"__cause__", get_cause, set_cause, "exception cause", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyMemberDef base_members[] = {
    {"__suppress_context__", T_BOOL, offsetof(PyBaseExceptionObject, suppress_context), 0, NULL},
    {NULL, 0, 0, 0, NULL},
};

PyTypeObject _cpx_exc_BaseException = {
    CPX_EXC_HEAD("BaseException", PyBaseExceptionObject, &PyBaseObject_Type,
                 "Common base class for all exceptions"),
    .tp_dealloc = _cpx_exc_base_dealloc,
    .tp_traverse = _cpx_exc_base_traverse,
    .tp_clear = _cpx_exc_base_clear,
    .tp_new = _cpx_exc_base_new,
    .tp_init = _cpx_exc_base_init,
    .tp_repr = _cpx_exc_base_repr,
    .tp_str = _cpx_exc_base_str,
    .tp_methods = base_methods,
    .tp_members = base_members,
    .tp_getset = base_getset,
};
PyObject *PyExc_BaseException = (PyObject *)&_cpx_exc_BaseException;

/* ---------------- the C accessors ---------------- */

PyObject *PyException_GetTraceback(PyObject *self) { return Py_XNewRef(BASE(self)->traceback); }

int PyException_SetTraceback(PyObject *self, PyObject *tb) {
    return set_traceback(self, tb, NULL);
}

PyObject *PyException_GetCause(PyObject *self) { return Py_XNewRef(BASE(self)->cause); }

void PyException_SetCause(PyObject *self, PyObject *cause) {
    BASE(self)->suppress_context = 1;
    Py_XSETREF(BASE(self)->cause, cause);
}

PyObject *PyException_GetContext(PyObject *self) { return Py_XNewRef(BASE(self)->context); }

void PyException_SetContext(PyObject *self, PyObject *context) {
    Py_XSETREF(BASE(self)->context, context);
}

const char *PyExceptionClass_Name(PyObject *type) { return ((PyTypeObject *)type)->tp_name; }

/* ---------------- exceptions without extra state ---------------- */

#define SIMPLE_EXC_SLOTS(STR) \
    .tp_dealloc = _cpx_exc_base_dealloc, \
    .tp_traverse = _cpx_exc_base_traverse, \
    .tp_clear = _cpx_exc_base_clear, \
    .tp_new = _cpx_exc_base_new, \
    .tp_init = _cpx_exc_base_init, \
    .tp_repr = _cpx_exc_base_repr, \
    .tp_str = STR

#define SIMPLE_EXC(NAME, BASENAME, DOC) \
    PyTypeObject _cpx_exc_##NAME = { \
        CPX_EXC_HEAD(#NAME, PyBaseExceptionObject, &_cpx_exc_##BASENAME, DOC), \
        SIMPLE_EXC_SLOTS(_cpx_exc_base_str) }; \
    PyObject *PyExc_##NAME = (PyObject *)&_cpx_exc_##NAME;

SIMPLE_EXC(Exception, BaseException, "Common base class for all non-exit exceptions.")
SIMPLE_EXC(TypeError, Exception, "Inappropriate argument type.")
SIMPLE_EXC(StopAsyncIteration, Exception, "Signal the end from iterator.__anext__().")
SIMPLE_EXC(GeneratorExit, BaseException, "Request that a generator exit.")
SIMPLE_EXC(KeyboardInterrupt, BaseException, "Program interrupted by user.")
SIMPLE_EXC(RuntimeError, Exception, "Unspecified run-time error.")
SIMPLE_EXC(RecursionError, RuntimeError, "Recursion limit exceeded.")
SIMPLE_EXC(NotImplementedError, RuntimeError, "Method or function hasn't been implemented yet.")
SIMPLE_EXC(ReferenceError, Exception, "Weak ref proxy used after referent went away.")
SIMPLE_EXC(EOFError, Exception, "Read beyond end of file.")
SIMPLE_EXC(AssertionError, Exception, "Assertion failed.")
SIMPLE_EXC(LookupError, Exception, "Base class for lookup errors.")
SIMPLE_EXC(IndexError, LookupError, "Sequence index out of range.")
SIMPLE_EXC(ArithmeticError, Exception, "Base class for arithmetic errors.")
SIMPLE_EXC(FloatingPointError, ArithmeticError, "Floating point operation failed.")
SIMPLE_EXC(OverflowError, ArithmeticError, "Result too large to be represented.")
SIMPLE_EXC(ZeroDivisionError, ArithmeticError,
           "Second argument to a division or modulo operation was zero.")
SIMPLE_EXC(SystemError, Exception,
           "Internal error in the Python interpreter.\n\n"
           "Please report this to the Python maintainer, along with the traceback,\n"
           "the Python version, and the hardware/OS platform and version.")
SIMPLE_EXC(MemoryError, Exception, "Out of memory.")
SIMPLE_EXC(BufferError, Exception, "Buffer error.")
SIMPLE_EXC(ValueError, Exception, "Inappropriate argument value (of correct type).")
SIMPLE_EXC(UnicodeError, ValueError, "Unicode related error.")
SIMPLE_EXC(Warning, Exception, "Base class for warning categories.")
SIMPLE_EXC(UserWarning, Warning, "Base class for warnings generated by user code.")
SIMPLE_EXC(EncodingWarning, Warning, "Base class for warnings about encodings.")
SIMPLE_EXC(DeprecationWarning, Warning, "Base class for warnings about deprecated features.")
SIMPLE_EXC(PendingDeprecationWarning, Warning,
           "Base class for warnings about features which will be deprecated\nin the future.")
SIMPLE_EXC(SyntaxWarning, Warning, "Base class for warnings about dubious syntax.")
SIMPLE_EXC(RuntimeWarning, Warning, "Base class for warnings about dubious runtime behavior.")
SIMPLE_EXC(FutureWarning, Warning,
           "Base class for warnings about constructs that will change semantically\nin the future.")
SIMPLE_EXC(ImportWarning, Warning, "Base class for warnings about probable mistakes in module imports")
SIMPLE_EXC(UnicodeWarning, Warning,
           "Base class for warnings about Unicode related problems, mostly\nrelated to conversion problems.")
SIMPLE_EXC(BytesWarning, Warning,
           "Base class for warnings about bytes and buffer related problems, mostly\n"
           "related to conversion from str or comparing to str.")
SIMPLE_EXC(ResourceWarning, Warning, "Base class for warnings about resource usage.")

/* KeyError shows its single argument as a repr, so KeyError('') is
 * distinguishable from KeyError(). */
static PyObject *keyerror_str(PyObject *self) {
    PyObject *args = BASE(self)->args;
    if (args != NULL && PyTuple_GET_SIZE(args) == 1) return PyObject_Repr(PyTuple_GET_ITEM(args, 0));
    return _cpx_exc_base_str(self);
}

PyTypeObject _cpx_exc_KeyError = {
    CPX_EXC_HEAD("KeyError", PyBaseExceptionObject, &_cpx_exc_LookupError, "Mapping key not found."),
    SIMPLE_EXC_SLOTS(keyerror_str),
};
PyObject *PyExc_KeyError = (PyObject *)&_cpx_exc_KeyError;

/* ---------------- a macro for the layouts with extra object fields ---------------- */

/* FIELDS(X) applies X to each extra PyObject * field of STRUCT. */
#define EXTRA_FIELD_CLEAR(f) Py_CLEAR(self->f);
#define EXTRA_FIELD_VISIT(f) Py_VISIT(self->f);
#define EXTRA_LAYOUT(PREFIX, STRUCT, FIELDS) \
    static int PREFIX##_clear(PyObject *op) { \
        STRUCT *self = (STRUCT *)op; \
        FIELDS(EXTRA_FIELD_CLEAR) \
        return _cpx_exc_base_clear(op); \
    } \
    static int PREFIX##_traverse(PyObject *op, visitproc visit, void *arg) { \
        STRUCT *self = (STRUCT *)op; \
        FIELDS(EXTRA_FIELD_VISIT) \
        return _cpx_exc_base_traverse(op, visit, arg); \
    } \
    CPX_EXC_DEALLOC(PREFIX##_dealloc, PREFIX##_clear)

#define LAYOUT_SLOTS(PREFIX, INIT, STR, MEMBERS) \
    .tp_dealloc = PREFIX##_dealloc, \
    .tp_traverse = PREFIX##_traverse, \
    .tp_clear = PREFIX##_clear, \
    .tp_new = _cpx_exc_base_new, \
    .tp_init = INIT, \
    .tp_repr = _cpx_exc_base_repr, \
    .tp_str = STR, \
    .tp_members = MEMBERS

/* ---------------- StopIteration ---------------- */

#define STOPITER_FIELDS(X) X(value)
EXTRA_LAYOUT(stopiter, PyStopIterationObject, STOPITER_FIELDS)

static int stopiter_init(PyObject *op, PyObject *args, PyObject *kwds) {
    if (_cpx_exc_base_init(op, args, kwds) < 0) return -1;
    PyObject *value = PyTuple_GET_SIZE(args) > 0 ? PyTuple_GET_ITEM(args, 0) : Py_None;
    Py_XSETREF(((PyStopIterationObject *)op)->value, Py_NewRef(value));
    return 0;
}

static PyMemberDef stopiter_members[] = {
    {"value", T_OBJECT, offsetof(PyStopIterationObject, value), 0, "generator return value"},
    {NULL, 0, 0, 0, NULL},
};

PyTypeObject _cpx_exc_StopIteration = {
    CPX_EXC_HEAD("StopIteration", PyStopIterationObject, &_cpx_exc_Exception,
                 "Signal the end from iterator.__next__()."),
    LAYOUT_SLOTS(stopiter, stopiter_init, _cpx_exc_base_str, stopiter_members),
};
PyObject *PyExc_StopIteration = (PyObject *)&_cpx_exc_StopIteration;

/* ---------------- SystemExit ---------------- */

#define SYSEXIT_FIELDS(X) X(code)
EXTRA_LAYOUT(sysexit, PySystemExitObject, SYSEXIT_FIELDS)

static int sysexit_init(PyObject *op, PyObject *args, PyObject *kwds) {
    if (_cpx_exc_base_init(op, args, kwds) < 0) return -1;
    Py_ssize_t n = PyTuple_GET_SIZE(args);
    if (n == 0) return 0;
    PyObject *code = n == 1 ? PyTuple_GET_ITEM(args, 0) : args;
    Py_XSETREF(((PySystemExitObject *)op)->code, Py_NewRef(code));
    return 0;
}

static PyMemberDef sysexit_members[] = {
    {"code", T_OBJECT, offsetof(PySystemExitObject, code), 0, "exception code"},
    {NULL, 0, 0, 0, NULL},
};

PyTypeObject _cpx_exc_SystemExit = {
    CPX_EXC_HEAD("SystemExit", PySystemExitObject, &_cpx_exc_BaseException,
                 "Request to exit from the interpreter."),
    LAYOUT_SLOTS(sysexit, sysexit_init, _cpx_exc_base_str, sysexit_members),
};
PyObject *PyExc_SystemExit = (PyObject *)&_cpx_exc_SystemExit;

/* ---------------- ImportError ---------------- */

#define IMPORTERR_FIELDS(X) X(msg) X(name) X(path)
EXTRA_LAYOUT(importerr, PyImportErrorObject, IMPORTERR_FIELDS)

static int importerr_init(PyObject *op, PyObject *args, PyObject *kwds) {
    static const char *const names[] = {"name", "path", NULL};
    PyObject *found[2] = {NULL, NULL};
    PyImportErrorObject *self = (PyImportErrorObject *)op;
    if (_cpx_exc_base_init(op, args, NULL) < 0) return -1;
    if (parse_keywords("ImportError", kwds, names, found) < 0) return -1;
    Py_XSETREF(self->name, Py_XNewRef(found[0]));
    Py_XSETREF(self->path, Py_XNewRef(found[1]));
    PyObject *msg = PyTuple_GET_SIZE(args) == 1 ? PyTuple_GET_ITEM(args, 0) : NULL;
    Py_XSETREF(self->msg, Py_XNewRef(msg));
    return 0;
}

static PyObject *importerr_str(PyObject *op) {
    PyObject *msg = ((PyImportErrorObject *)op)->msg;
    if (msg != NULL && PyUnicode_CheckExact(msg)) return Py_NewRef(msg);
    return _cpx_exc_base_str(op);
}

static PyMemberDef importerr_members[] = {
    {"msg", T_OBJECT, offsetof(PyImportErrorObject, msg), 0, "exception message"},
    {"name", T_OBJECT, offsetof(PyImportErrorObject, name), 0, "module name"},
    {"path", T_OBJECT, offsetof(PyImportErrorObject, path), 0, "module path"},
    {NULL, 0, 0, 0, NULL},
};

PyTypeObject _cpx_exc_ImportError = {
    CPX_EXC_HEAD("ImportError", PyImportErrorObject, &_cpx_exc_Exception,
                 "Import can't find module, or can't find name in module."),
    LAYOUT_SLOTS(importerr, importerr_init, importerr_str, importerr_members),
};
PyObject *PyExc_ImportError = (PyObject *)&_cpx_exc_ImportError;

PyTypeObject _cpx_exc_ModuleNotFoundError = {
    CPX_EXC_HEAD("ModuleNotFoundError", PyImportErrorObject, &_cpx_exc_ImportError, "Module not found."),
    LAYOUT_SLOTS(importerr, importerr_init, importerr_str, NULL),
};
PyObject *PyExc_ModuleNotFoundError = (PyObject *)&_cpx_exc_ModuleNotFoundError;

/* ---------------- NameError, AttributeError ---------------- */

#define NAMEERR_FIELDS(X) X(name)
EXTRA_LAYOUT(nameerr, PyNameErrorObject, NAMEERR_FIELDS)

static int nameerr_init(PyObject *op, PyObject *args, PyObject *kwds) {
    static const char *const names[] = {"name", NULL};
    PyObject *found[1] = {NULL};
    if (_cpx_exc_base_init(op, args, NULL) < 0) return -1;
    if (parse_keywords("NameError", kwds, names, found) < 0) return -1;
    Py_XSETREF(((PyNameErrorObject *)op)->name, Py_XNewRef(found[0]));
    return 0;
}

static PyMemberDef nameerr_members[] = {
    {"name", T_OBJECT, offsetof(PyNameErrorObject, name), 0, "name"},
    {NULL, 0, 0, 0, NULL},
};

PyTypeObject _cpx_exc_NameError = {
    CPX_EXC_HEAD("NameError", PyNameErrorObject, &_cpx_exc_Exception, "Name not found globally."),
    LAYOUT_SLOTS(nameerr, nameerr_init, _cpx_exc_base_str, nameerr_members),
};
PyObject *PyExc_NameError = (PyObject *)&_cpx_exc_NameError;

PyTypeObject _cpx_exc_UnboundLocalError = {
    CPX_EXC_HEAD("UnboundLocalError", PyNameErrorObject, &_cpx_exc_NameError,
                 "Local name referenced but not bound to a value."),
    LAYOUT_SLOTS(nameerr, nameerr_init, _cpx_exc_base_str, NULL),
};
PyObject *PyExc_UnboundLocalError = (PyObject *)&_cpx_exc_UnboundLocalError;

#define ATTRERR_FIELDS(X) X(obj) X(name)
EXTRA_LAYOUT(attrerr, PyAttributeErrorObject, ATTRERR_FIELDS)

static int attrerr_init(PyObject *op, PyObject *args, PyObject *kwds) {
    static const char *const names[] = {"name", "obj", NULL};
    PyObject *found[2] = {NULL, NULL};
    PyAttributeErrorObject *self = (PyAttributeErrorObject *)op;
    if (_cpx_exc_base_init(op, args, NULL) < 0) return -1;
    if (parse_keywords("AttributeError", kwds, names, found) < 0) return -1;
    Py_XSETREF(self->name, Py_XNewRef(found[0]));
    Py_XSETREF(self->obj, Py_XNewRef(found[1]));
    return 0;
}

static PyMemberDef attrerr_members[] = {
    {"name", T_OBJECT, offsetof(PyAttributeErrorObject, name), 0, "attribute name"},
    {"obj", T_OBJECT, offsetof(PyAttributeErrorObject, obj), 0, "object"},
    {NULL, 0, 0, 0, NULL},
};

PyTypeObject _cpx_exc_AttributeError = {
    CPX_EXC_HEAD("AttributeError", PyAttributeErrorObject, &_cpx_exc_Exception, "Attribute not found."),
    LAYOUT_SLOTS(attrerr, attrerr_init, _cpx_exc_base_str, attrerr_members),
};
PyObject *PyExc_AttributeError = (PyObject *)&_cpx_exc_AttributeError;

/* ---------------- SyntaxError ---------------- */

#define SYNTAXERR_FIELDS(X) X(msg) X(filename) X(lineno) X(offset) X(end_lineno) X(end_offset) \
    X(text) X(print_file_and_line)
EXTRA_LAYOUT(syntaxerr, PySyntaxErrorObject, SYNTAXERR_FIELDS)

static int syntaxerr_init(PyObject *op, PyObject *args, PyObject *kwds) {
    PySyntaxErrorObject *self = (PySyntaxErrorObject *)op;
    if (_cpx_exc_base_init(op, args, kwds) < 0) return -1;
    Py_ssize_t n = PyTuple_GET_SIZE(args);
    if (n >= 1) Py_XSETREF(self->msg, Py_NewRef(PyTuple_GET_ITEM(args, 0)));
    if (n != 2) return 0;
    PyObject *info = PySequence_Tuple(PyTuple_GET_ITEM(args, 1));
    if (info == NULL) return -1;
    PyObject *filename, *lineno, *offset, *text, *end_lineno = NULL, *end_offset = NULL;
    if (!PyArg_ParseTuple(info, "OOOO|OO", &filename, &lineno, &offset, &text, &end_lineno, &end_offset)) {
        Py_DECREF(info);
        return -1;
    }
    Py_XSETREF(self->filename, Py_NewRef(filename));
    Py_XSETREF(self->lineno, Py_NewRef(lineno));
    Py_XSETREF(self->offset, Py_NewRef(offset));
    Py_XSETREF(self->text, Py_NewRef(text));
    Py_XSETREF(self->end_lineno, Py_XNewRef(end_lineno));
    Py_XSETREF(self->end_offset, Py_XNewRef(end_offset));
    Py_DECREF(info);
    if (end_lineno != NULL && end_offset == NULL) {
        PyErr_SetString(PyExc_TypeError, "end_offset must be provided when end_lineno is provided");
        return -1;
    }
    return 0;
}

/* The last path component of a str filename (new reference). */
static PyObject *path_basename(PyObject *filename) {
    Py_ssize_t len = PyUnicode_GET_LENGTH(filename);
    Py_ssize_t sep = PyUnicode_FindChar(filename, '/', 0, len, -1);
    if (sep == -2) return NULL;
    if (sep < 0) return Py_NewRef(filename);
    return PyUnicode_Substring(filename, sep + 1, len);
}

static PyObject *syntaxerr_str(PyObject *op) {
    PySyntaxErrorObject *self = (PySyntaxErrorObject *)op;
    PyObject *msg = self->msg != NULL ? self->msg : Py_None;
    PyObject *filename = NULL;
    if (self->filename != NULL && PyUnicode_Check(self->filename)) {
        filename = path_basename(self->filename);
        if (filename == NULL) return NULL;
    }
    int have_lineno = self->lineno != NULL && PyLong_CheckExact(self->lineno);
    if (filename == NULL && !have_lineno) return PyObject_Str(msg);
    long line = 0;
    if (have_lineno) {
        int overflow;
        line = PyLong_AsLongAndOverflow(self->lineno, &overflow);
    }
    PyObject *res;
    if (filename != NULL && have_lineno)
        res = PyUnicode_FromFormat("%S (%U, line %ld)", msg, filename, line);
    else if (filename != NULL)
        res = PyUnicode_FromFormat("%S (%U)", msg, filename);
    else
        res = PyUnicode_FromFormat("%S (line %ld)", msg, line);
    Py_XDECREF(filename);
    return res;
}

static PyMemberDef syntaxerr_members[] = {
    {"msg", T_OBJECT, offsetof(PySyntaxErrorObject, msg), 0, "exception msg"},
    {"filename", T_OBJECT, offsetof(PySyntaxErrorObject, filename), 0, "exception filename"},
    {"lineno", T_OBJECT, offsetof(PySyntaxErrorObject, lineno), 0, "exception lineno"},
    {"offset", T_OBJECT, offsetof(PySyntaxErrorObject, offset), 0, "exception offset"},
    {"text", T_OBJECT, offsetof(PySyntaxErrorObject, text), 0, "exception text"},
    {"end_lineno", T_OBJECT, offsetof(PySyntaxErrorObject, end_lineno), 0, "exception end lineno"},
    {"end_offset", T_OBJECT, offsetof(PySyntaxErrorObject, end_offset), 0, "exception end offset"},
    {"print_file_and_line", T_OBJECT, offsetof(PySyntaxErrorObject, print_file_and_line), 0,
     "exception print_file_and_line"},
    {NULL, 0, 0, 0, NULL},
};

PyTypeObject _cpx_exc_SyntaxError = {
    CPX_EXC_HEAD("SyntaxError", PySyntaxErrorObject, &_cpx_exc_Exception, "Invalid syntax."),
    LAYOUT_SLOTS(syntaxerr, syntaxerr_init, syntaxerr_str, syntaxerr_members),
};
PyObject *PyExc_SyntaxError = (PyObject *)&_cpx_exc_SyntaxError;

PyTypeObject _cpx_exc_IndentationError = {
    CPX_EXC_HEAD("IndentationError", PySyntaxErrorObject, &_cpx_exc_SyntaxError, "Improper indentation."),
    LAYOUT_SLOTS(syntaxerr, syntaxerr_init, syntaxerr_str, NULL),
};
PyObject *PyExc_IndentationError = (PyObject *)&_cpx_exc_IndentationError;

PyTypeObject _cpx_exc_TabError = {
    CPX_EXC_HEAD("TabError", PySyntaxErrorObject, &_cpx_exc_IndentationError,
                 "Improper mixture of spaces and tabs."),
    LAYOUT_SLOTS(syntaxerr, syntaxerr_init, syntaxerr_str, NULL),
};
PyObject *PyExc_TabError = (PyObject *)&_cpx_exc_TabError;

/* ---------------- initialisation ---------------- */

/* Every static exception type, each after its base. */
static PyTypeObject *const all_types[] = {
    &_cpx_exc_BaseException, &_cpx_exc_Exception, &_cpx_exc_TypeError, &_cpx_exc_StopAsyncIteration,
    &_cpx_exc_StopIteration, &_cpx_exc_GeneratorExit, &_cpx_exc_SystemExit, &_cpx_exc_KeyboardInterrupt,
    &_cpx_exc_ImportError, &_cpx_exc_ModuleNotFoundError, &_cpx_exc_OSError, &_cpx_exc_EOFError,
    &_cpx_exc_RuntimeError, &_cpx_exc_RecursionError, &_cpx_exc_NotImplementedError,
    &_cpx_exc_NameError, &_cpx_exc_UnboundLocalError, &_cpx_exc_AttributeError, &_cpx_exc_SyntaxError,
    &_cpx_exc_IndentationError, &_cpx_exc_TabError, &_cpx_exc_LookupError, &_cpx_exc_IndexError,
    &_cpx_exc_KeyError, &_cpx_exc_ValueError, &_cpx_exc_UnicodeError, &_cpx_exc_UnicodeEncodeError,
    &_cpx_exc_UnicodeDecodeError, &_cpx_exc_UnicodeTranslateError, &_cpx_exc_AssertionError,
    &_cpx_exc_ArithmeticError, &_cpx_exc_FloatingPointError, &_cpx_exc_OverflowError,
    &_cpx_exc_ZeroDivisionError, &_cpx_exc_SystemError, &_cpx_exc_ReferenceError, &_cpx_exc_MemoryError,
    &_cpx_exc_BufferError, &_cpx_exc_ConnectionError, &_cpx_exc_BlockingIOError,
    &_cpx_exc_BrokenPipeError, &_cpx_exc_ChildProcessError, &_cpx_exc_ConnectionAbortedError,
    &_cpx_exc_ConnectionRefusedError, &_cpx_exc_ConnectionResetError, &_cpx_exc_FileExistsError,
    &_cpx_exc_FileNotFoundError, &_cpx_exc_IsADirectoryError, &_cpx_exc_NotADirectoryError,
    &_cpx_exc_InterruptedError, &_cpx_exc_PermissionError, &_cpx_exc_ProcessLookupError,
    &_cpx_exc_TimeoutError, &_cpx_exc_Warning, &_cpx_exc_UserWarning, &_cpx_exc_EncodingWarning,
    &_cpx_exc_DeprecationWarning, &_cpx_exc_PendingDeprecationWarning, &_cpx_exc_SyntaxWarning,
    &_cpx_exc_RuntimeWarning, &_cpx_exc_FutureWarning, &_cpx_exc_ImportWarning,
    &_cpx_exc_UnicodeWarning, &_cpx_exc_BytesWarning, &_cpx_exc_ResourceWarning,
    &_cpx_exc_BaseExceptionGroup,
};

int _cpx_init_exceptions(void) {
    for (size_t i = 0; i < sizeof(all_types) / sizeof(all_types[0]); i++) {
        _cpx_immortal((PyObject *)all_types[i]);
        if (PyType_Ready(all_types[i]) < 0) return -1;
    }
    return 0;
}

/* Puts every builtin exception class (and the EnvironmentError/IOError
 * aliases, and ExceptionGroup) into dict under its builtins name, as the
 * builtins module has them. */
int _cpx_exceptions_add_builtins(PyObject *dict) {
    for (size_t i = 0; i < sizeof(all_types) / sizeof(all_types[0]); i++)
        if (PyDict_SetItemString(dict, all_types[i]->tp_name, (PyObject *)all_types[i]) < 0) return -1;
    if (PyDict_SetItemString(dict, "EnvironmentError", PyExc_OSError) < 0 ||
        PyDict_SetItemString(dict, "IOError", PyExc_OSError) < 0)
        return -1;
    PyObject *group = _cpx_exc_group_type();
    if (group == NULL) return -1;
    return PyDict_SetItemString(dict, "ExceptionGroup", group);
}
