"""Peers `peer:cpython-ctypes`, `peer:cpython-cffi` and `peer:pypy-cffi`: Python calling the
same bench_lib through ctypes or cffi (ABI mode, `ffi.dlopen`), in CPython or PyPy.

Usage: python3 python.py ctypes|cffi <bench_lib.so>

The timing method is bench/timing.ts's (keep them in step): warm-up in doubling chunks from
1,000 calls up to 3/10 of a batch or 300 ms; a batch of 1,000,000 calls shrunk so one run
takes at most 200 ms (never below 1,000); 9 timed runs; min/median/max ns per call. Each loop
is its own function with the C function bound to a local, as a Python user would write it.
C wants bytes for `const char *`: str_len encodes the str on every call, as a user holding a
str must. Prints one JSON line: {version, results: [{function, ns, batch, runs, note?}],
skipped: [{function, reason}]}.
"""
import json
import platform
import sys
import time


def measure(body, wanted=1_000_000, runs=9, max_run_ms=200, warm_ms=300):
    now = time.perf_counter_ns
    warm_calls = (wanted * 3 + 9) // 10
    calls, chunk, per_call = 0, min(1000, warm_calls), 0.0
    warm_start = now()
    while calls < warm_calls:
        n = min(chunk, warm_calls - calls)
        start = now()
        body(n)
        end = now()
        per_call = (end - start) / n
        calls += n
        chunk *= 2
        if end - warm_start > warm_ms * 1e6:
            break
    batch = max(1000, int(max_run_ms * 1e6 / per_call)) if per_call * wanted > max_run_ms * 1e6 else wanted
    samples = []
    for _ in range(runs):
        start = now()
        body(batch)
        samples.append((now() - start) / batch)
    samples.sort()
    return {"ns": {"min": samples[0], "median": samples[len(samples) // 2], "max": samples[-1]}, "batch": batch, "runs": runs}


def ctypes_functions(path):
    import ctypes
    lib = ctypes.CDLL(path)
    lib.add_i32.argtypes, lib.add_i32.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    lib.noop.argtypes, lib.noop.restype = [], None
    lib.mul_f64.argtypes, lib.mul_f64.restype = [ctypes.c_double, ctypes.c_double], ctypes.c_double
    lib.str_len.argtypes, lib.str_len.restype = [ctypes.c_char_p], ctypes.c_size_t
    return lib, "ctypes"


def cffi_functions(path):
    import cffi
    ffi = cffi.FFI()
    ffi.cdef("int add_i32(int, int); void noop(void); double mul_f64(double, double); size_t str_len(const char *);")
    return ffi.dlopen(path), "cffi %s (ABI mode)" % cffi.__version__


def loops(lib):
    add_i32, noop, mul_f64, str_len = lib.add_i32, lib.noop, lib.mul_f64, lib.str_len

    def add_loop(n):
        s = 0
        for i in range(n):
            s += add_i32(i, 1)
        return s

    def noop_loop(n):
        for _ in range(n):
            noop()

    def mul_loop(n):
        s = 0.0
        for i in range(n):
            s += mul_f64(i, 0.5)
        return s

    def str_loop(n):
        s = 0
        text = "hello, world"
        for _ in range(n):
            s += str_len(text.encode())
        return s

    return [("add_i32", add_loop, None), ("noop", noop_loop, None), ("mul_f64", mul_loop, None), ("str_len", str_loop, "str.encode() per call")]


def main():
    backend, path = sys.argv[1], sys.argv[2]
    lib, label = (ctypes_functions if backend == "ctypes" else cffi_functions)(path)
    impl = platform.python_implementation()
    version = "%s %s, %s" % (impl, platform.python_version(), label)
    if impl == "PyPy":
        version += " (PyPy %s)" % ".".join(str(x) for x in sys.pypy_version_info[:3])
    results, skipped = [], []
    for name, body, note in loops(lib):
        try:
            r = measure(body)
            r["function"] = name
            if note:
                r["note"] = note
            results.append(r)
        except Exception as e:  # one unsupported function does not lose the rest
            skipped.append({"function": name, "reason": str(e).splitlines()[0] if str(e) else type(e).__name__})
    print(json.dumps({"version": version, "results": results, "skipped": skipped}))


if __name__ == "__main__":
    main()
