/* set_internal.h: the set table primitives setobject.c gives set_methods.c
 * (hidden _cpx_* names; never seen by extensions).
 *
 * Invariant: same reference rules as setobject.c: the _entry and _key functions
 * borrow the key (adding one takes its own reference), return -1 with an
 * error set on failure, and may run Python code (__eq__, __hash__) only
 * while the table is consistent; _cpx_set_next hands out borrowed slots
 * that are valid only until the set is next changed. */
#ifndef CPX_SET_INTERNAL_H
#define CPX_SET_INTERNAL_H
#include "containers.h"

#define DISCARD_NOTFOUND 0
#define DISCARD_FOUND 1

int _cpx_set_table_resize(PySetObject *so, Py_ssize_t minused);
int _cpx_set_add_entry(PySetObject *so, PyObject *key, Py_hash_t hash);
int _cpx_set_add_key(PySetObject *so, PyObject *key);
int _cpx_set_contains_entry(PySetObject *so, PyObject *key, Py_hash_t hash);
int _cpx_set_contains_key(PySetObject *so, PyObject *key);
int _cpx_set_discard_entry(PySetObject *so, PyObject *key, Py_hash_t hash);
int _cpx_set_discard_key(PySetObject *so, PyObject *key);
int _cpx_set_clear_internal(PySetObject *so);
int _cpx_set_next(PySetObject *so, Py_ssize_t *pos, setentry **entry_ptr);
int _cpx_set_update_internal(PySetObject *so, PyObject *other);
/* A new empty-or-filled set of exactly `type` (new reference). */
PyObject *_cpx_make_new_set(PyTypeObject *type, PyObject *iterable);
/* Same, with a subclass replaced by its built-in base (set or frozenset). */
PyObject *_cpx_make_new_set_basetype(PyTypeObject *type, PyObject *iterable);
PyObject *_cpx_set_pop(PySetObject *so);
void _cpx_set_dealloc(PyObject *op);
int _cpx_set_traverse(PyObject *op, visitproc visit, void *arg);
Py_hash_t _cpx_frozenset_hash(PyObject *op);
PyObject *_cpx_set_iter(PyObject *op);

#endif
