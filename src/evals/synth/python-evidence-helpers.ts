/** Calls named in a reason; the rest are counted. */
export const SHOWN = 3;
/** Characters of an argument value shown. */
export const VALUE_CHARS = 40;

/** The Python twin of `withCalls` (evidence.ts). */
export const WITH_CALLS_PYTHON = `def _with_calls(reason, f, indices):
    """The reason and the calls it is about: position among the calls, tool, first two string arguments."""
    shown = ["call %d '%s'%s" % (i + 1, f["calls"][i]["name"], _arg_brief(f["calls"][i]["args"]))
             for i in sorted(set(indices))]
    if not shown:
        return reason
    if len(shown) > ${SHOWN}:
        shown = [shown[0], "%d more" % (len(shown) - ${SHOWN})] + shown[1 - ${SHOWN}:]
    return "%s: %s" % (reason, ", ".join(shown))


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
