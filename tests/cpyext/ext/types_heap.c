/* types_heap.c: heap types, the way modern extensions write them: PyType_FromModuleAndSpec
 * in a Py_mod_exec function (multi-phase init) with the types kept in module state,
 * PyType_FromSpecWithBases with a base from the same module, plain PyType_FromSpec,
 * PyType_GetModuleState / PyType_GetModuleByDef / METH_METHOD defining classes, weak
 * references and an instance __dict__ through Py_tp_members' __weaklistoffset__ and
 * __dictoffset__, and a tp_dealloc that drops the instance's reference to its heap type.
 *
 * Invariant: written against the documented CPython 3.11 API only, so it compiles unchanged
 * against cpyext/include and /usr/include/python3.11. Reference ownership: the module state
 * owns one reference to each type and to the LimitError class; a Counter owns its __dict__
 * (and its weakref list head, cleared in dealloc); every instance owns one reference to its
 * type, released by counter_dealloc after tp_free. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>

typedef struct {
    PyObject *Counter;
    PyObject *Limited;
    PyObject *Tagged;
    PyObject *Simple;
    PyObject *Token;
    PyObject *LimitError;
    long created;
} module_state;

static struct PyModuleDef types_heap_module;

static module_state *state_of_type(PyTypeObject *type) {
    PyObject *m = PyType_GetModuleByDef(type, &types_heap_module);
    return m ? (module_state *)PyModule_GetState(m) : NULL;
}

/* ---------------- Counter ---------------- */

typedef struct {
    PyObject_HEAD
    long value;
    long step;
    PyObject *weakreflist;
    PyObject *dict;
} CounterObject;

static PyObject *counter_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    module_state *st = state_of_type(type);
    if (st == NULL) return NULL;
    CounterObject *self = (CounterObject *)type->tp_alloc(type, 0);
    if (self == NULL) return NULL;
    self->step = 1;
    st->created++;
    return (PyObject *)self;
}

static int counter_init(PyObject *op, PyObject *args, PyObject *kwds) {
    static char *kwlist[] = {"start", "step", NULL};
    CounterObject *self = (CounterObject *)op;
    long start = 0, step = 1;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|ll:Counter", kwlist, &start, &step)) return -1;
    self->value = start;
    self->step = step;
    return 0;
}

static void counter_dealloc(PyObject *op) {
    CounterObject *self = (CounterObject *)op;
    PyTypeObject *type = Py_TYPE(op);
    if (self->weakreflist != NULL) PyObject_ClearWeakRefs(op);
    Py_CLEAR(self->dict);
    type->tp_free(op);
    Py_DECREF(type);
}

static PyObject *counter_increment(PyObject *op, PyObject *unused) {
    CounterObject *self = (CounterObject *)op;
    self->value += self->step;
    return PyLong_FromLong(self->value);
}

/* created(): METH_METHOD, the module state reached through the defining class. */
static PyObject *counter_created(PyObject *op, PyTypeObject *defining_class, PyObject *const *args, Py_ssize_t nargs,
                                 PyObject *kwnames) {
    if (nargs != 0 || (kwnames != NULL && PyTuple_GET_SIZE(kwnames) != 0)) {
        PyErr_SetString(PyExc_TypeError, "created() takes no arguments");
        return NULL;
    }
    module_state *st = (module_state *)PyType_GetModuleState(defining_class);
    if (st == NULL) return NULL;
    return PyLong_FromLong(st->created);
}

/* defined_in(): METH_METHOD, the name of the defining class (not type(self)). */
static PyObject *counter_defined_in(PyObject *op, PyTypeObject *defining_class, PyObject *const *args, Py_ssize_t nargs,
                                    PyObject *kwnames) {
    return PyType_GetName(defining_class);
}

/* module_name(): the module found from type(self) with PyType_GetModuleByDef. */
static PyObject *counter_module_name(PyObject *op, PyObject *unused) {
    PyObject *m = PyType_GetModuleByDef(Py_TYPE(op), &types_heap_module);
    if (m == NULL) return NULL;
    return PyModule_GetNameObject(m);
}

static PyObject *counter_repr(PyObject *op) {
    CounterObject *self = (CounterObject *)op;
    PyObject *name = PyType_GetQualName(Py_TYPE(op));
    if (name == NULL) return NULL;
    PyObject *r = PyUnicode_FromFormat("%U(value=%ld, step=%ld)", name, self->value, self->step);
    Py_DECREF(name);
    return r;
}

/* Counter + int: a new counter of the same type, advanced. */
static PyObject *counter_add(PyObject *a, PyObject *b) {
    module_state *st;
    if (!PyLong_Check(b) || (st = state_of_type(Py_TYPE(a))) == NULL || !PyObject_TypeCheck(a, (PyTypeObject *)st->Counter)) {
        PyErr_Clear();
        Py_RETURN_NOTIMPLEMENTED;
    }
    long n = PyLong_AsLong(b);
    if (n == -1 && PyErr_Occurred()) return NULL;
    CounterObject *self = (CounterObject *)a;
    return PyObject_CallFunction((PyObject *)Py_TYPE(a), "ll", self->value + n * self->step, self->step);
}

static Py_ssize_t counter_length(PyObject *op) { return ((CounterObject *)op)->value; }

static PyMethodDef counter_methods[] = {
    {"increment", counter_increment, METH_NOARGS, "increment() -> the new value"},
    {"created", (PyCFunction)(void (*)(void))counter_created, METH_METHOD | METH_FASTCALL | METH_KEYWORDS, NULL},
    {"defined_in", (PyCFunction)(void (*)(void))counter_defined_in, METH_METHOD | METH_FASTCALL | METH_KEYWORDS, NULL},
    {"module_name", counter_module_name, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyMemberDef counter_members[] = {
    {"value", T_LONG, offsetof(CounterObject, value), 0, "current value"},
    {"step", T_LONG, offsetof(CounterObject, step), READONLY, NULL},
    {"__weaklistoffset__", T_PYSSIZET, offsetof(CounterObject, weakreflist), READONLY, NULL},
    {"__dictoffset__", T_PYSSIZET, offsetof(CounterObject, dict), READONLY, NULL},
    {NULL, 0, 0, 0, NULL},
};

static PyType_Slot counter_slots[] = {
    {Py_tp_doc, "Counter(start=0, step=1)"},
    {Py_tp_new, counter_new},
    {Py_tp_init, counter_init},
    {Py_tp_dealloc, counter_dealloc},
    {Py_tp_repr, counter_repr},
    {Py_tp_methods, counter_methods},
    {Py_tp_members, counter_members},
    {Py_nb_add, counter_add},
    {Py_mp_length, counter_length},
    {0, NULL},
};

static PyType_Spec counter_spec = {
    .name = "types_heap.Counter",
    .basicsize = sizeof(CounterObject),
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = counter_slots,
};

/* ---------------- Limited: a subclass from FromModuleAndSpec with bases ---------------- */

typedef struct {
    CounterObject base;
    long limit;
} LimitedObject;

static int limited_init(PyObject *op, PyObject *args, PyObject *kwds) {
    static char *kwlist[] = {"limit", "start", NULL};
    LimitedObject *self = (LimitedObject *)op;
    long limit, start = 0;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "l|l:Limited", kwlist, &limit, &start)) return -1;
    self->limit = limit;
    self->base.value = start;
    return 0;
}

static PyObject *limited_increment(PyObject *op, PyTypeObject *defining_class, PyObject *const *args, Py_ssize_t nargs,
                                   PyObject *kwnames) {
    LimitedObject *self = (LimitedObject *)op;
    module_state *st = (module_state *)PyType_GetModuleState(defining_class);
    if (st == NULL) return NULL;
    if (self->base.value + self->base.step > self->limit) {
        PyErr_Format(st->LimitError, "limit %ld reached", self->limit);
        return NULL;
    }
    self->base.value += self->base.step;
    return PyLong_FromLong(self->base.value);
}

static PyMethodDef limited_methods[] = {
    {"increment", (PyCFunction)(void (*)(void))limited_increment, METH_METHOD | METH_FASTCALL | METH_KEYWORDS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyMemberDef limited_members[] = {
    {"limit", T_LONG, offsetof(LimitedObject, limit), READONLY, NULL},
    {NULL, 0, 0, 0, NULL},
};

static PyType_Slot limited_slots[] = {
    {Py_tp_init, limited_init},
    {Py_tp_methods, limited_methods},
    {Py_tp_members, limited_members},
    {0, NULL},
};

static PyType_Spec limited_spec = {
    .name = "types_heap.Limited",
    .basicsize = sizeof(LimitedObject),
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = limited_slots,
};

/* ---------------- Tagged: PyType_FromSpecWithBases, no module ---------------- */

typedef struct {
    CounterObject base;
    PyObject *tag;
} TaggedObject;

static void tagged_dealloc(PyObject *op) {
    Py_CLEAR(((TaggedObject *)op)->tag);
    counter_dealloc(op);
}

static PyMemberDef tagged_members[] = {
    {"tag", T_OBJECT, offsetof(TaggedObject, tag), 0, NULL},
    {NULL, 0, 0, 0, NULL},
};

static PyType_Slot tagged_slots[] = {
    {Py_tp_doc, "A Counter with a tag"},
    {Py_tp_members, tagged_members},
    {Py_tp_dealloc, tagged_dealloc},
    {0, NULL},
};

static PyType_Spec tagged_spec = {
    .name = "types_heap.Tagged",
    .basicsize = sizeof(TaggedObject),
    .flags = Py_TPFLAGS_DEFAULT,
    .slots = tagged_slots,
};

/* ---------------- Simple: PyType_FromSpec, everything from object ---------------- */

typedef struct {
    PyObject_HEAD
    double weight;
} SimpleObject;

static PyMemberDef simple_members[] = {
    {"weight", T_DOUBLE, offsetof(SimpleObject, weight), 0, NULL},
    {NULL, 0, 0, 0, NULL},
};

static PyType_Slot simple_slots[] = {
    {Py_tp_members, simple_members},
    {0, NULL},
};

static PyType_Spec simple_spec = {
    .name = "types_heap.Simple",
    .basicsize = sizeof(SimpleObject),
    .flags = Py_TPFLAGS_DEFAULT,
    .slots = simple_slots,
};

/* ---------------- Token: cannot be instantiated from Python ---------------- */

static PyType_Slot token_slots[] = {
    {0, NULL},
};

static PyType_Spec token_spec = {
    .name = "types_heap.Token",
    .basicsize = sizeof(PyObject),
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_DISALLOW_INSTANTIATION,
    .slots = token_slots,
};

/* ---------------- module functions ---------------- */

/* make_token(): a Token, made in C where Python cannot. */
static PyObject *mod_make_token(PyObject *m, PyObject *unused) {
    module_state *st = (module_state *)PyModule_GetState(m);
    return PyType_GenericAlloc((PyTypeObject *)st->Token, 0);
}

/* type_refs(name): the change of the type's refcount while one instance exists, then after it is freed. */
static PyObject *mod_type_refs(PyObject *m, PyObject *name) {
    PyObject *type = PyObject_GetAttr(m, name);
    if (type == NULL) return NULL;
    Py_ssize_t before = Py_REFCNT(type);
    PyObject *obj = PyObject_CallNoArgs(type);
    if (obj == NULL) { Py_DECREF(type); return NULL; }
    Py_ssize_t during = Py_REFCNT(type);
    Py_DECREF(obj);
    Py_ssize_t after = Py_REFCNT(type);
    Py_DECREF(type);
    return Py_BuildValue("(nn)", during - before, after - before);
}

/* layout(name): what PyType_FromSpec made of the type. */
static PyObject *mod_layout(PyObject *m, PyObject *name) {
    PyObject *t = PyObject_GetAttr(m, name);
    if (t == NULL) return NULL;
    PyTypeObject *type = (PyTypeObject *)t;
    PyObject *owner = PyType_GetModule(type);
    PyObject *module_name = owner ? PyModule_GetNameObject(owner) : NULL;
    if (owner == NULL) {
        PyErr_Clear();
        module_name = Py_NewRef(Py_None);
    }
    unsigned long flags = PyType_GetFlags(type);
    PyObject *r = Py_BuildValue("{s:i,s:i,s:i,s:i,s:i,s:i,s:n,s:i,s:s,s:N,s:i}",
                                "heap", (flags & Py_TPFLAGS_HEAPTYPE) != 0,
                                "immutable", (flags & Py_TPFLAGS_IMMUTABLETYPE) != 0,
                                "basetype", (flags & Py_TPFLAGS_BASETYPE) != 0,
                                "weaklist", type->tp_weaklistoffset > 0,
                                "dict", type->tp_dictoffset > 0,
                                "has_new", type->tp_new != NULL,
                                "basicsize", type->tp_basicsize,
                                "getslot_matches", PyType_GetSlot(type, Py_tp_repr) == (void *)type->tp_repr,
                                "base", type->tp_base->tp_name,
                                "module", module_name,
                                "own_dealloc", PyType_GetSlot(type, Py_tp_dealloc) == (void *)counter_dealloc);
    Py_DECREF(t);
    return r;
}

/* weak_alive(obj): a weak reference to obj resolves to obj while obj lives. */
static PyObject *mod_weak_alive(PyObject *m, PyObject *obj) {
    PyObject *ref = PyWeakref_NewRef(obj, NULL);
    if (ref == NULL) return NULL;
    int same = PyWeakref_GetObject(ref) == obj;
    Py_DECREF(ref);
    return PyBool_FromLong(same);
}

/* weak_after_free(name): a weak reference to a fresh instance, then the instance freed:
 * (alive before, dead after). */
static PyObject *mod_weak_after_free(PyObject *m, PyObject *name) {
    PyObject *type = PyObject_GetAttr(m, name);
    if (type == NULL) return NULL;
    PyObject *obj = PyObject_CallNoArgs(type);
    Py_DECREF(type);
    if (obj == NULL) return NULL;
    PyObject *ref = PyWeakref_NewRef(obj, NULL);
    if (ref == NULL) { Py_DECREF(obj); return NULL; }
    int alive = PyWeakref_GetObject(ref) == obj;
    Py_DECREF(obj);
    int dead = PyWeakref_GetObject(ref) == Py_None;
    Py_DECREF(ref);
    return Py_BuildValue("(OO)", alive ? Py_True : Py_False, dead ? Py_True : Py_False);
}

/* module_by_def(obj): PyType_GetModuleByDef on type(obj), as the module's name. */
static PyObject *mod_module_by_def(PyObject *m, PyObject *obj) {
    PyObject *found = PyType_GetModuleByDef(Py_TYPE(obj), &types_heap_module);
    if (found == NULL) return NULL;
    return PyModule_GetNameObject(found);
}

static PyObject *mod_created(PyObject *m, PyObject *unused) {
    return PyLong_FromLong(((module_state *)PyModule_GetState(m))->created);
}

static PyMethodDef module_methods[] = {
    {"make_token", mod_make_token, METH_NOARGS, NULL},
    {"type_refs", mod_type_refs, METH_O, NULL},
    {"layout", mod_layout, METH_O, NULL},
    {"weak_alive", mod_weak_alive, METH_O, NULL},
    {"weak_after_free", mod_weak_after_free, METH_O, NULL},
    {"module_by_def", mod_module_by_def, METH_O, NULL},
    {"created", mod_created, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static int add_type(PyObject *m, PyObject **slot, PyObject *type) {
    *slot = type;
    if (type == NULL) return -1;
    return PyModule_AddType(m, (PyTypeObject *)type);
}

static int types_heap_exec(PyObject *m) {
    module_state *st = (module_state *)PyModule_GetState(m);
    st->created = 0;
    if (add_type(m, &st->Counter, PyType_FromModuleAndSpec(m, &counter_spec, NULL)) < 0) return -1;
    if (add_type(m, &st->Limited, PyType_FromModuleAndSpec(m, &limited_spec, st->Counter)) < 0) return -1;
    if (add_type(m, &st->Tagged, PyType_FromSpecWithBases(&tagged_spec, st->Counter)) < 0) return -1;
    if (add_type(m, &st->Simple, PyType_FromSpec(&simple_spec)) < 0) return -1;
    st->Token = PyType_FromSpec(&token_spec);
    if (st->Token == NULL || PyModule_AddObjectRef(m, "Token", st->Token) < 0) return -1;
    st->LimitError = PyErr_NewException("types_heap.LimitError", PyExc_ValueError, NULL);
    if (st->LimitError == NULL || PyModule_AddObjectRef(m, "LimitError", st->LimitError) < 0) return -1;
    return 0;
}

static int types_heap_traverse(PyObject *m, visitproc visit, void *arg) {
    module_state *st = (module_state *)PyModule_GetState(m);
    Py_VISIT(st->Counter);
    Py_VISIT(st->Limited);
    Py_VISIT(st->Tagged);
    Py_VISIT(st->Simple);
    Py_VISIT(st->Token);
    Py_VISIT(st->LimitError);
    return 0;
}

static int types_heap_clear(PyObject *m) {
    module_state *st = (module_state *)PyModule_GetState(m);
    Py_CLEAR(st->Counter);
    Py_CLEAR(st->Limited);
    Py_CLEAR(st->Tagged);
    Py_CLEAR(st->Simple);
    Py_CLEAR(st->Token);
    Py_CLEAR(st->LimitError);
    return 0;
}

static void types_heap_free(void *m) { types_heap_clear((PyObject *)m); }

static PyModuleDef_Slot types_heap_slots[] = {
    {Py_mod_exec, types_heap_exec},
    {0, NULL},
};

static struct PyModuleDef types_heap_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "types_heap",
    .m_doc = "Heap types from specs, for the cpyext tests.",
    .m_size = sizeof(module_state),
    .m_methods = module_methods,
    .m_slots = types_heap_slots,
    .m_traverse = types_heap_traverse,
    .m_clear = types_heap_clear,
    .m_free = types_heap_free,
};

PyMODINIT_FUNC PyInit_types_heap(void) { return PyModuleDef_Init(&types_heap_module); }
