import { assignOwn } from '@/core/own-keys';
import type { NormalisedSpan } from './normalised-trace';

/**
 * Field-wise span merge: later values win unless null/empty; attributes merge. A partial span
 * (an update) never moves the start time it did not carry. Storage merges across requests the same way.
 */
export function mergeSpan(
  into: NormalisedSpan,
  next: NormalisedSpan,
  nextHasStart = next.partial !== true,
): void {
  for (const [key, value] of Object.entries(next) as [keyof NormalisedSpan, unknown][]) {
    if (
      (key === 'startTime' && !nextHasStart) ||
      key === 'partial' ||
      value === undefined ||
      value === null ||
      value === '' ||
      (key === 'kind' && value === 'UNKNOWN') ||
      (key === 'status' && value === 'UNSET')
    ) {
      continue;
    }
    if (key === 'attributes') {
      assignOwn(into.attributes, value as object);
      continue;
    }
    (into as Record<string, unknown>)[key] = value;
  }
}
