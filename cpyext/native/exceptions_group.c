/* exceptions_group.c: BaseExceptionGroup and ExceptionGroup (PEP 654),
 * minimal: construction with CPython 3.11's checks and class selection,
 * message/exceptions, str, derive(). split()/subgroup() are not provided.
 *
 * ExceptionGroup derives from both BaseExceptionGroup and Exception, which
 * a static type cannot express simply, so (as CPython does) it is a heap
 * type, made on first need by calling type(); it is then kept for ever.
 *
 * Ownership: the instance owns msg (the message str) and excs (a tuple of
 * the sub-exceptions); args keeps the arguments as given. */
#include "exceptions_internal.h"

#define EG(op) ((PyBaseExceptionGroupObject *)(op))

static PyObject *exception_group_type; /* owned for ever; NULL until made */

PyObject *_cpx_exc_group_type(void) {
    if (exception_group_type != NULL) return exception_group_type;
    PyObject *bases = PyTuple_Pack(2, PyExc_BaseExceptionGroup, PyExc_Exception);
    if (bases == NULL) return NULL;
    PyObject *type = PyErr_NewException("builtins.ExceptionGroup", bases, NULL);
    Py_DECREF(bases);
    if (type == NULL) return NULL;
    _cpx_immortal(type);
    exception_group_type = type;
    return type;
}

static PyObject *group_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    if (!_cpx_exc_no_keywords(type, kwds)) return NULL;
    PyObject *message, *given;
    if (!PyArg_ParseTuple(args, "UO:BaseExceptionGroup.__new__", &message, &given)) return NULL;
    if (!PySequence_Check(given)) {
        PyErr_SetString(PyExc_TypeError, "second argument (exceptions) must be a sequence");
        return NULL;
    }
    PyObject *excs = PySequence_Tuple(given);
    if (excs == NULL) return NULL;
    Py_ssize_t n = PyTuple_GET_SIZE(excs);
    if (n == 0) {
        PyErr_SetString(PyExc_ValueError, "second argument (exceptions) must be a non-empty sequence");
        goto fail;
    }
    int has_base_only = 0; /* some item is not an Exception */
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *item = PyTuple_GET_ITEM(excs, i);
        if (!PyExceptionInstance_Check(item)) {
            PyErr_Format(PyExc_ValueError, "Item %zd of second argument (exceptions) is not an exception", i);
            goto fail;
        }
        if (!PyObject_TypeCheck(item, &_cpx_exc_Exception)) has_base_only = 1;
    }
    PyObject *group = _cpx_exc_group_type();
    if (group == NULL) goto fail;
    PyTypeObject *cls = type;
    if (cls == &_cpx_exc_BaseExceptionGroup) {
        if (!has_base_only) cls = (PyTypeObject *)group;
    } else if (PyType_IsSubtype(cls, (PyTypeObject *)group)) {
        if (has_base_only) {
            PyErr_SetString(PyExc_TypeError, "Cannot nest BaseExceptions in an ExceptionGroup");
            goto fail;
        }
    } else if (has_base_only && PyType_IsSubtype(cls, &_cpx_exc_Exception)) {
        PyErr_Format(PyExc_TypeError, "Cannot nest BaseExceptions in '%.200s'", cls->tp_name);
        goto fail;
    }
    PyObject *self = _cpx_exc_base_new(cls, args, kwds);
    if (self == NULL) goto fail;
    EG(self)->msg = Py_NewRef(message);
    EG(self)->excs = excs;
    return self;
fail:
    Py_DECREF(excs);
    return NULL;
}

static int group_clear(PyObject *op) {
    Py_CLEAR(EG(op)->msg);
    Py_CLEAR(EG(op)->excs);
    return _cpx_exc_base_clear(op);
}

static int group_traverse(PyObject *op, visitproc visit, void *arg) {
    Py_VISIT(EG(op)->msg);
    Py_VISIT(EG(op)->excs);
    return _cpx_exc_base_traverse(op, visit, arg);
}

CPX_EXC_DEALLOC(group_dealloc, group_clear)

static PyObject *group_str(PyObject *op) {
    PyBaseExceptionGroupObject *self = EG(op);
    Py_ssize_t n = self->excs != NULL ? PyTuple_GET_SIZE(self->excs) : 0;
    return PyUnicode_FromFormat("%S (%zd sub-exception%s)", self->msg != NULL ? self->msg : Py_None, n,
                                n > 1 ? "s" : "");
}

static PyObject *group_derive(PyObject *op, PyObject *excs) {
    PyObject *args = PyTuple_Pack(2, EG(op)->msg != NULL ? EG(op)->msg : Py_None, excs);
    if (args == NULL) return NULL;
    PyObject *res = PyObject_Call(PyExc_BaseExceptionGroup, args, NULL);
    Py_DECREF(args);
    return res;
}

static PyMethodDef group_methods[] = {
    {"derive", group_derive, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static PyMemberDef group_members[] = {
    {"message", T_OBJECT, offsetof(PyBaseExceptionGroupObject, msg), READONLY, "exception message"},
    {"exceptions", T_OBJECT, offsetof(PyBaseExceptionGroupObject, excs), READONLY, "nested exceptions"},
    {NULL, 0, 0, 0, NULL},
};

PyTypeObject _cpx_exc_BaseExceptionGroup = {
    CPX_EXC_HEAD("BaseExceptionGroup", PyBaseExceptionGroupObject, &_cpx_exc_BaseException,
                 "A combination of multiple unrelated exceptions."),
    .tp_dealloc = group_dealloc,
    .tp_traverse = group_traverse,
    .tp_clear = group_clear,
    .tp_new = group_new,
    .tp_init = _cpx_exc_base_init,
    .tp_repr = _cpx_exc_base_repr,
    .tp_str = group_str,
    .tp_methods = group_methods,
    .tp_members = group_members,
};
PyObject *PyExc_BaseExceptionGroup = (PyObject *)&_cpx_exc_BaseExceptionGroup;
