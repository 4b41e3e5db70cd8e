"""Cases for ext/buildvalue.c (see tests/cpyext/fixtures/gen_fixture.py)."""


def record(rec):
    for name in ["INT_CONST", "ANSWER_MACRO", "STR_CONST", "GREETING_MACRO", "LIST", "STOLEN", "Thing.__name__", "Thing.__module__"]:
        rec.get(name)

    # Py_BuildValue
    for fn in ["ints", "ints_unwrapped", "strings", "s_null", "bytes_", "y_null", "bad_utf8", "wide", "chars",
               "bad_char", "floats", "complex_", "n_after_failure", "containers", "single", "multiple", "empty", "separators",
               "unmatched", "bad_unit", "unhashable", "dict_odd"]:
        rec.call(fn)
    rec.call("objects", b"abc")
    rec.call("objects", "abc")
    rec.call("objects", 5)
    rec.call("null_object", False)
    rec.call("null_object", True)

    # PyArg_UnpackTuple
    rec.call("unpack", 1)
    rec.call("unpack", 1, "b")
    rec.call("unpack", 1, 2, 3)
    rec.call("unpack")
    rec.call("unpack", 1, 2, 3, 4)
    rec.call("unpack", a=1)
    rec.call("unpack_exact", 1, 2)
    rec.call("unpack_exact", 1)
    rec.call("unpack_exact", 1, 2, 3)

    # calls with formats, into this module's echo
    rec.call("echo", 1, k=2)
    rec.call("call_function")
    rec.call("call_function_s")
    rec.call("call_function_error")
    rec.call("call_function_objargs")
    rec.call("call_method")
    rec.call("call_method", None, "nope")
    rec.call("call_function", 5)
    rec.call("call_method_one", "a-b-c", "split", "-")
    rec.call("call_method_one", [3, 1, 2], "index", 2)
    rec.call("call_method_one", [3, 1, 2], "index", 9)

    # PyModule_Add*
    s = rec.session("add then get")
    s.call("add", "ADDED", (1, "x"))
    s.get("ADDED")
    s.call("add", "ADDED", None)
    s.get("ADDED")
    rec.call("add_to", 1)
    for which in range(5):
        rec.call("add_error", which)
