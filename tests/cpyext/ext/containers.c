/* containers.c: the container families' C API (tuple, list, dict, set, slice) and the
 * glue objects (capsules, memoryviews over an extension's own buffer) seen through an
 * extension, including reference semantics: which calls steal, which borrow, observed
 * through Py_REFCNT of objects only this module holds.
 *
 * Invariant: written against the documented CPython 3.11 API only, so it compiles
 * unchanged against cpyext/include and /usr/include/python3.11. Reference ownership:
 * every function returns a new reference; arguments are borrowed; a probe object made
 * here is released before returning, after its refcounts were read. The module's capsule
 * "containers._API" points at a static table that lives as long as the module. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

/* The pending exception's type name (its message may name CPython source lines), cleared;
 * "NULL" when a call failed without setting one. */
static PyObject *err_name(void) {
    PyObject *tp = PyErr_Occurred();
    PyObject *r = PyUnicode_FromString(tp ? ((PyTypeObject *)tp)->tp_name : "NULL");
    PyErr_Clear();
    return r;
}

/* ---------------- tuple ---------------- */

/* tuple_steal(): PyTuple_SetItem steals: refcounts of a fresh probe around the calls. */
static PyObject *c_tuple_steal(PyObject *self, PyObject *unused) {
    PyObject *probe = PyList_New(0), *t = PyTuple_New(2);
    if (probe == NULL || t == NULL) return NULL;
    Py_ssize_t before = Py_REFCNT(probe);
    Py_INCREF(probe);
    PyTuple_SetItem(t, 0, probe); /* steals the extra reference */
    Py_ssize_t after = Py_REFCNT(probe);
    Py_INCREF(Py_None);
    PyTuple_SET_ITEM(t, 1, Py_None);
    PyObject *borrowed = PyTuple_GetItem(t, 0);
    Py_ssize_t after_get = Py_REFCNT(probe);
    /* SetItem on a tuple someone else holds: SystemError, and the item is still consumed */
    Py_INCREF(t);
    PyObject *other = PyList_New(0);
    Py_INCREF(other);
    int rc = PyTuple_SetItem(t, 1, other);
    Py_ssize_t other_after = Py_REFCNT(other);
    PyObject *err = err_name();
    Py_DECREF(t);
    Py_DECREF(other);
    Py_DECREF(t);
    Py_ssize_t after_free = Py_REFCNT(probe);
    Py_DECREF(probe);
    return Py_BuildValue("nnnOinNn", before, after, after_get, borrowed == probe ? Py_True : Py_False, rc, other_after, err, after_free);
}

/* tuple_ops(items): (GetItem(1), GetSlice(1, 3), Size, PyTuple_Pack of the ends, PySequence_Tuple). */
static PyObject *c_tuple_ops(PyObject *self, PyObject *items) {
    PyObject *t = PySequence_Tuple(items);
    if (t == NULL) return NULL;
    PyObject *item = PyTuple_GetItem(t, 1);
    if (item == NULL) {
        Py_DECREF(t);
        return NULL;
    }
    Py_ssize_t n = PyTuple_Size(t);
    PyObject *ends = PyTuple_Pack(2, PyTuple_GET_ITEM(t, 0), PyTuple_GET_ITEM(t, n - 1));
    PyObject *r = Py_BuildValue("ONnNO", item, PyTuple_GetSlice(t, 1, 3), n, ends, t);
    Py_DECREF(t);
    return r;
}

/* tuple_getitem(items, i): PyTuple_GetItem (IndexError) on tuple(items). */
static PyObject *c_tuple_getitem(PyObject *self, PyObject *args) {
    PyObject *items;
    Py_ssize_t i;
    if (!PyArg_ParseTuple(args, "On:tuple_getitem", &items, &i)) return NULL;
    PyObject *t = PySequence_Tuple(items);
    if (t == NULL) return NULL;
    PyObject *r = PyTuple_GetItem(t, i);
    Py_XINCREF(r);
    Py_DECREF(t);
    return r;
}

/* tuple_misuse(o): PyTuple_Size on a non-tuple: the exception's type name (SystemError). */
static PyObject *c_tuple_misuse(PyObject *self, PyObject *o) {
    Py_ssize_t n = PyTuple_Size(o);
    if (n == -1 && PyErr_Occurred()) return err_name();
    return PyLong_FromSsize_t(n);
}

/* ---------------- list ---------------- */

/* list_steal(): PyList_SetItem steals, PyList_Append / Insert do not. */
static PyObject *c_list_steal(PyObject *self, PyObject *unused) {
    PyObject *probe = PyDict_New(), *l = PyList_New(0);
    if (probe == NULL || l == NULL) return NULL;
    Py_ssize_t r0 = Py_REFCNT(probe);
    PyList_Append(l, probe);
    Py_ssize_t r1 = Py_REFCNT(probe);
    PyList_Insert(l, 0, probe);
    Py_ssize_t r2 = Py_REFCNT(probe);
    Py_INCREF(Py_None);
    PyList_SetItem(l, 0, Py_None); /* drops the list's reference to probe */
    Py_ssize_t r3 = Py_REFCNT(probe);
    Py_INCREF(probe);
    PyList_SetItem(l, 0, probe);
    Py_ssize_t r4 = Py_REFCNT(probe);
    Py_INCREF(probe);
    int bad = PyList_SetItem(l, 5, probe); /* IndexError, the reference is still consumed */
    Py_ssize_t r5 = Py_REFCNT(probe);
    PyErr_Clear();
    PyObject *t = PyList_AsTuple(l);
    Py_ssize_t r6 = Py_REFCNT(probe);
    Py_DECREF(t);
    Py_DECREF(l);
    Py_ssize_t r7 = Py_REFCNT(probe);
    Py_DECREF(probe);
    return Py_BuildValue("nnnnninnn", r0, r1, r2, r3, r4, bad, r5, r6, r7);
}

/* list_ops(items): a list of what each list function makes of list(items), in order. */
static PyObject *c_list_ops(PyObject *self, PyObject *items) {
    PyObject *l = PySequence_List(items), *out = PyList_New(0), *x;
    if (l == NULL || out == NULL) return NULL;
#define REC(v)                                                   \
    do {                                                         \
        PyObject *v_ = (v);                                      \
        if (v_ == NULL) v_ = err_name();                                                        \
        PyList_Append(out, v_);                                  \
        Py_DECREF(v_);                                           \
    } while (0)
    REC(PyLong_FromSsize_t(PyList_Size(l)));
    x = PyLong_FromLong(-7);
    PyList_Insert(l, -1, x);
    PyList_Insert(l, 100, x);
    PyList_Insert(l, -100, x);
    Py_DECREF(x);
    REC(PyList_GetSlice(l, 0, PY_SSIZE_T_MAX));
    REC(PyList_GetSlice(l, 2, 1));
    REC(PyList_GetSlice(l, -5, 3));
    x = Py_BuildValue("[ss]", "s1", "s2");
    PyList_SetSlice(l, 1, 2, x);
    Py_DECREF(x);
    REC(PyList_GetSlice(l, 0, PY_SSIZE_T_MAX));
    PyList_SetSlice(l, 0, 2, NULL);
    REC(PyList_GetSlice(l, 0, PY_SSIZE_T_MAX));
    REC(PyLong_FromLong(PyList_Reverse(l)));
    REC(PyList_GetSlice(l, 0, PY_SSIZE_T_MAX));
    REC(PyLong_FromLong(PyList_Sort(l)));
    REC(PyList_GetSlice(l, 0, PY_SSIZE_T_MAX));
    REC(PyList_AsTuple(l));
    x = PyList_GetItem(l, 100);
    REC(x ? (Py_INCREF(x), x) : NULL);
    REC(PySequence_List(l));
#undef REC
    Py_DECREF(l);
    return out;
}

/* list_misuse(o): PyList_Append on a non-list: the exception's type name. */
static PyObject *c_list_misuse(PyObject *self, PyObject *o) {
    if (PyList_Append(o, Py_None) < 0) return err_name();
    Py_RETURN_NONE;
}

/* ---------------- dict ---------------- */

/* dict_next(d): the (key, value) pairs PyDict_Next yields, in order. */
static PyObject *c_dict_next(PyObject *self, PyObject *d) {
    if (!PyDict_Check(d)) {
        PyErr_SetString(PyExc_TypeError, "need a dict");
        return NULL;
    }
    PyObject *out = PyList_New(0), *k, *v;
    Py_ssize_t pos = 0;
    while (out && PyDict_Next(d, &pos, &k, &v)) {
        PyObject *pair = PyTuple_Pack(2, k, v);
        if (pair == NULL || PyList_Append(out, pair) < 0) Py_CLEAR(out);
        Py_XDECREF(pair);
    }
    return out;
}

/* dict_ops(d): what each dict function makes of a copy of d (keys given by the cases). */
static PyObject *c_dict_ops(PyObject *self, PyObject *args) {
    PyObject *src, *present, *missing, *unhashable;
    if (!PyArg_ParseTuple(args, "O!OOO:dict_ops", &PyDict_Type, &src, &present, &missing, &unhashable)) return NULL;
    PyObject *d = PyDict_Copy(src), *out = PyList_New(0), *x;
    if (d == NULL || out == NULL) return NULL;
#define REC(v)                                                   \
    do {                                                         \
        PyObject *v_ = (v);                                      \
        if (v_ == NULL) v_ = err_name();                                                        \
        PyList_Append(out, v_);                                  \
        Py_DECREF(v_);                                           \
    } while (0)
    int rc;
#define RC(e) (rc = (e), rc < 0 ? NULL : PyLong_FromLong(rc))
#define BORROWED(v) ((x = (v)) ? (Py_INCREF(x), x) : NULL)
    REC(BORROWED(PyDict_GetItem(d, present)));
    REC(BORROWED(PyDict_GetItem(d, missing)));          /* NULL, no exception */
    REC(BORROWED(PyDict_GetItem(d, unhashable)));       /* NULL, exception swallowed */
    REC(PyBool_FromLong(PyErr_Occurred() != NULL));
    REC(BORROWED(PyDict_GetItemWithError(d, missing))); /* NULL, no exception */
    REC(BORROWED(PyDict_GetItemWithError(d, unhashable)));
    REC(BORROWED(PyDict_GetItemString(d, "s")));
    REC(PyLong_FromLong(PyDict_Contains(d, present)));
    REC(PyLong_FromLong(PyDict_Contains(d, missing)));
    REC(RC(PyDict_Contains(d, unhashable)));
    REC(RC(PyDict_DelItem(d, missing)));
    REC(RC(PyDict_DelItem(d, present)));
    REC(RC(PyDict_SetItem(d, unhashable, Py_None)));
    x = PyLong_FromLong(99);
    PyDict_SetItemString(d, "added", x);
    Py_DECREF(x);
    REC(BORROWED(PyDict_SetDefault(d, missing, Py_True)));
    REC(BORROWED(PyDict_SetDefault(d, missing, Py_False)));
    REC(PyDict_Keys(d));
    REC(PyDict_Values(d));
    REC(PyDict_Items(d));
    REC(PyLong_FromSsize_t(PyDict_Size(d)));
    PyObject *other = Py_BuildValue("{s:i,s:i}", "added", -1, "other", 2);
    REC(RC(PyDict_Merge(d, other, 0)));
    REC(PyDict_Copy(d));
    REC(RC(PyDict_Update(d, other)));
    REC(PyDict_Copy(d));
    REC(RC(PyDict_DelItemString(d, "other")));
    REC(RC(PyDict_DelItemString(d, "nope")));
    PyObject *pairs = Py_BuildValue("[(ii)(si)]", 1, 2, "k", 3);
    REC(RC(PyDict_MergeFromSeq2(d, pairs, 1)));
    Py_DECREF(pairs);
    REC(PyDict_Copy(d));
    PyDict_Clear(d);
    REC(PyLong_FromSsize_t(PyDict_Size(d)));
    Py_DECREF(other);
#undef RC
#undef BORROWED
#undef REC
    Py_DECREF(d);
    return out;
}

/* dict_refs(): SetItem increfs key and value (never steals); DelItem drops both. */
static PyObject *c_dict_refs(PyObject *self, PyObject *unused) {
    PyObject *d = PyDict_New(), *k = PyUnicode_FromString("probe-key-not-interned-\xc3\xa9"), *v = PyList_New(0);
    Py_ssize_t k0 = Py_REFCNT(k), v0 = Py_REFCNT(v);
    PyDict_SetItem(d, k, v);
    Py_ssize_t k1 = Py_REFCNT(k), v1 = Py_REFCNT(v);
    PyObject *v2o = PyList_New(0);
    PyDict_SetItem(d, k, v2o); /* replaces the value, keeps the first key */
    Py_ssize_t k2 = Py_REFCNT(k), v2 = Py_REFCNT(v), w2 = Py_REFCNT(v2o);
    PyDict_DelItem(d, k);
    Py_ssize_t k3 = Py_REFCNT(k), w3 = Py_REFCNT(v2o);
    Py_DECREF(d);
    Py_DECREF(k);
    Py_DECREF(v);
    Py_DECREF(v2o);
    return Py_BuildValue("nnnnnnnnn", k0, v0, k1, v1, k2, v2, w2, k3, w3);
}

/* dictproxy(d): PyDictProxy_New(d) read through the mapping protocol. */
static PyObject *c_dictproxy(PyObject *self, PyObject *d) {
    PyObject *p = PyDictProxy_New(d);
    if (p == NULL) return NULL;
    PyObject *r = Py_BuildValue("nN", PyMapping_Size(p), PyMapping_Keys(p));
    int rc = PyObject_SetItem(p, Py_None, Py_None);
    PyObject *err = rc < 0 ? err_name() : NULL;
    Py_DECREF(p);
    return r && err ? Py_BuildValue("NN", r, err) : NULL;
}

/* ---------------- set ---------------- */

/* set_ops(items, probe): set functions on set(items); results that are sets come back sorted lists. */
static PyObject *c_set_ops(PyObject *self, PyObject *args) {
    PyObject *items, *probe;
    if (!PyArg_ParseTuple(args, "OO:set_ops", &items, &probe)) return NULL;
    PyObject *s = PySet_New(items), *out = PyList_New(0);
    if (s == NULL) {
        Py_XDECREF(out);
        return NULL;
    }
#define REC(v)                                                   \
    do {                                                         \
        PyObject *v_ = (v);                                      \
        if (v_ == NULL) v_ = err_name();                                                        \
        PyList_Append(out, v_);                                  \
        Py_DECREF(v_);                                           \
    } while (0)
#define RC(e) (rc = (e), rc < 0 ? NULL : PyLong_FromLong(rc))
#define SORTED(o) (tmp = PySequence_List(o), tmp && PyList_Sort(tmp) == 0 ? tmp : (Py_XDECREF(tmp), (PyObject *)NULL))
    int rc;
    PyObject *tmp;
    REC(PyLong_FromSsize_t(PySet_Size(s)));
    REC(RC(PySet_Contains(s, probe)));
    REC(RC(PySet_Add(s, probe)));
    REC(RC(PySet_Contains(s, probe)));
    REC(RC(PySet_Discard(s, probe)));
    REC(RC(PySet_Discard(s, probe)));
    REC(SORTED(s));
    PyObject *f = PyFrozenSet_New(s);
    REC(f ? PyUnicode_FromString(Py_TYPE(f)->tp_name) : NULL);
    REC(f ? RC(PySet_Add(f, probe)) : NULL);
    REC(f ? PyLong_FromSsize_t(PySet_GET_SIZE(f)) : NULL);
    Py_XDECREF(f);
    REC(PySet_Pop(s));
    REC(PyLong_FromSsize_t(PySet_Size(s)));
    REC(RC(PySet_Clear(s)));
    REC(PySet_Pop(s));
    REC(PyLong_FromSsize_t(PySet_GET_SIZE(s)));
    f = PyFrozenSet_New(NULL);
    REC(f ? PyLong_FromSsize_t(PySet_Size(f)) : NULL);
    Py_XDECREF(f);
    REC(RC(PyAnySet_Check(items)));
    REC(RC(PyFrozenSet_Check(items)));
#undef SORTED
#undef RC
#undef REC
    Py_DECREF(s);
    return out;
}

/* set_misuse(o): PySet_Add on what is not a set: the exception's type name. */
static PyObject *c_set_misuse(PyObject *self, PyObject *o) {
    if (PySet_Add(o, Py_None) < 0) return err_name();
    Py_RETURN_NONE;
}

/* ---------------- slice ---------------- */

/* slice_indices(start, stop, step, length): PySlice_New + GetIndicesEx, Unpack + AdjustIndices. */
static PyObject *c_slice_indices(PyObject *self, PyObject *args) {
    PyObject *a, *b, *c;
    Py_ssize_t length, start, stop, step, n;
    if (!PyArg_ParseTuple(args, "OOOn:slice_indices", &a, &b, &c, &length)) return NULL;
    PyObject *sl = PySlice_New(a, b, c);
    if (sl == NULL) return NULL;
    if (PySlice_GetIndicesEx(sl, length, &start, &stop, &step, &n) < 0) {
        Py_DECREF(sl);
        return NULL;
    }
    Py_ssize_t s2, e2, st2;
    if (PySlice_Unpack(sl, &s2, &e2, &st2) < 0) {
        Py_DECREF(sl);
        return NULL;
    }
    Py_ssize_t n2 = PySlice_AdjustIndices(length, &s2, &e2, st2);
    PyObject *r = Py_BuildValue("(nnnn)(nnnn)N", start, stop, step, n, s2, e2, st2, n2, PyObject_Repr(sl));
    Py_DECREF(sl);
    return r;
}

/* ---------------- capsules ---------------- */

typedef struct {
    int magic;
    long (*twice)(long);
} api_table;

static long twice(long x) { return 2 * x; }
static api_table API = {0x5eed, twice};
static int other_target = 7;
static int context_target = 11;
static int destructor_calls = 0;

static void count_destructor(PyObject *capsule) { destructor_calls++; }

/* capsule_import(name, x): PyCapsule_Import(name)->twice(x), or its magic when x is None. */
static PyObject *c_capsule_import(PyObject *self, PyObject *args) {
    const char *name;
    PyObject *x;
    if (!PyArg_ParseTuple(args, "sO:capsule_import", &name, &x)) return NULL;
    api_table *api = PyCapsule_Import(name, 0);
    if (api == NULL) return NULL;
    if (x == Py_None) return PyLong_FromLong(api->magic);
    long v = PyLong_AsLong(x);
    if (v == -1 && PyErr_Occurred()) return NULL;
    return PyLong_FromLong(api->twice(v));
}

/* capsule_check(attr, name): for the module attribute attr (self is the module):
 * (IsValid(name), GetName, GetPointer(name) is the table). */
static PyObject *c_capsule_check(PyObject *self, PyObject *args) {
    const char *attr, *name;
    if (!PyArg_ParseTuple(args, "sz:capsule_check", &attr, &name)) return NULL;
    PyObject *o = PyObject_GetAttrString(self, attr);
    if (o == NULL) return NULL;
    int valid = PyCapsule_IsValid(o, name);
    void *p = PyCapsule_GetPointer(o, name);
    const char *got = p ? PyCapsule_GetName(o) : NULL;
    PyObject *r = p ? Py_BuildValue("izO", valid, got, p == &API ? Py_True : Py_False) : NULL;
    Py_DECREF(o);
    return r;
}

/* capsule_life(): a capsule made here: setters, context, destructor calls. */
static PyObject *c_capsule_life(PyObject *self, PyObject *unused) {
    destructor_calls = 0;
    PyObject *c = PyCapsule_New(&other_target, "containers.life", count_destructor);
    if (c == NULL) return NULL;
    int v0 = PyCapsule_IsValid(c, "containers.life"), v1 = PyCapsule_IsValid(c, "other"), v2 = PyCapsule_IsValid(c, NULL);
    int s0 = PyCapsule_SetPointer(c, &API);
    int is_api = PyCapsule_GetPointer(c, "containers.life") == &API;
    int s1 = PyCapsule_SetContext(c, &context_target);
    int ctx = *(int *)PyCapsule_GetContext(c);
    int s2 = PyCapsule_SetName(c, NULL);
    int v3 = PyCapsule_IsValid(c, NULL);
    int s3 = PyCapsule_SetPointer(c, NULL); /* ValueError */
    PyObject *err = err_name();
    PyObject *noname = PyCapsule_GetPointer(c, "x") ? NULL : err_name();
    int calls_before = destructor_calls;
    Py_DECREF(c);
    PyObject *null_capsule = PyCapsule_New(NULL, "n", NULL); /* ValueError */
    PyObject *err2 = null_capsule ? NULL : err_name();
    Py_XDECREF(null_capsule);
    return Py_BuildValue("iiiiiiiiiiNNiiN", v0, v1, v2, s0, is_api, s1, ctx, s2, v3, s3, err, noname, calls_before, destructor_calls, err2);
}

/* ---------------- memoryview over this module's buffer ---------------- */

typedef struct {
    PyObject_HEAD
    char data[16];
    int readonly;
    int exports;
} Buf;

static int buf_getbuffer(PyObject *self, Py_buffer *view, int flags) {
    Buf *b = (Buf *)self;
    if (PyBuffer_FillInfo(view, self, b->data, sizeof b->data, b->readonly, flags) < 0) return -1;
    b->exports++;
    return 0;
}

static void buf_releasebuffer(PyObject *self, Py_buffer *view) { ((Buf *)self)->exports--; }

static PyObject *buf_exports(PyObject *self, void *closure) { return PyLong_FromLong(((Buf *)self)->exports); }
static PyObject *buf_contents(PyObject *self, void *closure) { return PyBytes_FromStringAndSize(((Buf *)self)->data, 16); }

static PyGetSetDef buf_getset[] = {
    {"exports", buf_exports, NULL, NULL, NULL},
    {"contents", buf_contents, NULL, NULL, NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyType_Slot buf_slots[] = {
    {Py_bf_getbuffer, buf_getbuffer},
    {Py_bf_releasebuffer, buf_releasebuffer},
    {Py_tp_getset, buf_getset},
    {0, NULL},
};
static PyType_Spec buf_spec = {"containers.Buf", sizeof(Buf), 0, Py_TPFLAGS_DEFAULT, buf_slots};
static PyObject *buf_type;

/* buf(readonly): a Buf holding the bytes 0x41.. 0x50. */
static PyObject *c_buf(PyObject *self, PyObject *arg) {
    int ro = PyObject_IsTrue(arg);
    if (ro < 0) return NULL;
    Buf *b = PyObject_New(Buf, (PyTypeObject *)buf_type);
    if (b == NULL) return NULL;
    for (int i = 0; i < 16; i++) b->data[i] = (char)('A' + i);
    b->readonly = ro;
    b->exports = 0;
    return (PyObject *)b;
}

/* memview(o): PyMemoryView_FromObject(o) seen from C and through its Python methods:
 * (tobytes(), len, readonly, itemsize, ndim, format, nbytes, exports while alive). */
static PyObject *c_memview(PyObject *self, PyObject *o) {
    PyObject *mv = PyMemoryView_FromObject(o);
    if (mv == NULL) return NULL;
    Py_buffer *view = PyMemoryView_GET_BUFFER(mv);
    PyObject *exports = PyObject_HasAttrString(o, "exports") ? PyObject_GetAttrString(o, "exports") : (Py_INCREF(Py_None), Py_None);
    PyObject *r = Py_BuildValue("NnNnisnN", PyObject_CallMethod(mv, "tobytes", NULL), PyObject_Length(mv),
                                PyObject_GetAttrString(mv, "readonly"), view->itemsize, view->ndim,
                                view->format ? view->format : "(null)", view->len, exports);
    Py_DECREF(mv);
    return r;
}

/* memview_of(o): the memoryview itself (crosses to the caller). */
static PyObject *c_memview_of(PyObject *self, PyObject *o) { return PyMemoryView_FromObject(o); }

/* memview_write(o, i, byte): write through a writable memoryview of o; then bytes(o). */
static PyObject *c_memview_write(PyObject *self, PyObject *args) {
    PyObject *o, *byte;
    Py_ssize_t i;
    if (!PyArg_ParseTuple(args, "OnO:memview_write", &o, &i, &byte)) return NULL;
    PyObject *mv = PyMemoryView_FromObject(o);
    if (mv == NULL) return NULL;
    PyObject *idx = PyLong_FromSsize_t(i);
    int rc = PyObject_SetItem(mv, idx, byte);
    Py_DECREF(idx);
    PyObject *release = rc < 0 ? NULL : PyObject_CallMethod(mv, "release", NULL);
    Py_DECREF(mv);
    if (release == NULL) return NULL;
    Py_DECREF(release);
    return PyBytes_FromObject(o);
}

/* memview_memory(writable): PyMemoryView_FromMemory over a static buffer; (tobytes, readonly). */
static char memory_area[8] = "memory!";
static PyObject *c_memview_memory(PyObject *self, PyObject *arg) {
    int w = PyObject_IsTrue(arg);
    PyObject *mv = PyMemoryView_FromMemory(memory_area, 7, w ? PyBUF_WRITE : PyBUF_READ);
    if (mv == NULL) return NULL;
    PyObject *r = Py_BuildValue("NN", PyObject_CallMethod(mv, "tobytes", NULL), PyObject_GetAttrString(mv, "readonly"));
    Py_DECREF(mv);
    return r;
}

static PyMethodDef containers_methods[] = {
    {"tuple_steal", c_tuple_steal, METH_NOARGS, NULL},
    {"tuple_ops", c_tuple_ops, METH_O, NULL},
    {"tuple_getitem", c_tuple_getitem, METH_VARARGS, NULL},
    {"tuple_misuse", c_tuple_misuse, METH_O, NULL},
    {"list_steal", c_list_steal, METH_NOARGS, NULL},
    {"list_ops", c_list_ops, METH_O, NULL},
    {"list_misuse", c_list_misuse, METH_O, NULL},
    {"dict_next", c_dict_next, METH_O, NULL},
    {"dict_ops", c_dict_ops, METH_VARARGS, NULL},
    {"dict_refs", c_dict_refs, METH_NOARGS, NULL},
    {"dictproxy", c_dictproxy, METH_O, NULL},
    {"set_ops", c_set_ops, METH_VARARGS, NULL},
    {"set_misuse", c_set_misuse, METH_O, NULL},
    {"slice_indices", c_slice_indices, METH_VARARGS, NULL},
    {"capsule_import", c_capsule_import, METH_VARARGS, NULL},
    {"capsule_check", c_capsule_check, METH_VARARGS, NULL},
    {"capsule_life", c_capsule_life, METH_NOARGS, NULL},
    {"buf", c_buf, METH_O, NULL},
    {"memview", c_memview, METH_O, NULL},
    {"memview_of", c_memview_of, METH_O, NULL},
    {"memview_write", c_memview_write, METH_VARARGS, NULL},
    {"memview_memory", c_memview_memory, METH_O, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef containers_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "containers",
    .m_doc = "The tuple/list/dict/set/slice/capsule/memoryview C API, for the cpyext tests.",
    .m_size = -1,
    .m_methods = containers_methods,
};

PyMODINIT_FUNC PyInit_containers(void) {
    buf_type = PyType_FromSpec(&buf_spec);
    if (buf_type == NULL) return NULL;
    PyObject *m = PyModule_Create(&containers_module);
    if (m == NULL) return NULL;
    PyObject *capsule = PyCapsule_New(&API, "containers._API", NULL);
    Py_INCREF(buf_type);
    if (capsule == NULL || PyModule_AddObject(m, "_API", capsule) < 0 || PyModule_AddObject(m, "Buf", buf_type) < 0) {
        Py_XDECREF(capsule);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
