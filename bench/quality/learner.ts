// The one place the benchmark calls the learner. The learner's owner edits this adapter (and only
// this file of bench/quality) to plug in a new learner; the criteria and harness stay frozen.
import type { EvalView } from '@/core/eval-view';
import type { Judgement } from '@/evals/metrics/confusion';
import { finerKeys, groupTraces } from '@/evals/selection/group-traces';
import { judgeAgainstBaseline, rareLabelsNeeded } from '@/evals/selection/judge-against-baseline';
import { makeGroupedFolds } from '@/evals/selection/make-folds';
import { synthesiseEval } from '@/evals/synth/synthesise-eval';
import { createFactsCache } from '@/evals/synth/trace-facts';

export type LearnerInput = {
  /** The labelled training traces: eval views (as imported) and true = should pass. */
  examples: { view: EvalView; label: boolean }[];
  seed: number;
  /** A neutral name for the eval (it carries no hint of the criterion). */
  name: string;
  /** Create the version even when it does not clear the baseline, as `evals generate --force`. */
  force?: boolean;
};

export type Learned =
  | { abstained: true; reason: string }
  | { abstained: false; predict(view: EvalView): boolean; rules: string };

/** Folds of the held-out estimate, as `iofold evals generate` uses by default. */
const FOLDS = 5;

/**
 * What `iofold evals generate` does with no model: the offline synthesiser, judged by grouped
 * cross-validation on the labelled traces (retrained on each fold, groups from the product's
 * groupTraces), and a version only when the interval of its accuracy (the .632+ estimate from the
 * held-out verdicts and the final version's fit on the 40 labels) clears always giving the majority
 * label and the held-out verdicts beat it trace by trace (judgeAgainstBaseline, the rule
 * chooseWinner applies); otherwise it abstains.
 */
export function learn(input: LearnerInput): Learned {
  const { examples, seed, name } = input;
  const groups = groupTraces(examples.map((e) => e.view));
  const labels = examples.map((e) => e.label);
  const heldOut: Judgement[] = [];
  const factsOf = createFactsCache();
  for (const fold of makeGroupedFolds(groups, labels, FOLDS, seed, (i) =>
    finerKeys(examples[i]!.view),
  )) {
    const model = synthesiseEval(
      fold.train.map((i) => examples[i]!),
      { name, seed, groups: fold.train.map((i) => groups[i]!), factsOf },
    );
    for (const i of fold.test) {
      heldOut.push({
        label: labels[i] ? 'positive' : 'negative',
        verdict: model.predict(examples[i]!.view).passed,
      });
    }
  }
  // as chooseWinner: the final version's fit on the labels joins the held-out verdicts (.632+)
  const result = synthesiseEval(examples, { name, seed, groups, factsOf });
  const fitted = examples.map((e) => result.predict(e.view).passed);
  const baseline = judgeAgainstBaseline(heldOut, {
    n: examples.length,
    wrong: fitted.filter((v, i) => v !== labels[i]).length,
    passed: fitted.filter(Boolean).length,
  });
  if (!baseline.clear && !input.force) {
    const said = baseline.majority ? 'pass' : 'fail';
    const rare = labels.filter((l) => l !== baseline.majority).length;
    const needed = rareLabelsNeeded(rare, labels.length - rare);
    const short =
      needed > 0
        ? `; ${rare} ${baseline.majority ? 'fail' : 'pass'} labels, ${needed} more needed`
        : '';
    return {
      abstained: true,
      reason: `abstained: estimated ${(100 * baseline.accuracy).toFixed(0)}% (interval from ${(100 * baseline.interval.low).toFixed(0)}%; held-out ${(100 * baseline.heldOutAccuracy).toFixed(0)}%) does not clear always ${said} (${(100 * baseline.baselineAccuracy).toFixed(0)}%); against it held out ${baseline.wins} wins, ${baseline.losses} losses (mid-p ${baseline.pairedP.toFixed(3)})${short}`,
    };
  }
  const rules =
    result.list.rules
      .map(
        (r, k) =>
          `${r.negated ? 'not ' : ''}${result.rulePredicates[k]?.id} -> ${r.verdict ? 'pass' : 'fail'}`,
      )
      .join('; ') || `always ${result.list.defaultVerdict ? 'pass' : 'fail'}`;
  return { abstained: false, predict: (view) => result.predict(view).passed, rules };
}
