// Baseline: a hand-written addon using V8 Fast API calls (through cbridge's own declarations,
// abi/native/v8-fast-api.h), calling bench_lib. The floor for a JS -> C call on Node 20.
//
// How it works: each function template carries a CFunction next to its ordinary callback.
// When TurboFan optimizes a call site that calls the function as a method (`obj.add_i32(i, 1)`)
// with arguments of the declared types, it calls the fast entry straight from machine code,
// with the receiver first; anywhere else (interpreter, baseline code, mismatching arguments)
// V8 calls the slow entry. Both compute the same result.
//
// Invariants:
// - The type infos, function infos and CFunctions are function-local statics: V8 keeps
//   pointers to them inside the templates, so they live as long as the process. They are
//   immutable after construction; the CTypeInfo values come from v8-fast-api.h, never guessed.
// - If V8 does not read our CFunctionInfo back as we built it (cbridge_check_layout), the
//   functions are exported without a fast entry and `fastApi` is false; the benchmark then
//   skips this path with that reason.
// - Only the slow entries count their calls (per-addon state, freed by an environment cleanup
//   hook), so the fast entries do nothing but call C and the benchmark can tell what share of
//   its calls took the fast path. bench_lib is linked directly: calls go through the PLT.
#include <node.h>
#include <utility>
#include "v8-fast-api.h"
#include "bench_lib.h"

namespace {

using Type = v8::CTypeInfo::Type;

struct AddonState {
  double slow_calls = 0;
};

AddonState* StateOf(const v8::FunctionCallbackInfo<v8::Value>& info) {
  return static_cast<AddonState*>(info.Data().As<v8::External>()->Value());
}

// ---- fast entries: receiver first, then the C arguments ----

int32_t AddI32Fast(v8::Local<v8::Object> receiver, int32_t a, int32_t b) { return add_i32(a, b); }
void NoopFast(v8::Local<v8::Object> receiver) { noop(); }
double MulF64Fast(v8::Local<v8::Object> receiver, double a, double b) { return mul_f64(a, b); }

// ---- slow entries: the raw V8 API versions, counting their calls ----

void ThrowType(v8::Isolate* isolate, const char* message) {
  isolate->ThrowException(v8::Exception::TypeError(v8::String::NewFromUtf8(isolate, message).ToLocalChecked()));
}

void AddI32Slow(const v8::FunctionCallbackInfo<v8::Value>& info) {
  StateOf(info)->slow_calls++;
  if (!info[0]->IsNumber() || !info[1]->IsNumber()) return ThrowType(info.GetIsolate(), "add_i32(a, b): expected two numbers");
  v8::Local<v8::Context> context = info.GetIsolate()->GetCurrentContext();
  info.GetReturnValue().Set(add_i32(info[0]->Int32Value(context).FromJust(), info[1]->Int32Value(context).FromJust()));
}

void NoopSlow(const v8::FunctionCallbackInfo<v8::Value>& info) {
  StateOf(info)->slow_calls++;
  noop();
}

void MulF64Slow(const v8::FunctionCallbackInfo<v8::Value>& info) {
  StateOf(info)->slow_calls++;
  if (!info[0]->IsNumber() || !info[1]->IsNumber()) return ThrowType(info.GetIsolate(), "mul_f64(a, b): expected two numbers");
  info.GetReturnValue().Set(mul_f64(info[0].As<v8::Number>()->Value(), info[1].As<v8::Number>()->Value()));
}

void SlowCalls(const v8::FunctionCallbackInfo<v8::Value>& info) {
  info.GetReturnValue().Set(StateOf(info)->slow_calls);
}

// ---- fast signatures (process lifetime; null when V8 would misread them) ----

template <size_t N>
struct Signature {
  v8::CTypeInfo ret;
  v8::CTypeInfo args[N];
  v8::CFunctionInfo info;
  v8::CFunction function;
  bool ok;
  Signature(const void* address, Type ret_type, const Type (&arg_types)[N])
      : Signature(address, ret_type, arg_types, std::make_index_sequence<N>()) {}

 private:
  template <size_t... I>
  Signature(const void* address, Type ret_type, const Type (&arg_types)[N], std::index_sequence<I...>)
      : ret(ret_type), args{v8::CTypeInfo(arg_types[I])...}, info(ret, N, args), function(address, &info),
        ok(cbridge_check_layout(info, args, N)) {}
};

const v8::CFunction* AddI32Signature() {
  static const Signature<3> s(reinterpret_cast<const void*>(&AddI32Fast), Type::kInt32, {Type::kV8Value, Type::kInt32, Type::kInt32});
  return s.ok ? &s.function : nullptr;
}

const v8::CFunction* NoopSignature() {
  static const Signature<1> s(reinterpret_cast<const void*>(&NoopFast), Type::kVoid, {Type::kV8Value});
  return s.ok ? &s.function : nullptr;
}

const v8::CFunction* MulF64Signature() {
  static const Signature<3> s(reinterpret_cast<const void*>(&MulF64Fast), Type::kFloat64, {Type::kV8Value, Type::kFloat64, Type::kFloat64});
  return s.ok ? &s.function : nullptr;
}

}  // namespace

NODE_MODULE_INIT(/* exports, module, context */) {
  v8::Isolate* isolate = context->GetIsolate();
  auto* state = new AddonState();
  node::AddEnvironmentCleanupHook(isolate, [](void* p) { delete static_cast<AddonState*>(p); }, state);
  v8::Local<v8::External> data = v8::External::New(isolate, state);
  auto set = [&](const char* name, v8::FunctionCallback slow, int length, const v8::CFunction* c_function) {
    v8::Local<v8::FunctionTemplate> t = v8::FunctionTemplate::New(
        isolate, slow, data, v8::Local<v8::Signature>(), length, v8::ConstructorBehavior::kThrow,
        v8::SideEffectType::kHasSideEffect, c_function);
    exports->Set(context, v8::String::NewFromUtf8(isolate, name).ToLocalChecked(), t->GetFunction(context).ToLocalChecked()).Check();
  };
  const v8::CFunction* add = AddI32Signature();
  const v8::CFunction* nop = NoopSignature();
  const v8::CFunction* mul = MulF64Signature();
  bool fast = add != nullptr && nop != nullptr && mul != nullptr;
  set("add_i32", AddI32Slow, 2, add);
  set("noop", NoopSlow, 0, nop);
  set("mul_f64", MulF64Slow, 2, mul);
  set("slowCalls", SlowCalls, 0, nullptr);
  exports->Set(context, v8::String::NewFromUtf8(isolate, "fastApi").ToLocalChecked(), v8::Boolean::New(isolate, fast)).Check();
}
