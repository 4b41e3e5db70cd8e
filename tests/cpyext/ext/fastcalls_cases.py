"""Cases for ext/fastcalls.c (see tests/cpyext/fixtures/gen_fixture.py): number arguments
of every shape JS can pass, results of every kind, errors, for each calling convention."""

NUMBERS = [0, 1, -1, 7, 255, 256, -5, -6, 2**30, -(2**30), 2**31, 2**53 - 1, 2**53, -(2**53), 2**60,
           2**63, -(2**63), 2**64, 1e300, 0.5, -0.0, 1.5e-300, float("inf"), float("-inf"), float("nan")]


def record(rec):
    for name in ["none", "true", "false", "nan", "text", "big", "tup", "fail"]:
        rec.call(name)
        rec.call(name, 1)  # METH_NOARGS with an argument
    for v in NUMBERS:
        rec.call("ident", v)
        rec.call("neg", v)
        rec.call("kind", v)
    rec.call("ident")
    rec.call("ident", 1, 2)
    for a, b in [(1, 2), (2**52, 2**52), (2**53, 1), (-(2**62), -(2**62)), (0.25, 1), (1e308, 1e308), (-0.0, -0.0), (-0.0, 0)]:
        rec.call("add", a, b)
        rec.call("addv", a, b)
    rec.call("add", 1)
    rec.call("add", 1, 2, 3)
    rec.call("add3", 1, 2, 3)
    rec.call("add3", 2**62, 2**62, 2**62)
    rec.call("addv", 1)
    rec.call("scale", 3)
    rec.call("scale", 3, 0.5)
    rec.call("scale", 3, factor=5)
    rec.call("scale")
    rec.call("count")
    rec.call("count", 1, 2, 3)
    rec.call("count", 1, k=2)
    rec.call("call_back", 41)
