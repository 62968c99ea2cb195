import { noteFor, type Predicate } from './predicate';
import { SHOWN, VALUE_CHARS } from './python-evidence-helpers';
import { groupKey, groupPython, inGroup, type ToolGroup } from './tool-groups';
import type { TraceFacts } from './trace-facts';

/** The predicate's tool groups, once each (by key), in order. */
function groupsOf(p: Predicate): ToolGroup[] {
  const seen = new Map<string, ToolGroup>();
  for (const group of p.groups ?? []) {
    seen.set(groupKey(group), seen.get(groupKey(group)) ?? group);
  }
  return [...seen.values()];
}

/**
 * The Python arguments of `_with_calls` after `f` for a predicate's evidence: the indices of the
 * calls it is about (`evidenceCalls`'s twin), then its note when it is evidence of the rule's
 * literal (`noteFor`; `negated`: the rule is the predicate's negation), and the helpers they need;
 * null when it names neither.
 */
export function evidencePython(
  p: Predicate,
  negated = false,
): { python: string; helpers: string[] } | null {
  const groups = groupsOf(p);
  const parts = (p.evidence ?? []).map((e) => e.python);
  const helpers = (p.evidence ?? []).flatMap((e) => e.helpers);
  if (groups.length > 0) {
    const literal = groups.map(groupPython);
    parts.unshift(`_group_calls(f, [${literal.join(', ')}])`);
    helpers.push('_group_calls');
  }
  const note = noteFor(p, negated);
  if (note) {
    helpers.push(...note.helpers);
    const indices = parts.length === 0 ? '[]' : parts.join(' + ');
    return { python: `${indices}, ${note.python}`, helpers };
  }
  return parts.length === 0 ? null : { python: parts.join(' + '), helpers };
}

/** The indices of the calls a predicate is about: its tool groups' calls and its `evidence`. */
export function evidenceCalls(p: Predicate, facts: TraceFacts): number[] {
  const groups = groupsOf(p);
  const out = new Set<number>();
  facts.calls.forEach((c, i) => {
    if (groups.some((g) => inGroup(c.name, g))) {
      out.add(i);
    }
  });
  for (const e of p.evidence ?? []) {
    for (const i of e.calls(facts)) {
      out.add(i);
    }
  }
  return [...out].sort((a, b) => a - b);
}

/**
 * A rule's reason with the calls it is about, the evidence a reader checks: "…: call 3
 * 'edit_file' (path="src/a.py"), call 5 'write_file' (path="b.py")" (position among the trace's
 * calls, tool, its first two string arguments; of more than three, the first, how many more, and
 * the last two). The JS twin of the Python helper `_with_calls`.
 */
export function withCalls(
  reason: string,
  facts: TraceFacts,
  indices: number[],
  note: string | null = null,
): string {
  const shown = indices.map((i) => {
    const c = facts.calls[i] as TraceFacts['calls'][number];
    return `call ${i + 1} '${c.name}'${argBrief(c.args)}`;
  });
  // more than SHOWN: the first and the last ones (where "after the last ..." is decided)
  const listed =
    shown.length > SHOWN
      ? [shown[0], `${shown.length - SHOWN} more`, ...shown.slice(1 - SHOWN)]
      : shown;
  const parts = [...(listed.length > 0 ? [listed.join(', ')] : []), ...(note ? [note] : [])];
  return parts.length > 0 ? `${reason}: ${parts.join('; ')}` : reason;
}

function argBrief(raw: unknown): string {
  let args = raw;
  if (typeof args === 'string') {
    try {
      args = JSON.parse(args);
    } catch {
      return '';
    }
  }
  if (args === null || typeof args !== 'object' || Array.isArray(args)) {
    return '';
  }
  const parts: string[] = [];
  for (const [key, value] of Object.entries(args)) {
    if (typeof value !== 'string') {
      continue;
    }
    const chars = Array.from(value);
    const text = chars.slice(0, VALUE_CHARS).join('') + (chars.length > VALUE_CHARS ? '...' : '');
    parts.push(`${key}=${JSON.stringify(text)}`);
    if (parts.length === 2) {
      break;
    }
  }
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}
