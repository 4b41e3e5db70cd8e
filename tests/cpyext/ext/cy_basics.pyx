# cython: language_level=3
"""A fixture module in Cython: what real Cython code does, compiled to C by Debian's Cython
(tests/helpers/cpython-ext.ts cythonize), built against both header sets and compared with
CPython (cases: cy_basics_cases.py)."""

# ---- def functions and their parameter kinds --------------------------------------------

def positional(a, b):
    return (a, b)

def defaults(a, b=2, c="c"):
    return [a, b, c]

def keyword_only(a, *, key, flag=False):
    return {"a": a, "key": key, "flag": flag}

def star_args(first, *args, **kwargs):
    return (first, args, sorted(kwargs.items()))

def typed(int n, double x, str s, bytes b):
    return (n * 2, x / 2, s.upper(), b + b"!")

cpdef long cp_square(long v):
    return v * v

def c_ints(long long a, unsigned int b, short c):
    return a + b + c

# ---- strings, bytes, numbers, containers ------------------------------------------------

def fmt(name, n, x):
    return f"{name}: {n:>4d} {x:.3f} {name!r} {n:#x}"

def str_ops(s):
    return [s.split(","), "-".join(reversed(s)), s.replace("a", "A"), s.startswith("a"),
            s[1:3], len(s), s.find("c"), s * 2, s.strip().title(), "%s|%d" % (s, len(s))]

def bytes_ops(b):
    return [b[0] if b else None, b[1:], b.hex(), bytes(reversed(b)), len(b), b.upper(), b"x" in b,
            bytearray(b) + b"?"]

def int_ops(a, b):
    return [a + b, a - b, a * b, a // b, a % b, a ** 2, -a, abs(b), a << 3, a >> 1, a & b, a | b,
            a ^ b, divmod(a, b), a == b, a < b, int(str(a)), hex(a), bin(b)]

def float_ops(double x, y):
    return [x + y, x * y, x / y, x // y, x % y, round(x, 2), int(x), float(str(x)), x < y, abs(-x)]

def big(n):
    return [n ** 5, 2 ** 100 + n, -(3 ** 70), (2 ** 64) // (n or 1)]

def list_ops(xs):
    ys = list(xs)
    ys.append(99)
    ys.insert(0, -1)
    ys.extend([7, 8])
    ys.sort()
    popped = ys.pop()
    return [ys, popped, ys[::-1], ys[1:-1], len(ys), 7 in ys, ys.index(99), ys.count(7)]

def dict_ops(d):
    e = dict(d)
    e["new"] = 1
    e.update(x=2)
    v = e.pop("x")
    keys = sorted(e.keys())
    return [keys, sorted(e.values()), e.get("missing", "dflt"), "new" in e, v, len(e),
            sorted(e.items()), e.setdefault("sd", []) ]

def set_ops(xs):
    s = set(xs)
    f = frozenset([1, 2, 3])
    return [sorted(s), sorted(s & f), sorted(s | f), sorted(s - f), len(s), 2 in s]

def tuple_ops(t):
    a, *rest = t
    return (a, rest, t + (1,), t * 2, len(t), t.count(a) if t else 0)

def comprehensions(n):
    return ([i * i for i in range(n)], {i: str(i) for i in range(n)}, {i % 3 for i in range(n)},
            sum(i for i in range(n) if i % 2), list(map(str, range(n))), any(i > 2 for i in range(n)))

def unpack(seq):
    a, b, c = seq
    return c, b, a

def dict_lookup(d, key):
    return d[key]

def to_int(s):
    return int(s)

def sort_by_key(words):
    return sorted(words, key=len)

def builtin_calls(xs):
    return [min(xs), max(xs), sum(xs), len(xs), sorted(xs, reverse=True), list(enumerate(xs)),
            list(zip(xs, xs[1:])), isinstance(xs, list), repr(xs), str(xs[0]), hash(1), abs(-3),
            type(xs).__name__, getattr(xs, "append") is not None, hasattr(xs, "nope"), callable(len)]

# ---- closures and generators ------------------------------------------------------------

def make_adder(n):
    def add(x):
        return x + n
    return add

def counter():
    count = 0
    def step():
        nonlocal count
        count += 1
        return count
    return step

def gen(n):
    for i in range(n):
        yield i * 10

def gen_list(n):
    return list(gen(n))

def gen_send():
    def echo():
        received = yield "start"
        while received is not None:
            received = yield received * 2
    g = echo()
    out = [next(g), g.send(3), g.send(5)]
    try:
        g.send(None)
    except StopIteration:
        out.append("stopped")
    return out

def gen_return():
    def g():
        yield 1
        return "done"
    it = g()
    out = [next(it)]
    try:
        next(it)
    except StopIteration as e:
        out.append(e.value)
    return out

def yield_from(n):
    def inner():
        yield from range(n)
        yield "end"
    return list(inner())

def lambdas(xs):
    return list(filter(lambda v: v % 2 == 0, xs)), list(map(lambda v: v * 3, xs))

# ---- exceptions -------------------------------------------------------------------------

class CyError(Exception):
    """An exception class defined in the module."""
    def __init__(self, msg, code=0):
        super().__init__(msg)
        self.code = code

class SubError(CyError):
    pass

def raise_value(msg):
    raise ValueError(msg)

def raise_custom(msg, code):
    raise SubError(msg, code)

def raise_nested(x):
    return _level2(x)

cdef _level2(x):
    return _level3(x) + 1

cdef _level3(x):
    if x < 0:
        raise KeyError(x)
    return x

def catch(kind):
    try:
        if kind == "key":
            {}["k"]
        elif kind == "index":
            [][3]
        elif kind == "zero":
            1 // 0
        elif kind == "custom":
            raise SubError("sub", 7)
        elif kind == "attr":
            object().missing
        return "none"
    except KeyError as e:
        return ("KeyError", repr(e))
    except IndexError as e:
        return ("IndexError", str(e))
    except CyError as e:
        return ("CyError", type(e).__name__, e.code, str(e))
    except Exception as e:
        return ("Exception", type(e).__name__, str(e))
    finally:
        pass

def reraise(x):
    try:
        raise_value(x)
    except ValueError:
        raise

def chained(x):
    try:
        return {}[x]
    except KeyError as e:
        raise RuntimeError("wrapped") from e

def cause_of(x):
    try:
        chained(x)
    except RuntimeError as e:
        return [type(e.__cause__).__name__, str(e.__cause__), e.__traceback__ is not None]

def error_code(x):
    try:
        raise_custom("m", x)
    except CyError as e:
        return e.code

# ---- with statements --------------------------------------------------------------------

class Managed:
    def __init__(self, log):
        self.log = log
    def __enter__(self):
        self.log.append("enter")
        return self
    def __exit__(self, exc_type, exc, tb):
        self.log.append("exit:" + (exc_type.__name__ if exc_type else "ok"))
        return exc_type is KeyError

def use_with(fail):
    log = []
    try:
        with Managed(log) as m:
            log.append("body")
            if fail == "key":
                raise KeyError("k")
            if fail == "value":
                raise ValueError("v")
    except ValueError:
        log.append("caught")
    return log

# ---- a Python class ---------------------------------------------------------------------

class Animal:
    """A plain Python class defined in Cython."""
    kind = "animal"
    count = 0

    def __init__(self, name, sound="..."):
        self.name = name
        self.sound = sound
        Animal.count += 1

    def speak(self):
        return f"{self.name} says {self.sound}"

    def __repr__(self):
        return f"Animal({self.name!r})"

    @staticmethod
    def create(name):
        return Animal(name, "hi")

    @classmethod
    def kind_of(cls):
        return cls.kind

    @property
    def upper(self):
        return self.name.upper()

class Dog(Animal):
    kind = "dog"
    def __init__(self, name):
        super().__init__(name, "woof")
    def speak(self):
        return "Dog: " + super().speak()

def class_info():
    d = Dog("rex")
    return [d.speak(), Dog.kind_of(), isinstance(d, Animal), Dog.__mro__[1].__name__, d.upper,
            repr(d), Animal.create("a").speak(), Dog.__name__, Dog.__qualname__, Animal.__doc__]

# ---- cdef classes -----------------------------------------------------------------------

cdef int live_vectors = 0

def vectors_alive():
    return live_vectors

cdef class Vector:
    """A cdef class with C attributes, special methods and properties."""
    cdef double x, y
    cdef public int tag
    cdef readonly str label

    def __cinit__(self, *args, **kwargs):
        global live_vectors
        live_vectors += 1

    def __init__(self, double x=0.0, double y=0.0, str label="v"):
        self.x = x
        self.y = y
        self.label = label
        self.tag = 0

    def __dealloc__(self):
        global live_vectors
        live_vectors -= 1

    property coords:
        def __get__(self):
            return (self.x, self.y)

    @property
    def norm2(self):
        return self.x * self.x + self.y * self.y

    @property
    def xx(self):
        return self.x

    @xx.setter
    def xx(self, value):
        if value < 0:
            raise ValueError("negative")
        self.x = value

    def scaled(self, double k):
        return Vector(self.x * k, self.y * k, self.label)

    cpdef double dot(self, Vector other):
        return self.x * other.x + self.y * other.y

    @staticmethod
    def unit():
        return Vector(1.0, 0.0, "unit")

    @classmethod
    def named(cls, label):
        return cls(0.0, 0.0, label)

    def __repr__(self):
        return f"Vector({self.x}, {self.y}, {self.label!r})"

    def __str__(self):
        return f"<{self.x},{self.y}>"

    def __add__(self, other):
        if not isinstance(self, Vector) or not isinstance(other, Vector):
            return NotImplemented
        return Vector((<Vector>self).x + (<Vector>other).x, (<Vector>self).y + (<Vector>other).y)

    def __mul__(self, k):
        if isinstance(self, Vector):
            return (<Vector>self).scaled(k)
        return NotImplemented

    def __neg__(self):
        return Vector(-self.x, -self.y)

    def __abs__(self):
        return self.norm2 ** 0.5

    def __bool__(self):
        return self.x != 0 or self.y != 0

    def __eq__(self, other):
        if not isinstance(other, Vector):
            return NotImplemented
        return self.x == (<Vector>other).x and self.y == (<Vector>other).y

    def __lt__(self, other):
        return self.norm2 < other.norm2

    def __hash__(self):
        return hash((self.x, self.y))

    def __len__(self):
        return 2

    def __getitem__(self, i):
        if i == 0 or i == -2:
            return self.x
        if i == 1 or i == -1:
            return self.y
        raise IndexError("Vector index out of range")

    def __iter__(self):
        yield self.x
        yield self.y

    def __contains__(self, v):
        return v == self.x or v == self.y

    def __reduce__(self):
        return (Vector, (self.x, self.y, self.label))

cdef class Vector3(Vector):
    """A cdef subclass with one more field."""
    cdef public double z

    def __init__(self, double x=0.0, double y=0.0, double z=0.0):
        super().__init__(x, y, "v3")
        self.z = z

    @property
    def norm2(self):
        return Vector.norm2.__get__(self) + self.z * self.z

    def __repr__(self):
        return f"Vector3({self.x}, {self.y}, {self.z})"

cdef class Stack:
    """A container type holding Python objects (a GC type)."""
    cdef list items
    cdef object top_cache

    def __init__(self, *items):
        self.items = list(items)

    def push(self, item):
        self.items.append(item)
        return self

    def pop(self):
        if not self.items:
            raise IndexError("pop from empty Stack")
        return self.items.pop()

    def __len__(self):
        return len(self.items)

    def __iter__(self):
        return iter(self.items)

    def __getitem__(self, i):
        return self.items[i]

    def __setitem__(self, i, v):
        self.items[i] = v

    def __delitem__(self, i):
        del self.items[i]

    def __richcmp__(self, other, int op):
        if not isinstance(other, Stack):
            return NotImplemented
        a, b = self.items, (<Stack>other).items
        if op == 2:
            return a == b
        if op == 3:
            return a != b
        return NotImplemented

    def __repr__(self):
        return "Stack(%s)" % ", ".join(repr(x) for x in self.items)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.items.clear()
        return False

    def __call__(self, *args, **kwargs):
        return (len(self.items), args, sorted(kwargs))

def stack_session():
    s = Stack(1, 2)
    s.push(3).push(4)
    s[0] = 10
    del s[1]
    out = [list(s), len(s), s.pop(), s[0], s == Stack(10, 3), s != Stack(), repr(s), s(1, k=2)]
    with s:
        out.append(len(s))
    out.append(len(s))
    return out

def vector_session():
    v = Vector(3.0, 4.0, "a")
    w = Vector3(1.0, 2.0, 2.0)
    return [repr(v), str(v), v.norm2, abs(v), list(v), v[1], v[-2], len(v), 4.0 in v, bool(Vector()),
            v == Vector(3.0, 4.0), v != w, v < Vector(5.0, 5.0), hash(v) == hash((3.0, 4.0)),
            repr(v + Vector(1.0, 1.0)), repr(-v), repr(v * 2.0), v.dot(Vector(1.0, 1.0)), w.norm2,
            repr(w), isinstance(w, Vector), Vector.unit().label, Vector.named("n").label, v.coords,
            v.__reduce__()[1], type(w).__mro__[1].__name__]

def memview_sum(const unsigned char[:] data):
    cdef Py_ssize_t i
    cdef long total = 0
    for i in range(data.shape[0]):
        total += data[i]
    return total

def bytes_loop(bytes data):
    cdef const unsigned char* p = data
    cdef Py_ssize_t i, n = len(data)
    cdef unsigned int h = 5381
    for i in range(n):
        h = ((h << 5) + h + p[i]) & 0xFFFFFFFF
    return h

def object_attrs(obj, name):
    return getattr(obj, name, "absent")

MODULE_CONSTANT = [1, "two", 3.0]
GREETING = "hello"
