/**
 * The fast path's code generator: one C++ translation unit per library, one stub per function,
 * specialised to its signature (no per-call type dispatch), calling the C function through a
 * pointer resolved with dlsym.
 *
 * Every C parameter and result is reduced to a *wire type* (`i32`, `u64`, `ptr`, ...): the
 * machine representation the C ABI uses for it. The JS wrapper has already checked and
 * converted each argument (marshal.ts), so a stub only moves bits: it never validates, and it
 * never allocates except to box a 64-bit result.
 *
 * Tiers, per function:
 * - `fastapi`: V8 Fast API entry (abi/native/v8-fast-api.h) beside the raw V8 one, for
 *   functions whose wire types V8 can pass directly and which never call back into JS.
 * - `v8`: a raw V8 `FunctionCallbackInfo` stub.
 * - `napi`: an N-API stub (the same module built against node_api.h only).
 * Generated symbols carry the prefix `cb_` and a role suffix: `cb_f_<n>` (the C function
 * pointer), `cb_s_<n>` (slow/V8 entry), `cb_x_<n>` (fast entry), `cb_n_<n>` (N-API entry).
 */

import type { CTypeMeta } from './ctypes.js';
import { isCharacterType } from './scalars.js';

/** `str`: a character-pointer parameter that also takes a JS string, encoded by the stub. */
export type Wire = 'void' | 'bool' | 'i8' | 'u8' | 'i16' | 'u16' | 'i32' | 'u32' | 'i64' | 'u64' | 'f32' | 'f64' | 'ptr' | 'str';
export type Tier = 'fastapi' | 'v8' | 'napi';

const C_TYPE: Record<Wire, string> = {
  void: 'void', bool: 'bool', i8: 'int8_t', u8: 'uint8_t', i16: 'int16_t', u16: 'uint16_t', i32: 'int32_t', u32: 'uint32_t',
  i64: 'int64_t', u64: 'uint64_t', f32: 'float', f64: 'double', ptr: 'void *', str: 'const char *',
};

/** The wire type of a value of `meta` passed or returned by value, or null if stubs cannot carry it. */
export function wireOf(meta: CTypeMeta, parameter = false): Wire | null {
  switch (meta.kind) {
    case 'void':
      return 'void';
    case 'pointer':
      return parameter && meta.item!.kind === 'scalar' && isCharacterType(meta.item!.type) ? 'str' : 'ptr';
    case 'array':
    case 'function':
      return 'ptr';
    case 'scalar': {
      const c = meta.codec;
      if (!c || !c.koffi) return null;
      if (c.kind === 'bool') return 'bool';
      if (c.kind === 'float') return c.size === 4 ? 'f32' : 'f64';
      const signed = c.min < 0;
      return ({ 1: signed ? 'i8' : 'u8', 2: signed ? 'i16' : 'u16', 4: signed ? 'i32' : 'u32', 8: signed ? 'i64' : 'u64' } as const)[c.size as 1 | 2 | 4 | 8] ?? null;
    }
    default:
      return null;
  }
}

export interface StubFunction {
  /** Index in the module: stubs are named by index, so any C name works. */
  readonly index: number;
  /** The symbol to resolve (the `__asm__` name when there is one). */
  readonly symbol: string;
  readonly params: readonly Wire[];
  readonly result: Wire;
  /** May call into JS (takes a function pointer, or the user said so): never a fast entry. */
  readonly callsBack: boolean;
}

/** The V8 fast API type of a wire type as an argument / as a result, or null if it has none. */
const FAST_ARG: Partial<Record<Wire, [string, string]>> = {
  bool: ['kBool', 'bool'], i8: ['kInt32', 'int32_t'], i16: ['kInt32', 'int32_t'], i32: ['kInt32', 'int32_t'],
  u8: ['kUint32', 'uint32_t'], u16: ['kUint32', 'uint32_t'], u32: ['kUint32', 'uint32_t'],
  i64: ['kInt64', 'int64_t'], u64: ['kUint64', 'uint64_t'], f32: ['kFloat32', 'float'], f64: ['kFloat64', 'double'], ptr: ['kFloat64', 'double'],
  str: ['kSeqOneByteString', 'const v8::FastOneByteString&'],
};
const FAST_RESULT: Partial<Record<Wire, [string, string]>> = {
  void: ['kVoid', 'void'], bool: ['kBool', 'bool'], i8: ['kInt32', 'int32_t'], i16: ['kInt32', 'int32_t'], i32: ['kInt32', 'int32_t'],
  u8: ['kUint32', 'uint32_t'], u16: ['kUint32', 'uint32_t'], u32: ['kUint32', 'uint32_t'], f32: ['kFloat32', 'float'], f64: ['kFloat64', 'double'],
  ptr: ['kFloat64', 'double'],
  // 64-bit results: the fast entry returns a double and stores the exact bits in `cb_slot`,
  // which JS reads (a shared ArrayBuffer) when the double is beyond 2^53.
  i64: ['kFloat64', 'double'], u64: ['kFloat64', 'double'],
};

/** The tier a function gets when `maxTier` is available. */
export function tierFor(fn: StubFunction, maxTier: Tier): Tier {
  if (maxTier !== 'fastapi') return maxTier;
  const fast = !fn.callsBack && fn.params.every((w) => FAST_ARG[w]) && FAST_RESULT[fn.result] !== undefined;
  return fast ? 'fastapi' : 'v8';
}

function pointerType(fn: StubFunction): string {
  return `${C_TYPE[fn.result]} (*)(${fn.params.length ? fn.params.map((w) => C_TYPE[w]).join(', ') : 'void'})`;
}

function callExpr(fn: StubFunction, args: string[]): string {
  return `reinterpret_cast<${pointerType(fn)}>(cb_f_${fn.index})(${args.join(', ')})`;
}

// ---- raw V8 and fast API entries ----

function v8Arg(w: Wire, i: number): string {
  const v = `info[${i}]`;
  switch (w) {
    case 'bool': return `${v}->IsTrue()`;
    case 'i64': return `cb_i64(${v})`;
    case 'u64': return `static_cast<uint64_t>(cb_u64(${v}))`;
    case 'ptr': return `reinterpret_cast<void *>(static_cast<uintptr_t>(cb_u64(${v})))`;
    case 'str': return `s${i}.ptr`;
    default: return `static_cast<${C_TYPE[w]}>(${v}.As<v8::Number>()->Value())`;
  }
}

function v8Return(w: Wire, expr: string): string {
  switch (w) {
    case 'void': return `${expr};`;
    case 'bool': return `info.GetReturnValue().Set(static_cast<bool>(${expr}));`;
    case 'i8': case 'i16': case 'i32': return `info.GetReturnValue().Set(static_cast<int32_t>(${expr}));`;
    case 'u8': case 'u16': case 'u32': return `info.GetReturnValue().Set(static_cast<uint32_t>(${expr}));`;
    case 'f32': case 'f64': return `info.GetReturnValue().Set(static_cast<double>(${expr}));`;
    case 'i64': return `cb_set_i64(info, ${expr});`;
    case 'u64': return `cb_set_u64(info, ${expr});`;
    case 'ptr': case 'str': return `cb_set_u64(info, static_cast<uint64_t>(reinterpret_cast<uintptr_t>(${expr})));`;
  }
}

function v8Stubs(fn: StubFunction, fast: boolean): string {
  const n = fn.index;
  const slowArgs = fn.params.map((w, i) => v8Arg(w, i));
  const strings = fn.params.flatMap((w, i) => (w === 'str' ? [`CbStr s${i}(info.GetIsolate(), info[${i}]);\n  `] : [])).join('');
  let out = `static void cb_s_${n}(const v8::FunctionCallbackInfo<v8::Value>& info) {\n  ${strings}${v8Return(fn.result, callExpr(fn, slowArgs))}\n}\n`;
  if (fast) {
    const [, ret] = FAST_RESULT[fn.result]!;
    const params = fn.params.map((w, i) => `${FAST_ARG[w]![1]} a${i}`);
    const args = fn.params.map((w, i) => (w === 'ptr' ? `reinterpret_cast<void *>(static_cast<uintptr_t>(a${i}))` : w === 'str' ? `s${i}.ptr` : `static_cast<${C_TYPE[w]}>(a${i})`));
    const strings = fn.params.flatMap((w, i) => (w === 'str' ? [`CbFastStr s${i}(a${i});\n  `] : [])).join('');
    const call = callExpr(fn, args);
    const body =
      fn.result === 'void' ? `${call};`
        : fn.result === 'ptr' ? `return static_cast<double>(reinterpret_cast<uintptr_t>(${call}));`
          : fn.result === 'i64' || fn.result === 'u64' ? `${C_TYPE[fn.result]} r = ${call};\n  cb_slot[0] = static_cast<uint64_t>(r);\n  return static_cast<double>(r);`
            : `return static_cast<${ret}>(${call});`;
    out += `static ${ret} cb_x_${n}(v8::Local<v8::Object>${params.length ? ', ' + params.join(', ') : ''}) {\n  ${strings}${body}\n}\n`;
    const types = ['kV8Value', ...fn.params.map((w) => FAST_ARG[w]![0])].map((t) => `v8::CTypeInfo(v8::CTypeInfo::Type::${t})`);
    out += `static const v8::CTypeInfo cb_xa_${n}[] = {${types.join(', ')}};\n`;
    out += `static const v8::CTypeInfo cb_xr_${n}(v8::CTypeInfo::Type::${FAST_RESULT[fn.result]![0]});\n`;
  }
  return out;
}

const V8_PRELUDE = `
#include <dlfcn.h>
#include <stdint.h>
#include <stdlib.h>
#include <node.h>
#include "v8-fast-api.h"

static inline int64_t cb_i64(v8::Local<v8::Value> v) {
  return v->IsBigInt() ? v.As<v8::BigInt>()->Int64Value() : static_cast<int64_t>(v.As<v8::Number>()->Value());
}
static inline uint64_t cb_u64(v8::Local<v8::Value> v) {
  if (v->IsBigInt()) return v.As<v8::BigInt>()->Uint64Value();
  double d = v.As<v8::Number>()->Value();
  return d < 0 ? static_cast<uint64_t>(static_cast<int64_t>(d)) : static_cast<uint64_t>(d);
}
// A char-pointer argument: a JS string encoded as UTF-8 on the stack (the heap when long) for
// the duration of the call, or an address the JS wrapper already checked.
struct CbStr {
  char stack[256];
  char* heap = nullptr;
  const char* ptr;
  CbStr(v8::Isolate* isolate, v8::Local<v8::Value> v) {
    if (v->IsString()) {
      v8::Local<v8::String> s = v.As<v8::String>();
      int cap = s->Length() * 3 + 1;
      char* buf = cap <= 256 ? stack : (heap = new char[cap]);
      s->WriteUtf8(isolate, buf, cap, nullptr, v8::String::REPLACE_INVALID_UTF8);
      ptr = buf;
    } else {
      ptr = reinterpret_cast<const char*>(static_cast<uintptr_t>(cb_u64(v)));
    }
  }
  ~CbStr() { delete[] heap; }
};
// A string argument of a fast call: Latin-1 from V8, re-encoded as NUL-terminated UTF-8.
struct CbFastStr {
  char stack[256];
  char* heap = nullptr;
  const char* ptr;
  explicit CbFastStr(const v8::FastOneByteString& s) {
    size_t need = static_cast<size_t>(s.length) * 2 + 1;
    char* b = need <= sizeof stack ? stack : (heap = static_cast<char*>(malloc(need)));
    size_t j = 0;
    for (uint32_t i = 0; i < s.length; i++) {
      unsigned char c = static_cast<unsigned char>(s.data[i]);
      if (c < 0x80) b[j++] = static_cast<char>(c);
      else { b[j++] = static_cast<char>(0xC0 | (c >> 6)); b[j++] = static_cast<char>(0x80 | (c & 0x3F)); }
    }
    b[j] = 0;
    ptr = b;
  }
  ~CbFastStr() { free(heap); }
};

// The exact value of the last 64-bit result of a fast entry (see FAST_RESULT).
static uint64_t cb_slot[1];

static inline void cb_set_i64(const v8::FunctionCallbackInfo<v8::Value>& info, int64_t v) {
  if (v >= -9007199254740991LL && v <= 9007199254740991LL) info.GetReturnValue().Set(static_cast<double>(v));
  else info.GetReturnValue().Set(v8::BigInt::New(info.GetIsolate(), v));
}
static inline void cb_set_u64(const v8::FunctionCallbackInfo<v8::Value>& info, uint64_t v) {
  if (v <= 9007199254740991ULL) info.GetReturnValue().Set(static_cast<double>(v));
  else info.GetReturnValue().Set(v8::BigInt::NewFromUnsigned(info.GetIsolate(), v));
}
`;

/**
 * API mode links a C translation unit that defines `cb_thunks` (one C function per stub, which
 * calls the real function, macro or inline function with the header in scope) and `cb_values`
 * (what the compiler knows and the cdef left as `...`): stubs call the thunks, and `values()`
 * hands the numbers to JS.
 */
const THUNK_DECLS = `
extern "C" void *const cb_thunks[];
extern "C" const unsigned long long cb_values[];
extern "C" const unsigned cb_nvalues;
`;

/** The raw V8 (+ fast API) module: `init(path)` resolves symbols, then one function per stub. */
function v8Module(fns: readonly StubFunction[], maxTier: Tier, thunks: boolean): string {
  const parts = [V8_PRELUDE, thunks ? THUNK_DECLS : '', `static void *cb_f_[${Math.max(fns.length, 1)}];`, ...fns.map((f) => `#define cb_f_${f.index} cb_f_[${f.index}]`)];
  const fast = new Set(fns.filter((f) => tierFor(f, maxTier) === 'fastapi').map((f) => f.index));
  for (const f of fns) parts.push(v8Stubs(f, fast.has(f.index)));
  parts.push(symbolTable(fns));
  parts.push(`
static void cb_init(const v8::FunctionCallbackInfo<v8::Value>& info) {
  v8::Isolate* isolate = info.GetIsolate();
${thunks ? `  for (unsigned i = 0; i < ${fns.length}; i++) cb_f_[i] = cb_thunks[i];
  v8::Local<v8::Array> values = v8::Array::New(isolate);
  for (unsigned i = 0; i < cb_nvalues; i++) values->Set(isolate->GetCurrentContext(), i, v8::BigInt::NewFromUnsigned(isolate, cb_values[i])).Check();
  info.GetReturnValue().Set(values);
  return;
` : ''}  void* handle;
  if (info[0]->IsNull()) handle = dlopen(nullptr, RTLD_NOW);
  else {
    v8::String::Utf8Value path(isolate, info[0]);
    handle = dlopen(*path, RTLD_NOW | RTLD_DEEPBIND);
  }
  if (!handle) {
    isolate->ThrowException(v8::Exception::Error(v8::String::NewFromUtf8(isolate, dlerror()).ToLocalChecked()));
    return;
  }
  v8::Local<v8::Array> missing = v8::Array::New(isolate);
  for (unsigned i = 0; i < ${fns.length}; i++) {
    cb_f_[i] = dlsym(handle, cb_symbols[i]);
    if (!cb_f_[i]) missing->Set(isolate->GetCurrentContext(), missing->Length(), v8::Number::New(isolate, i)).Check();
  }
  info.GetReturnValue().Set(missing);
}

NODE_MODULE_INIT(/* exports, module, context */) {
  v8::Isolate* isolate = context->GetIsolate();
  auto add = [&](const char* name, v8::Local<v8::FunctionTemplate> t) {
    exports->Set(context, v8::String::NewFromUtf8(isolate, name).ToLocalChecked(), t->GetFunction(context).ToLocalChecked()).Check();
  };
  add("init", v8::FunctionTemplate::New(isolate, cb_init));
  {
    std::unique_ptr<v8::BackingStore> store = v8::ArrayBuffer::NewBackingStore(cb_slot, sizeof cb_slot, [](void*, size_t, void*) {}, nullptr);
    exports->Set(context, v8::String::NewFromUtf8(isolate, "slot").ToLocalChecked(), v8::ArrayBuffer::New(isolate, std::move(store))).Check();
  }
${fns.map((f) => {
    const argc = f.params.length;
    const cfn = fast.has(f.index)
      ? `static const v8::CFunctionInfo cb_xi_${f.index}(cb_xr_${f.index}, ${argc + 1}, cb_xa_${f.index});\n  static const v8::CFunction cb_xc_${f.index}(reinterpret_cast<const void*>(&cb_x_${f.index}), &cb_xi_${f.index});\n  `
      : '';
    const ptr = fast.has(f.index) ? `&cb_xc_${f.index}` : 'nullptr';
    return `  { ${cfn}add("f${f.index}", v8::FunctionTemplate::New(isolate, cb_s_${f.index}, v8::Local<v8::Value>(), v8::Local<v8::Signature>(), ${argc}, v8::ConstructorBehavior::kThrow, v8::SideEffectType::kHasSideEffect, ${ptr})); }`;
  }).join('\n')}
}
`);
  return parts.join('\n');
}

function symbolTable(fns: readonly StubFunction[]): string {
  return `static const char* const cb_symbols[] = {${fns.length ? fns.map((f) => JSON.stringify(f.symbol)).join(', ') : 'nullptr'}};`;
}

// ---- N-API entries ----

function napiArg(w: Wire, i: number): [string, string] {
  const v = `argv[${i}]`;
  switch (w) {
    case 'bool': return [`bool a${i}; napi_get_value_bool(env, ${v}, &a${i});`, `a${i}`];
    case 'i64': return [`int64_t a${i} = cb_napi_i64(env, ${v});`, `a${i}`];
    case 'u64': return [`uint64_t a${i} = cb_napi_u64(env, ${v});`, `a${i}`];
    case 'ptr': return [`uint64_t a${i} = cb_napi_u64(env, ${v});`, `reinterpret_cast<void *>(static_cast<uintptr_t>(a${i}))`];
    case 'str': return [`CbNStr s${i}(env, ${v});`, `s${i}.ptr`];
    case 'i32': return [`int32_t a${i}; napi_get_value_int32(env, ${v}, &a${i});`, `a${i}`];
    case 'u32': return [`uint32_t a${i}; napi_get_value_uint32(env, ${v}, &a${i});`, `a${i}`];
    default: return [`double a${i}; napi_get_value_double(env, ${v}, &a${i});`, `static_cast<${C_TYPE[w]}>(a${i})`];
  }
}

function napiReturn(w: Wire, expr: string): string {
  switch (w) {
    case 'void': return `${expr};\n  return nullptr;`;
    case 'bool': return `napi_value r; napi_get_boolean(env, ${expr}, &r);\n  return r;`;
    case 'i8': case 'i16': case 'i32': return `napi_value r; napi_create_int32(env, ${expr}, &r);\n  return r;`;
    case 'u8': case 'u16': case 'u32': return `napi_value r; napi_create_uint32(env, ${expr}, &r);\n  return r;`;
    case 'f32': case 'f64': return `napi_value r; napi_create_double(env, ${expr}, &r);\n  return r;`;
    case 'i64': return `return cb_napi_from_i64(env, ${expr});`;
    case 'u64': return `return cb_napi_from_u64(env, ${expr});`;
    case 'ptr': case 'str': return `return cb_napi_from_u64(env, static_cast<uint64_t>(reinterpret_cast<uintptr_t>(${expr})));`;
  }
}

const NAPI_PRELUDE = `
#include <dlfcn.h>
#include <stdint.h>
#include <node_api.h>

static int64_t cb_napi_i64(napi_env env, napi_value v) {
  napi_valuetype t; napi_typeof(env, v, &t);
  if (t == napi_bigint) { int64_t r; bool lossless; napi_get_value_bigint_int64(env, v, &r, &lossless); return r; }
  double d; napi_get_value_double(env, v, &d); return static_cast<int64_t>(d);
}
static uint64_t cb_napi_u64(napi_env env, napi_value v) {
  napi_valuetype t; napi_typeof(env, v, &t);
  if (t == napi_bigint) { uint64_t r; bool lossless; napi_get_value_bigint_uint64(env, v, &r, &lossless); return r; }
  double d; napi_get_value_double(env, v, &d);
  return d < 0 ? static_cast<uint64_t>(static_cast<int64_t>(d)) : static_cast<uint64_t>(d);
}
struct CbNStr {
  char stack[256];
  char* heap = nullptr;
  const char* ptr;
  CbNStr(napi_env env, napi_value v) {
    // One call for strings that fit the stack buffer; non-strings are addresses.
    size_t len;
    if (napi_get_value_string_utf8(env, v, stack, sizeof stack, &len) != napi_ok) {
      ptr = reinterpret_cast<const char*>(static_cast<uintptr_t>(cb_napi_u64(env, v)));
      return;
    }
    if (len + 4 < sizeof stack) { ptr = stack; return; }  // a cut string ends within 4 bytes of the end
    napi_get_value_string_utf8(env, v, nullptr, 0, &len);  // may have been cut: measure, copy whole
    heap = new char[len + 1];
    napi_get_value_string_utf8(env, v, heap, len + 1, &len);
    ptr = heap;
  }
  ~CbNStr() { delete[] heap; }
};
static napi_value cb_napi_from_i64(napi_env env, int64_t v) {
  napi_value r;
  if (v >= -9007199254740991LL && v <= 9007199254740991LL) napi_create_double(env, static_cast<double>(v), &r);
  else napi_create_bigint_int64(env, v, &r);
  return r;
}
static napi_value cb_napi_from_u64(napi_env env, uint64_t v) {
  napi_value r;
  if (v <= 9007199254740991ULL) napi_create_double(env, static_cast<double>(v), &r);
  else napi_create_bigint_uint64(env, v, &r);
  return r;
}
`;

function napiModule(fns: readonly StubFunction[], thunks: boolean): string {
  const parts = [NAPI_PRELUDE, thunks ? THUNK_DECLS : '', `static void *cb_f_[${Math.max(fns.length, 1)}];`, ...fns.map((f) => `#define cb_f_${f.index} cb_f_[${f.index}]`)];
  for (const f of fns) {
    const args = f.params.map((w, i) => napiArg(w, i));
    parts.push(`static napi_value cb_n_${f.index}(napi_env env, napi_callback_info cbinfo) {
  size_t argc = ${f.params.length};
  napi_value argv[${Math.max(f.params.length, 1)}];
  napi_get_cb_info(env, cbinfo, &argc, argv, nullptr, nullptr);
  ${args.map(([decl]) => decl).join('\n  ')}
  ${napiReturn(f.result, callExpr(f, args.map(([, use]) => use)))}
}`);
  }
  parts.push(symbolTable(fns));
  parts.push(`
static napi_value cb_init(napi_env env, napi_callback_info cbinfo) {
${thunks ? `  for (unsigned i = 0; i < ${fns.length}; i++) cb_f_[i] = cb_thunks[i];
  napi_value values; napi_create_array(env, &values);
  for (unsigned i = 0; i < cb_nvalues; i++) { napi_value v; napi_create_bigint_uint64(env, cb_values[i], &v); napi_set_element(env, values, i, v); }
  return values;
` : ''}  size_t argc = 1; napi_value argv[1];
  napi_get_cb_info(env, cbinfo, &argc, argv, nullptr, nullptr);
  napi_valuetype t; napi_typeof(env, argv[0], &t);
  void* handle;
  if (t == napi_null) handle = dlopen(nullptr, RTLD_NOW);
  else {
    char path[4096]; size_t len;
    napi_get_value_string_utf8(env, argv[0], path, sizeof path, &len);
    handle = dlopen(path, RTLD_NOW | RTLD_DEEPBIND);
  }
  if (!handle) { napi_throw_error(env, nullptr, dlerror()); return nullptr; }
  napi_value missing; napi_create_array(env, &missing);
  uint32_t n = 0;
  for (unsigned i = 0; i < ${fns.length}; i++) {
    cb_f_[i] = dlsym(handle, cb_symbols[i]);
    if (!cb_f_[i]) { napi_value idx; napi_create_uint32(env, i, &idx); napi_set_element(env, missing, n++, idx); }
  }
  return missing;
}

NAPI_MODULE_INIT() {
  napi_value f;
  napi_create_function(env, "init", NAPI_AUTO_LENGTH, cb_init, nullptr, &f);
  napi_set_named_property(env, exports, "init", f);
${fns.map((f) => `  napi_create_function(env, "f${f.index}", NAPI_AUTO_LENGTH, cb_n_${f.index}, nullptr, &f);\n  napi_set_named_property(env, exports, "f${f.index}", f);`).join('\n')}
  return exports;
}
`);
  return parts.join('\n');
}

/**
 * The C++ source of a stub module for `fns` at `maxTier`. With `thunks`, the functions come from
 * a linked C translation unit (API mode) instead of dlsym, and `init()` returns its values.
 */
export function generateModule(fns: readonly StubFunction[], maxTier: Tier, thunks = false): string {
  const banner = '// Generated by cbridge (abi/stubgen.ts): call stubs for one library. Do not edit.\n';
  return banner + (maxTier === 'napi' ? napiModule(fns, thunks) : v8Module(fns, maxTier, thunks));
}
