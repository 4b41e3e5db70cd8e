"""Cases for ext/getargs_old.c (see tests/cpyext/fixtures/gen_fixture.py)."""


def record(rec):
    rec.call("old_units", "h\u00e9", 7, 0.5, [1])
    rec.call("old_units", "x", 2**31, 0.5, None)
    rec.call("old_units", "x", 1, "d", None)
    rec.call("old_units", "x", 1)
    rec.call("old_kw", 1)
    rec.call("old_kw", 1, 2, c="see")
    rec.call("old_kw", a=-5, c="z")
    rec.call("old_kw", 1, 2, 3)
    rec.call("old_kw", 1, q=2)
    rec.call("old_buffer", b"abc")
    rec.call("old_buffer", bytearray(b"ba"))
    rec.call("old_buffer", "str")
    rec.call("old_parse", 65535)
    rec.call("old_parse", "x")
    rec.call("old_hash", "abc")
    rec.call("old_hash", 5)
    rec.call("old_kw_hash", b"abc")
    rec.call("old_kw_hash", data=b"abc")
    rec.call("old_build")
    rec.call("old_build_hash")
