import { aOrAn } from '@/core/a-or-an';
import { atomsOf } from '../call-atoms';
import { type CallClass, classKey, describeClass, firstCallBefore } from '../call-classes';
import { type MiningExample, minGroupsFor, type Predicate } from '../predicate';
import { remember, type TraceFacts } from '../trace-facts';
import { callSucceeded, discrimination } from './call-predicates';
import { GroupTally, groupOf } from './group-tally';

// Mirrored by `_gated` in python-call-helpers.ts; change both together (parity test).

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
  // where each tool, and each successful gate class, is first called in each example (-1: never)
  const firstCalls = () => new Int32Array(n).fill(-1);
  const tools = new GroupTally<{ name: string; first: Int32Array }>();
  const gates = new GroupTally<{ c: CallClass; first: Int32Array }>();
  examples.forEach((e, i) => {
    const group = groupOf(e, i);
    for (const { key, gate, k } of firstCallsOf(e.facts)) {
      const seen = gate
        ? gates.add(key, group, () => ({ c: gate, first: firstCalls() }))
        : tools.add(key, group, () => ({ name: key, first: firstCalls() }));
      seen.first[i] = k;
    }
  });
  const kept = gates
    .frequentWithGroups(minGroups)
    .sort((a, b) => b.groups.size - a.groups.size)
    .slice(0, GATES)
    .map(({ value }) => value);
  const named = tools.frequent(minGroups);
  const found: { gate: CallClass; names: string[]; score: number }[] = [];
  for (const g of kept) {
    const names: string[] = [];
    const waits = new Uint8Array(n).fill(1);
    for (const t of named) {
      if (t.name === g.c.tool) {
        continue;
      }
      // the examples where the tool came before any successful gate: kept when none of them passed
      const early: number[] = [];
      for (let i = 0; i < n; i++) {
        if (!firstCallBefore(g.first[i] as number, t.first[i] as number)) {
          early.push(i);
        }
      }
      if (early.length > 0 && !early.some((i) => (examples[i] as MiningExample).label)) {
        names.push(t.name);
        for (const i of early) {
          waits[i] = 0;
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

/**
 * Each tool the trace called (`gate` null, `key` its name) and each class of its successful calls
 * that may gate others (the tool, or one of its result fields), with the first such call `k`:
 * memoised on the facts, as every fold mines the same traces.
 */
function firstCallsOf(facts: TraceFacts): { key: string; gate: CallClass | null; k: number }[] {
  return remember(facts.tallied, 'gated', () => {
    const atoms = atomsOf(facts);
    const tools = new Map<string, { key: string; gate: null; k: number }>();
    const gates = new Map<string, { key: string; gate: CallClass; k: number }>();
    facts.calls.forEach((call, k) => {
      remember(tools, call.name, () => ({ key: call.name, gate: null, k }));
      if (callSucceeded(atoms[k])) {
        const fields = [...(atoms[k] ?? [])].filter((a) => a.startsWith('result.'));
        for (const c of [
          { tool: call.name, atom: '' },
          ...fields.map((atom) => ({ tool: call.name, atom })),
        ]) {
          const key = classKey(c);
          remember(gates, key, () => ({ key, gate: c, k }));
        }
      }
    });
    return [...tools.values(), ...gates.values()];
  }) as { key: string; gate: CallClass | null; k: number }[];
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
    whenFalse: `${aOrAn(`${which} call`)} came before any successful ${what} (one that did not fail nor answer no)`,
  };
}
