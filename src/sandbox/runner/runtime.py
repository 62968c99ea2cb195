# iofold sandbox runtime. Runs inside Pyodide in the sandbox child process.
# Phase 1 (baked into the memory snapshot): imports only. Phase 2: harden(), then check/load/run_one.
import ast
import builtins
import json
import linecache
import sys
import time
import traceback

# What eval code may import. Keep in sync with docs/eval-contract.md.
ALLOWED_IMPORTS = frozenset(
    "json re typing math collections itertools functools datetime string difflib statistics "
    "dataclasses enum decimal fractions textwrap unicodedata operator copy heapq bisect".split()
)
for _m in sorted(ALLOWED_IMPORTS):
    __import__(_m)
import collections.abc  # noqa: E402,F401

USER_FILE = "<eval>"
FORBIDDEN_NAMES = frozenset(
    "eval exec compile open __import__ getattr setattr delattr globals locals vars breakpoint input "
    "memoryview help exit quit __builtins__ __loader__ __spec__ __build_class__".split()
)
# Attributes that walk frames, code objects or class graphs (names starting with "_" are refused too).
FORBIDDEN_ATTRS = frozenset(
    "gi_frame gi_code gi_yieldfrom cr_frame cr_code cr_await ag_frame ag_code ag_await f_back "
    "f_globals f_locals f_builtins f_code f_trace tb_frame tb_next co_code co_consts mro "
    "attrgetter methodcaller Formatter get_type_hints ForwardRef evaluate_forward_ref get_field".split()
)
SAFE_BUILTINS = (
    "abs all any ascii bin bool bytearray bytes callable chr classmethod complex dict divmod "
    "enumerate filter float format frozenset hasattr hash hex id int isinstance issubclass iter len "
    "list map max min next object oct ord pow print property range repr reversed round set slice "
    "sorted staticmethod str sum super tuple type zip aiter anext __build_class__ "
    "True False None NotImplemented Ellipsis"
).split()
BLOCKED_MODULES = frozenset(
    "js pyodide_js pyodide _pyodide _pyodide_core pyodide_http micropip ctypes _ctypes socket "
    "_socket ssl _ssl select selectors subprocess _posixsubprocess multiprocessing threading "
    "_thread urllib http asyncio webbrowser importlib _imp zipimport builtins sys os posix gc "
    "inspect code codeop pdb signal resource mmap fcntl pty shutil tempfile pathlib io _io "
    "marshal pickle _pickle shelve ftplib smtplib telnetlib xmlrpc wsgiref sqlite3".split()
)
_real_import = builtins.__import__
_state = {}


def _top(name):
    return name.partition(".")[0]


def _issue(code, message, node=None, line=1, col=0):
    if node is not None:
        line, col = getattr(node, "lineno", 1), getattr(node, "col_offset", 0)
    return {"code": code, "message": message, "line": line, "column": col + 1}


def _static_issues(code):
    try:
        tree = ast.parse(code, USER_FILE)
    except SyntaxError as e:
        msg = f"{type(e).__name__}: {e.msg}"
        return None, [_issue("SYNTAX_ERROR", msg, line=e.lineno or 1, col=(e.offset or 1) - 1)]
    issues = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if _top(alias.name) not in ALLOWED_IMPORTS:
                    issues.append(_issue("FORBIDDEN_IMPORT", f"import of '{alias.name}' is not allowed", node))
        elif isinstance(node, ast.ImportFrom):
            mod = node.module or ""
            if node.level or _top(mod) not in ALLOWED_IMPORTS:
                issues.append(_issue("FORBIDDEN_IMPORT", f"import from '{'.' * node.level}{mod}' is not allowed", node))
        elif isinstance(node, ast.Name) and node.id in FORBIDDEN_NAMES:
            kind = "call of" if isinstance(node.ctx, ast.Load) else "use of"
            issues.append(_issue("FORBIDDEN_NAME", f"{kind} '{node.id}' is not allowed", node))
        elif isinstance(node, ast.Attribute) and (node.attr.startswith("_") or node.attr in FORBIDDEN_ATTRS):
            issues.append(_issue("FORBIDDEN_ATTRIBUTE", f"attribute '{node.attr}' is not allowed", node))
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and "__" in node.value:
            if any(w.startswith("__") and w.endswith("__") for w in node.value.replace(".", " ").split()):
                issues.append(_issue("FORBIDDEN_STRING", "strings naming dunder attributes are not allowed", node))
    evals = [n for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and n.name.startswith("eval_")]
    names = [n.name for n in evals]
    if not evals:
        issues.append(_issue("MISSING_EVAL_FUNCTION", "define exactly one top-level function named eval_<name>(trace)"))
    for i, fn in enumerate(evals):
        if i > 0:
            what = "duplicate definition of" if fn.name in names[:i] else "second eval function"
            issues.append(_issue("DUPLICATE_EVAL_FUNCTION", f"{what} '{fn.name}' (exactly one eval_* function is allowed)", fn))
        a = fn.args
        if isinstance(fn, ast.AsyncFunctionDef) or len(a.posonlyargs) + len(a.args) != 1 or a.vararg or a.kwarg or a.kwonlyargs:
            issues.append(_issue("BAD_SIGNATURE", f"'{fn.name}' must be a plain function taking one argument: def {fn.name}(trace)", fn))
    issues.sort(key=lambda x: (x["line"], x["column"]))
    return tree, issues


def check(code):
    tree, issues = _static_issues(code)
    if issues:
        return json.dumps({"ok": False, "issues": issues})
    name = next(n.name for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("eval_"))
    return json.dumps({"ok": True, "functionName": name})


def _guarded_import(name, globals=None, locals=None, fromlist=(), level=0):
    caller = sys._getframe(1).f_code.co_filename
    if caller.startswith("/lib/python") or caller == "/lib/iofold/runtime.py":
        return _real_import(name, globals, locals, fromlist, level)
    if level or _top(name) not in ALLOWED_IMPORTS:
        raise ImportError(f"import of '{name}' is not allowed in evals")
    return _user_view(_real_import(name, globals, locals, fromlist, level))


def _user_view(mod):
    """What eval code sees of an allowed module: its public, non-module names and allowed submodules.
    Built fresh per batch, so one eval cannot change what the next one imports."""
    views = _state.setdefault("views", {})
    if mod.__name__ in views:
        return views[mod.__name__]
    view = type(sys)(mod.__name__, getattr(mod, "__doc__", None))
    views[mod.__name__] = view
    for k, v in list(vars(mod).items()):
        if k.startswith("_") or k in FORBIDDEN_ATTRS:
            continue
        if isinstance(v, type(sys)):
            if v.__name__.startswith(mod.__name__ + "."):
                setattr(view, k, _user_view(v))
            continue
        setattr(view, k, v)
    return view


class _BlockFinder:
    """First on sys.meta_path: refuses to load blocked modules by any route (importlib included)."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        if _top(name) in ("js", "pyodide_js") or name in ("pyodide.code", "pyodide.http", "pyodide.ffi.wrappers"):
            raise ImportError(f"module '{name}' is not available in the sandbox")
        if _top(name) in ("ctypes", "_ctypes", "socket", "_socket", "ssl", "select", "subprocess", "urllib", "http", "asyncio"):
            raise ImportError(f"module '{name}' is not available in the sandbox")
        return None


def harden():
    import os
    import posix

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
        except Exception:
            pass
    for n in list(sys.modules):
        if _top(n) in ("js", "pyodide_js") or n in ("pyodide.code", "pyodide.http"):
            del sys.modules[n]
    sys.meta_path.insert(0, _BlockFinder)
    builtins.__import__ = _guarded_import
    safe = {n: getattr(builtins, n) for n in SAFE_BUILTINS if hasattr(builtins, n)}
    for n, v in vars(builtins).items():
        if isinstance(v, type) and issubclass(v, BaseException):
            safe[n] = v
    safe["__import__"] = _guarded_import
    _state["builtins"] = safe
    sys.setrecursionlimit(800)


class _CappedWriter:
    def __init__(self, cap):
        self.cap, self.parts, self.size, self.dropped = cap, [], 0, 0

    def write(self, s):
        s = str(s)
        room = self.cap - self.size
        if room > 0:
            self.parts.append(s[:room])
            self.size += min(len(s), room)
        self.dropped += max(0, len(s) - max(room, 0))
        return len(s)

    def flush(self):
        pass

    def text(self):
        t = "".join(self.parts)
        return t + (f"\n[output truncated: {self.dropped} more characters]" if self.dropped else "")


def _format_tb(e):
    tb = e.__traceback__
    while tb is not None and tb.tb_frame.f_code.co_filename != USER_FILE:
        tb = tb.tb_next
    lines = traceback.format_exception(type(e), e, tb, limit=20)
    text = "".join(lines)
    return text[-8000:]


def _describe(e):
    try:
        return f"{type(e).__name__}: {e}"[:2000]
    except BaseException:  # noqa: BLE001 - a user exception whose __str__ fails
        return type(e).__name__


def _error(code, message, e=None):
    err = {"code": code, "message": message[:2000], "retryable": False}
    if e is not None:
        err["traceback"] = _format_tb(e)
        tb = e.__traceback__
        line = None
        while tb is not None:
            if tb.tb_frame.f_code.co_filename == USER_FILE:
                line = tb.tb_lineno
            tb = tb.tb_next
        if line is not None:
            err["line"] = line
    return err


def load(code, batch, output_cap, reason_cap):
    """Checks and defines the eval, parses the batch (JSON bytes). Returns a JSON status."""
    data = json.loads(batch.to_bytes())
    _state["traces"], _state["output_cap"], _state["reason_cap"] = data, int(output_cap), int(reason_cap)
    if _state.get("code") == code and "fn" in _state:
        # Same eval as the last call in this process (the host keeps one eval per process): reuse it.
        return json.dumps({"ok": True, "functionName": _state["fn_name"], "count": len(data), "reused": True})
    _state.pop("fn", None)
    _state["code"] = None
    _state["views"] = {}
    tree, issues = _static_issues(code)
    if issues:
        first = issues[0]
        return json.dumps({"ok": False, "error": {"code": "STATIC_ERROR", "message": first["message"], "line": first["line"], "retryable": False}, "issues": issues})
    name = next(n.name for n in tree.body if isinstance(n, ast.FunctionDef) and n.name.startswith("eval_"))
    linecache.cache[USER_FILE] = (len(code), None, code.splitlines(True), USER_FILE)
    g = {"__builtins__": _state["builtins"], "__name__": "iofold_eval"}
    out = _CappedWriter(_state["output_cap"])
    sys.stdout = sys.stderr = out
    try:
        exec(compile(tree, USER_FILE, "exec"), g)
    except MemoryError as e:
        return json.dumps({"ok": False, "error": _error("RESOURCE_LIMIT", "MemoryError: the eval exceeded the sandbox memory cap", e), "violation": True})
    except BaseException as e:  # noqa: BLE001 - user code may raise anything, SystemExit included
        return json.dumps({"ok": False, "error": _error("USER_CODE_ERROR", f"at import time: {_describe(e)}", e)})
    finally:
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    _state["fn"], _state["fn_name"], _state["code"] = g[name], name, code
    return json.dumps({"ok": True, "functionName": name, "count": len(data)})


def run_one(i):
    """Runs the eval on trace i of the loaded batch. Returns the outcome as JSON."""
    traces, fn = _state["traces"], _state["fn"]
    trace, traces[i] = traces[i], None
    out = _CappedWriter(_state["output_cap"])
    sys.stdout = sys.stderr = out
    violation = False
    t0 = time.perf_counter()
    try:
        r = fn(trace)
        ms = (time.perf_counter() - t0) * 1000
        if not (type(r) is tuple and len(r) == 2 and type(r[0]) is bool and type(r[1]) is str):
            shape = f"tuple of length {len(r)}" if isinstance(r, tuple) else type(r).__name__
            if isinstance(r, tuple) and len(r) == 2:
                shape = f"({type(r[0]).__name__}, {type(r[1]).__name__})"
            res = {"ok": False, "error": _error("INVALID_RESULT", f"eval must return (bool, str), got {shape}")}
        else:
            reason, cap = r[1], _state["reason_cap"]
            if len(reason) > cap:
                reason = reason[:cap] + f"\n[reason truncated: {len(r[1]) - cap} more characters]"
            res = {"ok": True, "passed": r[0], "reason": reason}
    except MemoryError as e:
        ms = (time.perf_counter() - t0) * 1000
        violation = True
        res = {"ok": False, "error": _error("RESOURCE_LIMIT", "MemoryError: the eval exceeded the sandbox memory cap", e)}
    except RecursionError as e:
        ms = (time.perf_counter() - t0) * 1000
        res = {"ok": False, "error": _error("USER_CODE_ERROR", _describe(e), e)}
    except BaseException as e:  # noqa: BLE001
        ms = (time.perf_counter() - t0) * 1000
        res = {"ok": False, "error": _error("USER_CODE_ERROR", _describe(e), e)}
    finally:
        sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    res["durationMs"] = round(ms, 3)
    res["output"] = out.text()
    if violation:
        res["violation"] = True
    return json.dumps(res)


def unload():
    _state.pop("traces", None)
