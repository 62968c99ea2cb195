import { and, inArray, sql } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import type { EvalView } from '@/core/eval-view';
import { rowsByIdChunks } from '@/db/id-chunks';
import { rowsInWorkspace } from '@/db/in-workspace';
import { param, preparedIdList } from '@/db/prepared';
import { type Span, spans, type Trace, traces } from '@/db/schema';
import { emptyTrace, type NormalisedTrace, type TraceSource } from '../normalised-trace';
import { readStoredEvalView } from '../stored-eval-view';
import { derivedSpanRows } from './derived-spans';
import { fromSpanRow } from './span-rows';

/**
 * `workspace_id = ?` that no index may serve: with `id IN (...)` beside it, SQLite without
 * statistics would otherwise leave the primary key for a workspace index scan (issue #16 point 10).
 */
const sameWorkspace = sql`+${traces.workspaceId} = ${param('workspaceId')}`;

/** Trace rows by row id (workspace-scoped), looked up through the primary key; prepared. */
const traceRowsById = preparedIdList((db, ids) =>
  db
    .select()
    .from(traces)
    .where(and(inArray(traces.id, ids), sameWorkspace))
    .prepare(),
);

/**
 * Stored trace rows and their spans for the given row ids (workspace-scoped); spans a trace
 * stores no rows for (derived from its messages) are given as the rows it would have stored.
 */
export async function loadStoredTraces(
  ctx: Ctx,
  ids: string[],
): Promise<{ rows: Map<string, StoredTrace>; spans: Map<string, Span[]> }> {
  const rows = new Map<string, StoredTrace>();
  const spansByTrace = new Map<string, Span[]>();
  for (const row of await traceRowsById(ctx.db, ids, { workspaceId: ctx.workspaceId })) {
    const { view, spansFrom } = await readStoredEvalView(row.evalView, ctx.db);
    rows.set(row.id, { ...row, evalView: view, spansFrom });
    if (spansFrom !== null) {
      spansByTrace.set(row.id, derivedSpanRows(ctx.workspaceId, row.id, view, spansFrom));
    }
  }
  const existing = [...rows.values()].filter((r) => r.spansFrom === null).map((r) => r.id);
  const found = await rowsByIdChunks(existing, (chunk) =>
    rowsInWorkspace(ctx, spans, [inArray(spans.traceId, chunk)]),
  );
  for (const span of found) {
    const list = spansByTrace.get(span.traceId) ?? [];
    list.push(span);
    spansByTrace.set(span.traceId, list);
  }
  return { rows, spans: spansByTrace };
}

/**
 * A stored trace row with its eval view read back whole; `spansFrom`: its spans are not stored as
 * rows but derived from the view's messages (`spansFromMessages`).
 */
export type StoredTrace = Trace & { evalView: EvalView; spansFrom: number | null };

/** A stored trace back in normalised form, so it can merge with what a request brings. */
export function storedAsTrace(row: StoredTrace, spanRows: Span[]): NormalisedTrace {
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
    spans: spanRows.map((s) => fromSpanRow(s, row.evalView.messages)),
  };
}
