// Python twins of predicates/failure-predicates.ts; the parity test runs every one against its JS twin.

import { FAILURE_WORDS, SUCCESS_WORDS } from './message-words';

type Helper = { deps: string[]; code: string };

const tuple = (words: string[]) => `(${words.map((w) => JSON.stringify(w)).join(', ')})`;

export const FAILURE_HELPERS: Record<string, Helper> = {
  _call_events: {
    deps: [],
    code: `def _call_events(f):
    """The timeline index of each call (the n-th call event is the n-th call; -1 when it has none)."""
    at = [i for i, (kind, _) in enumerate(f["events"]) if kind == "call"][:len(f["calls"])]
    return at + [-1] * (len(f["calls"]) - len(at))`,
  },
  _failed_calls: {
    deps: ['_call_atoms', '_unsuccessful', '_in_group'],
    code: `FAILURE_WORDS = ${tuple(FAILURE_WORDS)}
SUCCESS_WORDS = ${tuple(SUCCESS_WORDS)}


def _failed_calls(f):
    """Per call: whether it did not succeed (an error, or a result reporting a failed run)."""
    if "atoms" not in f:
        f["atoms"] = [_call_atoms(c) for c in f["calls"]]
    return [_unsuccessful(a) for a in f["atoms"]]


def _in_scope(name, scope):
    return scope is None or _in_group(name, *scope)`,
  },
  _says_form: {
    deps: ['_result_object'],
    code: `REPORT_KEY = re.compile(r"status|state|error|message|detail|reason|result|outcome")


def _result_words(c):
    """The first 24 lower-cased words of a result's report fields (a JSON object's) or first line."""
    r = _result_object(c)
    if r is not None:
        text = " ".join(v for k, v in r.items() if isinstance(v, str) and REPORT_KEY.search(k.lower()))
    else:
        text = c["result"].split("\\n")[0]
    return re.findall(r"[a-z]+", text.lower())[:24]


def _says_form(c, forms):
    """The call's result says one of \`forms\` (failure words learned from labels)."""
    return bool(forms) and any(w in forms for w in _result_words(c))`,
  },
  _form_failed: {
    deps: ['_failed_calls', '_says_form'],
    code: `def _form_failed(f, k, forms):
    """Call \`k\` failed (_failed_calls) or its result says one of \`forms\`."""
    return _failed_calls(f)[k] or _says_form(f["calls"][k], forms)`,
  },
  _failed_followed: {
    deps: ['_call_events', '_failed_calls', '_tokens', '_says_form'],
    code: `def _failed_followed(f, scope, how, forms=()):
    """Every failed call in \`scope\` (None = any tool; with \`forms\`, also one whose result says one)
    was retried at once, reported before the next call, either, or followed by an assistant message
    saying it did not work (\`told\`)."""
    calls, events, failed = f["calls"], f["events"], _failed_calls(f)
    for k, e in enumerate(_call_events(f)):
        c = calls[k]
        if e < 0 or not _in_scope(c["name"], scope) or not (failed[k] or _says_form(c, forms)):
            continue
        retried = k + 1 < len(calls) and calls[k + 1]["name"] == c["name"]
        call_first = reported = told = False
        for kind, text in events[e + 1:]:
            if kind == "call":
                call_first = True
                if how != "told":
                    break
            elif kind == "assistant" and text.strip() != "":
                reported = not call_first
                told = any(w in _tokens(text) for w in FAILURE_WORDS)
                break
        ok = {"retried": retried, "reported": reported, "told": told}.get(how, retried or reported)
        if not ok:
            return False
    return True`,
  },
  _after_failure: {
    deps: ['_call_events', '_failed_calls'],
    code: `def _after_failure(f, scope):
    """The assistant texts said while a failed call in \`scope\` stood (before its tool succeeded)."""
    failed = _failed_calls(f)
    by_event = {e: k for k, e in enumerate(_call_events(f))}
    open_, out = set(), []
    for i, (kind, text) in enumerate(f["events"]):
        k = by_event.get(i)
        if kind == "call" and k is not None:
            name = f["calls"][k]["name"]
            if not failed[k]:
                open_.discard(name)
            elif _in_scope(name, scope):
                open_.add(name)
        elif kind == "assistant" and open_ and text.strip() != "":
            out.append(text)
    return out`,
  },
  _claimed_after_failure: {
    deps: ['_after_failure', '_tokens'],
    code: `def _claimed_after_failure(f, scope):
    """The assistant claimed success (a success word, no failure word) while a failure stood."""
    for text in _after_failure(f, scope):
        tokens = _tokens(text)
        if any(w in tokens for w in SUCCESS_WORDS) and not any(w in tokens for w in FAILURE_WORDS):
            return True
    return False`,
  },
  _said_after_failure: {
    deps: ['_after_failure', '_tokens'],
    code: `def _said_after_failure(f, scope, word):
    """The assistant said \`word\` while a failed call in \`scope\` stood unrecovered."""
    return any(word in _tokens(text) for text in _after_failure(f, scope))`,
  },
};
