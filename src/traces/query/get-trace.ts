import { z } from '@hono/zod-openapi';
import { asc, desc, eq } from 'drizzle-orm';
import { columnFields } from '@/api/column-fields';
import { IsoDate } from '@/api/openapi-schemas';
import type { Ctx } from '@/core/context';
import { notFound } from '@/core/errors';
import { inWorkspace, rowsInWorkspace, selectInWorkspace } from '@/db/in-workspace';
import {
  EXECUTION_STATUSES,
  evalExecutions,
  evals,
  feedback,
  spans,
  traces,
  users,
} from '@/db/schema';
import { FeedbackView, feedbackColumns, toFeedbackView } from '@/feedback/feedback-view';
import { derivedSpanRows } from '../ingest/derived-spans';
import { withValues } from '../ingest/span-rows';
import { readStoredEvalView } from '../stored-eval-view';
import { listTraceScores, TraceScoreView } from './trace-score-view';
import { TraceSummary, toTraceSummary, traceSummaryColumns } from './trace-summary-view';

const SpanView = z
  .object({
    ...columnFields(spans, 'id', 'spanId', 'parentSpanId', 'name', 'kind', 'startedAt', 'endedAt'),
    ...columnFields(spans, 'durationMs', 'status', 'statusMessage', 'model'),
    ...columnFields(spans, 'inputTokens', 'outputTokens', 'costUsd'),
    input: z.unknown(),
    output: z.unknown(),
    attributes: z.record(z.string(), z.unknown()),
    events: z.array(z.unknown()),
  })
  .openapi('Span');

const EvalResultView = z
  .object({
    evalId: z.string(),
    evalName: z.string(),
    evalVersion: z.number().int(),
    status: z.enum(EXECUTION_STATUSES),
    reason: z.string(),
    error: z.unknown().nullable(),
    durationMs: z.number(),
    executedAt: IsoDate,
  })
  .openapi('EvalResult');

export const TraceDetail = TraceSummary.extend({
  endedAt: IsoDate.nullable(),
  systemPromptId: z.string().nullable(),
  externalUserId: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()),
  tags: z.array(z.string()),
  evalView: z
    .record(z.string(), z.unknown())
    .openapi({ description: 'The dict eval functions receive' }),
  evalViewVersion: z.number().int(),
  spans: z.array(SpanView),
  feedback: z.array(FeedbackView),
  scores: z.array(TraceScoreView).openapi({
    description: 'Scores other platforms sent (numeric, boolean, categorical), as sent',
  }),
  evalResults: z.array(EvalResultView),
}).openapi('TraceDetail');
export type TraceDetail = z.infer<typeof TraceDetail>;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** One trace with its spans, eval view, metadata, labels, scores and eval results. */
export async function getTrace(ctx: Ctx, input: { id: string }): Promise<TraceDetail> {
  const [row] = await selectInWorkspace(
    ctx,
    traces,
    {
      ...traceSummaryColumns,
      endedAt: traces.endedAt,
      systemPromptId: traces.systemPromptId,
      externalUserId: traces.externalUserId,
      metadata: traces.metadata,
      tags: traces.tags,
      evalView: traces.evalView,
      evalViewVersion: traces.evalViewVersion,
    },
    [eq(traces.id, input.id)],
  ).limit(1);
  if (!row) {
    throw notFound('trace', input.id);
  }
  const [{ view, spansFrom }, feedbackRows, scores, resultRows] = await Promise.all([
    readStoredEvalView(row.evalView, ctx.db),
    ctx.db
      .select(feedbackColumns)
      .from(feedback)
      .leftJoin(users, eq(users.id, feedback.userId))
      .where(inWorkspace(ctx, feedback, [eq(feedback.traceId, row.id)]))
      .orderBy(desc(feedback.updatedAt)),
    listTraceScores(ctx, row.id),
    ctx.db
      .select({
        evalId: evals.id,
        evalName: evals.name,
        evalVersion: evals.version,
        status: evalExecutions.status,
        reason: evalExecutions.reason,
        error: evalExecutions.error,
        durationMs: evalExecutions.durationMs,
        executedAt: evalExecutions.executedAt,
      })
      .from(evalExecutions)
      .innerJoin(evals, eq(evals.id, evalExecutions.evalId))
      .where(inWorkspace(ctx, evalExecutions, [eq(evalExecutions.traceId, row.id)]))
      .orderBy(asc(evals.name), desc(evals.version)),
  ]);
  const spanRows =
    spansFrom !== null
      ? derivedSpanRows(ctx.workspaceId, row.id, view, spansFrom)
      : await rowsInWorkspace(ctx, spans, [eq(spans.traceId, row.id)]).orderBy(
          asc(spans.startedAt),
          asc(spans.id),
        );
  const {
    endedAt,
    systemPromptId,
    externalUserId,
    metadata,
    tags,
    evalView,
    evalViewVersion,
    ...summary
  } = row;
  return {
    ...toTraceSummary(summary),
    endedAt: iso(endedAt),
    systemPromptId,
    externalUserId,
    metadata,
    tags,
    evalView: view as unknown as Record<string, unknown>,
    evalViewVersion,
    spans: spanRows
      .map((stored) => withValues(stored, view.messages))
      .map((s) => ({
        id: s.id,
        spanId: s.spanId,
        parentSpanId: s.parentSpanId,
        name: s.name,
        kind: s.kind,
        startedAt: s.startedAt.toISOString(),
        endedAt: iso(s.endedAt),
        durationMs: s.durationMs,
        status: s.status,
        statusMessage: s.statusMessage,
        model: s.model,
        inputTokens: s.inputTokens,
        outputTokens: s.outputTokens,
        costUsd: s.costUsd,
        input: s.input,
        output: s.output,
        attributes: s.attributes,
        events: s.events,
      })),
    feedback: feedbackRows.map(toFeedbackView),
    scores,
    evalResults: resultRows.map((r) => ({
      ...r,
      error: r.error ?? null,
      executedAt: r.executedAt.toISOString(),
    })),
  };
}
