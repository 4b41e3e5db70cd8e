/* errors_print.c: reporting exceptions on stderr: PyErr_Print/PrintEx/
 * Display, PyErr_WriteUnraisable and fatal errors.
 *
 * There is no Python-level sys.stderr or traceback module here: reports go
 * to the C stderr stream, in the shape CPython 3.11 gives the last lines of
 * a report ("module.Name: message", notes, and the __cause__/__context__
 * chain with CPython's separator sentences). Tracebacks are not printed.
 *
 * Invariant: these functions consume the error indicator (or the objects
 * they are given) and never leave an error set; a failure while formatting
 * a report is swallowed and replaced by a placeholder text, as CPython
 * does. References: the *Display* helpers borrow everything. */
#include "internal.h"

#define EXC(op) ((PyBaseExceptionObject *)(op))

/* Writes a str (or nothing, when s is NULL) to stderr. */
static void write_str(PyObject *s) {
    const char *utf8 = s != NULL ? PyUnicode_AsUTF8(s) : NULL;
    if (utf8 != NULL) fputs(utf8, stderr);
    else PyErr_Clear();
}

/* "module.QualName" for a type, the module left out for builtins and
 * __main__, as tracebacks show it. */
static void write_type_name(PyObject *type) {
    if (!PyType_Check(type)) {
        fputs("<unknown>", stderr);
        return;
    }
    PyObject *module = PyObject_GetAttrString(type, "__module__");
    if (module == NULL || !PyUnicode_Check(module)) {
        PyErr_Clear();
        fputs("<unknown>", stderr);
    } else if (!_PyUnicode_EqualToASCIIString(module, "builtins") &&
               !_PyUnicode_EqualToASCIIString(module, "__main__")) {
        write_str(module);
        fputc('.', stderr);
    }
    Py_XDECREF(module);
    PyObject *qualname = PyType_GetQualName((PyTypeObject *)type);
    if (qualname == NULL) {
        PyErr_Clear();
        fputs("<unknown>", stderr);
    } else {
        write_str(qualname);
        Py_DECREF(qualname);
    }
}

/* The exception's notes, one per line. */
static void write_notes(PyObject *value) {
    PyObject *notes = PyObject_GetAttrString(value, "__notes__");
    if (notes == NULL) {
        PyErr_Clear();
        return;
    }
    if (PyList_Check(notes) || PyTuple_Check(notes)) {
        Py_ssize_t n = PySequence_Fast_GET_SIZE(notes);
        for (Py_ssize_t i = 0; i < n; i++) {
            PyObject *note = PySequence_Fast_GET_ITEM(notes, i);
            PyObject *s = PyUnicode_Check(note) ? Py_NewRef(note) : PyObject_Str(note);
            if (s == NULL) {
                PyErr_Clear();
                fputs("<note str() failed>", stderr);
            } else {
                write_str(s);
                Py_DECREF(s);
            }
            fputc('\n', stderr);
        }
    } else {
        PyObject *r = PyObject_Repr(notes);
        if (r == NULL) {
            PyErr_Clear();
            fputs("<__notes__ repr() failed>", stderr);
        } else {
            write_str(r);
            Py_DECREF(r);
        }
        fputc('\n', stderr);
    }
    Py_DECREF(notes);
}

/* "Type: message" (just "Type" for an empty message) and the notes. */
static void write_exception_line(PyObject *type, PyObject *value) {
    write_type_name(type);
    if (value != NULL && value != Py_None) {
        PyObject *s = PyObject_Str(value);
        if (s == NULL) {
            PyErr_Clear();
            fputs(": <exception str() failed>", stderr);
        } else {
            if (PyUnicode_GET_LENGTH(s) > 0) {
                fputs(": ", stderr);
                write_str(s);
            }
            Py_DECREF(s);
        }
    }
    fputc('\n', stderr);
    if (value != NULL && PyExceptionInstance_Check(value)) write_notes(value);
}

#define CHAIN_MAX 64

/* An exception instance after its causes/contexts, oldest first. */
static void write_chain(PyObject *value, PyObject **seen, int *nseen) {
    if (*nseen < CHAIN_MAX) seen[(*nseen)++] = value;
    PyObject *cause = EXC(value)->cause, *context = EXC(value)->context;
    int already = 0;
    for (int i = 0; i < *nseen; i++) already |= seen[i] == cause || seen[i] == context;
    if (*nseen < CHAIN_MAX && !already) {
        if (cause != NULL && PyExceptionInstance_Check(cause)) {
            write_chain(cause, seen, nseen);
            fputs("\nThe above exception was the direct cause of the following exception:\n\n", stderr);
        } else if (context != NULL && !EXC(value)->suppress_context && PyExceptionInstance_Check(context)) {
            write_chain(context, seen, nseen);
            fputs("\nDuring handling of the above exception, another exception occurred:\n\n", stderr);
        }
    }
    write_exception_line((PyObject *)Py_TYPE(value), value);
}

void PyErr_Display(PyObject *type, PyObject *value, PyObject *traceback) {
    PyObject *saved_type, *saved_value, *saved_tb;
    PyErr_Fetch(&saved_type, &saved_value, &saved_tb);
    if (value != NULL && PyExceptionInstance_Check(value)) {
        PyObject *seen[CHAIN_MAX];
        int nseen = 0;
        write_chain(value, seen, &nseen);
    } else if (type != NULL) {
        write_exception_line(type, value);
    }
    fflush(stderr);
    PyErr_Restore(saved_type, saved_value, saved_tb);
}

void PyErr_PrintEx(int set_sys_last_vars) {
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    if (type == NULL) {
        Py_XDECREF(value);
        Py_XDECREF(tb);
        return;
    }
    PyErr_NormalizeException(&type, &value, &tb);
    if (tb != NULL && value != NULL && PyExceptionInstance_Check(value)) PyException_SetTraceback(value, tb);
    if (set_sys_last_vars) {
        if (PySys_SetObject("last_type", type) < 0 || PySys_SetObject("last_value", value ? value : Py_None) < 0 ||
            PySys_SetObject("last_traceback", tb ? tb : Py_None) < 0)
            PyErr_Clear();
    }
    PyErr_Display(type, value, tb);
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
}

void PyErr_Print(void) { PyErr_PrintEx(1); }

void _PyErr_WriteUnraisableMsg(const char *err_msg, PyObject *obj) {
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    if (type == NULL) {
        Py_XDECREF(value);
        Py_XDECREF(tb);
        return;
    }
    PyErr_NormalizeException(&type, &value, &tb);
    if (obj != NULL && obj != Py_None) {
        if (err_msg != NULL) fprintf(stderr, "Exception ignored %s: ", err_msg);
        else fputs("Exception ignored in: ", stderr);
        PyObject *r = PyObject_Repr(obj);
        if (r == NULL) {
            PyErr_Clear();
            fputs("<object repr() failed>", stderr);
        } else {
            write_str(r);
            Py_DECREF(r);
        }
        fputc('\n', stderr);
    } else if (err_msg != NULL) {
        fprintf(stderr, "Exception ignored %s:\n", err_msg);
    }
    write_exception_line(type, value);
    fflush(stderr);
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
    PyErr_Clear();
}

void PyErr_WriteUnraisable(PyObject *obj) { _PyErr_WriteUnraisableMsg(NULL, obj); }

/* ---------------- fatal errors ---------------- */

void _Py_FatalErrorFunc(const char *func, const char *msg) {
    static int reporting;
    fputs("Fatal Python error: ", stderr);
    if (func != NULL) fprintf(stderr, "%s: ", func);
    fprintf(stderr, "%s\n", msg != NULL ? msg : "<message not set>");
    fflush(stderr);
    if (!reporting) {
        reporting = 1;
        PyThreadState *ts = _cpx_tstate();
        if (ts != NULL && ts->curexc_type != NULL) {
            fputc('\n', stderr);
            PyErr_PrintEx(0);
        }
    }
    fflush(stderr);
    abort();
}

#undef Py_FatalError
void Py_FatalError(const char *msg) { _Py_FatalErrorFunc(NULL, msg); }
