/* pythonrun.c: running Python source.
 *
 * Invariant: cbridge has no compiler and no bytecode interpreter, so source code cannot run:
 * PyRun_StringFlags always fails with NotImplementedError naming what was asked. Callers that
 * treat this as optional (Cython registering its generator type with collections.abc) go on;
 * the others see a clear Python exception. */
#include "misc_internal.h"

PyObject *PyRun_StringFlags(const char *str, int start, PyObject *globals, PyObject *locals, PyCompilerFlags *flags) {
    (void)str, (void)globals, (void)locals, (void)flags;
    const char *what = start == Py_file_input ? "a module's source" : start == Py_eval_input ? "an expression" : "source code";
    PyErr_Format(PyExc_NotImplementedError, "PyRun_String: cbridge has no Python interpreter to run %s", what);
    return NULL;
}
