/* no_init: a shared object using the C API but defining no PyInit_no_init. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

PyObject *not_the_init(void) { return PyLong_FromLong(1); }
