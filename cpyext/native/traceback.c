/* traceback.c: traceback objects (PyTraceBack_Type) and PyTraceBack_Here.
 *
 * Invariants:
 * - A traceback entry owns its frame and the next (older-to-newer: tb_next is the entry of
 *   the frame the exception went through before this one), as in CPython 3.11.
 * - PyTraceBack_Here(frame) puts a new entry for `frame` in front of the pending exception's
 *   traceback (curexc_traceback); the exception object's __traceback__ is only set when the
 *   exception is caught (PyException_SetTraceback), again as in CPython.
 * - tb_lineno/tb_lasti are fixed when the entry is made, from the frame at that moment. */
#include "misc_internal.h"
#include "frameobject.h"
#include "internal/pycore_frame.h"

static PyObject *traceback_new_entry(PyObject *next, PyFrameObject *frame) {
    if ((next != NULL && !PyTraceBack_Check(next)) || frame == NULL || !PyFrame_Check(frame)) {
        PyErr_BadInternalCall();
        return NULL;
    }
    PyTracebackObject *tb = (PyTracebackObject *)_PyObject_GC_New(&PyTraceBack_Type);
    if (tb == NULL) return NULL;
    tb->tb_next = (PyTracebackObject *)Py_XNewRef(next);
    tb->tb_frame = (PyFrameObject *)Py_NewRef((PyObject *)frame);
    tb->tb_lasti = PyFrame_GetLasti(frame);
    tb->tb_lineno = PyFrame_GetLineNumber(frame);
    return (PyObject *)tb;
}

int PyTraceBack_Here(PyFrameObject *frame) {
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyObject *entry = traceback_new_entry(tb, frame);
    if (entry == NULL) {
        _PyErr_ChainExceptions(type, value, tb);
        return -1;
    }
    PyErr_Restore(type, value, entry);
    Py_XDECREF(tb);
    return 0;
}

static void traceback_dealloc(PyObject *op) {
    PyTracebackObject *tb = (PyTracebackObject *)op;
    PyObject_GC_UnTrack(op);
    Py_XDECREF(tb->tb_next);
    Py_XDECREF(tb->tb_frame);
    PyObject_GC_Del(op);
}

static int traceback_traverse(PyObject *op, visitproc visit, void *arg) {
    Py_VISIT(((PyTracebackObject *)op)->tb_next);
    Py_VISIT(((PyTracebackObject *)op)->tb_frame);
    return 0;
}

static PyObject *get_next(PyObject *op, void *c) {
    PyObject *next = (PyObject *)((PyTracebackObject *)op)->tb_next;
    return Py_NewRef(next != NULL ? next : Py_None);
}

/* tb_next may be replaced by another traceback or None, never so as to make a loop. */
static int set_next(PyObject *op, PyObject *value, void *c) {
    if (value == NULL) {
        PyErr_Format(PyExc_TypeError, "can't delete tb_next attribute");
        return -1;
    }
    if (value == Py_None) {
        value = NULL;
    } else if (!PyTraceBack_Check(value)) {
        PyErr_Format(PyExc_TypeError, "expected traceback object or None, got '%s'", Py_TYPE(value)->tp_name);
        return -1;
    } else {
        for (PyObject *cursor = value; cursor != NULL; cursor = (PyObject *)((PyTracebackObject *)cursor)->tb_next) {
            if (cursor == op) {
                PyErr_Format(PyExc_ValueError, "traceback loop detected");
                return -1;
            }
        }
    }
    Py_XSETREF(((PyTracebackObject *)op)->tb_next, (PyTracebackObject *)Py_XNewRef(value));
    return 0;
}

static PyGetSetDef traceback_getset[] = {
    {"tb_next", get_next, set_next, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyMemberDef traceback_members[] = {
    {"tb_frame", T_OBJECT, offsetof(PyTracebackObject, tb_frame), READONLY, NULL},
    {"tb_lasti", T_INT, offsetof(PyTracebackObject, tb_lasti), READONLY, NULL},
    {"tb_lineno", T_INT, offsetof(PyTracebackObject, tb_lineno), READONLY, NULL},
    {NULL, 0, 0, 0, NULL},
};

PyTypeObject PyTraceBack_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "traceback",
    .tp_basicsize = sizeof(PyTracebackObject),
    .tp_dealloc = traceback_dealloc,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_traverse = traceback_traverse,
    .tp_members = traceback_members,
    .tp_getset = traceback_getset,
    .tp_free = PyObject_GC_Del,
};

int _cpx_init_traceback(void) { return PyType_Ready(&PyTraceBack_Type); }
