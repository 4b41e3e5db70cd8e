"""Cases for ext/bridgeext.c (see tests/cpyext/fixtures/gen_fixture.py).

The bridge tests pass the JS value that converts to each argument and compare with what
CPython answered here; labels name the cases the tests look up."""

from fixture_format import pattern

VALUES = {
    "int 0": 0,
    "int -1": -1,
    "int 2**53": 2**53,
    "int -(2**53)": -(2**53),
    "int 2**53+1": 2**53 + 1,
    "int 2**64": 2**64,
    "int -(2**70)": -(2**70),
    "float 1.5": 1.5,
    "float -2.25e-300": -2.25e-300,
    "float -0.0": -0.0,
    "float inf": float("inf"),
    "float -inf": float("-inf"),
    "float nan": float("nan"),
    "str empty": "",
    "str latin1": "h\u00e9llo",
    "str bmp": "\u20ac\u4e2d",
    "str non-bmp": "a\U0001f600b",
    "str lone high surrogate": "x\ud800y",
    "str lone low surrogate": "\udc00",
    "str reversed pair": "\udc00\ud800",
    "bytes empty": b"",
    "bytes": b"\x00\xffab",
    "True": True,
    "False": False,
    "None": None,
    "list": [1, "a", None, 2.5],
    "list empty": [],
    "tuple": (1, "a"),
    "dict str keys": {"a": 1, "b": [1, 2]},
    "dict int keys": {1: "x", 2: "y"},
    "dict mixed keys": {"a": 1, 2: "b"},
    "nested": {"k": [{"x": (1, [2, {"y": None}])}, b"z"]},
}


def record(rec):
    for label, v in VALUES.items():
        rec.call("kind", v, _label=f"kind {label}")
        rec.call("ident", v, _label=f"ident {label}")

    # bytes-like: (readonly, len, sum, writable request accepted)
    rec.call("buffer_info", b"abc", _label="buffer bytes small")
    rec.call("buffer_info", pattern(65536, 7), _label="buffer bytes 64KiB")
    rec.call("buffer_info", pattern(65535, 7), _label="buffer bytes 64KiB-1")
    rec.call("buffer_info", bytearray(b"abc"), _label="buffer bytearray")
    rec.call("buffer_info", "abc", _label="buffer str")

    # errors
    rec.call("raise_value", "bad value", _label="raise ValueError")
    rec.call("raise_my", 1, "x", _label="raise MyError 2 args")
    rec.call("raise_my", "only", _label="raise MyError 1 arg")
    rec.call("raise_my", _label="raise MyError no args")
    rec.call("raise_key", "k", _label="raise KeyError")
    rec.call("call_catch", "not callable", _label="catch TypeError")
    rec.get("MyError.__module__", _label="MyError module")
    rec.get("MyError.__name__", _label="MyError name")

    # items, length, iteration on values that cross by value
    rec.call("getitem", [10, 20, 30], 1, _label="getitem list")
    rec.call("getitem", [10, 20, 30], -1, _label="getitem list negative")
    rec.call("getitem", [10, 20, 30], 3, _label="getitem list out of range")
    rec.call("getitem", {"a": 1}, "a", _label="getitem dict")
    rec.call("getitem", {"a": 1}, "zz", _label="getitem dict missing")
    rec.call("getitem", {1: "x"}, 1, _label="getitem map")
    rec.call("setitem", [1, 2], 0, 9, _label="setitem list")
    rec.call("setitem", {"a": 1}, "b", 2, _label="setitem dict")
    rec.call("length", [1, 2, 3], _label="len list")
    rec.call("length", {"a": 1, "b": 2}, _label="len dict")
    rec.call("length", 5, _label="len int")
    rec.call("iterate", [1, "a", None], _label="iterate list")
    rec.call("iterate", {"a": 1, "b": 2}, _label="iterate dict")
    rec.call("iterate", "ab", _label="iterate str")
    rec.call("getattr", 5, "real", _label="getattr int.real")
    rec.call("getattr", 5, "nope", _label="getattr missing")

    # import
    rec.call("import_attr", "bridgeext", "__name__", _label="import self")
    rec.call("import_attr", "no_such_module_x", "y", _label="import missing")
    rec.call("import_attr", "bridgeext", "no_such_attr", _label="import missing attribute")

    # the GIL
    rec.call("nogil_sum", 1000000, _label="nogil_sum")
    rec.call("threads", 4, 1000, _label="threads 4")
    rec.call("threads", 16, 50, _label="threads 16")
    s = rec.session("background worker")
    s.call("start_background", 6)
    s.call("join_background")
