/* obmalloc.c: the memory allocators, object initialisation and the
 * reference-count entry points.
 *
 * Invariants:
 * - PyMem_Raw* is plain malloc. PyMem_* and PyObject_* share a small-block
 *   allocator (as CPython's pymalloc): requests up to CPX_SMALL_MAX bytes are
 *   carved from 1 MiB arenas, one size class per arena, recycled through
 *   per-class free lists; larger ones go to malloc. A block is recognised by
 *   its arena's address (a registry of arena bases), so PyMem_Free,
 *   PyObject_Free and PyObject_GC_Del accept either kind, but pool memory
 *   must never reach free(). Like pymalloc, it relies on the GIL.
 * - An object's memory carries no hidden header (in the release build; the
 *   debug build's layer in debug.c adds one to every block).
 * - A request for 0 bytes returns a unique non-NULL block (CPython promises
 *   this); a request above PY_SSIZE_T_MAX returns NULL. The allocators never
 *   set an error; _PyObject_New and friends do (MemoryError).
 * - _cpx_live_objects counts objects created through _cpx_setup_object /
 *   _cpx_new_reference and not yet handed to _Py_Dealloc. Static objects
 *   are never counted.
 * - PyObject_Init / PyObject_InitVar / _PyObject_New / _PyObject_NewVar
 *   return a new reference (refcount 1) and take a reference to a heap
 *   type; the instance's tp_dealloc gives that reference back. */
#define _GNU_SOURCE /* posix_memalign */
#include "internal.h"

Py_ssize_t _cpx_live_objects = 0;

/* ---------------- raw memory ---------------- */

static void *mem_malloc(size_t size) {
    if (size > (size_t)PY_SSIZE_T_MAX) return NULL;
    return malloc(size ? size : 1);
}

static void *mem_calloc(size_t nelem, size_t elsize) {
    if (elsize != 0 && nelem > (size_t)PY_SSIZE_T_MAX / elsize) return NULL;
    if (nelem == 0 || elsize == 0) { nelem = 1; elsize = 1; }
    return calloc(nelem, elsize);
}

static void *mem_realloc(void *ptr, size_t size) {
    if (size > (size_t)PY_SSIZE_T_MAX) return NULL;
    return realloc(ptr, size ? size : 1);
}

void *PyMem_RawMalloc(size_t size) { return mem_malloc(size); }
void *PyMem_RawCalloc(size_t nelem, size_t elsize) { return mem_calloc(nelem, elsize); }
void *PyMem_RawRealloc(void *ptr, size_t size) { return mem_realloc(ptr, size); }
void PyMem_RawFree(void *ptr) { free(ptr); }

/* ---------------- the small-block allocator ---------------- */

#define CPX_ARENA_SIZE ((uintptr_t)1 << 20)
#define CPX_SMALL_MAX 512
#define CPX_GRAIN 16
#define CPX_CLASSES (CPX_SMALL_MAX / CPX_GRAIN)

typedef struct free_block { struct free_block *next; } free_block;
typedef struct { unsigned size_class; } arena_header;

static free_block *free_lists[CPX_CLASSES];
static char *bump_next[CPX_CLASSES], *bump_end[CPX_CLASSES];
static uintptr_t *arena_table;            /* open addressing set of arena bases; size a power of 2 */
static size_t arena_table_cap, arena_count;

/* Fibonacci hashing into a power-of-two table (no division on the free path). */
static inline size_t arena_slot(uintptr_t base, size_t cap) {
    return (size_t)(((base >> 20) * 0x9E3779B97F4A7C15ULL) >> (64 - __builtin_ctzll(cap)));
}

static int arena_table_add(uintptr_t base) {
    if ((arena_count + 1) * 2 > arena_table_cap) {
        size_t cap = arena_table_cap ? arena_table_cap * 2 : 64;
        uintptr_t *table = calloc(cap, sizeof(uintptr_t));
        if (table == NULL) return -1;
        for (size_t i = 0; i < arena_table_cap; i++)
            if (arena_table[i]) {
                size_t j = arena_slot(arena_table[i], cap);
                while (table[j]) j = (j + 1) & (cap - 1);
                table[j] = arena_table[i];
            }
        free(arena_table);
        arena_table = table;
        arena_table_cap = cap;
    }
    size_t j = arena_slot(base, arena_table_cap);
    while (arena_table[j]) j = (j + 1) & (arena_table_cap - 1);
    arena_table[j] = base;
    arena_count++;
    return 0;
}

/* The size class of a pool block, or -1 for memory that is not ours. */
static inline int pool_class(const void *p) {
    if (arena_table_cap == 0 || p == NULL) return -1;
    uintptr_t base = (uintptr_t)p & ~(CPX_ARENA_SIZE - 1);
    for (size_t j = arena_slot(base, arena_table_cap); arena_table[j]; j = (j + 1) & (arena_table_cap - 1))
        if (arena_table[j] == base) return (int)((arena_header *)base)->size_class;
    return -1;
}

static void *pool_alloc(unsigned cls) {
    free_block *b = free_lists[cls];
    if (b != NULL) {
        free_lists[cls] = b->next;
        return b;
    }
    size_t block = (size_t)(cls + 1) * CPX_GRAIN;
    if (bump_next[cls] == NULL || bump_next[cls] + block > bump_end[cls]) {
        void *arena = NULL;
        if (posix_memalign(&arena, CPX_ARENA_SIZE, CPX_ARENA_SIZE) != 0) return NULL;
        if (arena_table_add((uintptr_t)arena) < 0) { free(arena); return NULL; }
        ((arena_header *)arena)->size_class = cls;
        bump_next[cls] = (char *)arena + CPX_GRAIN * ((sizeof(arena_header) + CPX_GRAIN - 1) / CPX_GRAIN);
        bump_end[cls] = (char *)arena + CPX_ARENA_SIZE;
    }
    void *p = bump_next[cls];
    bump_next[cls] += block;
    return p;
}

static inline void *small_malloc(size_t size) {
    if (size > CPX_SMALL_MAX) return mem_malloc(size);
    return pool_alloc(size == 0 ? 0 : (unsigned)((size - 1) / CPX_GRAIN));
}

static void *small_calloc(size_t nelem, size_t elsize) {
    if (elsize != 0 && nelem > (size_t)PY_SSIZE_T_MAX / elsize) return NULL;
    size_t size = nelem * elsize;
    if (size > CPX_SMALL_MAX) return mem_calloc(nelem, elsize);
    void *p = small_malloc(size);
    if (p != NULL) memset(p, 0, size);
    return p;
}

static inline void small_free(void *p) {
    int cls = pool_class(p);
    if (cls < 0) {
        free(p);
        return;
    }
    free_block *b = p;
    b->next = free_lists[cls];
    free_lists[cls] = b;
}

static void *small_realloc(void *p, size_t size) {
    int cls = pool_class(p);
    if (p == NULL) return small_malloc(size);
    if (cls < 0) return mem_realloc(p, size);
    size_t capacity = (size_t)(cls + 1) * CPX_GRAIN;
    if (size <= capacity && size > capacity / 2) return p;
    void *q = small_malloc(size);
    if (q == NULL) return NULL;
    memcpy(q, p, size < capacity ? size : capacity);
    small_free(p);
    return q;
}

#ifdef CPX_DEBUG
/* The debug build puts its layer (debug.c) on top of the small-block allocator. */
void *_cpx_pool_malloc(size_t size) { return small_malloc(size); }
void *_cpx_pool_calloc(size_t size) { return small_calloc(1, size); }
void _cpx_pool_free(void *ptr) { small_free(ptr); }
#define ALLOCATOR(name) _cpx_debug_##name
#else
#define ALLOCATOR(name) small_##name
#endif

void *PyMem_Malloc(size_t size) { return ALLOCATOR(malloc)(size); }
void *PyMem_Calloc(size_t nelem, size_t elsize) { return ALLOCATOR(calloc)(nelem, elsize); }
void *PyMem_Realloc(void *ptr, size_t size) { return ALLOCATOR(realloc)(ptr, size); }
void PyMem_Free(void *ptr) { ALLOCATOR(free)(ptr); }

void *PyObject_Malloc(size_t size) { return ALLOCATOR(malloc)(size); }
void *PyObject_Calloc(size_t nelem, size_t elsize) { return ALLOCATOR(calloc)(nelem, elsize); }
void *PyObject_Realloc(void *ptr, size_t size) { return ALLOCATOR(realloc)(ptr, size); }
void PyObject_Free(void *ptr) { ALLOCATOR(free)(ptr); }

/* ---------------- object initialisation ---------------- */

PyObject *PyObject_Init(PyObject *op, PyTypeObject *tp) {
    if (op == NULL) return PyErr_NoMemory();
    return _cpx_setup_object(op, tp);
}

PyVarObject *PyObject_InitVar(PyVarObject *op, PyTypeObject *tp, Py_ssize_t size) {
    if (op == NULL) return (PyVarObject *)PyErr_NoMemory();
    op->ob_size = size;
    _cpx_setup_object((PyObject *)op, tp);
    return op;
}

/* The block is zeroed although CPython leaves it uninitialised: a
 * deallocator running on a half-built object then sees NULL fields. */
PyObject *_PyObject_New(PyTypeObject *tp) {
    PyObject *op = (PyObject *)PyObject_Calloc(1, (size_t)_PyObject_SIZE(tp));
    if (op == NULL) return PyErr_NoMemory();
    return _cpx_setup_object(op, tp);
}

PyVarObject *_PyObject_NewVar(PyTypeObject *tp, Py_ssize_t nitems) {
    if (nitems < 0) {
        PyErr_BadInternalCall();
        return NULL;
    }
    if (tp->tp_itemsize != 0 && nitems > (PY_SSIZE_T_MAX - tp->tp_basicsize) / tp->tp_itemsize)
        return (PyVarObject *)PyErr_NoMemory();
    PyVarObject *op = (PyVarObject *)PyObject_Calloc(1, _PyObject_VAR_SIZE(tp, nitems));
    if (op == NULL) return (PyVarObject *)PyErr_NoMemory();
    op->ob_size = nitems;
    _cpx_setup_object((PyObject *)op, tp);
    return op;
}

void _Py_NewReference(PyObject *op) { _cpx_new_reference(op); }

/* ---------------- reference counting ---------------- */

void _Py_Dealloc(PyObject *op) {
#ifdef CPX_DEBUG
    _cpx_debug_dealloc(op);
#endif
    _cpx_live_objects--;
    Py_TYPE(op)->tp_dealloc(op);
}

void Py_IncRef(PyObject *op) { Py_XINCREF(op); }
void Py_DecRef(PyObject *op) { Py_XDECREF(op); }
void _Py_IncRef(PyObject *op) { Py_XINCREF(op); }
void _Py_DecRef(PyObject *op) { Py_XDECREF(op); }
