import type { ToolGroup } from './tool-groups';
import { type ItemTable, newItemTable, remember, type TraceFacts } from './trace-facts';

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
  /** The tool groups the predicate asks about, in the order its Python names them; their calls are evidence. */
  groups?: ToolGroup[];
  /**
   * The calls the predicate is about, beyond its tool groups' calls, named in the reason as
   * evidence: a Python expression for their indices (over `f`, with `helpers`) and its JS twin.
   */
  evidence?: { python: string; helpers: string[]; calls(facts: TraceFacts): number[] }[];
  /**
   * What else the reason names as evidence: a message (role, position, a quote), a value, a
   * count; a Python expression giving a string or None (over `f`, with `helpers`) and its JS twin,
   * appended after the calls. It is evidence for `whenTrue` unless `on` says `false` (`whenFalse`)
   * or `both`.
   */
  note?: {
    python: string;
    helpers: string[];
    text(facts: TraceFacts): string | null;
    on?: 'true' | 'false' | 'both';
  };
  /** The predicate's answer slot in the facts of one cache (see `holds`). */
  slot?: { slots: Map<string, number>; index: number };
};

/** The predicate's answer on a trace, computed once per trace (shared facts answer every fold). */
export function holds(predicate: Predicate, facts: TraceFacts): boolean {
  return answerIn(predicate, facts, slotIn(predicate, facts.slots));
}

/** The predicate's answer slot among `slots` (a facts cache's numbering, `TraceFacts.slots`). */
export function slotIn(predicate: Predicate, slots: Map<string, number>): number {
  let slot = predicate.slot;
  if (slot?.slots !== slots) {
    slot = { slots, index: remember(slots, predicate.id, () => slots.size) };
    predicate.slot = slot;
  }
  return slot.index;
}

/** `holds` with the predicate's slot `i` among the facts' slots already known. */
export function answerIn(predicate: Predicate, facts: TraceFacts, i: number): boolean {
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
export type ItemCount = { pass: number; fail: number; groups: number };

/** Which items a count keeps (a word, not a number), asked once per item of a table by `key`. */
export type ItemFilter = { key: string; keeps(item: string): boolean };

/**
 * Counts the items each example yields (an item yielded twice counts twice), with the number of
 * distinct groups it occurs in, keeping those seen in at least `minGroups` groups (and that pass
 * `filter`). Items are numbered once per trace, `source` (the name of what `itemsOf` yields) and
 * filter, so the folds of one generation count numbers, not strings, and filter each item once.
 */
export function countItems(
  examples: MiningExample[],
  source: string,
  itemsOf: (e: MiningExample) => Iterable<string | ReadonlySet<string>>,
  minGroups: number,
  filter?: ItemFilter,
): Map<string, ItemCount> {
  const table = examples[0]?.facts.items ?? newItemTable();
  const listOf = (e: MiningExample) => {
    const ids = intern(table, itemsOf(e));
    return filter ? keptOf(table, filter, ids) : ids;
  };
  // the memoised list is of the items the filter keeps: its key is part of the memo's
  const memoKey = filter ? `${source}|${filter.key}` : source;
  const lists = examples.map((e) =>
    e.facts.items === table ? remember(e.facts.itemIds, memoKey, () => listOf(e)) : listOf(e),
  );
  // pass, fail, groups and last group of item `id` at 4 * id; cleared after use for the next count
  const tally = scratch(table);
  const firstSeen: number[] = [];
  let group = 0;
  let previous: string | undefined;
  for (const i of byGroup(examples)) {
    const e = examples[i] as MiningExample;
    const g = e.group ?? `#${i}`;
    if (g !== previous) {
      group++;
      previous = g;
    }
    const side = e.label ? 0 : 1;
    for (const id of lists[i] as Int32Array) {
      const at = 4 * id;
      if (tally[at] === 0 && tally[at + 1] === 0) {
        firstSeen.push(id);
      }
      tally[at + side] = (tally[at + side] as number) + 1;
      if (tally[at + 3] !== group) {
        tally[at + 2] = (tally[at + 2] as number) + 1;
        tally[at + 3] = group;
      }
    }
  }
  const out = new Map<string, ItemCount>();
  for (const id of firstSeen) {
    const at = 4 * id;
    if ((tally[at + 2] as number) >= minGroups) {
      out.set(table.names[id] as string, {
        pass: tally[at] as number,
        fail: tally[at + 1] as number,
        groups: tally[at + 2] as number,
      });
    }
    tally.fill(0, at, at + 4);
  }
  return out;
}

/**
 * Example indices ordered by group id, then by position; kept per examples list, as one mining
 * counts many sources over the same list.
 */
function byGroup(examples: MiningExample[]): number[] {
  return remember(GROUP_ORDER, examples, () => {
    const groupOf = examples.map((e, i) => e.group ?? `#${i}`);
    return examples
      .map((_, i) => i)
      .sort((a, b) => {
        const x = groupOf[a] as string;
        const y = groupOf[b] as string;
        return x < y ? -1 : x > y ? 1 : a - b;
      });
  });
}

const GROUP_ORDER = new WeakMap<MiningExample[], number[]>();

/** The table's all-zero tally, grown to four numbers per item it holds. */
function scratch(table: ItemTable): Int32Array {
  if (table.tally.length < 4 * table.names.length) {
    table.tally = new Int32Array(Math.max(1024, 8 * table.names.length));
  }
  return table.tally;
}

/** The items among `ids` that `filter` keeps, each item's answer asked once per table. */
function keptOf(table: ItemTable, filter: ItemFilter, ids: Int32Array): Int32Array {
  let flags = table.kept.get(filter.key) ?? new Uint8Array(0);
  if (flags.length < table.names.length) {
    const grown = new Uint8Array(Math.max(1024, 2 * table.names.length));
    grown.set(flags);
    flags = grown;
    table.kept.set(filter.key, flags);
  }
  return ids.filter((id) => {
    if (flags[id] === 0) {
      flags[id] = filter.keeps(table.names[id] as string) ? 2 : 1;
    }
    return flags[id] === 2;
  });
}

/**
 * The items as numbers of the table; a set among them (a message's words, yielded for every tool
 * group and role) is numbered once per table and spliced in, in its order.
 */
function intern(table: ItemTable, items: Iterable<string | ReadonlySet<string>>): Int32Array {
  const ids: number[] = [];
  for (const item of items) {
    if (typeof item === 'string') {
      ids.push(internOne(table, item));
    } else {
      for (const id of remember(table.sets, item, () => intern(table, item))) {
        ids.push(id);
      }
    }
  }
  return Int32Array.from(ids);
}

const internOne = (table: ItemTable, item: string) =>
  remember(table.ids, item, () => {
    table.names.push(item);
    return table.names.length - 1;
  });

/** The predicate's note when it is evidence for the rule's literal (`negated`: its whenFalse). */
export function noteFor(p: Predicate, negated: boolean): Predicate['note'] | undefined {
  const on = p.note?.on ?? 'true';
  return on === 'both' || (on === 'false') === negated ? p.note : undefined;
}
