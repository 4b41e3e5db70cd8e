/* misc_internal.h: private to the misc family (pystate.c, pythread.c,
 * pycapsule.c, weakrefobject.c, memoryobject.c, memoryobject_items.c,
 * sysmodule.c, bltinmodule.c, bltinmodule_iter.c, pylifecycle.c,
 * structmember.c, genericaliasobject.c, codeobject.c, frameobject.c, traceback.c,
 * genobject.c, pythonrun.c): its sub-initialisers, run in order by _cpx_init_misc,
 * and what the two memoryview files share. */
#ifndef CPX_MISC_INTERNAL_H
#define CPX_MISC_INTERNAL_H
#include "internal.h"

int _cpx_init_pystate(void);    /* main thread state + the GIL (idempotent) */
int _cpx_init_capsule(void);
int _cpx_init_weakref(void);
int _cpx_init_memoryview(void);
int _cpx_init_traceback(void);
int _cpx_init_builtins(void);   /* the builtins module, registered */
int _cpx_init_builtin_iters(void); /* zip, map, filter (bltinmodule_iter.c) */
int _cpx_init_sys(void);        /* the sys module, registered */
int _cpx_init_genericalias(void);
int _cpx_init_code(void);
int _cpx_init_frame(void);
int _cpx_init_no_bytecode_types(void); /* function, generator, coroutine, async_generator (genobject.c) */

/* ---- memoryview (memoryobject.c / memoryobject_items.c) ----
 * A view's shape/strides/suboffsets point into its own ob_array; its format
 * points at static text or at the managed buffer's master format. */
#define _CPX_MBUF_RELEASED 0x001
#define _CPX_MBUF_FREE_FORMAT 0x002
#define CPX_MV_RELEASED(mv) \
    (((mv)->flags & _Py_MEMORYVIEW_RELEASED) || ((mv)->mbuf->flags & _CPX_MBUF_RELEASED))
#define CPX_MV_C_CONTIG(flags) ((flags) & (_Py_MEMORYVIEW_SCALAR | _Py_MEMORYVIEW_C))
#define CPX_MV_F_CONTIG(flags) ((flags) & (_Py_MEMORYVIEW_SCALAR | _Py_MEMORYVIEW_FORTRAN))
#define CPX_MV_ANY_CONTIG(flags) ((flags) & (_Py_MEMORYVIEW_SCALAR | _Py_MEMORYVIEW_C | _Py_MEMORYVIEW_FORTRAN))

/* -1 with ValueError if the view was released, else 0. */
int _cpx_mv_check_released(PyMemoryViewObject *mv);
/* A new view of `mbuf` copying `src` (NULL: the master buffer). */
PyObject *_cpx_mv_add_view(_PyManagedBufferObject *mbuf, const Py_buffer *src);
void _cpx_mv_init_flags(PyMemoryViewObject *mv);
/* The item size of a native single-character format (optional '@'), with
 * the character in *ch; -1 (no error set) for anything else. */
Py_ssize_t _cpx_mv_native_format(char *ch, const char *fmt);
int _cpx_mv_is_c_contig(const Py_buffer *view);
int _cpx_mv_is_f_contig(const Py_buffer *view);
/* Copy the items of `src` (any layout; NULL strides mean C-contiguous) to
 * the contiguous block `dst` of src->len bytes, in order 'C', 'F' or 'A'. */
void _cpx_mv_copy_to_contig(char *dst, const Py_buffer *src, char order);

/* memoryobject_items.c: the item-level slots and methods. */
Py_ssize_t _cpx_mv_length(PyObject *self);
PyObject *_cpx_mv_item(PyObject *self, Py_ssize_t index);
PyObject *_cpx_mv_subscript(PyObject *self, PyObject *key);
int _cpx_mv_ass_subscript(PyObject *self, PyObject *key, PyObject *value);
PyObject *_cpx_mv_iter(PyObject *self);
PyObject *_cpx_mv_richcompare(PyObject *v, PyObject *w, int op);
Py_hash_t _cpx_mv_hash(PyObject *self);
PyObject *_cpx_mv_tolist(PyObject *self, PyObject *noargs);
PyObject *_cpx_mv_tobytes(PyObject *self, PyObject *args, PyObject *kwargs);
PyObject *_cpx_mv_hex(PyObject *self, PyObject *args, PyObject *kwargs);
extern PyTypeObject _cpx_MemoryIter_Type;


#endif
