/* bridgeext: a fixture extension for the JS <-> Python boundary tests
 * (bridge-conversions, bridge-errors, bridge-jsobject, test-import, test-pystate).
 *
 * Every function uses the documented CPython 3.11 API only, so the module builds against
 * both header sets and CPython itself records the expected results
 * (bridgeext_cases.py -> fixtures/ext-bridgeext.json). Arguments are borrowed; every
 * function returns a new reference or NULL with an exception set; `held` owns one
 * reference to the last object given to hold(). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <pthread.h>
#include <time.h>

static PyObject *MyError;
static PyObject *held;

/* ident(o) -> o */
static PyObject *ident(PyObject *m, PyObject *o) { return Py_NewRef(o); }

/* kind(o) -> (type name, repr(o)) */
static PyObject *kind(PyObject *m, PyObject *o) {
    PyObject *r = PyObject_Repr(o);
    if (r == NULL) return NULL;
    PyObject *t = Py_BuildValue("(sN)", Py_TYPE(o)->tp_name, r);
    return t;
}

/* buffer_info(o) -> (readonly, len, sum of bytes, writable request accepted) */
static PyObject *buffer_info(PyObject *m, PyObject *o) {
    Py_buffer view;
    if (PyObject_GetBuffer(o, &view, PyBUF_SIMPLE) < 0) return NULL;
    unsigned long long sum = 0;
    for (Py_ssize_t i = 0; i < view.len; i++) sum += ((unsigned char *)view.buf)[i];
    int readonly = view.readonly;
    Py_ssize_t len = view.len;
    PyBuffer_Release(&view);
    int writable = PyObject_GetBuffer(o, &view, PyBUF_WRITABLE) == 0;
    if (writable) PyBuffer_Release(&view);
    else if (PyErr_ExceptionMatches(PyExc_BufferError)) PyErr_Clear();
    else return NULL;
    return Py_BuildValue("(inKi)", readonly, len, sum, writable);
}

/* hold(o): keep o; held() -> it; held_sum() -> sum of its bytes (buffer protocol) */
static PyObject *hold(PyObject *m, PyObject *o) {
    Py_XSETREF(held, Py_NewRef(o));
    Py_RETURN_NONE;
}

static PyObject *get_held(PyObject *m, PyObject *unused) {
    if (held == NULL) Py_RETURN_NONE;
    return Py_NewRef(held);
}

static PyObject *held_sum(PyObject *m, PyObject *unused) {
    if (held == NULL) Py_RETURN_NONE;
    PyObject *r = buffer_info(m, held);
    if (r == NULL) return NULL;
    PyObject *sum = Py_NewRef(PyTuple_GET_ITEM(r, 2));
    Py_DECREF(r);
    return sum;
}

static PyObject *drop_held(PyObject *m, PyObject *unused) {
    Py_CLEAR(held);
    Py_RETURN_NONE;
}

/* ---- errors ---- */

static PyObject *raise_value(PyObject *m, PyObject *args) {
    const char *msg;
    if (!PyArg_ParseTuple(args, "s", &msg)) return NULL;
    PyErr_SetString(PyExc_ValueError, msg);
    return NULL;
}

/* raise_my(*args): raise MyError(*args) */
static PyObject *raise_my(PyObject *m, PyObject *args) {
    PyErr_SetObject(MyError, args);
    return NULL;
}

/* raise_key(o): raise KeyError(o) */
static PyObject *raise_key(PyObject *m, PyObject *o) {
    PyErr_SetObject(PyExc_KeyError, o);
    return NULL;
}

/* call(f, *args) -> f(*args), errors propagated */
static PyObject *call(PyObject *m, PyObject *args) {
    if (PyTuple_GET_SIZE(args) < 1) {
        PyErr_SetString(PyExc_TypeError, "call() needs a callable");
        return NULL;
    }
    PyObject *rest = PyTuple_GetSlice(args, 1, PyTuple_GET_SIZE(args));
    if (rest == NULL) return NULL;
    PyObject *r = PyObject_CallObject(PyTuple_GET_ITEM(args, 0), rest);
    Py_DECREF(rest);
    return r;
}

/* call_catch(f) -> ("ok", f(42)) or ("caught", type name, str(exc)) for an Exception */
static PyObject *call_catch(PyObject *m, PyObject *f) {
    PyObject *r = PyObject_CallFunction(f, "i", 42);
    if (r != NULL) return Py_BuildValue("(sN)", "ok", r);
    if (!PyErr_ExceptionMatches(PyExc_Exception)) return NULL;
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    PyErr_NormalizeException(&type, &value, &tb);
    PyObject *s = PyObject_Str(value);
    PyObject *out = s ? Py_BuildValue("(ssN)", "caught", ((PyTypeObject *)type)->tp_name, s) : NULL;
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
    return out;
}

/* ---- objects (Python or JS) ---- */

static PyObject *getattr_(PyObject *m, PyObject *args) {
    PyObject *o;
    const char *name;
    if (!PyArg_ParseTuple(args, "Os", &o, &name)) return NULL;
    return PyObject_GetAttrString(o, name);
}

static PyObject *setattr_(PyObject *m, PyObject *args) {
    PyObject *o, *v;
    const char *name;
    if (!PyArg_ParseTuple(args, "OsO", &o, &name, &v)) return NULL;
    if (PyObject_SetAttrString(o, name, v) < 0) return NULL;
    Py_RETURN_NONE;
}

/* call_kw(f, args, kwargs) -> PyObject_Call(f, tuple(args), kwargs) */
static PyObject *call_kw(PyObject *m, PyObject *args) {
    PyObject *f, *pos, *kw;
    if (!PyArg_ParseTuple(args, "OOO", &f, &pos, &kw)) return NULL;
    PyObject *t = PySequence_Tuple(pos);
    if (t == NULL) return NULL;
    PyObject *r = PyObject_Call(f, t, kw == Py_None ? NULL : kw);
    Py_DECREF(t);
    return r;
}

/* call_method(o, name, *args) -> o.name(*args) */
static PyObject *call_method(PyObject *m, PyObject *args) {
    if (PyTuple_GET_SIZE(args) < 2) {
        PyErr_SetString(PyExc_TypeError, "call_method(o, name, *args)");
        return NULL;
    }
    PyObject *meth = PyObject_GetAttr(PyTuple_GET_ITEM(args, 0), PyTuple_GET_ITEM(args, 1));
    if (meth == NULL) return NULL;
    PyObject *rest = PyTuple_GetSlice(args, 2, PyTuple_GET_SIZE(args));
    PyObject *r = rest ? PyObject_Call(meth, rest, NULL) : NULL;
    Py_XDECREF(rest);
    Py_DECREF(meth);
    return r;
}

static PyObject *getitem(PyObject *m, PyObject *args) {
    PyObject *o, *k;
    if (!PyArg_ParseTuple(args, "OO", &o, &k)) return NULL;
    return PyObject_GetItem(o, k);
}

/* setitem(o, k, v) -> o (after o[k] = v) */
static PyObject *setitem(PyObject *m, PyObject *args) {
    PyObject *o, *k, *v;
    if (!PyArg_ParseTuple(args, "OOO", &o, &k, &v)) return NULL;
    if (PyObject_SetItem(o, k, v) < 0) return NULL;
    return Py_NewRef(o);
}

static PyObject *length(PyObject *m, PyObject *o) {
    Py_ssize_t n = PyObject_Length(o);
    if (n < 0) return NULL;
    return PyLong_FromSsize_t(n);
}

/* iterate(o) -> [items of iter(o)] */
static PyObject *iterate(PyObject *m, PyObject *o) {
    PyObject *it = PyObject_GetIter(o);
    if (it == NULL) return NULL;
    PyObject *list = PyList_New(0), *item;
    while (list != NULL && (item = PyIter_Next(it)) != NULL) {
        if (PyList_Append(list, item) < 0) Py_CLEAR(list);
        Py_DECREF(item);
    }
    Py_DECREF(it);
    if (list != NULL && PyErr_Occurred()) Py_CLEAR(list);
    return list;
}

/* ---- import ---- */

static PyObject *import_attr(PyObject *m, PyObject *args) {
    const char *name, *attr;
    if (!PyArg_ParseTuple(args, "ss", &name, &attr)) return NULL;
    PyObject *mod = PyImport_ImportModule(name);
    if (mod == NULL) return NULL;
    PyObject *r = PyObject_GetAttrString(mod, attr);
    Py_DECREF(mod);
    return r;
}

/* import_call(name, attr, *args) -> module.attr(*args) */
static PyObject *import_call(PyObject *m, PyObject *args) {
    if (PyTuple_GET_SIZE(args) < 2) {
        PyErr_SetString(PyExc_TypeError, "import_call(name, attr, *args)");
        return NULL;
    }
    PyObject *mod = PyImport_Import(PyTuple_GET_ITEM(args, 0));
    if (mod == NULL) return NULL;
    PyObject *f = PyObject_GetAttr(mod, PyTuple_GET_ITEM(args, 1));
    Py_DECREF(mod);
    if (f == NULL) return NULL;
    PyObject *rest = PyTuple_GetSlice(args, 2, PyTuple_GET_SIZE(args));
    PyObject *r = rest ? PyObject_CallObject(f, rest) : NULL;
    Py_XDECREF(rest);
    Py_DECREF(f);
    return r;
}

/* The C API this module exports through its capsule bridgeext._C_API. */
typedef struct {
    int version;
    long (*scale)(long x, long by);
    PyObject *(*pair)(PyObject *a, PyObject *b);
} bridgeext_api;

static long api_scale(long x, long by) { return x * by + 1; }
static PyObject *api_pair(PyObject *a, PyObject *b) { return PyTuple_Pack(2, b, a); }
static bridgeext_api the_api = {3, api_scale, api_pair};

/* ---- threads and the GIL ---- */

/* nogil_sum(n) -> (sum of i*i for i < n computed without the GIL,
 *                  PyGILState_Check() inside, PyGILState_Check() after) */
static PyObject *nogil_sum(PyObject *m, PyObject *args) {
    unsigned long long n, sum = 0;
    int inside, after;
    if (!PyArg_ParseTuple(args, "K", &n)) return NULL;
    Py_BEGIN_ALLOW_THREADS
    for (unsigned long long i = 0; i < n; i++) sum += i * i;
    inside = PyGILState_Check();
    Py_END_ALLOW_THREADS
    after = PyGILState_Check();
    return Py_BuildValue("(Kii)", sum, inside, after);
}

typedef struct {
    long id, count;
    PyObject *out; /* borrowed: the list the main thread owns */
    int failed;
} worker;

/* Each worker takes the GIL with PyGILState_Ensure and appends
 * (id, [id*0 .. id*(count-1)] summed with PyNumber_Add, "w<id>", check) to out. */
static void *work(void *arg) {
    worker *w = arg;
    for (int round = 0; round < 3; round++) {
        PyGILState_STATE st = PyGILState_Ensure();
        PyObject *total = PyLong_FromLong(0);
        for (long i = 0; total != NULL && i < w->count; i++) {
            PyObject *v = PyLong_FromLong(w->id * i);
            PyObject *t = v ? PyNumber_Add(total, v) : NULL;
            Py_XDECREF(v);
            Py_SETREF(total, t);
        }
        PyObject *item = total ? Py_BuildValue("(liNsi)", w->id, round, total, "w", PyGILState_Check()) : NULL;
        if (item == NULL || PyList_Append(w->out, item) < 0) {
            PyErr_Clear();
            w->failed = 1;
        }
        Py_XDECREF(item);
        PyGILState_Release(st);
    }
    return NULL;
}

/* threads(n, count) -> sorted list of what n worker threads appended */
static PyObject *threads(PyObject *m, PyObject *args) {
    int n;
    long count;
    if (!PyArg_ParseTuple(args, "il", &n, &count)) return NULL;
    if (n < 1 || n > 64) {
        PyErr_SetString(PyExc_ValueError, "1 to 64 threads");
        return NULL;
    }
    PyObject *out = PyList_New(0);
    if (out == NULL) return NULL;
    pthread_t tid[64];
    worker w[64];
    int started = 0, failed = 0;
    Py_BEGIN_ALLOW_THREADS
    for (int i = 0; i < n; i++) {
        w[i] = (worker){i + 1, count, out, 0};
        if (pthread_create(&tid[i], NULL, work, &w[i]) != 0) break;
        started++;
    }
    for (int i = 0; i < started; i++) {
        pthread_join(tid[i], NULL);
        failed |= w[i].failed;
    }
    Py_END_ALLOW_THREADS
    if (started < n || failed) {
        Py_DECREF(out);
        PyErr_SetString(PyExc_RuntimeError, "a worker thread failed");
        return NULL;
    }
    if (PyList_Sort(out) < 0) Py_CLEAR(out);
    return out;
}

/* A worker that asks for the GIL after its starter has returned: start_background(n) starts
 * it (it waits 20 ms, then builds [0, 1, 4, ..., (n-1)**2] under PyGILState_Ensure),
 * background_done() tells whether it has finished, join_background() waits for it (GIL
 * released) and returns its list. One worker at a time. */
static pthread_t bg_tid;
static int bg_running, bg_done;
static long bg_count;
static PyObject *bg_result;

static void *background(void *unused) {
    struct timespec pause = {0, 20 * 1000 * 1000};
    nanosleep(&pause, NULL);
    PyGILState_STATE st = PyGILState_Ensure();
    PyObject *list = PyList_New(0);
    for (long i = 0; list != NULL && i < bg_count; i++) {
        PyObject *v = PyLong_FromLong(i * i);
        if (v == NULL || PyList_Append(list, v) < 0) Py_CLEAR(list);
        Py_XDECREF(v);
    }
    bg_result = list;
    PyGILState_Release(st);
    __atomic_store_n(&bg_done, 1, __ATOMIC_RELEASE);
    return NULL;
}

static PyObject *start_background(PyObject *m, PyObject *n) {
    if (bg_running) {
        PyErr_SetString(PyExc_RuntimeError, "a background worker is running");
        return NULL;
    }
    bg_count = PyLong_AsLong(n);
    if (bg_count == -1 && PyErr_Occurred()) return NULL;
    bg_done = 0;
    if (pthread_create(&bg_tid, NULL, background, NULL) != 0) {
        PyErr_SetString(PyExc_RuntimeError, "cannot start a thread");
        return NULL;
    }
    bg_running = 1;
    Py_RETURN_NONE;
}

static PyObject *background_done(PyObject *m, PyObject *unused) {
    return PyBool_FromLong(__atomic_load_n(&bg_done, __ATOMIC_ACQUIRE));
}

static PyObject *join_background(PyObject *m, PyObject *unused) {
    if (!bg_running) {
        PyErr_SetString(PyExc_RuntimeError, "no background worker");
        return NULL;
    }
    Py_BEGIN_ALLOW_THREADS
    pthread_join(bg_tid, NULL);
    Py_END_ALLOW_THREADS
    bg_running = 0;
    PyObject *r = bg_result;
    bg_result = NULL;
    if (r == NULL && !PyErr_Occurred()) PyErr_SetString(PyExc_RuntimeError, "the background worker failed");
    return r;
}

static PyMethodDef methods[] = {
    {"ident", ident, METH_O, NULL},
    {"kind", kind, METH_O, NULL},
    {"buffer_info", buffer_info, METH_O, NULL},
    {"hold", hold, METH_O, NULL},
    {"held", get_held, METH_NOARGS, NULL},
    {"held_sum", held_sum, METH_NOARGS, NULL},
    {"drop_held", drop_held, METH_NOARGS, NULL},
    {"raise_value", raise_value, METH_VARARGS, NULL},
    {"raise_my", raise_my, METH_VARARGS, NULL},
    {"raise_key", raise_key, METH_O, NULL},
    {"call", call, METH_VARARGS, NULL},
    {"call_catch", call_catch, METH_O, NULL},
    {"getattr", getattr_, METH_VARARGS, NULL},
    {"setattr", setattr_, METH_VARARGS, NULL},
    {"call_kw", call_kw, METH_VARARGS, NULL},
    {"call_method", call_method, METH_VARARGS, NULL},
    {"getitem", getitem, METH_VARARGS, NULL},
    {"setitem", setitem, METH_VARARGS, NULL},
    {"length", length, METH_O, NULL},
    {"iterate", iterate, METH_O, NULL},
    {"import_attr", import_attr, METH_VARARGS, NULL},
    {"import_call", import_call, METH_VARARGS, NULL},
    {"nogil_sum", nogil_sum, METH_VARARGS, NULL},
    {"threads", threads, METH_VARARGS, NULL},
    {"start_background", start_background, METH_O, NULL},
    {"background_done", background_done, METH_NOARGS, NULL},
    {"join_background", join_background, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef moduledef = {PyModuleDef_HEAD_INIT, "bridgeext", "Boundary test fixture.", -1, methods};

PyMODINIT_FUNC PyInit_bridgeext(void) {
    PyObject *m = PyModule_Create(&moduledef);
    if (m == NULL) return NULL;
    if (MyError == NULL && (MyError = PyErr_NewException("bridgeext.MyError", NULL, NULL)) == NULL) goto fail;
    if (PyModule_AddObjectRef(m, "MyError", MyError) < 0) goto fail;
    PyObject *cap = PyCapsule_New(&the_api, "bridgeext._C_API", NULL);
    if (cap == NULL || PyModule_AddObject(m, "_C_API", cap) < 0) {
        Py_XDECREF(cap);
        goto fail;
    }
    return m;
fail:
    Py_DECREF(m);
    return NULL;
}
