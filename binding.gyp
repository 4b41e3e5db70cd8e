{
  # One target per artefact: the core addon (fast API probe), the benchmark baselines;
  # the cpyext shim joins in a later issue.
  "includes": ["common.gypi"],
  "targets": [
    {
      "target_name": "cbridge_native",
      "sources": ["abi/native/addon.cc"],
      "include_dirs": ["abi/native"]
    }
  ]
}
