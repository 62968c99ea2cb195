import { cohenKappa, countConfusion, type Judgement } from '../metrics/confusion';
import { type Interval, wilsonInterval } from '../metrics/wilson-interval';

/** How a candidate's held-out verdicts compare with always giving the labels' majority verdict. */
export type BaselineComparison = {
  /** The constant verdict that agrees with most labels (pass on a tie). */
  majority: boolean;
  /** Share of the judged labels the constant verdict agrees with. */
  baselineAccuracy: number;
  /** Held-out accuracy with eval errors counted as wrong, and its 95% Wilson interval. */
  accuracy: number;
  interval: Interval;
  kappa: number | null;
  n: number;
  /** The accuracy interval lies above the baseline and kappa is positive. */
  clear: boolean;
};

/**
 * Compares held-out verdicts with the majority-class baseline on the same traces. A candidate
 * clears it only when the lower end of its accuracy interval is above the baseline's accuracy.
 */
export function judgeAgainstBaseline(judgements: Judgement[]): BaselineComparison {
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
  const interval = wilsonInterval(right, n) ?? { low: 0, high: 1 };
  const baselineAccuracy = n === 0 ? 1 : (majority ? positives : n - positives) / n;
  return {
    majority,
    baselineAccuracy,
    accuracy: n === 0 ? 0 : right / n,
    interval,
    kappa,
    n,
    clear: n > 0 && interval.low > baselineAccuracy && (kappa ?? 0) > 0,
  };
}
