/** A human label: positive = the trace should pass, negative = it should fail. */
export type HumanLabel = 'positive' | 'negative' | 'neutral';

/** One trace's human label next to an eval's verdict (`null` = the eval errored on it). */
export type Judgement = { label: HumanLabel; verdict: boolean | null };

/** "Pass" is the positive class: tp = labelled positive and passed; fp = labelled negative and passed. */
export type ConfusionCounts = {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
  /** Neutral labels, excluded from every metric. */
  neutral: number;
  /** Non-neutral traces where the eval errored, excluded from every metric. */
  errors: number;
};

function emptyConfusion(): ConfusionCounts {
  return { tp: 0, fp: 0, tn: 0, fn: 0, neutral: 0, errors: 0 };
}

export function countConfusion(judgements: Iterable<Judgement>): ConfusionCounts {
  const counts = emptyConfusion();
  for (const { label, verdict } of judgements) {
    if (label === 'neutral') {
      counts.neutral++;
    } else if (verdict === null) {
      counts.errors++;
    } else if (label === 'positive') {
      verdict ? counts.tp++ : counts.fn++;
    } else {
      verdict ? counts.fp++ : counts.tn++;
    }
  }
  return counts;
}

export type CoreScores = {
  accuracy: number | null;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  kappa: number | null;
};

/** Point estimates; a metric whose denominator is zero is null, never NaN. */
export function scoreConfusion(c: Pick<ConfusionCounts, 'tp' | 'fp' | 'tn' | 'fn'>): CoreScores {
  const n = c.tp + c.fp + c.tn + c.fn;
  const ratio = (a: number, b: number) => (b > 0 ? a / b : null);
  const precision = ratio(c.tp, c.tp + c.fp);
  const recall = ratio(c.tp, c.tp + c.fn);
  const f1 = ratio(2 * c.tp, 2 * c.tp + c.fp + c.fn);
  return { accuracy: ratio(c.tp + c.tn, n), precision, recall, f1, kappa: cohenKappa(c) };
}

/** Cohen's kappa between verdicts and labels; null when chance agreement is 1 (one class only). */
export function cohenKappa(c: Pick<ConfusionCounts, 'tp' | 'fp' | 'tn' | 'fn'>): number | null {
  const n = c.tp + c.fp + c.tn + c.fn;
  if (n === 0) {
    return null;
  }
  const observed = (c.tp + c.tn) / n;
  const expected = ((c.tp + c.fp) * (c.tp + c.fn) + (c.tn + c.fn) * (c.tn + c.fp)) / (n * n);
  if (expected >= 1) {
    return null;
  }
  return (observed - expected) / (1 - expected);
}
