// cbridge's core addon (raw V8 API): the probe that tells whether this node's V8 accepts
// cbridge's fast API declarations (abi/native/v8-fast-api.h), and with which kV8Value value.
//
// Invariants:
// - The probe's fast and slow entries compute the same result; only the fast one counts its
//   calls, so JS can tell that V8 took the fast path and that it passed the arguments right.
// - Everything the probe hands V8 (type infos, function infos) lives as long as the process:
//   V8 keeps pointers to them in the function template.
#include <node.h>
#include "v8-fast-api.h"

namespace {

uint64_t g_fast_calls = 0;
uint64_t g_string_calls = 0;

int32_t ProbeFast(v8::Local<v8::Object> receiver, int32_t a, uint32_t b, double c) {
  g_fast_calls++;
  return a * 3 + static_cast<int32_t>(b) - static_cast<int32_t>(c * 2);
}

void ProbeSlow(const v8::FunctionCallbackInfo<v8::Value>& info) {
  int32_t a = static_cast<int32_t>(info[0].As<v8::Number>()->Value());
  uint32_t b = static_cast<uint32_t>(info[1].As<v8::Number>()->Value());
  double c = info[2].As<v8::Number>()->Value();
  info.GetReturnValue().Set(a * 3 + static_cast<int32_t>(b) - static_cast<int32_t>(c * 2));
}

// fastApiProbe(receiver, int32, uint32, float64) -> a function with a fast entry declared with
// those numeric CTypeInfo::Type values, or undefined when V8 refused to read our
// CFunctionInfo back.
void FastApiProbe(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  auto type = [&](int i) { return v8::CTypeInfo(static_cast<v8::CTypeInfo::Type>(info[i].As<v8::Number>()->Value())); };
  auto* args = new v8::CTypeInfo[4]{type(0), type(1), type(2), type(3)};
  auto* ret = new v8::CTypeInfo(type(1));
  auto* fn_info = new v8::CFunctionInfo(*ret, 4, args);
  if (!cbridge_check_layout(*fn_info, args, 4)) return;
  auto* c_function = new v8::CFunction(reinterpret_cast<const void*>(&ProbeFast), fn_info);
  v8::Local<v8::FunctionTemplate> t = v8::FunctionTemplate::New(
      isolate, ProbeSlow, v8::Local<v8::Value>(), v8::Local<v8::Signature>(), 3,
      v8::ConstructorBehavior::kThrow, v8::SideEffectType::kHasNoSideEffect, c_function);
  info.GetReturnValue().Set(t->GetFunction(isolate->GetCurrentContext()).ToLocalChecked());
}

// fastApiSelfTest() -> the probe declared with the type values of v8-fast-api.h itself: what the
// generated stubs will use.
void FastApiSelfTest(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  using T = v8::CTypeInfo::Type;
  static const v8::CTypeInfo args[4] = {v8::CTypeInfo(T::kV8Value), v8::CTypeInfo(T::kInt32),
                                        v8::CTypeInfo(T::kUint32), v8::CTypeInfo(T::kFloat64)};
  static const v8::CTypeInfo ret(T::kInt32);
  static const v8::CFunctionInfo fn_info(ret, 4, args);
  if (!cbridge_check_layout(fn_info, args, 4)) return;
  static const v8::CFunction c_function(reinterpret_cast<const void*>(&ProbeFast), &fn_info);
  v8::Local<v8::FunctionTemplate> t = v8::FunctionTemplate::New(
      isolate, ProbeSlow, v8::Local<v8::Value>(), v8::Local<v8::Signature>(), 3,
      v8::ConstructorBehavior::kThrow, v8::SideEffectType::kHasNoSideEffect, &c_function);
  info.GetReturnValue().Set(t->GetFunction(isolate->GetCurrentContext()).ToLocalChecked());
}

uint32_t StringProbeFast(v8::Local<v8::Object> receiver, const v8::FastOneByteString& s) {
  g_string_calls++;
  return s.length * 10 + (s.length ? static_cast<uint8_t>(s.data[0]) % 10 : 0);
}

void StringProbeSlow(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::String::Utf8Value s(info.GetIsolate(), info[0]);
  info.GetReturnValue().Set(static_cast<uint32_t>(s.length() * 10 + (s.length() ? static_cast<uint8_t>((*s)[0]) % 10 : 0)));
}

// fastApiStringSelfTest() -> a probe taking a kSeqOneByteString argument, as string stubs do.
void FastApiStringSelfTest(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  using T = v8::CTypeInfo::Type;
  static const v8::CTypeInfo args[2] = {v8::CTypeInfo(T::kV8Value), v8::CTypeInfo(T::kSeqOneByteString)};
  static const v8::CTypeInfo ret(T::kUint32);
  static const v8::CFunctionInfo fn_info(ret, 2, args);
  if (!cbridge_check_layout(fn_info, args, 2)) return;
  static const v8::CFunction c_function(reinterpret_cast<const void*>(&StringProbeFast), &fn_info);
  v8::Local<v8::FunctionTemplate> t = v8::FunctionTemplate::New(
      isolate, StringProbeSlow, v8::Local<v8::Value>(), v8::Local<v8::Signature>(), 1,
      v8::ConstructorBehavior::kThrow, v8::SideEffectType::kHasNoSideEffect, &c_function);
  info.GetReturnValue().Set(t->GetFunction(isolate->GetCurrentContext()).ToLocalChecked());
}

void FastApiCalls(const v8::FunctionCallbackInfo<v8::Value>& info) {
  info.GetReturnValue().Set(static_cast<double>(g_fast_calls));
}

void FastApiStringCalls(const v8::FunctionCallbackInfo<v8::Value>& info) {
  info.GetReturnValue().Set(static_cast<double>(g_string_calls));
}

}  // namespace

NODE_MODULE_INIT(/* exports, module, context */) {
  v8::Isolate* isolate = context->GetIsolate();
  auto set = [&](const char* name, v8::FunctionCallback fn) {
    exports->Set(context, v8::String::NewFromUtf8(isolate, name).ToLocalChecked(),
                 v8::FunctionTemplate::New(isolate, fn)->GetFunction(context).ToLocalChecked()).Check();
  };
  set("fastApiProbe", FastApiProbe);
  set("fastApiCalls", FastApiCalls);
  set("fastApiSelfTest", FastApiSelfTest);
  set("fastApiStringSelfTest", FastApiStringSelfTest);
  set("fastApiStringCalls", FastApiStringCalls);
  exports->Set(context, v8::String::NewFromUtf8(isolate, "v8Version").ToLocalChecked(),
               v8::String::NewFromUtf8(isolate, v8::V8::GetVersion()).ToLocalChecked()).Check();
}
