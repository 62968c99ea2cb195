# iofold sandbox: process hardening and the check after every batch that nothing is left behind.
# A batch that changed anything listed in problems() gets its process recycled (never reused).
import abc
from _abc import _reset_caches
import builtins
import collections
import copyreg
import functools
import gc
from itertools import chain
from operator import is_
import os
import posix
import sys
import types
import typing

import iofold_checker as checker

_BLOCKED = ("js", "pyodide_js", "ctypes", "_ctypes", "socket", "_socket", "ssl", "select", "subprocess", "urllib", "http")
_base = {}


class _BlockFinder:
    """First on sys.meta_path: refuses to load blocked modules by any route (importlib included)."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        if name.partition(".")[0] in _BLOCKED or name in ("pyodide.code", "pyodide.http", "pyodide.ffi.wrappers"):
            raise ImportError(f"module '{name}' is not available in the sandbox")
        return None


def harden():
    from pyodide.ffi import unregister_js_module

    os.environ.clear()
    for mod in (os, posix):
        for n in ("system popen fork forkpty vfork execv execve execvp execvpe execl execle execlp execlpe "
                  "spawnv spawnve spawnl spawnle spawnlp spawnlpe spawnvp spawnvpe posix_spawn posix_spawnp "
                  "kill killpg putenv unsetenv").split():
            if hasattr(mod, n):
                setattr(mod, n, None)
    for n in ("js", "pyodide_js"):
        try:
            unregister_js_module(n)
        except Exception:  # noqa: BLE001 - not registered in this build
            pass
    for n in list(sys.modules):
        if n.partition(".")[0] in ("js", "pyodide_js") or n in ("pyodide.code", "pyodide.http"):
            del sys.modules[n]
    sys.meta_path.insert(0, _BlockFinder)


def _sys_state():
    return (
        tuple(sys.meta_path), tuple(sys.path), tuple(sys.path_hooks), sys.displayhook, sys.excepthook,
        sys.unraisablehook, sys.breakpointhook, sys.getrecursionlimit(), sys.gettrace(), sys.getprofile(),
        sys.stdin, sys.__stdout__, sys.__stderr__,
    )


def _asyncio_tasks():
    asyncio = sys.modules.get("asyncio")
    if asyncio is None:
        return 0
    try:
        return len(asyncio.all_tasks(asyncio.get_event_loop()))
    except Exception:  # noqa: BLE001 - no loop: no tasks
        return 0


RUNTIME_MODULES = ("iofold_checker", "iofold_rewrite", "iofold_views", "iofold_reset", "iofold_runtime")


def _reachable_classes():
    """Classes eval code can name: public classes of the allowed modules, their bases and metaclasses."""
    found = {}
    for name in checker.ALLOWED_IMPORTS:
        for value in vars(sys.modules[name]).values():
            if isinstance(value, type):
                for cls in (*value.__mro__, type(value)):
                    found[id(cls)] = cls
    return list(found.values())


_CONTAINERS = (list, dict, set, bytearray, collections.deque)


def _shared_containers():
    """Mutable containers held by what eval code reaches: class attributes of the reachable classes
    and module attributes of the allowed modules, two levels deep. Stdlib code reads and writes
    them (textwrap.TextWrapper.unicode_whitespace_trans, enum member maps, re's cache)."""
    modules = (*checker.ALLOWED_IMPORTS, "_strptime")  # datetime.strptime's format cache
    roots = [vars(cls) for cls in _reachable_classes()] + [vars(sys.modules[n]) for n in modules]
    found, stack = {}, [(v, 0) for d in roots for k, v in d.items() if k != "__builtins__"]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, _CONTAINERS) and not isinstance(value, bytearray) and id(value) not in found:
            found[id(value)] = value
            if depth < 2:
                stack.extend((item, depth + 1) for item in (value.values() if isinstance(value, dict) else list(value)))
        elif isinstance(value, bytearray):
            found[id(value)] = value
    return list(found.values())


def _own_dict(value):
    """The attribute dict of a function or object (never a class's or module's namespace: those are
    compared on their own), or None. A function's is made here if it had none yet."""
    if isinstance(value, (type, types.ModuleType)):
        return None
    try:
        d = object.__getattribute__(value, "__dict__")
    except Exception:  # noqa: BLE001 - no __dict__ (C objects), or one that refuses to be read
        return None
    return d if type(d) is dict else None


def _dicts_state(dicts):
    """Every dict's length, then all their keys and values in order."""
    keys = tuple(chain.from_iterable(map(dict.keys, dicts)))
    values = tuple(chain.from_iterable(map(dict.values, dicts)))
    return tuple(map(len, dicts)), keys, values


def _same_dicts(dicts, lens, keys, values):
    """The same lengths, key and value objects in order: by identity (an eval's object may claim to
    equal anything), in C loops only (about 280 dicts, compared after every batch)."""
    return (
        tuple(map(len, dicts)) == lens
        and all(map(is_, chain.from_iterable(map(dict.keys, dicts)), keys))
        and all(map(is_, chain.from_iterable(map(dict.values, dicts)), values))
    )


def find_attribute_dicts(views):
    """Once, before the memory snapshot (the walk takes about 150 ms in Pyodide): see below."""
    _base["found_dicts"] = _attribute_dicts(views)
    return len(_base["found_dicts"])


def _attribute_dicts(views):
    """The attribute dicts of the functions and objects eval code reaches: values of the allowed
    modules, of their views and of the reachable classes' namespaces, and what those dicts and
    objects hold, two levels deep. A stdlib callable that sets attributes on its argument writes
    there (abc.abstractmethod(json.dumps) did, and the mark outlived the batch, #13): whatever
    does, its mark is taken off after the batch like a shared container's contents."""
    modules = (*checker.ALLOWED_IMPORTS, "_strptime")
    roots = [vars(cls) for cls in _reachable_classes()] + [vars(sys.modules[n]) for n in modules]
    roots += [vars(view) for view in views.values()]
    found, seen = {}, set()
    stack = [(v, 0) for d in roots for k, v in d.items() if k != "__builtins__"]
    while stack:
        value, depth = stack.pop()
        if id(value) in seen:
            continue
        seen.add(id(value))
        d = _own_dict(value)
        if d is not None:
            found[id(d)] = d
        if depth < 2:
            held = d if d is not None else value if isinstance(value, dict) else None
            if held is not None:
                stack.extend((item, depth + 1) for item in list(held.values()))
            elif isinstance(value, (list, tuple, set, frozenset)):
                stack.extend((item, depth + 1) for item in list(value))
    return list(found.values())


def _contents(c):
    if isinstance(c, dict):
        return list(dict.items(c))
    return bytes(c) if isinstance(c, bytearray) else list(c)


def _fast(c, before):
    """What _unchanged compares with: the objects themselves, so the check is C loops (map over
    operator.is_), not a Python frame per item (about 10x faster in Pyodide)."""
    if isinstance(c, dict):
        return (tuple(dict.keys(c)), tuple(dict.values(c)))
    if isinstance(c, set):
        return frozenset(map(id, before))
    return before if isinstance(c, bytearray) else tuple(before)


def _unchanged(c, before, fast):
    """Identity of every key and value, in order (an eval's object may claim to equal anything)."""
    if isinstance(c, bytearray):
        return bytes(c) == before
    if isinstance(c, dict):
        keys, values = fast
        return len(c) == len(keys) and all(map(is_, dict.keys(c), keys)) and all(map(is_, dict.values(c), values))
    if len(c) != len(fast):
        return False
    if isinstance(c, set):
        return all(map(fast.__contains__, map(id, c)))
    return all(map(is_, c, fast))


def _refill(c, before):
    kind = type(c)  # stdlib classes are immutable: their own methods (OrderedDict keeps its order)
    if isinstance(c, (list, bytearray)):
        kind.__setitem__(c, slice(None), before)
    else:
        kind.clear(c)
        if isinstance(c, (dict, set)):
            kind.update(c, before)
        else:
            kind.extend(c, before)


def find_caches():
    """Every functools lru_cache of the process (typing's subscription caches, re's template cache,
    ...), emptied. Called before gc.freeze: frozen objects are not listed by gc.get_objects."""
    _base["caches"] = [o for o in gc.get_objects() if type(o) is functools._lru_cache_wrapper]
    clear_caches()
    return len(_base["caches"])


def clear_caches():
    """An lru_cache keeps its keys: an eval's object with a chosen __hash__ and an __eq__ that says
    yes would answer, and run, inside a later batch's lookups (typing.Optional[...])."""
    for cache in _base["caches"]:
        cache.cache_clear()


def restore_shared():
    """Empties every lru_cache and puts back the contents of every shared mutable container a batch
    changed (identity of keys and values, not equality: an eval's object may claim to be equal to
    anything). Returns how many containers."""
    clear_caches()
    restored = _restore_counters()
    empty, dicts, (lens, keys, values) = _base["empty_dicts"], _base["attribute_dicts"], _base["attribute_state"]
    if any(map(len, empty)) or not _same_dicts(dicts, lens, keys, values):
        for d, items in zip((*empty, *dicts), (*((),) * len(empty), *_base["attribute_items"])):
            if len(d) != len(items) or not all(map(is_, chain.from_iterable(dict.items(d)), chain.from_iterable(items))):
                dict.clear(d)
                dict.update(d, items)
                restored += 1
    for c, before, fast in _base["containers"]:
        if not _unchanged(c, before, fast):
            _refill(c, before)
            restored += 1
    return restored


# Counters stdlib code keeps on a class it leaves mutable (views.UNFROZEN): (module, class, name).
CLASS_COUNTERS = (("difflib", "HtmlDiff", "_default_prefix"),)


def _restore_counters():
    restored = 0
    for cls, name, value in _base["counters"]:
        if vars(cls).get(name) is not value:
            type.__setattr__(cls, name, value)
            restored += 1
    return restored


def take_baseline(jail):
    _base["counters"] = [(cls, name, vars(cls)[name]) for m, c, name in CLASS_COUNTERS for cls in (getattr(sys.modules[m], c),)]
    _base["jail"] = (jail, _keys_values(jail))
    _base["classes"] = [(cls, _keys_values(vars(cls))) for cls in _reachable_classes()]
    _base["runtime"] = {n: _keys_values(vars(sys.modules[n])) for n in RUNTIME_MODULES}
    _base["modules"] = _keys_values(sys.modules)
    _base["builtins"] = _keys_values(vars(builtins))
    _base["allowed"] = {n: _keys_values(vars(sys.modules[n])) for n in checker.ALLOWED_IMPORTS}
    _base["copyreg"] = _keys_values(copyreg.dispatch_table)
    _base["sys"] = _sys_state()
    _base["gc_callbacks"] = len(gc.callbacks)
    _base["overloads"] = _overloads()
    _base["containers"] = [(c, before, _fast(c, before)) for c in _shared_containers() for before in (_contents(c),)]
    # most are empty (a function's, made by the walk): one C pass finds any that is not
    _base["empty_dicts"] = [d for d in _base["found_dicts"] if not d]
    dicts = _base["attribute_dicts"] = [d for d in _base["found_dicts"] if d]
    _base["attribute_items"] = [tuple(dict.items(d)) for d in dicts]
    _base["attribute_state"] = _dicts_state(dicts)
    _base["spaces"] = _spaces_state()


def take_abc_token():
    """After the warm-up (Pyodide registers its JsProxy types with collections.abc as it first
    makes them): CPython's one counter of ABC registrations (abc.get_cache_token), a C static no
    reset can set back. A batch that registers anything leaves a number every later batch could
    read, so problems() reports any change from here."""
    _base["abc_token"] = abc.get_cache_token()
    abcs = _base["abcs"] = _every_abc()
    _base["abc_subclasses"] = _subclasses_of(abcs)


def _every_abc():
    """Every ABC of the process (about 110: collections.abc's, numbers', io's, typing's and
    contextlib's protocols, os.PathLike, ...): any of them may answer a check an eval makes."""
    found, stack, seen = [], [object], set()
    while stack:
        for sub in type.__subclasses__(stack.pop()):
            if id(sub) not in seen:
                seen.add(id(sub))
                stack.append(sub)
                if isinstance(sub, abc.ABCMeta):
                    found.append(sub)
    return found


def _subclasses_of(abcs):
    return tuple(chain.from_iterable(map(type.__subclasses__, abcs)))


def abcs_left():
    """The stdlib ABCs that a class the batch made is still a direct subclass of (its
    __subclasshook__ would answer their checks again), sorted names; [] when none (the usual
    case: one C pass over the ABCs' subclasses, compared by identity)."""
    before = _base.get("abc_subclasses")
    if before is None:
        return []
    now = _subclasses_of(_base["abcs"])
    if len(now) == len(before) and all(map(is_, now, before)):
        return []
    known = set(map(id, before))
    left = {f"{cls.__module__}.{cls.__qualname__}" for cls in _base["abcs"] if any(id(s) not in known for s in type.__subclasses__(cls))}
    return sorted(left)


def clear_abc_caches():
    """Empties every ABC's positive and negative caches (their registries are the token rule's):
    an answer a batch's hook gave (issubclass(dict, collections.abc.Sequence)) stays cached in the
    stdlib ABC after the hook's class is gone (#13 probes24)."""
    for cls in _base.get("abcs", ()):
        _reset_caches(cls)


def _spaces():
    """Every namespace problems() compares, as read-only views of the live dicts (a class's
    namespace is one already): sys.modules, builtins, the allowed and runtime modules, the jail,
    the reachable classes, copyreg's table."""
    dicts = [sys.modules, vars(builtins), *(vars(sys.modules[n]) for n in (*checker.ALLOWED_IMPORTS, *RUNTIME_MODULES))]
    dicts += [_base["jail"][0], copyreg.dispatch_table]
    return [*map(types.MappingProxyType, dicts), *(vars(cls) for cls, _ in _base["classes"])]


def _spaces_state():
    views = _spaces()
    return views, tuple(map(len, views)), tuple(chain.from_iterable(map(_VIEW_KEYS, views))), tuple(chain.from_iterable(map(_VIEW_VALUES, views)))


_VIEW_KEYS, _VIEW_VALUES = types.MappingProxyType.keys, types.MappingProxyType.values


def _spaces_unchanged():
    """problems()' namespace checks at once: the same lengths, then every key and value object in
    order, by identity, in three C loops over all of them (about 3,500 entries). One Python call
    per namespace (about 270 of them) took about 1 ms of a reset's 3 in Pyodide; this is the same
    test, since equal lengths line the namespaces up."""
    views, lens, keys, values = _base["spaces"]
    return (
        tuple(map(len, views)) == lens
        and all(map(is_, chain.from_iterable(map(_VIEW_KEYS, views)), keys))
        and all(map(is_, chain.from_iterable(map(_VIEW_VALUES, views)), values))
    )


def _overloads():
    registry = getattr(typing, "_overload_registry", {})
    return sum(len(by_name) for by_name in registry.values())


def _keys_values(d):
    """A namespace (a dict, or a class's mappingproxy) as its key and value objects, in order."""
    return tuple(d.keys()), tuple(d.values())


def _same(now, before):
    """The same key and value objects in the same order (C loops: no Python frame per entry; the
    check of every reachable class's namespace fell from about 10 ms to about 1 ms per batch)."""
    keys, values = before
    return len(now) == len(keys) and all(map(is_, now.keys(), keys)) and all(map(is_, now.values(), values))


def problems():
    """What differs from the state every batch starts from (empty: clean)."""
    found = [] if _spaces_unchanged() else _namespace_problems()
    if _sys_state() != _base["sys"] or sys.stdout is not sys.__stdout__ or sys.stderr is not sys.__stderr__:
        found.append("interpreter settings changed")
    if os.environ or len(gc.callbacks) != _base["gc_callbacks"] or gc.isenabled():
        found.append("environment or collector changed")
    if _asyncio_tasks():
        found.append("asyncio tasks pending")
    if _overloads() != _base["overloads"]:
        found.append("typing overload registry changed")
    # not yet during the warm-up, whose registrations are the baseline (take_abc_token)
    if "abc_token" in _base and abc.get_cache_token() != _base["abc_token"]:
        found.append("an ABC registry changed (abc.register)")
    if any(cache.cache_info().currsize for cache in _base["caches"]):
        found.append("an lru_cache is not empty")
    return found


def _namespace_problems():
    """Which namespaces changed, once _spaces_unchanged() found that one did."""
    found = []
    if not _same(sys.modules, _base["modules"]):
        found.append("sys.modules changed")
    if not _same(vars(builtins), _base["builtins"]):
        found.append("builtins changed")
    for name, before in _base["allowed"].items():
        if not _same(vars(sys.modules[name]), before):
            found.append(f"module {name} changed")
    for name, before in _base["runtime"].items():
        if not _same(vars(sys.modules[name]), before):
            found.append(f"runtime module {name} changed")
    jail, before = _base["jail"]
    if not _same(jail, before):
        found.append("jail changed")
    for cls, before in _base["classes"]:
        if not _same(vars(cls), before):
            found.append(f"class {cls.__qualname__} changed")
    if not _same(copyreg.dispatch_table, _base["copyreg"]):
        found.append("copyreg dispatch table changed")
    return found or ["a namespace changed"]
