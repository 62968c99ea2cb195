import type { Agreement } from '../metrics/compute-agreement';
import { computeAgreement } from '../metrics/compute-agreement';
import { cohenKappa, countConfusion, type Judgement, scoreConfusion } from '../metrics/confusion';

const SCORE_NAMES = ['accuracy', 'precision', 'recall', 'f1', 'kappa'] as const;
export type ScoreName = (typeof SCORE_NAMES)[number];
export type Scores = Record<ScoreName, number | null>;

export type FoldResult = {
  fold: number;
  /** Held-out traces judged in this fold (after exclusions). */
  n: number;
  errors: number;
  scores: Scores;
  /** Set when training the candidate on this fold failed. */
  trainingError?: string;
};

export type Summary = { mean: Scores; std: Scores };

/** Mean and (population) standard deviation of each score over the folds where it is defined. */
export function summariseFolds(folds: FoldResult[]): Summary {
  const mean = {} as Scores;
  const std = {} as Scores;
  for (const name of SCORE_NAMES) {
    const values = folds.map((f) => f.scores[name]).filter((v): v is number => v !== null);
    if (values.length === 0) {
      mean[name] = null;
      std[name] = null;
      continue;
    }
    const m = values.reduce((a, b) => a + b, 0) / values.length;
    mean[name] = m;
    std[name] = Math.sqrt(values.reduce((a, b) => a + (b - m) ** 2, 0) / values.length);
  }
  return { mean, std };
}

export function scoreJudgements(judgements: Judgement[]): {
  scores: Scores;
  errors: number;
  n: number;
} {
  const counts = countConfusion(judgements);
  return {
    scores: scoreConfusion(counts),
    errors: counts.errors,
    n: judgements.length - counts.neutral,
  };
}

/** Pooled held-out agreement with intervals (errors excluded, as everywhere in metrics). */
export function pooledAgreement(judgements: Judgement[], seed: number): Agreement {
  return computeAgreement(judgements, { seed });
}

/** Kappa for ranking: an eval error counts as a wrong verdict, so erroring never pays. */
export function rankingKappa(judgements: Judgement[]): number | null {
  const counted = judgements
    .filter((j) => j.label !== 'neutral')
    .map((j) => (j.verdict === null ? { ...j, verdict: j.label === 'negative' } : j));
  return cohenKappa(countConfusion(counted));
}

export function rankingF1(judgements: Judgement[]): number | null {
  const counted = judgements
    .filter((j) => j.label !== 'neutral')
    .map((j) => (j.verdict === null ? { ...j, verdict: j.label === 'negative' } : j));
  return scoreConfusion(countConfusion(counted)).f1;
}
