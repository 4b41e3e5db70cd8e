"""Peers `peer:cpython:<case>` and `peer:pypy:<case>`: CPython or PyPy calling the extension
bench/native/cpyext_overhead.c (built against this interpreter's own headers), the same C
functions the `cpyext:<case>` rows call in Node through cbridge's cpyext; and CPython hashing
1 MiB with the real Debian python3-xxhash module.

Usage: python3 cpyext_overhead.py <dir holding cpyext_overhead<suffix>, or -> <cases> [<dist-packages holding xxhash>]
where <cases> is a comma-separated subset of fastcall,varargs,o,noargs,xxh64-1MiB (the first
four need the module directory, xxh64-1MiB the third argument).

The timing method is python.py's `measure` (bench/timing.ts's, kept in step). Each loop binds
the function to a local first, as a Python user would. Prints one JSON line: {version,
results: [{function, ns, batch, runs, note?}], skipped: [{function, reason}]}, where function
is the case name.
"""
import json
import os
import platform
import sys

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
from python import measure  # noqa: E402  bench/peers/python.py: this script's directory is sys.path[0]

MIB = 1 << 20


def pattern(size):
    # The bytes bench/cpyext.ts hashes in Node: byte i is (i * 131 + 7) & 255.
    return bytes((i * 131 + 7) & 255 for i in range(256)) * (size // 256)


def overhead_loops(m):
    def fastcall(n):
        add = m.add
        s = 0
        for i in range(n):
            s += add(i, 1)
        return s

    def varargs(n):
        addv = m.addv
        s = 0
        for i in range(n):
            s += addv(i, 1)
        return s

    def o(n):
        ident = m.ident
        s = 0
        for i in range(n):
            s += ident(i)
        return s

    def noargs(n):
        noop = m.noop
        for _ in range(n):
            noop()

    return {"fastcall": fastcall, "varargs": varargs, "o": o, "noargs": noargs}


def xxh64_loop(xxhash, data):
    def xxh64(n):
        xxh64_intdigest = xxhash.xxh64_intdigest
        h = 0
        for _ in range(n):
            h = xxh64_intdigest(data)
        return h

    return xxh64


def version():
    impl = platform.python_implementation()
    if impl == "PyPy":
        v = "PyPy %s (Python %s)" % (".".join(str(x) for x in sys.pypy_version_info[:3]), platform.python_version())
    else:
        v = "%s %s" % (impl, platform.python_version())
    return "%s, %s" % (v, os.path.realpath(sys.executable))


def main():
    module_dir, cases = sys.argv[1], [c for c in sys.argv[2].split(",") if c]
    xxhash_dir = sys.argv[3] if len(sys.argv) > 3 else None
    results, skipped = [], []
    bodies, notes, wanted = {}, {}, {}
    overhead = ("fastcall", "varargs", "o", "noargs")
    if any(case in overhead for case in cases):
        try:
            if module_dir == "-":
                raise RuntimeError("no cpyext_overhead directory given")
            sys.path.insert(0, module_dir)  # before this script's own directory, which holds cpyext_overhead.py
            import cpyext_overhead
            bodies.update(overhead_loops(cpyext_overhead))
        except Exception as e:
            for case in overhead:
                bodies[case] = e
    if "xxh64-1MiB" in cases:
        try:
            if not xxhash_dir:
                raise RuntimeError("no python3-xxhash directory given")
            sys.path.insert(1, xxhash_dir)
            import xxhash
            data = pattern(MIB)
            bodies["xxh64-1MiB"] = xxh64_loop(xxhash, data)
            wanted["xxh64-1MiB"] = 10_000
            notes["xxh64-1MiB"] = "xxhash %s (libxxhash %s), 1 MiB bytes" % (xxhash.VERSION, xxhash.XXHASH_VERSION)
        except Exception as e:
            bodies["xxh64-1MiB"] = e
    for case in cases:
        body = bodies.get(case, RuntimeError("unknown case %r" % case))
        try:
            if isinstance(body, Exception):
                raise body
            r = measure(body, wanted=wanted.get(case, 1_000_000))
            r["function"] = case
            if case in notes:
                r["note"] = notes[case]
            results.append(r)
        except Exception as e:  # one unsupported case does not lose the rest
            skipped.append({"function": case, "reason": str(e).splitlines()[0] if str(e) else type(e).__name__})
    print(json.dumps({"version": version(), "results": results, "skipped": skipped}))


if __name__ == "__main__":
    main()
