# iofold sandbox: what eval code can reach, built once per process before any eval runs.
# - the jail namespace (jail.py) and the eval's restricted builtins;
# - read-only views of the allowed modules (public names only, minus the ones listed below);
# - every class that exists before the first eval made immutable (Py_TPFLAGS_IMMUTABLETYPE), so
#   `json.JSONEncoder.encode = ...` raises instead of changing the class for later runs.
import abc
import builtins
import ctypes
import dataclasses
import decimal
import enum
import functools
import gc
import keyword
import operator
import sys
import time
import types
import typing

import iofold_checker as checker
import string

for _name in sorted(checker.ALLOWED_IMPORTS):
    __import__(_name)
import _strptime  # noqa: E402,F401 - imported lazily by datetime.strptime: load it before any eval
import annotationlib  # noqa: E402

SAFE_BUILTINS = (
    "abs all any ascii bin bool bytearray bytes callable chr classmethod complex dict dir divmod "
    "enumerate filter float format frozenset hasattr hash hex id int isinstance issubclass iter len "
    "list map max min next object oct ord pow print property range repr reversed round set slice "
    "sorted staticmethod str sum super tuple type zip aiter anext __build_class__ "
    "True False None NotImplemented Ellipsis"
).split()
# Public names of allowed modules that evals do not get: code evaluation from strings, writers
# into shared registries or other modules, attribute walkers, mutable shared objects.
EXCLUDED = {
    "typing": "get_type_hints ForwardRef evaluate_forward_ref no_type_check no_type_check_decorator "
    "dataclass_transform overload get_overloads clear_overloads Type",
    "dataclasses": "make_dataclass",
    # a dispatcher's registry hands out the classes a function's annotations name: registering a
    # stdlib function (or an own one given its annotations by functools.wraps) gave the real `type`
    "functools": "singledispatch singledispatchmethod",
    "enum": "global_enum",
    "operator": "attrgetter methodcaller",
    "string": "Formatter",
    "copy": "dispatch_table",
    "decimal": "DefaultContext BasicContext ExtendedContext",
    "datetime": "datetime_CAPI",
    # random's command line: argparse over sys.argv, printing its help (probes24)
    "random": "main",
}
INPLACE = {
    "Add": operator.iadd, "Sub": operator.isub, "Mult": operator.imul, "MatMult": operator.imatmul,
    "Div": operator.itruediv, "FloorDiv": operator.ifloordiv, "Mod": operator.imod,
    "Pow": operator.ipow, "LShift": operator.ilshift, "RShift": operator.irshift,
    "BitOr": operator.ior, "BitXor": operator.ixor, "BitAnd": operator.iand,
}
_MUTABLE = (list, dict, set, bytearray)


def make_builtins(jail):
    safe = {n: getattr(builtins, n) for n in SAFE_BUILTINS if hasattr(builtins, n)}
    for n, v in vars(builtins).items():
        if isinstance(v, type) and issubclass(v, BaseException):
            safe[n] = v
    safe["__import__"] = jail["eval_import"]
    safe["type"] = jail["eval_type"]
    for name in checker.BRIDGE_NAMES:
        safe[name] = jail[name]
    return safe


def make_jail(source):
    jail = {
        "__name__": "iofold_jail",
        "S": {},
        "perf_counter": time.perf_counter,
        "gc_enable": gc.enable,
        "gc_disable": gc.disable,
        "gc_collect": gc.collect,
        "FunctionType": types.FunctionType,
        "ModuleType": types.ModuleType,
        "real_setattr": setattr,
        "UNFROZEN": UNFROZEN,
        "current_decimal_context": decimal.getcontext,
        "real_delattr": delattr,
        "real_getattr": getattr,
        "update_wrapper": functools.update_wrapper,
        "WRAPPER_ASSIGNMENTS": functools.WRAPPER_ASSIGNMENTS,
        "WRAPPER_UPDATES": functools.WRAPPER_UPDATES,
        "INPLACE": INPLACE,
        "output_written": lambda: None,  # the child (runner/child.mjs) sets its own before start
        "abc_register": abc.ABCMeta.register,
        "abc_init": abc._abc_init,
        "dataclass": dataclasses.dataclass,
        "enum_create": enum.EnumType._create_,
        "real_type": type,
        "WRAPPABLE": (types.FunctionType, types.BuiltinFunctionType, types.MethodType),
        "KEYWORDS": frozenset(keyword.kwlist),
        "get_field": dataclasses._get_field,
        "abstractmethod": abc.abstractmethod,
        "total_ordering": functools.total_ordering,
        # what dataclass reads: forward references left as they are, never evaluated
        "class_annotations": functools.partial(annotationlib.get_annotations, format=annotationlib.Format.FORWARDREF),
    }
    jail["__builtins__"] = {n: getattr(builtins, n) for n in SAFE_BUILTINS if hasattr(builtins, n)}
    jail["__builtins__"].update({n: v for n, v in vars(builtins).items() if isinstance(v, type) and issubclass(v, BaseException)})
    exec(compile(source, "/lib/iofold/jail.py", "exec"), jail)
    return jail


def _view_value(value):
    """Mutable shared objects and metaclasses (a metaclass builds classes from dicts) stay out."""
    if isinstance(value, type) and issubclass(value, type):
        return False
    return not isinstance(value, _MUTABLE) and type(value).__name__ not in ("Context", "PyCapsule", "deque")


def make_views(jail):
    """One read-only view per allowed module (shared by every batch: nothing in it can change)."""
    views = {}
    # stdlib callables that set attributes on what they are given, by identity: a module that
    # imported one for itself (typing.abstractmethod, collections.abc.abstractmethod) hands it out too
    guarded = {
        abc.abstractmethod: jail["guard_abstractmethod"],
        functools.update_wrapper: jail["guard_update_wrapper"],
        functools.wraps: jail["guard_wraps"],
        functools.total_ordering: jail["guard_total_ordering"],
        dataclasses.dataclass: jail["guard_dataclass"],
        typing.final: jail["mark_decorator"]("__final__"),
        typing.override: jail["mark_decorator"]("__override__"),
    }
    replacements = {id(real): guard for real, guard in guarded.items()}
    for real, guard in guarded.items():
        # its errors name the function the eval called (update_wrapper(), not guard_update_wrapper())
        guard.__name__, guard.__qualname__ = real.__name__, real.__qualname__
        guard.__code__ = guard.__code__.replace(co_name=real.__name__, co_qualname=real.__qualname__)
    for name in sorted(checker.ALLOWED_IMPORTS, key=len, reverse=True):
        mod = sys.modules[name]
        excluded = set(EXCLUDED.get(name, "").split())
        view = types.ModuleType.__new__(jail["ReadOnlyModule"], name)
        types.ModuleType.__init__(view, name, getattr(mod, "__doc__", None))
        attrs = vars(view)
        for key, value in list(vars(mod).items()):
            if key.startswith("_") or key in excluded:
                continue
            if isinstance(value, types.ModuleType):
                if f"{name}.{key}" in views:
                    attrs[key] = views[f"{name}.{key}"]
                continue
            if _view_value(value):
                attrs[key] = replacements.get(id(value), value)
        views[name] = view
    return views


def make_import(jail, views):
    """The eval's __import__: allowed names only, answered with their views. A `from` import of a
    name the view lacks fails here: Python would otherwise fall back to sys.modules["json.decoder"]
    (the real module) for `from json import decoder`; the static check refuses that first."""
    jail["views"], jail["allowed_imports"] = views, frozenset(checker.ALLOWED_IMPORTS)
    # datetime.strptime imports _strptime from C on first use, through the caller's __import__: the
    # check refuses the name in eval code, so only the stdlib asks for it (its caches are reset)
    # C datetime imports time lazily the same way (strftime, date.today, timetuple, f"{d:%Y}"):
    # PyImport_Import passes an empty list as fromlist and then reads sys.modules itself, never
    # what __import__ answered, so the eval gets None and never the time module (loaded above)
    jail["strptime_module"] = _strptime
    source = (
        "def eval_import(name, globals=None, locals=None, fromlist=(), level=0):\n"
        "    if name == '_strptime' and not level and not fromlist:\n"
        "        return strptime_module\n"
        "    if name == 'time' and not level and type(fromlist) is list and not fromlist:\n"
        "        return None\n"
        "    if level or name not in allowed_imports:\n"
        "        raise ImportError(f\"import of '{name}' is not allowed in evals\")\n"
        "    if not fromlist:\n"
        "        return views[name.partition('.')[0]]\n"
        "    view = views[name]\n"
        "    for attr in fromlist:\n"
        "        if attr not in view.__dict__:\n"
        "            raise ImportError(f\"cannot import name '{attr}' from '{name}' (unknown location)\")\n"
        "    return view\n"
    )
    exec(compile(source, "/lib/iofold/jail.py", "exec"), jail)


def guard_shared_registries(jail):
    """ABC registration of pre-existing classes would outlive the run; forward references and
    dataclass field names would evaluate strings as code the check never saw."""
    abc.ABCMeta.register = jail["guard_register"]
    abc._abc_init = jail["counting_abc_init"]  # what ABCMeta.__new__ calls for every ABC made
    enum.EnumType._create_ = jail["guard_enum_create"]
    dataclasses._get_field = jail["guard_field"]

    def no_evaluation(self, *args, **kwargs):
        raise TypeError("forward references are not evaluated in evals")

    annotationlib.ForwardRef.evaluate = no_evaluation


def _flags_offset():
    """Offset of tp_flags in a type object, found by matching two known types (fails closed)."""
    for off in range(0, 256, 4):
        if all(ctypes.c_ulong.from_address(id(t) + off).value == (t.__flags__ & 0xFFFFFFFF) for t in (type, int, checker.ast.AST, functools.partial)):
            return off
    raise RuntimeError("cannot locate tp_flags")


PYODIDE_MODULES = ("pyodide", "_pyodide", "js", "pyodide_js")
# difflib.HtmlDiff keeps a counter on the class (HtmlDiff._default_prefix += 1 in make_table and
# make_file): put back after every batch (reset.py), so the ids it writes depend on the batch only
UNFROZEN = (annotationlib.ForwardRef, annotationlib._Stringifier, sys.modules["difflib"].HtmlDiff)


def freeze_classes():
    """Marks every heap class that exists now immutable (Pyodide's own classes excepted, the two
    annotationlib turns into one another with `__class__ =` when dataclass reads a forward reference,
    and difflib.HtmlDiff, whose make_table counts on the class; evals still cannot change them:
    attribute stores are guarded, the after-batch check compares them)."""
    string.Template._compile_pattern()  # compiled lazily on first use otherwise: it sets class attributes
    off, done, stack, seen = _flags_offset(), 0, [object], set()
    while stack:
        cls = stack.pop()
        for sub in type.__subclasses__(cls):
            if id(sub) not in seen:
                seen.add(id(sub))
                stack.append(sub)
        mod = getattr(cls, "__module__", "") or ""
        if cls in UNFROZEN:
            continue
        if cls.__flags__ & (1 << 9) and not cls.__flags__ & (1 << 8) and mod.partition(".")[0] not in PYODIDE_MODULES:
            ctypes.c_ulong.from_address(id(cls) + off).value |= 1 << 8
            done += 1
    return done
