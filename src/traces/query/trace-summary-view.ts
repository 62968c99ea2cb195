import { z } from '@hono/zod-openapi';
import { IsoDate } from '@/api/openapi-schemas';
import { pickColumns } from '@/db/pick-columns';
import { RATINGS, TRACE_SOURCES, traces } from '@/db/schema';

/** The list columns of a trace (pre-computed at ingest; no JSON is parsed for a list page). */
export const TraceSummary = z
  .object({
    id: z.string(),
    source: z.enum(TRACE_SOURCES),
    externalId: z.string(),
    agentId: z.string().nullable(),
    agentVersionId: z.string().nullable(),
    name: z.string().nullable(),
    sessionId: z.string().nullable(),
    startedAt: IsoDate,
    durationMs: z.number().nullable(),
    stepCount: z.number().int(),
    toolCallCount: z.number().int(),
    errorCount: z.number().int(),
    hasErrors: z.boolean(),
    inputTokens: z.number().int(),
    outputTokens: z.number().int(),
    costUsd: z.number().nullable(),
    inputPreview: z.string(),
    outputPreview: z.string(),
    label: z.enum(RATINGS).nullable(),
    labelledAt: IsoDate.nullable(),
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
