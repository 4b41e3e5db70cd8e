/* debug.h: the hooks of the debug shim (cpyext_debug.node, built from the
 * same sources with CPX_DEBUG=1; the release build never includes this file,
 * so it pays nothing). debug.c implements them; internal.h includes this
 * header only #ifdef CPX_DEBUG.
 *
 * Invariants of the debug build:
 * - Every PyMem_* / PyObject_* block carries a hidden header just before the
 *   pointer handed out (as CPython's PYTHONMALLOC=debug does): its size, the
 *   generation it was allocated in, its state and a magic word. What an
 *   extension sees (the object layout, alignment 16) is unchanged.
 * - An object whose memory is such a block is "tracked": from
 *   _cpx_new_reference until _Py_Dealloc it is on the list of live objects,
 *   tagged with the generation current when it was created. Objects in
 *   other memory (statics, an extension's own allocator) are not tracked.
 * - Freed blocks are not reused at once: they are poisoned (0xDD), kept in
 *   a bounded FIFO quarantine and checked for writes when they leave it.
 *   A freed object's type is _cpx_FreedObject_Type (every slot a fatal
 *   error naming the object's old type and generations) and its refcount
 *   is 1, so one Py_DECREF too many reaches _Py_Dealloc and is reported.
 * - Misuse the shim can see is a fatal error (Py_FatalError: message on
 *   stderr, abort): a freed block freed again or not ours, deallocation of
 *   a freed object, a negative refcount, a use of a freed object through
 *   its type, a freed block written to. Freeing an object still tracked by
 *   the garbage collector is a warning on stderr (a ResourceWarning in
 *   CPython's debug build). */
#ifndef CPX_DEBUG_H
#define CPX_DEBUG_H

#include <stdint.h>

/* The allocators behind PyMem_* and PyObject_* in the debug build. */
void *_cpx_debug_malloc(size_t size);
void *_cpx_debug_calloc(size_t nelem, size_t elsize);
void *_cpx_debug_realloc(void *ptr, size_t size);
void _cpx_debug_free(void *ptr);

/* The release build's small-block allocator underneath them (obmalloc.c). */
void *_cpx_pool_malloc(size_t size);
void *_cpx_pool_calloc(size_t size);
void _cpx_pool_free(void *ptr);

/* op has just become a live object with refcount 1 (or came back to life). */
void _cpx_debug_track(PyObject *op);
/* _Py_Dealloc is about to run op's tp_dealloc. */
void _cpx_debug_dealloc(PyObject *op);
/* PyObject_GC_Track (tracked = 1) / PyObject_GC_UnTrack (tracked = 0). */
void _cpx_debug_gc_track(PyObject *op, int tracked);

/* Start a new generation; returns its number (objects created from now on
 * carry it). Generation 0 is the one the runtime starts in. */
uint64_t _cpx_debug_new_generation(void);

/* A set of objects (debug_reach.c), zero-initialised when empty. */
typedef struct {
    PyObject **slots;
    size_t mask, used;
} cpx_object_set;
int _cpx_object_set_has(const cpx_object_set *set, const PyObject *op);
void _cpx_object_set_clear(cpx_object_set *set);

/* op is kept for good by the bridge (a cache): a root of the walk below. */
void _cpx_debug_keep(PyObject *op);
/* PyType_Ready is readying a static type: it and what it owns live for good. */
void _cpx_debug_static_type(PyTypeObject *type);

/* Every object that modules and static types keep alive, into set: what is
 * reachable from the module registry (sys.modules), the thread state's dict,
 * every live module,
 * every static type readied and every object given to _cpx_debug_keep. -1 if out of memory. Creates and
 * frees no Python object. */
int _cpx_debug_module_owned(cpx_object_set *set);
/* Call visit on each root of that walk (debug.c). */
void _cpx_debug_visit_roots(int (*visit)(PyObject *op, void *arg), void *arg);

/* Call visit for every live tracked object of generation >= since that is
 * not immortal and not in `except` (may be NULL), oldest first; stops at the
 * first non-zero return. The visitor must not create or free objects. */
typedef int (*cpx_live_visitor)(PyObject *op, uint64_t generation, void *arg);
int _cpx_debug_visit_live(uint64_t since, const cpx_object_set *except, cpx_live_visitor visit, void *arg);

/* The type of freed objects (debug.c); readied by _cpx_init_debug. */
extern PyTypeObject _cpx_FreedObject_Type;
int _cpx_init_debug(void);

#endif
