/* pystate.c: the interpreter, thread states, the GIL, the recursion guard,
 * pending calls and per-interpreter module lookup (PyState_*).
 *
 * Invariants:
 * - There is one interpreter, the static `main_interp`. Every thread state
 *   is calloc'd, linked into the interpreter's list (under list_lock) and
 *   freed only by PyThreadState_Delete or by the PyGILState_Release that
 *   ends the life of a state PyGILState_Ensure created.
 * - Each OS thread keeps three thread-local values: tls_current (the state
 *   PyThreadState_Get returns; NULL between PyEval_SaveThread and
 *   PyEval_RestoreThread), tls_auto (the thread's own state, made on first
 *   use) and tls_holds_gil.
 * - The GIL is a pthread mutex. The JS main thread takes it in
 *   _cpx_init_pystate and keeps it except inside Py_BEGIN_ALLOW_THREADS
 *   and when, idle in its event loop, it hands it to a waiting thread
 *   (_cpx_gil_yield, woken through _cpx_gil_wanted by the bridge); other
 *   threads take it with PyGILState_Ensure or PyEval_RestoreThread.
 * - References: a thread state owns its dict, curexc_*, exc_state.exc_value,
 *   async_exc, context and the async-generator hooks (PyThreadState_Clear
 *   drops them). The interpreter owns its dict and one reference to each
 *   module in modules_by_index (PyState_FindModule returns it borrowed). */
#define _GNU_SOURCE
#include "internal.h"
#include <pthread.h>
#include <sched.h>

struct _is {
    int64_t id;
    PyObject *dict;
    PyThreadState *tstate_head;
    uint64_t next_tstate_id;
    int recursion_limit;
    PyObject **modules_by_index; /* owned references or NULL */
    Py_ssize_t modules_size;
};

static PyInterpreterState main_interp = { .id = 0, .recursion_limit = 1000 };
static pthread_mutex_t list_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t gil_mutex = PTHREAD_MUTEX_INITIALIZER;
static unsigned long main_thread_ident;

/* tls_current is internal.h's _cpx_tls_current (read inline by _cpx_tstate). */
#define tls_current _cpx_tls_current
CPX_TLS PyThreadState *_cpx_tls_current;
static CPX_TLS PyThreadState *tls_auto;
static CPX_TLS int tls_holds_gil;

/* ---------------- thread states ---------------- */

static PyThreadState *new_threadstate(PyInterpreterState *interp) {
    PyThreadState *ts = (PyThreadState *)calloc(1, sizeof(PyThreadState));
    if (ts == NULL) return NULL;
    ts->interp = interp;
    ts->_initialized = 1;
    ts->recursion_limit = interp->recursion_limit;
    ts->recursion_remaining = interp->recursion_limit;
    ts->cframe = &ts->root_cframe;
    ts->exc_info = &ts->exc_state;
    ts->gilstate_counter = 1;
    ts->thread_id = PyThread_get_thread_ident();
    ts->native_thread_id = PyThread_get_thread_native_id();
    ts->context_ver = 1;
    pthread_mutex_lock(&list_lock);
    ts->id = ++interp->next_tstate_id;
    ts->next = interp->tstate_head;
    if (interp->tstate_head != NULL) interp->tstate_head->prev = ts;
    interp->tstate_head = ts;
    pthread_mutex_unlock(&list_lock);
    return ts;
}

static void unlink_and_free(PyThreadState *ts) {
    PyInterpreterState *interp = ts->interp;
    pthread_mutex_lock(&list_lock);
    if (ts->prev != NULL) ts->prev->next = ts->next;
    else if (interp->tstate_head == ts) interp->tstate_head = ts->next;
    if (ts->next != NULL) ts->next->prev = ts->prev;
    pthread_mutex_unlock(&list_lock);
    if (ts->on_delete != NULL) ts->on_delete(ts->on_delete_data);
    if (tls_auto == ts) tls_auto = NULL;
    if (tls_current == ts) tls_current = NULL;
    free(ts);
}

/* The calling thread's own state, created (and made current) on first use. */
PyThreadState *_cpx_tstate_slow(void) {
    if (tls_auto == NULL) {
        tls_auto = new_threadstate(&main_interp);
        if (tls_auto == NULL) Py_FatalError("cannot allocate a thread state");
    }
    tls_current = tls_auto;
    return tls_auto;
}

PyThreadState *PyThreadState_Get(void) { return _cpx_tstate(); }

PyThreadState *_PyThreadState_UncheckedGet(void) { return tls_current; }

PyThreadState *PyThreadState_Swap(PyThreadState *newts) {
    PyThreadState *old = tls_current;
    tls_current = newts;
    return old;
}

PyObject *PyThreadState_GetDict(void) {
    PyThreadState *ts = tls_current;
    if (ts == NULL) return NULL;
    if (ts->dict == NULL) {
        ts->dict = PyDict_New();
        if (ts->dict == NULL) PyErr_Clear();
    }
    return ts->dict;
}

PyInterpreterState *PyThreadState_GetInterpreter(PyThreadState *ts) { return ts->interp; }

uint64_t PyThreadState_GetID(PyThreadState *ts) { return ts->id; }

PyFrameObject *PyThreadState_GetFrame(PyThreadState *ts) { return NULL; }

PyThreadState *PyThreadState_New(PyInterpreterState *interp) {
    PyThreadState *ts = new_threadstate(interp != NULL ? interp : &main_interp);
    /* Like CPython, the first state made on a thread becomes its own. */
    if (ts != NULL && tls_auto == NULL) tls_auto = ts;
    return ts;
}

void PyThreadState_Clear(PyThreadState *ts) {
    Py_CLEAR(ts->dict);
    Py_CLEAR(ts->async_exc);
    Py_CLEAR(ts->curexc_type);
    Py_CLEAR(ts->curexc_value);
    Py_CLEAR(ts->curexc_traceback);
    Py_CLEAR(ts->exc_state.exc_value);
    Py_CLEAR(ts->c_profileobj);
    Py_CLEAR(ts->c_traceobj);
    Py_CLEAR(ts->async_gen_firstiter);
    Py_CLEAR(ts->async_gen_finalizer);
    Py_CLEAR(ts->context);
    ts->c_profilefunc = NULL;
    ts->c_tracefunc = NULL;
}

void PyThreadState_Delete(PyThreadState *ts) {
    if (ts == NULL) Py_FatalError("NULL tstate");
    unlink_and_free(ts);
}

PyThreadState *PyThreadState_Next(PyThreadState *ts) { return ts->next; }

/* ---------------- the interpreter ---------------- */

PyInterpreterState *PyInterpreterState_Get(void) { return &main_interp; }
PyInterpreterState *PyInterpreterState_Main(void) { return &main_interp; }
PyInterpreterState *PyInterpreterState_Head(void) { return &main_interp; }
PyInterpreterState *PyInterpreterState_Next(PyInterpreterState *interp) { return NULL; }
PyThreadState *PyInterpreterState_ThreadHead(PyInterpreterState *interp) { return interp->tstate_head; }

int64_t PyInterpreterState_GetID(PyInterpreterState *interp) {
    if (interp == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "no interpreter provided");
        return -1;
    }
    return interp->id;
}

PyObject *PyInterpreterState_GetDict(PyInterpreterState *interp) {
    if (interp->dict == NULL) {
        interp->dict = PyDict_New();
        if (interp->dict == NULL) PyErr_Clear();
    }
    return interp->dict;
}

/* ---------------- PyState_*: modules by their def's index ---------------- */

PyObject *PyState_FindModule(PyModuleDef *def) {
    Py_ssize_t index = def->m_base.m_index;
    if (def->m_slots != NULL) return NULL;
    if (index <= 0 || index >= main_interp.modules_size) return NULL;
    return main_interp.modules_by_index[index];
}

int PyState_AddModule(PyObject *module, PyModuleDef *def) {
    if (def == NULL) Py_FatalError("module definition is NULL");
    if (def->m_slots != NULL) {
        PyErr_SetString(PyExc_SystemError, "PyState_AddModule called on module with slots");
        return -1;
    }
    if (def->m_base.m_index == 0) PyModuleDef_Init(def);
    Py_ssize_t index = def->m_base.m_index;
    if (index >= main_interp.modules_size) {
        Py_ssize_t size = main_interp.modules_size ? main_interp.modules_size : 16;
        while (size <= index) size *= 2;
        PyObject **grown = (PyObject **)realloc(main_interp.modules_by_index, (size_t)size * sizeof(PyObject *));
        if (grown == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        memset(grown + main_interp.modules_size, 0,
               (size_t)(size - main_interp.modules_size) * sizeof(PyObject *));
        main_interp.modules_by_index = grown;
        main_interp.modules_size = size;
    }
    PyObject *old = main_interp.modules_by_index[index];
    main_interp.modules_by_index[index] = Py_NewRef(module);
    Py_XDECREF(old);
    return 0;
}

int PyState_RemoveModule(PyModuleDef *def) {
    if (def->m_slots != NULL) {
        PyErr_SetString(PyExc_SystemError, "PyState_RemoveModule called on module with slots");
        return -1;
    }
    Py_ssize_t index = def->m_base.m_index;
    if (index == 0) Py_FatalError("invalid module index");
    if (main_interp.modules_by_index == NULL) Py_FatalError("Interpreters module-list not accessible.");
    if (index >= main_interp.modules_size) Py_FatalError("Module index out of bounds.");
    Py_CLEAR(main_interp.modules_by_index[index]);
    return 0;
}

/* ---------------- the GIL ---------------- */

/* Threads blocked in gil_take, and how many times the GIL was taken (both
 * read by the JS thread when it hands the GIL over, _cpx_gil_yield). */
static _Atomic int gil_waiters;
static _Atomic unsigned long gil_acquisitions;
void (*_cpx_gil_wanted)(void) = NULL;

static void gil_take(void) {
    if (tls_holds_gil) return;
    if (pthread_mutex_trylock(&gil_mutex) != 0) {
        gil_waiters++;
        /* The JS thread keeps the GIL while JS runs: wake its event loop so
         * that, once idle, it hands the GIL over (_cpx_gil_yield). */
        if (_cpx_gil_wanted != NULL && PyThread_get_thread_ident() != main_thread_ident) _cpx_gil_wanted();
        pthread_mutex_lock(&gil_mutex);
        gil_waiters--;
    }
    gil_acquisitions++;
    tls_holds_gil = 1;
}

static void gil_drop(void) {
    if (!tls_holds_gil) return;
    tls_holds_gil = 0;
    pthread_mutex_unlock(&gil_mutex);
}

/* The JS thread, idle in its event loop (no Python or JS on its stack):
 * if threads wait for the GIL, let one of them take it, then take it back
 * (a plain mutex is not fair: without waiting for the hand-over, this
 * thread would usually win it straight back). */
void _cpx_gil_yield(void) {
    if (!tls_holds_gil || gil_waiters == 0) return;
    unsigned long seen = gil_acquisitions;
    gil_drop();
    while (gil_acquisitions == seen && gil_waiters > 0) sched_yield();
    gil_take();
}

PyThreadState *PyEval_SaveThread(void) {
    int saved_errno = errno;
    PyThreadState *ts = _cpx_tstate();
    tls_current = NULL;
    gil_drop();
    errno = saved_errno;
    return ts;
}

void PyEval_RestoreThread(PyThreadState *ts) {
    if (ts == NULL) Py_FatalError("NULL tstate");
    int saved_errno = errno;
    gil_take();
    tls_current = ts;
    errno = saved_errno;
}

void PyEval_AcquireThread(PyThreadState *ts) {
    if (ts == NULL) Py_FatalError("NULL tstate");
    gil_take();
    tls_current = ts;
}

void PyEval_ReleaseThread(PyThreadState *ts) {
    if (ts == NULL) Py_FatalError("NULL tstate");
    tls_current = NULL;
    gil_drop();
}

void PyEval_InitThreads(void) {}
int PyEval_ThreadsInitialized(void) { return 1; }

PyGILState_STATE PyGILState_Ensure(void) {
    PyThreadState *ts = tls_auto;
    int had_gil;
    if (ts == NULL) {
        ts = new_threadstate(&main_interp);
        if (ts == NULL) Py_FatalError("Couldn't create thread-state for new thread");
        ts->gilstate_counter = 0;
        tls_auto = ts;
        had_gil = 0;
    } else {
        had_gil = tls_holds_gil && tls_current == ts;
    }
    if (!had_gil) PyEval_RestoreThread(ts);
    ts->gilstate_counter++;
    return had_gil ? PyGILState_LOCKED : PyGILState_UNLOCKED;
}

void PyGILState_Release(PyGILState_STATE oldstate) {
    PyThreadState *ts = tls_auto;
    if (ts == NULL) Py_FatalError("auto-releasing thread-state, but no thread-state for this thread");
    if (--ts->gilstate_counter == 0) {
        /* The state was made by the matching PyGILState_Ensure: it ends here. */
        PyThreadState_Clear(ts);
        unlink_and_free(ts);
        gil_drop();
    } else if (oldstate == PyGILState_UNLOCKED) {
        PyEval_SaveThread();
    }
}

PyThreadState *PyGILState_GetThisThreadState(void) { return tls_auto; }

int PyGILState_Check(void) { return tls_holds_gil && tls_current != NULL; }

/* ---------------- recursion guard ---------------- */

int _Py_CheckRecursiveCall(PyThreadState *ts, const char *where) {
    int limit = ts->interp->recursion_limit;
    int depth = ts->recursion_limit - ts->recursion_remaining;
    if (depth < limit) {
        /* The limit was raised since this thread last looked. */
        ts->recursion_limit = limit;
        ts->recursion_remaining = limit - depth;
        return 0;
    }
    if (ts->recursion_headroom) {
        if (ts->recursion_remaining < -50) Py_FatalError("Cannot recover from stack overflow.");
        return 0;
    }
    if (ts->recursion_remaining <= 0) {
        ts->recursion_headroom++;
        PyErr_Format(PyExc_RecursionError, "maximum recursion depth exceeded%s", where != NULL ? where : "");
        ts->recursion_headroom--;
        ts->recursion_remaining++;
        return -1;
    }
    return 0;
}

int Py_EnterRecursiveCall(const char *where) {
    PyThreadState *ts = _cpx_tstate();
    return ts->recursion_remaining-- <= 0 && _Py_CheckRecursiveCall(ts, where);
}

void Py_LeaveRecursiveCall(void) { _cpx_tstate()->recursion_remaining++; }

int Py_GetRecursionLimit(void) { return main_interp.recursion_limit; }

void Py_SetRecursionLimit(int new_limit) {
    main_interp.recursion_limit = new_limit;
    pthread_mutex_lock(&list_lock);
    for (PyThreadState *p = main_interp.tstate_head; p != NULL; p = p->next) {
        int depth = p->recursion_limit - p->recursion_remaining;
        p->recursion_limit = new_limit;
        p->recursion_remaining = new_limit - depth;
    }
    pthread_mutex_unlock(&list_lock);
}

/* ---------------- pending calls ---------------- */

#define NPENDINGCALLS 32
static struct {
    int (*func)(void *);
    void *arg;
} pending[NPENDINGCALLS];
static int pending_first, pending_count, pending_busy;
static pthread_mutex_t pending_lock = PTHREAD_MUTEX_INITIALIZER;

int Py_AddPendingCall(int (*func)(void *), void *arg) {
    int rc = -1;
    pthread_mutex_lock(&pending_lock);
    if (pending_count < NPENDINGCALLS) {
        int slot = (pending_first + pending_count) % NPENDINGCALLS;
        pending[slot].func = func;
        pending[slot].arg = arg;
        pending_count++;
        rc = 0;
    }
    pthread_mutex_unlock(&pending_lock);
    return rc;
}

/* Runs the queued calls on the main thread; the bridge may call it at any
 * point where the main thread holds the GIL. */
int Py_MakePendingCalls(void) {
    if (PyThread_get_thread_ident() != main_thread_ident || pending_busy) return 0;
    pending_busy = 1;
    int rc = 0;
    for (;;) {
        int (*func)(void *) = NULL;
        void *arg = NULL;
        pthread_mutex_lock(&pending_lock);
        if (pending_count > 0) {
            func = pending[pending_first].func;
            arg = pending[pending_first].arg;
            pending_first = (pending_first + 1) % NPENDINGCALLS;
            pending_count--;
        }
        pthread_mutex_unlock(&pending_lock);
        if (func == NULL) break;
        if (func(arg) != 0) {
            rc = -1;
            break;
        }
    }
    pending_busy = 0;
    return rc;
}

/* ---------------- frames (there are none) ---------------- */

PyFrameObject *PyEval_GetFrame(void) { return NULL; }
PyObject *PyEval_GetGlobals(void) { return NULL; }

PyObject *PyEval_GetLocals(void) {
    PyErr_SetString(PyExc_SystemError, "frame does not exist");
    return NULL;
}

/* ---------------- initialisation ---------------- */

/* Make the calling (JS main) thread's state current and take the GIL for it. */
int _cpx_init_pystate(void) {
    static int done;
    if (done) return 0;
    done = 1;
    main_thread_ident = PyThread_get_thread_ident();
    PyThreadState *ts = _cpx_tstate();
    if (ts == NULL) return -1;
    gil_take();
    return 0;
}

/* ---------------- older and rarer entry points ---------------- */

void PyEval_AcquireLock(void) { gil_take(); }
void PyEval_ReleaseLock(void) { gil_drop(); }

/* The current thread's state ends: it must be current; the GIL is dropped. */
void PyThreadState_DeleteCurrent(void) {
    PyThreadState *ts = tls_current;
    if (ts == NULL) Py_FatalError("no current thread state");
    unlink_and_free(ts);
    gil_drop();
}

void PyThreadState_EnterTracing(PyThreadState *ts) { ts->tracing++; }
void PyThreadState_LeaveTracing(PyThreadState *ts) { ts->tracing--; }

/* Records `exc` on the thread's state (the shim never delivers it: there
 * is no eval loop); returns the number of states changed. */
int PyThreadState_SetAsyncExc(unsigned long id, PyObject *exc) {
    int count = 0;
    pthread_mutex_lock(&list_lock);
    for (PyThreadState *p = main_interp.tstate_head; p != NULL; p = p->next) {
        if (p->thread_id != id) continue;
        PyObject *old = p->async_exc;
        p->async_exc = Py_XNewRef(exc);
        Py_XDECREF(old);
        count++;
    }
    pthread_mutex_unlock(&list_lock);
    return count;
}

/* There is no eval loop to profile or trace: the hooks are only stored. */
void PyEval_SetProfile(Py_tracefunc func, PyObject *arg) {
    PyThreadState *ts = _cpx_tstate();
    PyObject *old = ts->c_profileobj;
    ts->c_profilefunc = func;
    ts->c_profileobj = Py_XNewRef(arg);
    Py_XDECREF(old);
}

void PyEval_SetTrace(Py_tracefunc func, PyObject *arg) {
    PyThreadState *ts = _cpx_tstate();
    PyObject *old = ts->c_traceobj;
    ts->c_tracefunc = func;
    ts->c_traceobj = Py_XNewRef(arg);
    Py_XDECREF(old);
}

/* func(*Py_BuildValue(format, ...)) and obj.name(*...), as in ceval.c. */
static PyObject *call_built(PyObject *callable, const char *format, va_list va) {
    PyObject *args = format != NULL && *format ? Py_VaBuildValue(format, va) : PyTuple_New(0);
    if (args == NULL) return NULL;
    if (!PyTuple_Check(args)) {
        PyObject *one = PyTuple_Pack(1, args);
        Py_DECREF(args);
        if (one == NULL) return NULL;
        args = one;
    }
    PyObject *res = PyObject_Call(callable, args, NULL);
    Py_DECREF(args);
    return res;
}

PyObject *PyEval_CallFunction(PyObject *callable, const char *format, ...) {
    va_list va;
    va_start(va, format);
    PyObject *res = call_built(callable, format, va);
    va_end(va);
    return res;
}

PyObject *PyEval_CallMethod(PyObject *obj, const char *name, const char *format, ...) {
    PyObject *meth = PyObject_GetAttrString(obj, name);
    if (meth == NULL) return NULL;
    va_list va;
    va_start(va, format);
    PyObject *res = call_built(meth, format, va);
    va_end(va);
    Py_DECREF(meth);
    return res;
}

const char *PyEval_GetFuncName(PyObject *func) {
    if (PyMethod_Check(func)) return PyEval_GetFuncName(PyMethod_GET_FUNCTION(func));
    if (PyCFunction_Check(func)) return ((PyCFunctionObject *)func)->m_ml->ml_name;
    if (PyType_Check(func)) return ((PyTypeObject *)func)->tp_name;
    return Py_TYPE(func)->tp_name;
}

const char *PyEval_GetFuncDesc(PyObject *func) {
    if (PyMethod_Check(func) || PyCFunction_Check(func)) return "()";
    return " object";
}

int PyEval_MergeCompilerFlags(void *flags) { return 0; }
