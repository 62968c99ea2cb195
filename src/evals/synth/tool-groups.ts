import { DESTRUCTIVE_VERBS, WRITE_VERBS } from './python-helpers';
import { remember, type TraceFacts } from './trace-facts';

/**
 * A set of tool names: one tool, a name prefix (`update` = `update_*`), write-like tools,
 * destructive tools (delete, remove, wipe, reset, revoke, ...) or hand-off tools.
 */
export type ToolGroup = {
  kind: 'name' | 'prefix' | 'write' | 'destructive' | 'handoff';
  value: string;
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

export function describeGroup(group: ToolGroup): string {
  if (group.kind === 'name') {
    return `'${group.value}'`;
  }
  if (group.kind === 'prefix') {
    return `'${group.value}_*'`;
  }
  if (group.kind === 'handoff') {
    return 'hand-off (transfer/escalate)';
  }
  if (group.kind === 'destructive') {
    return 'destructive (delete_*, remove_*, reset_*, revoke_*, ...)';
  }
  return 'write-like (book_*, cancel_*, update_*, ...)';
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

/** The groups worth asking about in these traces: each tool, each shared prefix, write-like. */
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
  if ([...names].some((n) => inGroup(n, { kind: 'write', value: '' }))) {
    groups.push({ kind: 'write', value: '' });
  }
  if ([...names].some((n) => inGroup(n, { kind: 'destructive', value: '' }))) {
    groups.push({ kind: 'destructive', value: '' });
  }
  if ([...names].some((n) => inGroup(n, { kind: 'handoff', value: '' }))) {
    groups.push({ kind: 'handoff', value: '' });
  }
  return groups;
}
