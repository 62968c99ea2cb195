import type { EvalView } from '@/core/eval-view';
import { countConfusion, scoreConfusion } from '@/evals/metrics/confusion';
import type { CriterionKind } from './criterion';
import { type Learned, type LearnerInput, learn } from './learner';
import { learnOneFact } from './one-fact-baseline';
import type { Split } from './split';

export type SeedResult = {
  abstained: boolean;
  /** Held-out accuracy and kappa of the learned eval; null when it abstained (kappa: or undefined). */
  accuracy: number | null;
  kappa: number | null;
  /** The training set's majority label, applied to the held-out traces. */
  majority: number;
  /** The best single tool fact on the training set, applied to the held-out traces. */
  oneFact: { accuracy: number; kappa: number | null };
  rules: string;
};

export type CriterionResult = {
  domain: string;
  id: string;
  says: string;
  kind: CriterionKind;
  positives: number;
  total: number;
  seeds: SeedResult[];
};

function score(verdicts: boolean[], labels: boolean[]) {
  const s = scoreConfusion(
    countConfusion(
      verdicts.map((verdict, i) => ({ label: labels[i] ? 'positive' : 'negative', verdict })),
    ),
  );
  return { accuracy: s.accuracy ?? 0, kappa: s.kappa };
}

/** One criterion over every split: learn on the training rows, judge on the held-out rows. */
export function evaluateCriterion(
  views: EvalView[],
  labels: boolean[],
  splits: Split[],
  name: string,
  learner: (input: LearnerInput) => Learned = learn,
): Omit<CriterionResult, 'domain' | 'id' | 'says' | 'kind'> {
  const seeds = splits.map((split, s): SeedResult => {
    const examples = split.train.map((i) => ({ view: views[i]!, label: labels[i]! }));
    const testLabels = split.test.map((i) => labels[i]!);
    const passes = examples.filter((e) => e.label).length;
    const majorityLabel = passes * 2 >= examples.length;
    const majority = testLabels.filter((l) => l === majorityLabel).length / testLabels.length;
    const fact = learnOneFact(examples);
    const oneFact = score(
      split.test.map((i) => fact.holds(views[i]!)),
      testLabels,
    );
    const learned = learner({ examples, seed: s + 1, name });
    if (learned.abstained) {
      return {
        abstained: true,
        accuracy: null,
        kappa: null,
        majority,
        oneFact,
        rules: learned.reason,
      };
    }
    const held = score(
      split.test.map((i) => learned.predict(views[i]!)),
      testLabels,
    );
    return { abstained: false, ...held, majority, oneFact, rules: learned.rules };
  });
  return { positives: labels.filter(Boolean).length, total: labels.length, seeds };
}
