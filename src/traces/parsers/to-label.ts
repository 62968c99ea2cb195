import type { TraceLabel } from '../normalised-trace';

const POSITIVE = new Set([
  'positive',
  'good',
  'pass',
  'passed',
  'correct',
  'up',
  'thumbs_up',
  'thumbsup',
  'yes',
  'true',
  '1',
  '👍',
]);
const NEGATIVE = new Set([
  'negative',
  'bad',
  'fail',
  'failed',
  'incorrect',
  'down',
  'thumbs_down',
  'thumbsdown',
  'no',
  'false',
  '0',
  '-1',
  '👎',
]);

/** A rating from the common ways a label is written (words, booleans, 1/0/-1, numbers > 0); null if unknown. */
export function toRating(value: unknown): TraceLabel['rating'] | null {
  if (typeof value === 'boolean') {
    return value ? 'positive' : 'negative';
  }
  if (typeof value === 'number' && Number.isFinite(value)) {
    return value > 0 ? 'positive' : 'negative';
  }
  if (typeof value !== 'string') {
    return null;
  }
  const v = value.trim().toLowerCase();
  if (POSITIVE.has(v)) {
    return 'positive';
  }
  if (NEGATIVE.has(v)) {
    return 'negative';
  }
  return v === 'neutral' || v === 'skip' ? 'neutral' : null;
}
