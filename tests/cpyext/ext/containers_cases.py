"""Cases for ext/containers.c (see tests/cpyext/fixtures/gen_fixture.py)."""

BIG = 2**70 + 1


def record(rec):
    rec.call("tuple_steal")
    for items in [[1, "two", 3.5], ["a", "b"], [None, [1], {"k": 1}, BIG, b"x"]]:
        rec.call("tuple_ops", items)
    for items, i in [([1, 2, 3], 0), ([1, 2, 3], 2), ([1, 2, 3], 3), ([1, 2, 3], -1), ([], 0)]:
        rec.call("tuple_getitem", items, i)
    for o in [[1, 2], "ab", 5]:
        rec.call("tuple_misuse", o)

    rec.call("list_steal")
    for items in [[3, 1, 2], [], ["b", "a", "c", "d"], [1, "x"], [BIG, -BIG, 0, 2.5]]:
        rec.call("list_ops", items)
    for o in [(1,), "ab", None]:
        rec.call("list_misuse", o)

    for d in [{}, {"a": 1, "b": 2, "c": 3}, {3: "x", 1: "y", 2: "z"}, {"z": None, 1: [1], 2.5: (1, 2), BIG: "big", b"k": b"v", None: 0}]:
        rec.call("dict_next", d)
    rec.call("dict_next", [1])
    for d, present, missing in [({"a": 1, "s": "str", 5: "five"}, "a", "zz"), ({1: "one", "s": 2, (1, 2): 3}, 1, 2),
                                ({BIG: 1, "s": 0, -1: -1}, BIG, BIG + 1), ({"s": 1}, "s", 1.5)]:
        rec.call("dict_ops", d, present, missing, [1, 2])
    rec.call("dict_refs")
    rec.call("dictproxy", {"a": 1, 2: "b"})

    for items, probe in [([3, 1, 2], 5), ([1, 2, 2, 3], 2), ([], "x"), (["s"], "t"), ([10, 20, 30], 10), ({1: 2, 3: 4}, 3), ([BIG, -1], BIG)]:
        rec.call("set_ops", items, probe)
    rec.call("set_ops", [[1]], 1)
    rec.call("set_ops", [1], [1])
    rec.call("set_ops", 5, 1)
    for o in [[1], {1: 2}, "s"]:
        rec.call("set_misuse", o)

    for start, stop, step, n in [(None, None, None, 10), (1, 5, None, 10), (-3, None, None, 10), (None, None, -1, 10),
                                 (8, 2, -2, 10), (-100, 100, 3, 10), (5, 1, 1, 10), (0, 10, 0, 10), (None, None, None, 0),
                                 (BIG, -BIG, None, 10), (-BIG, BIG, -BIG, 10), (2**63, None, -1, 5), ("a", None, None, 5),
                                 (1.5, None, None, 5), (None, None, 2**63, 7), (None, None, -(2**63), 7), (3, 7, 2, 6)]:
        rec.call("slice_indices", start, stop, step, n)

    rec.get("_API")
    rec.call("capsule_import", "containers._API", 21)
    rec.call("capsule_import", "containers._API", None)
    rec.call("capsule_import", "containers._NOPE", 1)
    rec.call("capsule_import", "containers.Buf", 1)
    rec.call("capsule_import", "no_such_module_xyz._API", 1)
    rec.call("capsule_check", "_API", "containers._API")
    rec.call("capsule_check", "_API", "wrong.name")
    rec.call("capsule_check", "_API", None)
    rec.call("capsule_check", "Buf", "containers._API")
    rec.call("capsule_life")

    for ro in [True, False]:
        s = rec.session(f"memoryview over Buf(readonly={ro})")
        s.call("buf", ro, _bind="b")
        s.call("memview", _ref("b"))
        s.get("b.exports")
        s.call("memview_of", _ref("b"), _bind="mv")
        s.get("b.exports")
        s.call("mv.tobytes")
        s.get("mv.readonly")
        s.get("mv.nbytes")
        s.call("mv.release")
        s.get("b.exports")
        s.call("memview_write", _ref("b"), 3, 0x7A)
        s.get("b.contents")
    for o in [b"bytes!", bytearray(b"ba"), "str", 5]:
        rec.call("memview", o)
        rec.call("memview_of", o)
    rec.call("memview_write", bytearray(b"abc"), 1, 0x5A)
    for w in [False, True]:
        rec.call("memview_memory", w)


def _ref(name):
    from fixture_format import Ref
    return Ref(name)
