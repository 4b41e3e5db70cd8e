/* dict_views.c: the dict views (dict.keys(), .values(), .items():
 * PyDictKeys_Type, PyDictValues_Type, PyDictItems_Type) and the read-only
 * mapping proxy (PyDictProxy_Type, PyDictProxy_New, used for type.__dict__).
 *
 * Invariant: a view owns one reference to its dict and reads it live (no
 * copy), so it always reflects the dict's current contents; a proxy owns
 * one reference to the mapping it wraps and never mutates it. Set
 * operations on keys/items views build and return new sets. */
#include "containers.h"

typedef struct {
    PyObject_HEAD
    PyDictObject *dv_dict; /* owned */
} dictviewobject;

#define VIEW_DICT(op) ((PyObject *)((dictviewobject *)(op))->dv_dict)

static PyTypeObject *const view_types[3] = {&PyDictKeys_Type, &PyDictValues_Type, &PyDictItems_Type};

PyObject *_cpx_dictview_new(PyObject *dict, int what) {
    if (dict == NULL || !PyDict_Check(dict)) {
        PyErr_BadInternalCall();
        return NULL;
    }
    dictviewobject *dv = PyObject_Malloc(sizeof(dictviewobject));
    if (dv == NULL) return PyErr_NoMemory();
    _cpx_setup_object((PyObject *)dv, view_types[what]);
    dv->dv_dict = (PyDictObject *)Py_NewRef(dict);
    return (PyObject *)dv;
}

static void dictview_dealloc(PyObject *op) {
    Py_XDECREF(((dictviewobject *)op)->dv_dict);
    PyObject_Free(op);
}

static int dictview_traverse(PyObject *op, visitproc visit, void *arg) {
    Py_VISIT(((dictviewobject *)op)->dv_dict);
    return 0;
}

static Py_ssize_t dictview_len(PyObject *op) { return PyDict_GET_SIZE(VIEW_DICT(op)); }

static int view_kind(PyObject *op) {
    return Py_IS_TYPE(op, &PyDictKeys_Type) ? 0 : Py_IS_TYPE(op, &PyDictValues_Type) ? 1 : 2;
}

static PyObject *dictview_iter(PyObject *op) {
    return _cpx_dictiter_new(((dictviewobject *)op)->dv_dict, view_kind(op), 0);
}

static PyObject *dictview_reversed(PyObject *op, PyObject *Py_UNUSED(ignored)) {
    return _cpx_dictiter_new(((dictviewobject *)op)->dv_dict, view_kind(op), 1);
}

static PyObject *dictview_repr(PyObject *op) {
    int rc = Py_ReprEnter(op);
    if (rc != 0) return rc > 0 ? PyUnicode_FromString("...") : NULL;
    PyObject *res = NULL, *seq = PySequence_List(op);
    if (seq != NULL) {
        res = PyUnicode_FromFormat("%s(%R)", Py_TYPE(op)->tp_name, seq);
        Py_DECREF(seq);
    }
    Py_ReprLeave(op);
    return res;
}

static PyObject *dictview_mapping(PyObject *op, void *closure) {
    return PyDictProxy_New(VIEW_DICT(op));
}

static PyGetSetDef dictview_getset[] = {
    {"mapping", dictview_mapping, NULL, "dictionary that this view refers to", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static int dictkeys_contains(PyObject *op, PyObject *key) { return PyDict_Contains(VIEW_DICT(op), key); }

static int dictitems_contains(PyObject *op, PyObject *obj) {
    if (!PyTuple_Check(obj) || PyTuple_GET_SIZE(obj) != 2) return 0;
    PyObject *key = PyTuple_GET_ITEM(obj, 0), *value = PyTuple_GET_ITEM(obj, 1);
    PyObject *found = PyDict_GetItemWithError(VIEW_DICT(op), key);
    if (found == NULL) return PyErr_Occurred() ? -1 : 0;
    Py_INCREF(found);
    int rc = PyObject_RichCompareBool(found, value, Py_EQ);
    Py_DECREF(found);
    return rc;
}

/* 1 if every item of `self` is in `other`, 0 if not, -1 on error. */
static int all_contained_in(PyObject *self, PyObject *other) {
    PyObject *it = PyObject_GetIter(self), *item;
    if (it == NULL) return -1;
    int ok = 1;
    while (ok == 1 && (item = PyIter_Next(it)) != NULL) {
        ok = PySequence_Contains(other, item);
        Py_DECREF(item);
    }
    Py_DECREF(it);
    if (ok == 1 && PyErr_Occurred()) return -1;
    return ok;
}

static PyObject *dictview_richcompare(PyObject *self, PyObject *other, int op) {
    if (!PyAnySet_Check(other) && !PyDictViewSet_Check(other)) Py_RETURN_NOTIMPLEMENTED;
    Py_ssize_t ls = PyObject_Size(self), lo = PyObject_Size(other);
    if (ls < 0 || lo < 0) return NULL;
    int ok = 0;
    switch (op) {
    case Py_EQ:
    case Py_NE:
        if (ls == lo) ok = all_contained_in(self, other);
        if (op == Py_NE && ok >= 0) ok = !ok;
        break;
    case Py_LT:
        if (ls < lo) ok = all_contained_in(self, other);
        break;
    case Py_LE:
        if (ls <= lo) ok = all_contained_in(self, other);
        break;
    case Py_GT:
        if (ls > lo) ok = all_contained_in(other, self);
        break;
    case Py_GE:
        if (ls >= lo) ok = all_contained_in(other, self);
        break;
    }
    if (ok < 0) return NULL;
    return Py_NewRef(ok ? Py_True : Py_False);
}

/* set(self), then self.<method>(other); for -, | and ^. */
static PyObject *view_set_op(PyObject *self, PyObject *other, const char *method) {
    PyObject *result = PySet_New(self);
    if (result == NULL) return NULL;
    PyObject *tmp = PyObject_CallMethodOneArg(result, _cpx_intern(method), other);
    if (tmp == NULL) {
        Py_DECREF(result);
        return NULL;
    }
    Py_DECREF(tmp);
    return result;
}

static PyObject *dictviews_sub(PyObject *self, PyObject *other) {
    return view_set_op(self, other, "difference_update");
}

static PyObject *dictviews_or(PyObject *self, PyObject *other) {
    return view_set_op(self, other, "update");
}

static PyObject *dictviews_xor(PyObject *self, PyObject *other) {
    return view_set_op(self, other, "symmetric_difference_update");
}

static PyObject *dictviews_and(PyObject *self, PyObject *other) {
    /* The view may be the right operand ({1} & d.keys()). */
    if (!PyDictViewSet_Check(self)) {
        PyObject *t = self;
        self = other;
        other = t;
    }
    PyObject *result = PySet_New(NULL);
    if (result == NULL) return NULL;
    PyObject *it = PyObject_GetIter(other), *item;
    if (it == NULL) goto fail;
    int (*contains)(PyObject *, PyObject *) =
        Py_IS_TYPE(self, &PyDictItems_Type) ? dictitems_contains : dictkeys_contains;
    while ((item = PyIter_Next(it)) != NULL) {
        int rc = contains(self, item);
        if (rc > 0) rc = PySet_Add(result, item);
        Py_DECREF(item);
        if (rc < 0) goto fail;
    }
    Py_DECREF(it);
    if (PyErr_Occurred()) {
        Py_DECREF(result);
        return NULL;
    }
    return result;
fail:
    Py_XDECREF(it);
    Py_DECREF(result);
    return NULL;
}

static PyObject *dictviews_isdisjoint(PyObject *self, PyObject *other) {
    PyObject *it = PyObject_GetIter(other), *item;
    if (it == NULL) return NULL;
    int (*contains)(PyObject *, PyObject *) =
        Py_IS_TYPE(self, &PyDictItems_Type) ? dictitems_contains : dictkeys_contains;
    while ((item = PyIter_Next(it)) != NULL) {
        int rc = contains(self, item);
        Py_DECREF(item);
        if (rc != 0) {
            Py_DECREF(it);
            if (rc < 0) return NULL;
            Py_RETURN_FALSE;
        }
    }
    Py_DECREF(it);
    if (PyErr_Occurred()) return NULL;
    Py_RETURN_TRUE;
}

static PyNumberMethods dictviews_as_number = {
    .nb_subtract = dictviews_sub,
    .nb_and = dictviews_and,
    .nb_xor = dictviews_xor,
    .nb_or = dictviews_or,
};

static PySequenceMethods dictkeys_as_sequence = {
    .sq_length = dictview_len,
    .sq_contains = dictkeys_contains,
};

static PySequenceMethods dictitems_as_sequence = {
    .sq_length = dictview_len,
    .sq_contains = dictitems_contains,
};

static PySequenceMethods dictvalues_as_sequence = {
    .sq_length = dictview_len,
};

static PyMethodDef dictsetview_methods[] = {
    {"isdisjoint", dictviews_isdisjoint, METH_O, "Return True if the view and the given iterable have a null intersection."},
    {"__reversed__", dictview_reversed, METH_NOARGS, "Return a reverse iterator over the dict keys."},
    {NULL, NULL, 0, NULL},
};

static PyMethodDef dictvalues_methods[] = {
    {"__reversed__", dictview_reversed, METH_NOARGS, "Return a reverse iterator over the dict values."},
    {NULL, NULL, 0, NULL},
};

#define DICTVIEW_TYPE(cname, pyname, seqmethods, numbermethods, cmp, hash, methods) \
    PyTypeObject cname = {                                                          \
        PyVarObject_HEAD_INIT(&PyType_Type, 0)                                      \
        .tp_name = pyname,                                                          \
        .tp_basicsize = sizeof(dictviewobject),                                     \
        .tp_dealloc = dictview_dealloc,                                             \
        .tp_repr = dictview_repr,                                                   \
        .tp_as_number = numbermethods,                                              \
        .tp_as_sequence = seqmethods,                                               \
        .tp_hash = hash,                                                            \
        .tp_getattro = PyObject_GenericGetAttr,                                     \
        .tp_flags = Py_TPFLAGS_DEFAULT,                                             \
        .tp_traverse = dictview_traverse,                                           \
        .tp_richcompare = cmp,                                                      \
        .tp_iter = dictview_iter,                                                   \
        .tp_methods = methods,                                                      \
        .tp_getset = dictview_getset,                                               \
    };

DICTVIEW_TYPE(PyDictKeys_Type, "dict_keys", &dictkeys_as_sequence, &dictviews_as_number,
              dictview_richcompare, PyObject_HashNotImplemented, dictsetview_methods)
DICTVIEW_TYPE(PyDictItems_Type, "dict_items", &dictitems_as_sequence, &dictviews_as_number,
              dictview_richcompare, PyObject_HashNotImplemented, dictsetview_methods)
DICTVIEW_TYPE(PyDictValues_Type, "dict_values", &dictvalues_as_sequence, NULL, NULL, NULL,
              dictvalues_methods)

/* ---- mappingproxy ---- */

typedef struct {
    PyObject_HEAD
    PyObject *mapping; /* owned */
} mappingproxyobject;

#define PROXY_MAPPING(op) (((mappingproxyobject *)(op))->mapping)

PyObject *PyDictProxy_New(PyObject *mapping) {
    if (!PyMapping_Check(mapping) || PyList_Check(mapping) || PyTuple_Check(mapping)) {
        PyErr_Format(PyExc_TypeError, "mappingproxy() argument must be a mapping, not %s",
                     Py_TYPE(mapping)->tp_name);
        return NULL;
    }
    mappingproxyobject *pp = PyObject_Malloc(sizeof(mappingproxyobject));
    if (pp == NULL) return PyErr_NoMemory();
    _cpx_setup_object((PyObject *)pp, &PyDictProxy_Type);
    pp->mapping = Py_NewRef(mapping);
    return (PyObject *)pp;
}

static PyObject *mappingproxy_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    PyObject *mapping = NULL;
    Py_ssize_t nargs = PyTuple_GET_SIZE(args), nkw = kwds ? PyDict_GET_SIZE(kwds) : 0;
    if (nargs == 1 && nkw == 0) mapping = PyTuple_GET_ITEM(args, 0);
    else if (nargs == 0 && nkw == 1) mapping = PyDict_GetItemString(kwds, "mapping");
    if (mapping == NULL) {
        if (nargs + nkw > 1)
            PyErr_Format(PyExc_TypeError, "mappingproxy() takes at most 1 argument (%zd given)", nargs + nkw);
        else if (nkw == 1)
            PyErr_SetString(PyExc_TypeError, "mappingproxy() got an unexpected keyword argument");
        else
            PyErr_SetString(PyExc_TypeError, "mappingproxy() missing required argument 'mapping' (pos 1)");
        return NULL;
    }
    return PyDictProxy_New(mapping);
}

static void mappingproxy_dealloc(PyObject *op) {
    Py_DECREF(PROXY_MAPPING(op));
    PyObject_Free(op);
}

static int mappingproxy_traverse(PyObject *op, visitproc visit, void *arg) {
    Py_VISIT(PROXY_MAPPING(op));
    return 0;
}

static Py_ssize_t mappingproxy_len(PyObject *op) { return PyObject_Size(PROXY_MAPPING(op)); }

static PyObject *mappingproxy_getitem(PyObject *op, PyObject *key) {
    return PyObject_GetItem(PROXY_MAPPING(op), key);
}

static int mappingproxy_contains(PyObject *op, PyObject *key) {
    if (PyDict_CheckExact(PROXY_MAPPING(op))) return PyDict_Contains(PROXY_MAPPING(op), key);
    return PySequence_Contains(PROXY_MAPPING(op), key);
}

static PyObject *mappingproxy_iter(PyObject *op) { return PyObject_GetIter(PROXY_MAPPING(op)); }

static PyObject *mappingproxy_repr(PyObject *op) {
    return PyUnicode_FromFormat("mappingproxy(%R)", PROXY_MAPPING(op));
}

static PyObject *mappingproxy_str(PyObject *op) { return PyObject_Str(PROXY_MAPPING(op)); }

static PyObject *mappingproxy_richcompare(PyObject *v, PyObject *w, int op) {
    return PyObject_RichCompare(PROXY_MAPPING(v), w, op);
}

static PyObject *mappingproxy_or(PyObject *a, PyObject *b) {
    if (Py_IS_TYPE(a, &PyDictProxy_Type)) a = PROXY_MAPPING(a);
    if (Py_IS_TYPE(b, &PyDictProxy_Type)) b = PROXY_MAPPING(b);
    return PyNumber_Or(a, b);
}

static PyObject *mappingproxy_ior(PyObject *self, PyObject *other) {
    PyErr_Format(PyExc_TypeError, "'|=' is not supported by %s; use '|' instead", Py_TYPE(self)->tp_name);
    return NULL;
}

static PyObject *proxy_forward(PyObject *op, const char *method) {
    return PyObject_CallMethod(PROXY_MAPPING(op), method, NULL);
}

static PyObject *mappingproxy_keys(PyObject *op, PyObject *Py_UNUSED(i)) { return proxy_forward(op, "keys"); }
static PyObject *mappingproxy_values(PyObject *op, PyObject *Py_UNUSED(i)) { return proxy_forward(op, "values"); }
static PyObject *mappingproxy_items(PyObject *op, PyObject *Py_UNUSED(i)) { return proxy_forward(op, "items"); }
static PyObject *mappingproxy_copy(PyObject *op, PyObject *Py_UNUSED(i)) { return proxy_forward(op, "copy"); }

static PyObject *mappingproxy_reversed(PyObject *op, PyObject *Py_UNUSED(i)) {
    return PyObject_CallOneArg((PyObject *)&PyReversed_Type, PROXY_MAPPING(op));
}

static PyObject *mappingproxy_get(PyObject *op, PyObject *args) {
    Py_ssize_t n = PyTuple_GET_SIZE(args);
    if (n < 1) {
        PyErr_SetString(PyExc_TypeError, "get expected at least 1 argument, got 0");
        return NULL;
    }
    if (n > 2) {
        PyErr_Format(PyExc_TypeError, "get expected at most 2 arguments, got %zd", n);
        return NULL;
    }
    PyObject *get = PyObject_GetAttrString(PROXY_MAPPING(op), "get");
    if (get == NULL) return NULL;
    PyObject *res = PyObject_Call(get, args, NULL);
    Py_DECREF(get);
    return res;
}

static PyMethodDef mappingproxy_methods[] = {
    {"get", mappingproxy_get, METH_VARARGS, "Return the value for key if key is in the mapping, else default."},
    {"keys", mappingproxy_keys, METH_NOARGS, "D.keys() -> a set-like object providing a view on D's keys"},
    {"values", mappingproxy_values, METH_NOARGS, "D.values() -> an object providing a view on D's values"},
    {"items", mappingproxy_items, METH_NOARGS, "D.items() -> a set-like object providing a view on D's items"},
    {"copy", mappingproxy_copy, METH_NOARGS, "D.copy() -> a shallow copy of D"},
    {"__reversed__", mappingproxy_reversed, METH_NOARGS, "D.__reversed__() -> reverse iterator"},
    {NULL, NULL, 0, NULL},
};

static PyMappingMethods mappingproxy_as_mapping = {
    .mp_length = mappingproxy_len,
    .mp_subscript = mappingproxy_getitem,
};

static PySequenceMethods mappingproxy_as_sequence = {
    .sq_contains = mappingproxy_contains,
};

static PyNumberMethods mappingproxy_as_number = {
    .nb_or = mappingproxy_or,
    .nb_inplace_or = mappingproxy_ior,
};

PyTypeObject PyDictProxy_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "mappingproxy",
    .tp_basicsize = sizeof(mappingproxyobject),
    .tp_dealloc = mappingproxy_dealloc,
    .tp_repr = mappingproxy_repr,
    .tp_as_number = &mappingproxy_as_number,
    .tp_as_sequence = &mappingproxy_as_sequence,
    .tp_as_mapping = &mappingproxy_as_mapping,
    .tp_hash = PyObject_HashNotImplemented,
    .tp_str = mappingproxy_str,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_MAPPING,
    .tp_doc = "Read-only proxy of a mapping.",
    .tp_traverse = mappingproxy_traverse,
    .tp_richcompare = mappingproxy_richcompare,
    .tp_iter = mappingproxy_iter,
    .tp_methods = mappingproxy_methods,
    .tp_new = mappingproxy_new,
};

int _cpx_init_dict_views(void) {
    if (PyType_Ready(&PyDictKeys_Type) < 0 || PyType_Ready(&PyDictValues_Type) < 0 ||
        PyType_Ready(&PyDictItems_Type) < 0 || PyType_Ready(&PyDictProxy_Type) < 0)
        return -1;
    return 0;
}
