{
  # One target per artefact. Only the core addon exists so far; the fast-path
  # runtime, the cpyext shim and test fixtures join it in later issues.
  "includes": ["common.gypi"],
  "targets": [
    {
      "target_name": "cbridge_native",
      "sources": ["abi/native/addon.cc"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")"],
      "defines": ["NAPI_VERSION=8", "NODE_ADDON_API_DISABLE_CPP_EXCEPTIONS"]
    }
  ]
}
