/**
 * Sources the static check must refuse, by the code of the issue it reports: [name, module body,
 * line of the issue]. The test appends a valid eval function after the body, so only the probe can
 * be the refusal.
 */
const REFUSED_BY_CODE: Record<string, [string, string, number][]> = {
  FORBIDDEN_IMPORT: [
    ['os.system', 'import os\nos.system("id")', 1],
    ['subprocess', 'import subprocess', 1],
    ['ctypes', 'import ctypes', 1],
    ['socket', 'import socket', 1],
    ['urllib', 'import urllib.request', 1],
    ['pyfetch', 'from pyodide.http import pyfetch', 1],
    ['import js', 'import js', 1],
    ['import pyodide_js', 'import pyodide_js', 1],
    ['importlib', 'import importlib', 1],
    ['builtins', 'import builtins', 1],
    ['sys', 'import sys', 1],
    ['gc', 'import gc', 1],
    ['inspect', 'import inspect', 1],
    ['traceback', 'import traceback', 1],
    ['pickle', 'import pickle', 1],
    ['asyncio', 'import asyncio', 1],
    ['threading', 'import threading', 1],
    ['time.sleep', 'import time\ntime.sleep(3600)', 1],
    ['signal the parent', 'import os, signal', 1],
    ['submodule of an allowed module', 'import json.decoder', 1],
    // Outside probe: `from json import decoder` bound the real json.decoder (not a view), whose `re`
    // led to the real builtins and sys.modules.
    ['submodule imported by name', 'x = 1\nfrom json import decoder', 2],
    ['submodule imported by name, renamed', 'from json import encoder as e', 1],
    ['submodule not yet loaded', 'from string import templatelib', 1],
    // Modules a module imported for itself: refused here (the views leave them out, so at run time
    // they were an ImportError after the eval had been saved).
    ['module imported by typing', 'from typing import sys', 1],
    ['module imported by re', 'from re import enum as e', 1],
    ['attribute walker imported by name', 'from operator import attrgetter', 1],
    ['Formatter imported by name', 'from string import Formatter', 1],
    ['private name from an allowed module', 'from json import _default_encoder', 1],
    ['star import', 'from json import *', 1],
    ['relative import', 'from . import secrets', 1],
  ],
  FORBIDDEN_NAME: [
    ['__import__', 'x = 1\n__import__("os")', 2],
    ['open', 'open("/etc/passwd")', 1],
    ['exec', 'exec("1")', 1],
    ['eval', 'eval("1")', 1],
    ['compile', 'compile("1", "x", "eval")', 1],
    ['getattr', 'getattr(print, "x")', 1],
    ['setattr', 'setattr(print, "x", 1)', 1],
    ['vars', 'vars()', 1],
    ['globals()', 'globals()', 1],
    ['__builtins__', 'x = __builtins__', 1],
    ['full-width eval (NFKC)', '\uff45\uff56\uff41\uff4c("1")', 1],
    ['full-width globals (NFKC)', 'x = 1\n\uff47\uff4c\uff4f\uff42\uff41\uff4c\uff53()', 2],
    ['__init_subclass__', 'class A:\n    def __init_subclass__(cls):\n        pass', 2],
    ['finaliser', 'class A:\n    def __del__(self):\n        pass', 2],
    ['__set_name__', 'class D:\n    def __set_name__(self, owner, name):\n        pass', 2],
    ['__class_getitem__', 'class A:\n    def __class_getitem__(cls, k):\n        pass', 2],
    ['__getattribute__', 'class A:\n    def __getattribute__(self, k):\n        pass', 2],
    ['__reduce__', 'class A:\n    def __reduce__(self):\n        pass', 2],
    ['module __getattr__', 'def __getattr__(name):\n    pass', 1],
    [
      'class __getattr__ (it answers dunder names to stdlib code)',
      'class A:\n    def __getattr__(self, k):\n        pass',
      2,
    ],
    ['__match_args__ not a literal', 'names = ("x",)\nclass A:\n    __match_args__ = names', 3],
    ['__match_args__ naming a frame attribute', 'class A:\n    __match_args__ = ("gi_frame",)', 2],
    ['__match_args__ naming format', 'class A:\n    __match_args__ = ("format",)', 2],
    ['type through an alias', 'T = type\nC = T("C", (), {})', 1],
    ['type as a base class', 'class M(type):\n    pass', 1],
    ['type as a value', 'x = isinstance(1, type)', 1],
    ['__slots__', 'class A:\n    __slots__ = ()', 2],
    ['assign __name__', '__name__ = "json"', 1],
    ['global __builtins__', 'def f():\n    global __builtins__', 2],
    ['dunder keyword argument', 'def f(**k):\n    pass\nf(__globals__=1)', 3],
  ],
  FORBIDDEN_ATTRIBUTE: [
    ['full-width frame attribute (NFKC)', 'def g():\n    yield 1\ng().\uff47\uff49_frame', 3],
    ['subclass walk', '().__class__.__base__.__subclasses__()', 1],
    ['type __dict__', 'x = type(1).__dict__', 1],
    ['mro()', 'x = type(1).mro()', 1],
    ['bound method self', 'print.__self__', 1],
    ['function globals', '(lambda: 0).__globals__', 1],
    ['generator frame', 'def g():\n    yield 1\nx = g().gi_frame', 3],
    ['frame back', 'def f(fr):\n    return fr.f_back', 2],
    ['frame globals', 'def f(fr):\n    return fr.f_globals', 2],
    [
      'traceback frame',
      'try:\n    1 / 0\nexcept Exception as e:\n    x = e.__traceback__.tb_frame',
      4,
    ],
    ['code object', 'def f():\n    pass\nx = f.__code__', 3],
    ['name mangling', 'class A:\n    def f(self):\n        return self.__secret', 3],
    ['private attribute', 'import json\nx = json.decoder._CONSTANTS', 2],
    ['operator.attrgetter', 'import operator\nf = operator.attrgetter("x")', 2],
    ['operator.methodcaller', 'import operator\nf = operator.methodcaller("x")', 2],
    ['string.Formatter', 'import string\nf = string.Formatter()', 2],
    ['typing.get_type_hints', 'import typing\nx = typing.get_type_hints', 2],
    ['forward reference evaluate', 'import typing\nx = typing.List["x"].evaluate', 2],
    ['match class keyword', 'match 1:\n    case object(__globals__=g):\n        pass', 2],
    ['match class keyword frame', 'match 1:\n    case object(gi_frame=g):\n        pass', 2],
    [
      'make_dataclass',
      'import dataclasses\nC = dataclasses.make_dataclass("C", ["x"], namespace={})',
      2,
    ],
    [
      'class-pattern keyword format on type',
      'match str:\n    case type(format=fm):\n        pass',
      2,
    ],
    [
      'class-pattern keyword format on str',
      'match "{0}":\n    case str(format=fm):\n        pass',
      2,
    ],
    [
      'class-pattern keyword format_map',
      'match "{x}":\n    case str(format_map=fm):\n        pass',
      2,
    ],
  ],
  FORBIDDEN_FORMAT: [
    ['format field attribute', 'x = "{0.__class__}".format(1)', 1],
    [
      'format field built at run time',
      'u = "_" * 2\nx = ("{0." + u + "class" + u + "}").format(1)',
      2,
    ],
    ['format_map field', 'x = "{a.real}".format_map({"a": 1})', 1],
    ['str.format on a variable', 'x = str.format("{0}", 1)', 1],
    ['format index field', 'x = "{0[0]}".format([1])', 1],
  ],
  FORBIDDEN_STRING: [['dunder string', 'x = "__globals__"', 1]],
  FORBIDDEN_SYNTAX: [
    ['class from a dict', 'X = type("X", (), {})', 1],
    ['metaclass', 'class M(type):\n    pass\nclass A(metaclass=M):\n    pass', 3],
    ['async function', 'async def f():\n    pass', 1],
    ['attribute as a loop target', 'class A:\n    pass\nfor A.x in [1]:\n    pass', 3],
    ['attribute in unpacking', 'class A:\n    pass\nA.x, y = 1, 2', 3],
    ['type alias statement', 'type X = int', 1],
  ],
  FORBIDDEN_PATTERN: [
    // Positional class patterns read the names in the class's __match_args__: only classes whose
    // names are written in the source (and whose isinstance is plain) may take them.
    [
      'positional pattern on a class built at run time (make_dataclass, ABC register)',
      'import dataclasses, collections.abc\nU = "_" * 2\ndef grab(obj, name):\n    C = dataclasses.make_dataclass("C", [name], bases=(collections.abc.Hashable,))\n    C.register(type(obj))\n    match obj:\n        case C(v):\n            return v',
      7,
    ],
    [
      'metaclass with __instancecheck__ built through an alias of type',
      'T = type\nU = "_" * 2\nM = T("M", (T,), {U + "instancecheck" + U: lambda c, o: True})\nC = M("C", (), {U + "match_args" + U: ("x",)})\nmatch 1:\n    case C(v):\n        pass',
      6,
    ],
    ['positional pattern on object', 'match 1:\n    case object(v):\n        pass', 2],
    [
      'positional pattern on a stdlib class',
      'import collections.abc\nmatch 1:\n    case collections.abc.Hashable(v):\n        pass',
      3,
    ],
    [
      'positional pattern on an own class with a stdlib ABC base',
      'import collections.abc\nclass C(collections.abc.Hashable):\n    __match_args__ = ("x",)\nmatch 1:\n    case C(v):\n        pass',
      5,
    ],
    [
      'positional pattern on a rebound class name',
      'class C:\n    __match_args__ = ("x",)\nC = 1\nmatch 1:\n    case C(v):\n        pass',
      5,
    ],
    [
      'positional pattern on a shadowed builtin',
      'str = 1\nmatch 1:\n    case str(v):\n        pass',
      3,
    ],
    [
      'positional pattern on a class with another decorator',
      'def deco(c):\n    return c\n@deco\nclass C:\n    x: int\nmatch 1:\n    case C(v):\n        pass',
      7,
    ],
    [
      'positional pattern on a dataclass with a frame-attribute field',
      'import dataclasses\n@dataclasses.dataclass\nclass C:\n    gi_frame: int\nmatch 1:\n    case C(v):\n        pass',
      6,
    ],
  ],
};

/** The refusals as [name, module body, issue code, line of the issue]. */
export const REFUSED: [string, string, string, number][] = Object.entries(REFUSED_BY_CODE).flatMap(
  ([code, probes]) =>
    probes.map(([name, body, line]): [string, string, string, number] => [name, body, code, line]),
);

/** Sources evals legitimately use, which the check must accept. */
export const ACCEPTED: [string, string][] = [
  ['an allowed submodule imported by name', 'from collections import abc\nfrom json import loads'],
  [
    'classes with dunder methods and attributes on self',
    'class Box:\n    def __init__(self, v):\n        self.v = v\n        self.v += 1\n    def __eq__(self, o):\n        return self.v == o.v\n    def __repr__(self):\n        return f"Box({self.v!r})"',
  ],
  [
    'dataclasses, enums, named tuples',
    'import dataclasses, enum, typing\n@dataclasses.dataclass\nclass P:\n    x: int = 0\nclass C(enum.Enum):\n    A = 1\nclass T(typing.NamedTuple):\n    a: int',
  ],
  ['literal format strings', 'x = "{} and {name}".format(1, name=2) + "{0:>{1}}".format("a", 3)'],
  ['f-strings', 'v = 3\nx = f"{v!r:>5} {v + 1}"'],
  [
    'match statements',
    'def f(t):\n    match t:\n        case {"role": "user", "content": c}:\n            return c\n        case [first, *rest]:\n            return first\n        case str() as s:\n            return s',
  ],
  ['type() with one argument and __name__', 'x = type(1) is int and __name__ != "__main__"'],
  [
    'class patterns: builtins, own classes and dataclasses positionally, keywords on any class',
    'import dataclasses, datetime\nfrom dataclasses import dataclass\n@dataclasses.dataclass(frozen=True)\nclass P:\n    x: int\n    y: int = 0\n@dataclass\nclass Q(P):\n    z: int = 0\nclass R:\n    __match_args__ = ("a", "b")\ndef f(v):\n    match v:\n        case P(x, y) | Q(x, y, _):\n            return x\n        case R(a, b=b):\n            return a\n        case str(s) | int(s):\n            return s\n        case datetime.date(year=y):\n            return y',
  ],
  [
    'comprehensions, lambdas, generators',
    'xs = [i for i in range(3)]\nf = lambda a: a + 1\ndef g():\n    yield from xs',
  ],
  [
    'the allowed modules',
    'import json, re, typing, math, collections, collections.abc, itertools, functools\nimport datetime, string, difflib, statistics, dataclasses, enum, decimal, fractions\nimport textwrap, unicodedata, operator, copy, heapq, bisect, random\nfrom collections import Counter, defaultdict',
  ],
];
