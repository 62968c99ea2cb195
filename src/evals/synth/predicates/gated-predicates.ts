import { atomsOf } from '../call-atoms';
import { type CallClass, classKey, describeClass, firstCallBefore } from '../call-classes';
import { type MiningExample, minGroupsFor, type Predicate } from '../predicate';
import type { TraceFacts } from '../trace-facts';
import { discrimination, unsuccessful } from './call-predicates';

// Mirrored by `_gated` in python-call-helpers.ts; change both together (parity test).

/** A call did what it was asked: it did not fail, and its result did not answer no (`verified: false`). */
export const callSucceeded = (atoms: Set<string> | undefined) =>
  !unsuccessful(atoms) && !(atoms?.has('answered:no') ?? false);

const inClass = (c: CallClass, name: string, atoms: Set<string> | undefined) =>
  (c.tool === '' || c.tool === name) && (c.atom === '' || (atoms?.has(c.atom) ?? false));

/**
 * Every call of a tool in `tools` came after a call of the gate class that succeeded (did not
 * fail, did not answer no): "every change came after a successful identity check". True when no
 * such tool was called.
 */
export function gatedBy(facts: TraceFacts, gate: CallClass, tools: readonly string[]): boolean {
  const atoms = atomsOf(facts);
  let open = false;
  for (const [k, c] of facts.calls.entries()) {
    if (!open && tools.includes(c.name)) {
      return false;
    }
    if (!open && inClass(gate, c.name, atoms[k]) && callSucceeded(atoms[k])) {
      open = true;
    }
  }
  return true;
}

/** How many gates (the widest spread) are asked about, and how many gated sets are kept. */
const GATES = 30;
const LIMIT = 6;

/**
 * The calls that must wait for a gate, learned from the labels rather than from a verb list: for
 * each gate (a tool, or a tool's result field: `verify|result.verified=true`) that succeeded, the
 * tools no passing trace called before it and some failing trace did. "Every call of
 * unlock_account, grant_access or wipe_device came after a successful verify call" holds for
 * whichever tools the labels treat as needing the check, and leaves out a harmless note.
 */
export function mineGatedPredicates(examples: MiningExample[]): Predicate[] {
  const minGroups = Math.min(2, minGroupsFor(examples));
  const n = examples.length;
  const gates = new Map<string, { c: CallClass; groups: Set<string>; first: Int32Array }>();
  const tools = new Map<string, { groups: Set<string>; first: Int32Array }>();
  examples.forEach((e, i) => {
    const group = e.group ?? `#${i}`;
    const atoms = atomsOf(e.facts);
    e.facts.calls.forEach((call, k) => {
      let tool = tools.get(call.name);
      if (!tool) {
        tool = { groups: new Set(), first: new Int32Array(n).fill(-1) };
        tools.set(call.name, tool);
      }
      tool.groups.add(group);
      if (tool.first[i] === -1) {
        tool.first[i] = k;
      }
      if (!callSucceeded(atoms[k])) {
        return;
      }
      const fields = [...(atoms[k] ?? [])].filter((a) => a.startsWith('result.'));
      for (const c of [
        { tool: call.name, atom: '' },
        ...fields.map((atom) => ({ tool: call.name, atom })),
      ]) {
        const key = classKey(c);
        let gate = gates.get(key);
        if (!gate) {
          gate = { c, groups: new Set(), first: new Int32Array(n).fill(-1) };
          gates.set(key, gate);
        }
        gate.groups.add(group);
        if (gate.first[i] === -1) {
          gate.first[i] = k;
        }
      }
    });
  });
  const kept = [...gates.entries()]
    .filter(([, g]) => g.groups.size >= minGroups)
    .sort((a, b) => b[1].groups.size - a[1].groups.size || (a[0] < b[0] ? -1 : 1))
    .slice(0, GATES);
  const named = [...tools.entries()]
    .filter(([, t]) => t.groups.size >= minGroups)
    .sort(([a], [b]) => (a < b ? -1 : 1));
  const found: { gate: CallClass; names: string[]; score: number }[] = [];
  for (const [, g] of kept) {
    const names: string[] = [];
    const waits = new Uint8Array(n).fill(1);
    for (const [name, t] of named) {
      if (name === g.c.tool) {
        continue;
      }
      let early = false;
      let passEarly = false;
      for (let i = 0; i < n; i++) {
        if (!firstCallBefore(g.first[i] as number, t.first[i] as number)) {
          early = true;
          passEarly ||= (examples[i] as MiningExample).label;
        }
      }
      if (early && !passEarly) {
        names.push(name);
        for (let i = 0; i < n; i++) {
          if (!firstCallBefore(g.first[i] as number, t.first[i] as number)) {
            waits[i] = 0;
          }
        }
      }
    }
    if (names.length > 0) {
      found.push({ gate: g.c, names, score: discrimination(examples, (i) => waits[i] === 1) });
    }
  }
  return found
    .sort((a, b) => b.score - a.score)
    .slice(0, LIMIT)
    .map(({ gate, names }) => gatedPredicate(gate, names));
}

function gatedPredicate(gate: CallClass, tools: string[]): Predicate {
  const listed = tools.map((t) => `'${t}'`);
  const which =
    listed.length === 1
      ? listed[0]
      : `${listed.slice(0, -1).join(', ')} or ${listed[listed.length - 1]}`;
  const what = describeClass(gate).replace(/^an? /, '');
  return {
    id: `gated:${classKey(gate)}->${tools.join(',')}`,
    family: 'call-order',
    // an order between two classes (3), with the set of tools learned from the labels
    cost: 3 + 0.05 * tools.length,
    test: (f) => gatedBy(f, gate, tools),
    python: `_gated(f, ${JSON.stringify(gate.tool)}, ${JSON.stringify(gate.atom)}, ${JSON.stringify(tools)})`,
    helpers: ['_gated'],
    whenTrue: `every ${which} call came after a successful ${what} (one that did not fail nor answer no)`,
    whenFalse: `a ${which} call came before any successful ${what} (one that did not fail nor answer no)`,
  };
}
