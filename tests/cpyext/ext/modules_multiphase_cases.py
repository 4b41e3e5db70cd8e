"""Cases for ext/modules_multiphase.c (see tests/cpyext/fixtures/gen_fixture.py)."""


def record(rec):
    for name in ["__name__", "__doc__", "ANSWER", "NEGATIVE", "GREETING", "PAIR", "HALF", "ANSWER_SEEN", "Tag.__name__",
                 "Tag.__module__", "Tag.__doc__", "bump.__doc__", "bump.__module__", "bump.__self__.__name__", "missing"]:
        rec.get(name)
    rec.call("exec_order")
    rec.call("info")
    rec.call("Tag")
    rec.call("bump")
    rec.call("bump")
    rec.call("register", "a", 1)
    rec.call("register", "b", [2])
    rec.call("register", 1, 2)
    rec.call("registry")
    rec.call("refcounts")
    rec.call("add_errors")

    s = rec.session("legacy module")
    s.call("make_legacy", _bind="legacy")
    s.get("legacy.__name__")
    s.get("legacy.__doc__")
    s.get("legacy.VERSION")
    s.call("legacy.double", 21)
    s.call("legacy.double", "ab")
    s.call("legacy.self_name")
    s.get("legacy.double.__doc__")
    s.get("legacy.double.__module__")

    s = rec.session("plain module")
    s.call("make_plain", "made.here", _bind="plain")
    s.get("plain.__name__")
    s.get("plain.__doc__")
    s.call("plain.double", 2.5)
    s.call("plain.self_name")
    s.get("plain.double.__module__")
    s.get("plain.nothing")
