"""Cases for ext/longs.c (see tests/cpyext/fixtures/gen_fixture.py)."""

BIG = 123456789012345678901234567890
HUGE = 2**200 + 12345


def record(rec):
    record_heavy(rec)
    # PyLong_FromString: bases, prefixes, underscores, whitespace, big values, errors
    for s, base in [("0", 10), ("-42", 10), ("  +17  ", 10), ("ff", 16), ("0xff", 16), ("0xff", 0), ("0o17", 0),
                    ("0b1011", 0), ("1_000_000", 10), ("1_000_000", 0), ("z", 36), ("ZZZZZZZZZZZZZZZZ", 36),
                    ("18446744073709551616", 10), ("-340282366920938463463374607431768211457", 10),
                    (str(HUGE), 10), ("1" * 80, 2), ("7" * 60, 8), ("f" * 40, 16), ("010", 0), ("0", 0),
                    ("", 10), ("12a", 10), ("1__0", 10), ("_1", 10), ("9", 8), ("10", 1), ("10", 37), ("0x", 16)]:
        rec.call("from_string", s, base)

    # PyLong_As* with overflow
    values = [0, 1, -1, 2**31, 2**63 - 1, 2**63, -(2**63), -(2**63) - 1, 2**64 - 1, 2**64, -(2**64), BIG, -BIG]
    for fn in ["as_long", "as_longlong", "as_ssize_t", "as_size_t", "as_unsigned_long", "as_unsigned_longlong",
               "as_unsigned_long_mask", "as_unsigned_longlong_mask", "as_long_and_overflow",
               "as_longlong_and_overflow", "as_double"]:
        for v in values:
            rec.call(fn, v)
        rec.call(fn, "x")
        rec.call(fn, True)
    rec.call("as_double", 2**1024)
    rec.call("as_double", 2**1024 - 2**970)
    rec.call("as_double", 2**53 + 1)
    rec.call("as_double", -(2**1023) * 3)
    rec.call("limits")

    # PyLong_FromDouble
    for s in ["0.0", "-0.0", "1.9", "-1.9", "1e18", "1e19", "-1e19", "1e300", "123456789.5", "4.5e15", "inf", "-inf", "nan"]:
        rec.call("from_double", s)

    # _PyLong_AsByteArray / _PyLong_FromByteArray
    for v, n, little, signed in [(0, 4, True, True), (1, 4, True, False), (1, 4, False, False), (-1, 4, True, True),
                                 (-1, 4, True, False), (255, 1, True, False), (255, 1, True, True), (128, 1, True, True),
                                 (-128, 1, True, True), (-129, 1, True, True), (2**64 - 1, 8, False, False),
                                 (2**64, 8, False, False), (BIG, 13, True, False), (BIG, 12, True, False),
                                 (-BIG, 13, False, True), (HUGE, 32, False, False), (-(2**255), 32, True, True),
                                 (2**255, 32, True, True), (0, 0, True, True), (5, 0, True, True)]:
        rec.call("to_bytes", v, n, little, signed)
    for b, little, signed in [(b"", True, True), (b"\x01\x02", True, False), (b"\x01\x02", False, False),
                              (b"\xff\xff", True, True), (b"\xff\xff", True, False), (b"\x80" + b"\x00" * 15, False, True),
                              (b"\x00" * 15 + b"\x80", True, True), (bytes(range(1, 33)), True, False),
                              (bytes(range(1, 33)), False, True), (b"\xff" * 20, True, True)]:
        rec.call("from_bytes", b, little, signed)

    # number protocol on big ints, signs mixed
    pairs = [(BIG, 7), (-BIG, 7), (BIG, -7), (-BIG, -7), (7, BIG), (-7, BIG), (HUGE, BIG), (-HUGE, BIG),
             (2**64, 2**64), (2**63, -(2**63)), (1, 0), (BIG, 0), (-5, 3), (5, -3), (-5, -3)]
    for op in ["add", "sub", "mul", "floordiv", "mod", "divmod", "truediv", "and", "or", "xor", "cmp"]:
        for a, b in pairs:
            rec.call("binop", op, a, b)
    for a, b in [(BIG, 3), (-BIG, 3), (2, 100), (-2, 63), (-3, 41), (7, 0), (0, 0), (2, -1), (-2, -3), (BIG, -1), (0, -1)]:
        rec.call("binop", "pow", a, b)
    for a, b in [(1, 64), (-1, 64), (BIG, 10), (-BIG, 70), (BIG, 100), (-BIG, 100), (-1, 1000), (5, -1), (2**64, 0), (0, 2**70)]:
        rec.call("binop", "lshift", a, b)
        rec.call("binop", "rshift", a, b)
    rec.call("binop", "lshift", 1, 2**70)
    rec.call("binop", "add", BIG, 0.5)
    rec.call("binop", "mul", "ab", 3)
    rec.call("binop", "mul", 3, [1])
    rec.call("binop", "add", 1, "x")
    rec.call("binop", "iadd", BIG, BIG)
    rec.call("binop", "imul", [1, 2], 2)
    rec.call("binop", "ifloordiv", -BIG, 10)
    rec.call("binop", "truediv", 2**2000, 3)
    rec.call("binop", "truediv", 2**2000, 2**1990)
    rec.call("binop", "mod", 7.5, -2)
    rec.call("binop", "floordiv", -7.5, 2)
    rec.call("binop", "divmod", 7.5, 0)
    for a, b, m in [(BIG, 65537, 2**61 - 1), (-BIG, 3, 1000), (3, -1, 7), (2, -1, 4), (5, 2, 0), (5, 2, -7)]:
        rec.call("powmod", a, b, m)
    for op in ["neg", "pos", "invert", "abs", "index", "int", "float", "bool", "hash", "repr", "str", "tobase"]:
        for v in [0, -1, BIG, -BIG, HUGE, 2**61 - 1, 2**61, -(2**61), 2**64, True]:
            rec.call("unop", op, v)
    for op in ["hash", "repr", "str", "int", "float", "neg", "abs", "bool"]:
        for v in [0.5, -2.5, 123.456, 1.0000000000000002, 3.14159, -1e-300, 2.5e-308]:
            rec.call("unop", op, v)
    rec.call("unop", "float", 2**1024)
    rec.call("unop", "index", 1.5)
    rec.call("unop", "int", "  -0x10  ")
    rec.call("unop", "int", "123_456")
    rec.call("unop", "float", " 1e5 ")
    rec.call("unop", "hash", (1, 2, (3, BIG)))
    rec.call("unop", "hash", (1.5, -1, ()))

    # float formatting
    for s in ["0", "-0", "1", "0.1", "1e16", "1e15", "123456789012345678", "1e-5", "0.0001", "1.5e300", "5e-324",
              "1.7976931348623157e308", "inf", "-inf", "nan", "2.5", "1e22", "1e23", "0.3", "100", "-1.25e-7"]:
        rec.call("float_repr", s)
    for s, code, prec, flags in [("3.14159", "f", 2, 0), ("3.14159", "e", 3, 0), ("3.14159", "g", 4, 0),
                                 ("1e20", "r", 0, 0), ("1", "r", 0, 0), ("1", "r", 0, 2), ("1", "r", 0, 1),
                                 ("1", "g", 6, 4), ("-2.5", "f", 0, 0), ("inf", "f", 2, 1),
                                 ("nan", "r", 0, 0), ("1234.5", "e", 0, 2), ("1e-7", "g", 17, 0)]:
        rec.call("double_to_string", s, code, prec, flags)
    for s in ["1.5", "  2.5", "1e500", "-1e500", "nan", "inf", "0x1p3", "1.5abc", "abc", "1_0.5", "infinity"]:
        rec.call("string_to_double", s)

    # PyFloat_AsDouble on ints, floats, objects with __float__ / __index__ only
    for v in [0, 7, -BIG, 2**1024, 1.25, "x", None]:
        rec.call("float_as_double", v)
    s = rec.session("PyFloat_AsDouble(__float__)")
    s.call("floaty", "2.75", 9, _bind="f")
    s.call("float_as_double", _ref("f"))
    s.call("as_double", _ref("f"))
    s.call("as_long", _ref("f"))
    s.call("unop", "index", _ref("f"))
    s.call("unop", "float", _ref("f"))
    s.call("unop", "int", _ref("f"))
    s.call("binop", "mul", "ab", _ref("f"))

    for re, im in [("1", "2"), ("-0.5", "0"), ("0", "-1"), ("inf", "nan"), ("3", "4")]:
        rec.call("complex_parts", re, im)


def _ref(name):
    from fixture_format import Ref
    return Ref(name)


def record_heavy(rec):
    """Big operands: schoolbook vs. fast paths, rounding of int/int true division."""
    import random
    r = random.Random(1234)
    A = 7**3000
    B = -(3**1500) + 12345
    rec.call("from_string", str(A), 10)
    rec.call("from_string", hex(B), 0)
    for op in ["mul", "floordiv", "mod", "divmod", "truediv", "and", "xor", "or", "sub"]:
        rec.call("binop", op, A, B)
        rec.call("binop", op, B, 2**64 + 1)
    rec.call("unop", "str", A)
    rec.call("unop", "hash", A)
    rec.call("unop", "hash", B)
    rec.call("powmod", A, B % 1000 + 1000, 2**127 - 1)
    for _ in range(12):
        a = r.getrandbits(r.randrange(1, 1200)) * r.choice([1, -1])
        b = r.getrandbits(r.randrange(1, 1100)) | 1
        rec.call("binop", "truediv", a, b)
        rec.call("binop", "divmod", a, -b)
    for _ in range(20):
        bits = r.getrandbits(64)
        import struct
        d = struct.unpack("<d", struct.pack("<Q", bits))[0]
        rec.call("float_repr", repr(d))
