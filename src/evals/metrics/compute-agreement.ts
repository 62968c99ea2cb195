import { bootstrapScores } from './bootstrap-scores';
import { type ConfusionCounts, countConfusion, type Judgement, scoreConfusion } from './confusion';
import { type Interval, wilsonInterval } from './wilson-interval';

export type Estimate = { value: number; low: number; high: number };

export type AgreementWarningCode =
  | 'TOO_FEW_LABELS'
  | 'FEW_OF_ONE_CLASS'
  | 'CLASS_IMBALANCE'
  | 'EVAL_ERRORS_EXCLUDED'
  | 'NOT_RUN'
  | 'ONLY_TRAINING_LABELS';

export type AgreementWarning = { code: AgreementWarningCode; message: string };

export type Agreement = {
  counts: ConfusionCounts;
  /** Traces the metrics are computed on: labelled positive or negative, and no eval error. */
  n: number;
  positives: number;
  negatives: number;
  accuracy: Estimate | null;
  precision: Estimate | null;
  recall: Estimate | null;
  f1: Estimate | null;
  kappa: Estimate | null;
  warnings: AgreementWarning[];
};

export type AgreementOptions = {
  /** Fewer usable labels than this raises TOO_FEW_LABELS (default 20). */
  minLabels?: number;
  /** Fewer of either class than this raises FEW_OF_ONE_CLASS (default 5). */
  minPerClass?: number;
  /** A minority share below this raises CLASS_IMBALANCE (default 0.2). */
  imbalanceShare?: number;
  /** What the counted labels are called in TOO_FEW_LABELS (default "usable labels"). */
  labelsNoun?: string;
  bootstrapSamples?: number;
  seed?: number;
};

export function computeAgreement(
  judgements: Iterable<Judgement>,
  options: AgreementOptions = {},
): Agreement {
  return agreementFromCounts(countConfusion(judgements), options);
}

/** Metrics with 95% intervals: Wilson for proportions, a seeded bootstrap for kappa and F1. */
export function agreementFromCounts(
  counts: ConfusionCounts,
  options: AgreementOptions = {},
): Agreement {
  const { tp, fp, tn, fn } = counts;
  const n = tp + fp + tn + fn;
  const scores = scoreConfusion(counts);
  const boot = bootstrapScores(counts, { samples: options.bootstrapSamples, seed: options.seed });
  const proportion = (value: number | null, k: number, total: number) =>
    estimate(value, wilsonInterval(k, total));
  return {
    counts,
    n,
    positives: tp + fn,
    negatives: tn + fp,
    accuracy: proportion(scores.accuracy, tp + tn, n),
    precision: proportion(scores.precision, tp, tp + fp),
    recall: proportion(scores.recall, tp, tp + fn),
    f1: estimate(scores.f1, boot.f1),
    kappa: estimate(scores.kappa, boot.kappa),
    warnings: agreementWarnings(counts, options),
  };
}

function estimate(value: number | null, interval: Interval | null): Estimate | null {
  if (value === null) {
    return null;
  }
  // A bootstrap interval can miss a degenerate point estimate; widen it to contain the value.
  const low = Math.min(interval?.low ?? value, value);
  const high = Math.max(interval?.high ?? value, value);
  return { value, low, high };
}

function agreementWarnings(counts: ConfusionCounts, options: AgreementOptions): AgreementWarning[] {
  const minLabels = options.minLabels ?? 20;
  const minPerClass = options.minPerClass ?? 5;
  const imbalanceShare = options.imbalanceShare ?? 0.2;
  const positives = counts.tp + counts.fn;
  const negatives = counts.tn + counts.fp;
  const n = positives + negatives;
  const warnings: AgreementWarning[] = [];
  if (n < minLabels) {
    warnings.push({
      code: 'TOO_FEW_LABELS',
      message: `only ${n} ${options.labelsNoun ?? 'usable labels'} (at least ${minLabels} recommended); intervals are wide`,
    });
  }
  if (Math.min(positives, negatives) < minPerClass) {
    warnings.push({
      code: 'FEW_OF_ONE_CLASS',
      message: `${positives} positive and ${negatives} negative labels; label at least ${minPerClass} of each`,
    });
  }
  if (n > 0 && Math.min(positives, negatives) / n < imbalanceShare) {
    const share = Math.round((100 * Math.min(positives, negatives)) / n);
    warnings.push({
      code: 'CLASS_IMBALANCE',
      message: `the minority class is ${share}% of labels; accuracy flatters, read kappa`,
    });
  }
  if (counts.errors > 0) {
    warnings.push({
      code: 'EVAL_ERRORS_EXCLUDED',
      message: `${counts.errors} labelled traces errored in the eval and are excluded`,
    });
  }
  return warnings;
}
