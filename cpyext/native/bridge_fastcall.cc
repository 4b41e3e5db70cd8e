// bridge_fastcall.cc: the fastest tier of JS -> Python calls, through V8's fast API.
//
// A builtin function (a PyCFunction: module functions, bound builtins) crosses into JS as a
// small JS wrapper (cpyext/fast-calls.ts) around its ordinary JS function (bridge_v8.cc).
// When every argument is a JS number and there are at most three, the wrapper calls one of
// the shared entries here, call0..call3(fn, ...numbers), which optimized code reaches as a
// plain C call (V8 fast API; the same entries have ordinary callbacks for the interpreter).
// The entry converts the numbers as bridge_convert.c does, calls the PyMethodDef through
// _cpx_call_methoddef and returns a double: the result itself when it is an int within
// +-2^53 or a float that is not NaN; otherwise NaN, with kFastKind saying what it stands
// for (None, True, False, NaN, an object or an error to take()).
//
// Invariants:
// - A fast call must not enter JS, allocate on the JS heap or throw. Python code reaches
//   JS only through values that hold N-API references (JSObject, JSError, JSBuffer); the
//   bridge counts the live ones in kFastHolders, and while that count is not zero neither
//   the wrapper nor the entries run a call here (kFastNotTaken): the wrapper uses the
//   ordinary function, which may enter JS freely. Nothing inside a fast call can create
//   such a value, since creating one needs JS.
// - Results that need JS to exist (strings, BigInts, handles, errors) are parked: the new
//   reference in `pending`, or the Python error in the thread state, and the wrapper calls
//   take() at once, before any other Python code runs.
// - `fn` is the PyCFunction's address as a double (user-space addresses fit in 53 bits);
//   the wrapper that passes it owns the reference (it is the handle), so it outlives the call.
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>
#include <v8.h>

#include "v8-fast-api.h"

extern "C" {
#include "bridge.h"
}

int32_t _cpx_fastcall_state[CPX_FAST_STATE_SIZE];

namespace {

PyObject *pending = nullptr;

inline double Signal(int32_t kind) {
  _cpx_fastcall_state[CPX_FAST_KIND] = kind;
  return std::numeric_limits<double>::quiet_NaN();
}

// An int's value as a double when it is within +-2^53 (what bridge_convert.c returns as a
// number), reading the two-digit forms straight from the object.
inline bool SmallIntValue(PyObject *o, double *out) {
  Py_ssize_t size = Py_SIZE(o);
  const digit *d = reinterpret_cast<PyLongObject *>(o)->ob_digit;
  int64_t magnitude;
  if (size >= -1 && size <= 1) magnitude = size == 0 ? 0 : d[0];
  else if (size >= -2 && size <= 2) magnitude = static_cast<int64_t>(d[0]) | (static_cast<int64_t>(d[1]) << PyLong_SHIFT);
  else return false;
  if (magnitude > (INT64_C(1) << 53)) return false;
  *out = static_cast<double>(size < 0 ? -magnitude : magnitude);
  return true;
}

// The result as the double the wrapper returns (consumes the reference).
__attribute__((always_inline)) inline double Result(PyObject *r) {
  PyTypeObject *t = Py_TYPE(r);
  double value;
  if (t == &PyLong_Type && SmallIntValue(r, &value)) {
    Py_DECREF(r);
    return value;
  }
  if (t == &PyFloat_Type) {
    value = PyFloat_AS_DOUBLE(r);
    Py_DECREF(r);
    return value == value ? value : Signal(CPX_FAST_NAN);
  }
  if (r == Py_None || t == &PyBool_Type) {
    int32_t kind = r == Py_None ? CPX_FAST_NONE : r == Py_True ? CPX_FAST_TRUE : CPX_FAST_FALSE;
    Py_DECREF(r);
    return Signal(kind);
  }
  pending = r;
  return Signal(CPX_FAST_OBJECT);
}

// `fast`: called by V8's fast API (counted in CPX_FAST_ENTRIES) rather than by the interpreter.
template <bool fast>
__attribute__((always_inline)) inline double Call(double fn, const double *numbers, int n) {
  if (_cpx_fastcall_state[CPX_FAST_HOLDERS] != 0) return Signal(CPX_FAST_NOT_TAKEN);
  if (fast) _cpx_fastcall_state[CPX_FAST_ENTRIES]++;
  PyCFunctionObject *f = reinterpret_cast<PyCFunctionObject *>(static_cast<uintptr_t>(fn));
  PyObject *args[3];
  for (int i = 0; i < n; i++) {
    if ((args[i] = _cpx_number_to_py(numbers[i])) == nullptr) {
      for (int j = 0; j < i; j++) Py_DECREF(args[j]);
      return Signal(CPX_FAST_ERROR);
    }
  }
  PyMethodDef *ml = f->m_ml;
  PyTypeObject *cls = (ml->ml_flags & METH_METHOD) ? reinterpret_cast<PyCMethodObject *>(f)->mm_class : nullptr;
  PyObject *r = _cpx_call_methoddef_inline(ml, f->m_self, cls, f->m_module, args, n);
  for (int i = 0; i < n; i++) Py_DECREF(args[i]);
  return r == nullptr ? Signal(CPX_FAST_ERROR) : Result(r);
}

// The fast entries (optimized code) and their ordinary twins (the interpreter). The twins
// are only ever called by the wrapper, which has checked that every argument is a number.
template <typename... Numbers>
double Fast(v8::Local<v8::Object>, double fn, Numbers... given) {
  const double numbers[] = {given..., 0.0};
  return Call<true>(fn, numbers, sizeof...(given));
}

template <size_t>
using Number = double;

// Fast<double, ...> with N doubles.
template <size_t... I>
const void *FastEntry(std::index_sequence<I...>) {
  return reinterpret_cast<const void *>(&Fast<Number<I>...>);
}

template <int N>
void Ordinary(const v8::FunctionCallbackInfo<v8::Value> &info) {
  double numbers[N > 0 ? N : 1];
  for (int i = 0; i < N; i++) numbers[i] = info[i + 1].As<v8::Number>()->Value();
  info.GetReturnValue().Set(Call<false>(info[0].As<v8::Number>()->Value(), numbers, N));
}

using T = v8::CTypeInfo::Type;
const v8::CTypeInfo kArgs[5] = {v8::CTypeInfo(T::kV8Value), v8::CTypeInfo(T::kFloat64), v8::CTypeInfo(T::kFloat64),
                                v8::CTypeInfo(T::kFloat64), v8::CTypeInfo(T::kFloat64)};
const v8::CTypeInfo kReturn(T::kFloat64);

template <int N>
v8::Local<v8::Function> Entry(v8::Isolate *isolate) {
  // V8 keeps pointers to these for the life of the process.
  static const v8::CFunctionInfo info(kReturn, N + 2, kArgs);
  static const v8::CFunction c_function(FastEntry(std::make_index_sequence<N>{}), &info);
  v8::Local<v8::FunctionTemplate> t = v8::FunctionTemplate::New(
      isolate, Ordinary<N>, v8::Local<v8::Value>(), v8::Local<v8::Signature>(), N + 1,
      v8::ConstructorBehavior::kThrow, v8::SideEffectType::kHasSideEffect, &c_function);
  return t->GetFunction(isolate->GetCurrentContext()).ToLocalChecked();
}

inline napi_value FromLocal(v8::Local<v8::Value> local) { return reinterpret_cast<napi_value>(*local); }

}  // namespace

// take(): the parked result (converted by the default conversion) or the parked error, thrown.
static napi_value take_cb(napi_env env, napi_callback_info) {
  if (_cpx_fastcall_state[CPX_FAST_KIND] == CPX_FAST_ERROR || pending == nullptr) {
    if (!PyErr_Occurred()) PyErr_SetString(PyExc_SystemError, "cbridge: take() without a parked fast-call result");
    return _cpx_throw_python_error(env);
  }
  PyObject *r = pending;
  pending = nullptr;
  napi_value out = _cpx_to_js(env, r);
  Py_DECREF(r);
  return out;
}

// fastCalls() -> { state: Int32Array, call0..call3, take }.
extern "C" napi_value _cpx_fastcall_exports(napi_env env, napi_callback_info) {
  napi_value out, state, buffer, fn;
  v8::Isolate *isolate = v8::Isolate::GetCurrent();
  NAPI_OK(napi_create_object(env, &out));
  NAPI_OK(napi_create_external_arraybuffer(env, _cpx_fastcall_state, sizeof _cpx_fastcall_state, nullptr, nullptr,
                                           &buffer));
  NAPI_OK(napi_create_typedarray(env, napi_int32_array, CPX_FAST_STATE_SIZE, buffer, 0, &state));
  NAPI_OK(napi_set_named_property(env, out, "state", state));
  NAPI_OK(napi_set_named_property(env, out, "call0", FromLocal(Entry<0>(isolate))));
  NAPI_OK(napi_set_named_property(env, out, "call1", FromLocal(Entry<1>(isolate))));
  NAPI_OK(napi_set_named_property(env, out, "call2", FromLocal(Entry<2>(isolate))));
  NAPI_OK(napi_set_named_property(env, out, "call3", FromLocal(Entry<3>(isolate))));
  NAPI_OK(napi_create_function(env, "take", NAPI_AUTO_LENGTH, take_cb, nullptr, &fn));
  NAPI_OK(napi_set_named_property(env, out, "take", fn));
  return out;
}
