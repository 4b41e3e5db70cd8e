/* genericaliasobject.c: types.GenericAlias (Py_GenericAliasType), what
 * `list[int]` and an extension's `__class_getitem__ = Py_GenericAlias`
 * return.
 *
 * Invariants:
 * - An alias owns `origin` and `args` (always a tuple: a lone argument is
 *   packed into a 1-tuple) from creation to deallocation; `parameters` is
 *   NULL until first asked for, then the owned tuple of the distinct type
 *   variables found in `args` (items with __typing_subst__, and the
 *   __parameters__ of nested aliases), in order of first appearance.
 * - Attribute reads other than the alias's own (__class__, __origin__,
 *   __args__, __parameters__, __mro_entries__, __reduce__, ...) go to the
 *   origin (dunder methods such as __repr__ included), so
 *   `MultiDict[str].__name__` is the class's name, as in CPython.
 * - Substitution (alias[X]) handles plain type variables; the shim has no
 *   typing module, so variadic TypeVarTuple parameters never occur. */
#include "misc_internal.h"

typedef struct {
    PyObject_HEAD
    PyObject *origin;
    PyObject *args;
    PyObject *parameters;
    PyObject *weakreflist;
    char starred; /* CPython's bool: *tuple[int]; always 0 here */
    vectorcallfunc vectorcall;
} gaobject;

#define GA_CHECK(op) PyObject_TypeCheck(op, &Py_GenericAliasType)

static void ga_dealloc(PyObject *self) {
    gaobject *alias = (gaobject *)self;
    PyObject_GC_UnTrack(self);
    if (alias->weakreflist != NULL) PyObject_ClearWeakRefs(self);
    Py_XDECREF(alias->origin);
    Py_XDECREF(alias->args);
    Py_XDECREF(alias->parameters);
    Py_TYPE(self)->tp_free(self);
}

/* ---- repr ---- */

/* One item of the repr: "..." for Ellipsis, repr() for aliases and
 * objects without __qualname__/__module__, module.qualname for classes
 * (bare qualname for builtins). New reference or NULL. */
static PyObject *repr_item(PyObject *p) {
    if (p == Py_Ellipsis) return PyUnicode_FromString("...");
    PyObject *tmp;
    if (_PyObject_LookupAttr(p, _cpx_intern("__origin__"), &tmp) < 0) return NULL;
    if (tmp != NULL) {
        Py_DECREF(tmp);
        if (_PyObject_LookupAttr(p, _cpx_intern("__args__"), &tmp) < 0) return NULL;
        if (tmp != NULL) {
            Py_DECREF(tmp);
            return PyObject_Repr(p);
        }
    }
    PyObject *qualname, *module = NULL, *r;
    if (_PyObject_LookupAttr(p, _cpx_intern("__qualname__"), &qualname) < 0) return NULL;
    if (qualname == NULL) return PyObject_Repr(p);
    if (_PyObject_LookupAttr(p, _cpx_intern("__module__"), &module) < 0) {
        Py_DECREF(qualname);
        return NULL;
    }
    if (module == NULL || module == Py_None)
        r = PyObject_Repr(p);
    else if (PyUnicode_Check(module) && _PyUnicode_EqualToASCIIString(module, "builtins"))
        r = PyObject_Str(qualname);
    else
        r = PyUnicode_FromFormat("%S.%S", module, qualname);
    Py_DECREF(qualname);
    Py_XDECREF(module);
    return r;
}

static int append_piece(PyObject *pieces, PyObject *piece) {
    if (piece == NULL) return -1;
    int r = PyList_Append(pieces, piece);
    Py_DECREF(piece);
    return r;
}

static PyObject *ga_repr(PyObject *self) {
    gaobject *alias = (gaobject *)self;
    Py_ssize_t n = PyTuple_GET_SIZE(alias->args);
    PyObject *pieces = PyList_New(0);
    if (pieces == NULL) return NULL;
    if (alias->starred && append_piece(pieces, PyUnicode_FromString("*")) < 0) goto error;
    if (append_piece(pieces, repr_item(alias->origin)) < 0) goto error;
    if (append_piece(pieces, PyUnicode_FromString("[")) < 0) goto error;
    for (Py_ssize_t i = 0; i < n; i++) {
        if (i > 0 && append_piece(pieces, PyUnicode_FromString(", ")) < 0) goto error;
        if (append_piece(pieces, repr_item(PyTuple_GET_ITEM(alias->args, i))) < 0) goto error;
    }
    /* tuple[()] shows its empty argument list */
    if (append_piece(pieces, PyUnicode_FromString(n == 0 ? "()]" : "]")) < 0) goto error;
    PyObject *empty = PyUnicode_FromString("");
    PyObject *result = empty == NULL ? NULL : PyUnicode_Join(empty, pieces);
    Py_XDECREF(empty);
    Py_DECREF(pieces);
    return result;
error:
    Py_DECREF(pieces);
    return NULL;
}

/* ---- parameters and substitution ---- */

static Py_ssize_t index_of(PyObject *tuple, Py_ssize_t len, PyObject *item) {
    for (Py_ssize_t i = 0; i < len; i++)
        if (PyTuple_GET_ITEM(tuple, i) == item) return i;
    return -1;
}

/* Append `item` to the list `params` unless it is already there. */
static int add_parameter(PyObject *params, PyObject *item) {
    /* identity, as CPython compares parameters */
    for (Py_ssize_t i = 0; i < PyList_GET_SIZE(params); i++)
        if (PyList_GET_ITEM(params, i) == item) return 0;
    return PyList_Append(params, item);
}

/* The type variables of `args` (see the invariant): a new tuple. */
static PyObject *make_parameters(PyObject *args) {
    PyObject *params = PyList_New(0);
    if (params == NULL) return NULL;
    for (Py_ssize_t i = 0; i < PyTuple_GET_SIZE(args); i++) {
        PyObject *t = PyTuple_GET_ITEM(args, i), *probe;
        if (_PyObject_LookupAttr(t, _cpx_intern("__typing_subst__"), &probe) < 0) goto error;
        if (probe != NULL) {
            Py_DECREF(probe);
            if (add_parameter(params, t) < 0) goto error;
            continue;
        }
        if (_PyObject_LookupAttr(t, _cpx_intern("__parameters__"), &probe) < 0) goto error;
        if (probe != NULL && PyTuple_Check(probe)) {
            for (Py_ssize_t j = 0; j < PyTuple_GET_SIZE(probe); j++) {
                if (add_parameter(params, PyTuple_GET_ITEM(probe, j)) < 0) {
                    Py_DECREF(probe);
                    goto error;
                }
            }
        }
        Py_XDECREF(probe);
    }
    PyObject *result = PyList_AsTuple(params);
    Py_DECREF(params);
    return result;
error:
    Py_DECREF(params);
    return NULL;
}

static PyObject *ensure_parameters(gaobject *alias) {
    if (alias->parameters == NULL) alias->parameters = make_parameters(alias->args);
    return alias->parameters;
}

/* `obj` with the parameters `params` replaced by `items` when it is itself
 * generic (obj[...] of its own parameters), else obj. New reference. */
static PyObject *substitute_nested(PyObject *obj, PyObject *params, PyObject *const *items) {
    PyObject *sub;
    if (_PyObject_LookupAttr(obj, _cpx_intern("__parameters__"), &sub) < 0) return NULL;
    if (sub == NULL || !PyTuple_Check(sub) || PyTuple_GET_SIZE(sub) == 0) {
        Py_XDECREF(sub);
        return Py_NewRef(obj);
    }
    Py_ssize_t n = PyTuple_GET_SIZE(sub);
    PyObject *subargs = PyTuple_New(n);
    if (subargs == NULL) {
        Py_DECREF(sub);
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *arg = PyTuple_GET_ITEM(sub, i);
        Py_ssize_t k = index_of(params, PyTuple_GET_SIZE(params), arg);
        PyTuple_SET_ITEM(subargs, i, Py_NewRef(k >= 0 ? items[k] : arg));
    }
    Py_DECREF(sub);
    PyObject *result = PyObject_GetItem(obj, subargs);
    Py_DECREF(subargs);
    return result;
}

static PyObject *ga_getitem(PyObject *self, PyObject *item) {
    gaobject *alias = (gaobject *)self;
    PyObject *params = ensure_parameters(alias);
    if (params == NULL) return NULL;
    Py_ssize_t nparams = PyTuple_GET_SIZE(params);
    if (nparams == 0) return PyErr_Format(PyExc_TypeError, "%R is not a generic class", self);
    int is_tuple = PyTuple_Check(item);
    Py_ssize_t nitems = is_tuple ? PyTuple_GET_SIZE(item) : 1;
    PyObject *const *items = is_tuple ? &PyTuple_GET_ITEM(item, 0) : &item;
    if (nitems != nparams)
        return PyErr_Format(PyExc_TypeError, "Too %s arguments for %R; actual %zd, expected %zd",
                            nitems > nparams ? "many" : "few", self, nitems, nparams);
    Py_ssize_t nargs = PyTuple_GET_SIZE(alias->args);
    PyObject *newargs = PyTuple_New(nargs);
    if (newargs == NULL) return NULL;
    for (Py_ssize_t i = 0; i < nargs; i++) {
        PyObject *arg = PyTuple_GET_ITEM(alias->args, i), *subst, *value;
        if (_PyObject_LookupAttr(arg, _cpx_intern("__typing_subst__"), &subst) < 0) goto error;
        if (subst != NULL) {
            value = PyObject_CallOneArg(subst, items[index_of(params, nparams, arg)]);
            Py_DECREF(subst);
        } else {
            value = substitute_nested(arg, params, items);
        }
        if (value == NULL) goto error;
        PyTuple_SET_ITEM(newargs, i, value);
    }
    PyObject *result = Py_GenericAlias(alias->origin, newargs);
    Py_DECREF(newargs);
    return result;
error:
    Py_DECREF(newargs);
    return NULL;
}

/* ---- the other slots ---- */

static Py_hash_t ga_hash(PyObject *self) {
    gaobject *alias = (gaobject *)self;
    Py_hash_t h0 = PyObject_Hash(alias->origin);
    if (h0 == -1) return -1;
    Py_hash_t h1 = PyObject_Hash(alias->args);
    if (h1 == -1) return -1;
    return h0 ^ h1;
}

static PyObject *ga_richcompare(PyObject *a, PyObject *b, int op) {
    if (!GA_CHECK(b) || (op != Py_EQ && op != Py_NE)) Py_RETURN_NOTIMPLEMENTED;
    gaobject *x = (gaobject *)a, *y = (gaobject *)b;
    int eq = x->starred == y->starred;
    if (eq) eq = PyObject_RichCompareBool(x->origin, y->origin, Py_EQ);
    if (eq > 0) eq = PyObject_RichCompareBool(x->args, y->args, Py_EQ);
    if (eq < 0) return NULL;
    return PyBool_FromLong(op == Py_EQ ? eq : !eq);
}

/* Calling the alias calls the origin, then records the alias on the
 * instance as __orig_class__ where the instance allows it. */
static PyObject *ga_call(PyObject *self, PyObject *args, PyObject *kwds) {
    PyObject *obj = PyObject_Call(((gaobject *)self)->origin, args, kwds);
    if (obj != NULL && PyObject_SetAttr(obj, _cpx_intern("__orig_class__"), self) < 0) {
        if (!PyErr_ExceptionMatches(PyExc_AttributeError) && !PyErr_ExceptionMatches(PyExc_TypeError)) {
            Py_DECREF(obj);
            return NULL;
        }
        PyErr_Clear();
    }
    return obj;
}

static const char *const own_attributes[] = {
    "__class__", "__origin__", "__args__", "__unpacked__", "__parameters__", "__typing_unpacked_tuple_args__",
    "__mro_entries__", "__reduce_ex__", "__reduce__", "__copy__", "__deepcopy__", NULL,
};

static PyObject *ga_getattro(PyObject *self, PyObject *name) {
    if (PyUnicode_Check(name)) {
        const char *const *p = own_attributes;
        while (*p != NULL && !_PyUnicode_EqualToASCIIString(name, *p)) p++;
        if (*p == NULL) return PyObject_GetAttr(((gaobject *)self)->origin, name);
    }
    return PyObject_GenericGetAttr(self, name);
}

static PyObject *ga_mro_entries(PyObject *self, PyObject *bases) {
    (void)bases;
    return PyTuple_Pack(1, ((gaobject *)self)->origin);
}

static PyObject *ga_instancecheck(PyObject *self, PyObject *other) {
    (void)self, (void)other;
    PyErr_SetString(PyExc_TypeError, "isinstance() argument 2 cannot be a parameterized generic");
    return NULL;
}

static PyObject *ga_subclasscheck(PyObject *self, PyObject *other) {
    (void)self, (void)other;
    PyErr_SetString(PyExc_TypeError, "issubclass() argument 2 cannot be a parameterized generic");
    return NULL;
}

static PyObject *ga_reduce(PyObject *self, PyObject *unused) {
    (void)unused;
    gaobject *alias = (gaobject *)self;
    return Py_BuildValue("O(OO)", Py_TYPE(self), alias->origin, alias->args);
}

static PyObject *ga_parameters(PyObject *self, void *closure) {
    (void)closure;
    return Py_XNewRef(ensure_parameters((gaobject *)self));
}

static PyObject *ga_unpacked_tuple_args(PyObject *self, void *closure) {
    (void)closure;
    gaobject *alias = (gaobject *)self;
    if (alias->starred && alias->origin == (PyObject *)&PyTuple_Type) return Py_NewRef(alias->args);
    Py_RETURN_NONE;
}

/* Fill a fresh alias; 0 with an exception set on failure. */
static int setup_alias(gaobject *alias, PyObject *origin, PyObject *args) {
    args = PyTuple_Check(args) ? Py_NewRef(args) : PyTuple_Pack(1, args);
    if (args == NULL) return 0;
    alias->origin = Py_NewRef(origin);
    alias->args = args;
    alias->parameters = NULL;
    alias->weakreflist = NULL;
    alias->starred = 0;
    alias->vectorcall = NULL; /* calls go through tp_call */
    return 1;
}

static PyObject *ga_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    if (!_PyArg_NoKeywords("GenericAlias", kwds)) return NULL;
    if (!_PyArg_CheckPositional("GenericAlias", PyTuple_GET_SIZE(args), 2, 2)) return NULL;
    gaobject *self = (gaobject *)type->tp_alloc(type, 0);
    if (self == NULL) return NULL;
    if (!setup_alias(self, PyTuple_GET_ITEM(args, 0), PyTuple_GET_ITEM(args, 1))) {
        Py_DECREF(self);
        return NULL;
    }
    return (PyObject *)self;
}

static PyMethodDef ga_methods[] = {
    {"__mro_entries__", ga_mro_entries, METH_O, NULL},
    {"__instancecheck__", ga_instancecheck, METH_O, NULL},
    {"__subclasscheck__", ga_subclasscheck, METH_O, NULL},
    {"__reduce__", ga_reduce, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyMemberDef ga_members[] = {
    {"__origin__", T_OBJECT, offsetof(gaobject, origin), READONLY, NULL},
    {"__args__", T_OBJECT, offsetof(gaobject, args), READONLY, NULL},
    {"__unpacked__", T_BOOL, offsetof(gaobject, starred), READONLY, NULL},
    {NULL, 0, 0, 0, NULL},
};

static PyGetSetDef ga_getset[] = {
    {"__parameters__", ga_parameters, NULL, "Type variables in the GenericAlias.", NULL},
    {"__typing_unpacked_tuple_args__", ga_unpacked_tuple_args, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyMappingMethods ga_as_mapping = {.mp_subscript = ga_getitem};

PyTypeObject Py_GenericAliasType = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "types.GenericAlias",
    .tp_doc = "Represent a PEP 585 generic type\n\n"
              "E.g. for t = list[int], t.__origin__ is list and t.__args__ is (int,).",
    .tp_basicsize = sizeof(gaobject),
    .tp_dealloc = ga_dealloc,
    .tp_repr = ga_repr,
    .tp_as_mapping = &ga_as_mapping,
    .tp_hash = ga_hash,
    .tp_call = ga_call,
    .tp_getattro = ga_getattro,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_BASETYPE,
    .tp_richcompare = ga_richcompare,
    .tp_weaklistoffset = offsetof(gaobject, weakreflist),
    .tp_methods = ga_methods,
    .tp_members = ga_members,
    .tp_getset = ga_getset,
    .tp_alloc = PyType_GenericAlloc,
    .tp_new = ga_new,
    .tp_free = PyObject_GC_Del,
};

PyObject *Py_GenericAlias(PyObject *origin, PyObject *args) {
    gaobject *alias = (gaobject *)PyType_GenericAlloc(&Py_GenericAliasType, 0);
    if (alias == NULL) return NULL;
    if (!setup_alias(alias, origin, args)) {
        Py_DECREF(alias);
        return NULL;
    }
    return (PyObject *)alias;
}

int _cpx_init_genericalias(void) { return PyType_Ready(&Py_GenericAliasType); }
