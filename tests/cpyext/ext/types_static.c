/* types_static.c: static PyTypeObjects defined in an extension, the way pre-3.x-era and
 * most current extensions write them: allocation (tp_new/tp_init/tp_alloc/tp_dealloc/
 * tp_free), tp_methods with every calling convention, tp_members, tp_getset, the buffer
 * protocol, iteration, rich comparison, hashing, repr/str, sequence and mapping slots, a
 * subclass inheriting from a base of the same module, and a GC type.
 *
 * Invariant: written against the documented CPython 3.11 API only, so it compiles unchanged
 * against cpyext/include and /usr/include/python3.11. Every type is declared with
 * PyVarObject_HEAD_INIT(NULL, 0): PyType_Ready fills ob_type. Reference ownership: Point
 * owns `label`; Vec owns nothing (its items are C longs); VecIter owns its Vec; Node owns
 * `child` (and is GC-tracked so a cycle through it is visible); Table owns its dict. Every
 * function returns a new reference; arguments are borrowed. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <structmember.h>
#include <math.h>

static long point_allocs, point_deallocs;

/* ---------------- Point: members, getset, methods, compare, hash, repr ---------------- */

typedef struct {
    PyObject_HEAD
    double x, y;
    PyObject *label;       /* T_OBJECT_EX: AttributeError when NULL */
    int tag;               /* T_INT */
    long long big;         /* T_LONGLONG */
    Py_ssize_t serial;     /* T_PYSSIZET, READONLY */
    char flag;             /* T_BOOL */
    unsigned char small;   /* T_UBYTE */
    short sh;              /* T_SHORT */
    float f;               /* T_FLOAT */
    PyObject *extra;       /* T_OBJECT: None when NULL */
} PointObject;

static PyTypeObject PointType;

static PyObject *point_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    PointObject *self = (PointObject *)type->tp_alloc(type, 0);
    if (self == NULL) return NULL;
    self->serial = ++point_allocs;
    self->tag = -1;
    return (PyObject *)self;
}

static int point_init(PyObject *op, PyObject *args, PyObject *kwds) {
    static char *kwlist[] = {"x", "y", "label", NULL};
    PointObject *self = (PointObject *)op;
    double x, y = 0.0;
    PyObject *label = NULL;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "d|d$O:Point", kwlist, &x, &y, &label)) return -1;
    self->x = x;
    self->y = y;
    if (label != NULL) {
        Py_INCREF(label);
        Py_XSETREF(self->label, label);
    }
    return 0;
}

static void point_dealloc(PyObject *op) {
    PointObject *self = (PointObject *)op;
    Py_XDECREF(self->label);
    Py_XDECREF(self->extra);
    point_deallocs++;
    Py_TYPE(op)->tp_free(op);
}

static PyObject *point_norm2(PyObject *op, PyObject *unused) {
    PointObject *self = (PointObject *)op;
    return PyFloat_FromDouble(self->x * self->x + self->y * self->y);
}

/* scale(k): METH_O, a new point of the same type. */
static PyObject *point_scale(PyObject *op, PyObject *k) {
    PointObject *self = (PointObject *)op;
    double f = PyFloat_AsDouble(k);
    if (f == -1.0 && PyErr_Occurred()) return NULL;
    return PyObject_CallFunction((PyObject *)Py_TYPE(op), "dd", self->x * f, self->y * f);
}

/* move(dx, dy=0.0): METH_VARARGS | METH_KEYWORDS, in place, returns None. */
static PyObject *point_move(PyObject *op, PyObject *args, PyObject *kwds) {
    static char *kwlist[] = {"dx", "dy", NULL};
    PointObject *self = (PointObject *)op;
    double dx, dy = 0.0;
    if (!PyArg_ParseTupleAndKeywords(args, kwds, "d|d:move", kwlist, &dx, &dy)) return NULL;
    self->x += dx;
    self->y += dy;
    Py_RETURN_NONE;
}

/* weighted(*values, weight=1): METH_FASTCALL | METH_KEYWORDS, (x + sum(values)) * weight. */
static PyObject *point_weighted(PyObject *op, PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames) {
    PointObject *self = (PointObject *)op;
    double total = self->x, weight = 1.0;
    for (Py_ssize_t i = 0; i < nargs; i++) {
        double v = PyFloat_AsDouble(args[i]);
        if (v == -1.0 && PyErr_Occurred()) return NULL;
        total += v;
    }
    Py_ssize_t nkw = kwnames ? PyTuple_GET_SIZE(kwnames) : 0;
    for (Py_ssize_t i = 0; i < nkw; i++) {
        PyObject *key = PyTuple_GET_ITEM(kwnames, i);
        if (PyUnicode_CompareWithASCIIString(key, "weight") != 0) {
            PyErr_Format(PyExc_TypeError, "weighted() got an unexpected keyword argument '%U'", key);
            return NULL;
        }
        weight = PyFloat_AsDouble(args[nargs + i]);
        if (weight == -1.0 && PyErr_Occurred()) return NULL;
    }
    return PyFloat_FromDouble(total * weight);
}

/* origin(): METH_CLASS, cls(0.0, 0.0). */
static PyObject *point_origin(PyObject *cls, PyObject *unused) {
    return PyObject_CallFunction(cls, "dd", 0.0, 0.0);
}

/* from_pair(pair): METH_CLASS | METH_O. */
static PyObject *point_from_pair(PyObject *cls, PyObject *pair) {
    double x, y;
    if (!PyArg_ParseTuple(pair, "dd:from_pair", &x, &y)) return NULL;
    return PyObject_CallFunction(cls, "dd", x, y);
}

/* dist(a, b): METH_STATIC | METH_VARARGS, Euclidean distance of two Points. */
static PyObject *point_dist(PyObject *unused, PyObject *args) {
    PyObject *a, *b;
    if (!PyArg_ParseTuple(args, "O!O!:dist", &PointType, &a, &PointType, &b)) return NULL;
    double dx = ((PointObject *)a)->x - ((PointObject *)b)->x, dy = ((PointObject *)a)->y - ((PointObject *)b)->y;
    return PyFloat_FromDouble(sqrt(dx * dx + dy * dy));
}

/* kind(): METH_STATIC | METH_NOARGS, a constant string. */
static PyObject *point_kind(PyObject *unused, PyObject *unused2) {
    return PyUnicode_FromString("cartesian");
}

static PyMethodDef point_methods[] = {
    {"norm2", point_norm2, METH_NOARGS, "norm2() -> x*x + y*y"},
    {"scale", point_scale, METH_O, "scale(k) -> Point"},
    {"move", (PyCFunction)(void (*)(void))point_move, METH_VARARGS | METH_KEYWORDS, "move(dx, dy=0.0)"},
    {"weighted", (PyCFunction)(void (*)(void))point_weighted, METH_FASTCALL | METH_KEYWORDS, NULL},
    {"origin", point_origin, METH_CLASS | METH_NOARGS, "origin() -> Point(0, 0)"},
    {"from_pair", point_from_pair, METH_CLASS | METH_O, NULL},
    {"dist", point_dist, METH_STATIC | METH_VARARGS, "dist(a, b)"},
    {"kind", point_kind, METH_STATIC | METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyMemberDef point_members[] = {
    {"x", T_DOUBLE, offsetof(PointObject, x), 0, "x coordinate"},
    {"y", T_DOUBLE, offsetof(PointObject, y), 0, NULL},
    {"label", T_OBJECT_EX, offsetof(PointObject, label), 0, NULL},
    {"extra", T_OBJECT, offsetof(PointObject, extra), 0, NULL},
    {"tag", T_INT, offsetof(PointObject, tag), 0, NULL},
    {"big", T_LONGLONG, offsetof(PointObject, big), 0, NULL},
    {"serial", T_PYSSIZET, offsetof(PointObject, serial), READONLY, "creation number"},
    {"flag", T_BOOL, offsetof(PointObject, flag), 0, NULL},
    {"small", T_UBYTE, offsetof(PointObject, small), 0, NULL},
    {"sh", T_SHORT, offsetof(PointObject, sh), 0, NULL},
    {"f", T_FLOAT, offsetof(PointObject, f), 0, NULL},
    {"ro_tag", T_INT, offsetof(PointObject, tag), READONLY, NULL},
    {NULL, 0, 0, 0, NULL},
};

static PyObject *point_get_xy(PyObject *op, void *closure) {
    PointObject *self = (PointObject *)op;
    return Py_BuildValue("(dd)", self->x, self->y);
}

static int point_set_xy(PyObject *op, PyObject *value, void *closure) {
    PointObject *self = (PointObject *)op;
    if (value == NULL) {
        PyErr_SetString(PyExc_TypeError, "cannot delete xy");
        return -1;
    }
    if (!PyTuple_Check(value) || PyTuple_GET_SIZE(value) != 2) {
        PyErr_Format(PyExc_TypeError, "xy must be a 2-tuple, not %.100s", Py_TYPE(value)->tp_name);
        return -1;
    }
    double x = PyFloat_AsDouble(PyTuple_GET_ITEM(value, 0));
    if (x == -1.0 && PyErr_Occurred()) return -1;
    double y = PyFloat_AsDouble(PyTuple_GET_ITEM(value, 1));
    if (y == -1.0 && PyErr_Occurred()) return -1;
    self->x = x;
    self->y = y;
    return 0;
}

static PyObject *point_get_quadrant(PyObject *op, void *closure) {
    PointObject *self = (PointObject *)op;
    int q = self->x >= 0 ? (self->y >= 0 ? 1 : 4) : (self->y >= 0 ? 2 : 3);
    return PyLong_FromLong(q);
}

static PyGetSetDef point_getset[] = {
    {"xy", point_get_xy, point_set_xy, "(x, y)", NULL},
    {"quadrant", point_get_quadrant, NULL, "1..4", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyObject *point_richcompare(PyObject *a, PyObject *b, int op) {
    if (!PyObject_TypeCheck(b, &PointType)) Py_RETURN_NOTIMPLEMENTED;
    PointObject *p = (PointObject *)a, *q = (PointObject *)b;
    double na = p->x * p->x + p->y * p->y, nb = q->x * q->x + q->y * q->y;
    switch (op) {
    case Py_EQ: return PyBool_FromLong(p->x == q->x && p->y == q->y);
    case Py_NE: return PyBool_FromLong(!(p->x == q->x && p->y == q->y));
    case Py_LT: return PyBool_FromLong(na < nb);
    case Py_GT: return PyBool_FromLong(na > nb);
    default: Py_RETURN_NOTIMPLEMENTED;
    }
}

static Py_hash_t point_hash(PyObject *op) {
    PointObject *self = (PointObject *)op;
    PyObject *t = Py_BuildValue("(dd)", self->x, self->y);
    if (t == NULL) return -1;
    Py_hash_t h = PyObject_Hash(t);
    Py_DECREF(t);
    return h;
}

static PyObject *point_repr(PyObject *op) {
    PointObject *self = (PointObject *)op;
    PyObject *x = PyFloat_FromDouble(self->x), *y = PyFloat_FromDouble(self->y), *r = NULL;
    const char *name = strrchr(Py_TYPE(op)->tp_name, '.');
    if (x && y) r = PyUnicode_FromFormat("%s(%R, %R)", name ? name + 1 : Py_TYPE(op)->tp_name, x, y);
    Py_XDECREF(x);
    Py_XDECREF(y);
    return r;
}

static PyObject *point_str(PyObject *op) {
    PointObject *self = (PointObject *)op;
    PyObject *x = PyFloat_FromDouble(self->x), *y = PyFloat_FromDouble(self->y), *r = NULL;
    if (x && y) r = PyUnicode_FromFormat("(%S, %S)", x, y);
    Py_XDECREF(x);
    Py_XDECREF(y);
    return r;
}

static PyTypeObject PointType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "types_static.Point",
    .tp_basicsize = sizeof(PointObject),
    .tp_dealloc = point_dealloc,
    .tp_repr = point_repr,
    .tp_hash = point_hash,
    .tp_str = point_str,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_doc = "Point(x, y=0.0, *, label=None)",
    .tp_richcompare = point_richcompare,
    .tp_methods = point_methods,
    .tp_members = point_members,
    .tp_getset = point_getset,
    .tp_init = point_init,
    .tp_alloc = PyType_GenericAlloc,
    .tp_new = point_new,
    .tp_free = PyObject_Del,
};

/* ---------------- Point3: a subclass inheriting Point's slots ---------------- */

typedef struct {
    PointObject base;
    double z;
} Point3Object;

static int point3_init(PyObject *op, PyObject *args, PyObject *kwds) {
    double x, y, z = 0.0;
    if (!PyArg_ParseTuple(args, "dd|d:Point3", &x, &y, &z)) return -1;
    Point3Object *self = (Point3Object *)op;
    self->base.x = x;
    self->base.y = y;
    self->z = z;
    return 0;
}

static PyObject *point3_norm3(PyObject *op, PyObject *unused) {
    Point3Object *self = (Point3Object *)op;
    return PyFloat_FromDouble(self->base.x * self->base.x + self->base.y * self->base.y + self->z * self->z);
}

static PyMethodDef point3_methods[] = {
    {"norm3", point3_norm3, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyMemberDef point3_members[] = {
    {"z", T_DOUBLE, offsetof(Point3Object, z), 0, NULL},
    {NULL, 0, 0, 0, NULL},
};

/* No tp_new, tp_dealloc, tp_repr, tp_hash, tp_richcompare: all come from Point. */
static PyTypeObject Point3Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "types_static.Point3",
    .tp_basicsize = sizeof(Point3Object),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Point3(x, y, z=0.0)",
    .tp_methods = point3_methods,
    .tp_members = point3_members,
    .tp_base = &PointType,
    .tp_init = point3_init,
};

/* ---------------- Plain: everything inherited from object ---------------- */

typedef struct {
    PyObject_HEAD
    long value;
} PlainObject;

static PyMemberDef plain_members[] = {
    {"value", T_LONG, offsetof(PlainObject, value), 0, NULL},
    {NULL, 0, 0, 0, NULL},
};

static PyTypeObject PlainType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "types_static.Plain",
    .tp_basicsize = sizeof(PlainObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_members = plain_members,
    .tp_new = PyType_GenericNew,
};

/* NoNew: no tp_new, so it cannot be instantiated from Python. */
static PyTypeObject NoNewType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "types_static.NoNew",
    .tp_basicsize = sizeof(PyObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
};

/* ---------------- Vec: var-sized, sequence, buffer exporter, iterable ---------------- */

typedef struct {
    PyObject_VAR_HEAD
    Py_ssize_t exports;
    long items[1];
} VecObject;

static PyTypeObject VecType, VecIterType;

static PyObject *vec_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    PyObject *seq;
    if (kwds != NULL && PyDict_GET_SIZE(kwds) != 0) {
        PyErr_SetString(PyExc_TypeError, "Vec() takes no keyword arguments");
        return NULL;
    }
    if (!PyArg_ParseTuple(args, "O:Vec", &seq)) return NULL;
    PyObject *fast = PySequence_Fast(seq, "Vec() needs a sequence");
    if (fast == NULL) return NULL;
    Py_ssize_t n = PySequence_Fast_GET_SIZE(fast);
    VecObject *self = (VecObject *)type->tp_alloc(type, n);
    if (self == NULL) { Py_DECREF(fast); return NULL; }
    for (Py_ssize_t i = 0; i < n; i++) {
        long v = PyLong_AsLong(PySequence_Fast_GET_ITEM(fast, i));
        if (v == -1 && PyErr_Occurred()) { Py_DECREF(fast); Py_DECREF(self); return NULL; }
        self->items[i] = v;
    }
    Py_DECREF(fast);
    return (PyObject *)self;
}

static Py_ssize_t vec_length(PyObject *op) { return Py_SIZE(op); }

static PyObject *vec_item(PyObject *op, Py_ssize_t i) {
    if (i < 0 || i >= Py_SIZE(op)) {
        PyErr_SetString(PyExc_IndexError, "Vec index out of range");
        return NULL;
    }
    return PyLong_FromLong(((VecObject *)op)->items[i]);
}

static int vec_ass_item(PyObject *op, Py_ssize_t i, PyObject *value) {
    if (i < 0 || i >= Py_SIZE(op)) {
        PyErr_SetString(PyExc_IndexError, "Vec assignment index out of range");
        return -1;
    }
    if (value == NULL) {
        PyErr_SetString(PyExc_TypeError, "Vec items cannot be deleted");
        return -1;
    }
    long v = PyLong_AsLong(value);
    if (v == -1 && PyErr_Occurred()) return -1;
    ((VecObject *)op)->items[i] = v;
    return 0;
}

static int vec_contains(PyObject *op, PyObject *value) {
    if (!PyLong_Check(value)) return 0;
    long v = PyLong_AsLong(value);
    if (v == -1 && PyErr_Occurred()) { PyErr_Clear(); return 0; }
    for (Py_ssize_t i = 0; i < Py_SIZE(op); i++)
        if (((VecObject *)op)->items[i] == v) return 1;
    return 0;
}

static int vec_getbuffer(PyObject *op, Py_buffer *view, int flags) {
    VecObject *self = (VecObject *)op;
    if (PyBuffer_FillInfo(view, op, self->items, Py_SIZE(op) * (Py_ssize_t)sizeof(long), 0, flags) < 0) return -1;
    if (flags & PyBUF_FORMAT) view->format = "l";
    view->itemsize = sizeof(long);
    self->exports++;
    return 0;
}

static void vec_releasebuffer(PyObject *op, Py_buffer *view) { ((VecObject *)op)->exports--; }

static PyObject *vec_iter(PyObject *op);

static PyObject *vec_sum(PyObject *op, PyObject *unused) {
    long s = 0;
    for (Py_ssize_t i = 0; i < Py_SIZE(op); i++) s += ((VecObject *)op)->items[i];
    return PyLong_FromLong(s);
}

static PyMethodDef vec_methods[] = {
    {"sum", vec_sum, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyMemberDef vec_members[] = {
    {"exports", T_PYSSIZET, offsetof(VecObject, exports), READONLY, NULL},
    {NULL, 0, 0, 0, NULL},
};

static PyObject *vec_repr(PyObject *op) {
    PyObject *list = PySequence_List(op);
    if (list == NULL) return NULL;
    PyObject *r = PyUnicode_FromFormat("Vec(%R)", list);
    Py_DECREF(list);
    return r;
}

static PySequenceMethods vec_as_sequence = {
    .sq_length = vec_length,
    .sq_item = vec_item,
    .sq_ass_item = vec_ass_item,
    .sq_contains = vec_contains,
};

static PyBufferProcs vec_as_buffer = {vec_getbuffer, vec_releasebuffer};

static PyTypeObject VecType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "types_static.Vec",
    .tp_basicsize = offsetof(VecObject, items),
    .tp_itemsize = sizeof(long),
    .tp_repr = vec_repr,
    .tp_as_sequence = &vec_as_sequence,
    .tp_as_buffer = &vec_as_buffer,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Vec(iterable of ints): a fixed-size array of C longs",
    .tp_iter = vec_iter,
    .tp_methods = vec_methods,
    .tp_members = vec_members,
    .tp_new = vec_new,
};

typedef struct {
    PyObject_HEAD
    VecObject *vec;
    Py_ssize_t pos;
} VecIterObject;

static PyObject *vec_iter(PyObject *op) {
    VecIterObject *it = PyObject_New(VecIterObject, &VecIterType);
    if (it == NULL) return NULL;
    Py_INCREF(op);
    it->vec = (VecObject *)op;
    it->pos = 0;
    return (PyObject *)it;
}

static void veciter_dealloc(PyObject *op) {
    Py_XDECREF(((VecIterObject *)op)->vec);
    PyObject_Del(op);
}

static PyObject *veciter_next(PyObject *op) {
    VecIterObject *it = (VecIterObject *)op;
    if (it->vec == NULL) return NULL;
    if (it->pos < Py_SIZE(it->vec)) return PyLong_FromLong(it->vec->items[it->pos++]);
    Py_CLEAR(it->vec);
    return NULL;
}

static PyTypeObject VecIterType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "types_static.VecIter",
    .tp_basicsize = sizeof(VecIterObject),
    .tp_dealloc = veciter_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = veciter_next,
};

/* ---------------- Table: a mapping over a dict, with string keys only ---------------- */

typedef struct {
    PyObject_HEAD
    PyObject *dict;
} TableObject;

static PyObject *table_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    if (PyTuple_GET_SIZE(args) != 0) {
        PyErr_SetString(PyExc_TypeError, "Table() takes keyword arguments only");
        return NULL;
    }
    TableObject *self = (TableObject *)type->tp_alloc(type, 0);
    if (self == NULL) return NULL;
    self->dict = kwds ? PyDict_Copy(kwds) : PyDict_New();
    if (self->dict == NULL) { Py_DECREF(self); return NULL; }
    return (PyObject *)self;
}

static void table_dealloc(PyObject *op) {
    Py_XDECREF(((TableObject *)op)->dict);
    Py_TYPE(op)->tp_free(op);
}

static Py_ssize_t table_length(PyObject *op) { return PyDict_GET_SIZE(((TableObject *)op)->dict); }

static PyObject *table_subscript(PyObject *op, PyObject *key) {
    if (!PyUnicode_Check(key)) {
        PyErr_Format(PyExc_TypeError, "Table keys must be str, not %.100s", Py_TYPE(key)->tp_name);
        return NULL;
    }
    PyObject *v = PyDict_GetItemWithError(((TableObject *)op)->dict, key);
    if (v == NULL) {
        if (!PyErr_Occurred()) PyErr_SetObject(PyExc_KeyError, key);
        return NULL;
    }
    return Py_NewRef(v);
}

static int table_ass_subscript(PyObject *op, PyObject *key, PyObject *value) {
    if (!PyUnicode_Check(key)) {
        PyErr_Format(PyExc_TypeError, "Table keys must be str, not %.100s", Py_TYPE(key)->tp_name);
        return -1;
    }
    if (value == NULL) return PyDict_DelItem(((TableObject *)op)->dict, key);
    return PyDict_SetItem(((TableObject *)op)->dict, key, value);
}

static PyObject *table_keys(PyObject *op, PyObject *unused) { return PyDict_Keys(((TableObject *)op)->dict); }

static PyMethodDef table_methods[] = {
    {"keys", table_keys, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyMappingMethods table_as_mapping = {table_length, table_subscript, table_ass_subscript};

static PyTypeObject TableType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "types_static.Table",
    .tp_basicsize = sizeof(TableObject),
    .tp_dealloc = table_dealloc,
    .tp_as_mapping = &table_as_mapping,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_methods = table_methods,
    .tp_new = table_new,
};

/* ---------------- Node: a GC type ---------------- */

typedef struct {
    PyObject_HEAD
    PyObject *child;
    long value;
} NodeObject;

static PyTypeObject NodeType;
static long node_deallocs;

static PyObject *node_new(PyTypeObject *type, PyObject *args, PyObject *kwds) {
    long value = 0;
    PyObject *child = Py_None;
    if (!PyArg_ParseTuple(args, "|lO:Node", &value, &child)) return NULL;
    NodeObject *self = PyObject_GC_New(NodeObject, type);
    if (self == NULL) return NULL;
    self->value = value;
    Py_INCREF(child);
    self->child = child;
    PyObject_GC_Track(self);
    return (PyObject *)self;
}

static int node_traverse(PyObject *op, visitproc visit, void *arg) {
    Py_VISIT(((NodeObject *)op)->child);
    return 0;
}

static int node_clear(PyObject *op) {
    Py_CLEAR(((NodeObject *)op)->child);
    return 0;
}

static void node_dealloc(PyObject *op) {
    PyObject_GC_UnTrack(op);
    node_clear(op);
    node_deallocs++;
    PyObject_GC_Del(op);
}

static PyObject *node_tracked(PyObject *op, PyObject *unused) { return PyBool_FromLong(PyObject_GC_IsTracked(op)); }

static PyObject *node_depth(PyObject *op, PyObject *unused) {
    long d = 0;
    for (PyObject *n = op; PyObject_TypeCheck(n, &NodeType); n = ((NodeObject *)n)->child) d++;
    return PyLong_FromLong(d);
}

static PyMethodDef node_methods[] = {
    {"tracked", node_tracked, METH_NOARGS, NULL},
    {"depth", node_depth, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static PyMemberDef node_members[] = {
    {"child", T_OBJECT, offsetof(NodeObject, child), 0, NULL},
    {"value", T_LONG, offsetof(NodeObject, value), READONLY, NULL},
    {NULL, 0, 0, 0, NULL},
};

static PyTypeObject NodeType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "types_static.Node",
    .tp_basicsize = sizeof(NodeObject),
    .tp_dealloc = node_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_traverse = node_traverse,
    .tp_clear = node_clear,
    .tp_methods = node_methods,
    .tp_members = node_members,
    .tp_new = node_new,
};

/* ---------------- module functions: the C-API protocol applied to the types ---------------- */

/* churn(n): create and drop n Points in C; (allocs, deallocs) made meanwhile. */
static PyObject *mod_churn(PyObject *m, PyObject *arg) {
    long n = PyLong_AsLong(arg);
    if (n == -1 && PyErr_Occurred()) return NULL;
    long a0 = point_allocs, d0 = point_deallocs;
    for (long i = 0; i < n; i++) {
        PyObject *p = PyObject_CallFunction((PyObject *)&PointType, "d", (double)i);
        if (p == NULL) return NULL;
        Py_DECREF(p);
    }
    return Py_BuildValue("(ll)", point_allocs - a0, point_deallocs - d0);
}

/* node_churn(n): build a chain of n Nodes in C and drop it; Nodes freed meanwhile. */
static PyObject *mod_node_churn(PyObject *m, PyObject *arg) {
    long n = PyLong_AsLong(arg);
    if (n == -1 && PyErr_Occurred()) return NULL;
    long d0 = node_deallocs;
    PyObject *head = Py_NewRef(Py_None);
    for (long i = 0; i < n; i++) {
        PyObject *next = PyObject_CallFunction((PyObject *)&NodeType, "lO", i, head);
        Py_DECREF(head);
        if (next == NULL) return NULL;
        head = next;
    }
    Py_DECREF(head);
    return PyLong_FromLong(node_deallocs - d0);
}

/* buffer_info(obj): PyObject_GetBuffer with PyBUF_FULL_RO, as
 * (len, itemsize, format, ndim, shape, readonly, sum of the longs or None). */
static PyObject *mod_buffer_info(PyObject *m, PyObject *obj) {
    Py_buffer view;
    if (PyObject_GetBuffer(obj, &view, PyBUF_FULL_RO) < 0) return NULL;
    PyObject *shape = view.shape ? Py_BuildValue("(n)", view.shape[0]) : Py_NewRef(Py_None);
    PyObject *sum = Py_NewRef(Py_None);
    if (view.format && view.format[0] == 'l' && view.format[1] == 0) {
        long s = 0;
        for (Py_ssize_t i = 0; i < view.len / (Py_ssize_t)sizeof(long); i++) s += ((long *)view.buf)[i];
        Py_SETREF(sum, PyLong_FromLong(s));
    }
    PyObject *r = Py_BuildValue("(nnsiNiN)", view.len, view.itemsize, view.format ? view.format : "B", view.ndim, shape,
                                view.readonly, sum);
    PyBuffer_Release(&view);
    return r;
}

/* view(obj): memoryview(obj) made in C. */
static PyObject *mod_view(PyObject *m, PyObject *obj) { return PyMemoryView_FromObject(obj); }

/* exports_during_view(vec): the Vec's export count while a memoryview holds it, and after. */
static PyObject *mod_exports_during_view(PyObject *m, PyObject *vec) {
    if (!PyObject_TypeCheck(vec, &VecType)) {
        PyErr_SetString(PyExc_TypeError, "a Vec is required");
        return NULL;
    }
    PyObject *mv = PyMemoryView_FromObject(vec);
    if (mv == NULL) return NULL;
    Py_ssize_t during = ((VecObject *)vec)->exports;
    Py_DECREF(mv);
    return Py_BuildValue("(nn)", during, ((VecObject *)vec)->exports);
}

/* protocol(obj): what the abstract API says about obj, as a dict. */
static PyObject *mod_protocol(PyObject *m, PyObject *obj) {
    PyObject *d = PyDict_New();
    if (d == NULL) return NULL;
#define PUT(key, expr) do { PyObject *v_ = (expr); if (v_ == NULL) { PyErr_Clear(); v_ = PyUnicode_FromString("<error>"); } \
    PyDict_SetItemString(d, key, v_); Py_DECREF(v_); } while (0)
    /* object's default repr shows the address: written as ADDR, so runs compare. */
    PyObject *addr = PyUnicode_FromFormat("%p", obj);
    if (addr == NULL) { Py_DECREF(d); return NULL; }
    PyObject *addr_tag = PyUnicode_FromString("ADDR");
    PyObject *r = PyObject_Repr(obj);
    PUT("repr", r ? PyUnicode_Replace(r, addr, addr_tag, -1) : NULL);
    Py_XDECREF(r);
    r = PyObject_Str(obj);
    PUT("str", r ? PyUnicode_Replace(r, addr, addr_tag, -1) : NULL);
    Py_XDECREF(r);
    Py_DECREF(addr);
    Py_XDECREF(addr_tag);
    Py_hash_t h = PyObject_Hash(obj);
    if (Py_TYPE(obj)->tp_hash == PyBaseObject_Type.tp_hash)
        PUT("hash", PyUnicode_FromString("<identity>"));  /* an address: differs from run to run */
    else
        PUT("hash", h == -1 && PyErr_Occurred() ? NULL : PyLong_FromSsize_t(h));
    Py_ssize_t n = PyObject_Length(obj);
    PUT("len", n == -1 && PyErr_Occurred() ? NULL : PyLong_FromSsize_t(n));
    PUT("is_sequence", PyBool_FromLong(PySequence_Check(obj)));
    PUT("is_mapping", PyBool_FromLong(PyMapping_Check(obj)));
    PUT("is_iter", PyBool_FromLong(PyIter_Check(obj)));
    PUT("is_buffer", PyBool_FromLong(PyObject_CheckBuffer(obj)));
    PUT("is_callable", PyBool_FromLong(PyCallable_Check(obj)));
    PUT("type", PyObject_GetAttrString((PyObject *)Py_TYPE(obj), "__name__"));
#undef PUT
    return d;
}

/* compare(a, b): the six rich comparisons through PyObject_RichCompare, as a tuple. */
static PyObject *mod_compare(PyObject *m, PyObject *args) {
    PyObject *a, *b;
    if (!PyArg_ParseTuple(args, "OO:compare", &a, &b)) return NULL;
    PyObject *out = PyTuple_New(6);
    if (out == NULL) return NULL;
    for (int op = 0; op < 6; op++) {
        PyObject *r = PyObject_RichCompare(a, b, op);
        if (r == NULL) {
            PyObject *type, *value, *tb;
            PyErr_Fetch(&type, &value, &tb);
            r = PyUnicode_FromFormat("%s", ((PyTypeObject *)type)->tp_name);
            Py_XDECREF(type);
            Py_XDECREF(value);
            Py_XDECREF(tb);
        }
        PyTuple_SET_ITEM(out, op, r);
    }
    return out;
}

/* to_list(obj): PyObject_GetIter + PyIter_Next until exhausted. */
static PyObject *mod_to_list(PyObject *m, PyObject *obj) {
    PyObject *it = PyObject_GetIter(obj);
    if (it == NULL) return NULL;
    PyObject *list = PyList_New(0), *item;
    while (list != NULL && (item = PyIter_Next(it)) != NULL) {
        if (PyList_Append(list, item) < 0) Py_CLEAR(list);
        Py_DECREF(item);
    }
    Py_DECREF(it);
    if (PyErr_Occurred()) Py_CLEAR(list);
    return list;
}

static PyTypeObject *all_types[] = {&PointType, &Point3Type, &PlainType, &NoNewType, &VecType, &VecIterType, &TableType, &NodeType};
static const char *all_names[] = {"Point", "Point3", "Plain", "NoNew", "Vec", "VecIter", "Table", "Node"};
#define NTYPES (sizeof(all_types) / sizeof(all_types[0]))

/* type_info(name): flags and slots the static type `name` has after PyType_Ready. */
static PyObject *mod_type_info(PyObject *m, PyObject *name) {
    PyObject *t = NULL;
    for (size_t i = 0; i < NTYPES; i++)
        if (PyUnicode_Check(name) && PyUnicode_CompareWithASCIIString(name, all_names[i]) == 0) t = (PyObject *)all_types[i];
    if (t == NULL) {
        PyErr_Format(PyExc_KeyError, "no type %R", name);
        return NULL;
    }
    PyTypeObject *type = (PyTypeObject *)t;
    return Py_BuildValue("{s:O,s:s,s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:i,s:n}",
                         "type_is_type", Py_TYPE(t) == &PyType_Type ? Py_True : Py_False,
                         "base", type->tp_base ? type->tp_base->tp_name : "",
                         "ready", (type->tp_flags & Py_TPFLAGS_READY) != 0,
                         "heap", (type->tp_flags & Py_TPFLAGS_HEAPTYPE) != 0,
                         "gc", (type->tp_flags & Py_TPFLAGS_HAVE_GC) != 0,
                         "has_getattro", type->tp_getattro == PyObject_GenericGetAttr,
                         "has_alloc", type->tp_alloc == PyType_GenericAlloc,
                         "has_hash", type->tp_hash != NULL && type->tp_hash != PyObject_HashNotImplemented,
                         "has_iternext", type->tp_iternext != NULL,
                         "subclass_of_point", PyType_IsSubtype(type, &PointType),
                         "basicsize", type->tp_basicsize);
}

static PyMethodDef module_methods[] = {
    {"churn", mod_churn, METH_O, NULL},
    {"node_churn", mod_node_churn, METH_O, NULL},
    {"buffer_info", mod_buffer_info, METH_O, NULL},
    {"view", mod_view, METH_O, NULL},
    {"exports_during_view", mod_exports_during_view, METH_O, NULL},
    {"protocol", mod_protocol, METH_O, NULL},
    {"compare", mod_compare, METH_VARARGS, NULL},
    {"to_list", mod_to_list, METH_O, NULL},
    {"type_info", mod_type_info, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef types_static_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "types_static",
    .m_doc = "Static extension types, for the cpyext tests.",
    .m_size = -1,
    .m_methods = module_methods,
};

PyMODINIT_FUNC PyInit_types_static(void) {
    for (size_t i = 0; i < NTYPES; i++)
        if (PyType_Ready(all_types[i]) < 0) return NULL;
    /* Class attributes put in a static type's dict after PyType_Ready, as old extensions do. */
    PyObject *dim = PyLong_FromLong(2);
    if (dim == NULL || PyDict_SetItemString(PointType.tp_dict, "DIM", dim) < 0) return NULL;
    Py_DECREF(dim);
    if (PyDict_SetItemString(PointType.tp_dict, "UNIT", Py_None) < 0) return NULL;
    PyObject *m = PyModule_Create(&types_static_module);
    if (m == NULL) return NULL;
    for (size_t i = 0; i < NTYPES; i++) {
        Py_INCREF(all_types[i]);
        if (PyModule_AddObject(m, all_names[i], (PyObject *)all_types[i]) < 0) {
            Py_DECREF(all_types[i]);
            Py_DECREF(m);
            return NULL;
        }
    }
    return m;
}
