/* bridge_debug.c: the debug shim's JS API (py.debug in cpyext/debug.ts):
 * generations and the report of objects still alive since one. Empty in
 * the release build, whose exports simply lack these functions (the TS side
 * then refuses py.debug calls with a clear error).
 *
 * Invariant: the live list is walked to completion (holding a reference to
 * each object found) before any Python code runs (each object's repr), so
 * it cannot change under the walk. */
#include "bridge.h"

#ifdef CPX_DEBUG

/* debugGeneration(): start a new generation, return its number. */
static napi_value generation_cb(napi_env env, napi_callback_info info) {
    napi_value out;
    NAPI_OK(napi_create_double(env, (double)_cpx_debug_new_generation(), &out));
    return out;
}

/* The objects found, each held (one reference) until reported. */
typedef struct {
    PyObject *op;
    Py_ssize_t refcount; /* before the report's own reference */
    uint64_t generation;
} leak_entry;

typedef struct {
    leak_entry *entries;
    size_t count, capacity;
} leak_list;

static int collect(PyObject *op, uint64_t generation, void *arg) {
    leak_list *l = arg;
    if (l->count == l->capacity) {
        size_t capacity = l->capacity ? l->capacity * 2 : 64;
        leak_entry *grown = realloc(l->entries, capacity * sizeof(leak_entry));
        if (grown == NULL) return -1;
        l->entries = grown;
        l->capacity = capacity;
    }
    l->entries[l->count++] = (leak_entry){op, Py_REFCNT(op), generation};
    return 0;
}

static int set_string(napi_env env, napi_value obj, const char *key, const char *value) {
    napi_value v;
    return napi_create_string_utf8(env, value, NAPI_AUTO_LENGTH, &v) != napi_ok || napi_set_named_property(env, obj, key, v) != napi_ok;
}

static int set_number(napi_env env, napi_value obj, const char *key, double value) {
    napi_value v;
    return napi_create_double(env, value, &v) != napi_ok || napi_set_named_property(env, obj, key, v) != napi_ok;
}

/* {type, address, refcount, generation, repr} (repr at most 200 characters). */
static napi_value report_entry(napi_env env, const leak_entry *e) {
    napi_value entry;
    char hex[32], shown[204] = "<repr() failed>";
    snprintf(hex, sizeof hex, "%p", (void *)e->op);
    PyObject *repr = PyObject_Repr(e->op);
    const char *text = repr != NULL ? PyUnicode_AsUTF8(repr) : NULL;
    if (text != NULL) snprintf(shown, sizeof shown, strlen(text) > 200 ? "%.197s..." : "%s", text);
    Py_XDECREF(repr);
    PyErr_Clear();
    if (napi_create_object(env, &entry) != napi_ok || set_string(env, entry, "type", Py_TYPE(e->op)->tp_name) ||
        set_string(env, entry, "address", hex) || set_number(env, entry, "refcount", (double)e->refcount) ||
        set_number(env, entry, "generation", (double)e->generation) || set_string(env, entry, "repr", shown))
        return NULL;
    return entry;
}

/* debugLeaks(since, ignoreModules): [{type, address, refcount, generation}]
 * for every object of generation >= since still alive (immortal ones left
 * out; with ignoreModules, those the module registry keeps alive too). */
static napi_value leaks_cb(napi_env env, napi_callback_info info) {
    size_t argc = 2;
    napi_value argv[2];
    double since = 0;
    bool ignore_modules = false;
    NAPI_OK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
    if (argc < 2 || napi_get_value_double(env, argv[0], &since) != napi_ok || since < 0 ||
        napi_get_value_bool(env, argv[1], &ignore_modules) != napi_ok)
        return _cpx_throw_type_error(env, "debugLeaks(since, ignoreModules) needs a generation number and a boolean");
    leak_list found = {NULL, 0, 0};
    cpx_object_set owned = {0};
    int rc = ignore_modules ? _cpx_debug_module_owned(&owned) : 0;
    if (rc == 0) rc = _cpx_debug_visit_live((uint64_t)since, ignore_modules ? &owned : NULL, collect, &found);
    _cpx_object_set_clear(&owned);
    if (rc != 0) {
        free(found.entries);
        napi_throw_error(env, NULL, "debugLeaks: out of memory");
        return NULL;
    }
    /* Only now may Python code run (repr): the walk is over. */
    for (size_t i = 0; i < found.count; i++) Py_INCREF(found.entries[i].op);
    napi_value array = NULL, entry;
    int ok = napi_create_array(env, &array) == napi_ok;
    for (size_t i = 0; ok && i < found.count; i++)
        ok = (entry = report_entry(env, &found.entries[i])) != NULL && napi_set_element(env, array, (uint32_t)i, entry) == napi_ok;
    for (size_t i = 0; i < found.count; i++) Py_DECREF(found.entries[i].op);
    free(found.entries);
    return ok ? array : NULL;
}

/* debugKeep(handle): the object counts as owned for good (a cache of the
 * bridge's TS side), so leak reports with ignoreModules leave it and what
 * it owns out. */
static napi_value keep_cb(napi_env env, napi_callback_info info) {
    size_t argc = 1;
    napi_value argv[1];
    NAPI_OK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
    PyObject *op = argc ? _cpx_unwrap(env, argv[0]) : NULL;
    if (op != NULL) _cpx_debug_keep(op);
    return NULL;
}

napi_value _cpx_debug_exports(napi_env env, napi_value exports) {
    napi_property_descriptor props[] = {
        {"debugGeneration", NULL, generation_cb, NULL, NULL, NULL, napi_default, NULL},
        {"debugLeaks", NULL, leaks_cb, NULL, NULL, NULL, napi_default, NULL},
        {"debugKeep", NULL, keep_cb, NULL, NULL, NULL, napi_default, NULL},
    };
    NAPI_OK(napi_define_properties(env, exports, sizeof props / sizeof props[0], props));
    return exports;
}

#endif
