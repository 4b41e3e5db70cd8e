// Baseline: a hand-written raw V8 API addon calling bench_lib (FunctionCallbackInfo).
//
// What N-API costs on top of V8 itself: the same conversions, written against V8 directly,
// with the fast checks a careful author uses (IsInt32/IsNumber before As<>, a stack buffer for
// strings). Wrong argument types throw a TypeError. No state: bench_lib is linked directly,
// so a call reaches C through the PLT, as the C loop does.
#include <node.h>
#include "bench_lib.h"

namespace {

void ThrowType(v8::Isolate* isolate, const char* message) {
  isolate->ThrowException(v8::Exception::TypeError(v8::String::NewFromUtf8(isolate, message).ToLocalChecked()));
}

void AddI32(const v8::FunctionCallbackInfo<v8::Value>& info) {
  if (!info[0]->IsInt32() || !info[1]->IsInt32()) {
    // Numbers that are not int32 convert as N-API's napi_get_value_int32 does (modulo 2^32).
    if (!info[0]->IsNumber() || !info[1]->IsNumber()) return ThrowType(info.GetIsolate(), "add_i32(a, b): expected two numbers");
    v8::Local<v8::Context> context = info.GetIsolate()->GetCurrentContext();
    int32_t a = info[0]->Int32Value(context).FromJust(), b = info[1]->Int32Value(context).FromJust();
    return info.GetReturnValue().Set(add_i32(a, b));
  }
  info.GetReturnValue().Set(add_i32(info[0].As<v8::Int32>()->Value(), info[1].As<v8::Int32>()->Value()));
}

void Noop(const v8::FunctionCallbackInfo<v8::Value>& info) { noop(); }

void MulF64(const v8::FunctionCallbackInfo<v8::Value>& info) {
  if (!info[0]->IsNumber() || !info[1]->IsNumber()) return ThrowType(info.GetIsolate(), "mul_f64(a, b): expected two numbers");
  info.GetReturnValue().Set(mul_f64(info[0].As<v8::Number>()->Value(), info[1].As<v8::Number>()->Value()));
}

// One pass into a stack buffer when the string surely fits (a UTF-16 unit is at most 3 bytes
// of UTF-8), as N-API does; otherwise measure, then write into the heap.
void StrLen(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
  if (!info[0]->IsString()) return ThrowType(isolate, "str_len(s): expected a string");
  v8::Local<v8::String> s = info[0].As<v8::String>();
  const int flags = v8::String::NO_NULL_TERMINATION | v8::String::REPLACE_INVALID_UTF8;
  char stack[256];
  if (s->Length() * 3 < static_cast<int>(sizeof stack)) {
    int n = s->WriteUtf8(isolate, stack, sizeof stack - 1, nullptr, flags);
    stack[n] = '\0';
    return info.GetReturnValue().Set(static_cast<double>(str_len(stack)));
  }
  int length = s->Utf8Length(isolate);
  char* buffer = new char[length + 1];
  s->WriteUtf8(isolate, buffer, length, nullptr, flags);
  buffer[length] = '\0';
  info.GetReturnValue().Set(static_cast<double>(str_len(buffer)));
  delete[] buffer;
}

}  // namespace

NODE_MODULE_INIT(/* exports, module, context */) {
  v8::Isolate* isolate = context->GetIsolate();
  auto set = [&](const char* name, v8::FunctionCallback fn, int length) {
    v8::Local<v8::FunctionTemplate> t = v8::FunctionTemplate::New(
        isolate, fn, v8::Local<v8::Value>(), v8::Local<v8::Signature>(), length, v8::ConstructorBehavior::kThrow);
    exports->Set(context, v8::String::NewFromUtf8(isolate, name).ToLocalChecked(), t->GetFunction(context).ToLocalChecked()).Check();
  };
  set("add_i32", AddI32, 2);
  set("noop", Noop, 0);
  set("mul_f64", MulF64, 2);
  set("str_len", StrLen, 1);
}
