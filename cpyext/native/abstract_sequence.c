/* abstract_sequence.c: the sequence protocol (PySequence_*, except the
 * concatenation / repetition in abstract_number.c) and the mapping
 * protocol (PyMapping_*).
 *
 * Invariants:
 * - Results are new references or NULL / -1 with an error set; arguments
 *   are borrowed (no function here steals a reference).
 * - Negative indices get the sequence's length added once, here, before
 *   sq_item / sq_ass_item is called (as CPython does); slices go through
 *   mp_subscript / mp_ass_subscript with a slice object.
 * - PySequence_Fast returns its argument itself (new reference) when it is
 *   exactly a list or tuple; PyMapping_Keys / Values / Items always return
 *   lists. */
#include "internal.h"

static PyObject *cached_name(PyObject **slot, const char *s) {
    if (*slot == NULL) *slot = _cpx_intern(s);
    return *slot;
}

static PyObject *null_error(void) {
    if (!PyErr_Occurred()) PyErr_SetString(PyExc_SystemError, "null argument to internal routine");
    return NULL;
}

static PyObject *type_error(const char *msg, PyObject *obj) {
    PyErr_Format(PyExc_TypeError, msg, Py_TYPE(obj)->tp_name);
    return NULL;
}

static int has_mapping_slot(PyObject *o, int assign) {
    PyMappingMethods *m = Py_TYPE(o)->tp_as_mapping;
    return m != NULL && (assign ? m->mp_ass_subscript != NULL : m->mp_subscript != NULL);
}

/* Add the length to a negative index when the sequence has one. Returns
 * -1 (error set) when the length cannot be taken. */
static int adjust_index(PyObject *s, PySequenceMethods *m, Py_ssize_t *i) {
    if (*i < 0 && m->sq_length != NULL) {
        Py_ssize_t len = m->sq_length(s);
        if (len < 0) return -1;
        *i += len;
    }
    return 0;
}

/* ---------------- sequences ---------------- */

int PySequence_Check(PyObject *s) {
    if (PyDict_Check(s)) return 0;
    PySequenceMethods *m = Py_TYPE(s)->tp_as_sequence;
    return m != NULL && m->sq_item != NULL;
}

Py_ssize_t PySequence_Size(PyObject *s) {
    if (s == NULL) {
        null_error();
        return -1;
    }
    PySequenceMethods *m = Py_TYPE(s)->tp_as_sequence;
    if (m != NULL && m->sq_length != NULL) return m->sq_length(s);
    PyMappingMethods *mm = Py_TYPE(s)->tp_as_mapping;
    if (mm != NULL && mm->mp_length != NULL)
        type_error("%.200s is not a sequence", s);
    else
        type_error("object of type '%.200s' has no len()", s);
    return -1;
}

Py_ssize_t PySequence_Length(PyObject *s) { return PySequence_Size(s); }

PyObject *PySequence_GetItem(PyObject *s, Py_ssize_t i) {
    if (s == NULL) return null_error();
    PySequenceMethods *m = Py_TYPE(s)->tp_as_sequence;
    if (m != NULL && m->sq_item != NULL) {
        if (adjust_index(s, m, &i) < 0) return NULL;
        return m->sq_item(s, i);
    }
    if (has_mapping_slot(s, 0)) return type_error("%.200s is not a sequence", s);
    return type_error("'%.200s' object does not support indexing", s);
}

int PySequence_SetItem(PyObject *s, Py_ssize_t i, PyObject *o) {
    if (s == NULL) {
        null_error();
        return -1;
    }
    PySequenceMethods *m = Py_TYPE(s)->tp_as_sequence;
    if (m != NULL && m->sq_ass_item != NULL) {
        if (adjust_index(s, m, &i) < 0) return -1;
        return m->sq_ass_item(s, i, o);
    }
    if (has_mapping_slot(s, 1))
        type_error("%.200s is not a sequence", s);
    else
        type_error("'%.200s' object does not support item assignment", s);
    return -1;
}

int PySequence_DelItem(PyObject *s, Py_ssize_t i) {
    if (s == NULL) {
        null_error();
        return -1;
    }
    PySequenceMethods *m = Py_TYPE(s)->tp_as_sequence;
    if (m != NULL && m->sq_ass_item != NULL) {
        if (adjust_index(s, m, &i) < 0) return -1;
        return m->sq_ass_item(s, i, NULL);
    }
    if (has_mapping_slot(s, 1))
        type_error("%.200s is not a sequence", s);
    else
        type_error("'%.200s' object doesn't support item deletion", s);
    return -1;
}

static PyObject *slice_from_indices(Py_ssize_t i1, Py_ssize_t i2) {
    PyObject *start = PyLong_FromSsize_t(i1);
    PyObject *stop = start != NULL ? PyLong_FromSsize_t(i2) : NULL;
    PyObject *slice = stop != NULL ? PySlice_New(start, stop, NULL) : NULL;
    Py_XDECREF(start);
    Py_XDECREF(stop);
    return slice;
}

PyObject *PySequence_GetSlice(PyObject *s, Py_ssize_t i1, Py_ssize_t i2) {
    if (s == NULL) return null_error();
    if (!has_mapping_slot(s, 0)) return type_error("'%.200s' object is unsliceable", s);
    PyObject *slice = slice_from_indices(i1, i2);
    if (slice == NULL) return NULL;
    PyObject *res = Py_TYPE(s)->tp_as_mapping->mp_subscript(s, slice);
    Py_DECREF(slice);
    return res;
}

static int assign_slice(PyObject *s, Py_ssize_t i1, Py_ssize_t i2, PyObject *o, const char *msg) {
    if (s == NULL) {
        null_error();
        return -1;
    }
    if (!has_mapping_slot(s, 1)) {
        type_error(msg, s);
        return -1;
    }
    PyObject *slice = slice_from_indices(i1, i2);
    if (slice == NULL) return -1;
    int res = Py_TYPE(s)->tp_as_mapping->mp_ass_subscript(s, slice, o);
    Py_DECREF(slice);
    return res;
}

int PySequence_SetSlice(PyObject *s, Py_ssize_t i1, Py_ssize_t i2, PyObject *o) {
    return assign_slice(s, i1, i2, o, "'%.200s' object doesn't support slice assignment");
}

int PySequence_DelSlice(PyObject *s, Py_ssize_t i1, Py_ssize_t i2) {
    return assign_slice(s, i1, i2, NULL, "'%.200s' object doesn't support slice deletion");
}

/* Append every item `iterable` produces to `list`. */
static int extend_list(PyObject *list, PyObject *iterable) {
    if (PyList_CheckExact(iterable) || PyTuple_CheckExact(iterable)) {
        /* Copy first: appending to `list` could be appending to itself. */
        Py_ssize_t n = Py_SIZE(iterable);
        PyObject *copy = PyTuple_New(n);
        if (copy == NULL) return -1;
        PyObject **items = PyList_CheckExact(iterable) ? ((PyListObject *)iterable)->ob_item
                                                       : ((PyTupleObject *)iterable)->ob_item;
        for (Py_ssize_t i = 0; i < n; i++) PyTuple_SET_ITEM(copy, i, Py_NewRef(items[i]));
        for (Py_ssize_t i = 0; i < n; i++) {
            if (PyList_Append(list, PyTuple_GET_ITEM(copy, i)) < 0) {
                Py_DECREF(copy);
                return -1;
            }
        }
        Py_DECREF(copy);
        return 0;
    }
    PyObject *it = PyObject_GetIter(iterable);
    if (it == NULL) return -1;
    PyObject *item;
    while ((item = PyIter_Next(it)) != NULL) {
        int rc = PyList_Append(list, item);
        Py_DECREF(item);
        if (rc < 0) {
            Py_DECREF(it);
            return -1;
        }
    }
    Py_DECREF(it);
    return PyErr_Occurred() ? -1 : 0;
}

PyObject *PySequence_List(PyObject *v) {
    if (v == NULL) return null_error();
    PyObject *list = PyList_New(0);
    if (list == NULL) return NULL;
    if (extend_list(list, v) < 0) {
        Py_DECREF(list);
        return NULL;
    }
    return list;
}

PyObject *PySequence_Tuple(PyObject *v) {
    if (v == NULL) return null_error();
    if (PyTuple_CheckExact(v)) return Py_NewRef(v);
    if (PyList_CheckExact(v)) return PyList_AsTuple(v);
    PyObject *list = PySequence_List(v);
    if (list == NULL) return NULL;
    PyObject *res = PyList_AsTuple(list);
    Py_DECREF(list);
    return res;
}

PyObject *PySequence_Fast(PyObject *v, const char *m) {
    if (v == NULL) return null_error();
    if (PyList_CheckExact(v) || PyTuple_CheckExact(v)) return Py_NewRef(v);
    PyObject *it = PyObject_GetIter(v);
    if (it == NULL) {
        if (PyErr_ExceptionMatches(PyExc_TypeError)) PyErr_SetString(PyExc_TypeError, m);
        return NULL;
    }
    PyObject *list = PySequence_List(it);
    Py_DECREF(it);
    return list;
}

/* Iterate over seq comparing items with obj: count matches, find the
 * first index, or test containment. -1 on error (ValueError for a missing
 * index). */
Py_ssize_t _PySequence_IterSearch(PyObject *seq, PyObject *obj, int operation) {
    PyObject *it = PyObject_GetIter(seq);
    if (it == NULL) {
        if (PyErr_ExceptionMatches(PyExc_TypeError))
            type_error("argument of type '%.200s' is not iterable", seq);
        return -1;
    }
    Py_ssize_t n = 0;
    int wrapped = 0;
    for (;;) {
        PyObject *item = PyIter_Next(it);
        if (item == NULL) {
            if (PyErr_Occurred()) goto fail;
            break;
        }
        int cmp = PyObject_RichCompareBool(item, obj, Py_EQ);
        Py_DECREF(item);
        if (cmp < 0) goto fail;
        if (cmp > 0) {
            if (operation == PY_ITERSEARCH_CONTAINS) {
                n = 1;
                goto done;
            }
            if (operation == PY_ITERSEARCH_INDEX) {
                if (wrapped) {
                    PyErr_SetString(PyExc_OverflowError, "index exceeds C integer size");
                    goto fail;
                }
                goto done;
            }
            if (n == PY_SSIZE_T_MAX) {
                PyErr_SetString(PyExc_OverflowError, "count exceeds C integer size");
                goto fail;
            }
            n++;
        } else if (operation == PY_ITERSEARCH_INDEX) {
            if (n == PY_SSIZE_T_MAX) wrapped = 1;
            n++;
        }
    }
    if (operation != PY_ITERSEARCH_INDEX) goto done;
    PyErr_SetString(PyExc_ValueError, "sequence.index(x): x not in sequence");
fail:
    n = -1;
done:
    Py_DECREF(it);
    return n;
}

Py_ssize_t PySequence_Count(PyObject *s, PyObject *o) {
    if (s == NULL || o == NULL) {
        null_error();
        return -1;
    }
    return _PySequence_IterSearch(s, o, PY_ITERSEARCH_COUNT);
}

int PySequence_Contains(PyObject *seq, PyObject *ob) {
    PySequenceMethods *m = Py_TYPE(seq)->tp_as_sequence;
    if (m != NULL && m->sq_contains != NULL) return m->sq_contains(seq, ob);
    return (int)_PySequence_IterSearch(seq, ob, PY_ITERSEARCH_CONTAINS);
}

int PySequence_In(PyObject *seq, PyObject *ob) { return PySequence_Contains(seq, ob); }

Py_ssize_t PySequence_Index(PyObject *s, PyObject *o) {
    if (s == NULL || o == NULL) {
        null_error();
        return -1;
    }
    return _PySequence_IterSearch(s, o, PY_ITERSEARCH_INDEX);
}

/* ---------------- mappings ---------------- */

int PyMapping_Check(PyObject *o) { return o != NULL && has_mapping_slot(o, 0); }

Py_ssize_t PyMapping_Size(PyObject *o) {
    if (o == NULL) {
        null_error();
        return -1;
    }
    PyMappingMethods *m = Py_TYPE(o)->tp_as_mapping;
    if (m != NULL && m->mp_length != NULL) return m->mp_length(o);
    PySequenceMethods *sq = Py_TYPE(o)->tp_as_sequence;
    if (sq != NULL && sq->sq_length != NULL)
        type_error("%.200s is not a mapping", o);
    else
        type_error("object of type '%.200s' has no len()", o);
    return -1;
}

Py_ssize_t PyMapping_Length(PyObject *o) { return PyMapping_Size(o); }

PyObject *PyMapping_GetItemString(PyObject *o, const char *key) {
    if (key == NULL) return null_error();
    PyObject *okey = PyUnicode_FromString(key);
    if (okey == NULL) return NULL;
    PyObject *res = PyObject_GetItem(o, okey);
    Py_DECREF(okey);
    return res;
}

int PyMapping_SetItemString(PyObject *o, const char *key, PyObject *value) {
    if (key == NULL) {
        null_error();
        return -1;
    }
    PyObject *okey = PyUnicode_FromString(key);
    if (okey == NULL) return -1;
    int res = PyObject_SetItem(o, okey, value);
    Py_DECREF(okey);
    return res;
}

int PyMapping_HasKeyString(PyObject *o, const char *key) {
    PyObject *v = PyMapping_GetItemString(o, key);
    if (v != NULL) {
        Py_DECREF(v);
        return 1;
    }
    PyErr_Clear();
    return 0;
}

int PyMapping_HasKey(PyObject *o, PyObject *key) {
    PyObject *v = PyObject_GetItem(o, key);
    if (v != NULL) {
        Py_DECREF(v);
        return 1;
    }
    PyErr_Clear();
    return 0;
}

/* o.<name>() as a list. */
static PyObject *method_output_as_list(PyObject *o, PyObject *name) {
    PyObject *out = PyObject_CallMethodNoArgs(o, name);
    if (out == NULL || PyList_CheckExact(out)) return out;
    PyObject *it = PyObject_GetIter(out);
    if (it == NULL) {
        if (PyErr_ExceptionMatches(PyExc_TypeError))
            PyErr_Format(PyExc_TypeError, "%.200s.%U() returned a non-iterable (type %.200s)", Py_TYPE(o)->tp_name,
                         name, Py_TYPE(out)->tp_name);
        Py_DECREF(out);
        return NULL;
    }
    Py_DECREF(out);
    PyObject *res = PySequence_List(it);
    Py_DECREF(it);
    return res;
}

PyObject *PyMapping_Keys(PyObject *o) {
    static PyObject *s_keys;
    if (o == NULL) return null_error();
    if (PyDict_CheckExact(o)) return PyDict_Keys(o);
    return method_output_as_list(o, cached_name(&s_keys, "keys"));
}

PyObject *PyMapping_Values(PyObject *o) {
    static PyObject *s_values;
    if (o == NULL) return null_error();
    if (PyDict_CheckExact(o)) return PyDict_Values(o);
    return method_output_as_list(o, cached_name(&s_values, "values"));
}

PyObject *PyMapping_Items(PyObject *o) {
    static PyObject *s_items;
    if (o == NULL) return null_error();
    if (PyDict_CheckExact(o)) return PyDict_Items(o);
    return method_output_as_list(o, cached_name(&s_items, "items"));
}
