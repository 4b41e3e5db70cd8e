"""Cases for ext/pycalls.c (see tests/cpyext/fixtures/gen_fixture.py).

Every session that changes sys.set_int_max_str_digits puts the default (4300) back."""


def int_max_str_digits(rec):
    s = rec.session("int_max_str_digits: 640, then unlimited")
    s.call("call", "sys:get_int_max_str_digits")
    s.call("call", "sys:set_int_max_str_digits", 640)
    s.call("call", "sys:get_int_max_str_digits")
    s.call("call", "builtins:int", "9" * 640)
    s.call("call", "builtins:int", "9" * 641)
    s.call("call", "builtins:int", "-" + "9" * 641)
    s.call("call", "builtins:int", "1" * 500, 16)  # a power-of-two base is never limited
    s.call("apply_to_power", "builtins:str", 10, 639)
    s.call("apply_to_power", "builtins:str", 10, 640)
    s.call("apply_to_power", "builtins:repr", -10, 641)
    s.call("apply_to_power", "builtins:format", 10, 640, "d")
    s.call("apply_to_power", "builtins:format", 10, 640, "x")
    s.call("apply_to_power", "builtins:hex", 10, 700)
    s.call("call", "sys:set_int_max_str_digits", maxdigits=0)
    s.call("call", "sys:get_int_max_str_digits")
    s.call("str", 10**4400)
    s.call("call", "builtins:int", "7" * 4400)
    s.call("call", "sys:set_int_max_str_digits", 4300)
    s.call("call", "sys:get_int_max_str_digits")

    s = rec.session("int_max_str_digits: the default limit")
    s.call("call", "builtins:int", "1" * 4300)
    s.call("call", "builtins:int", "1" * 4301)
    s.call("apply_to_power", "builtins:str", 10, 4299)
    s.call("apply_to_power", "builtins:str", 10, 4300)
    s.call("apply_to_power", "builtins:str", 7, 20000)

    s = rec.session("int_max_str_digits: bad values")
    for bad in [639, 1, -1, -640, 2**31, "640", 640.0, None]:
        s.call("call", "sys:set_int_max_str_digits", bad)
    s.call("call", "sys:set_int_max_str_digits")
    s.call("call", "sys:set_int_max_str_digits", 700, 800)
    s.call("call", "sys:set_int_max_str_digits", digits=700)
    s.call("call", "sys:get_int_max_str_digits", 1)
    s.call("call", "sys:get_int_max_str_digits")


INT_SPECS = ["", "d", "5d", "<6", ">6", "^7", "*^9", "0=8", "+d", " d", "-d", "#x", "#X", "#o",
             "#b", "b", "o", "x", "X", "c", "n", ",", "_", "_x", "_b", ",d", "010,", "012_", "e",
             ".2f", "%", "g", "G", "E", "F", "08.3f", "z", "#010x", "\u00e9>5", "s", "10.3", ",x",
             "=", ".3d", "+#o", "<+8d"]
FLOAT_SPECS = ["", "f", ".2f", "10.3f", "<10.2e", "E", "g", ".3g", "#g", "G", "%", ".1%", "n",
               ",.2f", "_.3f", "+.1f", " f", "010.2f", "z.1f", "#.0f", ".0e", "^12", "*>12g",
               "r", "d", ",g", "15", ".50f", ".3", "=+10.2f", ".0%"]
STR_SPECS = ["", "s", "10", "<10", ">10", "^10", "*^11", ".3", "8.2s", "010", "=10", "+", "#",
             ",", "d", "x", ".s", "\u4e00<5"]


def str_format(rec):
    s = rec.session("format(): int specs")
    for spec in INT_SPECS:
        for v in (1234567, -42, 0, 97, 10**25):
            s.call("format", v, spec)
    s.call("format", True, "d")
    s.call("format", 5, "\u0100c")
    s.call("format", 0x110000, "c")
    s.call("format", -1, "c")
    s.call("format", 1, 5)
    s.call("format", 1)

    s = rec.session("format(): float specs")
    for spec in FLOAT_SPECS:
        for v in (1234.5678, -0.0, 1e300, float("inf"), float("-nan"), 0.1, 1e-7, 123456789.0):
            s.call("format", v, spec)

    s = rec.session("format(): str specs")
    for spec in STR_SPECS:
        for v in ("abc", "", "h\u00e9llo w\u00f6rld"):
            s.call("format", v, spec)

    s = rec.session("str.format: fields")
    cases = [
        ("{} {}", (1, 2), {}),
        ("{1} {0} {1}", ("a", "b"), {}),
        ("{x}-{y}", (), {"x": 1, "y": [2]}),
        ("{0[1]} {0[0]}", ([5, 6],), {}),
        ("{d[key]} {d[2]}", (), {"d": {"key": "v", 2: "two", "2": "s"}}),
        ("{0.real} {0.imag:+.1f} {0.denominator}", (7,), {}),
        ("{0!r} {0!s} {0!a}", ("h\u00e9",), {}),
        ("{!r:>10}|{:*^9}|", ("x", "mid"), {}),
        ("{{}} {{{0}}} }}{{", (7,), {}),
        ("{0:{1}{2}}", (3.14159, ".", "3"), {}),
        ("{:{width}.{prec}f}", (2.5,), {"width": 10, "prec": 2}),
        ("{0:>{1}}", ("r", 6), {}),
        ("", (), {}),
        ("plain", (1,), {"k": 2}),
        ("{0}{0}{0}", ("\U0001f600",), {}),
        ("{0.__class__.__name__}", (1.5,), {}),
        ("{0[0][1]}", ([[1, 2]],), {}),
        ("{0[-1]}", ({"-1": "neg"},), {}),
        ("{:%}", (0.25,), {}),
        ("{:,}", (10**12,), {}),
        # errors
        ("{", (), {}),
        ("}", (), {}),
        ("{0", (1,), {}),
        ("{0!}", (1,), {}),
        ("{0!x}", (1,), {}),
        ("{0!rr}", (1,), {}),
        ("{0:", (1,), {}),
        ("{}", (), {}),
        ("{5}", (1,), {}),
        ("{} {0}", (1,), {}),
        ("{0} {}", (1, 2), {}),
        ("{x}", (), {}),
        ("{0.missing}", (1,), {}),
        ("{0[5]}", ([1],), {}),
        ("{0[}", ([1],), {}),
        ("{0[0]x}", ([1],), {}),
        ("{0.}", (1,), {}),
        ("{0:{1:{2}}}", (1, 2, 3), {}),
        ("{:d}", ("s",), {}),
        ("{:s}", (1,), {}),
        ("{0[a]}", ({},), {}),
        ("{0..x}", (1,), {}),
        ("{:>{}}", ("a",), {}),
        ("{a.b}", (), {"a": None}),
    ]
    for fmt, args, kwargs in cases:
        s.call("call", "builtins:str.format", fmt, *args, **kwargs)
    s.call("call", "builtins:str.format_map", "{a}-{b[0]}", {"a": 1, "b": "xy"})
    s.call("call", "builtins:str.format_map", "{a}", {})
    s.call("call", "builtins:str.format_map", "{0}", {0: 1})
    s.call("call", "builtins:str.format_map", "{a}", [1])
    s.call("call", "builtins:str.format")
    s.call("call", "builtins:str.format", 5)

    s = rec.session("float.hex and float.fromhex")
    for v in (0.0, -0.0, 1.0, 0.1, -2.5, 1e308, 5e-324, 2.2250738585072014e-308, float("inf"),
              float("-inf"), float("nan"), 3.0, 1 / 3):
        s.call("call", "builtins:float.hex", v)
    for text in ["0x1.999999999999ap-4", "0X1P0", "-0x1p-1074", "0x1p-1075", "0x1.8p-1074",
                 "0x1.fffffffffffffp1023", "0x1p1024", "  0x10  ", "inf", "-Infinity", "nan",
                 "0x.8", "0x8.", "1.5", "0x1.0000000000000800001p0", "0x1.00000000000008p0",
                 "0x1.00000000000018p0", "0xp1", "0x1p", "", "0x1g", "0x1.2.3",
                 "+0x1.5p+3", "0x1p-99999999999999999999", "0x1p99999999999999999999", "-0X0P0",
                 "0x0000000000000000000000000001p0", "0x1" + "0" * 300 + "p-1200"]:
        s.call("call", "builtins:float.fromhex", text)
    s.call("call", "builtins:float.fromhex", 1.0)


def bytes_percent(rec):
    s = rec.session("bytes % args")
    cases = [
        (b"%s|%b", (b"ab", bytearray(b"cd"))),
        (b"%r %a", ("\u00e9", b"x")),
        (b"%d %i %5d %-5d| %05d %+d % d", (1, -2, 3, 4, -5, 6, 7)),
        (b"%x %X %#x %#X %o %#o %08.3x", (255, 255, 255, 255, 8, 8, 10)),
        (b"%c%c%c", (65, b"B", bytearray(b"C"))),
        (b"%f %.2f %e %E %g %G %10.3f %-10.1e|", (1.5, 2.345, 12345.678, 0.001, 1e-10, 1e20, 3.14159, 2.5)),
        (b"%%%s%%", (b"z",)),
        (b"%*d|%-*d|%.*f", (5, 1, 4, 2, 2, 3.14159)),
        (b"%(a)s %(b)d", {b"a": b"A", b"b": 3}),
        (b"%s", (memoryview(b"mv"),)),
        (b"%d", (3.9,)),
        (b"%x", (-255,)),
        (b"%.3s", (b"abcdef",)),
        (b"%10s|%-10s|", (b"r", b"l")),
        (b"no args", ()),
        (b"%s", b"single"),
        (b"%d", 5),
        (b"%i", (True,)),
        (b"%#o %#x", (0, 0)),
        (b"%c", (255,)),
        (b"%r", (1.5,)),
        (b"%a", ([1, "\u00e9"],)),
        # errors
        (b"%s", ("str",)),
        (b"%s", (1,)),
        (b"%d", (b"x",)),
        (b"%x", (1.5,)),
        (b"%c", (256,)),
        (b"%c", (b"ab",)),
        (b"%c", ("a",)),
        (b"%f", (b"x",)),
        (b"%s %s", (b"a",)),
        (b"%s", (b"a", b"b")),
        (b"%q", (1,)),
        (b"%", ()),
        (b"%(a)s", (1,)),
        (b"%(a)s", {b"b": 1}),
        (b"%(a", {b"a": 1}),
        (b"%*d", (b"x", 1)),
        (b"%.*d", ("x", 1)),
        (b"%u", (-7,)),
        (b"%s", {b"a": 1}),
        (b"%\x7f", (1,)),  # not 0x80 and up: CPython's own message fails to format for those
    ]
    for fmt, args in cases:
        s.call("mod", fmt, args)
        s.call("mod", bytearray(fmt), args)
    s.call("call", "builtins:bytes.__mod__", b"%s", (b"x",))
    s.call("call", "builtins:bytes.__rmod__", b"%s", (b"x",))
    s.call("call", "builtins:bytearray.__mod__", bytearray(b"%s"), (bytearray(b"x"),))
    s.call("mod", 5, b"x")


def translate(rec):
    s = rec.session("str.maketrans and str.translate")
    s.call("call", "builtins:str.maketrans", {"a": "b", 99: None, 100: 101})
    s.call("call", "builtins:str.maketrans", "abc", "xyz")
    s.call("call", "builtins:str.maketrans", "abc", "xyz", "q")
    s.call("call", "builtins:str.maketrans", "\u00e9", "\u4e00")
    s.call("call", "builtins:str.maketrans", "ab", "x")
    s.call("call", "builtins:str.maketrans", {"ab": 1})
    s.call("call", "builtins:str.maketrans", {1.5: 1})
    s.call("call", "builtins:str.maketrans", [1])
    s.call("call", "builtins:str.maketrans", "ab")
    s.call("call", "builtins:str.maketrans", 1, "x")
    s.call("call", "builtins:str.maketrans", "a", "b", 3)
    s.call("call", "builtins:str.maketrans")
    for text, table in [("hello world", {104: "H", 111: None, 108: "LL"}),
                        ("abcabc", {97: 120, 98: None}),
                        ("abc", {}),
                        ("h\u00e9llo", {0xe9: "e"}),
                        ("abc", {97: "\U0001f600"}),
                        ("abc", "xyz"),
                        ("abc", ["A", "B"]),
                        ("abc", {97: 0x110000}),
                        ("abc", {97: -1}),
                        ("abc", {97: 1.5}),
                        ("abc", {97: b"x"}),
                        ("abc", 5),
                        ("", {1: 2})]:
        s.call("call", "builtins:str.translate", text, table)
    s.call("call", "builtins:str.translate", "abc")


def big_range(rec):
    from fixture_format import Ref

    big = 2**64
    bounds = [(big,), (-big, big, 7), (big, 0, -2**70), (0, 10, big), (2**63 - 5, 2**63 + 5),
              (-2**63 - 3, -2**63 + 3), (big, big + 10, 3)]
    for args in bounds:
        s = rec.session(f"range{args}")
        s.call("call", "builtins:range", *args, _bind="r")
        r = Ref("r")
        s.call("length", r)
        s.call("repr", r)
        for index in (0, -1, 5, 2**70, -2**70):
            s.call("item", r, index)
        for bounds in ((1, None, 2), (None, None, -1), (-3, None), (2**70, None, -2**65)):
            s.call("call", "builtins:slice", *bounds, _bind="piece")
            s.call("item", r, Ref("piece"), _bind="sub")
            s.call("repr", Ref("sub"))
        whole = range(*args)
        small = (whole.stop - whole.start) // whole.step < 100  # a non-int is looked for by iterating
        for value in (2**63, 14, -big, big + 3) + ((1.0 * 2**64, "x", 2**63 - 4.0) if small else ()):
            s.call("call", "builtins:range.__contains__", r, value)
        s.call("take", r, 3)
        s.call("call", "builtins:reversed", r, _bind="rev")
        s.call("take", Ref("rev"), 3)
        s.call("call", "builtins:iter", r, _bind="it")
        s.call("it.__length_hint__")
        s.call("take", Ref("it"), 2)
        for attr in ("start", "stop", "step"):
            s.call("call", "builtins:getattr", r, attr)
        s.call("call", "builtins:bool", r)
        s.call("call", "builtins:range.index", r, 2**63 + 1)
        s.call("call", "builtins:range.count", r, 2**63 + 1)
        s.call("call", "builtins:range.count", r, 0)
        if len(whole[:2]) == 2:  # shorter ranges hash None, whose hash is CPython's address of it
            s.call("call", "builtins:hash", r)
        s.call("call", "builtins:range", *args, _bind="r2")
        s.call("call", "builtins:range.__eq__", r, Ref("r2"))
    s = rec.session("range beyond Py_ssize_t: odds and ends")
    s.call("call", "builtins:range", 0, big, 1, _bind="a")
    s.call("call", "builtins:range", big, _bind="b")
    s.call("call", "builtins:range.__eq__", Ref("a"), Ref("b"))
    s.call("call", "builtins:range", big, big + 10, 3, _bind="c")
    s.call("call", "builtins:range", big, big + 9, 3, _bind="d")
    s.call("call", "builtins:range.__eq__", Ref("c"), Ref("d"))
    s.call("call", "builtins:range", 0, big, 0)
    s.call("call", "builtins:list", Ref("c"))
    s.call("call", "builtins:range", 2**63 - 1, 2**63 + 2, _bind="e")
    s.call("call", "builtins:list", Ref("e"))
    s.call("call", "builtins:range.index", Ref("b"), -1)
    s.call("call", "builtins:range", 1.5 * big)


def record(rec):
    int_max_str_digits(rec)
    str_format(rec)
    bytes_percent(rec)
    translate(rec)
    big_range(rec)
