/* pystate.h / ceval.h / pythread.h: thread state, the GIL and thread locks.
 * Invariant: there is one interpreter and one PyThreadState per OS thread
 * that has touched the API; the main thread's state exists from load time.
 * PyThreadState has CPython 3.11's layout up to and including the fields
 * extensions read directly (curexc_*, exc_info, dict, id); the GIL is a
 * real mutex, held by the JS thread except inside Py_BEGIN_ALLOW_THREADS. */
#ifndef Py_PYSTATE_H
#define Py_PYSTATE_H
#include "object.h"

typedef struct _err_stackitem {
    PyObject *exc_value;
    struct _err_stackitem *previous_item;
} _PyErr_StackItem;

typedef struct _PyCFrame {
    uint8_t use_tracing;
    struct _PyInterpreterFrame *current_frame;
    struct _PyCFrame *previous;
} _PyCFrame;

typedef int (*Py_tracefunc)(PyObject *, PyFrameObject *, int, PyObject *);
/* CPython's PyTraceInfo: a code object and its PyCodeAddressRange (whose last member is
 * the 8-byte aligned struct _opaque), spelled out with CPython's member names; extensions
 * only depend on its size, which places the PyThreadState members after it. */
typedef struct {
    PyCodeObject *code;
    struct {
        int ar_start;
        int ar_end;
        int ar_line;
        struct {
            int computed_line;
            const uint8_t *lo_next;
            const uint8_t *limit;
        } opaque;
    } bounds;
} _PyCpxTraceInfo;

struct _ts {
    PyThreadState *prev;
    PyThreadState *next;
    PyInterpreterState *interp;
    int _initialized;
    int _static;
    int recursion_remaining;
    int recursion_limit;
    int recursion_headroom;
    int tracing;
    int tracing_what;
    _PyCFrame *cframe;
    Py_tracefunc c_profilefunc;
    Py_tracefunc c_tracefunc;
    PyObject *c_profileobj;
    PyObject *c_traceobj;
    PyObject *curexc_type;
    PyObject *curexc_value;
    PyObject *curexc_traceback;
    _PyErr_StackItem *exc_info;
    PyObject *dict;
    int gilstate_counter;
    PyObject *async_exc;
    unsigned long thread_id;
    unsigned long native_thread_id;
    int trash_delete_nesting;
    PyObject *trash_delete_later;
    void (*on_delete)(void *);
    void *on_delete_data;
    int coroutine_origin_tracking_depth;
    PyObject *async_gen_firstiter;
    PyObject *async_gen_finalizer;
    PyObject *context;
    uint64_t context_ver;
    uint64_t id;
    _PyCpxTraceInfo trace_info;
    void *datastack_chunk;
    PyObject **datastack_top;
    PyObject **datastack_limit;
    _PyErr_StackItem exc_state;
    _PyCFrame root_cframe;
};

typedef enum { PyGILState_LOCKED, PyGILState_UNLOCKED } PyGILState_STATE;

PyAPI_FUNC(PyThreadState *) PyThreadState_Get(void);
PyAPI_FUNC(PyThreadState *) _PyThreadState_UncheckedGet(void);
PyAPI_FUNC(PyThreadState *) PyThreadState_Swap(PyThreadState *);
PyAPI_FUNC(PyObject *) PyThreadState_GetDict(void);
PyAPI_FUNC(PyInterpreterState *) PyThreadState_GetInterpreter(PyThreadState *);
PyAPI_FUNC(uint64_t) PyThreadState_GetID(PyThreadState *);
PyAPI_FUNC(PyFrameObject *) PyThreadState_GetFrame(PyThreadState *);
PyAPI_FUNC(PyThreadState *) PyThreadState_New(PyInterpreterState *);
PyAPI_FUNC(void) PyThreadState_Clear(PyThreadState *);
PyAPI_FUNC(void) PyThreadState_Delete(PyThreadState *);
PyAPI_FUNC(PyInterpreterState *) PyInterpreterState_Get(void);
PyAPI_FUNC(PyInterpreterState *) PyInterpreterState_Main(void);
PyAPI_FUNC(int64_t) PyInterpreterState_GetID(PyInterpreterState *);
PyAPI_FUNC(PyObject *) PyInterpreterState_GetDict(PyInterpreterState *);
PyAPI_FUNC(PyGILState_STATE) PyGILState_Ensure(void);
PyAPI_FUNC(void) PyGILState_Release(PyGILState_STATE);
PyAPI_FUNC(PyThreadState *) PyGILState_GetThisThreadState(void);
PyAPI_FUNC(int) PyGILState_Check(void);
PyAPI_FUNC(PyObject *) PyState_FindModule(PyModuleDef *);
PyAPI_FUNC(int) PyState_AddModule(PyObject *, PyModuleDef *);
PyAPI_FUNC(int) PyState_RemoveModule(PyModuleDef *);
PyAPI_FUNC(PyInterpreterState *) PyInterpreterState_Head(void);
PyAPI_FUNC(PyInterpreterState *) PyInterpreterState_Next(PyInterpreterState *);
PyAPI_FUNC(PyThreadState *) PyInterpreterState_ThreadHead(PyInterpreterState *);
PyAPI_FUNC(PyThreadState *) PyThreadState_Next(PyThreadState *);
PyAPI_FUNC(void) PyThreadState_DeleteCurrent(void);
PyAPI_FUNC(void) PyThreadState_EnterTracing(PyThreadState *);
PyAPI_FUNC(void) PyThreadState_LeaveTracing(PyThreadState *);
PyAPI_FUNC(int) PyThreadState_SetAsyncExc(unsigned long, PyObject *);
#define PyThreadState_GET() PyThreadState_Get()
#define _PyThreadState_GET() PyThreadState_Get()

/* ceval.h */
PyAPI_FUNC(PyThreadState *) PyEval_SaveThread(void);
PyAPI_FUNC(void) PyEval_RestoreThread(PyThreadState *);
PyAPI_FUNC(void) PyEval_AcquireThread(PyThreadState *);
PyAPI_FUNC(void) PyEval_ReleaseThread(PyThreadState *);
PyAPI_FUNC(void) PyEval_InitThreads(void);
PyAPI_FUNC(int) PyEval_ThreadsInitialized(void);
PyAPI_FUNC(PyObject *) PyEval_GetBuiltins(void);
PyAPI_FUNC(PyObject *) PyEval_GetGlobals(void);
PyAPI_FUNC(PyObject *) PyEval_GetLocals(void);
PyAPI_FUNC(PyFrameObject *) PyEval_GetFrame(void);
PyAPI_FUNC(PyObject *) PyEval_CallObjectWithKeywords(PyObject *, PyObject *, PyObject *);
PyAPI_FUNC(int) Py_EnterRecursiveCall(const char *);
PyAPI_FUNC(void) Py_LeaveRecursiveCall(void);
PyAPI_FUNC(int) _Py_CheckRecursiveCall(PyThreadState *, const char *);
PyAPI_FUNC(int) Py_MakePendingCalls(void);
PyAPI_FUNC(int) Py_AddPendingCall(int (*)(void *), void *);
PyAPI_FUNC(int) Py_GetRecursionLimit(void);
PyAPI_FUNC(void) Py_SetRecursionLimit(int);
PyAPI_FUNC(void) PyEval_AcquireLock(void);
PyAPI_FUNC(void) PyEval_ReleaseLock(void);
PyAPI_FUNC(void) PyEval_SetProfile(Py_tracefunc, PyObject *);
PyAPI_FUNC(void) PyEval_SetTrace(Py_tracefunc, PyObject *);
PyAPI_FUNC(PyObject *) PyEval_CallFunction(PyObject *, const char *, ...);
PyAPI_FUNC(PyObject *) PyEval_CallMethod(PyObject *, const char *, const char *, ...);
PyAPI_FUNC(const char *) PyEval_GetFuncName(PyObject *);
PyAPI_FUNC(const char *) PyEval_GetFuncDesc(PyObject *);
PyAPI_FUNC(int) PyEval_MergeCompilerFlags(void *);
#define Py_BEGIN_ALLOW_THREADS { PyThreadState *_save; _save = PyEval_SaveThread();
#define Py_BLOCK_THREADS PyEval_RestoreThread(_save);
#define Py_UNBLOCK_THREADS _save = PyEval_SaveThread();
#define Py_END_ALLOW_THREADS PyEval_RestoreThread(_save); }

/* pythread.h */
typedef void *PyThread_type_lock;
typedef int PyThread_type_key_t;
typedef struct _Py_tss_t { int _is_initialized; unsigned int _key; } Py_tss_t;
#define Py_tss_NEEDS_INIT { 0 }
#define WAIT_LOCK 1
#define NOWAIT_LOCK 0
typedef enum PyLockStatus { PY_LOCK_FAILURE = 0, PY_LOCK_ACQUIRED = 1, PY_LOCK_INTR } PyLockStatus;
PyAPI_FUNC(PyThread_type_lock) PyThread_allocate_lock(void);
PyAPI_FUNC(void) PyThread_free_lock(PyThread_type_lock);
PyAPI_FUNC(int) PyThread_acquire_lock(PyThread_type_lock, int);
PyAPI_FUNC(PyLockStatus) PyThread_acquire_lock_timed(PyThread_type_lock, long long, int);
PyAPI_FUNC(void) PyThread_release_lock(PyThread_type_lock);
PyAPI_FUNC(unsigned long) PyThread_get_thread_ident(void);
PyAPI_FUNC(unsigned long) PyThread_get_thread_native_id(void);
PyAPI_FUNC(unsigned long) PyThread_start_new_thread(void (*)(void *), void *);
PyAPI_FUNC(Py_tss_t *) PyThread_tss_alloc(void);
PyAPI_FUNC(void) PyThread_tss_free(Py_tss_t *);
PyAPI_FUNC(int) PyThread_tss_is_created(Py_tss_t *);
PyAPI_FUNC(int) PyThread_tss_create(Py_tss_t *);
PyAPI_FUNC(void) PyThread_tss_delete(Py_tss_t *);
PyAPI_FUNC(int) PyThread_tss_set(Py_tss_t *, void *);
PyAPI_FUNC(void *) PyThread_tss_get(Py_tss_t *);
PyAPI_FUNC(void) PyThread_init_thread(void);
PyAPI_FUNC(void) PyThread_exit_thread(void) _Py_NO_RETURN;
PyAPI_FUNC(size_t) PyThread_get_stacksize(void);
PyAPI_FUNC(int) PyThread_set_stacksize(size_t);
#define PYTHREAD_INVALID_THREAD_ID ((unsigned long)-1)
#define PY_TIMEOUT_T long long
#define PY_TIMEOUT_MAX (LLONG_MAX / 1000)
PyAPI_FUNC(int) PyThread_create_key(void);
PyAPI_FUNC(void) PyThread_delete_key(int);
PyAPI_FUNC(int) PyThread_set_key_value(int, void *);
PyAPI_FUNC(void *) PyThread_get_key_value(int);
PyAPI_FUNC(void) PyThread_delete_key_value(int);
PyAPI_FUNC(void) PyThread_ReInitTLS(void);
#endif
