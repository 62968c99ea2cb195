// The one place the benchmark calls the learner. The learner's owner edits this adapter (and only
// this file of bench/quality) to plug in a new learner; the criteria and harness stay frozen.

import type { EvalView } from '@/core/eval-view';
import { synthesizeEval } from '@/evals/synth/synthesize-eval';

export type LearnerInput = {
  /** The labelled training traces: eval views (as imported) and true = should pass. */
  examples: { view: EvalView; label: boolean }[];
  seed: number;
  /** A neutral name for the eval (it carries no hint of the criterion). */
  name: string;
};

export type Learned =
  | { abstained: true; reason: string }
  | { abstained: false; predict(view: EvalView): boolean; rules: string };

/** Today: the offline synthesiser on main, which never abstains. */
export function learn(input: LearnerInput): Learned {
  const result = synthesizeEval(input.examples, { name: input.name, seed: input.seed });
  const rules =
    result.list.rules
      .map(
        (r, k) =>
          `${r.negated ? 'not ' : ''}${result.rulePredicates[k]?.id} -> ${r.verdict ? 'pass' : 'fail'}`,
      )
      .join('; ') || `always ${result.list.defaultVerdict ? 'pass' : 'fail'}`;
  return { abstained: false, predict: (view) => result.predict(view).passed, rules };
}
