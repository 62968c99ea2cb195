import type { NormalisedTrace } from '../normalised-trace';
import { isRecord } from '../to-eval-messages';
import { laterOf } from './pull-time';
import type { PullBatch } from './pull-types';

/**
 * One page of a platform's records as a batch: `add` puts each record into the traces it belongs
 * to, a record it throws on is reported in `errors`, and the newest `timeOf` of the records added
 * is the page's high-water mark.
 */
export function toPullBatch(
  stream: string,
  records: unknown[],
  add: (grouped: Map<string, NormalisedTrace>, record: unknown) => void,
  timeOf: (record: Record<string, unknown>) => number | null,
): PullBatch {
  const grouped = new Map<string, NormalisedTrace>();
  const errors: string[] = [];
  let highWater: number | null = null;
  for (const record of records) {
    try {
      add(grouped, record);
      highWater = laterOf(highWater, isRecord(record) ? timeOf(record) : null);
    } catch (error) {
      errors.push(error instanceof Error ? error.message : String(error));
    }
  }
  return { stream, traces: [...grouped.values()], records: records.length, errors, highWater };
}
