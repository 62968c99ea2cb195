import { cohenKappa, countConfusion, type Judgement } from '../metrics/confusion';
import { signTestPValue } from '../metrics/sign-test';
import { type Interval, wilsonInterval } from '../metrics/wilson-interval';

/** A candidate must beat the majority verdict with a one-sided p-value below this. */
export const BASELINE_ALPHA = 0.05;

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
  /** Traces the candidate judged right and the majority verdict wrong. */
  wins: number;
  /** Traces the majority verdict judged right and the candidate wrong. */
  losses: number;
  /** Exact one-sided sign test on the discordant traces: P(X >= wins | wins + losses, 1/2). */
  pValue: number;
  /** More wins than losses, and pValue below BASELINE_ALPHA. */
  clear: boolean;
};

/**
 * Compares held-out verdicts with the majority-class baseline, paired on the same traces
 * (McNemar's exact test): a candidate clears it only when it is right on significantly more of
 * the traces where the two disagree than the constant verdict is.
 */
export function judgeAgainstBaseline(judgements: Judgement[]): BaselineComparison {
  const judged = judgements.filter((j) => j.label !== 'neutral');
  const n = judged.length;
  const positives = judged.filter((j) => j.label === 'positive').length;
  const majority = positives * 2 >= n;
  let right = 0;
  let wins = 0;
  let losses = 0;
  for (const j of judged) {
    // An eval error counts as a wrong verdict, as in ranking.
    const candidateRight = j.verdict !== null && j.verdict === (j.label === 'positive');
    const majorityRight = majority === (j.label === 'positive');
    right += candidateRight ? 1 : 0;
    wins += candidateRight && !majorityRight ? 1 : 0;
    losses += majorityRight && !candidateRight ? 1 : 0;
  }
  const counted = judged.map((j) =>
    j.verdict === null ? { ...j, verdict: j.label === 'negative' } : j,
  );
  const kappa = cohenKappa(countConfusion(counted));
  const interval = wilsonInterval(right, n) ?? { low: 0, high: 1 };
  const baselineAccuracy = n === 0 ? 1 : (majority ? positives : n - positives) / n;
  const pValue = signTestPValue(wins, losses);
  return {
    majority,
    baselineAccuracy,
    accuracy: n === 0 ? 0 : right / n,
    interval,
    kappa,
    n,
    wins,
    losses,
    pValue,
    clear: wins > losses && pValue < BASELINE_ALPHA,
  };
}
