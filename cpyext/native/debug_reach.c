/* debug_reach.c: what modules and static types keep alive, for the debug
 * shim's leak report (py.debug.leaks(since, {ignoreModules: true})). Empty
 * in the release build.
 *
 * Invariants:
 * - The walk starts at sys.modules, every live module (one replaced in
 *   sys.modules stays alive through PyState_FindModule's registry) and every
 *   static type PyType_Ready has seen, and follows what
 *   each object owns: dict keys and values, a module's dict, name and state
 *   (m_traverse), a type's dict, bases and names, a builtin function's self
 *   and module, a descriptor's type and names, an instance's __dict__, and
 *   whatever tp_traverse visits (containers, instances of extension types).
 * - It only reads: no object is created, freed or changes refcount, and its
 *   own memory is plain malloc, so it leaves generations untouched.
 * - An object reached is "owned by a loaded module" (or a static type):
 *   alive for as long as it, so not a leak of whoever created it. */
#include "internal.h"

#ifdef CPX_DEBUG

typedef struct {
    cpx_object_set *seen;
    PyObject **stack;
    size_t depth, capacity;
    int failed;
} walk_state;

static inline size_t slot_of(const PyObject *op, size_t mask) {
    return (size_t)(((uintptr_t)op >> 4) * 0x9E3779B97F4A7C15ULL) & mask;
}

int _cpx_object_set_has(const cpx_object_set *set, const PyObject *op) {
    if (set->slots == NULL) return 0;
    for (size_t i = slot_of(op, set->mask);; i = (i + 1) & set->mask) {
        if (set->slots[i] == op) return 1;
        if (set->slots[i] == NULL) return 0;
    }
}

/* Add op; 1 if it was new, 0 if already there, -1 out of memory. */
static int set_add(cpx_object_set *set, PyObject *op) {
    if ((set->used + 1) * 2 > set->mask + 1 || set->slots == NULL) {
        size_t capacity = set->slots == NULL ? 1024 : (set->mask + 1) * 2;
        PyObject **slots = calloc(capacity, sizeof(PyObject *));
        if (slots == NULL) return -1;
        for (size_t i = 0; set->slots != NULL && i <= set->mask; i++) {
            if (set->slots[i] == NULL) continue;
            size_t j = slot_of(set->slots[i], capacity - 1);
            while (slots[j] != NULL) j = (j + 1) & (capacity - 1);
            slots[j] = set->slots[i];
        }
        free(set->slots);
        set->slots = slots;
        set->mask = capacity - 1;
    }
    size_t i = slot_of(op, set->mask);
    for (; set->slots[i] != NULL; i = (i + 1) & set->mask)
        if (set->slots[i] == op) return 0;
    set->slots[i] = op;
    set->used++;
    return 1;
}

void _cpx_object_set_clear(cpx_object_set *set) {
    free(set->slots);
    set->slots = NULL;
    set->mask = set->used = 0;
}

/* A visitproc: remember op and schedule its children. */
static int reach(PyObject *op, void *arg) {
    walk_state *w = arg;
    if (op == NULL || w->failed) return 0;
    int added = set_add(w->seen, op);
    if (added <= 0) {
        w->failed |= added < 0;
        return 0;
    }
    if (w->depth == w->capacity) {
        size_t capacity = w->capacity ? w->capacity * 2 : 1024;
        PyObject **stack = realloc(w->stack, capacity * sizeof(PyObject *));
        if (stack == NULL) {
            w->failed = 1;
            return 0;
        }
        w->stack = stack;
        w->capacity = capacity;
    }
    w->stack[w->depth++] = op;
    return 0;
}

static int is_descriptor(PyObject *op) {
    PyTypeObject *tp = Py_TYPE(op);
    return tp == &PyMethodDescr_Type || tp == &PyClassMethodDescr_Type || tp == &PyGetSetDescr_Type ||
           tp == &PyMemberDescr_Type || tp == &PyWrapperDescr_Type;
}

/* Schedule everything op owns. */
static void reach_children(PyObject *op, walk_state *w) {
    PyTypeObject *tp = Py_TYPE(op);
    reach((PyObject *)tp, w);
    if (PyType_Check(op)) {
        PyTypeObject *type = (PyTypeObject *)op;
        reach(type->tp_dict, w);
        reach(type->tp_mro, w);
        reach(type->tp_bases, w);
        reach((PyObject *)type->tp_base, w);
        if (type->tp_flags & Py_TPFLAGS_HEAPTYPE) {
            PyHeapTypeObject *ht = (PyHeapTypeObject *)type;
            reach(ht->ht_name, w);
            reach(ht->ht_qualname, w);
            reach(ht->ht_slots, w);
            reach(ht->ht_module, w);
        }
        return;
    }
    if (PyModule_Check(op)) {
        PyModuleObject *m = (PyModuleObject *)op;
        reach(m->md_dict, w);
        reach(m->md_name, w);
        if (m->md_def != NULL && m->md_def->m_traverse != NULL && (m->md_def->m_size <= 0 || m->md_state != NULL))
            m->md_def->m_traverse(op, reach, w);
        return;
    }
    if (PyDict_Check(op)) { /* keys too: tp_traverse may skip str keys */
        Py_ssize_t pos = 0;
        PyObject *key, *value;
        while (PyDict_Next(op, &pos, &key, &value)) {
            reach(key, w);
            reach(value, w);
        }
    } else if (PyCFunction_Check(op)) {
        PyCFunctionObject *f = (PyCFunctionObject *)op;
        reach(f->m_self, w);
        reach(f->m_module, w);
        reach((PyObject *)PyCFunction_GET_CLASS(op), w);
    } else if (is_descriptor(op)) {
        PyDescrObject *d = (PyDescrObject *)op;
        reach((PyObject *)d->d_type, w);
        reach(d->d_name, w);
        reach(d->d_qualname, w);
    }
    if (tp->tp_traverse != NULL) tp->tp_traverse(op, reach, w);
    if (tp->tp_dictoffset > 0) reach(*(PyObject **)((char *)op + tp->tp_dictoffset), w);
}

int _cpx_debug_module_owned(cpx_object_set *set) {
    walk_state w = {set, NULL, 0, 0, 0};
    _cpx_debug_visit_roots(reach, &w);
    while (w.depth > 0 && !w.failed) reach_children(w.stack[--w.depth], &w);
    free(w.stack);
    return w.failed ? -1 : 0;
}

#endif
