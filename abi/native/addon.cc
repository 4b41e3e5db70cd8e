// cbridge's N-API addon. Today it only reports the ABI it was built for, which
// lets the loader check that the build matches the running Node; the fast-path
// runtime (issue 4) grows here. Per-load state goes in instance data, never globals.
#include <napi.h>

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("napiVersion", Napi::Number::New(env, NAPI_VERSION));
  return exports;
}

NODE_API_MODULE(cbridge_native, Init)
