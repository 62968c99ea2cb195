/** Generation needs this many traces labelled good or bad, and this many of each (no imports: the dashboard shares it). */
export const MIN_LABELS = 8;
export const MIN_PER_CLASS = 2;

/** The labels still to add before generation can start ("1 more good and 4 more of either"), or null. */
export function labelsToAdd(positives: number, negatives: number): string | null {
  const good = Math.max(0, MIN_PER_CLASS - positives);
  const bad = Math.max(0, MIN_PER_CLASS - negatives);
  const either = Math.max(0, MIN_LABELS - positives - negatives - good - bad);
  const asks = [
    good > 0 ? `${good} more good` : '',
    bad > 0 ? `${bad} more bad` : '',
    either > 0 ? `${either} more of either` : '',
  ].filter(Boolean);
  return asks.length === 0 ? null : asks.join(' and ');
}
