import { remember, type TraceFacts } from './trace-facts';

/** A yes/no question about a trace, with a JS evaluator (for learning) and its Python twin. */
export type Predicate = {
  /** Canonical and unique, e.g. `called:transfer_to_human_agents`. */
  id: string;
  family: string;
  /** Simplicity penalty; ties between equally good predicates go to the cheaper one. */
  cost: number;
  test(facts: TraceFacts): boolean;
  /** A Python boolean expression over `f = _facts(trace)`. */
  python: string;
  /** Python helpers the expression calls. */
  helpers: string[];
  /** Reads as a fact about the trace when the predicate holds / does not hold. */
  whenTrue: string;
  whenFalse: string;
  /** The predicate's answer slot in the facts of one cache (see `holds`). */
  slot?: { slots: Map<string, number>; index: number };
};

/** The predicate's answer on a trace, computed once per trace (shared facts answer every fold). */
export function holds(predicate: Predicate, facts: TraceFacts): boolean {
  let slot = predicate.slot;
  if (slot?.slots !== facts.slots) {
    const { slots } = facts;
    slot = { slots, index: remember(slots, predicate.id, () => slots.size) };
    predicate.slot = slot;
  }
  const i = slot.index;
  if (i >= facts.answers.length) {
    const grown = new Uint8Array(Math.max(256, 2 * (i + 1)));
    grown.set(facts.answers);
    facts.answers = grown;
  }
  const known = facts.answers[i] as number;
  if (known !== 0) {
    return known === 2;
  }
  const answer = predicate.test(facts);
  facts.answers[i] = answer ? 2 : 1;
  return answer;
}

/**
 * Labelled facts the miners read: `label` true = the trace should pass; `group` names the task
 * (near-duplicates share one), so a literal seen in one task only is not taken for a pattern.
 */
export type MiningExample = { facts: TraceFacts; label: boolean; group?: string };

/** A literal (word, argument value) is a candidate only when it occurs in this many groups. */
export function minGroupsFor(examples: MiningExample[]): number {
  const groups = new Set(examples.map((e, i) => e.group ?? `#${i}`)).size;
  return groups >= 6 ? 3 : 2;
}

/** How often an item (a word, a shape) occurs among pass and fail examples, in how many groups. */
export type ItemCount = { pass: number; fail: number; groups: number; lastGroup: number };

/**
 * Counts the items each example yields (an item yielded twice counts twice), with the number of
 * distinct groups it occurs in: examples are visited group by group, so no per-item set is kept.
 */
export function countItems(
  examples: MiningExample[],
  itemsOf: (e: MiningExample) => Iterable<string>,
): Map<string, ItemCount> {
  const groupOf = examples.map((e, i) => e.group ?? `#${i}`);
  const order = examples
    .map((_, i) => i)
    .sort((a, b) => {
      const x = groupOf[a] as string;
      const y = groupOf[b] as string;
      return x < y ? -1 : x > y ? 1 : a - b;
    });
  const counts = new Map<string, ItemCount>();
  let group = -1;
  let previous: string | undefined;
  for (const i of order) {
    if (groupOf[i] !== previous) {
      group++;
      previous = groupOf[i];
    }
    const e = examples[i] as MiningExample;
    for (const item of itemsOf(e)) {
      let c = counts.get(item);
      if (!c) {
        c = { pass: 0, fail: 0, groups: 0, lastGroup: -1 };
        counts.set(item, c);
      }
      if (e.label) {
        c.pass++;
      } else {
        c.fail++;
      }
      if (c.lastGroup !== group) {
        c.groups++;
        c.lastGroup = group;
      }
    }
  }
  return counts;
}
