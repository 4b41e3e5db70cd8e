/* setobject.c: set and frozenset (PySet_Type, PyFrozenSet_Type), their
 * C API, and the set iterator (PySetIter_Type). The Python-level methods
 * and operators live in set_methods.c.
 *
 * Table: open addressing over `table` (the inline smalltable while mask is
 * 7, else a PyMem block), probed like CPython 3.11 (short linear runs, then
 * perturbed jumps), so sets of ints iterate in the same order as CPython's.
 * A slot is unused (key NULL, hash 0), a dummy left by a removal (key ==
 * &dummy_struct, hash -1), or active. `used` counts active slots exactly
 * (PySet_GET_SIZE reads it) and `fill` active + dummy; fill*5 < mask*3
 * after every insertion, so probes always end.
 *
 * References: each active slot owns one reference to its key. Functions
 * that compare keys (which can run Python code) restart their probe when
 * the table changed under them; a slot is emptied before the reference it
 * held is released. _PySet_NextEntry returns borrowed keys. */
#include "set_internal.h"

static PyObject dummy_struct = {1, &PyBaseObject_Type};
#define dummy (&dummy_struct)
#define LINEAR_PROBES 9
#define PERTURB_SHIFT 5

/* ---- table primitives ---- */

static inline int keys_equal_fast(PyObject *a, PyObject *b) {
    return PyUnicode_CheckExact(a) && PyUnicode_CheckExact(b) && _PyUnicode_Equal(a, b);
}

/* The slot holding `key`, or the unused slot ending its probe; NULL on error. */
static setentry *set_lookkey(PySetObject *so, PyObject *key, Py_hash_t hash) {
restart:;
    setentry *table = so->table;
    size_t mask = (size_t)so->mask, perturb = (size_t)hash, i = (size_t)hash & mask;
    for (;;) {
        setentry *entry = &table[i];
        int probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
        do {
            if (entry->hash == 0 && entry->key == NULL) return entry;
            if (entry->hash == hash) {
                PyObject *startkey = entry->key;
                if (startkey == key || keys_equal_fast(startkey, key)) return entry;
                Py_INCREF(startkey);
                int cmp = PyObject_RichCompareBool(startkey, key, Py_EQ);
                Py_DECREF(startkey);
                if (cmp < 0) return NULL;
                if (table != so->table || entry->key != startkey) goto restart;
                if (cmp > 0) return entry;
                mask = (size_t)so->mask;
            }
            entry++;
        } while (probes--);
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
}

/* Put a key known to be absent into a table without dummies. */
static void set_insert_clean(setentry *table, size_t mask, PyObject *key, Py_hash_t hash) {
    size_t perturb = (size_t)hash, i = (size_t)hash & mask;
    for (;;) {
        setentry *entry = &table[i];
        if (entry->key == NULL) goto found;
        if (i + LINEAR_PROBES <= mask) {
            for (int j = 0; j < LINEAR_PROBES; j++) {
                entry++;
                if (entry->key == NULL) goto found;
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
        continue;
    found:
        entry->key = key;
        entry->hash = hash;
        return;
    }
}

/* Rebuild the table with more than `minused` slots, dropping dummies. */
int _cpx_set_table_resize(PySetObject *so, Py_ssize_t minused) {
    size_t newsize = PySet_MINSIZE;
    while (newsize <= (size_t)minused) newsize <<= 1;
    setentry *oldtable = so->table, small_copy[PySet_MINSIZE], *newtable;
    int old_malloced = oldtable != so->smalltable;
    if (newsize == PySet_MINSIZE) {
        newtable = so->smalltable;
        if (newtable == oldtable) {
            if (so->fill == so->used) return 0; /* no dummies to drop */
            memcpy(small_copy, oldtable, sizeof(small_copy));
            oldtable = small_copy;
        }
    } else {
        if (newsize > (size_t)PY_SSIZE_T_MAX / sizeof(setentry)) {
            PyErr_NoMemory();
            return -1;
        }
        newtable = PyMem_Malloc(newsize * sizeof(setentry));
        if (newtable == NULL) {
            PyErr_NoMemory();
            return -1;
        }
    }
    size_t oldmask = (size_t)so->mask;
    memset(newtable, 0, newsize * sizeof(setentry));
    so->mask = (Py_ssize_t)newsize - 1;
    so->table = newtable;
    for (size_t i = 0; i <= oldmask; i++) {
        setentry *e = &oldtable[i];
        if (e->key != NULL && e->key != dummy) set_insert_clean(newtable, newsize - 1, e->key, e->hash);
    }
    so->fill = so->used;
    if (old_malloced) PyMem_Free(oldtable);
    return 0;
}

int _cpx_set_add_entry(PySetObject *so, PyObject *key, Py_hash_t hash) {
    Py_INCREF(key);
restart:;
    setentry *freeslot = NULL, *entry;
    size_t mask = (size_t)so->mask, perturb = (size_t)hash, i = (size_t)hash & mask;
    for (;;) {
        entry = &so->table[i];
        int probes = (i + LINEAR_PROBES <= mask) ? LINEAR_PROBES : 0;
        do {
            if (entry->hash == 0 && entry->key == NULL) goto found_unused;
            if (entry->hash == hash) {
                PyObject *startkey = entry->key;
                if (startkey == key || keys_equal_fast(startkey, key)) goto found_active;
                setentry *table = so->table;
                Py_INCREF(startkey);
                int cmp = PyObject_RichCompareBool(startkey, key, Py_EQ);
                Py_DECREF(startkey);
                if (cmp > 0) goto found_active;
                if (cmp < 0) {
                    Py_DECREF(key);
                    return -1;
                }
                if (table != so->table || entry->key != startkey) goto restart;
                mask = (size_t)so->mask;
            } else if (entry->hash == -1) {
                freeslot = entry; /* the last dummy on the probe path */
            }
            entry++;
        } while (probes--);
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + 1 + perturb) & mask;
    }
found_unused:
    if (freeslot != NULL) {
        so->used++;
        freeslot->key = key;
        freeslot->hash = hash;
        return 0;
    }
    so->fill++;
    so->used++;
    entry->key = key;
    entry->hash = hash;
    if ((size_t)so->fill * 5 < mask * 3) return 0;
    return _cpx_set_table_resize(so, so->used > 50000 ? so->used * 2 : so->used * 4);
found_active:
    Py_DECREF(key);
    return 0;
}

int _cpx_set_add_key(PySetObject *so, PyObject *key) {
    Py_hash_t hash = PyObject_Hash(key);
    if (hash == -1) return -1;
    return _cpx_set_add_entry(so, key, hash);
}

int _cpx_set_contains_entry(PySetObject *so, PyObject *key, Py_hash_t hash) {
    setentry *entry = set_lookkey(so, key, hash);
    if (entry == NULL) return -1;
    return entry->key != NULL;
}

int _cpx_set_contains_key(PySetObject *so, PyObject *key) {
    Py_hash_t hash = PyObject_Hash(key);
    if (hash == -1) return -1;
    return _cpx_set_contains_entry(so, key, hash);
}

int _cpx_set_discard_entry(PySetObject *so, PyObject *key, Py_hash_t hash) {
    setentry *entry = set_lookkey(so, key, hash);
    if (entry == NULL) return -1;
    if (entry->key == NULL) return DISCARD_NOTFOUND;
    PyObject *old = entry->key;
    entry->key = dummy;
    entry->hash = -1;
    so->used--;
    Py_DECREF(old);
    return DISCARD_FOUND;
}

int _cpx_set_discard_key(PySetObject *so, PyObject *key) {
    Py_hash_t hash = PyObject_Hash(key);
    if (hash == -1) return -1;
    return _cpx_set_discard_entry(so, key, hash);
}

/* Empty the set (back to the small table), then release the keys. */
int _cpx_set_clear_internal(PySetObject *so) {
    setentry *table = so->table, small_copy[PySet_MINSIZE];
    Py_ssize_t fill = so->fill;
    size_t n = (size_t)so->mask + 1;
    int malloced = table != so->smalltable;
    if (fill == 0) return 0;
    if (!malloced) {
        memcpy(small_copy, table, sizeof(small_copy));
        table = small_copy;
    }
    memset(so->smalltable, 0, sizeof(so->smalltable));
    so->table = so->smalltable;
    so->fill = so->used = 0;
    so->mask = PySet_MINSIZE - 1;
    so->hash = -1;
    for (size_t i = 0; i < n; i++)
        if (table[i].key != NULL && table[i].key != dummy) Py_DECREF(table[i].key);
    if (malloced) PyMem_Free(table);
    return 0;
}

int _cpx_set_next(PySetObject *so, Py_ssize_t *pos, setentry **entry_ptr) {
    Py_ssize_t i = *pos;
    if (i < 0) return 0;
    while (i <= so->mask && (so->table[i].key == NULL || so->table[i].key == dummy)) i++;
    *pos = i + 1;
    if (i > so->mask) return 0;
    *entry_ptr = &so->table[i];
    return 1;
}

/* Add every key of the set `other` to `so`. */
static int set_merge(PySetObject *so, PySetObject *other) {
    if (other == so || other->used == 0) return 0;
    if ((size_t)(so->fill + other->used) * 5 >= (size_t)so->mask * 3 &&
        _cpx_set_table_resize(so, (so->used + other->used) * 2) < 0)
        return -1;
    setentry *src = other->table;
    if (so->fill == 0 && so->mask == other->mask && other->fill == other->used) {
        /* Same size, no dummies: copy slot for slot. */
        for (Py_ssize_t i = 0; i <= other->mask; i++) {
            if (src[i].key == NULL) continue;
            so->table[i].key = Py_NewRef(src[i].key);
            so->table[i].hash = src[i].hash;
        }
        so->fill = other->fill;
        so->used = other->used;
        return 0;
    }
    if (so->fill == 0) {
        so->fill = so->used = other->used;
        for (Py_ssize_t i = 0; i <= other->mask; i++)
            if (src[i].key != NULL && src[i].key != dummy)
                set_insert_clean(so->table, (size_t)so->mask, Py_NewRef(src[i].key), src[i].hash);
        return 0;
    }
    for (Py_ssize_t i = 0; i <= other->mask; i++) {
        setentry *e = &other->table[i];
        if (e->key != NULL && e->key != dummy && _cpx_set_add_entry(so, e->key, e->hash) < 0) return -1;
    }
    return 0;
}

int _cpx_set_update_internal(PySetObject *so, PyObject *other) {
    if (PyAnySet_Check(other)) return set_merge(so, (PySetObject *)other);
    if (PyDict_CheckExact(other)) {
        Py_ssize_t n = PyDict_GET_SIZE(other), pos = 0;
        if ((size_t)(so->fill + n) * 5 >= (size_t)so->mask * 3 &&
            _cpx_set_table_resize(so, (so->used + n) * 2) < 0)
            return -1;
        PyObject *key, *value;
        Py_hash_t hash;
        while (_PyDict_Next(other, &pos, &key, &value, &hash))
            if (_cpx_set_add_entry(so, key, hash) < 0) return -1;
        return 0;
    }
    PyObject *it = PyObject_GetIter(other), *key;
    if (it == NULL) return -1;
    while ((key = PyIter_Next(it)) != NULL) {
        int rc = _cpx_set_add_key(so, key);
        Py_DECREF(key);
        if (rc < 0) {
            Py_DECREF(it);
            return -1;
        }
    }
    Py_DECREF(it);
    return PyErr_Occurred() ? -1 : 0;
}

PyObject *_cpx_make_new_set(PyTypeObject *type, PyObject *iterable) {
    PySetObject *so;
    if (type == &PySet_Type || type == &PyFrozenSet_Type) {
        so = PyObject_Malloc(sizeof(PySetObject));
        if (so == NULL) return PyErr_NoMemory();
        _cpx_setup_object((PyObject *)so, type);
    } else {
        so = (PySetObject *)type->tp_alloc(type, 0);
        if (so == NULL) return NULL;
    }
    so->fill = so->used = 0;
    so->mask = PySet_MINSIZE - 1;
    so->table = so->smalltable;
    so->hash = -1;
    so->finger = 0;
    so->weakreflist = NULL;
    memset(so->smalltable, 0, sizeof(so->smalltable));
    if (iterable != NULL && _cpx_set_update_internal(so, iterable) < 0) {
        Py_DECREF(so);
        return NULL;
    }
    return (PyObject *)so;
}

/* A new set/frozenset of the built-in base of `type`. */
PyObject *_cpx_make_new_set_basetype(PyTypeObject *type, PyObject *iterable) {
    if (type != &PySet_Type && type != &PyFrozenSet_Type)
        type = PyType_IsSubtype(type, &PySet_Type) ? &PySet_Type : &PyFrozenSet_Type;
    return _cpx_make_new_set(type, iterable);
}

PyObject *_cpx_set_pop(PySetObject *so) {
    if (so->used == 0) {
        PyErr_SetString(PyExc_KeyError, "pop from an empty set");
        return NULL;
    }
    setentry *entry = so->table + (so->finger & so->mask), *limit = so->table + so->mask;
    while (entry->key == NULL || entry->key == dummy) {
        entry++;
        if (entry > limit) entry = so->table;
    }
    PyObject *key = entry->key;
    entry->key = dummy;
    entry->hash = -1;
    so->used--;
    so->finger = entry - so->table + 1;
    return key;
}

/* ---- C API ---- */

PyObject *PySet_New(PyObject *iterable) { return _cpx_make_new_set(&PySet_Type, iterable); }

PyObject *PyFrozenSet_New(PyObject *iterable) { return _cpx_make_new_set(&PyFrozenSet_Type, iterable); }

Py_ssize_t PySet_Size(PyObject *anyset) {
    if (!PyAnySet_Check(anyset)) {
        PyErr_BadInternalCall();
        return -1;
    }
    return PySet_GET_SIZE(anyset);
}

int PySet_Clear(PyObject *set) {
    if (!PySet_Check(set)) {
        PyErr_BadInternalCall();
        return -1;
    }
    return _cpx_set_clear_internal((PySetObject *)set);
}

int PySet_Contains(PyObject *anyset, PyObject *key) {
    if (!PyAnySet_Check(anyset)) {
        PyErr_BadInternalCall();
        return -1;
    }
    return _cpx_set_contains_key((PySetObject *)anyset, key);
}

int PySet_Discard(PyObject *set, PyObject *key) {
    if (!PySet_Check(set)) {
        PyErr_BadInternalCall();
        return -1;
    }
    return _cpx_set_discard_key((PySetObject *)set, key);
}

int PySet_Add(PyObject *anyset, PyObject *key) {
    /* A frozenset may be filled only while its creator holds the sole reference. */
    if (!PySet_Check(anyset) && (!PyFrozenSet_Check(anyset) || Py_REFCNT(anyset) != 1)) {
        PyErr_BadInternalCall();
        return -1;
    }
    return _cpx_set_add_key((PySetObject *)anyset, key);
}

int _PySet_NextEntry(PyObject *set, Py_ssize_t *pos, PyObject **key, Py_hash_t *hash) {
    if (!PyAnySet_Check(set)) {
        PyErr_BadInternalCall();
        return -1;
    }
    setentry *entry;
    if (_cpx_set_next((PySetObject *)set, pos, &entry) == 0) return 0;
    *key = entry->key;
    *hash = entry->hash;
    return 1;
}

PyObject *PySet_Pop(PyObject *set) {
    if (!PySet_Check(set)) {
        PyErr_BadInternalCall();
        return NULL;
    }
    return _cpx_set_pop((PySetObject *)set);
}

int _PySet_Update(PyObject *set, PyObject *iterable) {
    if (!PySet_Check(set)) {
        PyErr_BadInternalCall();
        return -1;
    }
    return _cpx_set_update_internal((PySetObject *)set, iterable);
}

/* ---- shared slots ---- */

void _cpx_set_dealloc(PyObject *op) {
    PySetObject *so = (PySetObject *)op;
    PyObject_GC_UnTrack(op);
    if (so->weakreflist != NULL) PyObject_ClearWeakRefs(op);
    for (Py_ssize_t i = 0; i <= so->mask; i++) {
        PyObject *key = so->table[i].key;
        if (key != NULL && key != dummy) Py_DECREF(key);
    }
    if (so->table != so->smalltable) PyMem_Free(so->table);
    Py_TYPE(op)->tp_free(op);
}

int _cpx_set_traverse(PyObject *op, visitproc visit, void *arg) {
    Py_ssize_t pos = 0;
    setentry *entry;
    while (_cpx_set_next((PySetObject *)op, &pos, &entry)) Py_VISIT(entry->key);
    return 0;
}

/* Scramble an entry hash so that xor-ing them spreads well (CPython 3.11). */
static Py_uhash_t shuffle_bits(Py_uhash_t h) { return ((h ^ 89869747UL) ^ (h << 16)) * 3644798167UL; }

Py_hash_t _cpx_frozenset_hash(PyObject *op) {
    PySetObject *so = (PySetObject *)op;
    if (so->hash != -1) return so->hash;
    Py_uhash_t hash = 0;
    for (Py_ssize_t i = 0; i <= so->mask; i++) {
        setentry *e = &so->table[i];
        if (e->key != NULL && e->key != dummy) hash ^= shuffle_bits((Py_uhash_t)e->hash);
    }
    hash ^= ((Py_uhash_t)so->used + 1) * 1927868237UL;
    hash ^= (hash >> 11) ^ (hash >> 25);
    hash = hash * 69069U + 907133923UL;
    if (hash == (Py_uhash_t)-1) hash = 590923713UL;
    so->hash = (Py_hash_t)hash;
    return so->hash;
}

/* ---- iterator: owns a reference to its set until exhausted ---- */

typedef struct {
    PyObject_HEAD
    PySetObject *si_set; /* owned; NULL once exhausted */
    Py_ssize_t si_used;
    Py_ssize_t si_pos;
    Py_ssize_t len;
} setiterobject;

PyObject *_cpx_set_iter(PyObject *op) {
    setiterobject *si = PyObject_Malloc(sizeof(setiterobject));
    if (si == NULL) return PyErr_NoMemory();
    _cpx_setup_object((PyObject *)si, &PySetIter_Type);
    si->si_set = (PySetObject *)Py_NewRef(op);
    si->si_used = si->len = ((PySetObject *)op)->used;
    si->si_pos = 0;
    return (PyObject *)si;
}

static void setiter_dealloc(PyObject *op) {
    Py_XDECREF(((setiterobject *)op)->si_set);
    PyObject_Free(op);
}

static int setiter_traverse(PyObject *op, visitproc visit, void *arg) {
    Py_VISIT(((setiterobject *)op)->si_set);
    return 0;
}

static PyObject *setiter_next(PyObject *op) {
    setiterobject *si = (setiterobject *)op;
    PySetObject *so = si->si_set;
    if (so == NULL) return NULL;
    if (si->si_used != so->used) {
        PyErr_SetString(PyExc_RuntimeError, "Set changed size during iteration");
        si->si_used = -1; /* keep failing */
        return NULL;
    }
    Py_ssize_t i = si->si_pos;
    while (i <= so->mask && (so->table[i].key == NULL || so->table[i].key == dummy)) i++;
    if (i > so->mask) {
        si->si_set = NULL;
        Py_DECREF(so);
        return NULL;
    }
    si->si_pos = i + 1;
    si->len--;
    return Py_NewRef(so->table[i].key);
}

static PyObject *setiter_len(PyObject *op, PyObject *Py_UNUSED(ignored)) {
    setiterobject *si = (setiterobject *)op;
    Py_ssize_t n = si->si_set != NULL && si->si_used == si->si_set->used ? si->len : 0;
    return PyLong_FromSsize_t(n);
}

static PyMethodDef setiter_methods[] = {
    {"__length_hint__", setiter_len, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

PyTypeObject PySetIter_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "set_iterator",
    .tp_basicsize = sizeof(setiterobject),
    .tp_dealloc = setiter_dealloc,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_traverse = setiter_traverse,
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = setiter_next,
    .tp_methods = setiter_methods,
};

int _cpx_init_set(void) {
    _cpx_immortal(dummy);
    if (PyType_Ready(&PySet_Type) < 0 || PyType_Ready(&PyFrozenSet_Type) < 0 ||
        PyType_Ready(&PySetIter_Type) < 0)
        return -1;
    return 0;
}
