import { DESTRUCTIVE_VERBS, WRITE_VERBS } from './python-helpers';
import { remember, type TraceFacts } from './trace-facts';

/**
 * A set of tool names: one tool, a name prefix (`update` = `update_*`), write-like tools,
 * destructive tools (delete, remove, wipe, reset, revoke, ...) or hand-off tools.
 */
export type ToolGroup = {
  kind: 'name' | 'prefix' | 'write' | 'destructive' | 'handoff';
  value: string;
  /**
   * For a kind of tool (write-like, destructive, hand-off): the tools of the kind the labelled
   * traces called (`toolGroupsOf`), which its wording names. The group still matches any tool of
   * its kind; the names are the ones seen, not a limit.
   */
  seen?: readonly string[];
  /** groupKey's answer, kept: memos are looked up by it once per trace and predicate. */
  key?: string;
};

/** Names of tools that hand the conversation to a person or another agent. */
export const HANDOFF_PATTERN = /transfer|escalat|handoff|hand_off|human/;

export function inGroup(name: string, group: ToolGroup): boolean {
  if (group.kind === 'name') {
    return name === group.value;
  }
  let names = MEMBERS.get(group);
  if (!names) {
    names = new Map();
    MEMBERS.set(group, names);
  }
  return remember(names, name, () => computeInGroup(name, group));
}

/** inGroup's answers per group object and tool name (a generation asks about a few names often). */
const MEMBERS = new WeakMap<ToolGroup, Map<string, boolean>>();

function computeInGroup(name: string, group: ToolGroup): boolean {
  if (group.kind === 'name') {
    return name === group.value;
  }
  if (group.kind === 'prefix') {
    return name === group.value || name.startsWith(`${group.value}_`);
  }
  if (group.kind === 'handoff') {
    return HANDOFF_PATTERN.test(name.toLowerCase());
  }
  const lower = name.toLowerCase();
  const verbs: readonly string[] = group.kind === 'destructive' ? DESTRUCTIVE_VERBS : WRITE_VERBS;
  return verbs.some((v) => {
    if (lower === v || lower.startsWith(`${v}_`) || lower.startsWith(`${v}-`)) {
      return true;
    }
    const next = name.slice(v.length, v.length + 1);
    return (
      name.startsWith(v) &&
      next !== '' &&
      next === next.toUpperCase() &&
      next !== next.toLowerCase()
    );
  });
}

export function groupPython(group: ToolGroup): string {
  return `(${JSON.stringify(group.kind)}, ${JSON.stringify(group.value)})`;
}

export function groupKey(group: ToolGroup): string {
  group.key ??=
    group.kind === 'write' || group.kind === 'handoff' || group.kind === 'destructive'
      ? group.kind
      : `${group.kind}=${group.value}`;
  return group.key;
}

const KIND_WORD = { write: 'write-like', destructive: 'destructive', handoff: 'hand-off' } as const;

/**
 * A group in words: a tool `'get_order'`, a prefix `'update_*'`, or the tools of a kind the labelled
 * traces called, then the kind, which the group still matches: "'edit_file' or 'write_file' (or
 * other write-like)" (the kind's word alone when it names none).
 */
export function describeGroup(group: ToolGroup): string {
  if (group.kind === 'name') {
    return `'${group.value}'`;
  }
  if (group.kind === 'prefix') {
    return `'${group.value}_*'`;
  }
  const seen = (group.seen ?? []).map((n) => `'${n}'`);
  const word = KIND_WORD[group.kind];
  if (seen.length === 0) {
    return word;
  }
  const listed = seen.length === 1 ? seen[0] : `${seen.slice(0, -1).join(', ')} or ${seen.at(-1)}`;
  return `${listed} (or other ${word})`;
}

/** Which calls and which timeline events belong to the group (memoised on the facts). */
export function membership(
  facts: TraceFacts,
  group: ToolGroup,
): { calls: Uint8Array; events: Uint8Array } {
  return remember(facts.groupCache, groupKey(group), () => ({
    calls: Uint8Array.from(facts.calls, (c) => (inGroup(c.name, group) ? 1 : 0)),
    events: Uint8Array.from(facts.events, (e) =>
      e.kind === 'call' && inGroup(e.text, group) ? 1 : 0,
    ),
  }));
}

export function countCalls(facts: TraceFacts, group: ToolGroup): number {
  let n = 0;
  for (const b of membership(facts, group).calls) {
    n += b;
  }
  return n;
}

/**
 * The groups worth asking about in these traces: each tool, each shared prefix, and each kind of
 * tool (write-like, destructive, hand-off) they called, with the tools of that kind they called.
 */
export function toolGroupsOf(factsList: TraceFacts[]): ToolGroup[] {
  const names = new Set<string>();
  for (const f of factsList) {
    for (const c of f.calls) {
      names.add(c.name);
    }
  }
  const groups: ToolGroup[] = [...names].sort().map((value) => ({ kind: 'name' as const, value }));
  const prefixCounts = new Map<string, number>();
  for (const name of names) {
    const at = name.indexOf('_');
    if (at > 0) {
      const p = name.slice(0, at);
      prefixCounts.set(p, (prefixCounts.get(p) ?? 0) + 1);
    }
  }
  for (const [value, count] of [...prefixCounts].sort()) {
    if (count >= 2) {
      groups.push({ kind: 'prefix', value });
    }
  }
  const sorted = [...names].sort();
  for (const kind of ['write', 'destructive', 'handoff'] as const) {
    const seen = sorted.filter((n) => inGroup(n, { kind, value: '' }));
    if (seen.length > 0) {
      groups.push({ kind, value: '', seen });
    }
  }
  return groups;
}
