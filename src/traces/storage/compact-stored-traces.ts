import { and, asc, eq, gt, inArray, sql } from 'drizzle-orm';
import { AppError } from '@/core/errors';
import { slotIndex } from '@/core/pack-eval-view';
import type { Db } from '@/db/client';
import { isRevisionConflict } from '@/db/errors';
import { type NewSpan, spans, traces, workspaces } from '@/db/schema';
import { upsertRows } from '@/db/upsert-rows';
import { writeBatch } from '@/db/write-batch';
import { fromSpanRow, toSpanRow } from '../ingest/span-rows';
import { SPAN_UPDATE_KEYS } from '../ingest/trace-rows';
import { storeEvalView } from '../stored-eval-view';

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
 * starts `{"packed":1` once packed, or it is a deflated BLOB).
 */
const unpacked = sql`typeof(${traces.evalView}) = 'text' and substr(${traces.evalView}, 1, 11) <> '{"packed":1'`;

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
      const newSpans: NewSpan[] = [];
      const newTraces = await Promise.all(
        rows.map(async (row) => {
          const view = row.evalView as Exclude<typeof row.evalView, Uint8Array>;
          const index = slotIndex(view.messages);
          for (const s of spanRows.filter((x) => x.traceId === row.id)) {
            newSpans.push(toSpanRow(workspaceId, row.id, fromSpanRow(s, view.messages), index));
          }
          return { ...row, evalView: await storeEvalView(view, db), revision: row.revision + 1 };
        }),
      );
      try {
        await writeBatch(db, [
          upsertRows(traces, newTraces, {
            target: [traces.workspaceId, traces.source, traces.externalId],
            update: ['evalView'],
            revision: traces.revision,
          }),
          ...(newSpans.length > 0
            ? [
                upsertRows(spans, newSpans, {
                  target: [spans.traceId, spans.spanId],
                  update: SPAN_UPDATE_KEYS,
                }),
              ]
            : []),
        ]);
        progress.traces += rows.length;
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
