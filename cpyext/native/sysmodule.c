/* sysmodule.c: the `sys` module and the PySys_* functions.
 *
 * Invariants:
 * - The module is created once by _cpx_init_sys and registered in the
 *   module registry as "sys" (which owns it); `sys_dict` is its dict,
 *   borrowed for the life of the process. sys.modules is the registry dict
 *   itself (PyImport_GetModuleDict).
 * - PySys_GetObject returns a borrowed reference (or NULL, never raising);
 *   PySys_SetObject stores a new reference (NULL deletes).
 * - PySys_Write* / PySys_Format* never raise and keep the caller's pending
 *   exception: they write through sys.stdout / sys.stderr when those are
 *   set to objects with a write method, else to the C stream, which is
 *   flushed so the text reaches Node's stdout/stderr in order. */
#include "misc_internal.h"

static PyObject *sys_dict;

PyObject *PySys_GetObject(const char *name) {
    if (sys_dict == NULL) return NULL;
    PyObject *et, *ev, *etb;
    PyErr_Fetch(&et, &ev, &etb);
    PyObject *v = PyDict_GetItemString(sys_dict, name);
    PyErr_Restore(et, ev, etb);
    return v;
}

int PySys_SetObject(const char *name, PyObject *v) {
    if (sys_dict == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "lost sys module");
        return -1;
    }
    if (v != NULL) return PyDict_SetItemString(sys_dict, name, v);
    PyObject *key = PyUnicode_FromString(name);
    if (key == NULL) return -1;
    int rc = 0;
    int has = PyDict_Contains(sys_dict, key);
    if (has < 0)
        rc = -1;
    else if (has)
        rc = PyDict_DelItem(sys_dict, key);
    Py_DECREF(key);
    return rc;
}

/* file.write(text); 0 on success, -1 (error set) when file is missing,
 * None or its write fails. */
static int file_write(PyObject *file, PyObject *text) {
    if (file == NULL || file == Py_None) return -1;
    PyObject *r = PyObject_CallMethodOneArg(file, _cpx_intern("write"), text);
    if (r == NULL) return -1;
    Py_DECREF(r);
    return 0;
}

static void write_cstring(PyObject *file, FILE *fp, const char *s) {
    int done = 0;
    if (file != NULL && file != Py_None) {
        PyObject *text = PyUnicode_FromString(s);
        done = text != NULL && file_write(file, text) == 0;
        Py_XDECREF(text);
        if (!done) PyErr_Clear();
    }
    if (!done) {
        fputs(s, fp);
        fflush(fp);
    }
}

static void sys_write(const char *key, FILE *fp, const char *format, va_list va) {
    char buffer[1001];
    PyObject *et, *ev, *etb;
    PyErr_Fetch(&et, &ev, &etb);
    PyObject *file = PySys_GetObject(key);
    Py_XINCREF(file);
    int written = vsnprintf(buffer, sizeof(buffer), format, va);
    write_cstring(file, fp, buffer);
    if (written < 0 || (size_t)written >= sizeof(buffer)) write_cstring(file, fp, "... truncated");
    Py_XDECREF(file);
    PyErr_Restore(et, ev, etb);
}

static void sys_format(const char *key, FILE *fp, const char *format, va_list va) {
    PyObject *et, *ev, *etb;
    PyErr_Fetch(&et, &ev, &etb);
    PyObject *file = PySys_GetObject(key);
    Py_XINCREF(file);
    PyObject *message = PyUnicode_FromFormatV(format, va);
    if (message != NULL) {
        if (file_write(file, message) != 0) {
            PyErr_Clear();
            const char *utf8 = PyUnicode_AsUTF8(message);
            if (utf8 != NULL) {
                fputs(utf8, fp);
                fflush(fp);
            }
        }
        Py_DECREF(message);
    }
    Py_XDECREF(file);
    PyErr_Clear();
    PyErr_Restore(et, ev, etb);
}

void PySys_WriteStdout(const char *format, ...) {
    va_list va;
    va_start(va, format);
    sys_write("stdout", stdout, format, va);
    va_end(va);
}

void PySys_WriteStderr(const char *format, ...) {
    va_list va;
    va_start(va, format);
    sys_write("stderr", stderr, format, va);
    va_end(va);
}

void PySys_FormatStdout(const char *format, ...) {
    va_list va;
    va_start(va, format);
    sys_format("stdout", stdout, format, va);
    va_end(va);
}

void PySys_FormatStderr(const char *format, ...) {
    va_list va;
    va_start(va, format);
    sys_format("stderr", stderr, format, va);
    va_end(va);
}

/* There are no audit hooks. */
int PySys_Audit(const char *event, const char *format, ...) { return 0; }
int PySys_AddAuditHook(int (*hook)(const char *, PyObject *, void *), void *data) { return 0; }

/* ---------------- argv, path, options ---------------- */

/* A list of str made from `n` wide strings (new), or NULL. */
static PyObject *wide_list(int n, wchar_t **items) {
    PyObject *list = PyList_New(0);
    for (int i = 0; list != NULL && i < n; i++) {
        PyObject *s = PyUnicode_FromWideChar(items[i], -1);
        if (s == NULL || PyList_Append(list, s) < 0) Py_CLEAR(list);
        Py_XDECREF(s);
    }
    return list;
}

void PySys_SetArgvEx(int argc, wchar_t **argv, int updatepath) {
    wchar_t *empty[] = {L""};
    PyObject *list = argc > 0 ? wide_list(argc, argv) : wide_list(1, empty);
    if (list == NULL || PySys_SetObject("argv", list) < 0) Py_FatalError("can't assign sys.argv");
    Py_DECREF(list);
}

void PySys_SetArgv(int argc, wchar_t **argv) { PySys_SetArgvEx(argc, argv, 0); }

/* sys.path from a ':'-separated wide string. */
void PySys_SetPath(const wchar_t *path) {
    PyObject *list = PyList_New(0);
    const wchar_t *start = path;
    while (list != NULL) {
        const wchar_t *end = wcschr(start, L':');
        Py_ssize_t len = end != NULL ? end - start : (Py_ssize_t)wcslen(start);
        PyObject *s = PyUnicode_FromWideChar(start, len);
        if (s == NULL || PyList_Append(list, s) < 0) Py_CLEAR(list);
        Py_XDECREF(s);
        if (end == NULL) break;
        start = end + 1;
    }
    if (list == NULL || PySys_SetObject("path", list) < 0) Py_FatalError("can't assign sys.path");
    Py_DECREF(list);
}

/* sys.warnoptions and sys._xoptions exist only once set. */
static PyObject *sys_list_item(const char *name) {
    PyObject *list = PySys_GetObject(name);
    if (list != NULL && PyList_Check(list)) return list;
    list = PyList_New(0);
    if (list == NULL) return NULL;
    int rc = PySys_SetObject(name, list);
    Py_DECREF(list);
    return rc < 0 ? NULL : list;
}

void PySys_ResetWarnOptions(void) {
    PyObject *list = PySys_GetObject("warnoptions");
    if (list != NULL && PyList_Check(list)) PyList_SetSlice(list, 0, PyList_GET_SIZE(list), NULL);
}

void PySys_AddWarnOptionUnicode(PyObject *option) {
    PyObject *list = sys_list_item("warnoptions");
    if (list == NULL || PyList_Append(list, option) < 0) PyErr_Clear();
}

void PySys_AddWarnOption(const wchar_t *s) {
    PyObject *option = PyUnicode_FromWideChar(s, -1);
    if (option == NULL) {
        PyErr_Clear();
        return;
    }
    PySys_AddWarnOptionUnicode(option);
    Py_DECREF(option);
}

int PySys_HasWarnOptions(void) {
    PyObject *list = PySys_GetObject("warnoptions");
    return list != NULL && PyList_Check(list) && PyList_GET_SIZE(list) > 0;
}

PyObject *PySys_GetXOptions(void) {
    PyObject *d = PySys_GetObject("_xoptions");
    if (d != NULL && PyDict_Check(d)) return d;
    d = PyDict_New();
    if (d == NULL) return NULL;
    int rc = PySys_SetObject("_xoptions", d);
    Py_DECREF(d);
    return rc < 0 ? NULL : d;
}

/* "-X name" or "-X name=value": True or the value, under name. */
void PySys_AddXOption(const wchar_t *s) {
    PyObject *opts = PySys_GetXOptions();
    if (opts == NULL) {
        PyErr_Clear();
        return;
    }
    const wchar_t *eq = wcschr(s, L'=');
    PyObject *name = PyUnicode_FromWideChar(s, eq != NULL ? eq - s : -1);
    PyObject *value = eq != NULL ? PyUnicode_FromWideChar(eq + 1, -1) : Py_NewRef(Py_True);
    if (name == NULL || value == NULL || PyDict_SetItem(opts, name, value) < 0) PyErr_Clear();
    Py_XDECREF(name);
    Py_XDECREF(value);
}

/* ---------------- int <-> str digit limit ---------------- */

/* sys.get_int_max_str_digits() / sys.set_int_max_str_digits(maxdigits):
 * the limit long_format.c enforces, 0 (no limit) or at least the
 * threshold under which conversions are never checked. */
static PyObject *sys_get_int_max_str_digits(PyObject *module, PyObject *unused) {
    return PyLong_FromLong(_cpx_int_max_str_digits);
}

static PyObject *sys_set_int_max_str_digits(PyObject *module, PyObject *args, PyObject *kwargs) {
    static char *kwlist[] = {"maxdigits", NULL};
    PyObject *arg;
    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "O:set_int_max_str_digits", kwlist, &arg)) return NULL;
    int maxdigits = _PyLong_AsInt(arg);
    if (maxdigits == -1 && PyErr_Occurred()) return NULL;
    if (maxdigits != 0 && maxdigits < CPX_MAX_STR_DIGITS_THRESHOLD) {
        PyErr_Format(PyExc_ValueError, "maxdigits must be 0 or larger than %d", CPX_MAX_STR_DIGITS_THRESHOLD);
        return NULL;
    }
    _cpx_int_max_str_digits = maxdigits;
    Py_RETURN_NONE;
}

static PyMethodDef sys_methods[] = {
    {"get_int_max_str_digits", sys_get_int_max_str_digits, METH_NOARGS,
     "Return the maximum string digits limit for non-binary int<->str conversions."},
    {"set_int_max_str_digits", (PyCFunction)(void (*)(void))sys_set_int_max_str_digits, METH_VARARGS | METH_KEYWORDS,
     "Set the maximum string digits limit for non-binary int<->str conversions."},
    {NULL, NULL, 0, NULL},
};

/* ---------------- the module ---------------- */

/* Store a new reference under name (steals `v`; NULL means failure). */
static int set_new(PyObject *d, const char *name, PyObject *v) {
    if (v == NULL) return -1;
    int rc = PyDict_SetItemString(d, name, v);
    Py_DECREF(v);
    return rc;
}

static PyObject *version_info(void) {
    return Py_BuildValue("(iiisi)", PY_MAJOR_VERSION, PY_MINOR_VERSION, PY_MICRO_VERSION, "final",
                         PY_RELEASE_SERIAL);
}

/* sys.implementation: a plain namespace object (a module) with CPython's
 * attribute names. */
static PyObject *implementation(void) {
    PyObject *ns = PyModule_New("implementation");
    if (ns == NULL) return NULL;
    PyObject *d = PyModule_GetDict(ns);
    if (set_new(d, "name", PyUnicode_FromString("cpython")) < 0 ||
        set_new(d, "cache_tag", PyUnicode_FromString("cpython-311")) < 0 ||
        set_new(d, "version", version_info()) < 0 || set_new(d, "hexversion", PyLong_FromLong(PY_VERSION_HEX)) < 0 ||
        set_new(d, "_multiarch", PyUnicode_FromString("x86_64-linux-gnu")) < 0) {
        Py_DECREF(ns);
        return NULL;
    }
    return ns;
}

/* float_info / int_info when the number family provides them. */
static int set_optional(PyObject *d, const char *name, PyObject *v) {
    if (v == NULL) {
        PyErr_Clear();
        return 0;
    }
    return set_new(d, name, v);
}

int _cpx_init_sys(void) {
    if (sys_dict != NULL) return 0;
    PyObject *m = PyModule_New("sys");
    if (m == NULL) return -1;
    PyObject *d = PyModule_GetDict(m);
    PyObject *modules = PyImport_GetModuleDict();
    if (modules == NULL || PyDict_SetItemString(d, "modules", modules) < 0) goto fail;
    if (PyModule_AddFunctions(m, sys_methods) < 0) goto fail;
    if (set_new(d, "maxsize", PyLong_FromSsize_t(PY_SSIZE_T_MAX)) < 0 ||
        set_new(d, "maxunicode", PyLong_FromLong(0x10ffff)) < 0 ||
        set_new(d, "byteorder", PyUnicode_FromString("little")) < 0 ||
        set_new(d, "version", PyUnicode_FromString(Py_GetVersion())) < 0 ||
        set_new(d, "version_info", version_info()) < 0 ||
        set_new(d, "hexversion", PyLong_FromLong(PY_VERSION_HEX)) < 0 ||
        set_new(d, "api_version", PyLong_FromLong(PYTHON_API_VERSION)) < 0 ||
        set_new(d, "platform", PyUnicode_FromString(Py_GetPlatform())) < 0 ||
        set_new(d, "implementation", implementation()) < 0 ||
        set_new(d, "builtin_module_names", Py_BuildValue("(ss)", "builtins", "sys")) < 0 ||
        set_new(d, "path", PyList_New(0)) < 0 || set_new(d, "argv", Py_BuildValue("[s]", "")) < 0 ||
        set_new(d, "executable", PyUnicode_FromString("")) < 0 ||
        set_new(d, "prefix", PyUnicode_FromString("")) < 0 ||
        set_new(d, "abiflags", PyUnicode_FromString("")) < 0 ||
        PyDict_SetItemString(d, "dont_write_bytecode", Py_True) < 0 ||
        set_optional(d, "float_info", PyFloat_GetInfo()) < 0 || set_optional(d, "int_info", PyLong_GetInfo()) < 0)
        goto fail;
    if (PyDict_SetItemString(modules, "sys", m) < 0) goto fail;
    sys_dict = d;
    Py_DECREF(m); /* the registry keeps it alive */
    return 0;
fail:
    Py_DECREF(m);
    return -1;
}
