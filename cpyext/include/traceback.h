/* traceback.h: traceback objects (CPython 3.11 layout: Cython's generated C reads tb_frame
 * and tb_next directly). */
#ifndef Py_TRACEBACK_H
#define Py_TRACEBACK_H
#include "object.h"

typedef struct _traceback PyTracebackObject;
struct _traceback {
    PyObject_HEAD
    PyTracebackObject *tb_next;
    PyFrameObject *tb_frame;
    int tb_lasti;
    int tb_lineno;
};

PyAPI_DATA(PyTypeObject) PyTraceBack_Type;
#define PyTraceBack_Check(v) Py_IS_TYPE(v, &PyTraceBack_Type)
PyAPI_FUNC(int) PyTraceBack_Here(PyFrameObject *);
#endif
