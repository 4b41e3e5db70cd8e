{
  # Flags shared by every native target.
  "target_defaults": {
    "cflags": ["-fvisibility=hidden", "-Wall"],
    "cflags_c": ["-std=c11"],
    "cflags_cc": ["-std=c++20", "-fvisibility=hidden"],
    "cflags_cc!": ["-std=gnu++17", "-std=gnu++1y", "-std=gnu++20"]
  }
}
