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


def record(rec):
    int_max_str_digits(rec)
