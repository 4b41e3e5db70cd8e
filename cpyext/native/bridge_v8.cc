// bridge_v8.cc: the hot path of JS -> Python calls, on V8's own API.
//
// A module function or instance method whose arguments are all scalars (numbers, strings,
// booleans, null/undefined) is called here without N-API: arguments are read with V8's
// inline type checks, the PyMethodDef is called through _cpx_call_methoddef, and an int,
// float, None, bool or ASCII str result is returned directly. Anything else (objects,
// kwargs, BigInt, non-ASCII results, errors) goes to the general N-API path in
// bridge_call.c / bridge_convert.c, so the two paths cannot disagree on semantics: this
// file only short-cuts conversions whose result is the same.
//
// Invariants:
// - The function is an ordinary handle: bridge_call.c attaches its Python object with
//   napi_wrap (one reference); the V8 callback data holds the same pointer, borrowed.
// - napi_value and v8::Local<v8::Value> have the same representation in Node (a pointer to
//   a handle slot); this file converts between them and nothing else relies on it.
#include <cstring>
#include <v8.h>

extern "C" {
#include "bridge.h"
}

namespace {

constexpr int kStackArgs = 8;

inline v8::Local<v8::Value> ToLocal(napi_value v) {
  v8::Local<v8::Value> local;
  static_assert(sizeof(local) == sizeof(v), "napi_value is a v8::Local");
  std::memcpy(static_cast<void *>(&local), &v, sizeof(v));
  return local;
}

inline napi_value FromLocal(v8::Local<v8::Value> local) {
  return reinterpret_cast<napi_value>(*local);
}

// A scalar JS value as a new Python reference, or nullptr when it is not one this path
// converts (no Python error is set then).
inline PyObject *ScalarFromJS(v8::Isolate *isolate, v8::Local<v8::Value> v) {
  if (v->IsInt32()) return PyLong_FromLong(v.As<v8::Int32>()->Value());
  if (v->IsNumber()) return _cpx_number_to_py(v.As<v8::Number>()->Value());
  if (v->IsNullOrUndefined()) return Py_NewRef(Py_None);
  if (v->IsTrue()) return Py_NewRef(Py_True);
  if (v->IsFalse()) return Py_NewRef(Py_False);
  if (v->IsString()) {
    v8::Local<v8::String> s = v.As<v8::String>();
    int length = s->Length();
    if (length <= 256 && s->IsOneByte()) {
      uint8_t buf[256];
      s->WriteOneByte(isolate, buf, 0, length, v8::String::NO_NULL_TERMINATION);
      return PyUnicode_DecodeLatin1(reinterpret_cast<const char *>(buf), length, nullptr);
    }
  }
  return nullptr;
}

// Set the return value for results this path converts; false leaves it to N-API.
inline bool ScalarToJS(v8::Isolate *isolate, PyObject *o, v8::ReturnValue<v8::Value> rv) {
  PyTypeObject *t = Py_TYPE(o);
  if (t == &PyLong_Type) {
    int overflow;
    long long v = PyLong_AsLongLongAndOverflow(o, &overflow);
    if (overflow || v < -(1LL << 53) || v > (1LL << 53)) return false;
    if (v >= INT32_MIN && v <= INT32_MAX) rv.Set(static_cast<int32_t>(v));
    else rv.Set(static_cast<double>(v));
    return true;
  }
  if (t == &PyFloat_Type) {
    rv.Set(PyFloat_AS_DOUBLE(o));
    return true;
  }
  if (o == Py_None) {
    rv.SetNull();
    return true;
  }
  if (t == &PyBool_Type) {
    rv.Set(o == Py_True);
    return true;
  }
  if (t == &PyUnicode_Type && PyUnicode_IS_COMPACT_ASCII(o)) {
    v8::Local<v8::String> s;
    if (!v8::String::NewFromOneByte(isolate, PyUnicode_1BYTE_DATA(o), v8::NewStringType::kNormal,
                                    static_cast<int>(PyUnicode_GET_LENGTH(o)))
             .ToLocal(&s))
      return false;
    rv.Set(s);
    return true;
  }
  return false;
}

// N-API keeps an exception thrown by napi_throw (or by JS it called) in the env until its
// own callback wrapper rethrows it on return; this callback is not wrapped, so rethrow it
// here or it would surface at the next, unrelated N-API call.
void RethrowPending(v8::Isolate *isolate) {
  napi_value error;
  bool pending = false;
  if (napi_is_exception_pending(_cpx_bridge.env, &pending) == napi_ok && pending &&
      napi_get_and_clear_last_exception(_cpx_bridge.env, &error) == napi_ok)
    isolate->ThrowException(ToLocal(error));
}

void Slow(const v8::FunctionCallbackInfo<v8::Value> &info, PyObject *obj, cpx_call_kind kind) {
  int argc = info.Length();
  napi_value small[kStackArgs];
  napi_value *argv = argc <= kStackArgs ? small : new napi_value[argc];
  for (int i = 0; i < argc; i++) argv[i] = FromLocal(info[i]);
  napi_value out =
      _cpx_call_with_args(_cpx_bridge.env, argv, static_cast<size_t>(argc), FromLocal(info.This()), obj, kind);
  if (argv != small) delete[] argv;
  if (out != nullptr) info.GetReturnValue().Set(ToLocal(out));
  else RethrowPending(info.GetIsolate());
}

template <cpx_call_kind kind>
void FastCall(const v8::FunctionCallbackInfo<v8::Value> &info) {
  PyObject *obj = static_cast<PyObject *>(info.Data().As<v8::External>()->Value());
  int argc = info.Length();
  if (argc > kStackArgs) return Slow(info, obj, kind);
  v8::Isolate *isolate = info.GetIsolate();
  PyObject *self;
  PyMethodDef *ml;
  PyTypeObject *cls = nullptr;
  PyObject *module = nullptr;
  if (kind == CALL_CFUNCTION) {
    PyCFunctionObject *f = reinterpret_cast<PyCFunctionObject *>(obj);
    ml = f->m_ml;
    self = f->m_self;
    module = f->m_module;
    if (ml->ml_flags & METH_METHOD) cls = reinterpret_cast<PyCMethodObject *>(f)->mm_class;
  } else {
    PyMethodDescrObject *d = reinterpret_cast<PyMethodDescrObject *>(obj);
    self = _cpx_unwrap(_cpx_bridge.env, FromLocal(info.This()));
    if (self == nullptr || !PyObject_TypeCheck(self, d->d_common.d_type)) return Slow(info, obj, kind);
    ml = d->d_method;
    cls = d->d_common.d_type;
  }
  PyObject *stack[kStackArgs];
  for (int i = 0; i < argc; i++) {
    stack[i] = ScalarFromJS(isolate, info[i]);
    if (stack[i] == nullptr) {
      for (int j = 0; j < i; j++) Py_DECREF(stack[j]);
      if (PyErr_Occurred()) {
        _cpx_throw_python_error(_cpx_bridge.env);
        return RethrowPending(isolate);
      }
      return Slow(info, obj, kind);
    }
  }
  PyObject *result = _cpx_call_methoddef_inline(ml, self, cls, module, stack, argc);
  for (int i = 0; i < argc; i++) Py_DECREF(stack[i]);
  if (result == nullptr) {
    _cpx_throw_python_error(_cpx_bridge.env);
    return RethrowPending(isolate);
  }
  if (!ScalarToJS(isolate, result, info.GetReturnValue())) {
    napi_value out = _cpx_to_js(_cpx_bridge.env, result);
    if (out != nullptr) info.GetReturnValue().Set(ToLocal(out));
    else RethrowPending(isolate);
  }
  Py_DECREF(result);
}

}  // namespace

extern "C" napi_value _cpx_fast_function(napi_env env, PyObject *obj, cpx_call_kind kind, const char *name) {
  v8::Isolate *isolate = v8::Isolate::GetCurrent();
  v8::Local<v8::Context> context = isolate->GetCurrentContext();
  v8::FunctionCallback callback = kind == CALL_CFUNCTION ? FastCall<CALL_CFUNCTION> : FastCall<CALL_METHOD_DESCR>;
  // Function::New, not a FunctionTemplate: V8 caches a template's function for the life of
  // the context, so per-object functions (bound methods) would never be collected.
  v8::Local<v8::Function> fn;
  if (!v8::Function::New(context, callback, v8::External::New(isolate, obj), 0, v8::ConstructorBehavior::kAllow)
           .ToLocal(&fn))
    return nullptr;
  v8::Local<v8::String> js_name;
  if (v8::String::NewFromUtf8(isolate, name).ToLocal(&js_name)) fn->SetName(js_name);
  return FromLocal(fn);
}
