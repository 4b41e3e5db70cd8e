"""Cases for ext/smoke.c (see tests/cpyext/fixtures/gen_fixture.py)."""


def record(rec):
    for name in ["ANSWER", "GREETING", "__name__", "__doc__", "add.__doc__", "kwfunc.__name__"]:
        rec.get(name)

    # METH_VARARGS
    rec.call("add", 1, 2)
    rec.call("add", 2**62, 2**62)
    rec.call("add", -(2**70), 1)
    rec.call("add", 1.5, 2)
    rec.call("add", "ab", "cd")
    rec.call("add", b"ab", b"cd")
    rec.call("add", (1,), (2, 3))
    rec.call("add", [1], [None])
    rec.call("add", 1, "x")
    rec.call("add", 1)
    rec.call("add", 1, 2, 3)
    rec.call("add", a=1, b=2)

    # METH_O
    for v in [None, True, 0, -1, 2**64, 0.25, "", "h\u00e9llo \U0001f600", b"\x00\xff", (1, "a"), [1, [2]], {"k": 1}]:
        rec.call("ident", v)
    rec.call("ident")
    rec.call("ident", 1, 2)
    rec.call("ident", o=1)

    # METH_NOARGS
    rec.call("noop")
    rec.call("noop", 1)
    rec.call("noop", x=1)

    # METH_FASTCALL | METH_KEYWORDS
    rec.call("kwfunc", 1)
    rec.call("kwfunc", 1, 5)
    rec.call("kwfunc", 1, c=9)
    rec.call("kwfunc", a="x", b="y", c="z")
    rec.call("kwfunc", c=0, a=1)
    rec.call("kwfunc", 1, 2, 3)
    rec.call("kwfunc")
    rec.call("kwfunc", b=1)
    rec.call("kwfunc", 1, a=2)
    rec.call("kwfunc", 1, d=4)
