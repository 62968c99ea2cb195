// Python twins of predicates/compare-predicates.ts; the parity test runs every one against its JS twin.

type Helper = { deps: string[]; code: string };

export const COMPARE_HELPERS: Record<string, Helper> = {
  _numbers_by_key: {
    deps: [],
    code: `def _numbers_by_key(value, out=None, depth=0):
    """The finite numbers (not booleans) named by each key anywhere in a JSON value."""
    if out is None:
        out = {}
    if depth > 6 or not isinstance(value, (dict, list)):
        return out
    entries = [(None, v) for v in value] if isinstance(value, list) else list(value.items())
    for k, v in entries:
        if k is not None and isinstance(v, (int, float)) and not isinstance(v, bool):
            try:
                x = float(v)
            except OverflowError:
                continue
            if x == x and x not in (float("inf"), float("-inf")):
                out.setdefault(k, []).append(x)
        else:
            _numbers_by_key(v, out, depth + 1)
    return out`,
  },
  _compared_earlier: {
    deps: ['_numbers_by_key', '_result_objects'],
    code: `def _compare(a, op, b):
    return a <= b if op == "<=" else a >= b if op == ">=" else a < b if op == "<" else a > b


def _latest_fields(f, k, fields):
    """The values of each of \`fields\` in the latest result before call \`k\` that holds it."""
    latest = {}
    for r in reversed(_result_objects(f)[:k]):
        if r is None:
            continue
        for name, values in _numbers_by_key(r).items():
            if name not in latest and name in fields:
                latest[name] = values
    return latest


def _compared_earlier(f, tool, key, fields, op):
    """Every \`tool\` call's (None: any call's) number \`key\` stood in relation \`op\` to each of \`fields\` read before it."""
    for k, c in enumerate(f["calls"]):
        if tool is not None and c["name"] != tool:
            continue
        values = _numbers_by_key(c["args"]).get(key)
        if not values:
            continue
        latest = _latest_fields(f, k, fields)
        if not latest:
            return False
        for bound in latest.values():
            if not all(any(_compare(a, op, b) for b in bound) for a in values):
                return False
    return True`,
  },
  _within_constant: {
    deps: ['_numbers_by_key', '_result_objects'],
    code: `def _within_constant(f, source, tool, key, op, c):
    """Every number \`key\` of every \`tool\` call's (None: any call's) arguments or result is \`op\` the constant \`c\`."""
    results = _result_objects(f) if source == "result" else None
    for k, call in enumerate(f["calls"]):
        if tool is not None and call["name"] != tool:
            continue
        value = results[k] if results is not None else call["args"]
        for a in _numbers_by_key(value).get(key, []):
            if not (a <= c if op == "<=" else a >= c):
                return False
    return True`,
  },
};
