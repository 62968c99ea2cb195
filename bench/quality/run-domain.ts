import type { Domain } from './domains';
import { type CriterionResult, evaluateCriterion } from './evaluate-criterion';
import { type Learned, type LearnerInput, learn } from './learner';
import { planSplits } from './split';

export type RunOptions = {
  seeds: number;
  trainSize: number;
  /** Only criteria whose id contains this text. */
  only?: string;
  learner?: (input: LearnerInput) => Learned;
  onCriterion?: (id: string, ms: number) => void;
};

/**
 * Every criterion of a domain on the same splits: they are planned from the group ids before any
 * label is computed, so no criterion's labels can shape its own training set.
 */
export function runDomain(domain: Domain, options: RunOptions): CriterionResult[] {
  const splits = planSplits(domain.groups, options.seeds, options.trainSize);
  const results: CriterionResult[] = [];
  domain.criteria.forEach((c, k) => {
    if (options.only && !c.id.includes(options.only)) {
      return;
    }
    const t0 = performance.now();
    const name = `${domain.name.replace(/\W/g, '_')}_criterion_${k + 1}`;
    const result = evaluateCriterion(
      domain.views,
      c.labels(),
      splits,
      name,
      options.learner ?? learn,
    );
    results.push({ domain: domain.name, id: c.id, says: c.says, kind: c.kind, ...result });
    options.onCriterion?.(c.id, performance.now() - t0);
  });
  return results;
}
