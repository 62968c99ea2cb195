import type { MiningExample } from '../predicate';
import type { TraceFacts } from '../trace-facts';

/**
 * What mining saw and in which groups (a task, or the trace itself when it has none): a candidate
 * is kept only when it recurs across groups, and kept ones come out ordered by their content key,
 * so the same labelled traces give the same candidates in any database.
 */
export class GroupTally<T> {
  private readonly seen = new Map<string, { value: T; groups: Set<string> }>();

  /**
   * Records `id` in `group`; `value` makes what `id` stands for the first time it is seen.
   * Answers that value (the same object each time).
   */
  add(id: string, group: string, value: () => T): T {
    let entry = this.seen.get(id);
    if (!entry) {
      entry = { value: value(), groups: new Set() };
      this.seen.set(id, entry);
    }
    entry.groups.add(group);
    return entry.value;
  }

  /**
   * Records in `group` every item (id and value) the trace yields for `source`: `itemsOf` runs
   * once per trace and source, its items kept on the facts, as every fold mines the same traces.
   */
  addTrace(facts: TraceFacts, source: string, group: string, itemsOf: () => Iterable<[string, T]>) {
    let items = facts.tallied.get(source) as [string, T][] | undefined;
    if (!items) {
      const firsts = new Map<string, T>();
      for (const [id, value] of itemsOf()) {
        if (!firsts.has(id)) {
          firsts.set(id, value);
        }
      }
      items = [...firsts];
      facts.tallied.set(source, items);
    }
    for (const [id, value] of items) {
      this.add(id, group, () => value);
    }
  }

  /** The values seen in at least `minGroups` groups, by id. */
  frequent(minGroups: number): T[] {
    return this.frequentWithGroups(minGroups).map((v) => v.value);
  }

  /** The values seen in at least `minGroups` groups with the groups they were seen in, by id. */
  frequentWithGroups(minGroups: number): { value: T; groups: ReadonlySet<string> }[] {
    return [...this.seen.entries()]
      .filter(([, v]) => v.groups.size >= minGroups)
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .map(([, v]) => v);
  }
}

/** The group an example counts in: its task, or the example itself. */
export const groupOf = (e: MiningExample, i: number): string => e.group ?? `#${i}`;

/**
 * The items the examples' traces yield for `source` (`itemsOf` a trace's facts, run once per
 * trace) that recur in at least `minGroups` groups, ordered by id.
 */
export function recurringItems<T>(
  examples: MiningExample[],
  source: string,
  minGroups: number,
  itemsOf: (facts: TraceFacts) => Iterable<[string, T]>,
): T[] {
  const tally = new GroupTally<T>();
  examples.forEach((e, i) => {
    tally.addTrace(e.facts, source, groupOf(e, i), () => itemsOf(e.facts));
  });
  return tally.frequent(minGroups);
}
