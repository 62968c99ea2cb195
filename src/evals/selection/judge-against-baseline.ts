import { cohenKappa, countConfusion, type Judgement } from '../metrics/confusion';
import { signTest } from '../metrics/sign-test';
import { type Interval, wilsonInterval } from '../metrics/wilson-interval';

/** How a candidate's held-out verdicts compare with always giving the labels' majority verdict. */
export type BaselineComparison = {
  /** The constant verdict that agrees with most labels (pass on a tie). */
  majority: boolean;
  /** Share of the judged labels the constant verdict agrees with. */
  baselineAccuracy: number;
  /**
   * The accuracy the check uses, with its 95% Wilson interval over the judged labels: the
   * held-out accuracy, or with a training fit the .632+ estimate for the version trained on all
   * the labels (eval errors count as wrong).
   */
  accuracy: number;
  interval: Interval;
  /** Share of the labels the fold models, which had not seen them, judged right. */
  heldOutAccuracy: number;
  kappa: number | null;
  n: number;
  /**
   * Paired with the majority verdict on the same held-out traces: how many the candidate got
   * right where the majority verdict was wrong (wins) and wrong where it was right (losses; an
   * eval error on such a trace is one), and the one-sided sign test's mid-p that a candidate no
   * better than the majority verdict wins this many of them.
   */
  wins: number;
  losses: number;
  pairedP: number;
  /**
   * The accuracy interval lies above the baseline, the held-out kappa is positive and the held-out
   * verdicts beat the majority verdict's on the same traces (`pairedP` below `PAIRED_LEVEL`).
   */
  clear: boolean;
};

/**
 * One-sided level of the paired test against the majority verdict, on the sign test's mid-p: the
 * exact tail alone can never pass 4 wins and no loss (1/16), and with it the chance of creating a
 * version no better than the majority is 3.7-4.5% for 24-200 labels; with the mid-p it is
 * 5.0-5.2% (the most over how often the two disagree, computed exactly: docs/synthesiser.md).
 */
export const PAIRED_LEVEL = 0.05;

/**
 * How the final version (trained on every judged label) fits those labels: how many it judged,
 * got wrong (an eval error counts as wrong) and passed.
 */
export type TrainingFit = { n: number; wrong: number; passed: number };

/**
 * Compares held-out verdicts with the majority-class baseline on the same traces. A candidate
 * clears it only when the lower end of its accuracy interval is above the baseline's accuracy
 * and, paired trace by trace with the majority verdict, it wins more than chance gives.
 * With `fit` (a candidate retrained on all the labels: the synthesiser), the accuracy is the
 * .632+ estimate of the final version's (see `estimate632Plus`).
 */
export function judgeAgainstBaseline(
  judgements: Judgement[],
  fit?: TrainingFit,
): BaselineComparison {
  const judged = judgements.filter((j) => j.label !== 'neutral');
  const n = judged.length;
  const positives = judged.filter((j) => j.label === 'positive').length;
  const majority = positives * 2 >= n;
  const right = judged.filter(
    (j) => j.verdict !== null && j.verdict === (j.label === 'positive'),
  ).length;
  // An eval error counts as a wrong verdict, as in ranking.
  const counted = judged.map((j) =>
    j.verdict === null ? { ...j, verdict: j.label === 'negative' } : j,
  );
  const kappa = cohenKappa(countConfusion(counted));
  const heldOutAccuracy = n === 0 ? 0 : right / n;
  const accuracy =
    fit && fit.n > 0 && n > 0
      ? estimate632Plus(heldOutAccuracy, fit, positives / n)
      : heldOutAccuracy;
  const interval = wilsonInterval(accuracy * n, n) ?? { low: 0, high: 1 };
  const baselineAccuracy = n === 0 ? 1 : (majority ? positives : n - positives) / n;
  // where the candidate and the constant verdict disagree, exactly one of them is right
  const wins = judged.filter(
    (j) => (j.label === 'positive') !== majority && j.verdict === !majority,
  ).length;
  const losses = judged.filter(
    (j) => (j.label === 'positive') === majority && j.verdict !== majority,
  ).length;
  const pairedP = signTest(wins, losses).midP;
  return {
    majority,
    baselineAccuracy,
    accuracy,
    interval,
    heldOutAccuracy,
    kappa,
    n,
    wins,
    losses,
    pairedP,
    clear: n > 0 && interval.low > baselineAccuracy && (kappa ?? 0) > 0 && pairedP < PAIRED_LEVEL,
  };
}

/**
 * Efron and Tibshirani's .632+ estimate of a learner's accuracy on new traces, from its
 * cross-validated accuracy (fold models trained on 4/5 of the labels, which miss rules the
 * learner finds on all of them: pessimistic) and its fit on the labels it was trained on
 * (optimistic). The two are weighed by how much the fit overfits: the more the held-out error
 * rises from the training error towards the no-information error (the error of verdicts given
 * at the same pass rate independently of the trace), the more weight the held-out error gets,
 * all of it at the no-information error. A held-out error at or above that gets no credit.
 */
export function estimate632Plus(heldOut: number, fit: TrainingFit, positiveShare: number): number {
  const heldOutError = 1 - heldOut;
  const trainError = fit.wrong / fit.n;
  const passRate = fit.passed / fit.n;
  const noInformation = positiveShare * (1 - passRate) + (1 - positiveShare) * passRate;
  if (heldOutError >= noInformation) {
    return heldOut;
  }
  const overfit =
    heldOutError > trainError && noInformation > trainError
      ? (heldOutError - trainError) / (noInformation - trainError)
      : 0;
  const weight = 0.632 / (1 - 0.368 * overfit);
  return 1 - ((1 - weight) * trainError + weight * heldOutError);
}

/**
 * How many more labels of the rarer kind a candidate needs before it can clear the baseline at
 * all, with `rare` and `common` labels of each kind: the least number such that a candidate right
 * on every label, held out and in its fit, passes both checks of `judgeAgainstBaseline` (the
 * interval of 100% above the common share, and as many wins without a loss by the paired test).
 * 0 when the labels already allow it; below that, abstaining is what the labels say, however right
 * the rule: 3 failing labels of 40 can never beat always passing (40 of 40 has a 95% interval from
 * 91.2%, and 3 wins give a mid-p of 1/16).
 */
export function rareLabelsNeeded(rare: number, common: number): number {
  for (let r = Math.max(0, rare); r < Math.max(rare, common) + 8; r++) {
    const n = r + common;
    const low = wilsonInterval(n, n)?.low ?? 0;
    if (n > 0 && low > common / n && signTest(r, 0).midP < PAIRED_LEVEL) {
      return r - rare;
    }
  }
  return Number.POSITIVE_INFINITY;
}
