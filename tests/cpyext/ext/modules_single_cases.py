"""Cases for ext/modules_single.c (see tests/cpyext/fixtures/gen_fixture.py)."""


def record(rec):
    rec.get("__name__")
    rec.get("__doc__")
    rec.get("STATE_SIZE")
    rec.call("found_is_self")
    rec.call("hits")
    rec.call("hit")
    rec.call("hit")
    rec.call("hits")
    rec.call("store", "first")
    rec.call("store", [1, 2])
    rec.call("store", None)
    rec.call("hit", 1)
