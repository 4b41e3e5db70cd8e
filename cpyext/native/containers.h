/* containers.h: helpers the container files (tuple, list, dict, set, slice,
 * iterators, range, enumerate) share among themselves; never seen by
 * extensions (every name is _cpx_*, hence hidden).
 *
 * Invariant: these helpers follow the same reference rules as the API:
 * PyObject * results are new references (or NULL with an error set),
 * arguments are borrowed. */
#ifndef CPX_CONTAINERS_H
#define CPX_CONTAINERS_H
#include "internal.h"

/* Parse the (value[, start[, stop]]) arguments of list.index / tuple.index /
 * range.index. *value is borrowed; start/stop default to 0 / PY_SSIZE_T_MAX
 * and are clamped like slice indices. Returns 0, or -1 with TypeError. */
int _cpx_parse_index_args(PyObject *args, const char *fname, PyObject **value,
                          Py_ssize_t *start, Py_ssize_t *stop);

/* Join the str objects of `parts` (a list) with ", " and wrap them between
 * `open` and `close` ("[" "]", "{" "}", ...). */
PyObject *_cpx_join_reprs(PyObject *parts, const char *open, const char *close);

/* A list of repr(x) for every x produced by iterating `seq`. */
PyObject *_cpx_reprs_of_iterable(PyObject *seq);

/* list_sort.c: stable in-place sort of `self` by key(item) (keyfunc may be
 * NULL), descending when `reverse`; list.sort and PyList_Sort use it. */
int _cpx_list_sort(PyListObject *self, PyObject *keyfunc, int reverse);

/* list_iter.c: iter(list) and reversed(list). */
PyObject *_cpx_list_iter(PyObject *list);
PyObject *_cpx_list_reviter(PyObject *list);

/* dictobject.c: iterators over a dict (what: 0 keys, 1 values, 2 items),
 * forward or reversed; used by dict_type.c and the views (dict_views.c). */
PyObject *_cpx_dictiter_new(PyDictObject *dict, int what, int reversed);
/* dictobject.c, for dict_type.c: tp_iter of dict, dict.popitem() and
 * dict.__sizeof__(). */
PyObject *_cpx_dict_iter(PyObject *dict);
void _cpx_dict_init_empty(PyObject *dict); /* fresh tp_alloc'ed memory -> {} */
PyObject *_cpx_dict_popitem(PyObject *dict);
size_t _cpx_dict_sizeof(PyObject *dict);
/* dict_views.c: a keys (0), values (1) or items (2) view of `dict`. */
PyObject *_cpx_dictview_new(PyObject *dict, int what);

/* Per-file initialisers (ready the file's types, make its singletons
 * immortal), called in order by _cpx_init_containers (tupleobject.c). */
int _cpx_init_tuple(void);
int _cpx_init_list(void);
int _cpx_init_dict(void);
int _cpx_init_dict_views(void);
int _cpx_init_set(void);
int _cpx_init_slice(void);
int _cpx_init_iter(void);
int _cpx_init_range(void);
/* rangeobject_long.c: ranges beyond Py_ssize_t, computed with int objects (all borrowed). */
PyObject *_cpx_longrange_length(PyObject *start, PyObject *stop, PyObject *step);
PyObject *_cpx_longrange_item(PyObject *start, PyObject *step, PyObject *length, PyObject *index);
PyObject *_cpx_longrange_slice_bounds(PyObject *start, PyObject *step, PyObject *length, PyObject *slice);
int _cpx_longrange_position(PyObject *start, PyObject *stop, PyObject *step, PyObject *v, PyObject **index);
PyObject *_cpx_longrange_iter(PyObject *first, PyObject *step, PyObject *length);
PyObject *_cpx_longrange_reversed(PyObject *start, PyObject *step, PyObject *length);
extern PyTypeObject _cpx_LongRangeIter_Type;
int _cpx_init_enum(void);

/* A KeyError whose single argument is `key` (so that a tuple key is not
 * taken as the args tuple). */
void _cpx_set_key_error(PyObject *key);

#endif
