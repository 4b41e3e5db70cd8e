/* getargs_convert.h: what getargs.c (format walking, argument counting,
 * kwlist keywords), getargs_parser.c (_PyArg_Parser keywords) and
 * getargs_convert.c (one format unit at a time) share.
 *
 * Invariant: a parse keeps one cpx_cleanups list. Every converted unit that
 * acquired something the caller would otherwise own (a Py_buffer view, a
 * PyMem block from "es"/"et", an O& converter that returned
 * Py_CLEANUP_SUPPORTED) is recorded there the moment it is acquired; when
 * the parse fails, _cpx_cleanups_finish releases all of them in the order
 * they were acquired, and when it succeeds they become the caller's.
 * Private to getargs.c, getargs_parser.c and getargs_convert.c. */
#ifndef CPX_GETARGS_CONVERT_H
#define CPX_GETARGS_CONVERT_H

#include "internal.h"

/* Parse flags. COMPAT: PyArg_Parse (the object itself is the one
 * argument). SIZE_T: '#' lengths are Py_ssize_t (the _SizeT entry
 * points); without it a '#' unit raises SystemError, as CPython 3.11 does. */
#define CPX_ARGS_COMPAT 1
#define CPX_ARGS_SIZE_T 2

/* A message returned by a converter after it has set an exception itself;
 * the caller then keeps that exception. */
extern const char _cpx_args_raised[];

typedef int (*cpx_cleanup_fn)(PyObject *, void *);

typedef struct {
    void *item;
    cpx_cleanup_fn release;
} cpx_cleanup_entry;

#define CPX_CLEANUPS_INLINE 8

typedef struct {
    cpx_cleanup_entry *entries;  /* inline_entries or a PyMem block */
    int count;
    int capacity;
    cpx_cleanup_entry inline_entries[CPX_CLEANUPS_INLINE];
} cpx_cleanups;

void _cpx_cleanups_init(cpx_cleanups *cl);
/* Record item; on memory failure release it at once, set MemoryError and
 * return -1. */
int _cpx_cleanups_add(cpx_cleanups *cl, void *item, cpx_cleanup_fn release);
/* End of a parse: on failure (ok == 0) release every recorded item.
 * Frees the list's own memory; returns ok. */
int _cpx_cleanups_finish(cpx_cleanups *cl, int ok);

/* Convert arg by the single (non-tuple) unit at *p_format, storing through
 * the pointers taken from *p_va. NULL on success (*p_format then points
 * past the unit); otherwise a message: "must be X, not Y" text written to
 * msgbuf, a "(...)" text for a broken format (SystemError), or
 * _cpx_args_raised with the exception already set. */
const char *_cpx_convert_simple(PyObject *arg, const char **p_format, va_list *p_va,
                                int flags, char *msgbuf, size_t bufsize,
                                cpx_cleanups *cl);

/* ---- shared by getargs.c and getargs_parser.c ---- */

#define END_OF_FORMAT(c) ((c) == '\0' || (c) == ';' || (c) == ':')

/* The name used in messages: fname or "function", then "()" or "". */
static inline const char *_cpx_args_fname(const char *fname) { return fname == NULL ? "function" : fname; }
static inline const char *_cpx_args_parens(const char *fname) { return fname == NULL ? "" : "()"; }

/* Convert arg by the unit or "( ... )" group at *p_format. levels receives
 * the 1-based item indexes into nested tuples of a failure (0-terminated);
 * depth is the current tuple nesting. Returns as _cpx_convert_simple. */
const char *_cpx_args_convert_item(PyObject *arg, const char **p_format, va_list *p_va, int flags,
                                   int *levels, int depth, char *msgbuf, size_t bufsize,
                                   cpx_cleanups *cl);

/* Set the error for a failed conversion of argument iarg (1-based; 0: the
 * PyArg_Parse object) from msg and levels, unless the converter already
 * set one: TypeError, or SystemError for a "(...)" msg; custom (the text
 * after ';') replaces the message. */
void _cpx_args_report_failure(Py_ssize_t iarg, const char *msg, const int *levels,
                              const char *fname, const char *custom);

/* Step over one unit (a nested "( )" group included) without converting,
 * consuming its varargs when p_va is not NULL. NULL on success, else a
 * message describing the bad format. */
const char *_cpx_skip_unit(const char **p_format, va_list *p_va, int flags);

#endif
