/* debug.c: the debug shim's allocator layer, generations, quarantine and
 * misuse checks (invariants in debug.h). Compiled into cpyext_debug.node
 * only: in the release build (no CPX_DEBUG) this file is empty.
 *
 * Block states: MEMORY (allocated, not an object) -> LIVE_OBJECT (set up by
 * _cpx_new_reference, on the live list) -> DEAD_OBJECT (past _Py_Dealloc,
 * memory not yet freed) -> FREED (poisoned, in the quarantine). A block
 * leaves the quarantine in FIFO order, when it holds QUARANTINE_ENTRIES
 * blocks or QUARANTINE_BYTES bytes; only then does its memory go back to
 * the small-block allocator, after its poison has been checked.
 *
 * The live list is kept in creation order, and generations only grow, so
 * the objects of generation >= g are a suffix of it. The allocator relies
 * on the GIL, like the release one. */
#include <stdarg.h>
#include "internal.h"

#ifdef CPX_DEBUG

#define BLOCK_MAGIC ((uintptr_t)0x63627269646765ULL)
#define CLEAN_BYTE 0xCD /* fresh memory: reading it before writing shows */
#define DEAD_BYTE 0xDD  /* freed memory */
#define QUARANTINE_ENTRIES 4096
#define QUARANTINE_BYTES ((size_t)32 << 20)
/* Bigger blocks are neither filled nor quarantined: an extension may ask for
 * a huge buffer and touch little of it (the kernel maps pages lazily). */
#define BIG_BLOCK (QUARANTINE_BYTES / 8)
#define TYPE_NAME_MAX 80
#define MAX_WARNINGS 20

enum block_state { BLOCK_MEMORY = 1, BLOCK_LIVE_OBJECT, BLOCK_DEAD_OBJECT, BLOCK_FREED };
enum block_flags { BLOCK_GC_TRACKED = 1, BLOCK_KEPT = 2 };

typedef struct quarantine_entry quarantine_entry;

typedef struct debug_block {
    size_t size;         /* bytes asked for */
    uint64_t generation; /* when allocated, or when it became an object */
    union {
        struct { struct debug_block *prev, *next; } live; /* LIVE_OBJECT */
        quarantine_entry *freed;                          /* FREED */
    } u;
    uint32_t state;
    uint32_t flags;
    uintptr_t magic; /* BLOCK_MAGIC ^ its own address: the header is ours */
} debug_block;

_Static_assert(sizeof(debug_block) % 16 == 0, "the header must keep blocks 16-byte aligned");

struct quarantine_entry {
    debug_block *block;
    uint64_t freed_in;               /* the generation current when it was freed */
    int was_object;
    char type_name[TYPE_NAME_MAX];   /* an object's type when it was freed */
};

static uint64_t generation;
static debug_block *live_first, *live_last;
static quarantine_entry quarantine[QUARANTINE_ENTRIES];
static size_t quarantine_oldest, quarantine_count, quarantine_bytes;
static int warnings_shown;

static _Py_NO_RETURN void fatal(const char *func, const char *fmt, ...) {
    char message[1024];
    va_list va;
    va_start(va, fmt);
    vsnprintf(message, sizeof message, fmt, va);
    va_end(va);
    _Py_FatalErrorFunc(func, message);
}

static inline debug_block *header_of(const void *ptr) { return (debug_block *)ptr - 1; }

/* ptr's header if ptr came from the debug allocator (and was not released
 * from the quarantine since), else NULL. */
static debug_block *block_if_ours(const void *ptr) {
    debug_block *b = header_of(ptr);
    return b->magic == (BLOCK_MAGIC ^ (uintptr_t)b) ? b : NULL;
}

/* "a 'list' object at 0x.. (allocated in generation 2, freed in generation 3)" */
static const char *describe(const void *ptr, char *buf, size_t n) {
    debug_block *b = block_if_ours(ptr);
    if (b == NULL) {
        snprintf(buf, n, "an object at %p (not from the debug allocator)", ptr);
    } else if (b->state == BLOCK_FREED) {
        quarantine_entry *e = b->u.freed;
        if (e->was_object)
            snprintf(buf, n, "a freed '%s' object at %p (allocated in generation %llu, freed in generation %llu)",
                     e->type_name, ptr, (unsigned long long)b->generation, (unsigned long long)e->freed_in);
        else
            snprintf(buf, n, "a freed block of %zu bytes at %p (allocated in generation %llu, freed in generation %llu)",
                     b->size, ptr, (unsigned long long)b->generation, (unsigned long long)e->freed_in);
    } else if (b->state == BLOCK_MEMORY) {
        snprintf(buf, n, "a block of %zu bytes at %p (allocated in generation %llu)", b->size, ptr,
                 (unsigned long long)b->generation);
    } else {
        const PyTypeObject *tp = Py_TYPE((PyObject *)ptr);
        snprintf(buf, n, "a '%.80s' object at %p (allocated in generation %llu)", tp ? tp->tp_name : "?", ptr,
                 (unsigned long long)b->generation);
    }
    return buf;
}

/* ---------------- the live list ---------------- */

static void live_append(debug_block *b) {
    b->u.live.prev = live_last;
    b->u.live.next = NULL;
    if (live_last != NULL) live_last->u.live.next = b;
    else live_first = b;
    live_last = b;
}

static void live_unlink(debug_block *b) {
    if (b->u.live.prev != NULL) b->u.live.prev->u.live.next = b->u.live.next;
    else live_first = b->u.live.next;
    if (b->u.live.next != NULL) b->u.live.next->u.live.prev = b->u.live.prev;
    else live_last = b->u.live.prev;
}

/* `moved` takes `old`'s place in the list (an object moved by realloc). */
static void live_replace(debug_block *old, debug_block *moved) {
    moved->u.live = old->u.live;
    if (moved->u.live.prev != NULL) moved->u.live.prev->u.live.next = moved;
    else live_first = moved;
    if (moved->u.live.next != NULL) moved->u.live.next->u.live.prev = moved;
    else live_last = moved;
}

/* ---------------- the quarantine ---------------- */

/* The first byte of [p, p + n) that is not DEAD_BYTE, or n. */
static size_t first_written(const unsigned char *p, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (p[i] != DEAD_BYTE) return i;
    return n;
}

/* A block leaving the quarantine must be as it was poisoned. */
static void check_poison(quarantine_entry *e) {
    debug_block *b = e->block;
    unsigned char *p = (unsigned char *)(b + 1);
    size_t from = 0;
    char what[256];
    if (e->was_object) {
        PyObject *op = (PyObject *)p;
        if (op->ob_type != &_cpx_FreedObject_Type || op->ob_refcnt != 1)
            fatal("cbridge debug", "%s had its %s changed after it was freed (a Py_INCREF/Py_DECREF or write through a stale pointer)",
                  describe(p, what, sizeof what), op->ob_type != &_cpx_FreedObject_Type ? "type" : "reference count");
        from = sizeof(PyObject);
    }
    size_t at = from + first_written(p + from, b->size - from);
    if (at < b->size)
        fatal("cbridge debug", "%s was written to after it was freed (byte %zu of %zu)", describe(p, what, sizeof what), at,
              b->size);
}

static void quarantine_release_oldest(void) {
    quarantine_entry *e = &quarantine[quarantine_oldest];
    check_poison(e);
    debug_block *b = e->block;
    quarantine_oldest = (quarantine_oldest + 1) % QUARANTINE_ENTRIES;
    quarantine_count--;
    quarantine_bytes -= b->size;
    b->magic = 0;
    _cpx_pool_free(b);
}

/* Poison a block that is being freed and keep it in the quarantine; an
 * object's type becomes the freed-object type. type_name: NULL for memory
 * that was not an object. */
static void quarantine_add(debug_block *b, const char *type_name) {
    PyObject *op = (PyObject *)(b + 1);
    if (b->size > BIG_BLOCK) {
        b->magic = 0;
        _cpx_pool_free(b);
        return;
    }
    memset(op, DEAD_BYTE, b->size);
    b->state = BLOCK_FREED;
    b->flags = 0;
    if (type_name != NULL) {
        op->ob_refcnt = 1; /* one Py_DECREF too many reaches _Py_Dealloc */
        op->ob_type = &_cpx_FreedObject_Type;
    }
    while (quarantine_count == QUARANTINE_ENTRIES || (quarantine_count > 0 && quarantine_bytes + b->size > QUARANTINE_BYTES))
        quarantine_release_oldest();
    quarantine_entry *e = &quarantine[(quarantine_oldest + quarantine_count) % QUARANTINE_ENTRIES];
    e->block = b;
    e->freed_in = generation;
    e->was_object = type_name != NULL;
    snprintf(e->type_name, sizeof e->type_name, "%s", type_name != NULL ? type_name : "");
    b->u.freed = e;
    quarantine_count++;
    quarantine_bytes += b->size;
}

/* ---------------- the allocator ---------------- */

/* ptr's header, which must be a live block of ours. */
static debug_block *owned_block(void *ptr, const char *func) {
    debug_block *b = block_if_ours(ptr);
    char what[256];
    if (b == NULL)
        fatal(func, "%p was not allocated by PyMem_Malloc/PyObject_Malloc (or was freed long ago)", ptr);
    if (b->state == BLOCK_FREED) fatal(func, "%s is freed a second time", describe(ptr, what, sizeof what));
    return b;
}

static void warn_gc_tracked(PyObject *op) {
    char what[256];
    if (warnings_shown >= MAX_WARNINGS) return;
    fprintf(stderr,
            "cbridge debug: ResourceWarning: %s is freed while still tracked by the garbage collector "
            "(its tp_dealloc must call PyObject_GC_UnTrack first)%s\n",
            describe(op, what, sizeof what), ++warnings_shown == MAX_WARNINGS ? "; further warnings are not shown" : "");
}

/* Free a block of ours (not yet freed) into the quarantine. */
static void release_block(debug_block *b) {
    PyObject *op = (PyObject *)(b + 1);
    int is_object = (b->state == BLOCK_LIVE_OBJECT || b->state == BLOCK_DEAD_OBJECT) && b->size >= sizeof(PyObject);
    /* An object freed without _Py_Dealloc: a constructor giving up on it. */
    if (b->state == BLOCK_LIVE_OBJECT) live_unlink(b);
    if (b->flags & BLOCK_GC_TRACKED) warn_gc_tracked(op);
    quarantine_add(b, is_object ? (Py_TYPE(op) != NULL ? Py_TYPE(op)->tp_name : "?") : NULL);
}

/* The pointer handed out for a fresh block b of `size` bytes. */
static void *init_block(debug_block *b, size_t size) {
    b->size = size;
    b->generation = generation;
    b->u.live.prev = b->u.live.next = NULL;
    b->state = BLOCK_MEMORY;
    b->flags = 0;
    b->magic = BLOCK_MAGIC ^ (uintptr_t)b;
    return b + 1;
}

void *_cpx_debug_malloc(size_t size) {
    if (size > (size_t)PY_SSIZE_T_MAX - sizeof(debug_block)) return NULL;
    debug_block *b = _cpx_pool_malloc(sizeof(debug_block) + size);
    if (b == NULL) return NULL;
    if (size <= BIG_BLOCK) memset(b + 1, CLEAN_BYTE, size);
    return init_block(b, size);
}

void *_cpx_debug_calloc(size_t nelem, size_t elsize) {
    if (elsize != 0 && nelem > (size_t)PY_SSIZE_T_MAX / elsize) return NULL;
    size_t size = nelem * elsize;
    if (size > (size_t)PY_SSIZE_T_MAX - sizeof(debug_block)) return NULL;
    debug_block *b = _cpx_pool_calloc(sizeof(debug_block) + size); /* big ones stay lazily mapped */
    return b == NULL ? NULL : init_block(b, size);
}

/* Always moves, so a pointer kept across a realloc is caught as a use after free. */
void *_cpx_debug_realloc(void *ptr, size_t size) {
    if (ptr == NULL) return _cpx_debug_malloc(size);
    debug_block *old = owned_block(ptr, "PyObject_Realloc");
    void *moved = _cpx_debug_malloc(size);
    if (moved == NULL) return NULL;
    debug_block *b = header_of(moved);
    memcpy(moved, ptr, old->size < size ? old->size : size);
    b->generation = old->generation;
    b->flags = old->flags;
    old->flags = 0;
    if (old->state == BLOCK_LIVE_OBJECT) {
        live_replace(old, b);
        b->state = BLOCK_LIVE_OBJECT;
        old->state = BLOCK_DEAD_OBJECT; /* the old copy is freed as an object */
    } else {
        b->state = old->state;
    }
    release_block(old);
    return moved;
}

void _cpx_debug_free(void *ptr) {
    if (ptr == NULL) return;
    release_block(owned_block(ptr, "PyObject_Free"));
}

/* ---------------- object hooks ---------------- */

void _cpx_debug_track(PyObject *op) {
    debug_block *b = block_if_ours(op);
    char what[256];
    if (b == NULL) return;
    if (b->state == BLOCK_FREED) fatal("_Py_NewReference", "%s is set up as a new object", describe(op, what, sizeof what));
    if (b->state == BLOCK_LIVE_OBJECT) live_unlink(b);
    b->state = BLOCK_LIVE_OBJECT;
    b->generation = generation;
    live_append(b);
}

void _cpx_debug_dealloc(PyObject *op) {
    char what[256];
    if (Py_TYPE(op) == &_cpx_FreedObject_Type)
        fatal("_Py_Dealloc",
              "%s is deallocated again: a reference to it was released once too often "
              "(a Py_DECREF too many, or a borrowed reference released)",
              describe(op, what, sizeof what));
    if (op->ob_refcnt < 0)
        fatal("_Py_Dealloc", "%s has a negative reference count (%zd)", describe(op, what, sizeof what), op->ob_refcnt);
    debug_block *b = block_if_ours(op);
    if (b != NULL && b->state == BLOCK_LIVE_OBJECT) {
        live_unlink(b);
        b->state = BLOCK_DEAD_OBJECT;
    }
}

void _cpx_debug_negative_refcount(PyObject *op) {
    char what[256];
    fatal("Py_DECREF", "%s has a negative reference count (%zd): a reference to it was released once too often",
          describe(op, what, sizeof what), op->ob_refcnt);
}

void _cpx_debug_gc_track(PyObject *op, int tracked) {
    debug_block *b = block_if_ours(op);
    char what[256];
    if (b == NULL) return;
    if (b->state == BLOCK_FREED)
        fatal(tracked ? "PyObject_GC_Track" : "PyObject_GC_UnTrack", "use after free: %s", describe(op, what, sizeof what));
    if (tracked && (b->flags & BLOCK_GC_TRACKED))
        fatal("PyObject_GC_Track", "%s is already tracked by the garbage collector", describe(op, what, sizeof what));
    if (tracked) b->flags |= BLOCK_GC_TRACKED;
    else b->flags &= ~(uint32_t)BLOCK_GC_TRACKED;
}

/* ---------------- roots of the module-owned walk ---------------- */

static PyTypeObject **static_types;
static size_t static_type_count, static_type_capacity;

void _cpx_debug_static_type(PyTypeObject *type) {
    if (static_type_count == static_type_capacity) {
        size_t capacity = static_type_capacity ? static_type_capacity * 2 : 256;
        PyTypeObject **grown = realloc(static_types, capacity * sizeof(PyTypeObject *));
        if (grown == NULL) return; /* only the leak report's precision suffers */
        static_types = grown;
        static_type_capacity = capacity;
    }
    static_types[static_type_count++] = type;
}

void _cpx_debug_keep(PyObject *op) {
    debug_block *b = block_if_ours(op);
    if (b != NULL && b->state == BLOCK_LIVE_OBJECT) b->flags |= BLOCK_KEPT;
}

void _cpx_debug_visit_roots(int (*visit)(PyObject *op, void *arg), void *arg) {
    visit(PyImport_GetModuleDict(), arg);
    visit(_cpx_tstate()->dict, arg); /* the thread's dict (Py_ReprEnter's guard list) */
    for (size_t i = 0; i < static_type_count; i++) visit((PyObject *)static_types[i], arg);
    for (debug_block *b = live_first; b != NULL; b = b->u.live.next)
        if ((b->flags & BLOCK_KEPT) || PyModule_Check((PyObject *)(b + 1))) visit((PyObject *)(b + 1), arg);
}

/* ---------------- generations ---------------- */

uint64_t _cpx_debug_new_generation(void) { return ++generation; }

int _cpx_debug_visit_live(uint64_t since, const cpx_object_set *except, cpx_live_visitor visit, void *arg) {
    debug_block *first = live_last;
    if (first == NULL || first->generation < since) return 0;
    while (first->u.live.prev != NULL && first->u.live.prev->generation >= since) first = first->u.live.prev;
    for (debug_block *b = first; b != NULL; b = b->u.live.next) {
        PyObject *op = (PyObject *)(b + 1);
        if (op->ob_refcnt >= CPX_IMMORTAL_REFCNT / 2) continue; /* made immortal: interned, cached for good */
        if (except != NULL && _cpx_object_set_has(except, op)) continue;
        int rc = visit(op, b->generation, arg);
        if (rc != 0) return rc;
    }
    return 0;
}

/* ---------------- the freed-object type ----------------
 * Every slot is a fatal error naming the object that was freed; a binary
 * slot names whichever operand is the freed one. */

static _Py_NO_RETURN void use_after_free(PyObject *op, const char *operation) {
    char what[256];
    fatal("cbridge debug", "use after free: %s of %s", operation, describe(op, what, sizeof what));
}

static PyObject *freed_operand(PyObject *a, PyObject *b) {
    return a != NULL && Py_TYPE(a) == &_cpx_FreedObject_Type ? a : b;
}

static void freed_dealloc(PyObject *op) { use_after_free(op, "tp_dealloc"); }
static PyObject *freed_repr(PyObject *op) { use_after_free(op, "repr()"); }
static PyObject *freed_str(PyObject *op) { use_after_free(op, "str()"); }
static Py_hash_t freed_hash(PyObject *op) { use_after_free(op, "hash()"); }
static PyObject *freed_call(PyObject *op, PyObject *args, PyObject *kw) { use_after_free(op, "a call"); }
static PyObject *freed_getattr(PyObject *op, PyObject *name) { use_after_free(op, "getting an attribute"); }
static int freed_setattr(PyObject *op, PyObject *name, PyObject *v) { use_after_free(op, "setting an attribute"); }
static PyObject *freed_richcompare(PyObject *a, PyObject *b, int cmp) {
    use_after_free(freed_operand(a, b), "a comparison");
}
static PyObject *freed_iter(PyObject *op) { use_after_free(op, "iter()"); }
static PyObject *freed_iternext(PyObject *op) { use_after_free(op, "next()"); }
static PyObject *freed_unary(PyObject *op) { use_after_free(op, "a unary number operation"); }
static PyObject *freed_binary(PyObject *a, PyObject *b) { use_after_free(freed_operand(a, b), "a binary operation"); }
static PyObject *freed_ternary(PyObject *a, PyObject *b, PyObject *c) {
    use_after_free(freed_operand(freed_operand(a, b), c), "pow()");
}
static int freed_bool(PyObject *op) { use_after_free(op, "truth testing"); }
static Py_ssize_t freed_len(PyObject *op) { use_after_free(op, "len()"); }
static PyObject *freed_item(PyObject *op, Py_ssize_t i) { use_after_free(op, "indexing"); }
static int freed_contains(PyObject *op, PyObject *v) { use_after_free(op, "a containment test"); }
static PyObject *freed_subscript(PyObject *op, PyObject *key) { use_after_free(op, "subscripting"); }
static int freed_ass_subscript(PyObject *op, PyObject *key, PyObject *v) { use_after_free(op, "item assignment"); }
static int freed_getbuffer(PyObject *op, Py_buffer *view, int flags) { use_after_free(op, "the buffer protocol"); }

static PyNumberMethods freed_as_number = {
    .nb_add = freed_binary, .nb_subtract = freed_binary, .nb_multiply = freed_binary,
    .nb_remainder = freed_binary, .nb_divmod = freed_binary, .nb_power = freed_ternary,
    .nb_negative = freed_unary, .nb_positive = freed_unary, .nb_absolute = freed_unary,
    .nb_bool = freed_bool, .nb_invert = freed_unary, .nb_lshift = freed_binary,
    .nb_rshift = freed_binary, .nb_and = freed_binary, .nb_xor = freed_binary,
    .nb_or = freed_binary, .nb_int = freed_unary, .nb_float = freed_unary,
    .nb_floor_divide = freed_binary, .nb_true_divide = freed_binary, .nb_index = freed_unary,
    .nb_matrix_multiply = freed_binary,
};

static PySequenceMethods freed_as_sequence = {
    .sq_length = freed_len, .sq_concat = freed_binary, .sq_item = freed_item, .sq_contains = freed_contains,
};

static PyMappingMethods freed_as_mapping = {
    .mp_length = freed_len, .mp_subscript = freed_subscript, .mp_ass_subscript = freed_ass_subscript,
};

static PyBufferProcs freed_as_buffer = {.bf_getbuffer = freed_getbuffer};

PyTypeObject _cpx_FreedObject_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "cbridge.freed_object",
    .tp_basicsize = sizeof(PyObject),
    .tp_dealloc = freed_dealloc,
    .tp_repr = freed_repr,
    .tp_as_number = &freed_as_number,
    .tp_as_sequence = &freed_as_sequence,
    .tp_as_mapping = &freed_as_mapping,
    .tp_hash = freed_hash,
    .tp_call = freed_call,
    .tp_str = freed_str,
    .tp_getattro = freed_getattr,
    .tp_setattro = freed_setattr,
    .tp_as_buffer = &freed_as_buffer,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "What a freed object's type becomes in the debug shim: every use is a fatal error.",
    .tp_richcompare = freed_richcompare,
    .tp_iter = freed_iter,
    .tp_iternext = freed_iternext,
};

int _cpx_init_debug(void) {
    if (PyType_Ready(&_cpx_FreedObject_Type) < 0) return -1;
    _cpx_immortal((PyObject *)&_cpx_FreedObject_Type);
    return 0;
}

#endif
