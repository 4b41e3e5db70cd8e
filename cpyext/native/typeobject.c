/* typeobject.c: `type` and `object`, PyType_Ready and attribute lookup on
 * types.
 *
 * Invariants:
 * - A type is usable only once PyType_Ready has run: it then has a tp_dict
 *   (owned) holding a descriptor for every tp_methods / tp_members /
 *   tp_getset entry and a slot wrapper for every slot it defines itself
 *   (typeobject_slots.c), a tp_mro tuple starting with the type itself, and every
 *   slot it left NULL inherited from the first base in its MRO that has it.
 * - Static types (the shim's and those inside extension binaries) are never
 *   freed and own their tp_dict/tp_mro/tp_bases for ever. Heap types
 *   (Py_TPFLAGS_HEAPTYPE: PyType_FromSpec, type(name, bases, dict)) are
 *   refcounted like any object, and every instance of a heap type owns one
 *   reference to its type (taken by _cpx_setup_object, dropped by the
 *   instance's tp_dealloc, as CPython 3.8+ requires).
 * - _PyType_Lookup returns a borrowed reference and never sets an error. */
#include "internal.h"

static PyObject *type_call(PyObject *, PyObject *, PyObject *);
int _cpx_add_operators(PyTypeObject *type); /* typeobject_slots.c */

/* ---------------- lookup and subtyping ---------------- */

int PyType_IsSubtype(PyTypeObject *a, PyTypeObject *b) {
    if (a == b) return 1;
    PyObject *mro = a->tp_mro;
    if (mro != NULL && PyTuple_Check(mro)) {
        Py_ssize_t n = PyTuple_GET_SIZE(mro);
        for (Py_ssize_t i = 0; i < n; i++)
            if (PyTuple_GET_ITEM(mro, i) == (PyObject *)b) return 1;
        return 0;
    }
    for (PyTypeObject *t = a; t != NULL; t = t->tp_base)
        if (t == b) return 1;
    return b == &PyBaseObject_Type;
}

PyObject *_PyType_Lookup(PyTypeObject *type, PyObject *name) {
    PyObject *mro = type->tp_mro;
    if (mro == NULL) return NULL;
    PyObject *exc_type, *exc_value, *exc_tb;
    PyErr_Fetch(&exc_type, &exc_value, &exc_tb);
    PyObject *found = NULL;
    Py_ssize_t n = PyTuple_GET_SIZE(mro);
    for (Py_ssize_t i = 0; i < n && found == NULL; i++) {
        PyObject *dict = ((PyTypeObject *)PyTuple_GET_ITEM(mro, i))->tp_dict;
        if (dict != NULL) found = PyDict_GetItemWithError(dict, name);
        if (found == NULL && PyErr_Occurred()) PyErr_Clear();
    }
    PyErr_Restore(exc_type, exc_value, exc_tb);
    return found;
}

PyObject *_PyObject_LookupSpecial(PyObject *self, PyObject *name) {
    PyObject *res = _PyType_Lookup(Py_TYPE(self), name);
    if (res == NULL) return NULL;
    descrgetfunc get = Py_TYPE(res)->tp_descr_get;
    if (get == NULL) return Py_NewRef(res);
    return get(res, self, (PyObject *)Py_TYPE(self));
}

const char *_PyType_Name(PyTypeObject *type) {
    const char *dot = strrchr(type->tp_name, '.');
    return dot ? dot + 1 : type->tp_name;
}

PyObject *PyType_GetName(PyTypeObject *type) {
    if (type->tp_flags & Py_TPFLAGS_HEAPTYPE) return Py_NewRef(((PyHeapTypeObject *)type)->ht_name);
    return PyUnicode_FromString(_PyType_Name(type));
}

PyObject *PyType_GetQualName(PyTypeObject *type) {
    if (type->tp_flags & Py_TPFLAGS_HEAPTYPE) return Py_NewRef(((PyHeapTypeObject *)type)->ht_qualname);
    return PyUnicode_FromString(_PyType_Name(type));
}

unsigned long PyType_GetFlags(PyTypeObject *type) { return type->tp_flags; }
void PyType_Modified(PyTypeObject *type) { (void)type; }
unsigned int PyType_ClearCache(void) { return 0; }

/* The module a type says it belongs to: for a heap type __module__ in its
 * dict; for a static type the part of tp_name before the last dot, or
 * "builtins" (its dict's __module__ may be a descriptor for its instances,
 * as on builtin functions). New reference. */
static PyObject *type_module(PyTypeObject *type) {
    if ((type->tp_flags & Py_TPFLAGS_HEAPTYPE) && type->tp_dict != NULL) {
        PyObject *mod = PyDict_GetItemWithError(type->tp_dict, _cpx_intern("__module__"));
        if (mod != NULL) return Py_NewRef(mod);
        if (PyErr_Occurred()) return NULL;
    }
    const char *dot = strrchr(type->tp_name, '.');
    if (dot != NULL) return PyUnicode_FromStringAndSize(type->tp_name, dot - type->tp_name);
    return Py_NewRef(_cpx_intern("builtins"));
}

/* ---------------- allocation ---------------- */

PyObject *PyType_GenericAlloc(PyTypeObject *type, Py_ssize_t nitems) {
    size_t size = _PyObject_VAR_SIZE(type, nitems + 1);
    PyObject *obj = (PyObject *)PyObject_Calloc(1, size);
    if (obj == NULL) return PyErr_NoMemory();
    if (type->tp_itemsize != 0) ((PyVarObject *)obj)->ob_size = nitems;
    _cpx_setup_object(obj, type);
#ifdef CPX_DEBUG
    if (PyType_IS_GC(type)) PyObject_GC_Track(obj); /* as CPython does; only the debug build records it */
#endif
    return obj;
}

PyObject *PyType_GenericNew(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    return type->tp_alloc(type, 0);
}

/* ---------------- object ---------------- */

static PyObject *object_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    int excess = (args != NULL && PyTuple_GET_SIZE(args) != 0) || (kwds != NULL && PyDict_Size(kwds) != 0);
    if (excess && (type->tp_new != object_new || type->tp_init == PyBaseObject_Type.tp_init)) {
        PyErr_Format(PyExc_TypeError, "%.200s() takes no arguments", type->tp_name);
        return NULL;
    }
    if (type->tp_flags & Py_TPFLAGS_IS_ABSTRACT) {
        PyErr_Format(PyExc_TypeError, "Can't instantiate abstract class %s", type->tp_name);
        return NULL;
    }
    return type->tp_alloc(type, 0);
}

static int object_init(PyObject *self, PyObject *args, PyObject *kwds) {
    PyTypeObject *type = Py_TYPE(self);
    int excess = (args != NULL && PyTuple_GET_SIZE(args) != 0) || (kwds != NULL && PyDict_Size(kwds) != 0);
    if (excess && (type->tp_init != object_init || type->tp_new == object_new)) {
        PyErr_Format(PyExc_TypeError, "%.200s.__init__() takes exactly one argument (the instance to initialize)",
                     type->tp_name);
        return -1;
    }
    return 0;
}

static void object_dealloc(PyObject *self) { Py_TYPE(self)->tp_free(self); }

static PyObject *object_repr(PyObject *self) {
    PyTypeObject *type = Py_TYPE(self);
    PyObject *mod = type_module(type);
    if (mod == NULL) return NULL;
    PyObject *qual = PyType_GetQualName(type);
    PyObject *res;
    if (qual == NULL) res = NULL;
    else if (PyUnicode_Check(mod) && !_PyUnicode_EqualToASCIIString(mod, "builtins"))
        res = PyUnicode_FromFormat("<%U.%U object at %p>", mod, qual, self);
    else
        res = PyUnicode_FromFormat("<%s object at %p>", type->tp_name, self);
    Py_XDECREF(qual);
    Py_DECREF(mod);
    return res;
}

static PyObject *object_str(PyObject *self) {
    reprfunc f = Py_TYPE(self)->tp_repr;
    return f ? f(self) : object_repr(self);
}

static PyObject *object_richcompare(PyObject *self, PyObject *other, int op) {
    if (op == Py_EQ) return Py_NewRef(self == other ? Py_True : Py_NotImplemented);
    if (op == Py_NE) {
        richcmpfunc eq = Py_TYPE(self)->tp_richcompare;
        if (eq == NULL) Py_RETURN_NOTIMPLEMENTED;
        PyObject *res = eq(self, other, Py_EQ);
        if (res == NULL || res == Py_NotImplemented) return res;
        int truth = PyObject_IsTrue(res);
        Py_DECREF(res);
        if (truth < 0) return NULL;
        return Py_NewRef(truth ? Py_False : Py_True);
    }
    Py_RETURN_NOTIMPLEMENTED;
}

static Py_hash_t object_hash(PyObject *self) { return _Py_HashPointer(self); }

static PyObject *object_get_class(PyObject *self, void *closure) { return Py_NewRef(Py_TYPE(self)); }

static PyObject *object_dir(PyObject *self, PyObject *unused) { return PyObject_Dir(self); }

static PyObject *object_format(PyObject *self, PyObject *spec) {
    if (!PyUnicode_Check(spec) || PyUnicode_GET_LENGTH(spec) != 0) {
        PyErr_Format(PyExc_TypeError, "unsupported format string passed to %.200s.__format__",
                     Py_TYPE(self)->tp_name);
        return NULL;
    }
    return PyObject_Str(self);
}

static PyObject *object_sizeof(PyObject *self, PyObject *unused) {
    PyTypeObject *t = Py_TYPE(self);
    Py_ssize_t n = t->tp_basicsize + (t->tp_itemsize ? Py_SIZE(self) * t->tp_itemsize : 0);
    return PyLong_FromSsize_t(n);
}

static PyMethodDef object_methods[] = {
    {"__dir__", object_dir, METH_NOARGS, NULL},
    {"__format__", object_format, METH_O, NULL},
    {"__sizeof__", object_sizeof, METH_NOARGS, NULL},
    {"__reduce_ex__", _cpx_object_reduce_ex, METH_O, "Helper for pickle."},
    {"__reduce__", _cpx_object_reduce, METH_NOARGS, "Helper for pickle."},
    {"__getstate__", _cpx_object_getstate, METH_NOARGS, "Helper for pickle."},
    {"__subclasshook__", _cpx_object_subclasshook, METH_CLASS | METH_VARARGS,
     "Abstract classes can override this to customize issubclass()."},
    {"__init_subclass__", (PyCFunction)(void (*)(void))_cpx_object_init_subclass,
     METH_CLASS | METH_VARARGS | METH_KEYWORDS, "This method is called when a class is subclassed."},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef object_getset[] = {
    {"__class__", object_get_class, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

PyTypeObject PyBaseObject_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "object",
    .tp_basicsize = sizeof(PyObject),
    .tp_dealloc = object_dealloc,
    .tp_repr = object_repr,
    .tp_hash = object_hash,
    .tp_str = object_str,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_setattro = PyObject_GenericSetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_doc = "The base class of the class hierarchy.",
    .tp_richcompare = object_richcompare,
    .tp_methods = object_methods,
    .tp_getset = object_getset,
    .tp_init = object_init,
    .tp_alloc = PyType_GenericAlloc,
    .tp_new = object_new,
    .tp_free = PyObject_Free,
};

/* ---------------- PyType_Ready ---------------- */

/* C3 linearisation of `type` over its bases' MROs. New tuple or NULL. */
static PyObject *compute_mro(PyTypeObject *type) {
    PyObject *bases = type->tp_bases;
    Py_ssize_t nbases = PyTuple_GET_SIZE(bases);
    if (nbases == 1) {
        PyObject *base_mro = ((PyTypeObject *)PyTuple_GET_ITEM(bases, 0))->tp_mro;
        Py_ssize_t n = PyTuple_GET_SIZE(base_mro);
        PyObject *mro = PyTuple_New(n + 1);
        if (mro == NULL) return NULL;
        PyTuple_SET_ITEM(mro, 0, Py_NewRef(type));
        for (Py_ssize_t i = 0; i < n; i++) PyTuple_SET_ITEM(mro, i + 1, Py_NewRef(PyTuple_GET_ITEM(base_mro, i)));
        return mro;
    }
    /* General case: merge the bases' MROs and the list of bases. */
    Py_ssize_t nseq = nbases + 1;
    PyObject **seqs = PyMem_Calloc((size_t)nseq, sizeof(PyObject *));
    Py_ssize_t *heads = PyMem_Calloc((size_t)nseq, sizeof(Py_ssize_t));
    PyObject *result = PyList_New(0);
    if (seqs == NULL || heads == NULL || result == NULL) goto fail;
    for (Py_ssize_t i = 0; i < nbases; i++) seqs[i] = ((PyTypeObject *)PyTuple_GET_ITEM(bases, i))->tp_mro;
    seqs[nbases] = bases;
    if (PyList_Append(result, (PyObject *)type) < 0) goto fail;
    for (;;) {
        PyObject *candidate = NULL;
        int remaining = 0;
        for (Py_ssize_t i = 0; i < nseq && candidate == NULL; i++) {
            if (heads[i] >= PyTuple_GET_SIZE(seqs[i])) continue;
            remaining = 1;
            PyObject *c = PyTuple_GET_ITEM(seqs[i], heads[i]);
            int in_tail = 0;
            for (Py_ssize_t j = 0; j < nseq && !in_tail; j++)
                for (Py_ssize_t k = heads[j] + 1; k < PyTuple_GET_SIZE(seqs[j]); k++)
                    if (PyTuple_GET_ITEM(seqs[j], k) == c) { in_tail = 1; break; }
            if (!in_tail) candidate = c;
        }
        if (!remaining) break;
        if (candidate == NULL) {
            PyErr_SetString(PyExc_TypeError, "Cannot create a consistent method resolution order (MRO)");
            goto fail;
        }
        if (PyList_Append(result, candidate) < 0) goto fail;
        for (Py_ssize_t i = 0; i < nseq; i++)
            if (heads[i] < PyTuple_GET_SIZE(seqs[i]) && PyTuple_GET_ITEM(seqs[i], heads[i]) == candidate) heads[i]++;
    }
    PyMem_Free(seqs);
    PyMem_Free(heads);
    PyObject *tuple = PyList_AsTuple(result);
    Py_DECREF(result);
    return tuple;
fail:
    PyMem_Free(seqs);
    PyMem_Free(heads);
    Py_XDECREF(result);
    return NULL;
}

static int add_descriptors(PyTypeObject *type) {
    PyObject *dict = type->tp_dict;
    for (PyMethodDef *m = type->tp_methods; m != NULL && m->ml_name != NULL; m++) {
        PyObject *name = PyUnicode_FromString(m->ml_name);
        if (name == NULL) return -1;
        int exists = PyDict_Contains(dict, name);
        if (exists < 0 || (exists && !(m->ml_flags & METH_COEXIST))) {
            Py_DECREF(name);
            if (exists < 0) return -1;
            continue;
        }
        PyObject *descr;
        if (m->ml_flags & METH_CLASS) {
            descr = PyDescr_NewClassMethod(type, m);
        } else if (m->ml_flags & METH_STATIC) {
            PyObject *fn = PyCFunction_NewEx(m, (PyObject *)type, NULL);
            descr = fn ? PyStaticMethod_New(fn) : NULL;
            Py_XDECREF(fn);
        } else {
            descr = PyDescr_NewMethod(type, m);
        }
        int rc = descr ? PyDict_SetItem(dict, name, descr) : -1;
        Py_XDECREF(descr);
        Py_DECREF(name);
        if (rc < 0) return -1;
    }
    for (PyMemberDef *m = type->tp_members; m != NULL && m->name != NULL; m++) {
        PyObject *descr = PyDescr_NewMember(type, m);
        if (descr == NULL || PyDict_SetDefault(dict, PyDescr_NAME(descr), descr) == NULL) {
            Py_XDECREF(descr);
            return -1;
        }
        Py_DECREF(descr);
    }
    for (PyGetSetDef *g = type->tp_getset; g != NULL && g->name != NULL; g++) {
        PyObject *descr = PyDescr_NewGetSet(type, g);
        if (descr == NULL || PyDict_SetDefault(dict, PyDescr_NAME(descr), descr) == NULL) {
            Py_XDECREF(descr);
            return -1;
        }
        Py_DECREF(descr);
    }
    return 0;
}

#define INHERIT(field) do { if (type->field == NULL) type->field = base->field; } while (0)
#define INHERIT_TABLE(table, field) do { \
    if (type->table != NULL && base->table != NULL && type->table->field == NULL) \
        type->table->field = base->table->field; } while (0)

static void inherit_special(PyTypeObject *type, PyTypeObject *base) {
    if (type->tp_basicsize == 0) type->tp_basicsize = base->tp_basicsize;
    if (type->tp_itemsize == 0) type->tp_itemsize = base->tp_itemsize;
    if (!(type->tp_flags & Py_TPFLAGS_HAVE_GC) && (base->tp_flags & Py_TPFLAGS_HAVE_GC) &&
        type->tp_traverse == NULL && type->tp_clear == NULL) {
        type->tp_flags |= Py_TPFLAGS_HAVE_GC;
        type->tp_traverse = base->tp_traverse;
        type->tp_clear = base->tp_clear;
    }
    type->tp_flags |= base->tp_flags & (Py_TPFLAGS_LONG_SUBCLASS | Py_TPFLAGS_LIST_SUBCLASS |
        Py_TPFLAGS_TUPLE_SUBCLASS | Py_TPFLAGS_BYTES_SUBCLASS | Py_TPFLAGS_UNICODE_SUBCLASS |
        Py_TPFLAGS_DICT_SUBCLASS | Py_TPFLAGS_BASE_EXC_SUBCLASS | Py_TPFLAGS_TYPE_SUBCLASS);
    if (!(type->tp_flags & (Py_TPFLAGS_SEQUENCE | Py_TPFLAGS_MAPPING)))
        type->tp_flags |= base->tp_flags & (Py_TPFLAGS_SEQUENCE | Py_TPFLAGS_MAPPING);
    if (type->tp_weaklistoffset == 0) type->tp_weaklistoffset = base->tp_weaklistoffset;
    if (type->tp_dictoffset == 0) type->tp_dictoffset = base->tp_dictoffset;
}

static void inherit_slots(PyTypeObject *type, PyTypeObject *base) {
    INHERIT_TABLE(tp_as_number, nb_add); INHERIT_TABLE(tp_as_number, nb_subtract);
    INHERIT_TABLE(tp_as_number, nb_multiply); INHERIT_TABLE(tp_as_number, nb_remainder);
    INHERIT_TABLE(tp_as_number, nb_divmod); INHERIT_TABLE(tp_as_number, nb_power);
    INHERIT_TABLE(tp_as_number, nb_negative); INHERIT_TABLE(tp_as_number, nb_positive);
    INHERIT_TABLE(tp_as_number, nb_absolute); INHERIT_TABLE(tp_as_number, nb_bool);
    INHERIT_TABLE(tp_as_number, nb_invert); INHERIT_TABLE(tp_as_number, nb_lshift);
    INHERIT_TABLE(tp_as_number, nb_rshift); INHERIT_TABLE(tp_as_number, nb_and);
    INHERIT_TABLE(tp_as_number, nb_xor); INHERIT_TABLE(tp_as_number, nb_or);
    INHERIT_TABLE(tp_as_number, nb_int); INHERIT_TABLE(tp_as_number, nb_float);
    INHERIT_TABLE(tp_as_number, nb_inplace_add); INHERIT_TABLE(tp_as_number, nb_inplace_subtract);
    INHERIT_TABLE(tp_as_number, nb_inplace_multiply); INHERIT_TABLE(tp_as_number, nb_inplace_remainder);
    INHERIT_TABLE(tp_as_number, nb_inplace_power); INHERIT_TABLE(tp_as_number, nb_inplace_lshift);
    INHERIT_TABLE(tp_as_number, nb_inplace_rshift); INHERIT_TABLE(tp_as_number, nb_inplace_and);
    INHERIT_TABLE(tp_as_number, nb_inplace_xor); INHERIT_TABLE(tp_as_number, nb_inplace_or);
    INHERIT_TABLE(tp_as_number, nb_floor_divide); INHERIT_TABLE(tp_as_number, nb_true_divide);
    INHERIT_TABLE(tp_as_number, nb_inplace_floor_divide); INHERIT_TABLE(tp_as_number, nb_inplace_true_divide);
    INHERIT_TABLE(tp_as_number, nb_index); INHERIT_TABLE(tp_as_number, nb_matrix_multiply);
    INHERIT_TABLE(tp_as_number, nb_inplace_matrix_multiply);
    INHERIT_TABLE(tp_as_sequence, sq_length); INHERIT_TABLE(tp_as_sequence, sq_concat);
    INHERIT_TABLE(tp_as_sequence, sq_repeat); INHERIT_TABLE(tp_as_sequence, sq_item);
    INHERIT_TABLE(tp_as_sequence, sq_ass_item); INHERIT_TABLE(tp_as_sequence, sq_contains);
    INHERIT_TABLE(tp_as_sequence, sq_inplace_concat); INHERIT_TABLE(tp_as_sequence, sq_inplace_repeat);
    INHERIT_TABLE(tp_as_mapping, mp_length); INHERIT_TABLE(tp_as_mapping, mp_subscript);
    INHERIT_TABLE(tp_as_mapping, mp_ass_subscript);
    INHERIT_TABLE(tp_as_async, am_await); INHERIT_TABLE(tp_as_async, am_aiter);
    INHERIT_TABLE(tp_as_async, am_anext); INHERIT_TABLE(tp_as_async, am_send);
    INHERIT_TABLE(tp_as_buffer, bf_getbuffer); INHERIT_TABLE(tp_as_buffer, bf_releasebuffer);
    INHERIT(tp_dealloc);
    if (type->tp_getattr == NULL && type->tp_getattro == NULL) {
        type->tp_getattr = base->tp_getattr;
        type->tp_getattro = base->tp_getattro;
    }
    if (type->tp_setattr == NULL && type->tp_setattro == NULL) {
        type->tp_setattr = base->tp_setattr;
        type->tp_setattro = base->tp_setattro;
    }
    INHERIT(tp_repr);
    INHERIT(tp_call);
    INHERIT(tp_str);
    if (type->tp_richcompare == NULL && type->tp_hash == NULL) {
        int overrides = 0;
        if (type->tp_dict != NULL)
            overrides = PyDict_GetItemWithError(type->tp_dict, _cpx_intern("__eq__")) != NULL ||
                        PyDict_GetItemWithError(type->tp_dict, _cpx_intern("__hash__")) != NULL;
        if (!overrides) {
            type->tp_richcompare = base->tp_richcompare;
            type->tp_hash = base->tp_hash;
        }
    }
    INHERIT(tp_iter);
    INHERIT(tp_iternext);
    INHERIT(tp_descr_get);
    INHERIT(tp_descr_set);
    INHERIT(tp_init);
    INHERIT(tp_alloc);
    INHERIT(tp_is_gc);
    INHERIT(tp_finalize);
    if (type->tp_free == NULL) type->tp_free = base->tp_free;
    if (!(type->tp_flags & Py_TPFLAGS_HAVE_VECTORCALL) && (base->tp_flags & Py_TPFLAGS_HAVE_VECTORCALL) &&
        !(type->tp_flags & Py_TPFLAGS_HEAPTYPE) && type->tp_call == base->tp_call &&
        type->tp_vectorcall_offset == 0) {
        type->tp_vectorcall_offset = base->tp_vectorcall_offset;
        type->tp_flags |= Py_TPFLAGS_HAVE_VECTORCALL;
    }
}

static int set_dict_defaults(PyTypeObject *type) {
    PyObject *dict = type->tp_dict;
    PyObject *doc_key = _cpx_intern("__doc__");
    int has = PyDict_Contains(dict, doc_key);
    if (has < 0) return -1;
    if (!has) {
        PyObject *doc = type->tp_doc ? PyUnicode_FromString(type->tp_doc) : Py_NewRef(Py_None);
        if (doc == NULL) { PyErr_Clear(); doc = Py_NewRef(Py_None); }
        int rc = PyDict_SetItem(dict, doc_key, doc);
        Py_DECREF(doc);
        if (rc < 0) return -1;
    }
    const char *dot = strrchr(type->tp_name, '.');
    if (dot != NULL && !(type->tp_flags & Py_TPFLAGS_HEAPTYPE)) {
        PyObject *mod = PyUnicode_FromStringAndSize(type->tp_name, dot - type->tp_name);
        if (mod == NULL || PyDict_SetDefault(dict, _cpx_intern("__module__"), mod) == NULL) {
            Py_XDECREF(mod);
            return -1;
        }
        Py_DECREF(mod);
    }
    if (type->tp_hash == NULL) {
        PyObject *hash_key = _cpx_intern("__hash__");
        if (PyDict_GetItemWithError(dict, hash_key) == NULL) {
            if (PyErr_Occurred() || PyDict_SetItem(dict, hash_key, Py_None) < 0) return -1;
            type->tp_hash = PyObject_HashNotImplemented;
        }
    }
    return 0;
}

int PyType_Ready(PyTypeObject *type) {
    if (type->tp_flags & Py_TPFLAGS_READY) return 0;
    if (type->tp_flags & Py_TPFLAGS_READYING) return 0;
    type->tp_flags |= Py_TPFLAGS_READYING;
#ifdef CPX_DEBUG
    if (!(type->tp_flags & Py_TPFLAGS_HEAPTYPE)) _cpx_debug_static_type(type);
#endif

    PyTypeObject *base = type->tp_base;
    if (base == NULL && type != &PyBaseObject_Type) base = type->tp_base = &PyBaseObject_Type;
    if (base != NULL && !(base->tp_flags & Py_TPFLAGS_READY) && PyType_Ready(base) < 0) goto fail;
    if (Py_TYPE(type) == NULL && base != NULL) Py_SET_TYPE(type, Py_TYPE(base));
    if (type->tp_bases == NULL) {
        type->tp_bases = base ? PyTuple_Pack(1, (PyObject *)base) : PyTuple_New(0);
        if (type->tp_bases == NULL) goto fail;
    }
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(type->tp_bases); i++) {
        PyTypeObject *b = (PyTypeObject *)PyTuple_GET_ITEM(type->tp_bases, i);
        if (!(b->tp_flags & Py_TPFLAGS_READY) && PyType_Ready(b) < 0) goto fail;
    }
    if (type->tp_dict == NULL && (type->tp_dict = PyDict_New()) == NULL) goto fail;
    if (_cpx_add_operators(type) < 0 || add_descriptors(type) < 0) goto fail;
    if (type->tp_mro == NULL) {
        if (base == NULL) type->tp_mro = PyTuple_Pack(1, (PyObject *)type);
        else type->tp_mro = compute_mro(type);
        if (type->tp_mro == NULL) goto fail;
    }
    if (base != NULL) {
        inherit_special(type, base);
        if (type->tp_as_async == NULL) type->tp_as_async = base->tp_as_async;
        if (type->tp_as_number == NULL) type->tp_as_number = base->tp_as_number;
        if (type->tp_as_sequence == NULL) type->tp_as_sequence = base->tp_as_sequence;
        if (type->tp_as_mapping == NULL) type->tp_as_mapping = base->tp_as_mapping;
        if (type->tp_as_buffer == NULL) type->tp_as_buffer = base->tp_as_buffer;
    }
    for (Py_ssize_t i = 1; i < PyTuple_GET_SIZE(type->tp_mro); i++)
        inherit_slots(type, (PyTypeObject *)PyTuple_GET_ITEM(type->tp_mro, i));
    if (type->tp_flags & Py_TPFLAGS_DISALLOW_INSTANTIATION) {
        type->tp_new = NULL;
    } else if (type->tp_new == NULL && base != NULL) {
        if (base == &PyBaseObject_Type && !(type->tp_flags & Py_TPFLAGS_HEAPTYPE))
            type->tp_flags |= Py_TPFLAGS_DISALLOW_INSTANTIATION;
        else
            type->tp_new = base->tp_new;
    }
    if (set_dict_defaults(type) < 0) goto fail;
    type->tp_flags = (type->tp_flags & ~Py_TPFLAGS_READYING) | Py_TPFLAGS_READY;
    return 0;
fail:
    type->tp_flags &= ~Py_TPFLAGS_READYING;
    return -1;
}

/* ---------------- calling a type ---------------- */

static PyObject *type_call(PyObject *self, PyObject *args, PyObject *kwds) {
    PyTypeObject *type = (PyTypeObject *)self;
    if (type == &PyType_Type && PyTuple_GET_SIZE(args) == 1 && (kwds == NULL || PyDict_Size(kwds) == 0))
        return Py_NewRef(Py_TYPE(PyTuple_GET_ITEM(args, 0)));
    if (type->tp_new == NULL) {
        PyErr_Format(PyExc_TypeError, "cannot create '%s' instances", type->tp_name);
        return NULL;
    }
    PyObject *obj = type->tp_new(type, args, kwds);
    obj = _Py_CheckFunctionResult(NULL, self, obj, NULL);
    if (obj == NULL || !PyObject_TypeCheck(obj, type)) return obj;
    type = Py_TYPE(obj);
    if (type->tp_init != NULL && type->tp_init(obj, args, kwds) < 0) {
        Py_DECREF(obj);
        return NULL;
    }
    return obj;
}

/* Attribute lookup on a type: data descriptors of the metatype, then the
 * type's own MRO (binding descriptors with instance NULL), then the rest of
 * the metatype's attributes. */
static PyObject *type_getattro(PyObject *self, PyObject *name) {
    PyTypeObject *type = (PyTypeObject *)self, *meta = Py_TYPE(self);
    PyObject *meta_attr = _PyType_Lookup(meta, name);
    descrgetfunc meta_get = NULL;
    if (meta_attr != NULL) {
        Py_INCREF(meta_attr);
        meta_get = Py_TYPE(meta_attr)->tp_descr_get;
        if (meta_get != NULL && Py_TYPE(meta_attr)->tp_descr_set != NULL) {
            PyObject *res = meta_get(meta_attr, self, (PyObject *)meta);
            Py_DECREF(meta_attr);
            return res;
        }
    }
    PyObject *attr = _PyType_Lookup(type, name);
    if (attr != NULL) {
        Py_XDECREF(meta_attr);
        descrgetfunc get = Py_TYPE(attr)->tp_descr_get;
        if (get != NULL) return get(attr, NULL, self);
        return Py_NewRef(attr);
    }
    if (meta_get != NULL) {
        PyObject *res = meta_get(meta_attr, self, (PyObject *)meta);
        Py_DECREF(meta_attr);
        return res;
    }
    if (meta_attr != NULL) return meta_attr;
    PyErr_Format(PyExc_AttributeError, "type object '%.50s' has no attribute '%U'", type->tp_name, name);
    return NULL;
}

static int type_setattro(PyObject *self, PyObject *name, PyObject *value) {
    PyTypeObject *type = (PyTypeObject *)self;
    if (!(type->tp_flags & Py_TPFLAGS_HEAPTYPE) || (type->tp_flags & Py_TPFLAGS_IMMUTABLETYPE)) {
        PyErr_Format(PyExc_TypeError, "cannot set %R attribute of immutable type '%s'", name, type->tp_name);
        return -1;
    }
    return _PyObject_GenericSetAttrWithDict(self, name, value, type->tp_dict);
}

static PyObject *type_repr(PyObject *self) {
    PyTypeObject *type = (PyTypeObject *)self;
    PyObject *mod = type_module(type);
    if (mod == NULL) return NULL;
    PyObject *qual = PyType_GetQualName(type), *res = NULL;
    if (qual != NULL) {
        if (PyUnicode_Check(mod) && !_PyUnicode_EqualToASCIIString(mod, "builtins"))
            res = PyUnicode_FromFormat("<class '%U.%U'>", mod, qual);
        else
            res = PyUnicode_FromFormat("<class '%s'>", type->tp_name);
        Py_DECREF(qual);
    }
    Py_DECREF(mod);
    return res;
}

static void type_dealloc(PyObject *self) {
    PyHeapTypeObject *ht = (PyHeapTypeObject *)self;
    PyTypeObject *type = &ht->ht_type;
    Py_XDECREF(type->tp_dict);
    Py_XDECREF(type->tp_mro);
    Py_XDECREF(type->tp_bases);
    if (type->tp_base != NULL) Py_DECREF(type->tp_base);
    Py_XDECREF(ht->ht_name);
    Py_XDECREF(ht->ht_qualname);
    Py_XDECREF(ht->ht_slots);
    Py_XDECREF(ht->ht_module);
    PyMem_Free(ht->_ht_tpname);
    PyMem_Free((void *)type->tp_doc);
    PyMem_Free(type->tp_members);
    Py_TYPE(self)->tp_free(self);
}

static PyObject *type_get_name(PyObject *self, void *c) { return PyType_GetName((PyTypeObject *)self); }
static PyObject *type_get_qualname(PyObject *self, void *c) { return PyType_GetQualName((PyTypeObject *)self); }
static PyObject *type_get_module(PyObject *self, void *c) { return type_module((PyTypeObject *)self); }
static PyObject *type_get_dict(PyObject *self, void *c) { return PyDictProxy_New(((PyTypeObject *)self)->tp_dict); }
static PyObject *type_get_mro(PyObject *self, void *c) { return Py_NewRef(((PyTypeObject *)self)->tp_mro); }
static PyObject *type_get_bases(PyObject *self, void *c) { return Py_NewRef(((PyTypeObject *)self)->tp_bases); }
static PyObject *type_get_base(PyObject *self, void *c) {
    PyTypeObject *base = ((PyTypeObject *)self)->tp_base;
    return Py_NewRef(base ? (PyObject *)base : Py_None);
}
static PyObject *type_get_doc(PyObject *self, void *c) {
    PyTypeObject *type = (PyTypeObject *)self;
    PyObject *doc = PyDict_GetItemWithError(type->tp_dict, _cpx_intern("__doc__"));
    if (doc != NULL) {
        descrgetfunc get = Py_TYPE(doc)->tp_descr_get;
        return get ? get(doc, NULL, self) : Py_NewRef(doc);
    }
    if (PyErr_Occurred()) return NULL;
    if (type->tp_doc) return PyUnicode_FromString(type->tp_doc);
    Py_RETURN_NONE;
}

static PyObject *type_mro_method(PyObject *self, PyObject *unused) {
    return PySequence_List(((PyTypeObject *)self)->tp_mro);
}

static PyObject *type_instancecheck(PyObject *self, PyObject *inst) {
    return PyBool_FromLong(PyObject_TypeCheck(inst, (PyTypeObject *)self));
}

static PyObject *type_subclasscheck(PyObject *self, PyObject *sub) {
    if (!PyType_Check(sub)) {
        PyErr_SetString(PyExc_TypeError, "issubclass() arg 1 must be a class");
        return NULL;
    }
    return PyBool_FromLong(PyType_IsSubtype((PyTypeObject *)sub, (PyTypeObject *)self));
}

static PyMethodDef type_methods[] = {
    {"mro", type_mro_method, METH_NOARGS, NULL},
    {"__instancecheck__", type_instancecheck, METH_O, NULL},
    {"__subclasscheck__", type_subclasscheck, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static PyGetSetDef type_getset[] = {
    {"__name__", type_get_name, NULL, NULL, NULL},
    {"__qualname__", type_get_qualname, NULL, NULL, NULL},
    {"__module__", type_get_module, NULL, NULL, NULL},
    {"__dict__", type_get_dict, NULL, NULL, NULL},
    {"__mro__", type_get_mro, NULL, NULL, NULL},
    {"__bases__", type_get_bases, NULL, NULL, NULL},
    {"__base__", type_get_base, NULL, NULL, NULL},
    {"__doc__", type_get_doc, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* The layout facts CPython exposes on every type (Cython checks __basicsize__ at import). */
static PyMemberDef type_members[] = {
    {"__basicsize__", T_PYSSIZET, offsetof(PyTypeObject, tp_basicsize), READONLY, NULL},
    {"__itemsize__", T_PYSSIZET, offsetof(PyTypeObject, tp_itemsize), READONLY, NULL},
    {"__flags__", T_ULONG, offsetof(PyTypeObject, tp_flags), READONLY, NULL},
    {"__weakrefoffset__", T_PYSSIZET, offsetof(PyTypeObject, tp_weaklistoffset), READONLY, NULL},
    {"__dictoffset__", T_PYSSIZET, offsetof(PyTypeObject, tp_dictoffset), READONLY, NULL},
    {NULL, 0, 0, 0, NULL},
};

PyObject *_cpx_type_new(PyTypeObject *meta, PyObject *args, PyObject *kwds);

PyTypeObject PyType_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "type",
    .tp_basicsize = sizeof(PyHeapTypeObject),
    .tp_itemsize = sizeof(PyMemberDef),
    .tp_dealloc = type_dealloc,
    .tp_repr = type_repr,
    .tp_call = type_call,
    .tp_getattro = type_getattro,
    .tp_setattro = type_setattro,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_TYPE_SUBCLASS,
    .tp_doc = "type(object) -> the object's type\ntype(name, bases, dict, **kwds) -> a new type",
    .tp_methods = type_methods,
    .tp_members = type_members,
    .tp_getset = type_getset,
    .tp_base = &PyBaseObject_Type,
    .tp_alloc = PyType_GenericAlloc,
    .tp_new = _cpx_type_new,
    .tp_free = PyObject_Free,
};

/* ---------------- super(type, obj) ---------------- */

typedef struct {
    PyObject_HEAD
    PyTypeObject *type;    /* look after this class in the MRO */
    PyObject *obj;         /* the instance (or class) bound to */
    PyTypeObject *obj_type;
} superobject;

static int super_init(PyObject *self, PyObject *args, PyObject *kwds) {
    PyObject *type, *obj;
    if (!PyArg_ParseTuple(args, "O!O:super", &PyType_Type, &type, &obj)) return -1;
    PyTypeObject *obj_type = PyType_Check(obj) && PyType_IsSubtype((PyTypeObject *)obj, (PyTypeObject *)type)
                                 ? (PyTypeObject *)obj
                                 : Py_TYPE(obj);
    if (!PyType_IsSubtype(obj_type, (PyTypeObject *)type)) {
        PyErr_SetString(PyExc_TypeError, "super(type, obj): obj must be an instance or subtype of type");
        return -1;
    }
    superobject *su = (superobject *)self;
    Py_XSETREF(su->type, (PyTypeObject *)Py_NewRef(type));
    Py_XSETREF(su->obj, Py_NewRef(obj));
    Py_XSETREF(su->obj_type, (PyTypeObject *)Py_NewRef(obj_type));
    return 0;
}

static PyObject *super_getattro(PyObject *self, PyObject *name) {
    superobject *su = (superobject *)self;
    PyObject *mro = su->obj_type ? su->obj_type->tp_mro : NULL;
    if (mro != NULL && !_PyUnicode_EqualToASCIIString(name, "__class__")) {
        Py_ssize_t n = PyTuple_GET_SIZE(mro), i = 0;
        while (i < n && PyTuple_GET_ITEM(mro, i) != (PyObject *)su->type) i++;
        for (i++; i < n; i++) {
            PyObject *dict = ((PyTypeObject *)PyTuple_GET_ITEM(mro, i))->tp_dict;
            PyObject *res = dict ? PyDict_GetItemWithError(dict, name) : NULL;
            if (res == NULL) {
                if (PyErr_Occurred()) return NULL;
                continue;
            }
            descrgetfunc get = Py_TYPE(res)->tp_descr_get;
            if (get == NULL) return Py_NewRef(res);
            return get(res, su->obj == (PyObject *)su->obj_type ? NULL : su->obj, (PyObject *)su->obj_type);
        }
    }
    return PyObject_GenericGetAttr(self, name);
}

static void super_dealloc(PyObject *self) {
    superobject *su = (superobject *)self;
    Py_XDECREF(su->type);
    Py_XDECREF(su->obj);
    Py_XDECREF(su->obj_type);
    Py_TYPE(self)->tp_free(self);
}

PyTypeObject PySuper_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "super",
    .tp_basicsize = sizeof(superobject),
    .tp_dealloc = super_dealloc,
    .tp_getattro = super_getattro,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_doc = "super(type, obj) -> bound super object (the two-argument form only)",
    .tp_init = super_init,
    .tp_alloc = PyType_GenericAlloc,
    .tp_new = PyType_GenericNew,
    .tp_free = PyObject_Free,
};

int _cpx_init_types(void) {
    if (PyType_Ready(&PyBaseObject_Type) < 0 || PyType_Ready(&PyType_Type) < 0) return -1;
    if (PyType_Ready(&PySuper_Type) < 0) return -1;
    return 0;
}
