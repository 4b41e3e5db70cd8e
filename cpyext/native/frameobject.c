/* frameobject.c: frame objects (PyFrame_Type), made only by PyFrame_New for tracebacks.
 *
 * Invariants:
 * - The shim runs no bytecode, so no frame is ever executing: a frame records where an
 *   exception passed (code, globals, builtins, locals, f_lineno) and is linked into
 *   tracebacks by PyTraceBack_Here. PyThreadState_GetFrame / PyEval_GetFrame stay NULL.
 * - Layout as CPython 3.11 (internal/pycore_frame.h): the _PyInterpreterFrame lives inline in
 *   _f_frame_data, f_frame points to it, owner is FRAME_OWNED_BY_FRAME_OBJECT. Unlike CPython,
 *   that inline frame holds strong references to globals and builtins too (nothing else keeps
 *   them alive), and f_func is always NULL (there are no function objects).
 * - f_lineno is what the creator set (Cython assigns it directly); 0 means "ask the code
 *   object", as in CPython (PyFrame_GetLineNumber). */
#include "misc_internal.h"
#include "frameobject.h"
#include "internal/pycore_frame.h"

#define FRAME_SIZE (offsetof(PyFrameObject, _f_frame_data) + sizeof(_PyInterpreterFrame))

/* globals['__builtins__'] (a module stands for its dict), else the builtins module's dict,
 * as CPython's _PyEval_BuiltinsFromGlobals. Borrowed. */
static PyObject *builtins_of(PyObject *globals) {
    PyObject *b = PyDict_GetItemWithError(globals, _cpx_intern("__builtins__"));
    if (b != NULL) return PyModule_Check(b) ? PyModule_GetDict(b) : b;
    if (PyErr_Occurred()) return NULL;
    return PyEval_GetBuiltins();
}

PyFrameObject *PyFrame_New(PyThreadState *tstate, PyCodeObject *code, PyObject *globals, PyObject *locals) {
    (void)tstate;
    if (code == NULL || !PyCode_Check(code) || globals == NULL || !PyDict_Check(globals) ||
        (locals != NULL && !PyMapping_Check(locals))) {
        PyErr_BadInternalCall();
        return NULL;
    }
    PyObject *builtins = builtins_of(globals);
    if (builtins == NULL) return NULL;
    PyFrameObject *f = (PyFrameObject *)PyObject_Calloc(1, FRAME_SIZE);
    if (f == NULL) return (PyFrameObject *)PyErr_NoMemory();
    _PyInterpreterFrame *data = (_PyInterpreterFrame *)f->_f_frame_data;
    data->f_globals = Py_NewRef(globals);
    data->f_builtins = Py_NewRef(builtins);
    data->f_locals = Py_XNewRef(locals);
    data->f_code = (PyCodeObject *)Py_NewRef((PyObject *)code);
    data->frame_obj = f;
    data->prev_instr = _PyCode_CODE(code) + code->_co_firsttraceable;
    data->owner = FRAME_OWNED_BY_FRAME_OBJECT;
    f->f_frame = data;
    return (PyFrameObject *)_cpx_setup_object((PyObject *)f, &PyFrame_Type);
}

static _PyInterpreterFrame *data_of(PyFrameObject *f) { return f->f_frame; }

/* The byte offset of the frame's last instruction (CPython's _PyInterpreterFrame_LASTI). */
static int lasti_bytes(PyFrameObject *f) {
    return (int)(data_of(f)->prev_instr - _PyCode_CODE(data_of(f)->f_code)) * (int)sizeof(_Py_CODEUNIT);
}

int PyFrame_GetLineNumber(PyFrameObject *f) {
    if (f->f_lineno != 0) return f->f_lineno;
    return PyCode_Addr2Line(data_of(f)->f_code, lasti_bytes(f));
}

int PyFrame_GetLasti(PyFrameObject *f) {
    int lasti = lasti_bytes(f);
    return lasti < 0 ? -1 : lasti;
}

PyCodeObject *PyFrame_GetCode(PyFrameObject *f) { return (PyCodeObject *)Py_NewRef((PyObject *)data_of(f)->f_code); }
PyFrameObject *PyFrame_GetBack(PyFrameObject *f) { return (PyFrameObject *)Py_XNewRef((PyObject *)f->f_back); }
PyObject *PyFrame_GetGlobals(PyFrameObject *f) { return Py_NewRef(data_of(f)->f_globals); }
PyObject *PyFrame_GetBuiltins(PyFrameObject *f) { return Py_NewRef(data_of(f)->f_builtins); }
/* Only generator frames have a generator; the shim has none. */
PyObject *PyFrame_GetGenerator(PyFrameObject *f) { return NULL; }

/* f_locals: the locals mapping, or a new empty dict kept by the frame (a frame made without
 * locals has no fast locals to copy in: nothing runs in it). */
int PyFrame_FastToLocalsWithError(PyFrameObject *f) {
    if (f == NULL) {
        PyErr_BadInternalCall();
        return -1;
    }
    if (data_of(f)->f_locals == NULL && (data_of(f)->f_locals = PyDict_New()) == NULL) return -1;
    return 0;
}

void PyFrame_FastToLocals(PyFrameObject *f) {
    if (PyFrame_FastToLocalsWithError(f) < 0) PyErr_Clear();
}

/* Nothing to copy back: frames have no fast locals. */
void PyFrame_LocalsToFast(PyFrameObject *f, int clear) {}

PyObject *PyFrame_GetLocals(PyFrameObject *f) {
    if (PyFrame_FastToLocalsWithError(f) < 0) return NULL;
    return Py_NewRef(data_of(f)->f_locals);
}

static void frame_dealloc(PyObject *op) {
    PyFrameObject *f = (PyFrameObject *)op;
    _PyInterpreterFrame *data = data_of(f);
    Py_XDECREF(f->f_back);
    Py_XDECREF(f->f_trace);
    Py_XDECREF(data->f_globals);
    Py_XDECREF(data->f_builtins);
    Py_XDECREF(data->f_locals);
    Py_XDECREF((PyObject *)data->f_code);
    PyObject_Free(op);
}

static int frame_traverse(PyObject *op, visitproc visit, void *arg) {
    PyFrameObject *f = (PyFrameObject *)op;
    Py_VISIT(f->f_back);
    Py_VISIT(f->f_trace);
    Py_VISIT(data_of(f)->f_globals);
    Py_VISIT(data_of(f)->f_locals);
    Py_VISIT((PyObject *)data_of(f)->f_code);
    return 0;
}

static PyObject *frame_repr(PyObject *op) {
    PyFrameObject *f = (PyFrameObject *)op;
    PyCodeObject *code = data_of(f)->f_code;
    return PyUnicode_FromFormat("<frame at %p, file %R, line %d, code %S>", op, code->co_filename,
                                PyFrame_GetLineNumber(f), code->co_name);
}

static PyObject *get_lineno(PyObject *op, void *c) { return PyLong_FromLong(PyFrame_GetLineNumber((PyFrameObject *)op)); }
static PyObject *get_lasti(PyObject *op, void *c) { return PyLong_FromLong(PyFrame_GetLasti((PyFrameObject *)op)); }
static PyObject *get_code(PyObject *op, void *c) { return (PyObject *)PyFrame_GetCode((PyFrameObject *)op); }
static PyObject *get_globals(PyObject *op, void *c) { return PyFrame_GetGlobals((PyFrameObject *)op); }
static PyObject *get_builtins(PyObject *op, void *c) { return PyFrame_GetBuiltins((PyFrameObject *)op); }
static PyObject *get_locals(PyObject *op, void *c) { return PyFrame_GetLocals((PyFrameObject *)op); }
static PyObject *get_back(PyObject *op, void *c) {
    PyObject *back = (PyObject *)PyFrame_GetBack((PyFrameObject *)op);
    return back != NULL ? back : Py_NewRef(Py_None);
}

static PyGetSetDef frame_getset[] = {
    {"f_lineno", get_lineno, NULL, NULL, NULL},   {"f_lasti", get_lasti, NULL, NULL, NULL},
    {"f_code", get_code, NULL, NULL, NULL},       {"f_globals", get_globals, NULL, NULL, NULL},
    {"f_builtins", get_builtins, NULL, NULL, NULL}, {"f_locals", get_locals, NULL, NULL, NULL},
    {"f_back", get_back, NULL, NULL, NULL},       {NULL, NULL, NULL, NULL, NULL},
};

static PyMemberDef frame_members[] = {
    {"f_trace_lines", T_BOOL, offsetof(PyFrameObject, f_trace_lines), 0, NULL},
    {"f_trace_opcodes", T_BOOL, offsetof(PyFrameObject, f_trace_opcodes), 0, NULL},
    {NULL, 0, 0, 0, NULL},
};

PyTypeObject PyFrame_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "frame",
    .tp_basicsize = FRAME_SIZE,
    .tp_dealloc = frame_dealloc,
    .tp_repr = frame_repr,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_traverse = frame_traverse,
    .tp_members = frame_members,
    .tp_getset = frame_getset,
    .tp_free = PyObject_GC_Del,
};

int _cpx_init_frame(void) { return PyType_Ready(&PyFrame_Type); }
