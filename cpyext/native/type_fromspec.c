/* type_fromspec.c: heap types: PyType_FromSpec and friends, type(name,
 * bases, dict), and PyType_GetSlot.
 *
 * Invariants:
 * - A heap type is one PyHeapTypeObject: its slot tables (as_number, ...)
 *   live inside it and the type's tp_as_* pointers point there. It owns its
 *   name strings, a copy of the spec's member table and doc, its dict, MRO,
 *   bases and (strong reference) its base and module.
 * - Spec members named __weaklistoffset__, __dictoffset__ and
 *   __vectorcalloffset__ set the corresponding offsets and are not exposed.
 * - A heap type without its own tp_dealloc gets subtype_dealloc, which runs
 *   the nearest static base's dealloc and then drops the instance's
 *   reference to its type. */
#include "internal.h"

static const size_t slot_offsets[] = {
    [Py_bf_getbuffer] = offsetof(PyHeapTypeObject, as_buffer.bf_getbuffer),
    [Py_bf_releasebuffer] = offsetof(PyHeapTypeObject, as_buffer.bf_releasebuffer),
    [Py_mp_ass_subscript] = offsetof(PyHeapTypeObject, as_mapping.mp_ass_subscript),
    [Py_mp_length] = offsetof(PyHeapTypeObject, as_mapping.mp_length),
    [Py_mp_subscript] = offsetof(PyHeapTypeObject, as_mapping.mp_subscript),
    [Py_nb_absolute] = offsetof(PyHeapTypeObject, as_number.nb_absolute),
    [Py_nb_add] = offsetof(PyHeapTypeObject, as_number.nb_add),
    [Py_nb_and] = offsetof(PyHeapTypeObject, as_number.nb_and),
    [Py_nb_bool] = offsetof(PyHeapTypeObject, as_number.nb_bool),
    [Py_nb_divmod] = offsetof(PyHeapTypeObject, as_number.nb_divmod),
    [Py_nb_float] = offsetof(PyHeapTypeObject, as_number.nb_float),
    [Py_nb_floor_divide] = offsetof(PyHeapTypeObject, as_number.nb_floor_divide),
    [Py_nb_index] = offsetof(PyHeapTypeObject, as_number.nb_index),
    [Py_nb_inplace_add] = offsetof(PyHeapTypeObject, as_number.nb_inplace_add),
    [Py_nb_inplace_and] = offsetof(PyHeapTypeObject, as_number.nb_inplace_and),
    [Py_nb_inplace_floor_divide] = offsetof(PyHeapTypeObject, as_number.nb_inplace_floor_divide),
    [Py_nb_inplace_lshift] = offsetof(PyHeapTypeObject, as_number.nb_inplace_lshift),
    [Py_nb_inplace_multiply] = offsetof(PyHeapTypeObject, as_number.nb_inplace_multiply),
    [Py_nb_inplace_or] = offsetof(PyHeapTypeObject, as_number.nb_inplace_or),
    [Py_nb_inplace_power] = offsetof(PyHeapTypeObject, as_number.nb_inplace_power),
    [Py_nb_inplace_remainder] = offsetof(PyHeapTypeObject, as_number.nb_inplace_remainder),
    [Py_nb_inplace_rshift] = offsetof(PyHeapTypeObject, as_number.nb_inplace_rshift),
    [Py_nb_inplace_subtract] = offsetof(PyHeapTypeObject, as_number.nb_inplace_subtract),
    [Py_nb_inplace_true_divide] = offsetof(PyHeapTypeObject, as_number.nb_inplace_true_divide),
    [Py_nb_inplace_xor] = offsetof(PyHeapTypeObject, as_number.nb_inplace_xor),
    [Py_nb_int] = offsetof(PyHeapTypeObject, as_number.nb_int),
    [Py_nb_invert] = offsetof(PyHeapTypeObject, as_number.nb_invert),
    [Py_nb_lshift] = offsetof(PyHeapTypeObject, as_number.nb_lshift),
    [Py_nb_multiply] = offsetof(PyHeapTypeObject, as_number.nb_multiply),
    [Py_nb_negative] = offsetof(PyHeapTypeObject, as_number.nb_negative),
    [Py_nb_or] = offsetof(PyHeapTypeObject, as_number.nb_or),
    [Py_nb_positive] = offsetof(PyHeapTypeObject, as_number.nb_positive),
    [Py_nb_power] = offsetof(PyHeapTypeObject, as_number.nb_power),
    [Py_nb_remainder] = offsetof(PyHeapTypeObject, as_number.nb_remainder),
    [Py_nb_rshift] = offsetof(PyHeapTypeObject, as_number.nb_rshift),
    [Py_nb_subtract] = offsetof(PyHeapTypeObject, as_number.nb_subtract),
    [Py_nb_true_divide] = offsetof(PyHeapTypeObject, as_number.nb_true_divide),
    [Py_nb_xor] = offsetof(PyHeapTypeObject, as_number.nb_xor),
    [Py_sq_ass_item] = offsetof(PyHeapTypeObject, as_sequence.sq_ass_item),
    [Py_sq_concat] = offsetof(PyHeapTypeObject, as_sequence.sq_concat),
    [Py_sq_contains] = offsetof(PyHeapTypeObject, as_sequence.sq_contains),
    [Py_sq_inplace_concat] = offsetof(PyHeapTypeObject, as_sequence.sq_inplace_concat),
    [Py_sq_inplace_repeat] = offsetof(PyHeapTypeObject, as_sequence.sq_inplace_repeat),
    [Py_sq_item] = offsetof(PyHeapTypeObject, as_sequence.sq_item),
    [Py_sq_length] = offsetof(PyHeapTypeObject, as_sequence.sq_length),
    [Py_sq_repeat] = offsetof(PyHeapTypeObject, as_sequence.sq_repeat),
    [Py_tp_alloc] = offsetof(PyHeapTypeObject, ht_type.tp_alloc),
    [Py_tp_base] = offsetof(PyHeapTypeObject, ht_type.tp_base),
    [Py_tp_bases] = offsetof(PyHeapTypeObject, ht_type.tp_bases),
    [Py_tp_call] = offsetof(PyHeapTypeObject, ht_type.tp_call),
    [Py_tp_clear] = offsetof(PyHeapTypeObject, ht_type.tp_clear),
    [Py_tp_dealloc] = offsetof(PyHeapTypeObject, ht_type.tp_dealloc),
    [Py_tp_del] = offsetof(PyHeapTypeObject, ht_type.tp_del),
    [Py_tp_descr_get] = offsetof(PyHeapTypeObject, ht_type.tp_descr_get),
    [Py_tp_descr_set] = offsetof(PyHeapTypeObject, ht_type.tp_descr_set),
    [Py_tp_doc] = offsetof(PyHeapTypeObject, ht_type.tp_doc),
    [Py_tp_getattr] = offsetof(PyHeapTypeObject, ht_type.tp_getattr),
    [Py_tp_getattro] = offsetof(PyHeapTypeObject, ht_type.tp_getattro),
    [Py_tp_hash] = offsetof(PyHeapTypeObject, ht_type.tp_hash),
    [Py_tp_init] = offsetof(PyHeapTypeObject, ht_type.tp_init),
    [Py_tp_is_gc] = offsetof(PyHeapTypeObject, ht_type.tp_is_gc),
    [Py_tp_iter] = offsetof(PyHeapTypeObject, ht_type.tp_iter),
    [Py_tp_iternext] = offsetof(PyHeapTypeObject, ht_type.tp_iternext),
    [Py_tp_methods] = offsetof(PyHeapTypeObject, ht_type.tp_methods),
    [Py_tp_new] = offsetof(PyHeapTypeObject, ht_type.tp_new),
    [Py_tp_repr] = offsetof(PyHeapTypeObject, ht_type.tp_repr),
    [Py_tp_richcompare] = offsetof(PyHeapTypeObject, ht_type.tp_richcompare),
    [Py_tp_setattr] = offsetof(PyHeapTypeObject, ht_type.tp_setattr),
    [Py_tp_setattro] = offsetof(PyHeapTypeObject, ht_type.tp_setattro),
    [Py_tp_str] = offsetof(PyHeapTypeObject, ht_type.tp_str),
    [Py_tp_traverse] = offsetof(PyHeapTypeObject, ht_type.tp_traverse),
    [Py_tp_members] = offsetof(PyHeapTypeObject, ht_type.tp_members),
    [Py_tp_getset] = offsetof(PyHeapTypeObject, ht_type.tp_getset),
    [Py_tp_free] = offsetof(PyHeapTypeObject, ht_type.tp_free),
    [Py_nb_matrix_multiply] = offsetof(PyHeapTypeObject, as_number.nb_matrix_multiply),
    [Py_nb_inplace_matrix_multiply] = offsetof(PyHeapTypeObject, as_number.nb_inplace_matrix_multiply),
    [Py_am_await] = offsetof(PyHeapTypeObject, as_async.am_await),
    [Py_am_aiter] = offsetof(PyHeapTypeObject, as_async.am_aiter),
    [Py_am_anext] = offsetof(PyHeapTypeObject, as_async.am_anext),
    [Py_tp_finalize] = offsetof(PyHeapTypeObject, ht_type.tp_finalize),
    [Py_am_send] = offsetof(PyHeapTypeObject, as_async.am_send),
};
#define SLOT_COUNT (sizeof(slot_offsets) / sizeof(slot_offsets[0]))

static void subtype_dealloc(PyObject *self) {
    PyTypeObject *type = Py_TYPE(self), *base = type;
    while (base->tp_dealloc == subtype_dealloc) base = base->tp_base;
    if (PyType_IS_GC(type)) PyObject_GC_UnTrack(self);
    if (type->tp_finalize != NULL && PyObject_CallFinalizerFromDealloc(self) < 0) return;
    if (type->tp_weaklistoffset > 0 && base->tp_weaklistoffset == 0) PyObject_ClearWeakRefs(self);
    if (type->tp_dictoffset > 0 && base->tp_dictoffset == 0) {
        PyObject **dictptr = (PyObject **)((char *)self + type->tp_dictoffset);
        Py_CLEAR(*dictptr);
    }
    if (PyType_IS_GC(base)) PyObject_GC_Track(self); /* the base's deallocator untracks it */
    base->tp_dealloc(self);
    Py_DECREF(type);
}

static char *copy_cstring(const char *s) {
    size_t n = strlen(s) + 1;
    char *copy = PyMem_Malloc(n);
    if (copy == NULL) { PyErr_NoMemory(); return NULL; }
    memcpy(copy, s, n);
    return copy;
}

/* A fresh heap type with its slot tables wired up and its names set. */
static PyHeapTypeObject *new_heap_type(PyTypeObject *meta, const char *qualified_name) {
    PyHeapTypeObject *ht = (PyHeapTypeObject *)PyType_GenericAlloc(meta, 0);
    if (ht == NULL) return NULL;
    PyTypeObject *type = &ht->ht_type;
    type->tp_as_async = &ht->as_async;
    type->tp_as_number = &ht->as_number;
    type->tp_as_sequence = &ht->as_sequence;
    type->tp_as_mapping = &ht->as_mapping;
    type->tp_as_buffer = &ht->as_buffer;
    type->tp_flags = Py_TPFLAGS_HEAPTYPE;
    ht->_ht_tpname = copy_cstring(qualified_name);
    if (ht->_ht_tpname == NULL) { Py_DECREF(ht); return NULL; }
    type->tp_name = ht->_ht_tpname;
    const char *dot = strrchr(qualified_name, '.');
    ht->ht_name = PyUnicode_FromString(dot ? dot + 1 : qualified_name);
    if (ht->ht_name == NULL) { Py_DECREF(ht); return NULL; }
    ht->ht_qualname = Py_NewRef(ht->ht_name);
    return ht;
}

static int set_module_name(PyTypeObject *type, const char *qualified_name) {
    const char *dot = strrchr(qualified_name, '.');
    if (dot == NULL) return 0;
    PyObject *mod = PyUnicode_FromStringAndSize(qualified_name, dot - qualified_name);
    if (mod == NULL) return -1;
    int rc = PyDict_SetItem(type->tp_dict, _cpx_intern("__module__"), mod);
    Py_DECREF(mod);
    return rc;
}

PyObject *PyType_FromMetaclass(PyTypeObject *meta, PyObject *module, PyType_Spec *spec, PyObject *bases_in) {
    if (meta == NULL) meta = &PyType_Type;
    PyObject *bases = NULL;
    const char *doc = NULL;
    PyMemberDef *members = NULL;
    Py_ssize_t nmembers = 0;
    for (PyType_Slot *s = spec->slots; s->slot; s++) {
        if (s->slot < 0 || (size_t)s->slot >= SLOT_COUNT || (slot_offsets[s->slot] == 0 && s->slot != Py_tp_base &&
                                                            s->slot != Py_tp_bases)) {
            PyErr_SetString(PyExc_RuntimeError, "invalid slot offset");
            return NULL;
        }
        if (s->slot == Py_tp_bases && bases_in == NULL) bases_in = s->pfunc;
        else if (s->slot == Py_tp_base && bases_in == NULL) bases_in = s->pfunc;
        else if (s->slot == Py_tp_doc) doc = s->pfunc;
        else if (s->slot == Py_tp_members) {
            members = s->pfunc;
            for (PyMemberDef *m = members; m->name != NULL; m++) nmembers++;
        }
    }
    if (bases_in == NULL) bases = PyTuple_Pack(1, (PyObject *)&PyBaseObject_Type);
    else if (PyTuple_Check(bases_in)) bases = Py_NewRef(bases_in);
    else bases = PyTuple_Pack(1, bases_in);
    if (bases == NULL) return NULL;
    PyTypeObject *base = (PyTypeObject *)PyTuple_GET_ITEM(bases, 0);
    if (!(base->tp_flags & Py_TPFLAGS_BASETYPE)) {
        PyErr_Format(PyExc_TypeError, "type '%.100s' is not an acceptable base type", base->tp_name);
        Py_DECREF(bases);
        return NULL;
    }

    PyHeapTypeObject *ht = new_heap_type(meta, spec->name);
    if (ht == NULL) { Py_DECREF(bases); return NULL; }
    PyTypeObject *type = &ht->ht_type;
    type->tp_flags |= spec->flags;
    type->tp_basicsize = spec->basicsize;
    type->tp_itemsize = spec->itemsize;
    type->tp_bases = bases;
    type->tp_base = (PyTypeObject *)Py_NewRef(base);
    for (PyType_Slot *s = spec->slots; s->slot; s++) {
        if (s->slot == Py_tp_base || s->slot == Py_tp_bases || s->slot == Py_tp_doc || s->slot == Py_tp_members)
            continue;
        *(void **)((char *)ht + slot_offsets[s->slot]) = s->pfunc;
    }
    if (doc != NULL && (type->tp_doc = copy_cstring(doc)) == NULL) goto fail;
    if (nmembers > 0) {
        PyMemberDef *copy = PyMem_Calloc((size_t)nmembers + 1, sizeof(PyMemberDef));
        if (copy == NULL) { PyErr_NoMemory(); goto fail; }
        Py_ssize_t kept = 0;
        for (PyMemberDef *m = members; m->name != NULL; m++) {
            if (strcmp(m->name, "__weaklistoffset__") == 0) type->tp_weaklistoffset = m->offset;
            else if (strcmp(m->name, "__dictoffset__") == 0) type->tp_dictoffset = m->offset;
            else if (strcmp(m->name, "__vectorcalloffset__") == 0) type->tp_vectorcall_offset = m->offset;
            else copy[kept++] = *m;
        }
        type->tp_members = copy;
    }
    if (type->tp_dealloc == NULL) type->tp_dealloc = subtype_dealloc;
    if (PyType_Ready(type) < 0) goto fail;
    if (set_module_name(type, spec->name) < 0) goto fail;
    if (module != NULL) ht->ht_module = Py_NewRef(module);
    return (PyObject *)type;
fail:
    Py_DECREF(ht);
    return NULL;
}

PyObject *PyType_FromModuleAndSpec(PyObject *module, PyType_Spec *spec, PyObject *bases) {
    return PyType_FromMetaclass(NULL, module, spec, bases);
}

PyObject *PyType_FromSpecWithBases(PyType_Spec *spec, PyObject *bases) {
    return PyType_FromMetaclass(NULL, NULL, spec, bases);
}

PyObject *PyType_FromSpec(PyType_Spec *spec) { return PyType_FromMetaclass(NULL, NULL, spec, NULL); }

void *PyType_GetSlot(PyTypeObject *type, int slot) {
    if (slot <= 0 || (size_t)slot >= SLOT_COUNT) {
        PyErr_BadInternalCall();
        return NULL;
    }
    if (slot == Py_tp_base) return type->tp_base;
    if (slot == Py_tp_bases) return type->tp_bases;
    if (!(type->tp_flags & Py_TPFLAGS_HEAPTYPE)) {
        /* Static types keep their tables elsewhere: follow the pointers. */
        size_t off = slot_offsets[slot];
        const struct { size_t start, end; void *table; } tables[] = {
            {offsetof(PyHeapTypeObject, as_async), sizeof(PyAsyncMethods), type->tp_as_async},
            {offsetof(PyHeapTypeObject, as_number), sizeof(PyNumberMethods), type->tp_as_number},
            {offsetof(PyHeapTypeObject, as_mapping), sizeof(PyMappingMethods), type->tp_as_mapping},
            {offsetof(PyHeapTypeObject, as_sequence), sizeof(PySequenceMethods), type->tp_as_sequence},
            {offsetof(PyHeapTypeObject, as_buffer), sizeof(PyBufferProcs), type->tp_as_buffer},
        };
        for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++)
            if (off >= tables[i].start && off < tables[i].start + tables[i].end)
                return tables[i].table ? *(void **)((char *)tables[i].table + (off - tables[i].start)) : NULL;
    }
    return *(void **)((char *)type + slot_offsets[slot]);
}

PyObject *PyType_GetModule(PyTypeObject *type) {
    if (!(type->tp_flags & Py_TPFLAGS_HEAPTYPE)) {
        PyErr_Format(PyExc_TypeError, "PyType_GetModule: Type '%s' is not a heap type", type->tp_name);
        return NULL;
    }
    PyObject *module = ((PyHeapTypeObject *)type)->ht_module;
    if (module == NULL)
        PyErr_Format(PyExc_TypeError, "PyType_GetModule: Type '%s' has no associated module", type->tp_name);
    return module;
}

void *PyType_GetModuleState(PyTypeObject *type) {
    PyObject *module = PyType_GetModule(type);
    return module ? PyModule_GetState(module) : NULL;
}

PyObject *PyType_GetModuleByDef(PyTypeObject *type, PyModuleDef *def) {
    PyObject *mro = type->tp_mro;
    for (Py_ssize_t i = 0; mro != NULL && i < PyTuple_GET_SIZE(mro); i++) {
        PyTypeObject *t = (PyTypeObject *)PyTuple_GET_ITEM(mro, i);
        if (!(t->tp_flags & Py_TPFLAGS_HEAPTYPE)) continue;
        PyObject *module = ((PyHeapTypeObject *)t)->ht_module;
        if (module != NULL && PyModule_GetDef(module) == def) return module;
    }
    PyErr_Format(PyExc_TypeError, "PyType_GetModuleByDef: No superclass of '%s' has the given module",
                 type->tp_name);
    return NULL;
}

/* The class dict as type() leaves it: __qualname__ taken out into ht_qualname, __new__ a
 * staticmethod, __init_subclass__ / __class_getitem__ classmethods, and __hash__ = None when
 * the class defines __eq__ without __hash__. */
static int prepare_class_dict(PyHeapTypeObject *ht) {
    PyObject *dict = ht->ht_type.tp_dict;
    PyObject *qualname = PyDict_GetItemWithError(dict, _cpx_intern("__qualname__"));
    if (qualname != NULL) {
        if (!PyUnicode_Check(qualname)) {
            PyErr_Format(PyExc_TypeError, "type __qualname__ must be a str, not %s", Py_TYPE(qualname)->tp_name);
            return -1;
        }
        Py_SETREF(ht->ht_qualname, Py_NewRef(qualname));
        if (PyDict_DelItem(dict, _cpx_intern("__qualname__")) < 0) return -1;
    }
    if (PyErr_Occurred()) return -1;
    static const struct {
        const char *name;
        PyObject *(*wrap)(PyObject *);
    } implicit[] = {{"__new__", PyStaticMethod_New}, {"__init_subclass__", PyClassMethod_New},
                    {"__class_getitem__", PyClassMethod_New}};
    for (size_t i = 0; i < sizeof(implicit) / sizeof(implicit[0]); i++) {
        PyObject *f = PyDict_GetItemWithError(dict, _cpx_intern(implicit[i].name));
        if (f == NULL) {
            if (PyErr_Occurred()) return -1;
            continue;
        }
        if (Py_IS_TYPE(f, &PyStaticMethod_Type) || Py_IS_TYPE(f, &PyClassMethod_Type)) continue;
        PyObject *wrapped = implicit[i].wrap(f);
        if (wrapped == NULL || PyDict_SetItem(dict, _cpx_intern(implicit[i].name), wrapped) < 0) {
            Py_XDECREF(wrapped);
            return -1;
        }
        Py_DECREF(wrapped);
    }
    int has_eq = PyDict_Contains(dict, _cpx_intern("__eq__")), has_hash = PyDict_Contains(dict, _cpx_intern("__hash__"));
    if (has_eq < 0 || has_hash < 0) return -1;
    if (has_eq && !has_hash && PyDict_SetItem(dict, _cpx_intern("__hash__"), Py_None) < 0) return -1;
    return 0;
}

/* value.__set_name__(type, key) for every class attribute that has one. */
static int set_names(PyTypeObject *type) {
    PyObject *items = PyDict_Items(type->tp_dict);
    if (items == NULL) return -1;
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(items); i++) {
        PyObject *key = PyTuple_GET_ITEM(PyList_GET_ITEM(items, i), 0);
        PyObject *value = PyTuple_GET_ITEM(PyList_GET_ITEM(items, i), 1);
        PyObject *set_name = _PyType_Lookup(Py_TYPE(value), _cpx_intern("__set_name__"));
        if (set_name == NULL) continue;
        PyObject *res = PyObject_CallFunctionObjArgs(set_name, value, (PyObject *)type, key, NULL);
        if (res == NULL) {
            Py_DECREF(items);
            return -1;
        }
        Py_DECREF(res);
    }
    Py_DECREF(items);
    return 0;
}

/* super(type, type).__init_subclass__(**kwds): the nearest base's hook, bound to the new type. */
static int init_subclass(PyTypeObject *type, PyObject *kwds) {
    PyObject *mro = type->tp_mro;
    for (Py_ssize_t i = 1; i < PyTuple_GET_SIZE(mro); i++) {
        PyObject *hook = PyDict_GetItemWithError(((PyTypeObject *)PyTuple_GET_ITEM(mro, i))->tp_dict,
                                                 _cpx_intern("__init_subclass__"));
        if (hook == NULL) {
            if (PyErr_Occurred()) return -1;
            continue;
        }
        descrgetfunc get = Py_TYPE(hook)->tp_descr_get;
        PyObject *bound = get ? get(hook, NULL, (PyObject *)type) : Py_NewRef(hook);
        if (bound == NULL) return -1;
        PyObject *empty = PyTuple_New(0);
        PyObject *res = empty ? PyObject_Call(bound, empty, kwds) : NULL;
        Py_XDECREF(empty);
        Py_DECREF(bound);
        if (res == NULL) return -1;
        Py_DECREF(res);
        return 0;
    }
    return 0;
}

/* type(name, bases, dict): a class whose instances get a __dict__ when
 * their base has none (this is how PyErr_NewException makes classes). */
PyObject *_cpx_type_new(PyTypeObject *meta, PyObject *args, PyObject *kwds) {
    PyObject *name, *bases, *dict;
    if (!PyArg_ParseTuple(args, "UO!O!:type.__new__", &name, &PyTuple_Type, &bases, &PyDict_Type, &dict))
        return NULL;
    if (PyTuple_GET_SIZE(bases) == 0) bases = PyTuple_Pack(1, (PyObject *)&PyBaseObject_Type);
    else Py_INCREF(bases);
    if (bases == NULL) return NULL;
    PyTypeObject *base = (PyTypeObject *)PyTuple_GET_ITEM(bases, 0);
    if (!PyType_Check(base) || !(base->tp_flags & Py_TPFLAGS_BASETYPE)) {
        PyErr_Format(PyExc_TypeError, "type '%.100s' is not an acceptable base type",
                     PyType_Check(base) ? base->tp_name : Py_TYPE(base)->tp_name);
        Py_DECREF(bases);
        return NULL;
    }
    const char *cname = PyUnicode_AsUTF8(name);
    PyHeapTypeObject *ht = cname ? new_heap_type(meta, cname) : NULL;
    if (ht == NULL) { Py_DECREF(bases); return NULL; }
    PyTypeObject *type = &ht->ht_type;
    type->tp_flags |= Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | (base->tp_flags & Py_TPFLAGS_HAVE_GC);
    type->tp_bases = bases;
    type->tp_base = (PyTypeObject *)Py_NewRef(base);
    type->tp_basicsize = base->tp_basicsize;
    type->tp_itemsize = base->tp_itemsize;
    if (base->tp_dictoffset == 0 && base->tp_itemsize == 0) {
        type->tp_dictoffset = type->tp_basicsize;
        type->tp_basicsize += sizeof(PyObject *);
    }
    if (base->tp_weaklistoffset == 0 && base->tp_itemsize == 0) {
        type->tp_weaklistoffset = type->tp_basicsize;
        type->tp_basicsize += sizeof(PyObject *);
    }
    type->tp_dealloc = subtype_dealloc;
    type->tp_dict = PyDict_Copy(dict);
    if (type->tp_dict == NULL || prepare_class_dict(ht) < 0) goto fail;
    PyObject *doc = PyDict_GetItemWithError(type->tp_dict, _cpx_intern("__doc__"));
    if (doc != NULL && PyUnicode_Check(doc)) {
        const char *d = PyUnicode_AsUTF8(doc);
        if (d == NULL || (type->tp_doc = copy_cstring(d)) == NULL) goto fail;
    }
    if (PyType_Ready(type) < 0 || _cpx_install_slot_dispatchers(type) < 0 || set_names(type) < 0 ||
        init_subclass(type, kwds) < 0)
        goto fail;
    return (PyObject *)type;
fail:
    Py_DECREF(ht);
    return NULL;
}
