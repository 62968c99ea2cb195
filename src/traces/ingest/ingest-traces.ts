import { and, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';
import { type NewSpan, type NewTrace, spans, type Trace, traces } from '@/db/schema';
import { upsertRows } from '@/db/upsert-rows';
import { type WriteItem, writeBatch } from '@/db/write-batch';
import { enqueueAutoEvals } from '@/evals/runs/enqueue-auto-evals';
import { deriveEvalView } from '../derive-eval-view';
import { EVAL_VIEW_VERSION } from '../eval-view';
import {
  emptyTrace,
  NormalisedTrace,
  type TraceScore,
  type TraceSource,
} from '../normalised-trace';
import { discoverAgents } from './discover-agents';
import { loadStoredTraces } from './load-stored-traces';
import { mergeTraces } from './merge-traces';
import { labelStatements, scoreAsLabel, scoreStatement } from './score-statements';
import { fromSpanRow, toSpanRow, traceRowId } from './span-rows';
import { withWorkspaceLock } from './workspace-lock';

export type ScoreInput = { source: TraceSource; traceExternalId: string; score: TraceScore };
export type IngestResult = {
  traces: {
    id: string;
    externalId: string;
    source: TraceSource;
    created: boolean;
    changed: boolean;
  }[];
  spansWritten: number;
  scoreErrors: { externalId: string | null; message: string }[];
};

const TRACE_UPDATE_KEYS: (keyof NewTrace & string)[] = [
  'agentId',
  'agentVersionId',
  'systemPromptId',
  'name',
  'sessionId',
  'externalUserId',
  'startedAt',
  'endedAt',
  'durationMs',
  'spanCount',
  'stepCount',
  'toolCallCount',
  'errorCount',
  'hasErrors',
  'inputTokens',
  'outputTokens',
  'costUsd',
  'inputPreview',
  'outputPreview',
  'evalView',
  'evalViewVersion',
  'metadata',
  'tags',
  'updatedAt',
];
const SPAN_UPDATE_KEYS: (keyof NewSpan & string)[] = [
  'parentSpanId',
  'name',
  'kind',
  'startedAt',
  'endedAt',
  'durationMs',
  'status',
  'statusMessage',
  'model',
  'inputTokens',
  'outputTokens',
  'costUsd',
  'input',
  'output',
  'attributes',
  'events',
];

function validate(input: unknown[]): NormalisedTrace[] {
  const parsed = z.array(NormalisedTrace).safeParse(input);
  if (!parsed.success) {
    throw new AppError('VALIDATION', 'invalid traces', {
      details: {
        issues: parsed.error.issues
          .slice(0, 20)
          .map((i) => ({ path: i.path.join('.'), message: i.message })),
      },
    });
  }
  return parsed.data;
}

function storedAsTrace(row: Trace, spanRows: Parameters<typeof fromSpanRow>[0][]): NormalisedTrace {
  const base = emptyTrace(row.source as TraceSource, row.externalId);
  const carriesTraceIo = row.source === 'langfuse';
  return {
    ...base,
    name: carriesTraceIo ? row.name : null,
    sessionId: row.sessionId,
    userId: row.externalUserId,
    metadata: row.metadata,
    tags: row.tags,
    input: carriesTraceIo && row.evalView.input !== null ? row.evalView.input : undefined,
    output: carriesTraceIo && row.evalView.output !== null ? row.evalView.output : undefined,
    spans: spanRows.map(fromSpanRow),
  };
}

const floor = (v: number | null) => (v === null ? null : Math.floor(v));

/** Times as the database keeps them (whole milliseconds), so a re-sent trace derives the same columns. */
function toStoredPrecision(t: NormalisedTrace): NormalisedTrace {
  return {
    ...t,
    startTime: floor(t.startTime),
    endTime: floor(t.endTime),
    spans: t.spans.map((s) => ({
      ...s,
      startTime: Math.floor(s.startTime),
      endTime: floor(s.endTime),
    })),
  };
}

const int = (v: number | null) => (v === null ? null : Math.round(v));

/**
 * Stores normalised traces: validates, merges with what is stored (spans by id, trace fields
 * non-null-wins), derives the eval view and list columns, records system prompts and agents,
 * and writes everything in ONE `db.batch()` upserted on (workspace, source, external id).
 * Idempotent: re-sending the same traces writes nothing new.
 */
export function ingestTraces(ctx: Ctx, input: IngestInput): Promise<IngestResult> {
  return withWorkspaceLock(ctx.db, ctx.workspaceId, () => ingestLocked(ctx, input));
}

type IngestInput = { traces: unknown[]; scores?: ScoreInput[] };

async function ingestLocked(ctx: Ctx, input: IngestInput): Promise<IngestResult> {
  const incoming = new Map<string, NormalisedTrace>();
  for (const t of validate(input.traces).map(toStoredPrecision)) {
    const id = traceRowId(ctx.workspaceId, t.source, t.externalId);
    const seen = incoming.get(id);
    incoming.set(id, seen ? mergeTraces(seen, t) : t);
  }
  const ids = [...incoming.keys()];
  const stored = await loadStoredTraces(ctx, ids);
  const now = ctx.now();

  const prepared = [...incoming].map(([id, next]) => {
    const row = stored.rows.get(id);
    const storedSpans = stored.spans.get(id) ?? [];
    const merged = row ? mergeTraces(storedAsTrace(row, storedSpans), next) : next;
    const derived = deriveEvalView(merged, { traceId: id });
    return { id, next, row, storedSpans, merged, derived };
  });

  const { links, statements: agentStatements } = await discoverAgents(
    ctx,
    prepared.flatMap((p) =>
      p.derived.columns.systemPrompt
        ? [
            {
              prompt: p.derived.columns.systemPrompt,
              isNewTrace: !p.row,
              at: new Date(p.derived.columns.startTime ?? now.getTime()),
            },
          ]
        : [],
    ),
  );

  const traceRows: NewTrace[] = [];
  const spanRows: NewSpan[] = [];
  const result: IngestResult = { traces: [], spansWritten: 0, scoreErrors: [] };
  for (const p of prepared) {
    const { columns, view } = p.derived;
    const link = columns.systemPrompt ? links.get(columns.systemPrompt) : undefined;
    const timed = p.merged.startTime !== null || p.merged.spans.some((s) => s.endTime !== null);
    const startedAt =
      timed && columns.startTime !== null ? new Date(columns.startTime) : (p.row?.startedAt ?? now);
    const traceRow: NewTrace = {
      id: p.id,
      workspaceId: ctx.workspaceId,
      source: p.merged.source,
      externalId: p.merged.externalId,
      agentId: link?.agentId ?? null,
      agentVersionId: link?.agentVersionId ?? null,
      systemPromptId: link?.systemPromptId ?? null,
      name: columns.name,
      sessionId: p.merged.sessionId,
      externalUserId: p.merged.userId,
      startedAt,
      endedAt: timed && columns.endTime !== null ? new Date(columns.endTime) : null,
      durationMs: int(columns.durationMs),
      spanCount: columns.spanCount,
      stepCount: columns.stepCount,
      toolCallCount: columns.toolCallCount,
      errorCount: columns.errorCount,
      hasErrors: columns.hasErrors,
      inputTokens: int(columns.inputTokens) ?? 0,
      outputTokens: int(columns.outputTokens) ?? 0,
      costUsd: columns.cost,
      inputPreview: columns.inputPreview,
      outputPreview: columns.outputPreview,
      evalView: view,
      evalViewVersion: EVAL_VIEW_VERSION,
      metadata: p.merged.metadata,
      tags: p.merged.tags,
      updatedAt: now,
    };
    const traceChanged = !p.row || !sameTraceContent(p.row, traceRow);
    if (traceChanged) {
      traceRows.push(traceRow);
    }
    const storedById = new Map(p.storedSpans.map((s) => [s.spanId, s]));
    const touched = new Set(p.next.spans.map((s) => s.spanId));
    for (const span of p.merged.spans) {
      if (!touched.has(span.spanId)) {
        continue;
      }
      const rowValue = toSpanRow(ctx.workspaceId, p.id, span);
      const before = storedById.get(span.spanId);
      if (!before || !sameSpanContent(before, rowValue)) {
        spanRows.push(rowValue);
      }
    }
    result.traces.push({
      id: p.id,
      externalId: p.merged.externalId,
      source: p.merged.source,
      created: !p.row,
      changed: traceChanged,
    });
  }

  const statements: WriteItem[] = [...agentStatements];
  if (traceRows.length > 0) {
    statements.push(
      upsertRows(traces, traceRows, {
        target: [traces.workspaceId, traces.source, traces.externalId],
        update: TRACE_UPDATE_KEYS,
      }),
    );
  }
  if (spanRows.length > 0) {
    statements.push(
      upsertRows(spans, spanRows, {
        target: [spans.workspaceId, spans.traceId, spans.spanId],
        update: SPAN_UPDATE_KEYS,
      }),
    );
  }
  result.spansWritten = spanRows.length;

  for (const p of prepared) {
    if (p.next.label && (!p.row || p.row.label !== p.next.label.rating)) {
      statements.push(
        ...labelStatements(ctx, p.id, p.next.label, { key: 'import:label', source: 'import' }),
      );
    }
    for (const score of p.next.scores) {
      statements.push(...scoreStatements(ctx, p.id, p.merged.source, score));
    }
  }
  statements.push(...(await externalScoreStatements(ctx, input.scores ?? [], incoming, result)));

  await writeBatch(ctx.db, statements);
  await enqueueAutoEvals(ctx, traceRows);
  return result;
}

function scoreStatements(
  ctx: Ctx,
  traceId: string,
  source: string,
  score: TraceScore,
): WriteItem[] {
  const label = scoreAsLabel(score);
  if (label) {
    const labellerSource = source === 'langfuse' ? 'langfuse' : 'import';
    return labelStatements(ctx, traceId, label, {
      key: `${source}:${score.name}`,
      source: labellerSource,
    });
  }
  return [scoreStatement(ctx, traceId, source, score)];
}

async function externalScoreStatements(
  ctx: Ctx,
  scores: ScoreInput[],
  incoming: Map<string, NormalisedTrace>,
  result: IngestResult,
) {
  const statements: WriteItem[] = [];
  const wanted = scores.map((s) => ({
    s,
    id: traceRowId(ctx.workspaceId, s.source, s.traceExternalId),
  }));
  const missing = [...new Set(wanted.filter((w) => !incoming.has(w.id)).map((w) => w.id))];
  const exists = new Set<string>(incoming.keys());
  for (let i = 0; i < missing.length; i += 90) {
    const rows = await ctx.db
      .select({ id: traces.id })
      .from(traces)
      .where(
        and(eq(traces.workspaceId, ctx.workspaceId), inArray(traces.id, missing.slice(i, i + 90))),
      );
    for (const r of rows) {
      exists.add(r.id);
    }
  }
  for (const { s, id } of wanted) {
    if (!exists.has(id)) {
      result.scoreErrors.push({
        externalId: s.score.externalId,
        message: `trace ${s.traceExternalId} not found`,
      });
      continue;
    }
    statements.push(...scoreStatements(ctx, id, s.source, s.score));
  }
  return statements;
}

const CONTENT_KEYS = TRACE_UPDATE_KEYS.filter((k) => k !== 'updatedAt');

function comparable(value: unknown): string {
  return JSON.stringify(value instanceof Date ? value.getTime() : (value ?? null));
}

function sameTraceContent(row: Trace, next: NewTrace): boolean {
  const a = row as unknown as Record<string, unknown>;
  const b = next as unknown as Record<string, unknown>;
  return CONTENT_KEYS.every((k) => comparable(a[k]) === comparable(b[k]));
}

function sameSpanContent(row: NewSpan, next: NewSpan): boolean {
  const a = row as unknown as Record<string, unknown>;
  const b = next as unknown as Record<string, unknown>;
  return SPAN_UPDATE_KEYS.every((k) => comparable(a[k]) === comparable(b[k]));
}
