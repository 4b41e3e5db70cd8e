{
  # One target per artefact: the core addon (fast API probe), then the call-overhead
  # benchmark's C library and the three hand-written baseline addons that link against it
  # (bench/native/), and the cpyext shim: our CPython 3.11 C API as a Node addon that the loader
  # opens with RTLD_GLOBAL so that extension binaries loaded afterwards resolve Py* names to it,
  # in a release and a debug build (CBRIDGE_CPYEXT=debug picks the latter).
  "includes": ["common.gypi"],
  "variables": {
    "cpyext_sources": ["<!@(node -p \"require('fs').readdirSync('cpyext/native').filter(f => /\\.(c|cc)$/.test(f)).map(f => 'cpyext/native/' + f).join(' ')\")"],
    "cpyext_cflags": ["-O2", "-fno-strict-aliasing", "-fwrapv", "-Wno-unused-parameter",
                      "-Wno-missing-field-initializers", "-Wno-cast-function-type"]
  },
  "targets": [
    {
      "target_name": "cbridge_native",
      "sources": ["abi/native/addon.cc"],
      "include_dirs": ["abi/native"]
    },
    {
      "target_name": "cpyext",
      "sources": ["<@(cpyext_sources)"],
      "include_dirs": ["cpyext/include", "abi/native"],
      "defines": ["NAPI_VERSION=8"],
      "cflags": ["<@(cpyext_cflags)"],
      "libraries": ["-ldl", "-lpthread", "-lm"]
    },
    {
      # The same shim with the debug layer compiled in (cpyext/native/debug.h: allocation
      # generations, a quarantine of freed objects, misuse reported as fatal errors);
      # cpyext/native.ts opens it instead of cpyext.node when CBRIDGE_CPYEXT=debug.
      "target_name": "cpyext_debug",
      "sources": ["<@(cpyext_sources)"],
      "include_dirs": ["cpyext/include", "abi/native"],
      "defines": ["NAPI_VERSION=8", "CPX_DEBUG=1"],
      "cflags": ["<@(cpyext_cflags)", "-g"],
      "libraries": ["-ldl", "-lpthread", "-lm"]
    },
    {
      # The functions every benchmark path calls: build/Release/bench_lib.so (the addons find it
      # through their $ORIGIN runpath; everything else dlopens that path)
      "target_name": "bench_lib",
      "type": "shared_library",
      "sources": ["bench/native/bench_lib.c"],
      "cflags": ["-O2"]
    },
    {
      "target_name": "bench_napi",
      "sources": ["bench/native/bench_napi.c"],
      "include_dirs": ["bench/native"],
      "dependencies": ["bench_lib"],
      "defines": ["NAPI_VERSION=8"]
    },
    {
      "target_name": "bench_v8",
      "sources": ["bench/native/bench_v8.cc"],
      "include_dirs": ["bench/native"],
      "dependencies": ["bench_lib"]
    },
    {
      "target_name": "bench_fastapi",
      "sources": ["bench/native/bench_fastapi.cc"],
      "include_dirs": ["bench/native", "abi/native"],
      "dependencies": ["bench_lib"]
    }
  ]
}
