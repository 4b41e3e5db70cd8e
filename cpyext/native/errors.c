/* errors.c: the error indicator and the handled-exception state of each
 * thread, and the PyErr_* functions that set, inspect and build exceptions.
 *
 * Invariants (CPython 3.11's, because inlined extension code such as
 * Cython's reads and writes these fields directly):
 * - The error indicator is the calling thread's PyThreadState fields
 *   curexc_type / curexc_value / curexc_traceback, each NULL or an owned
 *   reference. It is normalised lazily: PyErr_SetObject stores the value it
 *   is given (NULL, an argument tuple, a single argument or an instance),
 *   PyErr_Fetch hands it out as stored, PyErr_NormalizeException turns it
 *   into an instance. Only when an exception is being handled does
 *   PyErr_SetObject instantiate at once, to record the implicit __context__.
 * - The handled exceptions form the chain tstate->exc_info ->
 *   previous_item ...; each item's exc_value is NULL, None or an owned
 *   exception instance. The thread state's own exc_state is the bottom item
 *   (exc_info is pointed at it here if the thread state left it NULL).
 * - PyErr_Restore, PyErr_SetExcInfo and PyException_SetContext/SetCause
 *   steal; PyErr_Fetch and PyErr_GetExcInfo give new references;
 *   PyErr_Occurred returns a borrowed one. Functions building an exception
 *   (PyErr_Format, PyErr_SetFromErrno...) return NULL so callers can
 *   `return PyErr_Format(...)`. */
#include "internal.h"

#define EXC(op) ((PyBaseExceptionObject *)(op))

/* ---------------- the indicator ---------------- */

void PyErr_Restore(PyObject *type, PyObject *value, PyObject *traceback) {
    PyThreadState *ts = _cpx_tstate();
    PyObject *old_type = ts->curexc_type, *old_value = ts->curexc_value, *old_tb = ts->curexc_traceback;
    ts->curexc_type = type;
    ts->curexc_value = value;
    ts->curexc_traceback = traceback;
    Py_XDECREF(old_type);
    Py_XDECREF(old_value);
    Py_XDECREF(old_tb);
}

void PyErr_Fetch(PyObject **type, PyObject **value, PyObject **traceback) {
    PyThreadState *ts = _cpx_tstate();
    *type = ts->curexc_type;
    *value = ts->curexc_value;
    *traceback = ts->curexc_traceback;
    ts->curexc_type = ts->curexc_value = ts->curexc_traceback = NULL;
}

void PyErr_Clear(void) { PyErr_Restore(NULL, NULL, NULL); }

PyObject *PyErr_Occurred(void) { return _cpx_tstate()->curexc_type; }

/* ---------------- the handled exception ---------------- */

struct _err_stackitem *_PyErr_GetTopmostException(PyThreadState *ts) {
    if (ts->exc_info == NULL) ts->exc_info = &ts->exc_state;
    _PyErr_StackItem *item = ts->exc_info;
    while ((item->exc_value == NULL || item->exc_value == Py_None) && item->previous_item != NULL)
        item = item->previous_item;
    return item;
}

PyObject *PyErr_GetHandledException(void) {
    PyObject *exc = _PyErr_GetTopmostException(_cpx_tstate())->exc_value;
    if (exc == NULL || exc == Py_None) return NULL;
    return Py_NewRef(exc);
}

void PyErr_SetHandledException(PyObject *exc) {
    PyThreadState *ts = _cpx_tstate();
    if (ts->exc_info == NULL) ts->exc_info = &ts->exc_state;
    Py_XSETREF(ts->exc_info->exc_value, Py_XNewRef(exc));
}

void PyErr_GetExcInfo(PyObject **type, PyObject **value, PyObject **traceback) {
    PyObject *exc = _PyErr_GetTopmostException(_cpx_tstate())->exc_value;
    if (exc == NULL || exc == Py_None) {
        *type = Py_NewRef(Py_None);
        *value = Py_XNewRef(exc);
        *traceback = Py_NewRef(Py_None);
        return;
    }
    *type = Py_NewRef((PyObject *)Py_TYPE(exc));
    *value = Py_NewRef(exc);
    PyObject *tb = PyExceptionInstance_Check(exc) ? PyException_GetTraceback(exc) : NULL;
    *traceback = tb != NULL ? tb : Py_NewRef(Py_None);
}

void PyErr_SetExcInfo(PyObject *type, PyObject *value, PyObject *traceback) {
    PyThreadState *ts = _cpx_tstate();
    if (ts->exc_info == NULL) ts->exc_info = &ts->exc_state;
    /* Only the value is kept (3.11 derives type and traceback from it). */
    Py_XSETREF(ts->exc_info->exc_value, value);
    Py_XDECREF(type);
    Py_XDECREF(traceback);
}

/* ---------------- matching ---------------- */

int PyErr_GivenExceptionMatches(PyObject *given, PyObject *exc) {
    if (given == NULL || exc == NULL) return 0;
    if (PyTuple_Check(exc)) {
        for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(exc); i++)
            if (PyErr_GivenExceptionMatches(given, PyTuple_GET_ITEM(exc, i))) return 1;
        return 0;
    }
    if (PyExceptionInstance_Check(given)) given = (PyObject *)Py_TYPE(given);
    if (PyExceptionClass_Check(given) && PyExceptionClass_Check(exc))
        return PyType_IsSubtype((PyTypeObject *)given, (PyTypeObject *)exc);
    return given == exc;
}

int PyErr_ExceptionMatches(PyObject *exc) { return PyErr_GivenExceptionMatches(PyErr_Occurred(), exc); }

/* ---------------- instantiation ---------------- */

/* type(), type(*value) or type(value) as value is None/NULL, a tuple or
 * anything else; a new reference to an exception instance, or NULL. */
static PyObject *instantiate(PyObject *type, PyObject *value) {
    PyObject *exc;
    if (value == NULL || value == Py_None) exc = PyObject_CallNoArgs(type);
    else if (PyTuple_Check(value)) exc = PyObject_Call(type, value, NULL);
    else exc = PyObject_CallOneArg(type, value);
    if (exc != NULL && !PyExceptionInstance_Check(exc)) {
        PyErr_Format(PyExc_TypeError, "calling %R should have returned an instance of BaseException, not %s",
                     type, Py_TYPE(exc)->tp_name);
        Py_CLEAR(exc);
    }
    return exc;
}

#define NORMALIZE_DEPTH_LIMIT 32

void PyErr_NormalizeException(PyObject **exc, PyObject **val, PyObject **tb) {
    for (int depth = 0;; depth++) {
        PyObject *type = *exc; /* the caller's references, now ours */
        if (type == NULL) return;
        PyObject *value = *val != NULL ? *val : Py_NewRef(Py_None);
        if (PyExceptionClass_Check(type)) {
            PyTypeObject *given = PyExceptionInstance_Check(value) ? Py_TYPE(value) : NULL;
            if (given == NULL || !PyType_IsSubtype(given, (PyTypeObject *)type)) {
                PyObject *inst = instantiate(type, value);
                if (inst == NULL) {
                    /* Replace the exception being normalised by the one
                     * instantiating it raised, and normalise that. */
                    Py_DECREF(type);
                    Py_DECREF(value);
                    PyObject *initial_tb = *tb;
                    PyErr_Fetch(exc, val, tb);
                    if (initial_tb != NULL) {
                        if (*tb == NULL) *tb = initial_tb;
                        else Py_DECREF(initial_tb);
                    }
                    if (depth + 1 >= NORMALIZE_DEPTH_LIMIT) {
                        if (PyErr_GivenExceptionMatches(*exc, PyExc_MemoryError))
                            Py_FatalError("Cannot recover from MemoryError while normalizing exception.");
                        Py_FatalError("Cannot recover from the recursive normalization of an exception.");
                    }
                    continue;
                }
                Py_SETREF(value, inst);
            } else if ((PyObject *)given != type) {
                /* An instance of a subclass: its own class is the type. */
                Py_SETREF(type, Py_NewRef((PyObject *)given));
            }
        }
        *exc = type;
        *val = value;
        return;
    }
}

/* ---------------- setting ---------------- */

/* Walks the __context__ chain from `start` and unlinks `value` if it is on
 * it, so that making `start` the context of `value` creates no cycle. A
 * cycle already in the chain ends the walk (tortoise and hare). */
static void unlink_from_context_chain(PyObject *start, PyObject *value) {
    PyObject *hare = start, *tortoise = start;
    int move_tortoise = 0;
    for (;;) {
        PyObject *next = EXC(hare)->context;
        if (next == NULL) return;
        if (next == value) {
            PyException_SetContext(hare, NULL);
            return;
        }
        hare = next;
        if (hare == tortoise) return;
        if (move_tortoise) tortoise = EXC(tortoise)->context;
        move_tortoise = !move_tortoise;
    }
}

void PyErr_SetObject(PyObject *type, PyObject *value) {
    PyThreadState *ts = _cpx_tstate();
    if (type != NULL && !PyExceptionClass_Check(type)) {
        PyErr_Format(PyExc_SystemError, "_PyErr_SetObject: exception %R is not a BaseException subclass", type);
        return;
    }
    Py_XINCREF(value);
    PyObject *handled = _PyErr_GetTopmostException(ts)->exc_value;
    if (type != NULL && handled != NULL && handled != Py_None && PyExceptionInstance_Check(handled)) {
        /* Implicit chaining: the new exception's __context__ is the one
         * being handled, which needs an instance now. */
        Py_INCREF(handled);
        if (value == NULL || !PyExceptionInstance_Check(value)) {
            PyErr_Clear();
            PyObject *inst = instantiate(type, value);
            Py_XDECREF(value);
            if (inst == NULL) {
                Py_DECREF(handled);
                return;
            }
            value = inst;
        }
        if (handled != value) {
            unlink_from_context_chain(handled, value);
            PyException_SetContext(value, handled);
        } else {
            Py_DECREF(handled);
        }
    }
    PyObject *tb = NULL;
    if (value != NULL && PyExceptionInstance_Check(value)) tb = PyException_GetTraceback(value);
    Py_XINCREF(type);
    PyErr_Restore(type, value, tb);
}

void PyErr_SetNone(PyObject *type) { PyErr_SetObject(type, NULL); }

void PyErr_SetString(PyObject *type, const char *message) {
    PyObject *value = PyUnicode_FromString(message);
    PyErr_SetObject(type, value);
    Py_XDECREF(value);
}

void _PyErr_SetKeyError(PyObject *key) {
    /* Wrapped in a tuple so that a tuple key is not taken as the args. */
    PyObject *args = PyTuple_Pack(1, key);
    if (args == NULL) return;
    PyErr_SetObject(PyExc_KeyError, args);
    Py_DECREF(args);
}

int PyErr_BadArgument(void) {
    PyErr_SetString(PyExc_TypeError, "bad argument type for built-in operation");
    return 0;
}

PyObject *PyErr_NoMemory(void) {
    PyErr_SetNone(PyExc_MemoryError);
    return NULL;
}

void _PyErr_BadInternalCall(const char *filename, int lineno) {
    PyErr_Format(PyExc_SystemError, "%s:%d: bad argument to internal function", filename, lineno);
}

void PyErr_BadInternalCall(void) {
    PyErr_SetString(PyExc_SystemError, "bad argument to internal function");
}

PyObject *PyErr_FormatV(PyObject *type, const char *format, va_list va) {
    /* PyUnicode_FromFormatV must not run with an error set. */
    PyErr_Clear();
    PyObject *message = PyUnicode_FromFormatV(format, va);
    PyErr_SetObject(type, message);
    Py_XDECREF(message);
    return NULL;
}

PyObject *PyErr_Format(PyObject *type, const char *format, ...) {
    va_list va;
    va_start(va, format);
    PyErr_FormatV(type, format, va);
    va_end(va);
    return NULL;
}

/* The current exception, normalised, with its traceback attached (new
 * reference; the indicator is cleared). NULL when none is set. */
static PyObject *fetch_normalized(void) {
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    if (type == NULL) {
        Py_XDECREF(value);
        Py_XDECREF(tb);
        return NULL;
    }
    PyErr_NormalizeException(&type, &value, &tb);
    if (tb != NULL) {
        if (value != NULL && PyExceptionInstance_Check(value)) PyException_SetTraceback(value, tb);
        Py_DECREF(tb);
    }
    Py_DECREF(type);
    return value;
}

PyObject *_PyErr_FormatFromCause(PyObject *type, const char *format, ...) {
    PyObject *cause = fetch_normalized();
    va_list va;
    va_start(va, format);
    PyErr_FormatV(type, format, va);
    va_end(va);
    if (cause == NULL) return NULL;
    PyObject *exc_type, *exc, *tb;
    PyErr_Fetch(&exc_type, &exc, &tb);
    PyErr_NormalizeException(&exc_type, &exc, &tb);
    if (exc != NULL && PyExceptionInstance_Check(exc) && PyExceptionInstance_Check(cause)) {
        PyException_SetCause(exc, Py_NewRef(cause));
        PyException_SetContext(exc, cause);
    } else {
        Py_DECREF(cause);
    }
    PyErr_Restore(exc_type, exc, tb);
    return NULL;
}

void _PyErr_ChainExceptions(PyObject *type, PyObject *value, PyObject *tb) {
    if (type == NULL) return;
    if (PyErr_Occurred() == NULL) {
        PyErr_Restore(type, value, tb);
        return;
    }
    PyObject *type2, *value2, *tb2;
    PyErr_Fetch(&type2, &value2, &tb2);
    PyErr_NormalizeException(&type, &value, &tb);
    if (tb != NULL) {
        if (value != NULL && PyExceptionInstance_Check(value)) PyException_SetTraceback(value, tb);
        Py_DECREF(tb);
    }
    Py_DECREF(type);
    PyErr_NormalizeException(&type2, &value2, &tb2);
    if (value2 != NULL && PyExceptionInstance_Check(value2) && value != NULL && PyExceptionInstance_Check(value))
        PyException_SetContext(value2, value);
    else
        Py_XDECREF(value);
    PyErr_Restore(type2, value2, tb2);
}

/* ---------------- OSError from errno ---------------- */

PyObject *PyErr_SetFromErrnoWithFilenameObjects(PyObject *type, PyObject *filename, PyObject *filename2) {
    int code = errno;
    if (code == EINTR && PyErr_CheckSignals()) return NULL;
    const char *text = code == 0 ? "Error" : strerror(code);
    PyObject *message = PyUnicode_FromString(text);
    if (message == NULL) {
        PyErr_Clear();
        message = PyUnicode_DecodeLatin1(text, (Py_ssize_t)strlen(text), NULL);
        if (message == NULL) return NULL;
    }
    PyObject *num = PyLong_FromLong(code), *args = NULL;
    if (num != NULL) {
        if (filename == NULL) {
            args = PyTuple_Pack(2, num, message);
        } else if (filename2 == NULL) {
            args = PyTuple_Pack(3, num, message, filename);
        } else {
            PyObject *winerror = PyLong_FromLong(0);
            if (winerror != NULL) args = PyTuple_Pack(5, num, message, filename, winerror, filename2);
            Py_XDECREF(winerror);
        }
    }
    Py_XDECREF(num);
    Py_DECREF(message);
    if (args == NULL) return NULL;
    PyObject *exc = PyObject_Call(type, args, NULL);
    Py_DECREF(args);
    if (exc != NULL) {
        PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
        Py_DECREF(exc);
    }
    return NULL;
}

PyObject *PyErr_SetFromErrnoWithFilenameObject(PyObject *type, PyObject *filename) {
    return PyErr_SetFromErrnoWithFilenameObjects(type, filename, NULL);
}

PyObject *PyErr_SetFromErrnoWithFilename(PyObject *type, const char *filename) {
    PyObject *name = NULL;
    if (filename != NULL) {
        int code = errno; /* decoding may clobber it */
        name = PyUnicode_DecodeFSDefault(filename);
        if (name == NULL) return NULL;
        errno = code;
    }
    PyErr_SetFromErrnoWithFilenameObjects(type, name, NULL);
    Py_XDECREF(name);
    return NULL;
}

PyObject *PyErr_SetFromErrno(PyObject *type) { return PyErr_SetFromErrnoWithFilenameObjects(type, NULL, NULL); }

/* ---------------- ImportError ---------------- */

PyObject *PyErr_SetImportErrorSubclass(PyObject *type, PyObject *msg, PyObject *name, PyObject *path) {
    if (!PyType_Check(type) || !PyType_IsSubtype((PyTypeObject *)type, (PyTypeObject *)PyExc_ImportError)) {
        PyErr_SetString(PyExc_TypeError, "expected a subclass of ImportError");
        return NULL;
    }
    if (msg == NULL) {
        PyErr_SetString(PyExc_TypeError, "expected a message argument");
        return NULL;
    }
    PyObject *kwargs = PyDict_New(), *args = PyTuple_Pack(1, msg), *exc = NULL;
    if (kwargs != NULL && args != NULL && PyDict_SetItemString(kwargs, "name", name ? name : Py_None) == 0 &&
        PyDict_SetItemString(kwargs, "path", path ? path : Py_None) == 0)
        exc = PyObject_Call(type, args, kwargs);
    Py_XDECREF(kwargs);
    Py_XDECREF(args);
    if (exc != NULL) {
        PyErr_SetObject((PyObject *)Py_TYPE(exc), exc);
        Py_DECREF(exc);
    }
    return NULL;
}

PyObject *PyErr_SetImportError(PyObject *msg, PyObject *name, PyObject *path) {
    return PyErr_SetImportErrorSubclass(PyExc_ImportError, msg, name, path);
}

/* ---------------- new exception classes ---------------- */

PyObject *PyErr_NewException(const char *name, PyObject *base, PyObject *dict) {
    const char *dot = strrchr(name, '.');
    if (dot == NULL) {
        PyErr_SetString(PyExc_SystemError, "PyErr_NewException: name must be module.class");
        return NULL;
    }
    if (base == NULL) base = PyExc_Exception;
    PyObject *own_dict = NULL, *bases = NULL, *result = NULL;
    if (dict == NULL && (dict = own_dict = PyDict_New()) == NULL) return NULL;
    PyObject *key = _cpx_intern("__module__");
    int has_module = PyDict_Contains(dict, key);
    if (has_module < 0) goto done;
    if (!has_module) {
        PyObject *module = PyUnicode_FromStringAndSize(name, dot - name);
        if (module == NULL) goto done;
        int rc = PyDict_SetItem(dict, key, module);
        Py_DECREF(module);
        if (rc < 0) goto done;
    }
    bases = PyTuple_Check(base) ? Py_NewRef(base) : PyTuple_Pack(1, base);
    if (bases == NULL) goto done;
    result = PyObject_CallFunction((PyObject *)&PyType_Type, "sOO", dot + 1, bases, dict);
done:
    Py_XDECREF(bases);
    Py_XDECREF(own_dict);
    return result;
}

PyObject *PyErr_NewExceptionWithDoc(const char *name, const char *doc, PyObject *base, PyObject *dict) {
    PyObject *own_dict = NULL, *result = NULL;
    if (dict == NULL && (dict = own_dict = PyDict_New()) == NULL) return NULL;
    if (doc != NULL) {
        PyObject *text = PyUnicode_FromString(doc);
        int rc = text != NULL ? PyDict_SetItemString(dict, "__doc__", text) : -1;
        Py_XDECREF(text);
        if (rc < 0) goto done;
    }
    result = PyErr_NewException(name, base, dict);
done:
    Py_XDECREF(own_dict);
    return result;
}

/* ---------------- signals and source locations (no interpreter loop) ---------------- */

int PyErr_CheckSignals(void) { return 0; }
void PyErr_SetInterrupt(void) {}
int PyErr_SetInterruptEx(int signum) { return 0; }

void PyErr_SyntaxLocation(const char *filename, int lineno) {}
void PyErr_SyntaxLocationEx(const char *filename, int lineno, int col_offset) {}
void PyErr_SyntaxLocationObject(PyObject *filename, int lineno, int col_offset) {}
PyObject *PyErr_ProgramText(const char *filename, int lineno) { return NULL; }
PyObject *PyErr_ProgramTextObject(PyObject *filename, int lineno) { return NULL; }

/* ---------------- PyOS_snprintf ---------------- */

int PyOS_vsnprintf(char *str, size_t size, const char *format, va_list va) {
    int len;
    if (size > (size_t)INT_MAX - 1) len = -666; /* CPython's marker for an absurd size */
    else len = vsnprintf(str, size, format, va);
    if (size > 0) str[size - 1] = '\0';
    return len;
}

int PyOS_snprintf(char *str, size_t size, const char *format, ...) {
    va_list va;
    va_start(va, format);
    int len = PyOS_vsnprintf(str, size, format, va);
    va_end(va);
    return len;
}
