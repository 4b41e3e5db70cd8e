/* bridge_protocol.c: the object protocol for JS (`py.*`): each operation
 * takes JS values (handles pass through, others convert by default) and
 * returns a handle, except where a JS primitive is the natural answer
 * (str/repr -> string, bool/is/isinstance/contains -> boolean, len/hash ->
 * number).
 *
 * Invariant: every PyObject produced here is released before returning;
 * the handle returned owns its own reference. */
#include "bridge.h"

#define MAX_OPERANDS 3

typedef struct {
    napi_value argv[MAX_OPERANDS];
    PyObject *obj[MAX_OPERANDS];
    size_t argc;
} operands;

/* Read up to `want` arguments and convert the first `convert` of them. */
static int get_operands(napi_env env, napi_callback_info info, operands *ops, size_t want, size_t convert) {
    ops->argc = MAX_OPERANDS;
    memset(ops->obj, 0, sizeof ops->obj);
    if (napi_get_cb_info(env, info, &ops->argc, ops->argv, NULL, NULL) != napi_ok) return -1;
    for (size_t i = ops->argc; i < MAX_OPERANDS; i++) napi_get_undefined(env, &ops->argv[i]);
    if (ops->argc < want) {
        _cpx_throw_type_error(env, "expected %zu arguments, got %zu", want, ops->argc);
        return -1;
    }
    for (size_t i = 0; i < convert; i++)
        if ((ops->obj[i] = _cpx_from_js(env, ops->argv[i])) == NULL) {
            for (size_t j = 0; j < i; j++) Py_DECREF(ops->obj[j]);
            _cpx_throw_python_error(env);
            return -1;
        }
    return 0;
}

static void drop(operands *ops) {
    for (size_t i = 0; i < MAX_OPERANDS; i++) Py_XDECREF(ops->obj[i]);
}

/* Consume `result` (new ref or NULL) into a handle. */
static napi_value handle_result(napi_env env, PyObject *result) {
    if (result == NULL) return _cpx_throw_python_error(env);
    napi_value out = _cpx_to_handle(env, result);
    Py_DECREF(result);
    return out;
}

static napi_value bool_result(napi_env env, int truth) {
    if (truth < 0) return _cpx_throw_python_error(env);
    napi_value out;
    NAPI_OK(napi_get_boolean(env, truth, &out));
    return out;
}

static napi_value void_result(napi_env env, int rc) {
    if (rc < 0) return _cpx_throw_python_error(env);
    return NULL;
}

static napi_value number_result(napi_env env, double value, int failed) {
    if (failed) return _cpx_throw_python_error(env);
    napi_value out;
    NAPI_OK(napi_create_double(env, value, &out));
    return out;
}

static napi_value string_result(napi_env env, PyObject *s) {
    if (s == NULL) return _cpx_throw_python_error(env);
    napi_value out = _cpx_to_js(env, s);
    Py_DECREF(s);
    return out;
}

#define OPERATION(name, nargs) \
    static napi_value name##_body(napi_env env, operands *ops); \
    static napi_value name##_cb(napi_env env, napi_callback_info info) { \
        operands ops; \
        if (get_operands(env, info, &ops, nargs, nargs) < 0) return NULL; \
        napi_value out = name##_body(env, &ops); \
        drop(&ops); \
        return out; \
    } \
    static napi_value name##_body(napi_env env, operands *ops)

OPERATION(handle, 1) { return handle_result(env, Py_NewRef(ops->obj[0])); }
OPERATION(to_js, 1) { return _cpx_to_js(env, ops->obj[0]); }
OPERATION(getattr, 2) { return handle_result(env, PyObject_GetAttr(ops->obj[0], ops->obj[1])); }
OPERATION(setattr, 3) { return void_result(env, PyObject_SetAttr(ops->obj[0], ops->obj[1], ops->obj[2])); }
OPERATION(delattr, 2) { return void_result(env, PyObject_SetAttr(ops->obj[0], ops->obj[1], NULL)); }
OPERATION(hasattr, 2) {
    PyObject *value;
    int found = _PyObject_LookupAttr(ops->obj[0], ops->obj[1], &value);
    Py_XDECREF(value);
    return bool_result(env, found);
}
OPERATION(len, 1) {
    Py_ssize_t n = PyObject_Size(ops->obj[0]);
    return number_result(env, (double)n, n < 0);
}
OPERATION(getitem, 2) { return handle_result(env, PyObject_GetItem(ops->obj[0], ops->obj[1])); }
OPERATION(setitem, 3) { return void_result(env, PyObject_SetItem(ops->obj[0], ops->obj[1], ops->obj[2])); }
OPERATION(delitem, 2) { return void_result(env, PyObject_DelItem(ops->obj[0], ops->obj[1])); }
OPERATION(contains, 2) { return bool_result(env, PySequence_Contains(ops->obj[0], ops->obj[1])); }
OPERATION(str, 1) { return string_result(env, PyObject_Str(ops->obj[0])); }
OPERATION(repr, 1) { return string_result(env, PyObject_Repr(ops->obj[0])); }
OPERATION(truth, 1) { return bool_result(env, PyObject_IsTrue(ops->obj[0])); }
OPERATION(hash, 1) {
    Py_hash_t h = PyObject_Hash(ops->obj[0]);
    if (h == -1 && PyErr_Occurred()) return _cpx_throw_python_error(env);
    napi_value out;
    NAPI_OK(napi_create_bigint_int64(env, h, &out));
    return out;
}
OPERATION(bytes, 1) { return handle_result(env, PyObject_Bytes(ops->obj[0])); }
OPERATION(type, 1) { return handle_result(env, Py_NewRef(Py_TYPE(ops->obj[0]))); }
OPERATION(is, 2) { return bool_result(env, ops->obj[0] == ops->obj[1]); }
OPERATION(isinstance, 2) { return bool_result(env, PyObject_IsInstance(ops->obj[0], ops->obj[1])); }
OPERATION(iter, 1) { return handle_result(env, PyObject_GetIter(ops->obj[0])); }

/* next(it[, default]): a handle, or default, or a StopIteration error. */
static napi_value next_cb(napi_env env, napi_callback_info info) {
    operands ops;
    if (get_operands(env, info, &ops, 1, 1) < 0) return NULL;
    PyObject *item = PyIter_Next(ops.obj[0]);
    drop(&ops);
    if (item != NULL) return handle_result(env, item);
    if (PyErr_Occurred()) return _cpx_throw_python_error(env);
    if (ops.argc >= 2) return ops.argv[1];
    PyErr_SetNone(PyExc_StopIteration);
    return _cpx_throw_python_error(env);
}

/* iterate(it, done): the next item converted by default, or `done`. */
static napi_value iterate_cb(napi_env env, napi_callback_info info) {
    operands ops;
    if (get_operands(env, info, &ops, 2, 0) < 0) return NULL;
    PyObject *it = _cpx_unwrap(env, ops.argv[0]);
    if (it == NULL || Py_TYPE(it)->tp_iternext == NULL) return _cpx_throw_type_error(env, "not a Python iterator");
    PyObject *item = Py_TYPE(it)->tp_iternext(it);
    if (item == NULL) {
        if (PyErr_Occurred()) {
            if (!PyErr_ExceptionMatches(PyExc_StopIteration)) return _cpx_throw_python_error(env);
            PyErr_Clear();
        }
        return ops.argv[1];
    }
    napi_value out = _cpx_to_js(env, item);
    Py_DECREF(item);
    return out;
}

/* call(f, ...args[, kwargs]): a handle for the result. */
static napi_value call_cb(napi_env env, napi_callback_info info) {
    size_t argc = 16;
    napi_value argv[16];
    NAPI_OK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
    if (argc < 1 || argc > 16) return _cpx_throw_type_error(env, "py.call() takes a callable and up to 15 arguments");
    PyObject *f = _cpx_from_js(env, argv[0]);
    if (f == NULL) return _cpx_throw_python_error(env);
    size_t need = _cpx_args_capacity(env, argv + 1, argc - 1);
    PyObject **stack = PyMem_Malloc((need + 1) * sizeof(PyObject *)), *kwnames, *result = NULL;
    Py_ssize_t nargs, nrefs = stack ? _cpx_collect_args(env, argv + 1, argc - 1, stack, &nargs, &kwnames) : -1;
    if (nrefs >= 0) {
        result = PyObject_Vectorcall(f, stack, (size_t)nargs, kwnames);
        _cpx_release_args(stack, nrefs, kwnames);
    }
    PyMem_Free(stack);
    Py_DECREF(f);
    return handle_result(env, result);
}

/* ---------------- operators ---------------- */

typedef struct { const char *name; binaryfunc fn; } binop_entry;
static const binop_entry binops[] = {
    {"add", PyNumber_Add}, {"sub", PyNumber_Subtract}, {"mul", PyNumber_Multiply},
    {"truediv", PyNumber_TrueDivide}, {"floordiv", PyNumber_FloorDivide}, {"mod", PyNumber_Remainder},
    {"divmod", PyNumber_Divmod}, {"matmul", PyNumber_MatrixMultiply},
    {"and", PyNumber_And}, {"or", PyNumber_Or}, {"xor", PyNumber_Xor},
    {"lshift", PyNumber_Lshift}, {"rshift", PyNumber_Rshift},
    {"iadd", PyNumber_InPlaceAdd}, {"isub", PyNumber_InPlaceSubtract}, {"imul", PyNumber_InPlaceMultiply},
    {"itruediv", PyNumber_InPlaceTrueDivide}, {"ifloordiv", PyNumber_InPlaceFloorDivide},
    {"imod", PyNumber_InPlaceRemainder}, {"imatmul", PyNumber_InPlaceMatrixMultiply},
    {"iand", PyNumber_InPlaceAnd}, {"ior", PyNumber_InPlaceOr}, {"ixor", PyNumber_InPlaceXor},
    {"ilshift", PyNumber_InPlaceLshift}, {"irshift", PyNumber_InPlaceRshift},
};
static const char *const compare_ops[] = {"lt", "le", "eq", "ne", "gt", "ge"}; /* Py_LT..Py_GE order */

static PyObject *power(PyObject *a, PyObject *b) { return PyNumber_Power(a, b, Py_None); }
static PyObject *inplace_power(PyObject *a, PyObject *b) { return PyNumber_InPlacePower(a, b, Py_None); }

static napi_value binop_cb(napi_env env, napi_callback_info info) {
    size_t argc = 3;
    napi_value argv[3];
    char op[16];
    NAPI_OK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
    if (argc != 3 || napi_get_value_string_utf8(env, argv[0], op, sizeof op, NULL) != napi_ok)
        return _cpx_throw_type_error(env, "py.binop(op, a, b) takes an operator name and two operands");
    binaryfunc fn = NULL;
    int compare = -1;
    for (size_t i = 0; i < sizeof binops / sizeof binops[0]; i++)
        if (strcmp(op, binops[i].name) == 0) fn = binops[i].fn;
    for (int i = 0; i < 6; i++)
        if (strcmp(op, compare_ops[i]) == 0) compare = i;
    if (strcmp(op, "pow") == 0) fn = power;
    if (strcmp(op, "ipow") == 0) fn = inplace_power;
    if (fn == NULL && compare < 0) return _cpx_throw_type_error(env, "py.binop: unknown operator '%s'", op);
    PyObject *a = _cpx_from_js(env, argv[1]), *b = a ? _cpx_from_js(env, argv[2]) : NULL;
    PyObject *result = b ? (fn ? fn(a, b) : PyObject_RichCompare(a, b, compare)) : NULL;
    Py_XDECREF(a);
    Py_XDECREF(b);
    return handle_result(env, result);
}

static PyObject *to_int(PyObject *o) { return PyNumber_Long(o); }
static PyObject *to_float(PyObject *o) { return PyNumber_Float(o); }

static napi_value unop_cb(napi_env env, napi_callback_info info) {
    static const struct { const char *name; unaryfunc fn; } unops[] = {
        {"neg", PyNumber_Negative}, {"pos", PyNumber_Positive}, {"invert", PyNumber_Invert},
        {"abs", PyNumber_Absolute}, {"int", to_int}, {"float", to_float}, {"index", PyNumber_Index},
    };
    size_t argc = 2;
    napi_value argv[2];
    char op[16];
    NAPI_OK(napi_get_cb_info(env, info, &argc, argv, NULL, NULL));
    if (argc != 2 || napi_get_value_string_utf8(env, argv[0], op, sizeof op, NULL) != napi_ok)
        return _cpx_throw_type_error(env, "py.unop(op, a) takes an operator name and an operand");
    unaryfunc fn = NULL;
    for (size_t i = 0; i < sizeof unops / sizeof unops[0]; i++)
        if (strcmp(op, unops[i].name) == 0) fn = unops[i].fn;
    if (fn == NULL) return _cpx_throw_type_error(env, "py.unop: unknown operator '%s'", op);
    PyObject *a = _cpx_from_js(env, argv[1]);
    if (a == NULL) return _cpx_throw_python_error(env);
    PyObject *result = fn(a);
    Py_DECREF(a);
    return handle_result(env, result);
}

napi_value _cpx_protocol_exports(napi_env env, napi_value exports) {
    napi_property_descriptor props[] = {
#define EXPORT(js, cb) {js, NULL, cb, NULL, NULL, NULL, napi_default, NULL}
        EXPORT("handle", handle_cb), EXPORT("toJS", to_js_cb), EXPORT("getattr", getattr_cb),
        EXPORT("setattr", setattr_cb), EXPORT("delattr", delattr_cb), EXPORT("hasattr", hasattr_cb),
        EXPORT("len", len_cb), EXPORT("getitem", getitem_cb), EXPORT("setitem", setitem_cb),
        EXPORT("delitem", delitem_cb), EXPORT("contains", contains_cb), EXPORT("str", str_cb),
        EXPORT("repr", repr_cb), EXPORT("bool", truth_cb), EXPORT("hash", hash_cb), EXPORT("bytes", bytes_cb),
        EXPORT("type", type_cb), EXPORT("is", is_cb), EXPORT("isinstance", isinstance_cb),
        EXPORT("iter", iter_cb), EXPORT("next", next_cb), EXPORT("iterate", iterate_cb),
        EXPORT("call", call_cb), EXPORT("binop", binop_cb), EXPORT("unop", unop_cb),
#undef EXPORT
    };
    if (napi_define_properties(env, exports, sizeof props / sizeof props[0], props) != napi_ok) return NULL;
    return exports;
}
