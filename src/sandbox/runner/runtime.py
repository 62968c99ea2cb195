# iofold sandbox runtime (privileged). Runs inside Pyodide in a sandbox child process and never
# has eval code below it on the stack: JavaScript (runner/child.mjs) calls load, then the jail's
# run_module / run_trace (eval code), then module_result / trace_result, then the reset.
# Phase 1, baked into the memory snapshot: imports, jail, views. Phase 2, per process: start().
import decimal
import gc
from _blake2 import blake2b
import json
import marshal
import random
import re
import sys
import types
from _json import encode_basestring_ascii as _q

import iofold_checker as checker
import iofold_rewrite as rewrite
import iofold_views as views
import iofold_reset as reset

with open("/lib/iofold/jail.py") as _f:
    JAIL = views.make_jail(_f.read())
VIEWS = views.make_views(JAIL)
views.make_import(JAIL, VIEWS)
BUILTINS = views.make_builtins(JAIL)
reset.find_attribute_dicts(VIEWS)
GUARDS = {
    checker.GUARDS["set"]: JAIL["guard_setattr"],
    checker.GUARDS["del"]: JAIL["guard_delattr"],
    checker.GUARDS["aug"]: JAIL["guard_augattr"],
}
S = JAIL["S"]
_compiled = {}
_module_patterns = {}  # eval code -> the re cache entries its module body added (before any trace)
_re_start_keys = frozenset()
_batch = {}
_last = {}  # the last batch's code and caps, for stage()
_staged = {}  # "code": the code stage() prepared the next batch for
# Interned strings (#13 probes4 batch 57): "ref" is how many may be interned when a batch's reset
# is over; _module_ran holds the codes whose module body ran in this process (see module_result).
_interned = {"ref": 0}
_module_ran = set()
RANDOM_SEED = 0


def start():
    """Once per process, after the snapshot is restored and before any eval runs."""
    views.guard_shared_registries(JAIL)
    frozen = views.freeze_classes()
    reset.harden()
    sys.setrecursionlimit(800)
    gc.collect()
    reset.find_caches()
    gc.freeze()
    gc.disable()
    global _re_start_keys
    _re_start_keys = frozenset(re._cache2) | frozenset(re._cache)
    reset.take_baseline(JAIL)
    # The baseline's own objects (about 1,800, made just above) are frozen too: the release's full
    # collection, inside every batch's last trace, walked them all (0.5-1.5 ms of CPU on a warm
    # single call's path in Pyodide); now it walks what was made since start (about 60). Nothing
    # is frozen after a batch: garbage a batch left in a shared container, which the reset takes
    # back, is found by the next batch's collection (cross-run.test.ts).
    gc.freeze()
    _interned["ref"] = sys.getunicodeinternedsize()
    return frozen


def check(code):
    _tree, name, issues, found = checker.static_check(code)
    if issues:
        return json.dumps({"ok": False, "issues": issues})
    if found.bridge:
        return json.dumps({"ok": True, "functionName": name, "bridge": sorted(found.bridge)})
    return json.dumps({"ok": True, "functionName": name})


def question_id(q):
    """A bridge question's id: a 128-bit digest of its strings (each prefixed by its length), about
    7 µs. The parent sends answers by id, so a re-run's known answers carry no question text."""
    h = blake2b(digest_size=16)
    for part in q:
        b = part.encode("utf-8", "surrogatepass")
        h.update(len(b).to_bytes(4, "big"))
        h.update(b)
    return h.hexdigest()


JAIL["question_id"] = question_id


def _answers(answers):
    """[{"id": question id, "a": answer}, ...] as JSON -> {question id: answer}."""
    return {item["id"]: item["a"] for item in json.loads(answers)} if answers else {}


def _fresh_state():
    """Before the module body and before every trace: an eval is a function of its trace, so what
    module-level code or an earlier trace did to random or decimal is not seen (about 20 µs)."""
    random.seed(RANDOM_SEED)
    decimal.setcontext(decimal.Context())


def forget_codes():
    """After the warm-up: no code's compiled form or kept patterns stay, so a workspace's first
    batch finds the child as if new (only V8's compiled code of the runtime stays warm)."""
    _compiled.clear()
    _module_patterns.clear()
    _last.clear()
    _staged.clear()
    _module_ran.clear()
    sys._clear_internal_caches()
    _interned["ref"] = sys.getunicodeinternedsize()
    reset.take_abc_token()


def load(code, batch, output_cap, reason_cap, answers="", marshalled=False):
    """Parses the batch (marshal bytes from the host's encoder, src/sandbox/marshal-batch.node.ts,
    which Pyodide reads about 4x faster, or JSON bytes of the same data) and prepares the eval's
    module in a new namespace. No eval code runs here. Returns a JSON status; on success
    JavaScript then calls the jail."""
    entry = _compiled.get(code)
    if entry is None:
        # what compiling the code interns (its names, immortal in CPython 3.14) stays: the code's own
        before = sys.getunicodeinternedsize()
        entry = _compile(code)
        _interned["ref"] += sys.getunicodeinternedsize() - before
        if type(entry) is str:
            return entry
    _prepare(code, entry, output_cap, reason_cap)
    return _load_batch(batch, answers, marshalled)


def _compile(code):
    """The code's compiled entry, or the JSON status of its refusal."""
    compiled, name, issues, imports = rewrite.guarded_code(code)
    if issues:
        first = issues[0]
        error = {"code": "STATIC_ERROR", "message": first["message"], "line": first["line"], "retryable": False}
        return json.dumps({"ok": False, "error": error, "issues": issues})
    if len(_compiled) >= 64:
        _compiled.clear()
        _module_patterns.clear()
        _module_ran.clear()
        sys._clear_internal_caches()  # no name of a dropped code stays in the type cache alone
    lines = tuple(code.removeprefix("\ufeff").splitlines())  # the check left a byte order mark out too
    entry = _compiled[code] = (compiled, name, lines, _def_code(compiled, name))
    return entry


def _def_code(compiled, name):
    """The code object of the eval's own top-level def: after import the function bound to its
    name must run this code, not a replacement (a decorator's wrapper, an import, a rebinding)."""
    return next((c for c in compiled.co_consts if type(c) is types.CodeType and c.co_name == name), None)


def _prepare(code, entry, output_cap, reason_cap):
    """What a batch of `code` starts from, before its traces are read: a new module namespace and
    module function, random and decimal fresh, output captured afresh. No eval code runs here."""
    _staged.clear()
    _batch.update(code=code, lines=entry[2], name=entry[1], fn_code=entry[3], out=int(output_cap), reason=int(reason_cap))
    g = {"__builtins__": dict(BUILTINS), "__name__": JAIL["EVAL_MODULE"], **GUARDS}
    S["g"], S["mod"] = g, types.FunctionType(entry[0], g)
    _fresh_state()
    _capture()


def _load_batch(batch, answers, marshalled):
    S["traces"] = (marshal if marshalled else json).loads(batch.to_bytes())
    S["answers"], S["asked"] = _answers(answers), None
    for key, pattern in _module_patterns.get(_batch["code"], ()):
        re._cache[key] = re._cache2[key] = pattern
    _batch["interned"] = sys.getunicodeinternedsize()  # just before the module body runs
    # by hand, as the result lines: json.dumps took about 40 µs here in Pyodide, on every call's path
    return '{"ok":true,"functionName":' + _q(_batch["name"]) + ',"count":' + str(len(S["traces"])) + "}"


def stage():
    """After a batch's reset and check found the process clean: prepares what the next batch of the
    same code starts from (_prepare), so that batch only reads its traces (load_staged). Nothing of
    the last batch is in it (it was released and checked before), and no eval code runs between
    this and that batch. Returns whether anything was staged (not for a code refused or forgotten)."""
    code = _last.get("code")
    entry = _compiled.get(code) if code is not None else None
    if entry is None:
        return False
    _prepare(code, entry, _last["out"], _last["reason"])
    _staged["code"] = code
    return True


def load_staged(batch, answers="", marshalled=False):
    """load() for the code stage() prepared (JavaScript checks the code and the caps are the same)."""
    if "code" not in _staged:
        raise RuntimeError("nothing staged")
    _staged.clear()
    return _load_batch(batch, answers, marshalled)


def _capture():
    S["writer"] = JAIL["CappedWriter"](_batch["out"])
    sys.stdout = sys.stderr = S["writer"]


def _output():
    sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    return S["writer"].text()


_SURROGATE = re.compile("[\ud800-\udfff]")


def _text(s):
    """s as it is stored and served (UTF-8): every surrogate code point (an eval's chr(0xD800), or
    one half of a pair, which Python keeps as two) is replaced by U+FFFD. Text that is ASCII or
    encodes as UTF-8 is returned as it is (isascii() is one flag read; encode() a C pass)."""
    if s.isascii():
        return s
    try:
        s.encode()
    except UnicodeEncodeError:
        return _SURROGATE.sub("\ufffd", s)
    return s


def _error_json(code, chain):
    """chain: ((type name, message, frames, link), ...) from the jail, plain data only."""
    name, message = chain[-1][0], chain[-1][1]
    parts, line = [], None
    for exc_name, exc_message, frames, link in chain:
        if link:
            parts.append("\nThe above exception was the direct cause of the following exception:\n\n" if link == "cause"
                         else "\nDuring handling of the above exception, another exception occurred:\n\n")
        parts.append("Traceback (most recent call last):\n")
        for filename, lineno, fn in frames:
            parts.append(f'  File "{filename}", line {lineno}, in {fn}\n')
            if filename == checker.USER_FILE and 0 < lineno <= len(_batch["lines"]):
                parts.append(f"    {_batch['lines'][lineno - 1].strip()}\n")
                line = lineno
        parts.append(f"{exc_name}: {exc_message}\n" if exc_message else f"{exc_name}\n")
    message = f"{name}: {message}" if message else name
    if code == "RESOURCE_LIMIT":
        message = "MemoryError: the eval exceeded the sandbox memory cap"
    # the message is cut in the jail (message_of), with a line saying so; the type name at 200
    out = '{"code":' + _q(code) + ',"message":' + _q(_text(message)) + ',"retryable":false'
    out += ',"traceback":' + _q(_text("".join(parts)[-8000:]))
    return out + (f',"line":{line}' if line is not None else "") + "}"


def module_result(pending_work):
    """The outcome of running the eval's module body; finds the eval function. "again" instead: the
    first run of this code's module body in this process left more strings interned than before it
    (a dataclass's names for its defaults, a namedtuple's fields: compiled into code, so immortal).
    JavaScript then releases that run's objects (jail.release(True)) and runs the module body once
    more after module_again(); its strings are the code's (no trace was handed over yet)."""
    if _batch["code"] not in _module_ran:
        _module_ran.add(_batch["code"])
        if not pending_work and sys.getunicodeinternedsize() > _batch["interned"]:
            return "again"
    res, output = S["res"], _output()
    if pending_work:
        message = f"the eval left work running after its module ran ({pending_work}); it was cancelled and the process recycled"
        return '{"ok":false,"error":{"code":"RESOURCE_LIMIT","message":' + _q(message) + ',"retryable":false},"violation":true}'
    if res[0] == "ok":
        fn = S["g"].get(_batch["name"])
        if type(fn) is types.FunctionType and fn.__code__ is _batch["fn_code"]:
            S["fn"] = fn
            if _batch["code"] not in _module_patterns:
                _module_patterns[_batch["code"]] = _patterns_added()
            _fresh_state()
            _capture()
            return '{"ok":true,"functionName":' + _q(_batch["name"]) + "}"
        return '{"ok":false,"error":{"code":"USER_CODE_ERROR","message":"the eval function was replaced at import time","retryable":false}}'
    code = res[1]
    err = _error_json(code, res[2])
    if code == "USER_CODE_ERROR":
        err = err.replace('"message":"', '"message":"at import time: ', 1)
    violation = ',"violation":true' if code == "RESOURCE_LIMIT" else ""
    return '{"ok":false,"error":' + err + violation + ',"output":' + _q(_text(output)) + "}"


def module_again():
    """After the first run of the module body was released: what it left interned now counts as the
    code's (ref), and the batch starts again from a new namespace, random and decimal fresh."""
    sys._clear_internal_caches()  # names the type cache alone kept are let go
    _interned["ref"] += sys.getunicodeinternedsize() - _batch["interned"]
    code = _batch["code"]
    _prepare(code, _compiled[code], _batch["out"], _batch["reason"])
    _batch["interned"] = sys.getunicodeinternedsize()


def _patterns_added():
    """The patterns the module body compiled (it ran before any trace, from a clean state, so they
    depend on the code, and on the clock where the body reads it, never on a trace): the same
    code's next batches in this process start with them in re's cache, which is put back as at
    start after every batch. Types are checked before any key is hashed, so no eval code runs here
    (an eval's str subclass or int subclass is never kept)."""
    out = []
    for key, pattern in list(dict.items(re._cache2)):
        kind = key[0] if type(key) is tuple and len(key) == 3 else None
        if (kind is str or kind is bytes) and type(key[1]) is kind and type(key[2]) is int and type(pattern) is re.Pattern:
            if key not in _re_start_keys:
                out.append((key, pattern))
    return tuple(out[-64:])


def trace_result(i, pending_work, last=False):
    """The outcome of trace i as one JSON line; resets per-trace state for the next one, or for the
    batch's last trace (`last`, when JavaScript releases the batch next, in the trace's time) starts
    that release (end_batch): no trace follows, and the next batch starts from _prepare, which
    reseeds random, makes a new decimal context and captures output anew."""
    res, output = S["res"], _output()
    kind, violation = res[0], False
    if kind == "ok":
        reason, cap = res[2], _batch["reason"]
        if len(reason) > cap:
            reason = reason[:cap] + f"\n[reason truncated: {len(res[2]) - cap} more characters]"
        body = '"ok":true,"passed":' + ("true" if res[1] else "false") + ',"reason":' + _q(_text(reason))
    elif kind == "pending":
        questions = ",".join(_question_json(q) for q in res[1])
        body = '"ok":false,"error":{"code":"NEEDS_ANSWER","message":"waiting for the model\'s answer","retryable":true},"questions":[' + questions + "]"
    elif kind == "invalid":
        body = '"ok":false,"error":{"code":"INVALID_RESULT","message":' + _q(f"eval must return (bool, str), got {res[1]}") + ',"retryable":false}'
    else:
        violation = res[1] == "RESOURCE_LIMIT"
        body = '"ok":false,"error":' + _error_json(res[1], res[2])
    if pending_work:
        violation = True
        body = '"ok":false,"error":{"code":"RESOURCE_LIMIT","message":' + _q(f"the eval left work running after it returned ({pending_work}); it was cancelled and the process recycled") + ',"retryable":false}'
    S["res"] = None
    if last:
        end_batch()
    else:
        _fresh_state()
        _capture()
    return "{" + body + ',"durationMs":' + repr(round(res[-1], 3)) + ',"output":' + _q(_text(output)) + (',"violation":true' if violation else "") + "}"


def _question_json(q):
    qid = '{"id":"' + question_id(q) + '",'
    if q[0] == "judge":
        choices = ",".join(_q(c) for c in q[3:])
        return qid + '"kind":"judge","question":' + _q(q[1]) + ',"text":' + _q(q[2]) + ',"choices":[' + choices + "]}"
    return qid + '"kind":"ask","prompt":' + _q(q[1]) + "}"


def end_batch():
    """Before the jail releases the batch: its finalisers print into a writer that is dropped."""
    S["fn"] = None
    S["writer"] = JAIL["CappedWriter"](0)
    sys.stdout = sys.stderr = S["writer"]


def verify():
    """After the release: puts back the contents of shared stdlib containers, then checks that nothing
    else the batch did is left. Returns problems (empty: clean)."""
    sys.stdout, sys.stderr = sys.__stdout__, sys.__stderr__
    S["writer"] = None
    _last.clear()
    if "code" in _batch:
        _last.update(code=_batch["code"], out=_batch["out"], reason=_batch["reason"])
    _batch.clear()
    reset.restore_shared()
    left = _abcs_left()
    found = reset.problems()
    if left:
        found.append(f"a class the batch made is still a subclass of {', '.join(left)} (its hooks would answer that ABC's checks again)")
    left = _interned_left()
    if left:
        found.append(f"the batch left {left} more interned strings (names compiled into code, or held)")
    return json.dumps(found)


def _abcs_left():
    """Only after a batch that made an ABC (jail.counting_abc_init; about 0.1 ms of a reset saved on
    every other): the stdlib ABCs its classes are still subclasses of, and every ABC's caches
    emptied. An eval's subclass held only by what the restore just let go (a typing cache key, a
    shared container) is garbage now: collected, and the restore done again, before it counts."""
    made = JAIL["ABC_MADE"]
    if not made[0]:
        return []
    made[0] = 0
    left = reset.abcs_left()
    if left:
        gc.collect()
        reset.restore_shared()
        left = reset.abcs_left()
    reset.clear_abc_caches()
    return left


def _interned_left():
    """How many more strings are interned than a batch may leave (ref: at the last clean reset, plus
    what compiling codes and their module bodies' first runs interned since). Trace data interned
    (a namedtuple's field names compiled into code, immortal in CPython 3.14; Enum member names
    held by the type attribute cache) was the same object in the next batch's equal constants. One
    C call (about 0.5 µs); only past ref are CPython's internal caches cleared and it asked again."""
    n = sys.getunicodeinternedsize()
    if n > _interned["ref"]:
        sys._clear_internal_caches()
        n = sys.getunicodeinternedsize()
        if n > _interned["ref"]:
            return n - _interned["ref"]
    _interned["ref"] = n
    return 0
