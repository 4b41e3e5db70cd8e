/* pylifecycle.c: bringing the shim's runtime up, and the small
 * interpreter-wide queries (version, platform, initialised/finalising,
 * the original command line), os.fspath, case-insensitive compares and
 * the interpreter's flags (pydebug.h).
 *
 * Invariants:
 * - _cpx_runtime_init runs every family initialiser exactly once, in
 *   dependency order, on the thread that will own the GIL (the JS main
 *   thread); it is idempotent and remembers a failure (-1 forever after).
 * - The runtime is never finalised: Py_AtExit only records functions, and
 *   Py_Finalize/Py_FinalizeEx do nothing.
 * - The flags are those of `python3` run without options (all 0). */
#include "misc_internal.h"

int Py_DebugFlag, Py_VerboseFlag, Py_QuietFlag, Py_InteractiveFlag, Py_InspectFlag, Py_OptimizeFlag, Py_NoSiteFlag,
    Py_BytesWarningFlag, Py_FrozenFlag, Py_IgnoreEnvironmentFlag, Py_DontWriteBytecodeFlag, Py_NoUserSiteDirectory,
    Py_UnbufferedStdioFlag, Py_HashRandomizationFlag, Py_IsolatedFlag;

static int runtime_state; /* 0: not started, 1: running init, 2: ready, -1: failed */

/* The thread state, GIL and the misc family's types and modules. */
int _cpx_init_misc(void) {
    static const struct {
        const char *name;
        int (*init)(void);
    } steps[] = {
        {"_cpx_init_pystate", _cpx_init_pystate},     {"_cpx_init_capsule", _cpx_init_capsule},
        {"_cpx_init_weakref", _cpx_init_weakref},     {"_cpx_init_memoryview", _cpx_init_memoryview},
        {"_cpx_init_traceback", _cpx_init_traceback}, {"_cpx_init_builtins", _cpx_init_builtins},
        {"_cpx_init_sys", _cpx_init_sys},             {"_cpx_init_genericalias", _cpx_init_genericalias},
        {"_cpx_init_code", _cpx_init_code},           {"_cpx_init_frame", _cpx_init_frame},
        {"_cpx_init_no_bytecode_types", _cpx_init_no_bytecode_types},
#ifdef CPX_DEBUG
        {"_cpx_init_debug", _cpx_init_debug},
#endif
    };
    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        if (steps[i].init() < 0) {
            if (!PyErr_Occurred()) PyErr_Format(PyExc_SystemError, "%s failed", steps[i].name);
            return -1;
        }
    }
    return 0;
}

/* Print the pending exception (type and message) to stderr, safely. */
static void report_failure(const char *step) {
    fprintf(stderr, "cbridge cpyext: runtime initialisation failed in %s", step);
    PyObject *type, *value, *tb;
    PyErr_Fetch(&type, &value, &tb);
    if (type != NULL && PyType_Check(type)) fprintf(stderr, ": %s", ((PyTypeObject *)type)->tp_name);
    if (value != NULL) {
        PyObject *s = PyObject_Str(value);
        const char *text = s != NULL && PyUnicode_Check(s) ? PyUnicode_AsUTF8(s) : NULL;
        if (text != NULL) fprintf(stderr, ": %s", text);
        Py_XDECREF(s);
        PyErr_Clear();
    }
    fputc('\n', stderr);
    Py_XDECREF(type);
    Py_XDECREF(value);
    Py_XDECREF(tb);
}

int _cpx_runtime_init(void) {
    if (runtime_state == 2) return 0;
    if (runtime_state != 0) return -1; /* failed before, or re-entered */
    runtime_state = 1;
    static const struct {
        const char *name;
        int (*init)(void);
    } steps[] = {
        {"_cpx_init_object", _cpx_init_object},
        {"_cpx_init_types", _cpx_init_types},
        {"_cpx_init_long", _cpx_init_long},
        {"_cpx_init_float", _cpx_init_float},
        {"_cpx_init_unicode", _cpx_init_unicode},
        {"_cpx_init_bytes", _cpx_init_bytes},
        {"_cpx_init_containers", _cpx_init_containers},
        {"_cpx_init_exceptions", _cpx_init_exceptions},
        {"_cpx_init_descr", _cpx_init_descr},
        {"_cpx_init_modules", _cpx_init_modules},
        {"_cpx_init_misc", _cpx_init_misc},
    };
    /* The main thread's state exists before anything can raise. */
    if (_cpx_init_pystate() < 0) {
        fprintf(stderr, "cbridge cpyext: runtime initialisation failed in _cpx_init_pystate\n");
        runtime_state = -1;
        return -1;
    }
    for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]); i++) {
        if (steps[i].init() < 0) {
            report_failure(steps[i].name);
            runtime_state = -1;
            return -1;
        }
    }
    runtime_state = 2;
    return 0;
}

/* ---------------- lifetime ---------------- */

int Py_IsInitialized(void) { return 1; }
int _Py_IsFinalizing(void) { return 0; }

void Py_Initialize(void) { (void)_cpx_runtime_init(); }
void Py_InitializeEx(int install_sigs) { (void)_cpx_runtime_init(); }
void Py_Finalize(void) {}
int Py_FinalizeEx(void) { return 0; }

#define NEXITFUNCS 32
static void (*exitfuncs[NEXITFUNCS])(void);
static int nexitfuncs;

int Py_AtExit(void (*func)(void)) {
    if (nexitfuncs >= NEXITFUNCS) return -1;
    exitfuncs[nexitfuncs++] = func;
    return 0;
}

const char *Py_GetVersion(void) { return PY_VERSION " (cbridge cpyext)"; }
const char *Py_GetPlatform(void) { return "linux"; }
const char *Py_GetBuildInfo(void) { return "cbridge cpyext"; }
const char *Py_GetCompiler(void) { return "[GCC]"; }
const char *Py_GetCopyright(void) { return "cbridge cpyext: a CPython 3.11 C API for Node.js"; }
const unsigned long Py_Version = PY_VERSION_HEX;

/* There is no Python installation: program name and paths are fixed. */
static wchar_t program_name[] = L"python3";
static wchar_t empty_path[] = L"";
wchar_t *Py_GetProgramName(void) { return program_name; }
wchar_t *Py_GetProgramFullPath(void) { return empty_path; }
wchar_t *Py_GetPrefix(void) { return empty_path; }
wchar_t *Py_GetExecPrefix(void) { return empty_path; }
wchar_t *Py_GetPath(void) { return empty_path; }
wchar_t *Py_GetPythonHome(void) { return NULL; }
void Py_SetProgramName(const wchar_t *name) {}
void Py_SetPythonHome(const wchar_t *home) {}
void Py_SetPath(const wchar_t *path) {}

/* The process's original command line (Node's), read from /proc/self/cmdline
 * on first use and kept for the process, as CPython keeps its orig_argv;
 * each argument decoded as the file system encoding (UTF-8,
 * surrogateescape). Nothing readable: argc 0. */
static int orig_argc = -1;
static wchar_t **orig_argv;

static void read_orig_argv(void) {
    orig_argc = 0;
    FILE *f = fopen("/proc/self/cmdline", "rb");
    if (f == NULL) return;
    char buf[1 << 16];
    size_t n = fread(buf, 1, sizeof(buf) - 1, f);
    fclose(f);
    if (n == 0) return;
    if (buf[n - 1] != '\0') buf[n++] = '\0';
    int count = 0;
    for (size_t i = 0; i < n; i++) count += buf[i] == '\0';
    wchar_t **argv = PyMem_RawCalloc((size_t)count + 1, sizeof(wchar_t *));
    if (argv == NULL) return;
    PyObject *exc_type, *exc_value, *exc_tb;
    PyErr_Fetch(&exc_type, &exc_value, &exc_tb);
    int i = 0;
    for (const char *arg = buf; i < count; arg += strlen(arg) + 1) {
        PyObject *text = PyUnicode_DecodeFSDefault(arg);
        Py_ssize_t len;
        wchar_t *w = text == NULL ? NULL : PyUnicode_AsWideCharString(text, &len);
        Py_XDECREF(text);
        if (w == NULL) break;
        argv[i] = PyMem_RawMalloc(((size_t)len + 1) * sizeof(wchar_t));
        if (argv[i] != NULL) wmemcpy(argv[i], w, (size_t)len + 1);
        PyMem_Free(w);
        if (argv[i] == NULL) break;
        i++;
    }
    PyErr_Clear();
    PyErr_Restore(exc_type, exc_value, exc_tb);
    orig_argc = i;
    orig_argv = argv;
}

void Py_GetArgcArgv(int *argc, wchar_t ***argv) {
    if (orig_argc < 0) read_orig_argv();
    *argc = orig_argc;
    *argv = orig_argv;
}

/* ---------------- os.fspath ---------------- */

PyObject *PyOS_FSPath(PyObject *path) {
    if (PyUnicode_Check(path) || PyBytes_Check(path)) return Py_NewRef(path);
    PyObject *func = _PyObject_LookupSpecial(path, _cpx_intern("__fspath__"));
    if (func == NULL) {
        if (!PyErr_Occurred())
            PyErr_Format(PyExc_TypeError, "expected str, bytes or os.PathLike object, not %.200s",
                         Py_TYPE(path)->tp_name);
        return NULL;
    }
    PyObject *res = PyObject_CallNoArgs(func);
    Py_DECREF(func);
    if (res == NULL) return NULL;
    if (!PyUnicode_Check(res) && !PyBytes_Check(res)) {
        PyErr_Format(PyExc_TypeError, "expected %.200s.__fspath__() to return str or bytes, not %.200s",
                     Py_TYPE(path)->tp_name, Py_TYPE(res)->tp_name);
        Py_DECREF(res);
        return NULL;
    }
    return res;
}

/* ---------------- case-insensitive compares (ASCII) ---------------- */

static int lower(unsigned char c) { return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c; }

int PyOS_mystrnicmp(const char *a, const char *b, Py_ssize_t size) {
    for (Py_ssize_t i = 0; i < size; i++) {
        int ca = lower((unsigned char)a[i]), cb = lower((unsigned char)b[i]);
        if (ca != cb || ca == 0) return ca - cb;
    }
    return 0;
}

int PyOS_stricmp(const char *a, const char *b) { return PyOS_mystrnicmp(a, b, PY_SSIZE_T_MAX); }
