/* pythread.c: PyThread_* locks, threads and thread-specific storage.
 *
 * Invariants:
 * - A PyThread_type_lock is a malloc'd {mutex, condition, locked flag}: a
 *   binary semaphore, so (as Python locks allow) any thread may release a
 *   lock another thread acquired. The mutex is only held for a few
 *   instructions, never while a caller "holds" the lock.
 * - Acquiring or releasing a lock never touches the GIL.
 * - Threads are detached pthreads; the boot record handed to a new thread is
 *   freed by that thread before it calls the user's function.
 * - TSS keys are pthread keys (no destructor); Py_tss_t stores the key. */
#define _GNU_SOURCE
#include "internal.h"
#include <pthread.h>
#include <sys/syscall.h>
#include <time.h>

typedef struct {
    pthread_mutex_t mut;
    pthread_cond_t cond;
    int locked;
} cpx_lock;

PyThread_type_lock PyThread_allocate_lock(void) {
    cpx_lock *lock = (cpx_lock *)malloc(sizeof(cpx_lock));
    if (lock == NULL) return NULL;
    pthread_condattr_t attr;
    pthread_condattr_init(&attr);
    pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
    if (pthread_mutex_init(&lock->mut, NULL) != 0 || pthread_cond_init(&lock->cond, &attr) != 0) {
        pthread_condattr_destroy(&attr);
        free(lock);
        return NULL;
    }
    pthread_condattr_destroy(&attr);
    lock->locked = 0;
    return (PyThread_type_lock)lock;
}

void PyThread_free_lock(PyThread_type_lock handle) {
    cpx_lock *lock = (cpx_lock *)handle;
    if (lock == NULL) return;
    pthread_cond_destroy(&lock->cond);
    pthread_mutex_destroy(&lock->mut);
    free(lock);
}

/* microseconds < 0: wait forever; 0: don't wait; > 0: wait at most that long. */
PyLockStatus PyThread_acquire_lock_timed(PyThread_type_lock handle, long long microseconds, int intr_flag) {
    cpx_lock *lock = (cpx_lock *)handle;
    PyLockStatus status = PY_LOCK_FAILURE;
    struct timespec deadline;
    if (microseconds > 0) {
        clock_gettime(CLOCK_MONOTONIC, &deadline);
        long long sec = microseconds / 1000000;
        long nsec = (long)(microseconds % 1000000) * 1000;
        deadline.tv_sec += (time_t)sec;
        deadline.tv_nsec += nsec;
        if (deadline.tv_nsec >= 1000000000L) {
            deadline.tv_sec++;
            deadline.tv_nsec -= 1000000000L;
        }
    }
    pthread_mutex_lock(&lock->mut);
    if (lock->locked && microseconds != 0) {
        while (lock->locked) {
            if (microseconds < 0) {
                pthread_cond_wait(&lock->cond, &lock->mut);
            } else if (pthread_cond_timedwait(&lock->cond, &lock->mut, &deadline) == ETIMEDOUT) {
                break;
            }
        }
    }
    if (!lock->locked) {
        lock->locked = 1;
        status = PY_LOCK_ACQUIRED;
    }
    pthread_mutex_unlock(&lock->mut);
    return status;
}

int PyThread_acquire_lock(PyThread_type_lock lock, int waitflag) {
    return PyThread_acquire_lock_timed(lock, waitflag ? -1 : 0, 0) == PY_LOCK_ACQUIRED;
}

void PyThread_release_lock(PyThread_type_lock handle) {
    cpx_lock *lock = (cpx_lock *)handle;
    pthread_mutex_lock(&lock->mut);
    lock->locked = 0;
    pthread_cond_signal(&lock->cond);
    pthread_mutex_unlock(&lock->mut);
}

/* ---------------- threads ---------------- */

static size_t thread_stacksize; /* 0: the system default */

void PyThread_init_thread(void) {}

unsigned long PyThread_get_thread_ident(void) { return (unsigned long)pthread_self(); }

unsigned long PyThread_get_thread_native_id(void) { return (unsigned long)syscall(SYS_gettid); }

typedef struct {
    void (*func)(void *);
    void *arg;
} boot_record;

static void *thread_boot(void *raw) {
    boot_record boot = *(boot_record *)raw;
    free(raw);
    boot.func(boot.arg);
    return NULL;
}

unsigned long PyThread_start_new_thread(void (*func)(void *), void *arg) {
    boot_record *boot = (boot_record *)malloc(sizeof(boot_record));
    if (boot == NULL) return (unsigned long)-1;
    boot->func = func;
    boot->arg = arg;
    pthread_attr_t attr;
    pthread_t th;
    pthread_attr_init(&attr);
    pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
    if (thread_stacksize != 0) pthread_attr_setstacksize(&attr, thread_stacksize);
    int rc = pthread_create(&th, &attr, thread_boot, boot);
    pthread_attr_destroy(&attr);
    if (rc != 0) {
        free(boot);
        return (unsigned long)-1;
    }
    return (unsigned long)th;
}

void PyThread_exit_thread(void) { pthread_exit(NULL); }

size_t PyThread_get_stacksize(void) { return thread_stacksize; }

int PyThread_set_stacksize(size_t size) {
    if (size == 0) {
        thread_stacksize = 0;
        return 0;
    }
    if (size < (size_t)PTHREAD_STACK_MIN) return -1;
    thread_stacksize = size;
    return 0;
}

/* ---------------- thread-specific storage (PEP 539) ---------------- */

Py_tss_t *PyThread_tss_alloc(void) {
    Py_tss_t *key = (Py_tss_t *)PyMem_RawMalloc(sizeof(Py_tss_t));
    if (key != NULL) key->_is_initialized = 0;
    return key;
}

void PyThread_tss_free(Py_tss_t *key) {
    if (key == NULL) return;
    PyThread_tss_delete(key);
    PyMem_RawFree(key);
}

int PyThread_tss_is_created(Py_tss_t *key) { return key->_is_initialized; }

int PyThread_tss_create(Py_tss_t *key) {
    if (key->_is_initialized) return 0;
    pthread_key_t k;
    if (pthread_key_create(&k, NULL) != 0) return -1;
    key->_key = (unsigned int)k;
    key->_is_initialized = 1;
    return 0;
}

void PyThread_tss_delete(Py_tss_t *key) {
    if (!key->_is_initialized) return;
    pthread_key_delete((pthread_key_t)key->_key);
    key->_is_initialized = 0;
}

int PyThread_tss_set(Py_tss_t *key, void *value) {
    return pthread_setspecific((pthread_key_t)key->_key, value) == 0 ? 0 : -1;
}

void *PyThread_tss_get(Py_tss_t *key) { return pthread_getspecific((pthread_key_t)key->_key); }

/* The older integer-key API (deprecated since 3.7, still exported). */
int PyThread_create_key(void) {
    pthread_key_t k;
    if (pthread_key_create(&k, NULL) != 0) return -1;
    if (k > (pthread_key_t)INT_MAX) {
        pthread_key_delete(k);
        return -1;
    }
    return (int)k;
}

void PyThread_delete_key(int key) { pthread_key_delete((pthread_key_t)key); }

int PyThread_set_key_value(int key, void *value) {
    return pthread_setspecific((pthread_key_t)key, value) == 0 ? 0 : -1;
}

void *PyThread_get_key_value(int key) { return pthread_getspecific((pthread_key_t)key); }

void PyThread_delete_key_value(int key) { pthread_setspecific((pthread_key_t)key, NULL); }

void PyThread_ReInitTLS(void) {}
