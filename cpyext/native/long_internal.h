/* long_internal.h: what the numbers family's C files (longobject.c,
 * long_arith.c, long_double.c, long_format.c, boolobject.c, floatobject.c,
 * complexobject.c, number_format.c, pystrtod.c) share and no other file needs.
 *
 * Invariants of an int (PyLongObject, CPython 3.11 layout):
 * - |ob_size| digits of PyLong_SHIFT (30) bits, least significant first,
 *   the sign of ob_size is the sign of the value; zero has ob_size 0.
 * - Every int a function hands out is normalized (its top digit is not 0).
 *   Kernels may build an unnormalized int privately and normalize it with
 *   _cpx_long_normalize before anyone else sees it.
 * - Values -5..256 of exact type int are the immortal cached small ints:
 *   _cpx_long_finish swaps a fresh result for the cached object.
 * All functions below return new references (or NULL with an error set)
 * unless stated otherwise; none steals an argument unless stated. */
#ifndef CPX_LONG_INTERNAL_H
#define CPX_LONG_INTERNAL_H

#include "internal.h"
#include <float.h>

#define CPX_SMALL_NEG 5
#define CPX_SMALL_POS 257

static inline Py_ssize_t cpx_lsize(const PyLongObject *v) {
    Py_ssize_t n = Py_SIZE(v);
    return n < 0 ? -n : n;
}

/* Value of an int with at most one digit. */
static inline stwodigits cpx_medium_value(const PyLongObject *v) {
    Py_ssize_t n = Py_SIZE(v);
    return n == 0 ? 0 : (stwodigits)n * (stwodigits)v->ob_digit[0];
}

/* CPython raises SystemError "<file>:<line>: bad argument to internal
 * function" for a NULL argument; these give the same text as 3.11.7. */
#define CPX_BAD_CALL(file, line) _PyErr_BadInternalCall((file), (line))
#define CPX_BAD_LONG_CALL(line) CPX_BAD_CALL("Objects/longobject.c", (line))

/* longobject.c */
PyObject *_cpx_small_int(long v);               /* v in [-5, 256] */
PyLongObject *_cpx_long_normalize(PyLongObject *v); /* strips top zero digits */
PyObject *_cpx_long_finish(PyLongObject *v);    /* steals v; normalize + small cache */
PyObject *_cpx_long_from_stwodigits(stwodigits v);
int _cpx_long_compare(PyLongObject *a, PyLongObject *b);   /* -1, 0, 1 */
/* An exact or subclass int for o: o itself (new ref) when it is an int,
 * else the result of its __index__; NULL + TypeError otherwise. */
PyLongObject *_cpx_long_index(PyObject *o);

/* long_arith.c */
extern PyNumberMethods _cpx_long_as_number;
PyObject *_cpx_long_add(PyLongObject *a, PyLongObject *b);
PyObject *_cpx_long_sub(PyLongObject *a, PyLongObject *b);
PyObject *_cpx_long_mul(PyLongObject *a, PyLongObject *b);
/* Floor division and modulo; either out pointer may be NULL. */
int _cpx_long_divmod(PyLongObject *a, PyLongObject *b, PyLongObject **pdiv, PyLongObject **pmod);
PyObject *_cpx_long_neg(PyLongObject *a);
PyObject *_cpx_long_lshift_bits(PyLongObject *a, size_t bits);
PyObject *_cpx_long_pow_small(long base, long exp); /* base ** exp, exp >= 0 */

/* long_double.c */
PyObject *_cpx_long_float(PyObject *v);                 /* nb_float */
PyObject *_cpx_long_true_divide(PyObject *v, PyObject *w);  /* nb_true_divide */

/* long_format.c */
int _cpx_unicode_decimal(Py_UCS4 ch);           /* 0..9, or -1 */
/* The ASCII image of a str for number parsing: ASCII kept, Unicode white
 * space -> ' ', Unicode decimal digits -> '0'..'9'; stops at the first other
 * non-ASCII character, written as '?'. PyMem_Malloc'd, NUL-terminated. */
char *_cpx_unicode_number_ascii(PyObject *u, Py_ssize_t *len);
PyObject *_cpx_long_to_decimal(PyObject *v);

/* boolobject.c */
int _cpx_init_bool(void);

/* pystrtod.c */
/* PyOS_double_to_string flag of CPython 3.11 (format spec 'z'): a result
 * that rounds to zero loses its minus sign. */
#ifndef Py_DTSF_NO_NEG_0
#define Py_DTSF_NO_NEG_0 0x08
#endif
#define CPX_DTSF_NO_NEG_0 Py_DTSF_NO_NEG_0
/* Remove underscores of a numeric literal (only between digits): a
 * PyMem_Malloc'd copy, or NULL when the placement is invalid (no error
 * set) -- *bad is then 1; on memory error *bad is 0 and an error is set. */
char *_cpx_strip_underscores(const char *s, Py_ssize_t len, int *bad);

/* number_format.c: int/float/complex __format__ (METH_O) */
PyObject *_cpx_long_format_method(PyObject *self, PyObject *spec);
PyObject *_cpx_float_format_method(PyObject *self, PyObject *spec);
PyObject *_cpx_complex_format_method(PyObject *self, PyObject *spec);

/* floatobject_hex.c: float.hex (METH_NOARGS) and float.fromhex (METH_CLASS) */
PyObject *_cpx_float_hex(PyObject *self, PyObject *unused);
PyObject *_cpx_float_fromhex(PyObject *type, PyObject *string);

/* complexobject.c */
int _cpx_init_complex(void);

#endif
