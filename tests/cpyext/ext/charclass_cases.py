"""Cases for ext/charclass.c (see tests/cpyext/fixtures/gen_fixture.py)."""


def record(rec):
    rec.call("flag_bits")
    for start in range(0, 256, 32):
        rec.call("classify", list(range(start, start + 32)))
    # Py_CHARMASK: signed chars and wider ints are reduced to their low byte
    rec.call("classify", [-1, -128, -191, 256 + ord("0"), 0x141, (1 << 20) | ord("z"), 0x20 + 0x300])
    rec.call("classify", "not ints")
