/* descrobject.c: the descriptors PyType_Ready puts in a type's dict
 * (method, classmethod, member, getset), staticmethod/classmethod
 * wrappers, slot wrappers (wrapper_descriptor, method-wrapper), property
 * and bound methods.
 *
 * Invariants:
 * - A descriptor borrows its PyMethodDef / PyMemberDef / PyGetSetDef (static
 *   storage in the extension, or a heap type's copy that lives as long as
 *   the type, which the descriptor keeps alive) and owns references to its
 *   d_type, d_name and d_qualname.
 * - __get__ on an instance binds: a method descriptor yields a builtin
 *   method object (PyCFunction with m_self = instance); a classmethod
 *   descriptor binds to the type. Calling a method descriptor unbound
 *   checks that the first argument is an instance of d_type; so does a
 *   slot wrapper, whose d_base (static table in typeobject_slots.c) says how
 *   to call its C slot d_wrapped. */
#include "internal.h"

/* ---------------- common ---------------- */

static PyDescrObject *descr_new(PyTypeObject *descrtype, PyTypeObject *type, const char *name) {
    PyDescrObject *d = (PyDescrObject *)PyType_GenericAlloc(descrtype, 0);
    if (d == NULL) return NULL;
    d->d_type = (PyTypeObject *)Py_XNewRef(type);
    d->d_name = PyUnicode_InternFromString(name);
    if (d->d_name == NULL) { Py_DECREF(d); return NULL; }
    d->d_qualname = NULL;
    return d;
}

static void descr_dealloc(PyObject *self) {
    PyDescrObject *d = (PyDescrObject *)self;
    Py_XDECREF(d->d_type);
    Py_XDECREF(d->d_name);
    Py_XDECREF(d->d_qualname);
    PyObject_Free(self);
}

/* Returns 1 when `obj` may be bound (and sets *res to the descriptor itself
 * when obj is NULL), 0 when the caller should bind, -1 on error. */
static int descr_check(PyDescrObject *d, PyObject *obj, PyObject **res) {
    if (obj == NULL) {
        *res = Py_NewRef(d);
        return 1;
    }
    if (!PyObject_TypeCheck(obj, d->d_type)) {
        PyErr_Format(PyExc_TypeError, "descriptor '%V' for '%.100s' objects doesn't apply to a '%.100s' object",
                     d->d_name, "?", d->d_type->tp_name, Py_TYPE(obj)->tp_name);
        *res = NULL;
        return -1;
    }
    return 0;
}

static PyObject *descr_repr_with(PyObject *self, const char *kind) {
    PyDescrObject *d = (PyDescrObject *)self;
    return PyUnicode_FromFormat("<%s '%V' of '%s' objects>", kind, d->d_name, "?", d->d_type->tp_name);
}

static PyObject *descr_get_name(PyObject *self, void *c) { return Py_NewRef(((PyDescrObject *)self)->d_name); }
static PyObject *descr_get_objclass(PyObject *self, void *c) { return Py_NewRef(((PyDescrObject *)self)->d_type); }
static PyObject *descr_get_qualname(PyObject *self, void *c) {
    PyDescrObject *d = (PyDescrObject *)self;
    return PyUnicode_FromFormat("%s.%U", _PyType_Name(d->d_type), d->d_name);
}

static PyGetSetDef descr_getset[] = {
    {"__name__", descr_get_name, NULL, NULL, NULL},
    {"__qualname__", descr_get_qualname, NULL, NULL, NULL},
    {"__objclass__", descr_get_objclass, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* ---------------- method descriptors ---------------- */

static PyObject *method_get(PyObject *self, PyObject *obj, PyObject *type) {
    PyMethodDescrObject *d = (PyMethodDescrObject *)self;
    PyObject *res;
    if (descr_check((PyDescrObject *)d, obj, &res)) return res;
    if (d->d_method->ml_flags & METH_METHOD)
        return PyCMethod_New(d->d_method, obj, NULL, d->d_common.d_type);
    return PyCFunction_NewEx(d->d_method, obj, NULL);
}

/* Calling the unbound descriptor: the first argument is self. */
static PyObject *method_vectorcall(PyObject *self, PyObject *const *args, size_t nargsf, PyObject *kwnames) {
    PyMethodDescrObject *d = (PyMethodDescrObject *)self;
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
    if (nargs < 1) {
        PyErr_Format(PyExc_TypeError, "unbound method %s.%V() needs an argument", _PyType_Name(d->d_common.d_type),
                     d->d_common.d_name, "?");
        return NULL;
    }
    PyObject *res;
    if (descr_check((PyDescrObject *)d, args[0], &res)) return res;
    PyObject *bound = method_get(self, args[0], NULL);
    if (bound == NULL) return NULL;
    res = PyObject_Vectorcall(bound, args + 1, (size_t)(nargs - 1), kwnames);
    Py_DECREF(bound);
    return res;
}

static PyObject *method_repr(PyObject *self) { return descr_repr_with(self, "method"); }

static PyObject *method_get_doc(PyObject *self, void *c) {
    const char *doc = ((PyMethodDescrObject *)self)->d_method->ml_doc;
    if (doc == NULL) Py_RETURN_NONE;
    return PyUnicode_FromString(doc);
}

static PyGetSetDef method_getset[] = {
    {"__doc__", method_get_doc, NULL, NULL, NULL},
    {"__name__", descr_get_name, NULL, NULL, NULL},
    {"__qualname__", descr_get_qualname, NULL, NULL, NULL},
    {"__objclass__", descr_get_objclass, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

PyTypeObject PyMethodDescr_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "method_descriptor",
    .tp_basicsize = sizeof(PyMethodDescrObject),
    .tp_dealloc = descr_dealloc,
    .tp_vectorcall_offset = offsetof(PyMethodDescrObject, vectorcall),
    .tp_repr = method_repr,
    .tp_call = PyVectorcall_Call,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_VECTORCALL | Py_TPFLAGS_METHOD_DESCRIPTOR,
    .tp_members = NULL,
    .tp_getset = method_getset,
    .tp_base = NULL,
    .tp_descr_get = method_get,
};

PyObject *PyDescr_NewMethod(PyTypeObject *type, PyMethodDef *method) {
    PyMethodDescrObject *d = (PyMethodDescrObject *)descr_new(&PyMethodDescr_Type, type, method->ml_name);
    if (d == NULL) return NULL;
    d->d_method = method;
    d->vectorcall = method_vectorcall;
    return (PyObject *)d;
}

/* ---------------- classmethod descriptors ---------------- */

static PyObject *classmethod_get(PyObject *self, PyObject *obj, PyObject *type) {
    PyMethodDescrObject *d = (PyMethodDescrObject *)self;
    if (type == NULL) type = (PyObject *)Py_TYPE(obj);
    if (!PyType_Check(type) || !PyType_IsSubtype((PyTypeObject *)type, d->d_common.d_type)) {
        PyErr_Format(PyExc_TypeError, "descriptor '%V' for type '%.100s' needs a subtype of '%.100s'",
                     d->d_common.d_name, "?", d->d_common.d_type->tp_name,
                     PyType_Check(type) ? ((PyTypeObject *)type)->tp_name : Py_TYPE(type)->tp_name);
        return NULL;
    }
    if (d->d_method->ml_flags & METH_METHOD)
        return PyCMethod_New(d->d_method, type, NULL, d->d_common.d_type);
    return PyCFunction_NewEx(d->d_method, type, NULL);
}

static PyObject *classmethod_descr_call(PyObject *self, PyObject *args, PyObject *kwds) {
    if (PyTuple_GET_SIZE(args) < 1) {
        PyErr_SetString(PyExc_TypeError, "descriptor needs a type argument");
        return NULL;
    }
    PyObject *bound = classmethod_get(self, NULL, PyTuple_GET_ITEM(args, 0));
    if (bound == NULL) return NULL;
    PyObject *rest = PyTuple_GetSlice(args, 1, PyTuple_GET_SIZE(args));
    PyObject *res = rest ? PyObject_Call(bound, rest, kwds) : NULL;
    Py_XDECREF(rest);
    Py_DECREF(bound);
    return res;
}

static PyObject *classmethod_descr_repr(PyObject *self) { return descr_repr_with(self, "method"); }

PyTypeObject PyClassMethodDescr_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "classmethod_descriptor",
    .tp_basicsize = sizeof(PyMethodDescrObject),
    .tp_dealloc = descr_dealloc,
    .tp_repr = classmethod_descr_repr,
    .tp_call = classmethod_descr_call,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_getset = descr_getset,
    .tp_descr_get = classmethod_get,
};

PyObject *PyDescr_NewClassMethod(PyTypeObject *type, PyMethodDef *method) {
    PyMethodDescrObject *d = (PyMethodDescrObject *)descr_new(&PyClassMethodDescr_Type, type, method->ml_name);
    if (d == NULL) return NULL;
    d->d_method = method;
    return (PyObject *)d;
}

/* ---------------- member descriptors ---------------- */

static PyObject *member_get(PyObject *self, PyObject *obj, PyObject *type) {
    PyMemberDescrObject *d = (PyMemberDescrObject *)self;
    PyObject *res;
    if (descr_check((PyDescrObject *)d, obj, &res)) return res;
    return PyMember_GetOne((const char *)obj, d->d_member);
}

static int member_set(PyObject *self, PyObject *obj, PyObject *value) {
    PyMemberDescrObject *d = (PyMemberDescrObject *)self;
    PyObject *unused;
    if (descr_check((PyDescrObject *)d, obj, &unused) < 0) return -1;
    return PyMember_SetOne((char *)obj, d->d_member, value);
}

static PyObject *member_repr(PyObject *self) { return descr_repr_with(self, "member"); }

static PyObject *member_get_doc(PyObject *self, void *c) {
    const char *doc = ((PyMemberDescrObject *)self)->d_member->doc;
    if (doc == NULL) Py_RETURN_NONE;
    return PyUnicode_FromString(doc);
}

static PyGetSetDef member_getset[] = {
    {"__doc__", member_get_doc, NULL, NULL, NULL},
    {"__name__", descr_get_name, NULL, NULL, NULL},
    {"__qualname__", descr_get_qualname, NULL, NULL, NULL},
    {"__objclass__", descr_get_objclass, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

PyTypeObject PyMemberDescr_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "member_descriptor",
    .tp_basicsize = sizeof(PyMemberDescrObject),
    .tp_dealloc = descr_dealloc,
    .tp_repr = member_repr,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_getset = member_getset,
    .tp_descr_get = member_get,
    .tp_descr_set = member_set,
};

PyObject *PyDescr_NewMember(PyTypeObject *type, PyMemberDef *member) {
    PyMemberDescrObject *d = (PyMemberDescrObject *)descr_new(&PyMemberDescr_Type, type, member->name);
    if (d == NULL) return NULL;
    d->d_member = member;
    return (PyObject *)d;
}

/* ---------------- getset descriptors ---------------- */

static PyObject *getset_get(PyObject *self, PyObject *obj, PyObject *type) {
    PyGetSetDescrObject *d = (PyGetSetDescrObject *)self;
    PyObject *res;
    if (descr_check((PyDescrObject *)d, obj, &res)) return res;
    if (d->d_getset->get != NULL) return d->d_getset->get(obj, d->d_getset->closure);
    PyErr_Format(PyExc_AttributeError, "attribute '%V' of '%.100s' objects is not readable",
                 d->d_common.d_name, "?", d->d_common.d_type->tp_name);
    return NULL;
}

static int getset_set(PyObject *self, PyObject *obj, PyObject *value) {
    PyGetSetDescrObject *d = (PyGetSetDescrObject *)self;
    PyObject *unused;
    if (descr_check((PyDescrObject *)d, obj, &unused) < 0) return -1;
    if (d->d_getset->set != NULL) return d->d_getset->set(obj, value, d->d_getset->closure);
    PyErr_Format(PyExc_AttributeError, "attribute '%V' of '%.100s' objects is not writable",
                 d->d_common.d_name, "?", d->d_common.d_type->tp_name);
    return -1;
}

static PyObject *getset_repr(PyObject *self) { return descr_repr_with(self, "attribute"); }

static PyObject *getset_get_doc(PyObject *self, void *c) {
    const char *doc = ((PyGetSetDescrObject *)self)->d_getset->doc;
    if (doc == NULL) Py_RETURN_NONE;
    return PyUnicode_FromString(doc);
}

static PyGetSetDef getset_getset[] = {
    {"__doc__", getset_get_doc, NULL, NULL, NULL},
    {"__name__", descr_get_name, NULL, NULL, NULL},
    {"__qualname__", descr_get_qualname, NULL, NULL, NULL},
    {"__objclass__", descr_get_objclass, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

PyTypeObject PyGetSetDescr_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "getset_descriptor",
    .tp_basicsize = sizeof(PyGetSetDescrObject),
    .tp_dealloc = descr_dealloc,
    .tp_repr = getset_repr,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_getset = getset_getset,
    .tp_descr_get = getset_get,
    .tp_descr_set = getset_set,
};

PyObject *PyDescr_NewGetSet(PyTypeObject *type, PyGetSetDef *getset) {
    PyGetSetDescrObject *d = (PyGetSetDescrObject *)descr_new(&PyGetSetDescr_Type, type, getset->name);
    if (d == NULL) return NULL;
    d->d_getset = getset;
    return (PyObject *)d;
}

/* ---------------- slot wrappers ----------------
 * PyType_Ready (typeobject_slots.c) puts one wrapper descriptor in a type's
 * dict for each slot the type defines itself (__len__ for sq_length, ...).
 * d_base points into a static table of that file; d_wrapped is the C slot.
 * Binding it to an instance gives a method-wrapper, which owns references to
 * the descriptor and to self. */

static PyObject *wrapperdescr_call_bound(PyWrapperDescrObject *d, PyObject *self, PyObject *args, PyObject *kwds) {
    wrapperfunc wrapper = d->d_base->wrapper;
    if (d->d_base->flags & PyWrapperFlag_KEYWORDS)
        return ((wrapperfunc_kwds)(void (*)(void))wrapper)(self, args, d->d_wrapped, kwds);
    if (kwds != NULL && (!PyDict_Check(kwds) || PyDict_GET_SIZE(kwds) != 0)) {
        PyErr_Format(PyExc_TypeError, "wrapper %s() takes no keyword arguments", d->d_base->name);
        return NULL;
    }
    return wrapper(self, args, d->d_wrapped);
}

static PyObject *wrapperdescr_get(PyObject *self, PyObject *obj, PyObject *type) {
    PyObject *res;
    if (descr_check((PyDescrObject *)self, obj, &res)) return res;
    return PyWrapper_New(self, obj);
}

/* The unbound wrapper: the first argument is self. */
static PyObject *wrapperdescr_call(PyObject *self, PyObject *args, PyObject *kwds) {
    PyWrapperDescrObject *d = (PyWrapperDescrObject *)self;
    if (PyTuple_GET_SIZE(args) < 1) {
        PyErr_Format(PyExc_TypeError, "descriptor '%V' of '%.100s' object needs an argument", d->d_common.d_name, "?",
                     d->d_common.d_type->tp_name);
        return NULL;
    }
    PyObject *obj = PyTuple_GET_ITEM(args, 0);
    if (!PyObject_TypeCheck(obj, d->d_common.d_type)) {
        PyErr_Format(PyExc_TypeError, "descriptor '%V' requires a '%.100s' object but received a '%.100s'",
                     d->d_common.d_name, "?", d->d_common.d_type->tp_name, Py_TYPE(obj)->tp_name);
        return NULL;
    }
    PyObject *rest = PyTuple_GetSlice(args, 1, PyTuple_GET_SIZE(args));
    if (rest == NULL) return NULL;
    PyObject *res = wrapperdescr_call_bound(d, obj, rest, kwds);
    Py_DECREF(rest);
    return res;
}

static PyObject *wrapperdescr_repr(PyObject *self) { return descr_repr_with(self, "slot wrapper"); }

static PyObject *wrapperdescr_get_doc(PyObject *self, void *c) {
    const char *doc = ((PyWrapperDescrObject *)self)->d_base->doc;
    if (doc == NULL) Py_RETURN_NONE;
    return PyUnicode_FromString(doc);
}

static PyGetSetDef wrapperdescr_getset[] = {
    {"__doc__", wrapperdescr_get_doc, NULL, NULL, NULL},
    {"__name__", descr_get_name, NULL, NULL, NULL},
    {"__qualname__", descr_get_qualname, NULL, NULL, NULL},
    {"__objclass__", descr_get_objclass, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

PyTypeObject PyWrapperDescr_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "wrapper_descriptor",
    .tp_basicsize = sizeof(PyWrapperDescrObject),
    .tp_dealloc = descr_dealloc,
    .tp_repr = wrapperdescr_repr,
    .tp_call = wrapperdescr_call,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_METHOD_DESCRIPTOR,
    .tp_getset = wrapperdescr_getset,
    .tp_descr_get = wrapperdescr_get,
};

PyObject *PyDescr_NewWrapper(PyTypeObject *type, struct wrapperbase *base, void *wrapped) {
    PyWrapperDescrObject *d = (PyWrapperDescrObject *)descr_new(&PyWrapperDescr_Type, type, base->name);
    if (d == NULL) return NULL;
    d->d_base = base;
    d->d_wrapped = wrapped;
    return (PyObject *)d;
}

/* method-wrapper: a slot wrapper bound to self. */
typedef struct {
    PyObject_HEAD
    PyWrapperDescrObject *descr;
    PyObject *self;
} wrapperobject;

PyObject *PyWrapper_New(PyObject *descr, PyObject *self) {
    if (!Py_IS_TYPE(descr, &PyWrapperDescr_Type) || !PyObject_TypeCheck(self, PyDescr_TYPE(descr))) {
        PyErr_BadInternalCall();
        return NULL;
    }
    wrapperobject *w = (wrapperobject *)PyType_GenericAlloc(&_PyMethodWrapper_Type, 0);
    if (w == NULL) return NULL;
    w->descr = (PyWrapperDescrObject *)Py_NewRef(descr);
    w->self = Py_NewRef(self);
    return (PyObject *)w;
}

static void wrapper_dealloc(PyObject *self) {
    wrapperobject *w = (wrapperobject *)self;
    Py_XDECREF(w->descr);
    Py_XDECREF(w->self);
    PyObject_Free(self);
}

static PyObject *wrapper_call(PyObject *self, PyObject *args, PyObject *kwds) {
    wrapperobject *w = (wrapperobject *)self;
    return wrapperdescr_call_bound(w->descr, w->self, args, kwds);
}

static PyObject *wrapper_repr(PyObject *self) {
    wrapperobject *w = (wrapperobject *)self;
    return PyUnicode_FromFormat("<method-wrapper '%U' of %s object at %p>", w->descr->d_common.d_name,
                                Py_TYPE(w->self)->tp_name, w->self);
}

static PyObject *wrapper_get_self(PyObject *self, void *c) { return Py_NewRef(((wrapperobject *)self)->self); }
static PyObject *wrapper_get_name(PyObject *self, void *c) { return Py_NewRef(((wrapperobject *)self)->descr->d_common.d_name); }
static PyObject *wrapper_get_objclass(PyObject *self, void *c) {
    return Py_NewRef(((wrapperobject *)self)->descr->d_common.d_type);
}
static PyObject *wrapper_get_doc(PyObject *self, void *c) {
    return wrapperdescr_get_doc((PyObject *)((wrapperobject *)self)->descr, c);
}

static PyGetSetDef wrapper_getset[] = {
    {"__self__", wrapper_get_self, NULL, NULL, NULL},
    {"__name__", wrapper_get_name, NULL, NULL, NULL},
    {"__objclass__", wrapper_get_objclass, NULL, NULL, NULL},
    {"__doc__", wrapper_get_doc, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

PyTypeObject _PyMethodWrapper_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "method-wrapper",
    .tp_basicsize = sizeof(wrapperobject),
    .tp_dealloc = wrapper_dealloc,
    .tp_repr = wrapper_repr,
    .tp_call = wrapper_call,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_getset = wrapper_getset,
};

/* ---------------- staticmethod / classmethod ---------------- */

typedef struct {
    PyObject_HEAD
    PyObject *cm_callable;
    PyObject *cm_dict;
} wrapped_callable;

static void wrapped_dealloc(PyObject *self) {
    Py_XDECREF(((wrapped_callable *)self)->cm_callable);
    Py_XDECREF(((wrapped_callable *)self)->cm_dict);
    Py_TYPE(self)->tp_free(self);
}

static int wrapped_init(PyObject *self, PyObject *args, PyObject *kwds) {
    PyObject *callable;
    if (!PyArg_UnpackTuple(args, Py_TYPE(self)->tp_name, 1, 1, &callable)) return -1;
    Py_XSETREF(((wrapped_callable *)self)->cm_callable, Py_NewRef(callable));
    return 0;
}

static PyObject *staticmethod_get(PyObject *self, PyObject *obj, PyObject *type) {
    return Py_NewRef(((wrapped_callable *)self)->cm_callable);
}

static PyObject *staticmethod_call(PyObject *self, PyObject *args, PyObject *kwds) {
    return PyObject_Call(((wrapped_callable *)self)->cm_callable, args, kwds);
}

static PyObject *classmethod_wrapper_get(PyObject *self, PyObject *obj, PyObject *type) {
    if (type == NULL) type = (PyObject *)Py_TYPE(obj);
    return PyMethod_New(((wrapped_callable *)self)->cm_callable, type);
}

static PyMemberDef wrapped_members[] = {
    {"__func__", T_OBJECT, offsetof(wrapped_callable, cm_callable), READONLY, NULL},
    {NULL, 0, 0, 0, NULL},
};

PyTypeObject PyStaticMethod_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "staticmethod",
    .tp_basicsize = sizeof(wrapped_callable),
    .tp_dealloc = wrapped_dealloc,
    .tp_call = staticmethod_call,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_members = wrapped_members,
    .tp_descr_get = staticmethod_get,
    .tp_dictoffset = offsetof(wrapped_callable, cm_dict),
    .tp_init = wrapped_init,
    .tp_new = PyType_GenericNew,
};

PyTypeObject PyClassMethod_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "classmethod",
    .tp_basicsize = sizeof(wrapped_callable),
    .tp_dealloc = wrapped_dealloc,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_members = wrapped_members,
    .tp_descr_get = classmethod_wrapper_get,
    .tp_dictoffset = offsetof(wrapped_callable, cm_dict),
    .tp_init = wrapped_init,
    .tp_new = PyType_GenericNew,
};

static PyObject *wrap_callable(PyTypeObject *type, PyObject *callable) {
    wrapped_callable *w = (wrapped_callable *)PyType_GenericAlloc(type, 0);
    if (w != NULL) w->cm_callable = Py_NewRef(callable);
    return (PyObject *)w;
}

PyObject *PyStaticMethod_New(PyObject *callable) { return wrap_callable(&PyStaticMethod_Type, callable); }
PyObject *PyClassMethod_New(PyObject *callable) { return wrap_callable(&PyClassMethod_Type, callable); }

/* ---------------- property ---------------- */

typedef struct {
    PyObject_HEAD
    PyObject *prop_get, *prop_set, *prop_del, *prop_doc;
} propertyobject;

static void property_dealloc(PyObject *self) {
    propertyobject *p = (propertyobject *)self;
    Py_XDECREF(p->prop_get); Py_XDECREF(p->prop_set); Py_XDECREF(p->prop_del); Py_XDECREF(p->prop_doc);
    Py_TYPE(self)->tp_free(self);
}

static int property_init(PyObject *self, PyObject *args, PyObject *kwds) {
    static char *kwlist[] = {"fget", "fset", "fdel", "doc", NULL};
    PyObject *get = NULL, *set = NULL, *del = NULL, *doc = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|OOOO:property", kwlist, &get, &set, &del, &doc)) return -1;
    propertyobject *p = (propertyobject *)self;
    Py_XSETREF(p->prop_get, get == Py_None ? NULL : Py_XNewRef(get));
    Py_XSETREF(p->prop_set, set == Py_None ? NULL : Py_XNewRef(set));
    Py_XSETREF(p->prop_del, del == Py_None ? NULL : Py_XNewRef(del));
    Py_XSETREF(p->prop_doc, Py_XNewRef(doc));
    return 0;
}

static PyObject *property_get(PyObject *self, PyObject *obj, PyObject *type) {
    propertyobject *p = (propertyobject *)self;
    if (obj == NULL || obj == Py_None) return Py_NewRef(self);
    if (p->prop_get == NULL) {
        PyErr_SetString(PyExc_AttributeError, "unreadable attribute");
        return NULL;
    }
    return PyObject_CallOneArg(p->prop_get, obj);
}

static int property_set(PyObject *self, PyObject *obj, PyObject *value) {
    propertyobject *p = (propertyobject *)self;
    PyObject *func = value == NULL ? p->prop_del : p->prop_set;
    if (func == NULL) {
        PyErr_SetString(PyExc_AttributeError, value == NULL ? "can't delete attribute" : "can't set attribute");
        return -1;
    }
    PyObject *res = value == NULL ? PyObject_CallOneArg(func, obj)
                                  : PyObject_CallFunctionObjArgs(func, obj, value, NULL);
    if (res == NULL) return -1;
    Py_DECREF(res);
    return 0;
}

static PyMemberDef property_members[] = {
    {"fget", T_OBJECT, offsetof(propertyobject, prop_get), READONLY, NULL},
    {"fset", T_OBJECT, offsetof(propertyobject, prop_set), READONLY, NULL},
    {"fdel", T_OBJECT, offsetof(propertyobject, prop_del), READONLY, NULL},
    {"__doc__", T_OBJECT, offsetof(propertyobject, prop_doc), 0, NULL},
    {NULL, 0, 0, 0, NULL},
};

PyTypeObject PyProperty_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "property",
    .tp_basicsize = sizeof(propertyobject),
    .tp_dealloc = property_dealloc,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_members = property_members,
    .tp_descr_get = property_get,
    .tp_descr_set = property_set,
    .tp_init = property_init,
    .tp_new = PyType_GenericNew,
};

/* ---------------- bound methods (a callable bound to self) ---------------- */

static PyObject *boundmethod_vectorcall(PyObject *self, PyObject *const *args, size_t nargsf, PyObject *kwnames) {
    PyMethodObject *m = (PyMethodObject *)self;
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
    Py_ssize_t total = nargs + (kwnames ? PyTuple_GET_SIZE(kwnames) : 0);
    PyObject *small[8], **stack = total + 1 <= 8 ? small : PyMem_Malloc((size_t)(total + 1) * sizeof(PyObject *));
    if (stack == NULL) return PyErr_NoMemory();
    stack[0] = m->im_self;
    for (Py_ssize_t i = 0; i < total; i++) stack[i + 1] = args[i];
    PyObject *res = PyObject_Vectorcall(m->im_func, stack, (size_t)(nargs + 1), kwnames);
    if (stack != small) PyMem_Free(stack);
    return res;
}

static void boundmethod_dealloc(PyObject *self) {
    PyMethodObject *m = (PyMethodObject *)self;
    Py_XDECREF(m->im_func);
    Py_XDECREF(m->im_self);
    PyObject_Free(self);
}

static PyObject *boundmethod_repr(PyObject *self) {
    PyMethodObject *m = (PyMethodObject *)self;
    return PyUnicode_FromFormat("<bound method %R of %R>", m->im_func, m->im_self);
}

static PyMemberDef boundmethod_members[] = {
    {"__func__", T_OBJECT, offsetof(PyMethodObject, im_func), READONLY, NULL},
    {"__self__", T_OBJECT, offsetof(PyMethodObject, im_self), READONLY, NULL},
    {NULL, 0, 0, 0, NULL},
};

PyTypeObject PyMethod_Type = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "method",
    .tp_basicsize = sizeof(PyMethodObject),
    .tp_dealloc = boundmethod_dealloc,
    .tp_vectorcall_offset = offsetof(PyMethodObject, vectorcall),
    .tp_repr = boundmethod_repr,
    .tp_call = PyVectorcall_Call,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_VECTORCALL,
    .tp_members = boundmethod_members,
};

PyObject *PyMethod_New(PyObject *func, PyObject *self) {
    if (self == NULL) {
        PyErr_BadInternalCall();
        return NULL;
    }
    PyMethodObject *m = (PyMethodObject *)PyType_GenericAlloc(&PyMethod_Type, 0);
    if (m == NULL) return NULL;
    m->im_func = Py_NewRef(func);
    m->im_self = Py_NewRef(self);
    m->vectorcall = boundmethod_vectorcall;
    return (PyObject *)m;
}

PyObject *PyMethod_Function(PyObject *m) { return ((PyMethodObject *)m)->im_func; }
PyObject *PyMethod_Self(PyObject *m) { return ((PyMethodObject *)m)->im_self; }
PyObject *PyInstanceMethod_New(PyObject *func) { return PyStaticMethod_New(func); }

/* A data descriptor defines __set__ (or __delete__): it wins over the instance dict. */
int PyDescr_IsData(PyObject *descr) { return Py_TYPE(descr)->tp_descr_set != NULL; }

int _cpx_init_descr(void) {
    PyTypeObject *types[] = {&PyMethodDescr_Type, &PyClassMethodDescr_Type, &PyMemberDescr_Type,
                             &PyGetSetDescr_Type, &PyWrapperDescr_Type, &_PyMethodWrapper_Type, &PyStaticMethod_Type,
                             &PyClassMethod_Type, &PyProperty_Type, &PyMethod_Type,
                             &PyCFunction_Type, &PyCMethod_Type};
    for (size_t i = 0; i < sizeof(types) / sizeof(types[0]); i++)
        if (PyType_Ready(types[i]) < 0) return -1;
    return 0;
}
