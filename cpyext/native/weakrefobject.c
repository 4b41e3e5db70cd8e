/* weakrefobject.c: weak references (weakref.ref) and weak proxies.
 *
 * Invariants:
 * - A weak reference does not own its referent. Every live weak reference
 *   to an object is in a doubly linked list (wr_prev / wr_next) whose head
 *   is stored in the referent at tp_weaklistoffset, as in CPython. At most
 *   one callback-less exact ref and one callback-less proxy exist per
 *   referent; they are shared and kept first in the list (ref, then proxy).
 * - A dead reference has wr_object == Py_None (not owned) and is out of
 *   every list. _cpx_clear_weakrefs makes every reference to a dying object
 *   dead, then calls the callbacks of those still alive.
 * - A reference owns its callback (wr_callback) until it dies (or, after
 *   _PyWeakref_ClearRef, until it is deallocated).
 * - PyWeakref_GetObject returns a borrowed reference (Py_None when dead). */
#include "internal.h"

#define LISTPTR(o) ((PyWeakReference **)((char *)(o) + Py_TYPE(o)->tp_weaklistoffset))
#define SUPPORTS_WEAKREFS(tp) ((tp)->tp_weaklistoffset > 0)

static PyObject *referent(PyWeakReference *ref) { return PyWeakref_GET_OBJECT(ref); }

/* Unlink `self` from its referent's list and drop its callback. */
static void clear_weakref(PyWeakReference *self) {
    if (self->wr_object != Py_None) {
        PyWeakReference **list = LISTPTR(self->wr_object);
        if (*list == self) *list = self->wr_next;
        self->wr_object = Py_None;
        if (self->wr_prev != NULL) self->wr_prev->wr_next = self->wr_next;
        if (self->wr_next != NULL) self->wr_next->wr_prev = self->wr_prev;
        self->wr_prev = NULL;
        self->wr_next = NULL;
    }
    Py_CLEAR(self->wr_callback);
}

/* The shared callback-less ref and proxy at the head of a list, if any. */
static void basic_refs(PyWeakReference *head, PyWeakReference **refp, PyWeakReference **proxyp) {
    *refp = NULL;
    *proxyp = NULL;
    if (head != NULL && head->wr_callback == NULL) {
        if (PyWeakref_CheckRefExact(head)) {
            *refp = head;
            head = head->wr_next;
        }
        if (head != NULL && head->wr_callback == NULL && PyWeakref_CheckProxy(head)) *proxyp = head;
    }
}

static void insert_after(PyWeakReference *newref, PyWeakReference *prev) {
    newref->wr_prev = prev;
    newref->wr_next = prev->wr_next;
    if (prev->wr_next != NULL) prev->wr_next->wr_prev = newref;
    prev->wr_next = newref;
}

static void insert_head(PyWeakReference *newref, PyWeakReference **list) {
    PyWeakReference *next = *list;
    newref->wr_prev = NULL;
    newref->wr_next = next;
    if (next != NULL) next->wr_prev = newref;
    *list = newref;
}

static PyObject *weakref_vectorcall(PyObject *self, PyObject *const *args, size_t nargsf, PyObject *kwnames) {
    if (kwnames != NULL && PyTuple_GET_SIZE(kwnames) != 0) {
        PyErr_SetString(PyExc_TypeError, "weakref() takes no keyword arguments");
        return NULL;
    }
    Py_ssize_t nargs = PyVectorcall_NARGS(nargsf);
    if (nargs != 0) {
        PyErr_Format(PyExc_TypeError, "weakref expected 0 arguments, got %zd", nargs);
        return NULL;
    }
    return Py_NewRef(referent((PyWeakReference *)self));
}

static void init_weakref(PyWeakReference *self, PyObject *ob, PyObject *callback) {
    self->hash = -1;
    self->wr_object = ob;
    self->wr_prev = NULL;
    self->wr_next = NULL;
    self->wr_callback = Py_XNewRef(callback);
    self->vectorcall = weakref_vectorcall;
}

static PyWeakReference *new_weakref(PyTypeObject *type, PyObject *ob, PyObject *callback) {
    PyWeakReference *self = (PyWeakReference *)_PyObject_GC_New(type);
    if (self != NULL) init_weakref(self, ob, callback);
    return self;
}

static int check_supports(PyObject *ob) {
    if (SUPPORTS_WEAKREFS(Py_TYPE(ob))) return 1;
    PyErr_Format(PyExc_TypeError, "cannot create weak reference to '%s' object", Py_TYPE(ob)->tp_name);
    return 0;
}

PyObject *PyWeakref_NewRef(PyObject *ob, PyObject *callback) {
    if (!check_supports(ob)) return NULL;
    PyWeakReference **list = LISTPTR(ob);
    PyWeakReference *ref, *proxy;
    if (callback == Py_None) callback = NULL;
    basic_refs(*list, &ref, &proxy);
    if (callback == NULL && ref != NULL) return Py_NewRef((PyObject *)ref);
    PyWeakReference *result = new_weakref(&_PyWeakref_RefType, ob, callback);
    if (result == NULL) return NULL;
    if (callback == NULL) {
        insert_head(result, list);
    } else {
        PyWeakReference *prev = proxy != NULL ? proxy : ref;
        if (prev == NULL)
            insert_head(result, list);
        else
            insert_after(result, prev);
    }
    return (PyObject *)result;
}

PyObject *PyWeakref_NewProxy(PyObject *ob, PyObject *callback) {
    if (!check_supports(ob)) return NULL;
    PyWeakReference **list = LISTPTR(ob);
    PyWeakReference *ref, *proxy;
    if (callback == Py_None) callback = NULL;
    basic_refs(*list, &ref, &proxy);
    if (callback == NULL && proxy != NULL) return Py_NewRef((PyObject *)proxy);
    PyTypeObject *type = PyCallable_Check(ob) ? &_PyWeakref_CallableProxyType : &_PyWeakref_ProxyType;
    PyWeakReference *result = new_weakref(type, ob, callback);
    if (result == NULL) return NULL;
    PyWeakReference *prev = callback == NULL ? ref : (proxy != NULL ? proxy : ref);
    if (prev == NULL)
        insert_head(result, list);
    else
        insert_after(result, prev);
    return (PyObject *)result;
}

PyObject *PyWeakref_GetObject(PyObject *ref) {
    if (ref == NULL || !PyWeakref_Check(ref)) {
        PyErr_BadInternalCall();
        return NULL;
    }
    return referent((PyWeakReference *)ref);
}

/* The number of references in the list starting at `head`. */
Py_ssize_t _PyWeakref_GetWeakrefCount(PyWeakReference *head) {
    Py_ssize_t count = 0;
    for (; head != NULL; head = head->wr_next) count++;
    return count;
}

/* Kill one reference without calling its callback (which it keeps). */
void _PyWeakref_ClearRef(PyWeakReference *self) {
    PyObject *callback = self->wr_callback;
    self->wr_callback = NULL;
    clear_weakref(self);
    self->wr_callback = callback;
}

/* ---------------- clearing (the referent is being deallocated) ---------------- */

static void call_callback(PyWeakReference *ref, PyObject *callback) {
    PyObject *res = PyObject_CallOneArg(callback, (PyObject *)ref);
    if (res == NULL)
        PyErr_WriteUnraisable(callback);
    else
        Py_DECREF(res);
}

void _cpx_clear_weakrefs(PyObject *object) {
    /* CPython also insists on a zero refcount; the shim tolerates a
     * deallocator that clears before dropping the last reference. */
    if (object == NULL || !SUPPORTS_WEAKREFS(Py_TYPE(object))) {
        PyErr_BadInternalCall();
        return;
    }
    PyWeakReference **list = LISTPTR(object);
    /* The shared callback-less ref and proxy need no callback: just kill them. */
    if (*list != NULL && (*list)->wr_callback == NULL) {
        clear_weakref(*list);
        if (*list != NULL && (*list)->wr_callback == NULL) clear_weakref(*list);
    }
    if (*list == NULL) return;

    /* Kill every remaining reference first, keeping (ref, callback) pairs
     * for those still alive; then run the callbacks in list order. */
    Py_ssize_t count = _PyWeakref_GetWeakrefCount(*list);
    PyObject **pairs = (PyObject **)PyMem_Calloc((size_t)count * 2, sizeof(PyObject *));
    PyObject *et, *ev, *etb;
    PyErr_Fetch(&et, &ev, &etb);
    Py_ssize_t n = 0;
    while (*list != NULL) {
        PyWeakReference *r = *list;
        PyObject *callback = r->wr_callback;
        r->wr_callback = NULL;
        clear_weakref(r);
        if (callback == NULL) continue;
        if (pairs != NULL && Py_REFCNT(r) > 0) {
            pairs[2 * n] = Py_NewRef((PyObject *)r);
            pairs[2 * n + 1] = callback;
            n++;
        } else {
            Py_DECREF(callback);
        }
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        call_callback((PyWeakReference *)pairs[2 * i], pairs[2 * i + 1]);
        Py_DECREF(pairs[2 * i + 1]);
        Py_DECREF(pairs[2 * i]);
    }
    PyMem_Free(pairs);
    PyErr_Restore(et, ev, etb);
}

/* ---------------- weakref.ReferenceType ---------------- */

static void weakref_dealloc(PyObject *self) {
    PyObject_GC_UnTrack(self);
    clear_weakref((PyWeakReference *)self);
    Py_TYPE(self)->tp_free(self);
}

static int weakref_traverse(PyObject *self, visitproc visit, void *arg) {
    Py_VISIT(((PyWeakReference *)self)->wr_callback);
    return 0;
}

static int weakref_tp_clear(PyObject *self) {
    clear_weakref((PyWeakReference *)self);
    return 0;
}

static PyObject *weakref_call(PyObject *self, PyObject *args, PyObject *kwargs) {
    if (kwargs != NULL && PyDict_GET_SIZE(kwargs) != 0) {
        PyErr_SetString(PyExc_TypeError, "weakref() takes no keyword arguments");
        return NULL;
    }
    return weakref_vectorcall(self, _PyTuple_ITEMS(args), (size_t)PyTuple_GET_SIZE(args), NULL);
}

static Py_hash_t weakref_hash(PyObject *op) {
    PyWeakReference *self = (PyWeakReference *)op;
    if (self->hash != -1) return self->hash;
    PyObject *obj = referent(self);
    if (obj == Py_None) {
        PyErr_SetString(PyExc_TypeError, "weak object has gone away");
        return -1;
    }
    Py_INCREF(obj);
    self->hash = PyObject_Hash(obj);
    Py_DECREF(obj);
    return self->hash;
}

static PyObject *weakref_repr(PyObject *op) {
    PyObject *obj = referent((PyWeakReference *)op);
    if (obj == Py_None) return PyUnicode_FromFormat("<weakref at %p; dead>", op);
    Py_INCREF(obj);
    PyObject *name = NULL, *repr = NULL;
    if (_PyObject_LookupAttr(obj, _cpx_intern("__name__"), &name) >= 0) {
        if (name == NULL || !PyUnicode_Check(name))
            repr = PyUnicode_FromFormat("<weakref at %p; to '%s' at %p>", op, Py_TYPE(obj)->tp_name, obj);
        else
            repr = PyUnicode_FromFormat("<weakref at %p; to '%s' at %p (%U)>", op, Py_TYPE(obj)->tp_name, obj,
                                        name);
    }
    Py_XDECREF(name);
    Py_DECREF(obj);
    return repr;
}

/* Live references compare their referents; a dead one equals only itself. */
static PyObject *weakref_richcompare(PyObject *self, PyObject *other, int op) {
    if ((op != Py_EQ && op != Py_NE) || !PyWeakref_Check(self) || !PyWeakref_Check(other))
        Py_RETURN_NOTIMPLEMENTED;
    PyObject *a = referent((PyWeakReference *)self), *b = referent((PyWeakReference *)other);
    if (a == Py_None || b == Py_None) {
        int res = (self == other);
        if (op == Py_NE) res = !res;
        return Py_NewRef(res ? Py_True : Py_False);
    }
    Py_INCREF(a);
    Py_INCREF(b);
    PyObject *res = PyObject_RichCompare(a, b, op);
    Py_DECREF(a);
    Py_DECREF(b);
    return res;
}

/* weakref(ob[, callback]): the shared basic ref when possible. */
static PyObject *weakref_new(PyTypeObject *type, PyObject *args, PyObject *kwargs) {
    PyObject *ob, *callback = NULL;
    if (!PyArg_UnpackTuple(args, "__new__", 1, 2, &ob, &callback)) return NULL;
    if (type == &_PyWeakref_RefType) return PyWeakref_NewRef(ob, callback);
    if (!check_supports(ob)) return NULL;
    if (callback == Py_None) callback = NULL;
    PyWeakReference **list = LISTPTR(ob);
    PyWeakReference *ref, *proxy;
    basic_refs(*list, &ref, &proxy);
    PyWeakReference *self = (PyWeakReference *)type->tp_alloc(type, 0);
    if (self == NULL) return NULL;
    init_weakref(self, ob, callback);
    PyWeakReference *prev = proxy != NULL ? proxy : ref;
    if (prev == NULL)
        insert_head(self, list);
    else
        insert_after(self, prev);
    return (PyObject *)self;
}

static int weakref_init(PyObject *self, PyObject *args, PyObject *kwargs) {
    PyObject *ob, *callback = NULL;
    return PyArg_UnpackTuple(args, "__init__", 1, 2, &ob, &callback) ? 0 : -1;
}

static PyMemberDef weakref_members[] = {
    {"__callback__", T_OBJECT, offsetof(PyWeakReference, wr_callback), READONLY, NULL},
    {NULL, 0, 0, 0, NULL},
};

PyTypeObject _PyWeakref_RefType = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "weakref.ReferenceType",
    .tp_basicsize = sizeof(PyWeakReference),
    .tp_dealloc = weakref_dealloc,
    .tp_vectorcall_offset = offsetof(PyWeakReference, vectorcall),
    .tp_call = weakref_call,
    .tp_repr = weakref_repr,
    .tp_hash = weakref_hash,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_HAVE_VECTORCALL | Py_TPFLAGS_BASETYPE,
    .tp_traverse = weakref_traverse,
    .tp_clear = weakref_tp_clear,
    .tp_richcompare = weakref_richcompare,
    .tp_members = weakref_members,
    .tp_init = weakref_init,
    .tp_alloc = PyType_GenericAlloc,
    .tp_new = weakref_new,
    .tp_free = PyObject_GC_Del,
};

/* ---------------- proxies ---------------- */

/* The live referent of a proxy (borrowed), or NULL with ReferenceError. */
static PyObject *proxy_target(PyObject *proxy) {
    PyObject *obj = referent((PyWeakReference *)proxy);
    if (obj == Py_None) {
        PyErr_SetString(PyExc_ReferenceError, "weakly-referenced object no longer exists");
        return NULL;
    }
    return obj;
}

/* Replace a proxy operand by its referent (new reference). */
static PyObject *unwrap(PyObject *o) {
    if (PyWeakref_CheckProxy(o)) {
        PyObject *t = proxy_target(o);
        return t == NULL ? NULL : Py_NewRef(t);
    }
    return Py_NewRef(o);
}

static PyObject *proxy_getattr(PyObject *proxy, PyObject *name) {
    PyObject *obj = proxy_target(proxy);
    if (obj == NULL) return NULL;
    Py_INCREF(obj);
    PyObject *res = PyObject_GetAttr(obj, name);
    Py_DECREF(obj);
    return res;
}

static int proxy_setattr(PyObject *proxy, PyObject *name, PyObject *value) {
    PyObject *obj = proxy_target(proxy);
    if (obj == NULL) return -1;
    Py_INCREF(obj);
    int res = PyObject_SetAttr(obj, name, value);
    Py_DECREF(obj);
    return res;
}

static PyObject *proxy_repr(PyObject *proxy) {
    PyObject *obj = referent((PyWeakReference *)proxy);
    return PyUnicode_FromFormat("<weakproxy at %p to %s at %p>", proxy, Py_TYPE(obj)->tp_name, obj);
}

/* Apply a unary PyObject_* function to the referent. */
#define PROXY_UNARY(fname, call)                     \
    static PyObject *fname(PyObject *proxy) {        \
        PyObject *obj = unwrap(proxy);               \
        if (obj == NULL) return NULL;                \
        PyObject *res = call(obj);                   \
        Py_DECREF(obj);                              \
        return res;                                  \
    }
PROXY_UNARY(proxy_str, PyObject_Str)
PROXY_UNARY(proxy_iter, PyObject_GetIter)
PROXY_UNARY(proxy_neg, PyNumber_Negative)
PROXY_UNARY(proxy_pos, PyNumber_Positive)
PROXY_UNARY(proxy_abs, PyNumber_Absolute)
PROXY_UNARY(proxy_invert, PyNumber_Invert)
PROXY_UNARY(proxy_int, PyNumber_Long)
PROXY_UNARY(proxy_float, PyNumber_Float)
PROXY_UNARY(proxy_index, PyNumber_Index)

#define PROXY_BINARY(fname, call)                    \
    static PyObject *fname(PyObject *a, PyObject *b) { \
        PyObject *x = unwrap(a), *y = NULL, *res = NULL; \
        if (x != NULL && (y = unwrap(b)) != NULL) res = call(x, y); \
        Py_XDECREF(x);                               \
        Py_XDECREF(y);                               \
        return res;                                  \
    }
PROXY_BINARY(proxy_add, PyNumber_Add)
PROXY_BINARY(proxy_sub, PyNumber_Subtract)
PROXY_BINARY(proxy_mul, PyNumber_Multiply)
PROXY_BINARY(proxy_mod, PyNumber_Remainder)
PROXY_BINARY(proxy_divmod, PyNumber_Divmod)
PROXY_BINARY(proxy_lshift, PyNumber_Lshift)
PROXY_BINARY(proxy_rshift, PyNumber_Rshift)
PROXY_BINARY(proxy_and, PyNumber_And)
PROXY_BINARY(proxy_xor, PyNumber_Xor)
PROXY_BINARY(proxy_or, PyNumber_Or)
PROXY_BINARY(proxy_floordiv, PyNumber_FloorDivide)
PROXY_BINARY(proxy_truediv, PyNumber_TrueDivide)
PROXY_BINARY(proxy_matmul, PyNumber_MatrixMultiply)
PROXY_BINARY(proxy_getitem, PyObject_GetItem)

static PyObject *proxy_pow(PyObject *a, PyObject *b, PyObject *c) {
    PyObject *x = unwrap(a), *y = NULL, *res = NULL;
    if (x != NULL && (y = unwrap(b)) != NULL) res = PyNumber_Power(x, y, c);
    Py_XDECREF(x);
    Py_XDECREF(y);
    return res;
}

static int proxy_bool(PyObject *proxy) {
    PyObject *obj = proxy_target(proxy);
    if (obj == NULL) return -1;
    Py_INCREF(obj);
    int res = PyObject_IsTrue(obj);
    Py_DECREF(obj);
    return res;
}

static Py_ssize_t proxy_length(PyObject *proxy) {
    PyObject *obj = proxy_target(proxy);
    if (obj == NULL) return -1;
    Py_INCREF(obj);
    Py_ssize_t res = PyObject_Length(obj);
    Py_DECREF(obj);
    return res;
}

static int proxy_setitem(PyObject *proxy, PyObject *key, PyObject *value) {
    PyObject *obj = proxy_target(proxy);
    if (obj == NULL) return -1;
    Py_INCREF(obj);
    int res = value == NULL ? PyObject_DelItem(obj, key) : PyObject_SetItem(obj, key, value);
    Py_DECREF(obj);
    return res;
}

static int proxy_contains(PyObject *proxy, PyObject *value) {
    PyObject *obj = proxy_target(proxy);
    if (obj == NULL) return -1;
    Py_INCREF(obj);
    int res = PySequence_Contains(obj, value);
    Py_DECREF(obj);
    return res;
}

static PyObject *proxy_iternext(PyObject *proxy) {
    PyObject *obj = proxy_target(proxy);
    if (obj == NULL) return NULL;
    if (!PyIter_Check(obj)) {
        PyErr_Format(PyExc_TypeError, "Weakref proxy referenced a non-iterator '%.200s' object",
                     Py_TYPE(obj)->tp_name);
        return NULL;
    }
    Py_INCREF(obj);
    PyObject *res = PyIter_Next(obj);
    Py_DECREF(obj);
    return res;
}

static PyObject *proxy_richcompare(PyObject *a, PyObject *b, int op) {
    PyObject *x = unwrap(a), *y = NULL, *res = NULL;
    if (x != NULL && (y = unwrap(b)) != NULL) res = PyObject_RichCompare(x, y, op);
    Py_XDECREF(x);
    Py_XDECREF(y);
    return res;
}

static PyObject *proxy_call(PyObject *proxy, PyObject *args, PyObject *kwargs) {
    PyObject *obj = proxy_target(proxy);
    if (obj == NULL) return NULL;
    Py_INCREF(obj);
    PyObject *res = PyObject_Call(obj, args, kwargs);
    Py_DECREF(obj);
    return res;
}

static PyNumberMethods proxy_as_number = {
    .nb_add = proxy_add,
    .nb_subtract = proxy_sub,
    .nb_multiply = proxy_mul,
    .nb_remainder = proxy_mod,
    .nb_divmod = proxy_divmod,
    .nb_power = proxy_pow,
    .nb_negative = proxy_neg,
    .nb_positive = proxy_pos,
    .nb_absolute = proxy_abs,
    .nb_bool = proxy_bool,
    .nb_invert = proxy_invert,
    .nb_lshift = proxy_lshift,
    .nb_rshift = proxy_rshift,
    .nb_and = proxy_and,
    .nb_xor = proxy_xor,
    .nb_or = proxy_or,
    .nb_int = proxy_int,
    .nb_float = proxy_float,
    .nb_floor_divide = proxy_floordiv,
    .nb_true_divide = proxy_truediv,
    .nb_index = proxy_index,
    .nb_matrix_multiply = proxy_matmul,
};

static PySequenceMethods proxy_as_sequence = {
    .sq_contains = proxy_contains,
};

static PyMappingMethods proxy_as_mapping = {
    .mp_length = proxy_length,
    .mp_subscript = proxy_getitem,
    .mp_ass_subscript = proxy_setitem,
};

#define PROXY_TYPE_BODY                                        \
    .tp_basicsize = sizeof(PyWeakReference),                   \
    .tp_dealloc = weakref_dealloc,                             \
    .tp_repr = proxy_repr,                                     \
    .tp_as_number = &proxy_as_number,                          \
    .tp_as_sequence = &proxy_as_sequence,                      \
    .tp_as_mapping = &proxy_as_mapping,                        \
    .tp_hash = PyObject_HashNotImplemented,                    \
    .tp_str = proxy_str,                                       \
    .tp_getattro = proxy_getattr,                              \
    .tp_setattro = proxy_setattr,                              \
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,       \
    .tp_traverse = weakref_traverse,                           \
    .tp_clear = weakref_tp_clear,                              \
    .tp_richcompare = proxy_richcompare,                       \
    .tp_iter = proxy_iter,                                     \
    .tp_iternext = proxy_iternext,                             \
    .tp_free = PyObject_GC_Del,

PyTypeObject _PyWeakref_ProxyType = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "weakref.ProxyType",
    PROXY_TYPE_BODY
};

PyTypeObject _PyWeakref_CallableProxyType = {
    PyVarObject_HEAD_INIT(&PyType_Type, 0)
    .tp_name = "weakref.CallableProxyType",
    .tp_call = proxy_call,
    PROXY_TYPE_BODY
};

int _cpx_init_weakref(void) {
    if (PyType_Ready(&_PyWeakref_RefType) < 0) return -1;
    if (PyType_Ready(&_PyWeakref_ProxyType) < 0) return -1;
    if (PyType_Ready(&_PyWeakref_CallableProxyType) < 0) return -1;
    return 0;
}
