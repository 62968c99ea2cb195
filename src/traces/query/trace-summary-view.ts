import { z } from '@hono/zod-openapi';
import { columnFields } from '@/api/column-fields';
import { pickColumns } from '@/db/pick-columns';
import { traces } from '@/db/schema';

/** The list columns of a trace (pre-computed at ingest; no JSON is parsed for a list page). */
export const TraceSummary = z
  .object({
    ...columnFields(traces, 'id', 'source', 'externalId', 'agentId', 'agentVersionId'),
    ...columnFields(traces, 'name', 'sessionId', 'startedAt'),
    durationMs: z.number().nullable(),
    ...columnFields(traces, 'stepCount', 'toolCallCount', 'errorCount', 'hasErrors'),
    ...columnFields(traces, 'inputTokens', 'outputTokens', 'costUsd'),
    ...columnFields(traces, 'inputPreview', 'outputPreview', 'label', 'labelledAt'),
  })
  .openapi('TraceSummary');
export type TraceSummary = z.infer<typeof TraceSummary>;

/** The trace columns `TraceSummary` shows, for `select()`. */
export const traceSummaryColumns = pickColumns(traces, TraceSummary.keyof().options);

type Row = { startedAt: Date; labelledAt: Date | null } & Omit<
  TraceSummary,
  'startedAt' | 'labelledAt'
>;

export function toTraceSummary(row: Row): TraceSummary {
  return {
    ...row,
    startedAt: row.startedAt.toISOString(),
    labelledAt: row.labelledAt ? row.labelledAt.toISOString() : null,
  };
}
