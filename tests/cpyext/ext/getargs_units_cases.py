"""Cases for ext/getargs_units.c (see tests/cpyext/fixtures/gen_fixture.py)."""


def record(rec):
    # s s# s* z z# z*: str, buffers, None, embedded NUL, wrong types
    for v in ["abc", "", "h\u00e9 \U0001f600", "a\x00b", b"abc", bytearray(b"ab"), None, 5]:
        rec.call("s", v)
    for v in ["abc", "a\x00b", "\u00e9", b"x\x00y", bytearray(b"ab"), memoryview(b"mv"), None, 1.5]:
        rec.call("s_hash", v)
    for v in ["abc", "\u00e9", b"x\x00y", bytearray(b"ab"), memoryview(b"mv"), None, 3]:
        rec.call("s_star", v)
    for v in ["abc", None, "a\x00b", b"abc", 7]:
        rec.call("z", v)
    for v in ["abc", None, b"x\x00y", bytearray(b"q"), 7]:
        rec.call("z_hash", v)
    for v in ["abc", None, b"xy", bytearray(b"q"), 7]:
        rec.call("z_star", v)

    # y y# y*: bytes-like only; str refused
    for v in [b"abc", b"", b"a\x00b", "abc", bytearray(b"ab"), None, 1]:
        rec.call("y", v)
    for v in [b"abc", b"a\x00b", bytearray(b"ab"), memoryview(b"mv"), "abc", None]:
        rec.call("y_hash", v)
    for v in [b"abc", bytearray(b"ab"), memoryview(b"mv"), "abc", None, 1]:
        rec.call("y_star", v)

    # w*: writable buffers only
    # (a writable memoryview is tested from JS: the fixture format records no writability)
    for v in [bytearray(b"abc"), b"abc", "abc", memoryview(b"ro"), None]:
        rec.call("w_star", v)
    rec.call("w_star_mutates", bytearray(b"abc"))

    # es et es# et#
    for fn in ["es", "et", "es_hash", "et_hash"]:
        rec.call(fn, "h\u00e9", None)
        rec.call(fn, "h\u00e9", "latin-1")
        rec.call(fn, "h\u00e9", "utf-16-le")
        rec.call(fn, b"raw\xff", "latin-1")
        rec.call(fn, bytearray(b"ba"), None)
        rec.call(fn, "\u20ac", "ascii")
        rec.call(fn, "x", "no-such-codec")
        rec.call(fn, 5, None)
    rec.call("es", "a\x00b", None)
    rec.call("et", b"a\x00b", None)
    rec.call("es_hash", "a\x00b", None)
    for v in ["short", "1234567", "12345678", "too long here"]:
        rec.call("es_hash_fixed", v)

    # U S Y O O! O& p
    for fn in ["U", "S", "Y", "O"]:
        for v in ["s", b"b", bytearray(b"ba"), 1, None, (1, 2)]:
            rec.call(fn, v)
    rec.call("O_bang", 1, (2,))
    rec.call("O_bang", True, ())
    rec.call("O_bang", 1.0, ())
    rec.call("O_bang", 1, [2])
    rec.call("O_amp", 5)
    rec.call("O_amp", 5, 6)
    rec.call("O_amp", "x")
    rec.call("O_amp", 13)
    rec.call("O_amp", 1, 13)
    for v in [True, False, 0, 2, "", "x", [], [0], None, 0.0]:
        rec.call("p", v)

    # integer units: range limits and conversions
    ints = {
        "b": [0, 255, -1, 256, 2**64],
        "B": [0, 255, 256, -1, 2**64, -(2**64)],
        "h": [-32768, 32767, -32769, 32768],
        "H": [0, 65535, 65536, -1],
        "i": [-(2**31), 2**31 - 1, 2**31, -(2**31) - 1, 2**100],
        "I": [0, 2**32 - 1, 2**32, -1, 2**64 + 3],
        "l": [-(2**63), 2**63 - 1, 2**63],
        "k": [0, 2**64 - 1, 2**64, -1, 2**64 + 5],
        "L": [-(2**63), 2**63 - 1, 2**63, -(2**63) - 1],
        "K": [0, 2**64 - 1, 2**64, -1, 2**70 + 9],
        "n": [-(2**63), 2**63 - 1, 2**63],
    }
    for fn, values in ints.items():
        for v in values:
            rec.call(fn, v)
        rec.call(fn, True)
        rec.call(fn, 1.5)
        rec.call(fn, "1")
        rec.call(fn, None)
    rec.call("i")
    rec.call("i", 1, 2)
    rec.call("i", x=1)

    # c C f d D
    for v in [b"A", b"\xff", bytearray(b"z"), b"", b"ab", "A", 65]:
        rec.call("c", v)
    for v in ["A", "\u20ac", "\U0001f600", "", "ab", b"A", 65]:
        rec.call("C", v)
    for fn in ["f", "d"]:
        for v in [1.5, 2.0, -0.0, 1e300, float("inf"), float("nan"), 3, 2**1100, "1.0", None]:
            rec.call(fn, v)
    for v in [1.5, 2, -0.0, "1j", None]:
        rec.call("D", v)

    # | $ : ; groups, nested tuples, PyArg_Parse
    rec.call("optional", 1)
    rec.call("optional", 1, 2)
    rec.call("optional", 1, 2, 3)
    rec.call("optional")
    rec.call("optional", 1, 2, 3, 4)
    rec.call("optional", "x")
    rec.call("nested", (1, 2), ("s", (3, 4)))
    rec.call("nested", (1, 2), ("s", (3,)))
    rec.call("nested", [1, 2], ["s", [3, 4]])
    rec.call("nested", (1,), ("s", (3,)))
    rec.call("nested", (1, 2, 3), ("s", (3,)))
    rec.call("nested", 5, ("s", (3,)))
    rec.call("nested", (1, "x"), ("s", (3,)))
    rec.call("nested", (1, 2), ("s", (3, 4, 5)))
    rec.call("nested", (1, 2), [b"s", (3, 4)])
    rec.call("nested", (1, 2), "xy")
    rec.call("nested_bar", (1, 2))
    rec.call("named", 1, 2)
    rec.call("named", 1)
    rec.call("named", 1, 2, 3)
    rec.call("named", 1, "x")
    rec.call("message", 1, 2)
    rec.call("message", 1)
    rec.call("message", 1, "x")
    rec.call("noargs")
    rec.call("noargs", 1)
    rec.call("parse_one", 7)
    rec.call("parse_one", "x")

    # keywords
    rec.call("kw", 1)
    rec.call("kw", 1, 0.5, "cc")
    rec.call("kw", 1, d=9)
    rec.call("kw", a=1, e="E")
    rec.call("kw", 1, 2, "s", e=[1])
    rec.call("kw", 1, c="kwc", b=7.25)
    rec.call("kw")
    rec.call("kw", b=1.0)
    rec.call("kw", 1, 2.0, "c", 4)
    rec.call("kw", 1, a=2)
    rec.call("kw", 1, f=2)
    rec.call("kw", 1, d="x")
    rec.call("kw", 1, 2.0, "c", 4, 5, 6)
    rec.call("kwpos", 1, 2)
    rec.call("kwpos", 1, 2, 3)
    rec.call("kwpos", 1, 2, z=5)
    rec.call("kwpos", 1, y=2)
    rec.call("kwpos", 1)
    rec.call("kwbuf", b"abc")
    rec.call("kwbuf", data=b"abc", n=3)
    rec.call("kwbuf", b"abc", 3)
    rec.call("kwbuf", "str")
    rec.call("kwbuf", n=3)
    rec.call("fast", "x")
    rec.call("fast", "x", 2)
    rec.call("fast", "x", c=3)
    rec.call("fast", a="kw", b=5, c=None)
    rec.call("fast", "x", 2, 3)
    rec.call("fast")
    rec.call("fast", "x", a="y")
    rec.call("fast", "x", z=1)
    rec.call("fast", 5)
    rec.call("fast", "x", b="y")
    rec.call("unpack_kw", 1)
    rec.call("unpack_kw", 1, 2)
    rec.call("unpack_kw", 1, c=3)
    rec.call("unpack_kw", a=1, b=2, c=3)
    rec.call("unpack_kw")
    rec.call("unpack_kw", 1, 2, 3)
    rec.call("unpack_kw", 1, d=4)
    rec.call("unpack_kw", 1, a=4)

    # malformed formats
    rec.call("bad_unit", 1)
    rec.call("kw_mismatch", 1, 2)
    rec.call("kw_mismatch", 1)
