import type { EvalView } from '@/core/eval-view';
import type { Predicate } from '../predicate';
import { minePredicates } from '../predicates/mine-predicates';
import { extractFacts } from '../trace-facts';

/** The names of a run's yes/no fields: the criteria its runs can be labelled by. */
type Criterion<R> = { [K in keyof R]: R[K] extends boolean ? K : never }[keyof R];

/** The predicates mined from `runs` labelled by each criterion in turn, one after the other. */
export function minedPerCriterion<R extends { view: EvalView }>(
  runs: R[],
  criteria: readonly Criterion<R>[],
): Predicate[] {
  return criteria.flatMap((criterion) =>
    minePredicates(
      runs.map((run) => ({ facts: extractFacts(run.view), label: run[criterion] as boolean })),
    ),
  );
}
