/* exceptions_os.c: OSError (alias EnvironmentError, IOError) and its
 * subclasses.
 *
 * Behaviour follows CPython 3.11: OSError(errno, strerror[, filename[,
 * winerror[, filename2]]]) fills errno/strerror/filename/filename2 and then
 * keeps only (errno, strerror) as args when a filename was given;
 * OSError(errno, ...) called on OSError itself creates the subclass for
 * that errno (FileNotFoundError for ENOENT, ...). The arguments are
 * processed in __new__, unless a subclass overrides __init__ while keeping
 * OSError's __new__, in which case __init__ does it. BlockingIOError's
 * third argument, when a number, is characters_written (`written`, -1 when
 * unset).
 *
 * Ownership: the instance owns myerrno, strerror, filename, filename2 (NULL
 * or owned, read as None through the members) and args. */
#include "exceptions_internal.h"

#define OS(op) ((PyOSErrorObject *)(op))

static PyObject *oserror_new(PyTypeObject *type, PyObject *args, PyObject *kwds);
static int oserror_init(PyObject *self, PyObject *args, PyObject *kwds);

/* True when the arguments are handled in __init__ (see the top comment). */
static int init_handles_args(PyTypeObject *type) {
    return type->tp_init != oserror_init && type->tp_new == oserror_new;
}

/* The subclass OSError(errno, ...) becomes, or NULL for plain OSError. */
static PyTypeObject *subclass_for_errno(PyObject *myerrno) {
    if (!PyLong_Check(myerrno)) return NULL;
    int overflow = 0;
    long code = PyLong_AsLongAndOverflow(myerrno, &overflow);
    if (code == -1 && PyErr_Occurred()) {
        PyErr_Clear();
        return NULL;
    }
    if (overflow) return NULL;
    switch (code) {
    case EAGAIN:
#if EWOULDBLOCK != EAGAIN
    case EWOULDBLOCK:
#endif
    case EALREADY:
    case EINPROGRESS: return &_cpx_exc_BlockingIOError;
    case EPIPE:
    case ESHUTDOWN: return &_cpx_exc_BrokenPipeError;
    case ECHILD: return &_cpx_exc_ChildProcessError;
    case ECONNABORTED: return &_cpx_exc_ConnectionAbortedError;
    case ECONNREFUSED: return &_cpx_exc_ConnectionRefusedError;
    case ECONNRESET: return &_cpx_exc_ConnectionResetError;
    case EEXIST: return &_cpx_exc_FileExistsError;
    case ENOENT: return &_cpx_exc_FileNotFoundError;
    case EISDIR: return &_cpx_exc_IsADirectoryError;
    case ENOTDIR: return &_cpx_exc_NotADirectoryError;
    case EINTR: return &_cpx_exc_InterruptedError;
    case EACCES:
    case EPERM: return &_cpx_exc_PermissionError;
    case ESRCH: return &_cpx_exc_ProcessLookupError;
    case ETIMEDOUT: return &_cpx_exc_TimeoutError;
    default: return NULL;
    }
}

typedef struct {
    PyObject *myerrno, *strerror, *filename, *filename2; /* borrowed from args */
} os_args;

/* With 2 to 5 arguments they mean (errno, strerror, filename, winerror,
 * filename2); with any other count none of them is set. */
static void split_args(PyObject *args, os_args *out) {
    Py_ssize_t n = PyTuple_GET_SIZE(args);
    out->myerrno = out->strerror = out->filename = out->filename2 = NULL;
    if (n < 2 || n > 5) return;
    out->myerrno = PyTuple_GET_ITEM(args, 0);
    out->strerror = PyTuple_GET_ITEM(args, 1);
    if (n >= 3) out->filename = PyTuple_GET_ITEM(args, 2);
    if (n == 5) out->filename2 = PyTuple_GET_ITEM(args, 4);
}

/* Stores the parsed arguments into self; self->args becomes args, or only
 * its first two items when a filename was stored. */
static int fill(PyOSErrorObject *self, PyObject *args, const os_args *a) {
    Py_INCREF(args);
    if (a->filename != NULL && a->filename != Py_None) {
        if (Py_IS_TYPE(self, &_cpx_exc_BlockingIOError) && PyNumber_Check(a->filename)) {
            self->written = PyNumber_AsSsize_t(a->filename, PyExc_ValueError);
            if (self->written == -1 && PyErr_Occurred()) {
                Py_DECREF(args);
                return -1;
            }
        } else {
            Py_XSETREF(self->filename, Py_NewRef(a->filename));
            if (a->filename2 != NULL && a->filename2 != Py_None)
                Py_XSETREF(self->filename2, Py_NewRef(a->filename2));
            PyObject *head = PyTuple_GetSlice(args, 0, 2);
            Py_DECREF(args);
            if (head == NULL) return -1;
            args = head;
        }
    }
    Py_XSETREF(self->myerrno, Py_XNewRef(a->myerrno));
    Py_XSETREF(self->strerror, Py_XNewRef(a->strerror));
    Py_XSETREF(self->args, args);
    return 0;
}

static PyObject *oserror_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    os_args a;
    int in_new = !init_handles_args(type);
    if (in_new) {
        if (!_cpx_exc_no_keywords(type, kwds)) return NULL;
        split_args(args, &a);
        if (a.myerrno != NULL && type == &_cpx_exc_OSError) {
            PyTypeObject *sub = subclass_for_errno(a.myerrno);
            if (sub != NULL) type = sub;
        }
    }
    PyOSErrorObject *self = (PyOSErrorObject *)type->tp_alloc(type, 0);
    if (self == NULL) return NULL;
    self->written = -1;
    if (in_new) {
        if (fill(self, args, &a) < 0) {
            Py_DECREF(self);
            return NULL;
        }
    } else if ((self->args = PyTuple_New(0)) == NULL) {
        Py_DECREF(self);
        return NULL;
    }
    return (PyObject *)self;
}

static int oserror_init(PyObject *self, PyObject *args, PyObject *kwds) {
    if (!init_handles_args(Py_TYPE(self))) return 0; /* __new__ did it all */
    if (!_cpx_exc_no_keywords(Py_TYPE(self), kwds)) return -1;
    os_args a;
    split_args(args, &a);
    return fill(OS(self), args, &a);
}

static int oserror_clear(PyObject *op) {
    PyOSErrorObject *self = OS(op);
    Py_CLEAR(self->myerrno);
    Py_CLEAR(self->strerror);
    Py_CLEAR(self->filename);
    Py_CLEAR(self->filename2);
    return _cpx_exc_base_clear(op);
}

static int oserror_traverse(PyObject *op, visitproc visit, void *arg) {
    PyOSErrorObject *self = OS(op);
    Py_VISIT(self->myerrno);
    Py_VISIT(self->strerror);
    Py_VISIT(self->filename);
    Py_VISIT(self->filename2);
    return _cpx_exc_base_traverse(op, visit, arg);
}

CPX_EXC_DEALLOC(oserror_dealloc, oserror_clear)

#define OR_NONE(x) ((x) != NULL ? (x) : Py_None)

static PyObject *oserror_str(PyObject *op) {
    PyOSErrorObject *self = OS(op);
    if (self->filename != NULL) {
        if (self->filename2 != NULL)
            return PyUnicode_FromFormat("[Errno %S] %S: %R -> %R", OR_NONE(self->myerrno),
                                        OR_NONE(self->strerror), self->filename, self->filename2);
        return PyUnicode_FromFormat("[Errno %S] %S: %R", OR_NONE(self->myerrno), OR_NONE(self->strerror),
                                    self->filename);
    }
    if (self->myerrno != NULL && self->strerror != NULL)
        return PyUnicode_FromFormat("[Errno %S] %S", self->myerrno, self->strerror);
    return _cpx_exc_base_str(op);
}

/* Pickles with the filename(s) put back into the arguments. */
static PyObject *oserror_reduce(PyObject *op, PyObject *unused) {
    PyOSErrorObject *self = OS(op);
    PyObject *args = self->args;
    if (args != NULL && PyTuple_GET_SIZE(args) == 2 && self->filename != NULL) {
        if (self->filename2 != NULL)
            args = PyTuple_Pack(5, PyTuple_GET_ITEM(args, 0), PyTuple_GET_ITEM(args, 1), self->filename,
                                Py_None, self->filename2);
        else
            args = PyTuple_Pack(3, PyTuple_GET_ITEM(args, 0), PyTuple_GET_ITEM(args, 1), self->filename);
        if (args == NULL) return NULL;
    } else {
        args = Py_NewRef(args != NULL ? args : Py_None);
    }
    PyObject *res = self->dict != NULL ? PyTuple_Pack(3, (PyObject *)Py_TYPE(op), args, self->dict)
                                       : PyTuple_Pack(2, (PyObject *)Py_TYPE(op), args);
    Py_DECREF(args);
    return res;
}

static PyObject *get_written(PyObject *op, void *closure) {
    if (OS(op)->written == -1) {
        PyErr_SetString(PyExc_AttributeError, "characters_written");
        return NULL;
    }
    return PyLong_FromSsize_t(OS(op)->written);
}

static int set_written(PyObject *op, PyObject *value, void *closure) {
    if (value == NULL) {
        if (OS(op)->written == -1) {
            PyErr_SetString(PyExc_AttributeError, "characters_written");
            return -1;
        }
        OS(op)->written = -1;
        return 0;
    }
    Py_ssize_t n = PyNumber_AsSsize_t(value, PyExc_ValueError);
    if (n == -1 && PyErr_Occurred()) return -1;
    OS(op)->written = n;
    return 0;
}

static PyMethodDef oserror_methods[] = {
    {"__reduce__", oserror_reduce, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyMemberDef oserror_members[] = {
    {"errno", T_OBJECT, offsetof(PyOSErrorObject, myerrno), 0, "POSIX exception code"},
    {"strerror", T_OBJECT, offsetof(PyOSErrorObject, strerror), 0, "exception strerror"},
    {"filename", T_OBJECT, offsetof(PyOSErrorObject, filename), 0, "exception filename"},
    {"filename2", T_OBJECT, offsetof(PyOSErrorObject, filename2), 0, "second exception filename"},
    {NULL, 0, 0, 0, NULL},
};

static PyGetSetDef oserror_getset[] = {
    {"characters_written", get_written, set_written, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

#define OS_SLOTS \
    .tp_dealloc = oserror_dealloc, \
    .tp_traverse = oserror_traverse, \
    .tp_clear = oserror_clear, \
    .tp_new = oserror_new, \
    .tp_init = oserror_init, \
    .tp_repr = _cpx_exc_base_repr, \
    .tp_str = oserror_str

PyTypeObject _cpx_exc_OSError = {
    CPX_EXC_HEAD("OSError", PyOSErrorObject, &_cpx_exc_Exception, "Base class for I/O related errors."),
    OS_SLOTS,
    .tp_methods = oserror_methods,
    .tp_members = oserror_members,
    .tp_getset = oserror_getset,
};
PyObject *PyExc_OSError = (PyObject *)&_cpx_exc_OSError;
PyObject *PyExc_EnvironmentError = (PyObject *)&_cpx_exc_OSError;
PyObject *PyExc_IOError = (PyObject *)&_cpx_exc_OSError;

#define OS_EXC(NAME, BASENAME, DOC) \
    PyTypeObject _cpx_exc_##NAME = { \
        CPX_EXC_HEAD(#NAME, PyOSErrorObject, &_cpx_exc_##BASENAME, DOC), \
        OS_SLOTS }; \
    PyObject *PyExc_##NAME = (PyObject *)&_cpx_exc_##NAME;

OS_EXC(BlockingIOError, OSError, "I/O operation would block.")
OS_EXC(ConnectionError, OSError, "Connection error.")
OS_EXC(ChildProcessError, OSError, "Child process error.")
OS_EXC(BrokenPipeError, ConnectionError, "Broken pipe.")
OS_EXC(ConnectionAbortedError, ConnectionError, "Connection aborted.")
OS_EXC(ConnectionRefusedError, ConnectionError, "Connection refused.")
OS_EXC(ConnectionResetError, ConnectionError, "Connection reset.")
OS_EXC(FileExistsError, OSError, "File already exists.")
OS_EXC(FileNotFoundError, OSError, "File not found.")
OS_EXC(IsADirectoryError, OSError, "Operation doesn't work on directories.")
OS_EXC(NotADirectoryError, OSError, "Operation only works on directories.")
OS_EXC(InterruptedError, OSError, "Interrupted by signal.")
OS_EXC(PermissionError, OSError, "Not enough permissions.")
OS_EXC(ProcessLookupError, OSError, "Process not found.")
OS_EXC(TimeoutError, OSError, "Timeout expired.")
