/* getargs_parser.c: parsing driven by a _PyArg_Parser (the static
 * struct Argument Clinic emits): _PyArg_ParseTupleAndKeywordsFast,
 * _PyArg_ParseStackAndKeywords (vectorcall) and _PyArg_UnpackKeywords(
 * WithVararg), with CPython 3.11 semantics and error texts.
 *
 * Ownership: a _PyArg_Parser is static data of the extension; on first use
 * it is filled in (pos, fname, custom_msg, min, max) and given kwtuple, a
 * tuple of the interned keyword names that the parser owns for the life of
 * the process (a set kwtuple marks an initialised parser; parsers are never
 * finalised). Units are converted as in getargs.c (same cleanup rules).
 * _PyArg_UnpackKeywords stores borrowed references into the caller's buf;
 * the WithVararg form also stores there a new tuple of the surplus
 * positional arguments, which the caller owns on success. */
#include "getargs_convert.h"

/* internal.h defines PY_SSIZE_T_CLEAN: the plain names are defined here. */
#undef _PyArg_ParseStackAndKeywords
#undef _PyArg_ParseTupleAndKeywordsFast
#undef _PyArg_VaParseTupleAndKeywordsFast
#undef _PyArg_UnpackKeywords
PyAPI_FUNC(int) _PyArg_ParseStackAndKeywords(PyObject *const *, Py_ssize_t, PyObject *, _PyArg_Parser *, ...);
PyAPI_FUNC(int) _PyArg_ParseTupleAndKeywordsFast(PyObject *, PyObject *, _PyArg_Parser *, ...);
PyAPI_FUNC(int) _PyArg_VaParseTupleAndKeywordsFast(PyObject *, PyObject *, _PyArg_Parser *, va_list);

/* Initialised parsers, newest first (kept for fidelity with CPython; the
 * shim never finalises them). */
static _PyArg_Parser *initialised_parsers;

/* Fill pos, fname, custom_msg, min, max and kwtuple on first use; a
 * parser whose kwtuple is set is initialised. */
static int parser_init(_PyArg_Parser *parser) {
    const char *const *keywords = parser->keywords;
    int pos, len;
    if (parser->kwtuple != NULL) return 1;
    if (keywords == NULL) {
        PyErr_BadInternalCall();
        return 0;
    }
    for (pos = 0; keywords[pos] != NULL && keywords[pos][0] == '\0'; pos++) {}
    for (len = pos; keywords[len] != NULL; len++) {
        if (keywords[len][0] == '\0') {
            PyErr_SetString(PyExc_SystemError, "Empty keyword parameter name");
            return 0;
        }
    }
    parser->pos = pos;
    if (parser->format != NULL) {
        const char *format = parser->format;
        int min = INT_MAX, max = INT_MAX;
        parser->fname = strchr(format, ':');
        parser->custom_msg = NULL;
        if (parser->fname != NULL) {
            parser->fname++;
        } else {
            parser->custom_msg = strchr(format, ';');
            if (parser->custom_msg != NULL) parser->custom_msg++;
        }
        for (int i = 0; i < len; i++) {
            if (*format == '|') {
                if (min != INT_MAX) {
                    PyErr_SetString(PyExc_SystemError, "Invalid format string (| specified twice)");
                    return 0;
                }
                if (max != INT_MAX) {
                    PyErr_SetString(PyExc_SystemError, "Invalid format string ($ before |)");
                    return 0;
                }
                min = i;
                format++;
            }
            if (*format == '$') {
                if (max != INT_MAX) {
                    PyErr_SetString(PyExc_SystemError, "Invalid format string ($ specified twice)");
                    return 0;
                }
                if (i < pos) {
                    PyErr_SetString(PyExc_SystemError, "Empty parameter name after $");
                    return 0;
                }
                max = i;
                format++;
            }
            if (END_OF_FORMAT(*format)) {
                PyErr_Format(PyExc_SystemError,
                             "More keyword list entries (%d) than format specifiers (%d)", len, i);
                return 0;
            }
            const char *msg = _cpx_skip_unit(&format, NULL, 0);
            if (msg != NULL) {
                PyErr_Format(PyExc_SystemError, "%s: '%s'", msg, format);
                return 0;
            }
        }
        parser->min = Py_MIN(min, len);
        parser->max = Py_MIN(max, len);
        if (!END_OF_FORMAT(*format) && *format != '|' && *format != '$') {
            PyErr_Format(PyExc_SystemError,
                         "more argument specifiers than keyword list entries (remaining format:'%s')",
                         format);
            return 0;
        }
    }
    PyObject *kwtuple = PyTuple_New(len - pos);
    if (kwtuple == NULL) return 0;
    for (int i = pos; i < len; i++) {
        PyObject *name = PyUnicode_FromString(keywords[i]);
        if (name == NULL) {
            Py_DECREF(kwtuple);
            return 0;
        }
        PyUnicode_InternInPlace(&name);
        PyTuple_SET_ITEM(kwtuple, i - pos, name);
    }
    parser->kwtuple = kwtuple;
#ifdef CPX_DEBUG
    _cpx_debug_keep(kwtuple); /* owned for good: not a leak of the first caller */
#endif
    parser->next = initialised_parsers;
    initialised_parsers = parser;
    return 1;
}

/* Two str with the same code points (CPython's canonical-form test). */
static int same_text(PyObject *a, PyObject *b) {
    if (a == b) return 1;
    if (!PyUnicode_Check(a) || !PyUnicode_Check(b)) return 0;
    Py_ssize_t len = PyUnicode_GET_LENGTH(a);
    int kind = PyUnicode_KIND(a);
    return len == PyUnicode_GET_LENGTH(b) && kind == (int)PyUnicode_KIND(b) &&
           memcmp(PyUnicode_DATA(a), PyUnicode_DATA(b), (size_t)len * (size_t)kind) == 0;
}

/* The value passed under keyword key in a vectorcall (borrowed), or NULL. */
static PyObject *find_keyword(PyObject *kwnames, PyObject *const *kwstack, PyObject *key) {
    Py_ssize_t n = PyTuple_GET_SIZE(kwnames);
    for (Py_ssize_t i = 0; i < n; i++)          /* interned names: usually identical */
        if (PyTuple_GET_ITEM(kwnames, i) == key) return kwstack[i];
    for (Py_ssize_t i = 0; i < n; i++)
        if (same_text(PyTuple_GET_ITEM(kwnames, i), key)) return kwstack[i];
    return NULL;
}

/* The keyword argument for parameter name, from a dict or a vectorcall
 * (borrowed); NULL, with an exception only on a lookup error. */
static PyObject *keyword_value(PyObject *kwargs, PyObject *kwnames, PyObject *const *kwstack,
                               PyObject *name) {
    if (kwargs != NULL) return PyDict_GetItemWithError(kwargs, name);
    return find_keyword(kwnames, kwstack, name);
}

static int kwtuple_has(PyObject *kwtuple, PyObject *key) {
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(kwtuple); i++)
        if (same_text(PyTuple_GET_ITEM(kwtuple, i), key)) return 1;
    return 0;
}

/* Some keyword given matches no parameter: raise for the first such one. */
static void reject_unknown_keyword(PyObject *kwargs, PyObject *kwnames, PyObject *kwtuple,
                                   const char *fname) {
    Py_ssize_t j = 0;
    PyObject *key;
    for (;;) {
        if (kwargs != NULL) {
            if (!PyDict_Next(kwargs, &j, &key, NULL)) break;
        } else {
            if (j >= PyTuple_GET_SIZE(kwnames)) break;
            key = PyTuple_GET_ITEM(kwnames, j++);
        }
        if (!PyUnicode_Check(key)) {
            PyErr_SetString(PyExc_TypeError, "keywords must be strings");
            return;
        }
        if (!kwtuple_has(kwtuple, key)) {
            PyErr_Format(PyExc_TypeError, "'%S' is an invalid keyword argument for %.200s%s",
                         key, fname == NULL ? "this function" : fname, _cpx_args_parens(fname));
            return;
        }
    }
    PyErr_Format(PyExc_TypeError, "invalid keyword argument for %.200s%s",
                 fname == NULL ? "this function" : fname, _cpx_args_parens(fname));
}

/* A parameter given both by position (index i) and by name. */
static int reject_duplicates(PyObject *kwargs, PyObject *kwnames, PyObject *const *kwstack,
                             _PyArg_Parser *parser, Py_ssize_t nargs) {
    for (int i = parser->pos; i < nargs; i++) {
        PyObject *name = PyTuple_GET_ITEM(parser->kwtuple, i - parser->pos);
        PyObject *dup = keyword_value(kwargs, kwnames, kwstack, name);
        if (dup != NULL) {
            PyErr_Format(PyExc_TypeError,
                         "argument for %.200s%s given by name ('%U') and position (%d)",
                         _cpx_args_fname(parser->fname), _cpx_args_parens(parser->fname), name, i + 1);
            return -1;
        }
        if (PyErr_Occurred()) return -1;
    }
    return 0;
}

static void too_many_arguments(const char *fname, int maxargs, Py_ssize_t nargs, Py_ssize_t nkwargs) {
    PyErr_Format(PyExc_TypeError, "%.200s%s takes at most %d %sargument%s (%zd given)",
                 _cpx_args_fname(fname), _cpx_args_parens(fname), maxargs, nargs == 0 ? "keyword " : "",
                 maxargs == 1 ? "" : "s", nargs + nkwargs);
}

static void too_many_positional(const char *fname, int minpos, int maxpos, Py_ssize_t nargs) {
    if (maxpos == 0)
        PyErr_Format(PyExc_TypeError, "%.200s%s takes no positional arguments",
                     _cpx_args_fname(fname), _cpx_args_parens(fname));
    else
        PyErr_Format(PyExc_TypeError, "%.200s%s takes %s %d positional argument%s (%zd given)",
                     _cpx_args_fname(fname), _cpx_args_parens(fname), minpos < maxpos ? "at most" : "exactly",
                     maxpos, maxpos == 1 ? "" : "s", nargs);
}

static void too_few_positional(const char *fname, int minpos, int maxpos, Py_ssize_t nargs) {
    PyErr_Format(PyExc_TypeError, "%.200s%s takes %s %d positional argument%s (%zd given)",
                 _cpx_args_fname(fname), _cpx_args_parens(fname), minpos < maxpos ? "at least" : "exactly",
                 minpos, minpos == 1 ? "" : "s", nargs);
}

static void missing_argument(const char *fname, PyObject *name, int index) {
    PyErr_Format(PyExc_TypeError, "%.200s%s missing required argument '%U' (pos %d)",
                 _cpx_args_fname(fname), _cpx_args_parens(fname), name, index + 1);
}

static int parse_with_parser(PyObject *const *args, Py_ssize_t nargs, PyObject *kwargs,
                             PyObject *kwnames, _PyArg_Parser *parser, va_list *p_va, int flags) {
    char msgbuf[512];
    int levels[32];
    PyObject *const *kwstack = NULL;
    Py_ssize_t nkwargs = 0;
    cpx_cleanups cl;

    if (parser == NULL || (kwnames != NULL && !PyTuple_Check(kwnames))) {
        PyErr_BadInternalCall();
        return 0;
    }
    if (!parser_init(parser)) return 0;
    if (parser->format == NULL) {
        PyErr_SetString(PyExc_SystemError, "_PyArg_Parser without a format used for parsing");
        return 0;
    }
    PyObject *kwtuple = parser->kwtuple;
    int pos = parser->pos;
    int len = pos + (int)PyTuple_GET_SIZE(kwtuple);
    const char *fname = parser->fname;

    if (kwargs != NULL) {
        nkwargs = PyDict_GET_SIZE(kwargs);
    } else if (kwnames != NULL) {
        nkwargs = PyTuple_GET_SIZE(kwnames);
        kwstack = args + nargs;
    }
    if (nargs + nkwargs > len) {
        too_many_arguments(fname, len, nargs, nkwargs);
        return 0;
    }
    if (parser->max < nargs) {
        too_many_positional(fname, parser->min, parser->max, nargs);
        return 0;
    }
    _cpx_cleanups_init(&cl);
    const char *format = parser->format;
    for (int i = 0; i < len; i++) {
        PyObject *current = NULL;
        if (*format == '|') format++;
        if (*format == '$') format++;
        if (i < nargs) {
            current = args[i];
        } else if (nkwargs && i >= pos) {
            current = keyword_value(kwargs, kwnames, kwstack, PyTuple_GET_ITEM(kwtuple, i - pos));
            if (current != NULL) nkwargs--;
            else if (PyErr_Occurred()) goto fail;
        }
        if (current != NULL) {
            const char *msg = _cpx_args_convert_item(current, &format, p_va, flags, levels, 0,
                                                     msgbuf, sizeof msgbuf, &cl);
            if (msg != NULL) {
                _cpx_args_report_failure(i + 1, msg, levels, fname, parser->custom_msg);
                goto fail;
            }
            continue;
        }
        if (i < parser->min) {
            if (i < pos) {
                int bound = Py_MIN(pos, parser->min);
                too_few_positional(fname, bound, parser->max, nargs);
            } else {
                missing_argument(fname, PyTuple_GET_ITEM(kwtuple, i - pos), i);
            }
            goto fail;
        }
        if (!nkwargs) return _cpx_cleanups_finish(&cl, 1);
        const char *bad = _cpx_skip_unit(&format, p_va, flags);
        if (bad != NULL) {          /* the format was checked: only a '#' without _SizeT */
            PyErr_SetString(PyExc_SystemError, bad);
            goto fail;
        }
    }
    if (nkwargs > 0) {
        if (reject_duplicates(kwargs, kwnames, kwstack, parser, nargs) == 0)
            reject_unknown_keyword(kwargs, kwnames, kwtuple, fname);
        goto fail;
    }
    return _cpx_cleanups_finish(&cl, 1);

fail:
    return _cpx_cleanups_finish(&cl, 0);
}

static int parse_tuple_with_parser(PyObject *args, PyObject *kwargs, _PyArg_Parser *parser,
                                   va_list *p_va, int flags) {
    if (args == NULL || !PyTuple_Check(args) || (kwargs != NULL && !PyDict_Check(kwargs))) {
        PyErr_BadInternalCall();
        return 0;
    }
    return parse_with_parser(_PyTuple_ITEMS(args), PyTuple_GET_SIZE(args), kwargs, NULL,
                             parser, p_va, flags);
}

int _PyArg_ParseTupleAndKeywordsFast(PyObject *args, PyObject *kwargs, _PyArg_Parser *parser, ...) {
    va_list va;
    va_start(va, parser);
    int ok = parse_tuple_with_parser(args, kwargs, parser, &va, 0);
    va_end(va);
    return ok;
}

int _PyArg_ParseTupleAndKeywordsFast_SizeT(PyObject *args, PyObject *kwargs,
                                           _PyArg_Parser *parser, ...) {
    va_list va;
    va_start(va, parser);
    int ok = parse_tuple_with_parser(args, kwargs, parser, &va, CPX_ARGS_SIZE_T);
    va_end(va);
    return ok;
}

int _PyArg_VaParseTupleAndKeywordsFast(PyObject *args, PyObject *kwargs, _PyArg_Parser *parser,
                                       va_list va) {
    va_list own;
    va_copy(own, va);
    int ok = parse_tuple_with_parser(args, kwargs, parser, &own, 0);
    va_end(own);
    return ok;
}

int _PyArg_VaParseTupleAndKeywordsFast_SizeT(PyObject *args, PyObject *kwargs,
                                             _PyArg_Parser *parser, va_list va) {
    va_list own;
    va_copy(own, va);
    int ok = parse_tuple_with_parser(args, kwargs, parser, &own, CPX_ARGS_SIZE_T);
    va_end(own);
    return ok;
}

int _PyArg_ParseStackAndKeywords(PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames,
                                 _PyArg_Parser *parser, ...) {
    va_list va;
    va_start(va, parser);
    int ok = parse_with_parser(args, nargs, NULL, kwnames, parser, &va, 0);
    va_end(va);
    return ok;
}

int _PyArg_ParseStackAndKeywords_SizeT(PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames,
                                       _PyArg_Parser *parser, ...) {
    va_list va;
    va_start(va, parser);
    int ok = parse_with_parser(args, nargs, NULL, kwnames, parser, &va, CPX_ARGS_SIZE_T);
    va_end(va);
    return ok;
}

/* ---- unpacking for Argument Clinic: items are borrowed ---- */

PyObject *const *_PyArg_UnpackKeywords(PyObject *const *args, Py_ssize_t nargs,
                                       PyObject *kwargs, PyObject *kwnames,
                                       _PyArg_Parser *parser, int minpos, int maxpos,
                                       int minkw, PyObject **buf) {
    PyObject *const *kwstack = NULL;
    Py_ssize_t nkwargs = 0;
    int reqlimit = minkw ? maxpos + minkw : minpos;

    if (parser == NULL || (kwnames != NULL && !PyTuple_Check(kwnames))) {
        PyErr_BadInternalCall();
        return NULL;
    }
    if (args == NULL && nargs == 0) args = buf;
    if (!parser_init(parser)) return NULL;

    PyObject *kwtuple = parser->kwtuple;
    int posonly = parser->pos;
    int minposonly = Py_MIN(posonly, minpos);
    int maxargs = posonly + (int)PyTuple_GET_SIZE(kwtuple);
    const char *fname = parser->fname;

    if (kwargs != NULL) {
        nkwargs = PyDict_GET_SIZE(kwargs);
    } else if (kwnames != NULL) {
        nkwargs = PyTuple_GET_SIZE(kwnames);
        kwstack = args + nargs;
    }
    if (nkwargs == 0 && minkw == 0 && minpos <= nargs && nargs <= maxpos) return args;
    if (nargs + nkwargs > maxargs) {
        too_many_arguments(fname, maxargs, nargs, nkwargs);
        return NULL;
    }
    if (nargs > maxpos) {
        too_many_positional(fname, minpos, maxpos, nargs);
        return NULL;
    }
    if (nargs < minposonly) {
        too_few_positional(fname, minposonly, maxpos, nargs);
        return NULL;
    }
    for (Py_ssize_t i = 0; i < nargs; i++) buf[i] = args[i];
    for (int i = Py_MAX((int)nargs, posonly); i < maxargs; i++) {
        PyObject *current = NULL;
        if (nkwargs) {
            current = keyword_value(kwargs, kwnames, kwstack, PyTuple_GET_ITEM(kwtuple, i - posonly));
            if (current == NULL && PyErr_Occurred()) return NULL;
        } else if (i >= reqlimit) {
            break;
        }
        buf[i] = current;
        if (current != NULL) {
            nkwargs--;
        } else if (i < minpos || (maxpos <= i && i < reqlimit)) {
            missing_argument(fname, PyTuple_GET_ITEM(kwtuple, i - posonly), i);
            return NULL;
        }
    }
    if (nkwargs > 0) {
        if (reject_duplicates(kwargs, kwnames, kwstack, parser, nargs) == 0)
            reject_unknown_keyword(kwargs, kwnames, kwtuple, fname);
        return NULL;
    }
    return buf;
}

/* As above for a signature with *args at index vararg: buf[vararg]
 * receives a new tuple of the surplus positional arguments (owned by the
 * caller on success, released here on failure). */
PyObject *const *_PyArg_UnpackKeywordsWithVararg(PyObject *const *args, Py_ssize_t nargs,
                                                 PyObject *kwargs, PyObject *kwnames,
                                                 _PyArg_Parser *parser, int minpos, int maxpos,
                                                 int minkw, int vararg, PyObject **buf) {
    PyObject *const *kwstack = NULL;
    Py_ssize_t nkwargs = 0;
    int reqlimit = minkw ? maxpos + minkw : minpos;

    if (parser == NULL || (kwnames != NULL && !PyTuple_Check(kwnames))) {
        PyErr_BadInternalCall();
        return NULL;
    }
    if (args == NULL && nargs == 0) args = buf;
    if (!parser_init(parser)) return NULL;

    PyObject *kwtuple = parser->kwtuple;
    int posonly = parser->pos;
    int minposonly = Py_MIN(posonly, minpos);
    int maxargs = posonly + (int)PyTuple_GET_SIZE(kwtuple);
    const char *fname = parser->fname;

    if (kwargs != NULL) {
        nkwargs = PyDict_GET_SIZE(kwargs);
    } else if (kwnames != NULL) {
        nkwargs = PyTuple_GET_SIZE(kwnames);
        kwstack = args + nargs;
    }
    if (nargs < minposonly) {
        too_few_positional(fname, minposonly, maxpos, nargs);
        return NULL;
    }
    Py_ssize_t surplus = nargs > maxpos ? nargs - maxpos : 0;
    buf[vararg] = PyTuple_New(surplus);
    if (buf[vararg] == NULL) return NULL;
    for (Py_ssize_t i = 0; i < nargs; i++) {
        if (i >= vararg)
            PyTuple_SET_ITEM(buf[vararg], i - vararg, Py_NewRef(args[i]));
        else
            buf[i] = args[i];
    }
    for (int i = Py_MAX((int)nargs, posonly) - (int)surplus; i < maxargs; i++) {
        PyObject *current = NULL;
        if (nkwargs) {
            current = keyword_value(kwargs, kwnames, kwstack, PyTuple_GET_ITEM(kwtuple, i - posonly));
            if (current == NULL && PyErr_Occurred()) goto fail;
        }
        /* parameters after *args sit one slot further, past buf[vararg] */
        if (nargs < vararg) buf[i] = current;
        else buf[i + 1] = current;
        if (current != NULL) {
            nkwargs--;
        } else if (i < minpos || (maxpos <= i && i < reqlimit)) {
            missing_argument(fname, PyTuple_GET_ITEM(kwtuple, i - posonly), i);
            goto fail;
        }
    }
    if (nkwargs > 0) {
        reject_unknown_keyword(kwargs, kwnames, kwtuple, fname);
        goto fail;
    }
    return buf;

fail:
    Py_CLEAR(buf[vararg]);
    return NULL;
}
