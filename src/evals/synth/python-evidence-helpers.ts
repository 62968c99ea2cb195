/** Calls named in a reason; the rest are counted. */
export const SHOWN = 3;
/** Characters of an argument value shown. */
export const VALUE_CHARS = 40;
/** Code points of a message quoted in a reason. */
export const QUOTE_CHARS = 80;

/** The Python twin of `withCalls` (evidence.ts). */
export const WITH_CALLS_PYTHON = `def _with_calls(reason, f, indices, note=None):
    """The reason and the calls it is about: position among the calls, tool, first two string
    arguments; then the note (a message, a value, a count) when there is one."""
    shown = ["call %d '%s'%s" % (i + 1, f["calls"][i]["name"], _arg_brief(f["calls"][i]["args"]))
             for i in sorted(set(indices))]
    if len(shown) > ${SHOWN}:
        shown = [shown[0], "%d more" % (len(shown) - ${SHOWN})] + shown[1 - ${SHOWN}:]
    parts = ([", ".join(shown)] if shown else []) + ([note] if note else [])
    return "%s: %s" % (reason, "; ".join(parts)) if parts else reason


def _arg_brief(args):
    """The first two string arguments of a call, as key="value" (values cut at ${VALUE_CHARS} characters)."""
    if isinstance(args, str):
        try:
            args = json.loads(args)
        except ValueError:
            return ""
    if not isinstance(args, dict):
        return ""
    parts = []
    for key, value in args.items():
        if not isinstance(value, str):
            continue
        text = value[:${VALUE_CHARS}] + ("..." if len(value) > ${VALUE_CHARS} else "")
        parts.append("%s=%s" % (key, json.dumps(text, ensure_ascii=False)))
        if len(parts) == 2:
            break
    return " (%s)" % ", ".join(parts) if parts else ""`;

/** Indices of the calls in any of the tool groups (`evidenceCalls`'s group part). */
export const GROUP_CALLS_PYTHON = `def _group_calls(f, groups):
    """Indices of the calls whose tool is in one of the groups."""
    return [i for i, c in enumerate(f["calls"]) if any(_in_group(c["name"], *g) for g in groups)]`;

/** The Python twins of message-evidence.ts: a message named by role, position and a quote. */
export const MESSAGE_NOTE_PYTHON = `def _words(text):
    return [w for w in re.split(r"[ \\t\\n\\r]+", text) if w]


def _quote(words, k):
    """Word k with up to 3 words before and 6 after, as a JSON string (cut at ${QUOTE_CHARS} code points)."""
    start, end = max(0, k - 3), min(len(words), k + 7)
    body = " ".join(words[start:end])
    if len(body) > ${QUOTE_CHARS}:
        body = body[:${QUOTE_CHARS}] + "..."
    return json.dumps(("..." if start > 0 else "") + body + ("..." if end < len(words) else ""), ensure_ascii=False)


def _message_note(f, source, find):
    """The first message of source in which find finds a word: role, position and a quote; or None."""
    if source == "last":
        words = _words(f["text"]["last"])
        k = find(words)
        return "the last message " + _quote(words, k) if k >= 0 else None
    if source == "tool":
        for i, c in enumerate(f["calls"]):
            words = _words(c["result"] + "\\n" + c["error"])
            k = find(words)
            if k >= 0:
                return "call %d '%s' result %s" % (i + 1, c["name"], _quote(words, k))
        return None
    n = 0
    for kind, text in f["events"]:
        if kind == source:
            n += 1
            words = _words(text)
            k = find(words)
            if k >= 0:
                return "%s message %d %s" % (source, n, _quote(words, k))
    return None


def _said_note(f, source, token):
    first = token.split(" ")[0]
    return _message_note(f, source, lambda words: next((i for i, w in enumerate(words) if first in _tokens(w)), -1))


def _pattern_note(f, source, pattern, flags, last):
    rx = re.compile(pattern, flags)

    def find(words):
        hits = [i for i, w in enumerate(words) if rx.search(w)]
        return (hits[-1] if last else hits[0]) if hits else -1
    return _message_note(f, source, find)`;

/** Where a text named a code of a shape (`shapeNote`'s twin in text-predicates.ts). */
export const SHAPE_NOTE_PYTHON = `def _shape_note(f, source, shape):
    found = []

    def find(words):
        for i, w in enumerate(words):
            for c in _code_words(w):
                if shape in _shapes(c):
                    found.append(c)
                    return i
        return -1
    note = _message_note(f, source, find)
    return None if note is None else "'%s' in %s" % (found[-1], note)`;

/** The first unbacked dollar amount as a reason's note (`amountNote`'s twin). */
export const AMOUNT_NOTE_PYTHON = `def _amount_note(f, instructions=False):
    amount = _unbacked_amount(f, instructions)
    return None if amount is None else "amount %s" % json.dumps(amount, ensure_ascii=False)`;
