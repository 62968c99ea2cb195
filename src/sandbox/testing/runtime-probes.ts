/**
 * Eval code that passes the static check and then tries to escape or to leave state behind, one
 * probe per `trace["metadata"]["kind"]` (escape suite). Each probe's exact outcome is asserted.
 */
export const RUNTIME_PROBE = `import json, re, typing, datetime, string, operator, functools, collections, decimal, copy, random
import collections.abc, dataclasses, enum, difflib

U = "_" * 2

class Hashes(collections.abc.Hashable):
    def __hash__(self):
        return 1

class Taker:
    def take(self):
        self.leak = "left by a probe"
        return True, "took"

def count_up():
    try:
        yield 1
    finally:
        while True:
            pass

def eval_probe(trace):
    kind = trace["metadata"]["kind"]
    if kind == "sanity":
        return True, "sum=" + str(sum(range(trace["metadata"]["n"])))
    if kind == "json.codecs":
        return True, str(json.codecs)
    if kind == "typing.sys":
        return True, str(typing.sys.modules)
    if kind == "re.enum":
        return True, str(re.enum)
    if kind == "patch a stdlib class":
        json.JSONEncoder.encode = None
    if kind == "patch a module":
        json.loads = None
    if kind == "set an attribute on a stdlib object via self":
        return Taker.take(re.IGNORECASE)
    if kind == "set an attribute on a stdlib function":
        json.JSONDecoder().parse_object.leak = 1
    if kind == "update_wrapper on a stdlib function":
        functools.update_wrapper(json.JSONDecoder().parse_object, count_up)
    if kind == "register dict as a Sequence":
        collections.abc.Sequence.register(dict)
    if kind == "register a stdlib class into an own ABC":
        Hashes.register(type(json.dumps))
    if kind == "register an own class into an own ABC":
        return True, str(Hashes.register(Taker) is Taker and isinstance(Taker(), Hashes))
    if kind == "type of a class":
        return True, str(type(json.JSONEncoder))
    if kind == "make a module view":
        return True, repr(type(json)("os"))
    if kind == "make a module view through a name":
        view = type(re)
        return True, repr(view("sys", "doc"))
    if kind == "dataclass on a stdlib class":
        dataclasses.dataclass(json.JSONEncoder)
    if kind == "dataclass with options on a stdlib class":
        dataclasses.dataclass(frozen=True)(json.JSONEncoder)
    if kind == "enum functional API with a dunder member":
        enum.Enum("E", {U + "match_args" + U: ("x",), "A": 1})
    if kind == "enum functional API with a sunder member in a list":
        enum.Enum("E", [("A", 1), ("_missing_", 2)])
    if kind == "enum functional API, plain names":
        return True, enum.Enum("E", "A, B").B.name
    if kind == "update_wrapper reading a named attribute":
        functools.update_wrapper(lambda: 0, json.dumps, assigned=(U + "globals" + U,))
    if kind == "wraps reading a named attribute":
        functools.wraps(json.dumps, updated=(U + "dict" + U,))
    if kind == "update_wrapper missing an argument":
        functools.update_wrapper(lambda: 0)
    if kind == "random.main":
        return True, str(random.main)
    if kind == "a lone surrogate in an exception message":
        raise ValueError("a" + chr(0xD800) + "b")
    if kind == "lone surrogates in the reason and output":
        print(chr(0xDC00))
        return True, "r" + chr(0xD800)
    if kind == "a long exception message":
        raise ValueError("m" * 5000)
    if kind == "update_wrapper onto an own class":
        class W:
            pass
        functools.update_wrapper(W, count_up)
    if kind == "wraps onto an own class":
        class W:
            pass
        functools.wraps(count_up)(W)
    if kind == "update_wrapper from an object":
        class G:
            pass
        functools.update_wrapper(lambda: 0, G())
    if kind == "wraps between own functions":
        @functools.wraps(count_up)
        def wrapper():
            return 0
        return True, wrapper.__name__
    if kind == "dataclass with plain field names":
        @dataclasses.dataclass
        class P:
            a: int
            label: str = "t"
        return True, repr(P(1))
    if kind == "typing.Type (its origin is type)":
        return True, str(typing.get_origin(typing.Type[int]))
    if kind == "a metaclass from a module":
        return True, str(enum.EnumType)
    if kind == "copy.dispatch_table":
        return True, str(copy.dispatch_table)
    if kind == "decimal.DefaultContext":
        return True, str(decimal.DefaultContext)
    if kind == "functools.singledispatch, which evaluated annotations":
        @functools.singledispatch
        def f(x):
            return "base"
        @f.register
        def _(x: "count_up().gi_frame"):
            return "registered"
        return True, f(1)
    if kind == "string.Template substitute":
        return True, string.Template("$who likes $what").substitute(who="tim", what="kung pao")
    if kind == "datetime.strptime":
        return True, str(datetime.datetime.strptime("2026-12-05", "%Y-%m-%d"))
    if kind in ("difflib.HtmlDiff make_table", "difflib.HtmlDiff make_table again"):
        return True, ",".join(re.findall(r'id="(from[0-9]+_[0-9]+)"', difflib.HtmlDiff().make_table(["a"], ["b"])))
    if kind == "patch difflib.HtmlDiff":
        difflib.HtmlDiff.leak = 1
    if kind == "datetime.strftime":
        return True, datetime.datetime(2024, 1, 2, 3, 4, 5).strftime("%Y-%m-%d %H:%M")
    if kind == "date.strftime":
        return True, datetime.date(2024, 1, 2).strftime("%d/%m/%Y")
    if kind == "date in an f-string with a format":
        return True, f"{datetime.date(2024, 1, 2):%Y}"
    if kind == "date.today":
        return True, type(datetime.date.today()).__name__
    if kind == "datetime.timetuple":
        return True, str(tuple(datetime.datetime(2024, 1, 2).timetuple()))
    if kind == "set the decimal context's precision":
        decimal.getcontext().prec = 6
        decimal.getcontext().prec += 1
        return True, str(decimal.Decimal(1) / decimal.Decimal(7))
    if kind == "set another attribute of the decimal context":
        decimal.getcontext().leak = 1
    if kind == "dataclass with a forward reference":
        @dataclasses.dataclass
        class C:
            a: undefined_name.attr = 1
        return True, repr(C())
    if kind in ("patch the forward reference class", "dataclass on the forward reference class"):
        @dataclasses.dataclass
        class D:
            a: undefined_name.attr = 1
        ref = type(dataclasses.fields(D)[0].type)
        if kind == "patch the forward reference class":
            ref.leak = None
        dataclasses.dataclass(ref)
    if kind == "error carries only text":
        try:
            json.JSONEncoder.encode = None
        except AttributeError as e:
            return True, repr(e.args)
    if kind == "print, then loop":
        print("started")
        print("step", 1)
        while True:
            pass
    if kind == "print past the cap, then loop":
        print("x" * 100000)
        while True:
            pass
    if kind == "infinite loop":
        while True:
            pass
    if kind == "busy sleep":
        start = datetime.datetime.now()
        while (datetime.datetime.now() - start).total_seconds() < 600:
            pass
    if kind == "catastrophic regex":
        return True, str(re.match(r"(a+)+$", "a" * 64 + "b"))
    if kind == "generator finaliser that never returns":
        g = count_up()
        next(g)
        g = None
        return True, "closed"
    if kind == "recursion bomb":
        def deeper(n):
            return deeper(n + 1)
        return True, str(deeper(0))
    if kind == "deeply nested json text":
        return True, str(json.loads("[" * 100000 + "]" * 100000))[:10]
    if kind == "deep repr through Python":
        class Node:
            def __init__(self, child):
                self.child = child

            def __repr__(self):
                return "N(" + repr(self.child) + ")"
        n = None
        for _ in range(2000):
            n = Node(n)
        return True, repr(n)[:10]
    if kind == "drop a deeply nested list":
        x = []
        for _ in range(1000000):
            x = [x]
        x = None
        return True, "dropped"
    if kind == "deeply nested json":
        x = []
        for _ in range(200000):
            x = [x]
        return True, json.dumps(x)[:10]
    if kind == "1 GB allocation":
        return True, str(len(bytearray(1024 * 1024 * 1024)))
    if kind == "grow until out of memory":
        x = []
        while True:
            x.append("y" * 1000000 + str(len(x)))
    if kind in ("double a str", "double bytes", "double a list", "double a str into another name"):
        s = {"double a str": "a", "double bytes": b"a", "double a list": [0]}.get(kind, "a")
        try:
            while True:
                if kind == "double a str into another name":
                    t = s + s
                    s = t
                else:
                    s = s + s
        except BaseException:
            return True, "caught, then " + type(s).__name__ + " of " + str(len(s))
    if kind == "small output":
        print("x" * 100000)
        return True, "printed"
    if kind == "100 MB print":
        print("x" * 100000000)
        return True, "printed"
    if kind == "print loop":
        for i in range(300000):
            print(i)
        return True, "printed"
    if kind == "huge reason":
        return True, "r" * 50000000
    if kind == "huge non-tuple return":
        return ["x"] * 10000000
    if kind == "str subclass reason":
        class S(str):
            pass
        return True, S("x")
    if kind == "SystemExit":
        raise SystemExit(0)
    if kind == "KeyboardInterrupt":
        raise KeyboardInterrupt()
    if kind == "exception whose str never returns":
        class Slow(Exception):
            def __str__(self):
                while True:
                    pass
        raise Slow()
    if kind == "exception whose str raises":
        class E(Exception):
            def __str__(self):
                raise ValueError("no")
        raise E()
    return False, "unknown probe " + kind
`;
