/* internal/pycore_frame.h: the frame structs (CPython 3.11 layout).
 *
 * Invariant: struct _frame has CPython 3.11's layout, because Cython's generated C includes
 * this header and sets `frame->f_lineno` directly before PyTraceBack_Here. A frame made by
 * PyFrame_New keeps its _PyInterpreterFrame inline in _f_frame_data (f_frame points there);
 * the shim never executes it: it only records code, globals, builtins and locals. */
#ifndef Py_INTERNAL_FRAME_H
#define Py_INTERNAL_FRAME_H
#include <stdbool.h>
#include "Python.h"

struct _frame {
    PyObject_HEAD
    PyFrameObject *f_back;
    struct _PyInterpreterFrame *f_frame;
    PyObject *f_trace;
    int f_lineno;
    char f_trace_lines;
    char f_trace_opcodes;
    char f_fast_as_locals;
    PyObject *_f_frame_data[1];
};

typedef struct _PyInterpreterFrame {
    PyObject *f_func;
    PyObject *f_globals;
    PyObject *f_builtins;
    PyObject *f_locals;
    PyCodeObject *f_code;
    PyFrameObject *frame_obj;
    struct _PyInterpreterFrame *previous;
    _Py_CODEUNIT *prev_instr;
    int stacktop;
    bool is_entry;
    char owner;
    PyObject *localsplus[1];
} _PyInterpreterFrame;

enum _frameowner {
    FRAME_OWNED_BY_THREAD = 0,
    FRAME_OWNED_BY_GENERATOR = 1,
    FRAME_OWNED_BY_FRAME_OBJECT = 2
};
#endif
