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
};

/** The predicate's answer on a trace, computed once per trace (shared facts answer every fold). */
export function holds(predicate: Predicate, facts: TraceFacts): boolean {
  return remember(facts.answers, predicate.id, () => predicate.test(facts));
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
