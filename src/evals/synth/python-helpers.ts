// Python twins of trace-facts.ts and the predicate evaluators. Emitted evals include only the
// helpers they use (plus dependencies); the parity test runs every one against its JS twin.

import { CALL_HELPERS } from './python-call-helpers';
import { COMPARE_HELPERS } from './python-compare-helpers';
import {
  AMOUNT_NOTE_PYTHON,
  GROUP_CALLS_PYTHON,
  MESSAGE_NOTE_PYTHON,
  SHAPE_NOTE_PYTHON,
  WITH_CALLS_PYTHON,
} from './python-evidence-helpers';
import { FAILURE_HELPERS } from './python-failure-helpers';
import { QUANTIFIER_HELPERS } from './python-quantifier-helpers';
import { SHAPE_HELPERS } from './python-shape-helpers';
import { TEST_RUN_HELPERS } from './python-test-run-helpers';

type Helper = { deps: string[]; code: string };

export const WRITE_VERBS = [
  'book',
  'cancel',
  'update',
  'create',
  'delete',
  'modify',
  'remove',
  'add',
  'set',
  'edit',
  'change',
  'exchange',
  'return',
  'submit',
  'write',
  'insert',
  'pay',
  'refund',
  'upgrade',
] as const;

/**
 * Verbs of tool names that destroy or take away (prior knowledge, like WRITE_VERBS): the calls a
 * lead wants confirmed first ("asked and got a yes before deleting").
 */
export const DESTRUCTIVE_VERBS = [
  'delete',
  'remove',
  'wipe',
  'erase',
  'purge',
  'destroy',
  'drop',
  'revoke',
  'disable',
  'deactivate',
  'terminate',
  'reset',
  'cancel',
  'uninstall',
  'unlink',
  'kill',
  'format',
] as const;

const HELPERS: Record<string, Helper> = {
  _text: {
    deps: [],
    code: `def _text(value):
    """Strings as they are, other values as compact JSON, None as ""."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)`,
  },
  _tokens: {
    deps: [],
    code: `def _tokens(text):
    """Lower-cased ASCII word tokens plus adjacent-pair bigrams ("yes please")."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    out = set(words)
    out.update(a + " " + b for a, b in zip(words, words[1:]))
    return out`,
  },
  _facts: {
    deps: ['_text'],
    code: `def _facts(trace):
    """What the rules look at: tool calls, their order, texts by role, counts."""
    messages = trace.get("messages") or []
    calls, per_turn, step_errors = [], [], 0
    for step in trace.get("steps") or []:
        tcs = step.get("tool_calls") or []
        if step.get("error"):
            step_errors += 1
        if tcs:
            per_turn.append(len(tcs))
        for tc in tcs:
            calls.append({"name": tc.get("name") or "", "args": tc.get("arguments"),
                          "result": _text(tc.get("result")), "error": tc.get("error") or ""})
    if not calls:
        # No tool calls on the steps: read them from the assistant messages.
        pending = []
        for m in messages:
            if m.get("role") == "assistant" and m.get("tool_calls"):
                per_turn.append(len(m["tool_calls"]))
                for tc in m["tool_calls"]:
                    call = {"name": tc.get("name") or "", "args": tc.get("arguments"),
                            "result": "", "error": ""}
                    calls.append(call)
                    pending.append((call, tc.get("id")))
            elif m.get("role") == "tool" and pending:
                at = next((i for i, (_, cid) in enumerate(pending)
                           if cid is not None and cid == m.get("tool_call_id")), 0)
                pending.pop(at)[0]["result"] = m.get("content") or ""
    events, message_calls = [], False
    for m in messages:
        role = m.get("role")
        if role in ("user", "assistant"):
            events.append((role, m.get("content") or ""))
        if role == "assistant":
            for tc in m.get("tool_calls") or []:
                message_calls = True
                events.append(("call", tc.get("name") or ""))
    if not message_calls:
        events.extend(("call", c["name"]) for c in calls)

    def joined(role):
        return "\\n".join(m.get("content") or "" for m in messages if m.get("role") == role)

    last = messages[-1] if messages else {}
    assistant = joined("assistant")
    return {
        "calls": calls,
        "step_errors": step_errors,
        "events": events,
        "text": {
            "user": joined("user"),
            "assistant": assistant,
            "tool": "\\n".join(c["result"] + "\\n" + c["error"] for c in calls),
            "system": joined("system"),
            "last": last.get("content") or "",
        },
        "last_role": last.get("role") or "",
        "output": trace.get("output"),
        "count": {
            "messages": len(messages),
            "user_turns": sum(1 for m in messages if m.get("role") == "user"),
            "assistant_turns": sum(1 for m in messages if m.get("role") == "assistant"),
            "tool_calls": len(calls),
            "distinct_tools": len({c["name"] for c in calls}),
            "max_calls_per_turn": max(per_turn) if per_turn else 0,
            "assistant_chars": len(assistant),
            "output_chars": len(_text(trace.get("output"))),
        },
        "tokens": {},
    }`,
  },
  _has_token: {
    deps: ['_tokens'],
    code: `def _has_token(f, source, token):
    """Whether a text of the trace ("user", "assistant", "tool", "last") contains a word or word pair."""
    if source not in f["tokens"]:
        f["tokens"][source] = _tokens(f["text"][source])
    return token in f["tokens"][source]`,
  },
  _has_shape: {
    deps: ['_call_atoms', '_code_words'],
    code: `def _has_shape(f, source, shape):
    """Whether a text names a code-like word (_code_words) of this shape."""
    key = "shape:" + source
    if key not in f["tokens"]:
        found = set()
        for word in _code_words(f["text"][source]):
            found.update(_shapes(word))
        f["tokens"][key] = found
    return shape in f["tokens"][key]`,
  },
  _code_words: {
    deps: [],
    code: `def _code_words(text):
    """A text's code-like words (textShapes' twin): letters and digits, joined by - or _ inside, 4 to
    16 characters, letters and digits mixed or capitals only."""
    for word in re.findall(r"[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*", text):
        mixed = re.search(r"[0-9]", word) and re.search(r"[A-Za-z]", word)
        if 4 <= len(word) <= 16 and (mixed or re.fullmatch(r"[A-Z_-]+", word)):
            yield word`,
  },
  _in_group: {
    deps: [],
    code: `WRITE_VERBS = (${WRITE_VERBS.map((v) => `"${v}"`).join(', ')})
DESTRUCTIVE_VERBS = (${DESTRUCTIVE_VERBS.map((v) => `"${v}"`).join(', ')})


def _in_group(name, kind, value):
    """Whether a tool name belongs to a group: one tool, a name prefix, write-like, destructive or hand-off tools."""
    if kind == "name":
        return name == value
    if kind == "prefix":
        return name == value or name.startswith(value + "_")
    lower = name.lower()
    if kind == "handoff":
        return re.search(r"transfer|escalat|handoff|hand_off|human", lower) is not None
    verbs = DESTRUCTIVE_VERBS if kind == "destructive" else WRITE_VERBS
    return any(lower == v or lower.startswith(v + "_") or lower.startswith(v + "-")
               or (name.startswith(v) and name[len(v):len(v) + 1].isupper()) for v in verbs)`,
  },
  _count_calls: {
    deps: ['_in_group'],
    code: `def _count_calls(f, kind, value):
    return sum(1 for c in f["calls"] if _in_group(c["name"], kind, value))`,
  },
  _every_after: {
    deps: ['_in_group', '_call_atoms', '_succeeded'],
    code: `def _every_after(f, first, then):
    """Every call in group \`then\` comes after some call in group \`first\` that succeeded (no failure, no "no" answer)."""
    if "atoms" not in f:
        f["atoms"] = [_call_atoms(c) for c in f["calls"]]
    seen = False
    for i, c in enumerate(f["calls"]):
        if _in_group(c["name"], *then) and not seen:
            return False
        atoms = f["atoms"][i]
        if _in_group(c["name"], *first) and _succeeded(atoms):
            seen = True
    return True`,
  },
  _each_confirmed: {
    deps: ['_in_group', '_tokens'],
    code: `def _each_confirmed(f, group, token, role="user"):
    """Every call in \`group\` has a \`role\` message containing \`token\` since the previous such call."""
    confirmed = False
    cache = f["tokens"].setdefault("events", {})
    for i, (kind, text) in enumerate(f["events"]):
        if kind == role and token in (cache.get(i) or cache.setdefault(i, _tokens(text))):
            confirmed = True
        elif kind == "call" and _in_group(text, *group):
            if not confirmed:
                return False
            confirmed = False
    return True`,
  },
  _tool_failed: {
    deps: ['_result_object'],
    code: `ERROR_TEXT = re.compile(r"^\\s*(?:error|exception|traceback|failed|failure|timeout|timed out)\\b", re.IGNORECASE)
HTTP_ERROR_TEXT = re.compile(r"^\\s*(?:HTTP/?[0-9.]*\\s+)?[45][0-9]{2}\\s+[A-Z][a-z]")
EXCEPTION_TEXT = re.compile(
    r"^\\s*(?:[A-Za-z_$][A-Za-z0-9_$]*\\.)*[A-Z][A-Za-z0-9_$]*(?:Error|Exception|Fault|Timeout|Unavailable)(?=:|[ \\t]*(?:\\r?\\n|$))"
    r"|(?:^|\\n)[ \\t]*Traceback \\(most recent call last\\):"
)
EXIT_TEXT = re.compile(r"^\\s*exit(?:ed with)?[ _-]?(?:code|status)\\s*[:=]?\\s*-?0*[1-9]", re.IGNORECASE)
CODE_TEXT = re.compile(
    r"^\\s*(?:ERR(?:_[A-Z0-9_]+)?|E(?:NOENT|ACCES|PERM|EXIST|ISDIR|NOTDIR|NOTEMPTY|CONNREFUSED|CONNRESET|CONNABORTED"
    r"|TIMEDOUT|HOSTUNREACH|NETUNREACH|PIPE|ADDRINUSE|MFILE|NOTFOUND|AI_AGAIN))(?=[:\\s]|$)"
)
FAILED_STATUS = ("error", "errored", "failed", "failure", "fail", "rejected", "declined", "denied", "timeout")


def _tool_failed(c):
    """A tool call failed: an error was recorded, its result reads like an error, or reports one."""
    text = c["result"]
    if (c["error"] or ERROR_TEXT.search(text) or HTTP_ERROR_TEXT.search(text) or EXCEPTION_TEXT.search(text)
            or EXIT_TEXT.search(text) or CODE_TEXT.search(text)):
        return True
    r = _result_object(c)
    if r is None:
        return False
    error = r.get("error")
    if (isinstance(error, str) and error != "") or error is True or isinstance(error, dict):
        return True
    errors = r.get("errors")
    if isinstance(errors, list) and errors:
        return True
    if r.get("ok") is False or r.get("success") is False:
        return True
    status = r.get("status")
    return isinstance(status, str) and status.lower() in FAILED_STATUS`,
  },
  _failure_kind: {
    deps: ['_tool_failed'],
    code: `OUTAGE_TEXT = re.compile(
    r"time[ds]?[ _-]?out|did not respond|not responding|no response|unavailable|unreachable|bad gateway"
    r"|(?<![a-z0-9_])(?:50[234]|429)(?![a-z0-9_])|connection (?:refused|reset|closed|aborted)"
    r"|econn(?:refused|reset|aborted)|ehostunreach|enetunreach|eai_again|too many requests|rate[ _-]?limit"
    r"|overloaded|try again later|temporarily"
)
REQUEST_TEXT = re.compile(
    r"invalid|validation|not found|notfound|no such|does not exist|(?<![a-z0-9_])(?:40[01349]|422)(?![a-z0-9_])"
    r"|permission|forbidden|unauthori[sz]ed|denied|not allowed|not permitted|missing|required|bad request"
    r"|conflict|already exists|enoent|eacces|eperm"
)


def _failure_kind(c):
    """The family of a failed call's failure: "outage" (no answer), "request" (refused), else None."""
    if not _tool_failed(c):
        return None
    text = (c["error"] + "\\n" + c["result"]).lower()
    return "outage" if OUTAGE_TEXT.search(text) else "request" if REQUEST_TEXT.search(text) else None`,
  },
  _failure_unrecovered: {
    deps: ['_tool_failed'],
    code: `def _failure_unrecovered(calls):
    """Some tool's last call failed: it failed and was never retried successfully afterwards."""
    last = {}
    for c in calls:
        last[c["name"]] = _tool_failed(c)
    return any(last.values())`,
  },
  _arg_equals: {
    deps: [],
    code: `def _arg_equals(f, name, key, value):
    """Some call of tool \`name\` had argument \`key\` equal to \`value\` (same type)."""
    for c in f["calls"]:
        args = c["args"]
        if c["name"] == name and isinstance(args, dict) and key in args:
            if type(args[key]) is type(value) and args[key] == value:
                return True
    return False`,
  },
  ...CALL_HELPERS,
  ...COMPARE_HELPERS,
  ...QUANTIFIER_HELPERS,
  ...FAILURE_HELPERS,
  ...SHAPE_HELPERS,
  ...TEST_RUN_HELPERS,
  _with_calls: { deps: [], code: WITH_CALLS_PYTHON },
  _group_calls: { deps: ['_in_group'], code: GROUP_CALLS_PYTHON },
  _message_note: { deps: ['_tokens'], code: MESSAGE_NOTE_PYTHON },
  _shape_note: { deps: ['_message_note', '_call_atoms', '_code_words'], code: SHAPE_NOTE_PYTHON },
  _amount_note: { deps: ['_unbacked_amount'], code: AMOUNT_NOTE_PYTHON },
  _is_json: {
    deps: [],
    code: `def _is_json(value):
    """A JSON object or array, or a string holding one."""
    if isinstance(value, (dict, list)):
        return True
    if not isinstance(value, str):
        return False
    try:
        return isinstance(json.loads(value), (dict, list))
    except ValueError:
        return False`,
  },
};

/** The name of every helper an emitted eval may carry. */
export const PYTHON_HELPER_NAMES: readonly string[] = Object.keys(HELPERS);

/** Source of the named helpers and everything they depend on, in dependency order. */
export function pythonHelpers(names: Iterable<string>): string {
  const ordered: string[] = [];
  const visit = (name: string) => {
    if (ordered.includes(name)) {
      return;
    }
    const helper = HELPERS[name];
    if (!helper) {
      throw new Error(`unknown python helper ${name}`);
    }
    for (const dep of helper.deps) {
      visit(dep);
    }
    ordered.push(name);
  };
  for (const name of names) {
    visit(name);
  }
  return ordered.map((name) => (HELPERS[name] as Helper).code).join('\n\n\n');
}

/** A Python string literal (JSON string syntax is valid Python). */
export function pyString(value: string): string {
  return JSON.stringify(value);
}
