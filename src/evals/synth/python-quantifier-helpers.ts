// Python twins of predicates/quantifier-predicates.ts and of firstReply (predicates/text-predicates.ts);
// the parity test runs every one against its JS twin.

type Helper = { deps: string[]; code: string };

export const QUANTIFIER_HELPERS: Record<string, Helper> = {
  _first_reply: {
    deps: [],
    code: `def _first_reply(f):
    """The assistant's first message when it made no tool call (its calls follow it at once), else ""."""
    events = f["events"]
    i = next((i for i, (kind, _) in enumerate(events) if kind == "assistant"), None)
    if i is None or (i + 1 < len(events) and events[i + 1][0] == "call"):
        return ""
    return events[i][1]`,
  },
  _leaf_values: {
    deps: [],
    code: `def _leaf_values(value, key, depth=0):
    """The one-line string values (3 to 60 characters) named \`key\` anywhere in a call's arguments."""
    out = []
    if depth > 6 or not isinstance(value, (dict, list)):
        return out
    entries = [(None, v) for v in value] if isinstance(value, list) else list(value.items())
    for k, v in entries:
        if k == key and isinstance(v, str):
            if 3 <= len(v) <= 60 and "\\n" not in v:
                out.append(v)
        else:
            out.extend(_leaf_values(v, key, depth + 1))
    return out`,
  },
  _values_of: {
    deps: ['_leaf_values', '_in_group'],
    code: `def _values_of(f, k, tools, key):
    """The values of \`key\` in call \`k\` when its tool is in \`tools\` (a group, or None: any tool)."""
    c = f["calls"][k]
    return _leaf_values(c["args"], key) if tools is None or _in_group(c["name"], *tools) else []`,
  },
  _said_before: {
    deps: ['_values_of'],
    code: `def _said_before(f, tool, key, any_earlier):
    """Every \`tool\` call's \`key\` values were in the assistant's message before the one making the call
    (\`any_earlier\`: in any earlier assistant message)."""
    return _said_before_break(f, tool, key, any_earlier) is None


def _said_before_break(f, tool, key, any_earlier):
    """The first (call index, value) _said_before finds unsaid, or None."""
    said, current, k = "", "", 0
    for kind, text in f["events"]:
        if kind == "assistant":
            if current.strip() != "":
                said = said + "\\n" + current if any_earlier else current
            current = text
        elif kind == "call":
            if k < len(f["calls"]):
                for v in _values_of(f, k, tool, key):
                    if v not in said:
                        return (k, v)
            k += 1
    return None`,
  },
  _named_every: {
    deps: ['_values_of'],
    code: `def _named_every(f, tool, key, source):
    """Every \`tool\` call's \`key\` value appears in the last message (source "assistant": the assistant's text)."""
    return _named_every_break(f, tool, key, source) is None


def _named_every_break(f, tool, key, source):
    """The first (call index, value) _named_every finds not named, or None."""
    text = f["text"]["last" if source == "last" else "assistant"]
    for k in range(len(f["calls"])):
        for v in _values_of(f, k, tool, key):
            if v not in text:
                return (k, v)
    return None`,
  },
  _used_every: {
    deps: ['_result_objects', '_values_of'],
    code: `def _used_every(f, source, field, tool, key):
    """Some \`source\` result listed \`field\` items, and each was passed as a \`tool\` call's \`key\`."""
    results, lists = _result_objects(f), 0
    passed = {v for k in range(len(f["calls"])) for v in _values_of(f, k, tool, key)}
    for j, c in enumerate(f["calls"]):
        items = results[j].get(field) if c["name"] == source and results[j] is not None else None
        if not isinstance(items, list) or not items or not all(isinstance(x, str) for x in items):
            continue
        lists += 1
        if any(item not in passed for item in items):
            return False
    return lists > 0`,
  },
  _leaf_seen: {
    deps: ['_values_of', '_text'],
    code: `def _leaf_seen(f, tool, key):
    """Every \`tool\` call's \`key\` values (at any depth) appeared in an earlier call's arguments."""
    return _leaf_seen_break(f, tool, key) is None


def _leaf_seen_break(f, tool, key):
    """The first (call index, value) _leaf_seen finds in no earlier call's arguments, or None."""
    before = ""
    for k, c in enumerate(f["calls"]):
        for v in _values_of(f, k, tool, key):
            if v not in before:
                return (k, v)
        before += "\\n" + _text(c["args"])
    return None`,
  },
  _leaf_echoed: {
    deps: ['_values_of'],
    code: `def _leaf_echoed(f, tool, key, source=""):
    """Every \`tool\` call's \`key\` values (at any depth) appeared in an earlier call's result (of \`source\`)."""
    return _leaf_echoed_break(f, tool, key, source) is None


def _leaf_echoed_break(f, tool, key, source=""):
    """The first (call index, value) _leaf_echoed finds in no earlier result, or None."""
    before = ""
    for k, c in enumerate(f["calls"]):
        for v in _values_of(f, k, tool, key):
            if v not in before:
                return (k, v)
        if source == "" or c["name"] == source:
            before += "\\n" + c["result"]
    return None`,
  },
  _break_note: {
    deps: [],
    code: `def _break_note(b):
    """A broken quantifier's value as a reason's note (breakNote's twin)."""
    return None if b is None else "value %s (call %d)" % (json.dumps(b[1], ensure_ascii=False), b[0] + 1)`,
  },
};
