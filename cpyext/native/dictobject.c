/* dictobject.c: the dict table, the PyDict_* C API and the dict iterators.
 * PyDict_Type's slots and methods live in dict_type.c, the views
 * (keys/values/items) and mappingproxy in dict_views.c.
 *
 * Table: `struct _dictkeysobject` is one block holding an array of entries
 * in insertion order followed by an open-addressing index table (slot ->
 * entry number, or EMPTY / DUMMY). A deleted entry keeps its place with key
 * and value NULL; entries are compacted only when the table is rebuilt
 * (resize), which preserves order. Every dict has its own table, except that
 * empty dicts share the static `empty_keys` (size 0, never written); a NULL
 * ma_keys (a subclass instance allocated without tp_new) means the same.
 *
 * References: a live entry owns one reference to its key and one to its
 * value. PyDict_SetItem does not steal; PyDict_GetItem*, PyDict_SetDefault
 * and PyDict_Next return borrowed references; Keys/Values/Items/Copy/_Pop
 * return new ones. ma_used counts live entries exactly and ma_version_tag
 * changes on every mutation. Any call that can run Python code (__eq__,
 * __hash__, a decref) happens when the table is consistent, and lookups
 * start again if a comparison changed the table under them. */
#include "containers.h"

typedef struct {
    Py_hash_t hash;
    PyObject *key;   /* NULL: deleted entry */
    PyObject *value; /* NULL iff key is NULL */
} dictentry;

struct _dictkeysobject {
    Py_ssize_t size;     /* index slots: 0 or a power of two >= 8 */
    Py_ssize_t capacity; /* entries allocated: 2/3 of size */
    Py_ssize_t usable;   /* appends left before a rebuild (never grows, so
                            live + dummy index slots stay <= capacity) */
    Py_ssize_t nentries; /* entries used, deleted ones included */
    dictentry entries[]; /* then Py_ssize_t indices[size] */
};

#define IX_EMPTY (-1)
#define IX_DUMMY (-2)
#define IX_ERROR (-3)
#define MINSIZE 8
#define PERTURB_SHIFT 5
#define USABLE(size) (((size) << 1) / 3)

static PyDictKeysObject empty_keys = {0, 0, 0, 0};
static uint64_t dict_version = 0;

static inline PyDictKeysObject *KEYS(PyDictObject *mp) {
    return mp->ma_keys ? mp->ma_keys : &empty_keys;
}
static inline Py_ssize_t *INDICES(PyDictKeysObject *dk) {
    return (Py_ssize_t *)(dk->entries + dk->capacity);
}
static inline void bump_version(PyDictObject *mp) { mp->ma_version_tag = ++dict_version; }

void _cpx_set_key_error(PyObject *key) {
    PyObject *tup = PyTuple_Pack(1, key);
    if (tup == NULL) return;
    PyErr_SetObject(PyExc_KeyError, tup);
    Py_DECREF(tup);
}

static PyDictKeysObject *new_keys(Py_ssize_t size) {
    Py_ssize_t cap = USABLE(size);
    PyDictKeysObject *dk = PyMem_Malloc(sizeof(PyDictKeysObject) + (size_t)cap * sizeof(dictentry) +
                                        (size_t)size * sizeof(Py_ssize_t));
    if (dk == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    dk->size = size;
    dk->capacity = cap;
    dk->usable = cap;
    dk->nentries = 0;
    memset(INDICES(dk), 0xff, (size_t)size * sizeof(Py_ssize_t)); /* all IX_EMPTY */
    return dk;
}

static void free_keys(PyDictKeysObject *dk) {
    if (dk != NULL && dk != &empty_keys) PyMem_Free(dk);
}

/* Smallest table size whose usable part holds `n` entries. */
static Py_ssize_t size_for(Py_ssize_t n) {
    Py_ssize_t size = MINSIZE;
    while (USABLE(size) < n && size < (PY_SSIZE_T_MAX >> 4)) size <<= 1;
    return size;
}

/* The index slot for a new entry of `hash` (there are no equal keys). */
static Py_ssize_t find_free_slot(PyDictKeysObject *dk, Py_hash_t hash) {
    size_t mask = (size_t)dk->size - 1, i = (size_t)hash & mask, perturb = (size_t)hash;
    Py_ssize_t *ix = INDICES(dk);
    while (ix[i] >= 0) {
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
    return (Py_ssize_t)i;
}

/* Append an entry for a key known to be absent (table has room); the
 * entry takes over the references to key and value. */
static void append_entry(PyDictKeysObject *dk, PyObject *key, Py_hash_t hash, PyObject *value) {
    Py_ssize_t slot = find_free_slot(dk, hash);
    dictentry *ep = &dk->entries[dk->nentries];
    INDICES(dk)[slot] = dk->nentries++;
    dk->usable--;
    ep->hash = hash;
    ep->key = key;
    ep->value = value;
}

/* Rebuild the table with room for `minused` entries (compacting it). */
static int dict_resize(PyDictObject *mp, Py_ssize_t minused) {
    PyDictKeysObject *old = KEYS(mp), *dk = new_keys(size_for(minused));
    if (dk == NULL) return -1;
    for (Py_ssize_t i = 0; i < old->nentries; i++) {
        dictentry *ep = &old->entries[i];
        if (ep->key != NULL) append_entry(dk, ep->key, ep->hash, ep->value);
    }
    mp->ma_keys = dk;
    free_keys(old);
    return 0;
}

/* Find `key`: its entry number, IX_EMPTY if absent, IX_ERROR on error. */
static Py_ssize_t dict_lookup(PyDictObject *mp, PyObject *key, Py_hash_t hash) {
restart:;
    PyDictKeysObject *dk = KEYS(mp);
    if (dk->size == 0) return IX_EMPTY;
    size_t mask = (size_t)dk->size - 1, i = (size_t)hash & mask, perturb = (size_t)hash;
    for (;;) {
        Py_ssize_t ix = INDICES(dk)[i];
        if (ix == IX_EMPTY) return IX_EMPTY;
        if (ix >= 0) {
            dictentry *ep = &dk->entries[ix];
            PyObject *startkey = ep->key;
            if (startkey == key) return ix;
            if (ep->hash == hash) {
                if (PyUnicode_CheckExact(startkey) && PyUnicode_CheckExact(key)) {
                    if (_PyUnicode_Equal(startkey, key)) return ix;
                } else {
                    Py_INCREF(startkey);
                    int cmp = PyObject_RichCompareBool(startkey, key, Py_EQ);
                    Py_DECREF(startkey);
                    if (cmp < 0) return IX_ERROR;
                    if (dk != mp->ma_keys || ep->key != startkey) goto restart;
                    if (cmp > 0) return ix;
                }
            }
        }
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
}

/* Insert or replace; consumes the references to key and value. */
static int insertdict(PyDictObject *mp, PyObject *key, Py_hash_t hash, PyObject *value) {
    Py_ssize_t ix = dict_lookup(mp, key, hash);
    if (ix == IX_ERROR) goto fail;
    if (ix == IX_EMPTY) {
        PyDictKeysObject *dk = KEYS(mp);
        if (dk->usable <= 0) {
            if (dict_resize(mp, mp->ma_used * 2 + 1) < 0) goto fail;
            dk = mp->ma_keys;
        }
        append_entry(dk, key, hash, value);
        mp->ma_used++;
        bump_version(mp);
        return 0;
    }
    dictentry *ep = &mp->ma_keys->entries[ix];
    PyObject *old = ep->value;
    if (old != value) {
        ep->value = value;
        bump_version(mp);
        Py_DECREF(old);
    } else {
        Py_DECREF(value);
    }
    Py_DECREF(key);
    return 0;
fail:
    Py_DECREF(key);
    Py_DECREF(value);
    return -1;
}

/* Unlink entry ix (found for `hash`), handing its key and value references
 * to the caller, who releases them once nothing else touches the table. */
static void unlink_entry(PyDictObject *mp, Py_ssize_t ix, Py_hash_t hash, PyObject **pkey,
                         PyObject **pvalue) {
    PyDictKeysObject *dk = mp->ma_keys;
    size_t mask = (size_t)dk->size - 1, i = (size_t)hash & mask, perturb = (size_t)hash;
    Py_ssize_t *indices = INDICES(dk);
    while (indices[i] != ix) {
        perturb >>= PERTURB_SHIFT;
        i = (i * 5 + perturb + 1) & mask;
    }
    indices[i] = IX_DUMMY;
    dictentry *ep = &dk->entries[ix];
    *pkey = ep->key;
    *pvalue = ep->value;
    ep->key = ep->value = NULL;
    mp->ma_used--;
    bump_version(mp);
}

static void delete_entry(PyDictObject *mp, Py_ssize_t ix, Py_hash_t hash) {
    PyObject *key, *value;
    unlink_entry(mp, ix, hash, &key, &value);
    Py_DECREF(key);
    Py_DECREF(value);
}

/* ---- C API ---- */

static PyObject *dict_alloc_exact(void) {
    PyDictObject *mp = PyObject_Malloc(sizeof(PyDictObject));
    if (mp == NULL) return PyErr_NoMemory();
    mp->ma_used = 0;
    mp->ma_keys = &empty_keys;
    mp->ma_values = NULL;
    bump_version(mp);
    return _cpx_setup_object((PyObject *)mp, &PyDict_Type);
}

PyObject *PyDict_New(void) { return dict_alloc_exact(); }

PyObject *_PyDict_NewPresized(Py_ssize_t minused) {
    PyObject *op = dict_alloc_exact();
    if (op == NULL || minused <= USABLE(MINSIZE)) return op;
    if (minused > (1 << 16)) minused = 1 << 16; /* do not trust huge estimates */
    if (dict_resize((PyDictObject *)op, minused) < 0) Py_CLEAR(op);
    return op;
}

static inline Py_hash_t hash_of(PyObject *key) { return PyObject_Hash(key); }

PyObject *_PyDict_GetItem_KnownHash(PyObject *op, PyObject *key, Py_hash_t hash) {
    if (!PyDict_Check(op)) {
        PyErr_BadInternalCall();
        return NULL;
    }
    Py_ssize_t ix = dict_lookup((PyDictObject *)op, key, hash);
    return ix < 0 ? NULL : KEYS((PyDictObject *)op)->entries[ix].value;
}

PyObject *PyDict_GetItemWithError(PyObject *op, PyObject *key) {
    if (!PyDict_Check(op)) {
        PyErr_BadInternalCall();
        return NULL;
    }
    Py_hash_t hash = hash_of(key);
    if (hash == -1) return NULL;
    return _PyDict_GetItem_KnownHash(op, key, hash);
}

PyObject *_PyDict_GetItemWithError(PyObject *op, PyObject *key) {
    return PyDict_GetItemWithError(op, key);
}

PyObject *PyDict_GetItem(PyObject *op, PyObject *key) {
    if (!PyDict_Check(op)) return NULL;
    /* Errors are swallowed, and an exception already set survives. */
    PyObject *et, *ev, *tb;
    PyErr_Fetch(&et, &ev, &tb);
    PyObject *res = NULL;
    Py_hash_t hash = hash_of(key);
    if (hash != -1) res = _PyDict_GetItem_KnownHash(op, key, hash);
    PyErr_Restore(et, ev, tb);
    return res;
}

PyObject *_PyDict_GetItemStringWithError(PyObject *op, const char *key) {
    PyObject *k = PyUnicode_FromString(key);
    if (k == NULL) return NULL;
    PyObject *res = PyDict_GetItemWithError(op, k);
    Py_DECREF(k);
    return res;
}

PyObject *PyDict_GetItemString(PyObject *op, const char *key) {
    PyObject *k = PyUnicode_FromString(key);
    if (k == NULL) {
        PyErr_Clear();
        return NULL;
    }
    PyObject *res = PyDict_GetItem(op, k);
    Py_DECREF(k);
    return res;
}

int _PyDict_SetItem_KnownHash(PyObject *op, PyObject *key, PyObject *value, Py_hash_t hash) {
    if (!PyDict_Check(op) || key == NULL || value == NULL) {
        PyErr_BadInternalCall();
        return -1;
    }
    return insertdict((PyDictObject *)op, Py_NewRef(key), hash, Py_NewRef(value));
}

int PyDict_SetItem(PyObject *op, PyObject *key, PyObject *value) {
    if (!PyDict_Check(op) || key == NULL || value == NULL) {
        PyErr_BadInternalCall();
        return -1;
    }
    Py_hash_t hash = hash_of(key);
    if (hash == -1) return -1;
    return insertdict((PyDictObject *)op, Py_NewRef(key), hash, Py_NewRef(value));
}

int PyDict_SetItemString(PyObject *op, const char *key, PyObject *value) {
    PyObject *k = PyUnicode_FromString(key);
    if (k == NULL) return -1;
    PyUnicode_InternInPlace(&k);
    int rc = PyDict_SetItem(op, k, value);
    Py_DECREF(k);
    return rc;
}

static int dict_del_known_hash(PyObject *op, PyObject *key, Py_hash_t hash) {
    Py_ssize_t ix = dict_lookup((PyDictObject *)op, key, hash);
    if (ix == IX_ERROR) return -1;
    if (ix == IX_EMPTY) {
        _cpx_set_key_error(key);
        return -1;
    }
    delete_entry((PyDictObject *)op, ix, hash);
    return 0;
}

int _PyDict_DelItem_KnownHash(PyObject *op, PyObject *key, Py_hash_t hash) {
    if (!PyDict_Check(op)) {
        PyErr_BadInternalCall();
        return -1;
    }
    return dict_del_known_hash(op, key, hash);
}

int PyDict_DelItem(PyObject *op, PyObject *key) {
    if (!PyDict_Check(op)) {
        PyErr_BadInternalCall();
        return -1;
    }
    Py_hash_t hash = hash_of(key);
    if (hash == -1) return -1;
    return dict_del_known_hash(op, key, hash);
}

int PyDict_DelItemString(PyObject *op, const char *key) {
    PyObject *k = PyUnicode_FromString(key);
    if (k == NULL) return -1;
    int rc = PyDict_DelItem(op, k);
    Py_DECREF(k);
    return rc;
}

/* Empty the dict, then release what it held. */
static void dict_clear_all(PyDictObject *mp) {
    PyDictKeysObject *dk = KEYS(mp);
    if (dk == &empty_keys) {
        mp->ma_keys = &empty_keys;
        return;
    }
    mp->ma_keys = &empty_keys;
    mp->ma_used = 0;
    bump_version(mp);
    for (Py_ssize_t i = 0; i < dk->nentries; i++) {
        Py_XDECREF(dk->entries[i].key);
        Py_XDECREF(dk->entries[i].value);
    }
    free_keys(dk);
}

void PyDict_Clear(PyObject *op) {
    if (op == NULL || !PyDict_Check(op)) return;
    dict_clear_all((PyDictObject *)op);
}

int _PyDict_Next(PyObject *op, Py_ssize_t *ppos, PyObject **pkey, PyObject **pvalue, Py_hash_t *phash) {
    if (op == NULL || !PyDict_Check(op)) return 0;
    PyDictKeysObject *dk = KEYS((PyDictObject *)op);
    Py_ssize_t i = *ppos;
    if (i < 0) return 0;
    while (i < dk->nentries && dk->entries[i].key == NULL) i++;
    if (i >= dk->nentries) return 0;
    *ppos = i + 1;
    if (pkey) *pkey = dk->entries[i].key;
    if (pvalue) *pvalue = dk->entries[i].value;
    if (phash) *phash = dk->entries[i].hash;
    return 1;
}

int PyDict_Next(PyObject *op, Py_ssize_t *ppos, PyObject **pkey, PyObject **pvalue) {
    return _PyDict_Next(op, ppos, pkey, pvalue, NULL);
}

/* what: 0 keys, 1 values, 2 (key, value) tuples. */
static PyObject *dict_to_list(PyObject *op, int what) {
    if (op == NULL || !PyDict_Check(op)) {
        PyErr_BadInternalCall();
        return NULL;
    }
    PyDictObject *mp = (PyDictObject *)op;
    PyObject *list = PyList_New(mp->ma_used);
    if (list == NULL) return NULL;
    PyDictKeysObject *dk = KEYS(mp);
    Py_ssize_t j = 0;
    for (Py_ssize_t i = 0; i < dk->nentries && j < PyList_GET_SIZE(list); i++) {
        dictentry *ep = &dk->entries[i];
        if (ep->key == NULL) continue;
        PyObject *item = what == 0 ? Py_NewRef(ep->key)
                         : what == 1 ? Py_NewRef(ep->value)
                                     : PyTuple_Pack(2, ep->key, ep->value);
        if (item == NULL) {
            Py_DECREF(list);
            return NULL;
        }
        PyList_SET_ITEM(list, j++, item);
    }
    return list;
}

PyObject *PyDict_Keys(PyObject *op) { return dict_to_list(op, 0); }
PyObject *PyDict_Values(PyObject *op) { return dict_to_list(op, 1); }
PyObject *PyDict_Items(PyObject *op) { return dict_to_list(op, 2); }

Py_ssize_t PyDict_Size(PyObject *op) {
    if (op == NULL || !PyDict_Check(op)) {
        PyErr_BadInternalCall();
        return -1;
    }
    return ((PyDictObject *)op)->ma_used;
}

int _PyDict_Contains_KnownHash(PyObject *op, PyObject *key, Py_hash_t hash) {
    Py_ssize_t ix = dict_lookup((PyDictObject *)op, key, hash);
    return ix == IX_ERROR ? -1 : ix >= 0;
}

int PyDict_Contains(PyObject *op, PyObject *key) {
    Py_hash_t hash = hash_of(key);
    if (hash == -1) return -1;
    return _PyDict_Contains_KnownHash(op, key, hash);
}

/* override: 0 keep existing keys, 1 replace them, 2 raise KeyError. */
static int dict_merge(PyObject *a, PyObject *b, int override) {
    if (a == NULL || !PyDict_Check(a) || b == NULL) {
        PyErr_BadInternalCall();
        return -1;
    }
    PyDictObject *mp = (PyDictObject *)a;
    if (PyDict_Check(b) && Py_TYPE(b)->tp_iter == _cpx_dict_iter) {
        PyDictObject *other = (PyDictObject *)b;
        if (other == mp || other->ma_used == 0) return 0;
        PyDictKeysObject *dk = KEYS(mp);
        if (dk->usable < other->ma_used &&
            dict_resize(mp, mp->ma_used + other->ma_used) < 0)
            return -1;
        PyDictKeysObject *ok = KEYS(other);
        Py_ssize_t n = ok->nentries, used = other->ma_used;
        for (Py_ssize_t i = 0; i < n; i++) {
            dictentry *ep = &ok->entries[i];
            if (ep->key == NULL) continue;
            PyObject *key = Py_NewRef(ep->key), *value = Py_NewRef(ep->value);
            Py_hash_t hash = ep->hash;
            int err = 0;
            if (override == 1) {
                err = insertdict(mp, key, hash, value);
            } else {
                int found = _PyDict_Contains_KnownHash(a, key, hash);
                if (found == 0) {
                    err = insertdict(mp, key, hash, value);
                } else {
                    if (found > 0 && override == 2) _cpx_set_key_error(key);
                    if (found < 0 || override == 2) err = -1;
                    Py_DECREF(key);
                    Py_DECREF(value);
                }
            }
            if (err < 0) return -1;
            if (KEYS(other) != ok || ok->nentries != n || other->ma_used != used) {
                PyErr_SetString(PyExc_RuntimeError, "dict mutated during update");
                return -1;
            }
        }
        return 0;
    }
    /* Any other mapping: iterate over its keys(). */
    PyObject *keys = PyMapping_Keys(b);
    if (keys == NULL) return -1;
    PyObject *it = PyObject_GetIter(keys);
    Py_DECREF(keys);
    if (it == NULL) return -1;
    PyObject *key;
    while ((key = PyIter_Next(it)) != NULL) {
        if (override != 1) {
            int found = PyDict_Contains(a, key);
            if (found != 0) {
                if (found > 0 && override == 0) {
                    Py_DECREF(key);
                    continue;
                }
                if (found > 0) _cpx_set_key_error(key);
                Py_DECREF(key);
                Py_DECREF(it);
                return -1;
            }
        }
        PyObject *value = PyObject_GetItem(b, key);
        int rc = value == NULL ? -1 : PyDict_SetItem(a, key, value);
        Py_XDECREF(value);
        Py_DECREF(key);
        if (rc < 0) {
            Py_DECREF(it);
            return -1;
        }
    }
    Py_DECREF(it);
    return PyErr_Occurred() ? -1 : 0;
}

int PyDict_Update(PyObject *a, PyObject *b) { return dict_merge(a, b, 1); }
int PyDict_Merge(PyObject *a, PyObject *b, int override) { return dict_merge(a, b, override != 0); }
int _PyDict_MergeEx(PyObject *a, PyObject *b, int override) { return dict_merge(a, b, override); }

int PyDict_MergeFromSeq2(PyObject *d, PyObject *seq2, int override) {
    if (d == NULL || !PyDict_Check(d) || seq2 == NULL) {
        PyErr_BadInternalCall();
        return -1;
    }
    PyObject *it = PyObject_GetIter(seq2), *item;
    if (it == NULL) return -1;
    Py_ssize_t i;
    for (i = 0; (item = PyIter_Next(it)) != NULL; i++) {
        PyObject *fast = PySequence_Fast(item, "");
        Py_DECREF(item);
        if (fast == NULL) {
            if (PyErr_ExceptionMatches(PyExc_TypeError))
                PyErr_Format(PyExc_TypeError,
                             "cannot convert dictionary update sequence element #%zd to a sequence", i);
            goto fail;
        }
        Py_ssize_t n = PySequence_Fast_GET_SIZE(fast);
        if (n != 2) {
            PyErr_Format(PyExc_ValueError,
                         "dictionary update sequence element #%zd has length %zd; 2 is required", i, n);
            Py_DECREF(fast);
            goto fail;
        }
        PyObject *key = Py_NewRef(PySequence_Fast_GET_ITEM(fast, 0));
        PyObject *value = Py_NewRef(PySequence_Fast_GET_ITEM(fast, 1));
        Py_DECREF(fast);
        int rc = 0;
        if (override) {
            rc = PyDict_SetItem(d, key, value);
        } else {
            rc = PyDict_Contains(d, key);
            if (rc == 0) rc = PyDict_SetItem(d, key, value);
        }
        Py_DECREF(key);
        Py_DECREF(value);
        if (rc < 0) goto fail;
    }
    if (PyErr_Occurred()) goto fail;
    Py_DECREF(it);
    return 0;
fail:
    Py_DECREF(it);
    return -1;
}

PyObject *PyDict_Copy(PyObject *o) {
    if (o == NULL || !PyDict_Check(o)) {
        PyErr_BadInternalCall();
        return NULL;
    }
    PyDictObject *src = (PyDictObject *)o;
    PyObject *copy = PyDict_New();
    if (copy == NULL || src->ma_used == 0) return copy;
    PyDictObject *mp = (PyDictObject *)copy;
    PyDictKeysObject *sk = KEYS(src);
    if (dict_resize(mp, src->ma_used) < 0) {
        Py_DECREF(copy);
        return NULL;
    }
    /* Keys are distinct already: append without comparing. */
    for (Py_ssize_t i = 0; i < sk->nentries; i++) {
        dictentry *ep = &sk->entries[i];
        if (ep->key == NULL) continue;
        append_entry(mp->ma_keys, Py_NewRef(ep->key), ep->hash, Py_NewRef(ep->value));
        mp->ma_used++;
    }
    bump_version(mp);
    return copy;
}

PyObject *PyDict_SetDefault(PyObject *d, PyObject *key, PyObject *defaultobj) {
    if (!PyDict_Check(d)) {
        PyErr_BadInternalCall();
        return NULL;
    }
    PyDictObject *mp = (PyDictObject *)d;
    Py_hash_t hash = hash_of(key);
    if (hash == -1) return NULL;
    Py_ssize_t ix = dict_lookup(mp, key, hash);
    if (ix == IX_ERROR) return NULL;
    if (ix >= 0) return mp->ma_keys->entries[ix].value;
    if (insertdict(mp, Py_NewRef(key), hash, Py_NewRef(defaultobj)) < 0) return NULL;
    return defaultobj;
}

PyObject *_PyDict_Pop(PyObject *d, PyObject *key, PyObject *deflt) {
    PyDictObject *mp = (PyDictObject *)d;
    if (mp->ma_used == 0) {
        if (deflt) return Py_NewRef(deflt);
        _cpx_set_key_error(key);
        return NULL;
    }
    Py_hash_t hash = hash_of(key);
    if (hash == -1) return NULL;
    Py_ssize_t ix = dict_lookup(mp, key, hash);
    if (ix == IX_ERROR) return NULL;
    if (ix == IX_EMPTY) {
        if (deflt) return Py_NewRef(deflt);
        _cpx_set_key_error(key);
        return NULL;
    }
    PyObject *value = Py_NewRef(mp->ma_keys->entries[ix].value);
    delete_entry(mp, ix, hash);
    return value;
}

/* ---- helpers for dict_type.c ---- */

void _cpx_dict_init_empty(PyObject *op) {
    PyDictObject *mp = (PyDictObject *)op;
    mp->ma_used = 0;
    mp->ma_keys = &empty_keys;
    mp->ma_values = NULL;
    bump_version(mp);
}

PyObject *_cpx_dict_popitem(PyObject *op) {
    PyDictObject *mp = (PyDictObject *)op;
    if (mp->ma_used == 0) {
        PyErr_SetString(PyExc_KeyError, "popitem(): dictionary is empty");
        return NULL;
    }
    PyDictKeysObject *dk = mp->ma_keys;
    Py_ssize_t i = dk->nentries - 1;
    while (i >= 0 && dk->entries[i].key == NULL) i--;
    PyObject *res = PyTuple_New(2), *key, *value;
    if (res == NULL) return NULL;
    unlink_entry(mp, i, dk->entries[i].hash, &key, &value);
    dk->nentries = i; /* the entries after the last live one are free again */
    PyTuple_SET_ITEM(res, 0, key);
    PyTuple_SET_ITEM(res, 1, value);
    return res;
}

size_t _cpx_dict_sizeof(PyObject *op) {
    PyDictKeysObject *dk = KEYS((PyDictObject *)op);
    size_t res = (size_t)Py_TYPE(op)->tp_basicsize;
    if (dk != &empty_keys)
        res += sizeof(*dk) + (size_t)dk->capacity * sizeof(dictentry) + (size_t)dk->size * sizeof(Py_ssize_t);
    return res;
}

/* ---- iterators: each owns a reference to its dict until exhausted ---- */

typedef struct {
    PyObject_HEAD
    PyDictObject *di_dict; /* owned; NULL once exhausted */
    Py_ssize_t di_used;    /* ma_used when created; -1 after a size error */
    Py_ssize_t di_pos;     /* next entry to look at */
    Py_ssize_t len;        /* items still expected */
} dictiterobject;

PyObject *_cpx_dictiter_new(PyDictObject *dict, int what, int reversed) {
    static PyTypeObject *const types[2][3] = {
        {&PyDictIterKey_Type, &PyDictIterValue_Type, &PyDictIterItem_Type},
        {&PyDictRevIterKey_Type, &PyDictRevIterValue_Type, &PyDictRevIterItem_Type},
    };
    dictiterobject *di = PyObject_Malloc(sizeof(dictiterobject));
    if (di == NULL) return PyErr_NoMemory();
    _cpx_setup_object((PyObject *)di, types[reversed != 0][what]);
    di->di_dict = (PyDictObject *)Py_NewRef(dict);
    di->di_used = dict->ma_used;
    di->len = dict->ma_used;
    di->di_pos = reversed ? KEYS(dict)->nentries - 1 : 0;
    return (PyObject *)di;
}

PyObject *_cpx_dict_iter(PyObject *op) { return _cpx_dictiter_new((PyDictObject *)op, 0, 0); }

static void dictiter_dealloc(PyObject *op) {
    Py_XDECREF(((dictiterobject *)op)->di_dict);
    PyObject_Free(op);
}

static int dictiter_traverse(PyObject *op, visitproc visit, void *arg) {
    Py_VISIT(((dictiterobject *)op)->di_dict);
    return 0;
}

/* The next live entry, or NULL (exhausted, or error set). */
static dictentry *dictiter_step(dictiterobject *di, int reversed) {
    PyDictObject *d = di->di_dict;
    if (d == NULL) return NULL;
    if (di->di_used != d->ma_used) {
        PyErr_SetString(PyExc_RuntimeError, "dictionary changed size during iteration");
        di->di_used = -1; /* keep failing */
        return NULL;
    }
    PyDictKeysObject *dk = KEYS(d);
    Py_ssize_t i = di->di_pos;
    if (reversed) {
        if (i >= dk->nentries) i = dk->nentries - 1;
        while (i >= 0 && dk->entries[i].key == NULL) i--;
        if (i < 0) goto exhausted;
        di->di_pos = i - 1;
    } else {
        while (i < dk->nentries && dk->entries[i].key == NULL) i++;
        if (i >= dk->nentries) goto exhausted;
        di->di_pos = i + 1;
    }
    if (di->len == 0) {
        PyErr_SetString(PyExc_RuntimeError, "dictionary keys changed during iteration");
        goto exhausted;
    }
    di->len--;
    return &dk->entries[i];
exhausted:
    di->di_dict = NULL;
    Py_DECREF(d);
    return NULL;
}

static PyObject *dictiter_nextkey(PyObject *op) {
    dictentry *ep = dictiter_step((dictiterobject *)op, 0);
    return ep ? Py_NewRef(ep->key) : NULL;
}
static PyObject *dictiter_nextvalue(PyObject *op) {
    dictentry *ep = dictiter_step((dictiterobject *)op, 0);
    return ep ? Py_NewRef(ep->value) : NULL;
}
static PyObject *dictiter_nextitem(PyObject *op) {
    dictentry *ep = dictiter_step((dictiterobject *)op, 0);
    return ep ? PyTuple_Pack(2, ep->key, ep->value) : NULL;
}
static PyObject *dictreviter_nextkey(PyObject *op) {
    dictentry *ep = dictiter_step((dictiterobject *)op, 1);
    return ep ? Py_NewRef(ep->key) : NULL;
}
static PyObject *dictreviter_nextvalue(PyObject *op) {
    dictentry *ep = dictiter_step((dictiterobject *)op, 1);
    return ep ? Py_NewRef(ep->value) : NULL;
}
static PyObject *dictreviter_nextitem(PyObject *op) {
    dictentry *ep = dictiter_step((dictiterobject *)op, 1);
    return ep ? PyTuple_Pack(2, ep->key, ep->value) : NULL;
}

static PyObject *dictiter_len(PyObject *op, PyObject *Py_UNUSED(ignored)) {
    dictiterobject *di = (dictiterobject *)op;
    Py_ssize_t n = di->di_dict != NULL && di->di_used == di->di_dict->ma_used ? di->len : 0;
    return PyLong_FromSsize_t(n);
}

static PyMethodDef dictiter_methods[] = {
    {"__length_hint__", dictiter_len, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

#define DICTITER_TYPE(cname, pyname, nextfunc)            \
    PyTypeObject cname = {                                \
        PyVarObject_HEAD_INIT(&PyType_Type, 0)            \
        .tp_name = pyname,                                \
        .tp_basicsize = sizeof(dictiterobject),           \
        .tp_dealloc = dictiter_dealloc,                   \
        .tp_getattro = PyObject_GenericGetAttr,           \
        .tp_flags = Py_TPFLAGS_DEFAULT,                   \
        .tp_traverse = dictiter_traverse,                 \
        .tp_iter = PyObject_SelfIter,                     \
        .tp_iternext = nextfunc,                          \
        .tp_methods = dictiter_methods,                   \
    };

DICTITER_TYPE(PyDictIterKey_Type, "dict_keyiterator", dictiter_nextkey)
DICTITER_TYPE(PyDictIterValue_Type, "dict_valueiterator", dictiter_nextvalue)
DICTITER_TYPE(PyDictIterItem_Type, "dict_itemiterator", dictiter_nextitem)
DICTITER_TYPE(PyDictRevIterKey_Type, "dict_reversekeyiterator", dictreviter_nextkey)
DICTITER_TYPE(PyDictRevIterValue_Type, "dict_reversevalueiterator", dictreviter_nextvalue)
DICTITER_TYPE(PyDictRevIterItem_Type, "dict_reverseitemiterator", dictreviter_nextitem)

int _cpx_init_dict(void) {
    PyTypeObject *types[] = {
        &PyDict_Type, &PyDictIterKey_Type, &PyDictIterValue_Type, &PyDictIterItem_Type,
        &PyDictRevIterKey_Type, &PyDictRevIterValue_Type, &PyDictRevIterItem_Type,
    };
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
        if (PyType_Ready(types[i]) < 0) return -1;
    return 0;
}

