/* getargs.c: PyArg_Parse, PyArg_ParseTuple(AndKeywords) with a kwlist,
 * _PyArg_ParseStack and the small checking/unpacking helpers, with CPython
 * 3.11 semantics and error texts: format walking, argument counting,
 * nested tuples, error messages. Single units are converted by
 * getargs_convert.c; _PyArg_Parser-based parsing (Argument Clinic) is in
 * getargs_parser.c.
 *
 * Ownership: parsing creates no reference the caller owns (see
 * getargs_convert.c for what a unit stores). Every Py_buffer view, PyMem
 * block or cleanup-supporting O& conversion acquired during one parse is
 * released again if that parse fails (cpx_cleanups), so a failed call
 * leaves the caller owning nothing. PyArg_UnpackTuple and
 * _PyArg_UnpackStack store borrowed references.
 *
 * Differences from CPython: a malformed format that CPython reports with
 * Py_FatalError (unbalanced parentheses, nesting over 30 levels) raises
 * SystemError with the same text instead of aborting the host process.
 * The deprecated 'u'/'Z' (Py_UNICODE) units give the str's cached wchar_t
 * form, as in CPython 3.11. */
#include "getargs_convert.h"

/* internal.h defines PY_SSIZE_T_CLEAN: the plain names are defined here. */
#undef PyArg_Parse
#undef PyArg_ParseTuple
#undef PyArg_ParseTupleAndKeywords
#undef PyArg_VaParse
#undef PyArg_VaParseTupleAndKeywords
#undef _PyArg_ParseStack
#undef _PyArg_NoKeywords
#undef _PyArg_NoKwnames
#undef _PyArg_NoPositional
#undef _PyArg_CheckPositional
PyAPI_FUNC(int) PyArg_Parse(PyObject *, const char *, ...);
PyAPI_FUNC(int) PyArg_ParseTuple(PyObject *, const char *, ...);
PyAPI_FUNC(int) PyArg_ParseTupleAndKeywords(PyObject *, PyObject *, const char *, char **, ...);
PyAPI_FUNC(int) PyArg_VaParse(PyObject *, const char *, va_list);
PyAPI_FUNC(int) PyArg_VaParseTupleAndKeywords(PyObject *, PyObject *, const char *, char **, va_list);
PyAPI_FUNC(int) _PyArg_ParseStack(PyObject *const *, Py_ssize_t, const char *, ...);

#define MAX_TUPLE_DEPTH 30

void _cpx_args_report_failure(Py_ssize_t iarg, const char *msg, const int *levels,
                              const char *fname, const char *custom) {
    char buf[512];
    const char *text = custom;
    if (PyErr_Occurred()) return;
    if (text == NULL) {
        size_t used = 0;
        if (fname != NULL) used += (size_t)snprintf(buf, sizeof buf, "%.200s() ", fname);
        if (iarg != 0) {
            used += (size_t)snprintf(buf + used, sizeof buf - used, "argument %zd", iarg);
            for (int i = 0; i < 32 && levels[i] > 0 && used < 220; i++)
                used += (size_t)snprintf(buf + used, sizeof buf - used, ", item %d", levels[i] - 1);
        } else {
            used += (size_t)snprintf(buf + used, sizeof buf - used, "argument");
        }
        snprintf(buf + used, sizeof buf - used, " %.256s", msg);
        text = buf;
    }
    PyErr_SetString(msg[0] == '(' ? PyExc_SystemError : PyExc_TypeError, text);
}

/* arg against the "( ... )" group whose contents start at *p_format. */
static const char *convert_tuple(PyObject *arg, const char **p_format, va_list *p_va, int flags,
                                 int *levels, int depth, char *msgbuf, size_t bufsize,
                                 cpx_cleanups *cl) {
    const char *format = *p_format;
    int level = 0, n = 0;
    if (depth > MAX_TUPLE_DEPTH) {
        PyErr_SetString(PyExc_SystemError, "too many tuple nesting levels in argument format string");
        return _cpx_args_raised;
    }
    for (;;) {
        char c = *format++;
        if (c == '(') {
            if (level == 0) n++;
            level++;
        } else if (c == ')') {
            if (level == 0) break;
            level--;
        } else if (END_OF_FORMAT(c)) {
            break;
        } else if (level == 0 && Py_ISALPHA(c) && c != 'e') {
            n++;
        }
    }
    if (!PySequence_Check(arg) || PyBytes_Check(arg)) {
        levels[0] = 0;
        snprintf(msgbuf, bufsize, "must be %d-item sequence, not %.50s", n,
                 arg == Py_None ? "None" : Py_TYPE(arg)->tp_name);
        return msgbuf;
    }
    Py_ssize_t len = PySequence_Size(arg);
    if (len != n) {
        levels[0] = 0;
        snprintf(msgbuf, bufsize, "must be sequence of length %d, not %zd", n, len);
        return msgbuf;
    }
    format = *p_format;
    for (int i = 0; i < n; i++) {
        PyObject *item = PySequence_GetItem(arg, i);
        if (item == NULL) {
            PyErr_Clear();
            levels[0] = i + 1;
            levels[1] = 0;
            snprintf(msgbuf, bufsize, "is not retrievable");
            return msgbuf;
        }
        const char *msg = _cpx_args_convert_item(item, &format, p_va, flags, levels + 1, depth,
                                                 msgbuf, bufsize, cl);
        Py_DECREF(item);
        if (msg != NULL) {
            levels[0] = i + 1;
            return msg;
        }
    }
    *p_format = format;
    return NULL;
}

const char *_cpx_args_convert_item(PyObject *arg, const char **p_format, va_list *p_va, int flags,
                                   int *levels, int depth, char *msgbuf, size_t bufsize,
                                   cpx_cleanups *cl) {
    const char *format = *p_format;
    const char *msg;
    if (*format == '(') {
        format++;
        msg = convert_tuple(arg, &format, p_va, flags, levels, depth + 1, msgbuf, bufsize, cl);
        if (msg == NULL) format++;          /* the ')' */
    } else {
        msg = _cpx_convert_simple(arg, &format, p_va, flags, msgbuf, bufsize, cl);
        if (msg != NULL) levels[0] = 0;
    }
    if (msg == NULL) *p_format = format;
    return msg;
}

/* ---- positional parsing: PyArg_Parse, PyArg_ParseTuple, _PyArg_ParseStack ---- */

static int parse_positional(PyObject *compat_arg, PyObject *const *stack, Py_ssize_t nargs,
                            const char *format, va_list *p_va, int flags) {
    char msgbuf[256];
    int levels[32];
    const char *fname = NULL, *custom = NULL;
    const char *const whole = format, *f = format;
    int min = -1, max = 0, level = 0, compat = flags & CPX_ARGS_COMPAT;
    cpx_cleanups cl;
    flags &= ~CPX_ARGS_COMPAT;

    for (int done = 0; !done;) {
        char c = *f++;
        switch (c) {
        case '(':
            if (level == 0) max++;
            if (++level >= MAX_TUPLE_DEPTH) {
                PyErr_SetString(PyExc_SystemError,
                                "too many tuple nesting levels in argument format string");
                return 0;
            }
            break;
        case ')':
            if (level == 0) {
                PyErr_SetString(PyExc_SystemError, "excess ')' in getargs format");
                return 0;
            }
            level--;
            break;
        case '\0': done = 1; break;
        case ':': fname = f; done = 1; break;
        case ';': custom = f; done = 1; break;
        case '|': if (level == 0) min = max; break;
        default:
            if (level == 0 && Py_ISALPHA(c) && c != 'e') max++;
            break;
        }
    }
    if (level != 0) {
        PyErr_SetString(PyExc_SystemError, "missing ')' in getargs format");
        return 0;
    }
    if (min < 0) min = max;
    _cpx_cleanups_init(&cl);

    if (compat) {
        if (max == 0) {
            if (compat_arg == NULL) return 1;
            PyErr_Format(PyExc_TypeError, "%.200s%s takes no arguments",
                         _cpx_args_fname(fname), _cpx_args_parens(fname));
            return 0;
        }
        if (min != 1 || max != 1) {
            PyErr_SetString(PyExc_SystemError, "old style getargs format uses new features");
            return 0;
        }
        if (compat_arg == NULL) {
            PyErr_Format(PyExc_TypeError, "%.200s%s takes at least one argument",
                         _cpx_args_fname(fname), _cpx_args_parens(fname));
            return 0;
        }
        const char *msg = _cpx_args_convert_item(compat_arg, &format, p_va, flags, levels, 0,
                                                 msgbuf, sizeof msgbuf, &cl);
        if (msg == NULL) return _cpx_cleanups_finish(&cl, 1);
        _cpx_args_report_failure(levels[0], msg, levels + 1, fname, custom);
        return _cpx_cleanups_finish(&cl, 0);
    }

    if (nargs < min || nargs > max) {
        if (custom != NULL) {
            PyErr_SetString(PyExc_TypeError, custom);
        } else {
            int bound = nargs < min ? min : max;
            PyErr_Format(PyExc_TypeError, "%.150s%s takes %s %d argument%s (%zd given)",
                         _cpx_args_fname(fname), _cpx_args_parens(fname),
                         min == max ? "exactly" : nargs < min ? "at least" : "at most",
                         bound, bound == 1 ? "" : "s", nargs);
        }
        return 0;
    }
    for (Py_ssize_t i = 0; i < nargs; i++) {
        if (*format == '|') format++;
        const char *msg = _cpx_args_convert_item(stack[i], &format, p_va, flags, levels, 0,
                                                 msgbuf, sizeof msgbuf, &cl);
        if (msg != NULL) {
            _cpx_args_report_failure(i + 1, msg, levels, fname, custom);
            return _cpx_cleanups_finish(&cl, 0);
        }
    }
    if (*format != '\0' && !Py_ISALPHA(*format) && *format != '(' &&
        *format != '|' && *format != ':' && *format != ';') {
        PyErr_Format(PyExc_SystemError, "bad format string: %.200s", whole);
        return _cpx_cleanups_finish(&cl, 0);
    }
    return _cpx_cleanups_finish(&cl, 1);
}

static int parse_tuple(PyObject *args, const char *format, va_list *p_va, int flags) {
    if (flags & CPX_ARGS_COMPAT) return parse_positional(args, NULL, 0, format, p_va, flags);
    if (args == NULL || !PyTuple_Check(args)) {
        PyErr_SetString(PyExc_SystemError, "new style getargs format but argument is not a tuple");
        return 0;
    }
    return parse_positional(args, _PyTuple_ITEMS(args), PyTuple_GET_SIZE(args), format, p_va, flags);
}

int PyArg_Parse(PyObject *args, const char *format, ...) {
    va_list va;
    va_start(va, format);
    int ok = parse_tuple(args, format, &va, CPX_ARGS_COMPAT);
    va_end(va);
    return ok;
}

int _PyArg_Parse_SizeT(PyObject *args, const char *format, ...) {
    va_list va;
    va_start(va, format);
    int ok = parse_tuple(args, format, &va, CPX_ARGS_COMPAT | CPX_ARGS_SIZE_T);
    va_end(va);
    return ok;
}

int PyArg_ParseTuple(PyObject *args, const char *format, ...) {
    va_list va;
    va_start(va, format);
    int ok = parse_tuple(args, format, &va, 0);
    va_end(va);
    return ok;
}

int _PyArg_ParseTuple_SizeT(PyObject *args, const char *format, ...) {
    va_list va;
    va_start(va, format);
    int ok = parse_tuple(args, format, &va, CPX_ARGS_SIZE_T);
    va_end(va);
    return ok;
}

int PyArg_VaParse(PyObject *args, const char *format, va_list va) {
    va_list own;
    va_copy(own, va);
    int ok = parse_tuple(args, format, &own, 0);
    va_end(own);
    return ok;
}

int _PyArg_VaParse_SizeT(PyObject *args, const char *format, va_list va) {
    va_list own;
    va_copy(own, va);
    int ok = parse_tuple(args, format, &own, CPX_ARGS_SIZE_T);
    va_end(own);
    return ok;
}

int _PyArg_ParseStack(PyObject *const *args, Py_ssize_t nargs, const char *format, ...) {
    va_list va;
    va_start(va, format);
    int ok = parse_positional(NULL, args, nargs, format, &va, 0);
    va_end(va);
    return ok;
}

int _PyArg_ParseStack_SizeT(PyObject *const *args, Py_ssize_t nargs, const char *format, ...) {
    va_list va;
    va_start(va, format);
    int ok = parse_positional(NULL, args, nargs, format, &va, CPX_ARGS_SIZE_T);
    va_end(va);
    return ok;
}

/* ---- keywords by kwlist: PyArg_ParseTupleAndKeywords ---- */

static int parse_with_kwlist(PyObject *args, PyObject *kwargs, const char *format,
                             char **kwlist, va_list *p_va, int flags) {
    char msgbuf[512];
    int levels[32];
    const char *fname, *custom = NULL, *msg;
    int min = INT_MAX, max = INT_MAX, pos, len, i, skip = 0;
    Py_ssize_t nargs, nkwargs;
    cpx_cleanups cl;

    fname = strchr(format, ':');
    if (fname != NULL) {
        fname++;
    } else {
        custom = strchr(format, ';');
        if (custom != NULL) custom++;
    }
    for (pos = 0; kwlist[pos] != NULL && kwlist[pos][0] == '\0'; pos++) {}
    for (len = pos; kwlist[len] != NULL; len++) {
        if (kwlist[len][0] == '\0') {
            PyErr_SetString(PyExc_SystemError, "Empty keyword parameter name");
            return 0;
        }
    }
    _cpx_cleanups_init(&cl);
    nargs = PyTuple_GET_SIZE(args);
    nkwargs = kwargs == NULL ? 0 : PyDict_GET_SIZE(kwargs);
    if (nargs + nkwargs > len) {
        PyErr_Format(PyExc_TypeError, "%.200s%s takes at most %d %sargument%s (%zd given)",
                     _cpx_args_fname(fname), _cpx_args_parens(fname), len, nargs == 0 ? "keyword " : "",
                     len == 1 ? "" : "s", nargs + nkwargs);
        return 0;
    }

    for (i = 0; i < len; i++) {
        if (*format == '|') {
            if (min != INT_MAX) {
                PyErr_SetString(PyExc_SystemError, "Invalid format string (| specified twice)");
                goto fail;
            }
            min = i;
            format++;
            if (max != INT_MAX) {
                PyErr_SetString(PyExc_SystemError, "Invalid format string ($ before |)");
                goto fail;
            }
        }
        if (*format == '$') {
            if (max != INT_MAX) {
                PyErr_SetString(PyExc_SystemError, "Invalid format string ($ specified twice)");
                goto fail;
            }
            max = i;
            format++;
            if (max < pos) {
                PyErr_SetString(PyExc_SystemError, "Empty parameter name after $");
                goto fail;
            }
            if (skip) break;        /* the bounds are known now: report below */
            if (max < nargs) {
                if (max == 0)
                    PyErr_Format(PyExc_TypeError, "%.200s%s takes no positional arguments",
                                 _cpx_args_fname(fname), _cpx_args_parens(fname));
                else
                    PyErr_Format(PyExc_TypeError,
                                 "%.200s%s takes %s %d positional argument%s (%zd given)",
                                 _cpx_args_fname(fname), _cpx_args_parens(fname),
                                 min != INT_MAX ? "at most" : "exactly", max,
                                 max == 1 ? "" : "s", nargs);
                goto fail;
            }
        }
        if (END_OF_FORMAT(*format)) {
            PyErr_Format(PyExc_SystemError,
                         "More keyword list entries (%d) than format specifiers (%d)", len, i);
            goto fail;
        }
        if (!skip) {
            PyObject *current = NULL;
            if (i < nargs) {
                current = PyTuple_GET_ITEM(args, i);
            } else if (nkwargs && i >= pos) {
                current = _PyDict_GetItemStringWithError(kwargs, kwlist[i]);
                if (current != NULL) nkwargs--;
                else if (PyErr_Occurred()) goto fail;
            }
            if (current != NULL) {
                msg = _cpx_args_convert_item(current, &format, p_va, flags, levels, 0,
                                             msgbuf, sizeof msgbuf, &cl);
                if (msg != NULL) {
                    _cpx_args_report_failure(i + 1, msg, levels, fname, custom);
                    goto fail;
                }
                continue;
            }
            if (i < min) {
                if (i < pos) {
                    skip = 1;       /* too few positional-only: report once bounds are known */
                } else {
                    PyErr_Format(PyExc_TypeError, "%.200s%s missing required argument '%s' (pos %d)",
                                 _cpx_args_fname(fname), _cpx_args_parens(fname), kwlist[i], i + 1);
                    goto fail;
                }
            }
            /* all required arguments present and no keyword left: done */
            if (!nkwargs && !skip) return _cpx_cleanups_finish(&cl, 1);
        }
        msg = _cpx_skip_unit(&format, p_va, flags);
        if (msg != NULL) {
            PyErr_Format(PyExc_SystemError, "%s: '%s'", msg, format);
            goto fail;
        }
    }

    if (skip) {
        int bound = Py_MIN(pos, min);
        PyErr_Format(PyExc_TypeError, "%.200s%s takes %s %d positional argument%s (%zd given)",
                     _cpx_args_fname(fname), _cpx_args_parens(fname), bound < i ? "at least" : "exactly",
                     bound, bound == 1 ? "" : "s", nargs);
        goto fail;
    }
    if (!END_OF_FORMAT(*format) && *format != '|' && *format != '$') {
        PyErr_Format(PyExc_SystemError,
                     "more argument specifiers than keyword list entries (remaining format:'%s')",
                     format);
        goto fail;
    }
    if (nkwargs > 0) {
        PyObject *key;
        Py_ssize_t j = 0;
        for (i = pos; i < nargs; i++) {
            PyObject *dup = _PyDict_GetItemStringWithError(kwargs, kwlist[i]);
            if (dup != NULL) {
                PyErr_Format(PyExc_TypeError,
                             "argument for %.200s%s given by name ('%s') and position (%d)",
                             _cpx_args_fname(fname), _cpx_args_parens(fname), kwlist[i], i + 1);
                goto fail;
            }
            if (PyErr_Occurred()) goto fail;
        }
        while (PyDict_Next(kwargs, &j, &key, NULL)) {
            int match = 0;
            if (!PyUnicode_Check(key)) {
                PyErr_SetString(PyExc_TypeError, "keywords must be strings");
                goto fail;
            }
            for (i = pos; i < len && !match; i++)
                match = _PyUnicode_EqualToASCIIString(key, kwlist[i]);
            if (!match) {
                PyErr_Format(PyExc_TypeError, "'%U' is an invalid keyword argument for %.200s%s",
                             key, fname == NULL ? "this function" : fname, _cpx_args_parens(fname));
                goto fail;
            }
        }
        PyErr_Format(PyExc_TypeError, "invalid keyword argument for %.200s%s",
                     fname == NULL ? "this function" : fname, _cpx_args_parens(fname));
        goto fail;
    }
    return _cpx_cleanups_finish(&cl, 1);

fail:
    return _cpx_cleanups_finish(&cl, 0);
}

static int kwlist_call_ok(PyObject *args, PyObject *kwargs, const char *format, char **kwlist) {
    if (args == NULL || !PyTuple_Check(args) || (kwargs != NULL && !PyDict_Check(kwargs)) ||
        format == NULL || kwlist == NULL) {
        PyErr_BadInternalCall();
        return 0;
    }
    return 1;
}

int PyArg_ParseTupleAndKeywords(PyObject *args, PyObject *kwargs, const char *format,
                                char **kwlist, ...) {
    if (!kwlist_call_ok(args, kwargs, format, kwlist)) return 0;
    va_list va;
    va_start(va, kwlist);
    int ok = parse_with_kwlist(args, kwargs, format, kwlist, &va, 0);
    va_end(va);
    return ok;
}

int _PyArg_ParseTupleAndKeywords_SizeT(PyObject *args, PyObject *kwargs, const char *format,
                                       char **kwlist, ...) {
    if (!kwlist_call_ok(args, kwargs, format, kwlist)) return 0;
    va_list va;
    va_start(va, kwlist);
    int ok = parse_with_kwlist(args, kwargs, format, kwlist, &va, CPX_ARGS_SIZE_T);
    va_end(va);
    return ok;
}

int PyArg_VaParseTupleAndKeywords(PyObject *args, PyObject *kwargs, const char *format,
                                  char **kwlist, va_list va) {
    if (!kwlist_call_ok(args, kwargs, format, kwlist)) return 0;
    va_list own;
    va_copy(own, va);
    int ok = parse_with_kwlist(args, kwargs, format, kwlist, &own, 0);
    va_end(own);
    return ok;
}

int _PyArg_VaParseTupleAndKeywords_SizeT(PyObject *args, PyObject *kwargs, const char *format,
                                         char **kwlist, va_list va) {
    if (!kwlist_call_ok(args, kwargs, format, kwlist)) return 0;
    va_list own;
    va_copy(own, va);
    int ok = parse_with_kwlist(args, kwargs, format, kwlist, &own, CPX_ARGS_SIZE_T);
    va_end(own);
    return ok;
}

int PyArg_ValidateKeywordArguments(PyObject *kwargs) {
    PyObject *key;
    Py_ssize_t pos = 0;
    if (!PyDict_Check(kwargs)) {
        PyErr_BadInternalCall();
        return 0;
    }
    while (PyDict_Next(kwargs, &pos, &key, NULL)) {
        if (!PyUnicode_Check(key)) {
            PyErr_SetString(PyExc_TypeError, "keywords must be strings");
            return 0;
        }
    }
    return 1;
}

int _PyArg_CheckPositional(const char *name, Py_ssize_t nargs, Py_ssize_t min, Py_ssize_t max) {
    if (nargs < min || (nargs != 0 && nargs > max)) {
        int few = nargs < min;
        Py_ssize_t bound = few ? min : max;
        const char *qualifier = min == max ? "" : few ? "at least " : "at most ";
        if (name != NULL)
            PyErr_Format(PyExc_TypeError, "%.200s expected %s%zd argument%s, got %zd",
                         name, qualifier, bound, bound == 1 ? "" : "s", nargs);
        else
            PyErr_Format(PyExc_TypeError, "unpacked tuple should have %s%zd element%s, but has %zd",
                         qualifier, bound, bound == 1 ? "" : "s", nargs);
        return 0;
    }
    return 1;
}

static int unpack_into(PyObject *const *args, Py_ssize_t nargs, const char *name,
                       Py_ssize_t min, Py_ssize_t max, va_list va) {
    if (!_PyArg_CheckPositional(name, nargs, min, max)) return 0;
    for (Py_ssize_t i = 0; i < nargs; i++) *va_arg(va, PyObject **) = args[i];
    return 1;
}

int PyArg_UnpackTuple(PyObject *args, const char *name, Py_ssize_t min, Py_ssize_t max, ...) {
    if (args == NULL || !PyTuple_Check(args)) {
        PyErr_SetString(PyExc_SystemError, "PyArg_UnpackTuple() argument list is not a tuple");
        return 0;
    }
    va_list va;
    va_start(va, max);
    int ok = unpack_into(_PyTuple_ITEMS(args), PyTuple_GET_SIZE(args), name, min, max, va);
    va_end(va);
    return ok;
}

int _PyArg_UnpackStack(PyObject *const *args, Py_ssize_t nargs, const char *name,
                       Py_ssize_t min, Py_ssize_t max, ...) {
    va_list va;
    va_start(va, max);
    int ok = unpack_into(args, nargs, name, min, max, va);
    va_end(va);
    return ok;
}

int _PyArg_NoKeywords(const char *funcname, PyObject *kwargs) {
    if (kwargs == NULL) return 1;
    if (!PyDict_CheckExact(kwargs)) {
        PyErr_BadInternalCall();
        return 0;
    }
    if (PyDict_GET_SIZE(kwargs) == 0) return 1;
    PyErr_Format(PyExc_TypeError, "%.200s() takes no keyword arguments", funcname);
    return 0;
}

int _PyArg_NoKwnames(const char *funcname, PyObject *kwnames) {
    if (kwnames == NULL || PyTuple_GET_SIZE(kwnames) == 0) return 1;
    PyErr_Format(PyExc_TypeError, "%s() takes no keyword arguments", funcname);
    return 0;
}

int _PyArg_NoPositional(const char *funcname, PyObject *args) {
    if (args == NULL) return 1;
    if (!PyTuple_CheckExact(args)) {
        PyErr_BadInternalCall();
        return 0;
    }
    if (PyTuple_GET_SIZE(args) == 0) return 1;
    PyErr_Format(PyExc_TypeError, "%.200s() takes no positional arguments", funcname);
    return 0;
}

void _PyArg_BadArgument(const char *fname, const char *displayname, const char *expected,
                        PyObject *arg) {
    PyErr_Format(PyExc_TypeError, "%.200s() %.200s must be %.50s, not %.50s", fname, displayname,
                 expected, arg == Py_None ? "None" : Py_TYPE(arg)->tp_name);
}
