"""Cases for ext/types_static.c (see tests/cpyext/fixtures/gen_fixture.py)."""

from fixture_format import Ref


def record(rec):
    # The types as objects: names, docs, class attributes, descriptors in the type dict.
    for path in ["Point.__name__", "Point.__module__", "Point.__qualname__", "Point.__doc__", "Point3.__doc__",
                 "Plain.__doc__", "Point.DIM", "Point.UNIT", "Point3.DIM", "Point.norm2.__doc__", "Point.move.__doc__",
                 "Point.weighted.__doc__", "Point.x.__doc__", "Point.xy.__doc__", "Point.norm2", "Point.x", "Point.xy",
                 "Point.origin", "Point.kind", "Point.__base__.__name__", "Point3.__base__.__name__", "Point3.__mro__",
                 "Point.origin.__self__.__name__", "Point3.norm2.__objclass__.__name__", "Point.kind.__name__", "Vec.__doc__",
                 "Point.missing"]:
        rec.get(path)
    for name in ["Point", "Point3", "Plain", "NoNew", "Vec", "VecIter", "Table", "Node"]:
        rec.call("type_info", name)

    # Construction: tp_new + tp_init, argument errors, a type without tp_new.
    rec.call("Point", 1, 2)
    rec.call("Point", 1.5)
    rec.call("Point", 1, 2, label="p")
    rec.call("Point")
    rec.call("Point", "a")
    rec.call("Point", 1, 2, 3)
    rec.call("Point", 1, lab=2)
    rec.call("NoNew")
    rec.call("Plain")
    rec.call("Plain", 1, k=2)
    rec.call("Point3", 1, 2, 3)
    rec.call("Point3", 1)

    # Members: every type read and written, read-only ones, T_OBJECT_EX unset.
    s = rec.session("members")
    s.call("Point", 3, 4, _bind="p")
    for attr in ["x", "y", "extra", "tag", "ro_tag", "big", "flag", "small", "sh", "f", "label"]:
        s.get(f"p.{attr}")
    for attr, value in [("x", 5.5), ("x", 7), ("x", "a"), ("y", -0.25), ("tag", 7), ("tag", "no"), ("big", 2**62),
                        ("big", -(2**63)), ("flag", True), ("flag", 1), ("small", 255), ("sh", -5), ("f", 0.5),
                        ("label", "b"), ("label", None), ("extra", (1, 2)), ("serial", 5), ("ro_tag", 1),
                        ("nonexistent", 1)]:
        s.set(f"p.{attr}", value)
        s.get(f"p.{attr}")
    s.get("p.ro_tag")

    # Getset: getter, setter with type checks, a read-only getset.
    s = rec.session("getset")
    s.call("Point", 1, -2, _bind="p")
    s.get("p.xy")
    s.get("p.quadrant")
    s.set("p.xy", (-3, 4))
    s.get("p.xy")
    s.get("p.quadrant")
    s.set("p.xy", [1, 2])
    s.set("p.xy", ("a", 1))
    s.set("p.xy", (1, 2, 3))
    s.set("p.quadrant", 2)
    s.get("p.x")

    # Methods with every calling convention, bound to an instance.
    s = rec.session("methods")
    s.call("Point", 3, 4, _bind="p")
    s.call("p.norm2")
    s.call("p.norm2", 1)
    s.call("p.scale", 2, _bind="q")
    s.get("q.xy")
    s.call("p.scale", "x")
    s.call("p.scale")
    s.call("p.move", 1)
    s.get("p.xy")
    s.call("p.move", dx=1, dy=2)
    s.get("p.xy")
    s.call("p.move")
    s.call("p.move", 1, dz=2)
    s.call("p.weighted")
    s.call("p.weighted", 1, 2)
    s.call("p.weighted", 1, weight=2)
    s.call("p.weighted", weight="x")
    s.call("p.weighted", w=1)
    s.call("Point.norm2", Ref("p"))
    s.call("Point.norm2", 1)
    s.call("Point.norm2")

    # Class and static methods, through the type and through an instance.
    s = rec.session("class and static methods")
    s.call("Point.origin", _bind="o")
    s.get("o.xy")
    s.call("Point3.origin", _bind="o3")
    s.get("o3.z")
    s.call("Point.from_pair", (1, 2), _bind="fp")
    s.get("fp.xy")
    s.call("Point.from_pair", 1)
    s.call("Point.kind")
    s.call("Point.dist", Ref("o"), Ref("fp"))
    s.call("Point.dist", 1, 2)
    s.call("fp.origin", _bind="o2")
    s.get("o2.xy")
    s.call("fp.kind")
    s.call("fp.dist", Ref("fp"), Ref("o2"))

    # repr/str/hash/compare, through slot wrappers and through the abstract API.
    s = rec.session("slots")
    s.call("Point", 3, 4, _bind="p")
    s.call("Point", 3, 4, _bind="same")
    s.call("Point", 1, 0, _bind="small")
    s.call("protocol", Ref("p"))
    s.call("compare", Ref("p"), Ref("same"))
    s.call("compare", Ref("p"), Ref("small"))
    s.call("compare", Ref("p"), 1)
    s.call("p.__repr__")
    s.call("p.__str__")
    s.call("p.__hash__")
    s.call("p.__eq__", Ref("same"))
    s.call("p.__ne__", Ref("same"))
    s.call("p.__lt__", Ref("small"))
    s.call("p.__gt__", Ref("small"))
    s.call("p.__le__", Ref("small"))
    s.call("p.__eq__", 1)

    # A subclass inheriting slots from its base.
    s = rec.session("subclass")
    s.call("Point3", 1, 2, 2, _bind="p3")
    s.call("Point", 1, 2, _bind="p")
    s.get("p3.z")
    s.get("p3.x")
    s.call("p3.norm3")
    s.call("p3.norm2")
    s.call("p3.scale", 2, _bind="s3")
    s.call("protocol", Ref("s3"))
    s.call("protocol", Ref("p3"))
    s.call("compare", Ref("p3"), Ref("p"))
    s.call("p.__hash__")
    s.call("p3.__hash__")
    s.call("p3.__repr__")
    s.call("Point.dist", Ref("p3"), Ref("p"))
    s.get("p.norm3")

    # Plain: everything from object.
    s = rec.session("plain")
    s.call("Plain", _bind="a")
    s.call("Plain", _bind="b")
    s.get("a.value")
    s.set("a.value", 2**40)
    s.get("a.value")
    s.set("a.value", 2**70)
    s.set("a.other", 1)
    s.call("a.__eq__", Ref("a"))
    s.call("a.__eq__", Ref("b"))
    s.call("a.__ne__", Ref("b"))
    s.call("a.__lt__", Ref("b"))
    s.call("compare", Ref("a"), Ref("a"))
    s.call("compare", Ref("a"), Ref("b"))
    s.call("to_list", Ref("a"))
    s.call("buffer_info", Ref("a"))

    # Vec: sequence slots, buffer export, iteration.
    s = rec.session("vec")
    s.call("Vec", [5, -2, 7], _bind="v")
    s.call("protocol", Ref("v"))
    s.call("v.__len__")
    s.call("v.__getitem__", 0)
    s.call("v.__getitem__", -1)
    s.call("v.__getitem__", 3)
    s.call("v.__getitem__", "a")
    s.call("v.__setitem__", 1, 40)
    s.call("v.__setitem__", 5, 40)
    s.call("v.__delitem__", 0)
    s.call("v.__contains__", 7)
    s.call("v.__contains__", 8)
    s.call("to_list", Ref("v"))
    s.call("v.sum")
    s.call("buffer_info", Ref("v"))
    s.call("exports_during_view", Ref("v"))
    s.get("v.exports")
    s.set("v.exports", 1)
    s.call("view", Ref("v"))
    s.call("v.__iter__", _bind="it")
    s.call("it.__next__")
    s.call("it.__iter__")
    s.call("to_list", Ref("it"))
    s.call("it.__next__")
    s.call("protocol", Ref("it"))
    s.call("Vec", [])
    s.call("Vec", "ab")
    s.call("Vec", 1)
    s.call("Vec", [1], x=1)
    s.call("Vec", [2**70])

    # Table: mapping slots.
    s = rec.session("table")
    s.call("Table", a=1, b="x", _bind="t")
    s.call("t.__len__")
    s.call("t.__getitem__", "a")
    s.call("t.__getitem__", "zz")
    s.call("t.__getitem__", 1)
    s.call("t.__setitem__", "c", [3])
    s.call("t.__delitem__", "a")
    s.call("t.__delitem__", "a")
    s.call("t.keys")
    s.call("protocol", Ref("t"))
    s.call("Table", 1)

    # Node: a GC type.
    s = rec.session("node")
    s.call("Node", 1, _bind="leaf")
    s.call("Node", 2, Ref("leaf"), _bind="n")
    s.call("n.tracked")
    s.call("n.depth")
    s.get("n.value")
    s.get("n.child")
    s.set("n.value", 3)
    s.set("n.child", None)
    s.call("n.depth")
    s.get("leaf.child")
    s.call("Node", "x")

    rec.call("churn", 4)
    rec.call("node_churn", 5)
    rec.call("buffer_info", b"abc")

