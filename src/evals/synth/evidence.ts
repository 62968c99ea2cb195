import { SHOWN, VALUE_CHARS } from './python-evidence-helpers';
import { groupKey, inGroup, type ToolGroup } from './tool-groups';
import type { TraceFacts } from './trace-facts';

/**
 * A tool group as `groupPython` writes it into a predicate's Python expression, in its tuple or
 * spread into a helper's arguments (`_count_calls(f, "name", "get_order")`).
 */
const GROUP = /"(name|prefix|write|destructive|handoff)", ("(?:[^"\\]|\\.)*")/g;

/** The tool groups a predicate's Python expression asks about, once each, in order. */
export function groupsOf(python: string): ToolGroup[] {
  const seen = new Map<string, ToolGroup>();
  for (const m of python.matchAll(GROUP)) {
    const group = { kind: m[1] as ToolGroup['kind'], value: JSON.parse(m[2] as string) as string };
    seen.set(groupKey(group), seen.get(groupKey(group)) ?? group);
  }
  return [...seen.values()];
}

/** `groupsOf` as the Python literal `_with_calls` takes. */
export function groupsPython(groups: ToolGroup[]): string {
  return `[${groups.map((g) => `(${JSON.stringify(g.kind)}, ${JSON.stringify(g.value)})`).join(', ')}]`;
}

/**
 * A rule's reason with the calls it is about, the evidence a reader checks: "…: call 3
 * 'edit_file' (path="src/a.py"), call 5 'write_file' (path="b.py")" (position among the trace's
 * calls, tool, its first two string arguments). The JS twin of the Python helper `_with_calls`.
 */
export function withCalls(reason: string, facts: TraceFacts, groups: ToolGroup[]): string {
  if (groups.length === 0) {
    return reason;
  }
  const shown: string[] = [];
  facts.calls.forEach((c, i) => {
    if (groups.some((g) => inGroup(c.name, g))) {
      shown.push(`call ${i + 1} '${c.name}'${argBrief(c.args)}`);
    }
  });
  if (shown.length === 0) {
    return reason;
  }
  const more = shown.length > SHOWN ? `, and ${shown.length - SHOWN} more` : '';
  return `${reason}: ${shown.slice(0, SHOWN).join(', ')}${more}`;
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
