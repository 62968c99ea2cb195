import { z } from '@hono/zod-openapi';
import { RATINGS } from '@/db/schema/constants';
import type { TraceLabel, TraceScore } from './normalised-trace';
import { toRating } from './parsers/to-label';

/** A workspace's rules for turning scores into labels (workspace settings `scoreLabels`). */
export const ScoreLabelSettings = z.strictObject({
  /** NUMERIC scores at or above this are positive, below it negative; null: only label-like names. */
  numericThreshold: z.number().finite().nullable().optional(),
  /** CATEGORICAL values (compared case-insensitively) to ratings; unmapped values fall back to rating words. */
  categories: z
    .record(z.string().trim().min(1).max(100), z.enum(RATINGS))
    .refine((value) => Object.keys(value).length <= 200, 'at most 200 categories')
    .optional(),
});
export type ScoreLabelSettings = z.infer<typeof ScoreLabelSettings>;

const LABEL_NAME = /feedback|label|thumb|rating|human|review/i;

function dataTypeOf(score: TraceScore): NonNullable<TraceScore['dataType']> {
  if (score.dataType) {
    return score.dataType;
  }
  return typeof score.value === 'boolean'
    ? 'BOOLEAN'
    : typeof score.value === 'number'
      ? 'NUMERIC'
      : 'CATEGORICAL';
}

function numericRating(score: TraceScore, value: number, settings: ScoreLabelSettings) {
  if (settings.numericThreshold !== undefined && settings.numericThreshold !== null) {
    return value >= settings.numericThreshold ? 'positive' : 'negative';
  }
  // without a threshold only a label-like name with 1 / 0 / -1 is a judgement
  return LABEL_NAME.test(score.name) && (value === 1 || value === 0 || value === -1)
    ? toRating(value)
    : null;
}

function categoryRating(value: string, settings: ScoreLabelSettings) {
  const wanted = value.trim().toLowerCase();
  for (const [category, rating] of Object.entries(settings.categories ?? {})) {
    if (category.toLowerCase() === wanted) {
      return rating;
    }
  }
  return toRating(value);
}

/**
 * The label a score stands for, by its data type: BOOLEAN is a verdict; NUMERIC needs the
 * workspace threshold (or a label-like name with 1/0/-1); CATEGORICAL goes through the workspace
 * mapping, then rating words. Null when the score is a measurement, not a judgement.
 */
export function scoreAsLabel(
  score: TraceScore,
  settings: ScoreLabelSettings = {},
): TraceLabel | null {
  const value = score.value;
  let rating: TraceLabel['rating'] | null = null;
  switch (dataTypeOf(score)) {
    case 'BOOLEAN':
      rating =
        value === true || value === 1 || value === '1' || value === 'true'
          ? 'positive'
          : value === false || value === 0 || value === '0' || value === 'false'
            ? 'negative'
            : null;
      break;
    case 'NUMERIC': {
      const n =
        typeof value === 'number'
          ? value
          : typeof value === 'string' && value.trim() !== ''
            ? Number(value)
            : Number.NaN;
      rating = Number.isFinite(n) ? numericRating(score, n, settings) : null;
      break;
    }
    case 'CATEGORICAL':
      rating = categoryRating(String(value), settings);
      break;
  }
  return rating ? { rating, notes: score.comment } : null;
}
