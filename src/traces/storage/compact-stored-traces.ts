import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { AppError } from '@/core/errors';
import { slotIndex } from '@/core/pack-eval-view';
import type { Db } from '@/db/client';
import { isRevisionConflict } from '@/db/errors';
import { type Span, spans, type Trace, traces, workspaces } from '@/db/schema';
import { upsertRows } from '@/db/upsert-rows';
import { writeBatch } from '@/db/write-batch';
import { spansFromMessages } from '../ingest/derived-spans';
import { fromSpanRow, toSpanRow } from '../ingest/span-rows';
import { SPAN_UPDATE_KEYS } from '../ingest/trace-rows';
import { readEvalView, storeEvalView } from '../stored-eval-view';
import { storedPromptText } from '../system-prompts/stored-prompt-text';

const MAX_CONFLICTS_IN_A_ROW = 5;

export type CompactProgress = { traces: number; spans: number; conflicts: number };
export type CompactOptions = {
  /** Traces per batch (one atomic write each). */
  chunk?: number;
  /** Stop after this many traces (the rest stays for the next run). */
  limit?: number;
  onProgress?(progress: CompactProgress): void;
};

/**
 * Rows stored before each text was stored once: the eval view as a whole JSON document (its text
 * starts `{"packed":1` once packed, or it is a deflated BLOB); or packed with the span rows of a
 * chat transcript, which are derived from its messages instead: a `root` span and every span one
 * millisecond after the one before. Parenthesised whole: `and()` does not wrap its terms, and the
 * `or` must not escape the cursor (a run that found only underivable traces looped over them).
 */
const unpacked = sql`((typeof(${traces.evalView}) = 'text' and substr(${traces.evalView}, 1, 11) <> '{"packed":1') or ((typeof(${traces.evalView}) = 'blob' or substr(${traces.evalView}, 1, 11) = '{"packed":1') and exists (select 1 from ${spans} where ${spans.traceId} = ${traces.id} and ${spans.spanId} = 'root') and (select max(${spans.startedAt}) - min(${spans.startedAt}) + 1 - count(*) from ${spans} where ${spans.traceId} = ${traces.id}) = 0))`;

/**
 * A trace of a chunk as compaction rewrites it: its eval view packed (and marked when its spans
 * are derived from its messages: no span rows then), else its span rows referring into the
 * view. Null for a packed trace whose spans stay rows: nothing to rewrite.
 */
async function compacted(db: Db, row: Trace, rowSpans: Span[]) {
  const view = await readEvalView(row.evalView, db);
  const normalised = rowSpans.map((s) => fromSpanRow(s, view.messages));
  const spansFrom = spansFromMessages(normalised, view);
  if (row.evalView instanceof Uint8Array && spansFrom === null) {
    return null;
  }
  const index = slotIndex(view.messages);
  return {
    trace: {
      ...row,
      evalView: await storeEvalView(view, db, {
        spansFrom,
        systemPrompt: row.systemPromptId
          ? { id: row.systemPromptId, text: await storedPromptText(db, row.systemPromptId) }
          : null,
      }),
      revision: row.revision + 1,
    },
    spans:
      spansFrom === null ? normalised.map((s) => toSpanRow(row.workspaceId, row.id, s, index)) : [],
  };
}

/**
 * Rewrites traces stored before issue #24 into the packed form (eval view packed and deflated,
 * spans referring into its messages), a chunk of traces per atomic batch, workspace by
 * workspace in row-id order. Resumable: a stopped run leaves every trace either rewritten or as it
 * was, and the next run picks up the rows still unpacked. A trace that an ingest changes meanwhile
 * is skipped (its new write is already packed).
 */
export async function compactStoredTraces(
  db: Db,
  options: CompactOptions = {},
): Promise<CompactProgress & { remaining: boolean }> {
  const chunk = options.chunk ?? 100;
  const progress: CompactProgress = { traces: 0, spans: 0, conflicts: 0 };
  const ids = (await db.select({ id: workspaces.id }).from(workspaces).orderBy(workspaces.id)).map(
    (w) => w.id,
  );
  for (const workspaceId of ids) {
    let after = '';
    let conflictsInARow = 0;
    for (;;) {
      const budget = options.limit === undefined ? chunk : options.limit - progress.traces;
      if (budget <= 0) {
        return { ...progress, remaining: true };
      }
      const rows = await db
        .select()
        .from(traces)
        // `+workspace_id`: walk the primary key from the cursor, not a workspace index (issue #16)
        .where(and(sql`+${traces.workspaceId} = ${workspaceId}`, gt(traces.id, after), unpacked))
        .orderBy(asc(traces.id))
        .limit(Math.min(chunk, budget));
      if (rows.length === 0) {
        break;
      }
      const from = after;
      after = rows.at(-1)?.id as string;
      const spanRows = await db
        .select()
        .from(spans)
        .where(
          and(
            eq(spans.workspaceId, workspaceId),
            inArray(
              spans.traceId,
              rows.map((r) => r.id),
            ),
          ),
        );
      const rewritten = (
        await Promise.all(
          rows.map((row) =>
            compacted(
              db,
              row,
              spanRows.filter((x) => x.traceId === row.id),
            ),
          ),
        )
      ).filter((r) => r !== null);
      const newSpans = rewritten.flatMap((r) => r.spans);
      const derived = rewritten.filter((r) => r.spans.length === 0).map((r) => r.trace.id);
      try {
        await writeBatch(db, [
          ...(rewritten.length > 0
            ? [
                upsertRows(
                  traces,
                  rewritten.map((r) => r.trace),
                  {
                    target: [traces.workspaceId, traces.source, traces.externalId],
                    update: ['evalView'],
                    revision: traces.revision,
                  },
                ),
              ]
            : []),
          ...(newSpans.length > 0
            ? [
                upsertRows(spans, newSpans, {
                  target: [spans.traceId, spans.spanId],
                  update: SPAN_UPDATE_KEYS,
                }),
              ]
            : []),
          ...(derived.length > 0 ? [db.delete(spans).where(inArray(spans.traceId, derived))] : []),
        ]);
        progress.traces += rewritten.length;
        progress.spans += newSpans.length;
        conflictsInARow = 0;
      } catch (error) {
        if (!isRevisionConflict(error)) {
          throw error;
        }
        // an ingest rewrote one of these traces meanwhile (packed): read the chunk again
        progress.conflicts++;
        if (++conflictsInARow > MAX_CONFLICTS_IN_A_ROW) {
          throw new AppError('UNAVAILABLE', 'these traces kept changing under ingest; run again');
        }
        after = from;
      }
      options.onProgress?.({ ...progress });
    }
  }
  return { ...progress, remaining: false };
}
