"""Cases for ext/texts.c (see tests/cpyext/fixtures/gen_fixture.py)."""

SAMPLES = ["", "ascii", "caf\u00e9", "\u00ff\u0100", "\u4e2d\u6587", "h\u00e9llo \U0001f600", "\U0010ffff", "a\x00b"]


def record(rec):
    for i in range(18):
        rec.call("fmt", i)

    for s in SAMPLES + ["x" * 300 + "\U0001f600"]:
        rec.call("utf8", s)
        rec.call("info", s)
    rec.call("utf8", "\ud800")
    rec.call("utf8", "a\udcffb")
    rec.call("utf8", b"bytes")
    rec.call("info", "\ud800x")
    for s, i in [("h\u00e9\U0001f600", 2), ("abc", -1), ("abc", 3), ("", 0)]:
        rec.call("read_char", s, i)

    for kind, data in [(1, b"abc\xe9"), (2, "\u4e2d\u6587a".encode("utf-16-le")), (2, "\u00e9\u00e8".encode("utf-16-le")),
                       (2, b"a\x00b\x00"), (4, "\U0001f600x".encode("utf-32-le")), (4, "ab".encode("utf-32-le")),
                       (4, "\u4e2d".encode("utf-32-le")), (4, b"\x00\x00\x11\x00"), (3, b"abc"), (1, b"")]:
        rec.call("from_kind", kind, data)
    for chars in [[], [97], [0xe9, 97], [0x4e2d], [0x1f600, 0], [0x110000], [0xd800]]:
        rec.call("from_ucs4", chars)

    text = "the quick brown fox jumps over the lazy dog \u00e9\u00e9 \U0001f600 end"
    for a, b in [(0, 3), (4, 9), (-3, 100), (40, 100), (10, 5), (0, 0), (45, 48)]:
        rec.call("op", "substring", text, a, b)
    for sub, start, end, d in [("the", 0, 1000, 1), ("the", 0, 1000, -1), ("the", 1, 1000, 1), ("\U0001f600", 0, 100, 1),
                               ("\u00e9", 0, 100, -1), ("zz", 0, 100, 1), ("", 5, 3, 1), ("o", -10, -1, 1), ("", 0, 100, -1)]:
        rec.call("op", "find", text, sub, start, end, d)
    for ch, d in [(ord("o"), 1), (ord("o"), -1), (0x1f600, 1), (0xe9, -1), (0x4e2d, 1)]:
        rec.call("op", "findchar", text, ch, 0, 1000, d)
    for sub in ["o", "the", "", "\u00e9", "zz"]:
        rec.call("op", "count", text, sub)
    rec.call("op", "count", "aaaa", "aa", 1, 4)
    for sub, s, e, d in [("the", 0, 100, -1), ("end", 0, 1000, 1), ("quick", 4, 9, -1), ("quick", 4, 9, 1), ("", 3, 2, 1)]:
        rec.call("op", "tailmatch", text, sub, s, e, d)
    rec.call("op", "find", text, 5)
    rec.call("op", "find", 5, "a")

    for s, sep, n in [(text, None, -1), (text, " ", 3), ("  a  b  ", None, -1), ("  a  b  ", None, 1), ("a,b,,c", ",", -1),
                      ("a\u00e9b\u00e9c", "\u00e9", -1), ("", ",", -1), ("", None, -1), ("abc", "", -1), ("x\u3000y\u2028z", None, -1)]:
        rec.call("op", "split", s, sep, n)
    for s, sep, n in [("a,b,c,d", ",", 2), ("  a b c  ", None, 1)]:
        rec.call("op", "rsplit", s, sep, n)
    for s, keep in [("a\nb\r\nc\rd\x0be\x1cf\u2028g\x85", 0), ("a\nb\r\n", 1), ("", 0)]:
        rec.call("op", "splitlines", s, keep)
    for s, sep in [("k=v=w", "="), ("kv", "="), ("a\U0001f600b", "\U0001f600"), ("a", "")]:
        rec.call("op", "partition", s, sep)
    for sep, seq in [(", ", ["a", "b", "c"]), ("", []), ("\u00e9", ["x", "\U0001f600", ""]), ("-", ["a", 1]), ("-", "abc"),
                     ("-", ["only"])]:
        rec.call("op", "join", sep, seq)
    rec.call("op", "join", 5, ["a"])
    rec.call("op", "join", 5, ["a", "b"])
    rec.call("op", "join", 5, [])
    rec.call("op", "join", 5, [1])
    for s, old, new, n in [(text, "the", "THE", -1), (text, "the", "\U0001f601", 1), ("aaaa", "a", "", -1), ("abc", "", "-", -1),
                           ("abc", "", "-", 2), ("\u00e9\u00e9", "\u00e9", "e", -1), ("abc", "x", "y", -1), ("abc", "b", "\u4e2d", 0)]:
        rec.call("op", "replace", s, old, new, n)
    for a, b in [("ab", "cd"), ("", "\U0001f600"), ("\u00e9", "\u4e2d"), ("a", 1), ("a", b"b")]:
        rec.call("op", "concat", a, b)
        rec.call("op", "append", a, b)
    for a, b in [(text, "fox"), (text, "\U0001f600"), ("abc", ""), ("abc", 1)]:
        rec.call("op", "contains", a, b)
    for a, b in [("a", "b"), ("b", "a"), ("\u00e9", "e"), ("\U0001f600", "\uffff"), ("abc", "abc"), ("ab", "abc"), ("a", 1)]:
        rec.call("op", "compare", a, b)
    for a, b in [("abc", "abc"), ("abc", "abd"), ("ab", "abc"), ("\u00e9", "e"), ("abc", "ab")]:
        rec.call("op", "compare_ascii", a, b)
    for v in ["x", 1, b"x"]:
        rec.call("op", "fromobject", v)
    for fmt, args in [("%s-%d", ["a", 5]), ("%r|%5.2f|%x", ["\u00e9", 3.14159, 255]), ("%(k)s", {"k": "v"}), ("%d", ["x"]),
                      ("%s %s", ["a"]), ("%c%c", [65, "\u00e9"]), ("%-6s|%06.1f|%+d|%o", ["ab", -2.25, 5, 8])]:
        rec.call("op", "format", fmt, tuple(args) if isinstance(args, list) else args)
    for data, n in [(b"abc", 2), (b"\xc3\xa9x", 3), (b"\xc3\xa9", 1), (b"", 0), (b"\xff", 1)]:
        rec.call("op", "fromstring_size", data, n)
    for ch in [65, 0xe9, 0x1f600, 0x110000, -1]:
        rec.call("op", "fromordinal", ch)
    rec.call("op", "intern", "interned_name")
    rec.call("op", "nope")

    for s, enc, err in [("caf\u00e9", "utf-8", None), ("caf\u00e9", None, None), ("caf\u00e9", "ascii", "strict"),
                        ("caf\u00e9", "ascii", "ignore"), ("caf\u00e9", "ascii", "replace"), ("caf\u00e9\U0001f600", "ascii", "xmlcharrefreplace"),
                        ("caf\u00e9\U0001f600", "ascii", "backslashreplace"), ("caf\u00e9", "latin-1", None), ("\u4e2d", "latin-1", None),
                        ("\u4e2d", "latin1", "replace"), ("a\U0001f600", "utf-16", None), ("a\U0001f600", "utf-16-le", None),
                        ("a\U0001f600", "utf-32-be", None), ("a\udc80b", "utf-8", "surrogateescape"), ("a\ud800b", "utf-8", None),
                        ("a\ud800b", "utf-8", "surrogatepass"), ("a\ud800b", "utf-8", "replace"), ("x", "no-such-codec", None),
                        ("x", "utf-8", "bogus-handler")]:
        rec.call("encode", s, enc, err)
    for b, enc, err in [(b"caf\xc3\xa9", "utf-8", None), (b"caf\xc3\xa9", None, None), (b"caf\xe9", "utf-8", None),
                        (b"caf\xe9", "utf-8", "replace"), (b"caf\xe9", "utf-8", "ignore"), (b"caf\xe9", "utf-8", "surrogateescape"),
                        (b"caf\xe9", "utf-8", "backslashreplace"), (b"caf\xe9", "latin-1", None), (b"\xff\xfe", "ascii", None),
                        (b"\xff\xfea\x00", "utf-16", None), (b"\x00a", "utf-16-be", None), (b"a\x00\x00", "utf-16-le", None),
                        (b"\xed\xa0\x80", "utf-8", None), (b"\xed\xa0\x80", "utf-8", "surrogatepass"), (b"\xf0\x9f\x98", "utf-8", None),
                        (b"\xf0\x9f\x98\x80", "utf-8", None), (b"\xc0\xaf", "utf-8", None), (b"x", "no-such-codec", None),
                        (b"\xff", "latin-1", "strict")]:
        rec.call("decode", b, enc, err)
    for name, x, err in [("AsUTF8String", "\u00e9\U0001f600", None), ("AsASCIIString", "abc", None), ("AsASCIIString", "\u00e9", None),
                         ("AsLatin1String", "\u00ff", None), ("AsLatin1String", "\u0100", None), ("AsUTF16String", "a\U0001f600", None),
                         ("AsUTF32String", "a", None), ("AsUTF8String", b"x", None), ("EncodeLocale", "abc", None),
                         ("DecodeUTF8", b"\xe2\x82\xac", None), ("DecodeUTF8", b"\xe2\x82", "strict"), ("DecodeUTF8", b"\xe2\x82", "replace"),
                         ("DecodeUTF8Stateful", b"ab\xe2\x82", None), ("DecodeUTF8Stateful", b"ab\xe2\x82\xac", None),
                         ("DecodeUTF8Stateful", b"a\xffb", "replace"), ("DecodeASCII", b"ab\x80", None),
                         ("DecodeASCII", b"ab\x80", "replace"), ("DecodeLatin1", b"\xe9\xff", None), ("DecodeUTF16", b"\xff\xfea\x00", None),
                         ("DecodeUTF16", b"a\x00b", None), ("DecodeUTF32", b"\xff\xfe\x00\x00\x00\xf6\x01\x00", None),
                         ("DecodeFSDefault", b"abc", None), ("DecodeUTF8", "str", None)]:
        rec.call("codec", name, x, err)

    # bytes
    for s in ["abc", "", "\u00e9"]:
        rec.call("bytes_op", "fromstring", s)
    for b, n in [(b"abcdef", 3), (b"abc", 0), (b"", 0), (b"abc", -1)]:
        rec.call("bytes_op", "fromsize", b, n)
    rec.call("bytes_op", "format")
    for a, b in [(b"ab", b"cd"), (b"", b""), (b"ab", "cd"), (b"ab", bytearray(b"xy")), (b"ab", memoryview(b"mv"))]:
        rec.call("bytes_op", "concat", a, b)
        rec.call("bytes_op", "concat_and_del", a, b)
    for b, n in [(b"abcdef", 3), (b"abc", 6), (b"abc", 0), (b"", 5), (b"abc", -1)]:
        rec.call("bytes_op", "resize", b, n)
    for b in [b"abc", b"a\x00b"]:
        rec.call("bytes_op", "as_string_nolen", b)
    for b in [b"abc", "abc", bytearray(b"x")]:
        rec.call("bytes_op", "size", b)
    for v in [b"x", bytearray(b"y"), [1, 2, 255], [256], "s", 3, memoryview(b"mv")]:
        rec.call("bytes_op", "fromobject", v)
    for b in [b"a'b\"c\n\x00\xff", b"it's", b""]:
        rec.call("bytes_op", "repr", b)
    for sep, seq in [(b", ", [b"a", b"b", bytearray(b"c")]), (b"", []), (b"-", [b"a", "b"])]:
        rec.call("bytes_op", "join", sep, seq)

    # bytearray
    for v in [b"abc", bytearray(b"xy"), [1, 2, 3], "s", 5, memoryview(b"mv")]:
        rec.call("bytearray_op", "fromobject", v)
    rec.call("bytearray_op", "fromstring", b"a\x00b")
    for a, b in [(bytearray(b"ab"), b"cd"), (b"ab", b"cd"), (b"ab", memoryview(b"mv")), (bytearray(b""), bytearray(b"")), (b"a", "b"),
                 (b"a", 1)]:
        rec.call("bytearray_op", "concat", a, b)
    for start, sizes in [(b"abcdef", [3, 10, 0, 2, 1000, 1]), (b"", [0, 1, 0])]:
        rec.call("bytearray_op", "resize", start, sizes)
    for v in [bytearray(b"abc"), b"abc"]:
        rec.call("bytearray_op", "size", v)
