import { and, asc, eq, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Deps } from '@/core/context';
import { createSystemCtx } from '@/core/system-ctx';
import { evalCandidateExecutions, spans, tasksetTasks, traces, workspaces } from '@/db/schema';
import { deleteTraces } from '../query/delete-traces';
import type { RetentionSettings } from './retention-settings';

const CHUNK = 200;
const DAY_MS = 86_400_000;

export type RetentionResult = { workspaceId: string; tracesDeleted: number; tracesTrimmed: number };

/** Attributes keeping only the normalised part (mostly references into the kept eval view). */
const trimmedAttributes = sql.raw(
  `case when json_type(attributes, '$."iofold.normalised"') is null then '{}' else json_object('iofold.normalised', json(json_extract(attributes, '$."iofold.normalised"'))) end`,
);

function oldTraces(workspaceId: string, days: number, now: Date, r: RetentionSettings) {
  const cutoff = new Date(now.getTime() - days * DAY_MS);
  const filters: (SQL | undefined)[] = [
    eq(traces.workspaceId, workspaceId),
    lt(traces.startedAt, cutoff),
  ];
  if (!r.includeKept) {
    filters.push(
      isNull(traces.label),
      // uncorrelated, so each list is read once per statement (a correlated subquery per trace
      // scanned every candidate execution: no index leads with trace_id)
      sql`${traces.id} not in (select ${tasksetTasks.sourceTraceId} from ${tasksetTasks} where ${tasksetTasks.workspaceId} = ${workspaceId} and ${tasksetTasks.sourceTraceId} is not null)`,
      sql`${traces.id} not in (select ${evalCandidateExecutions.traceId} from ${evalCandidateExecutions} where ${evalCandidateExecutions.workspaceId} = ${workspaceId})`,
    );
  }
  return filters;
}

/** Old trace ids in chunks, walked in the index's order (started, id), so no chunk re-reads the last. */
async function* chunksOf(deps: Deps, filters: ReturnType<typeof oldTraces>) {
  let after: { startedAt: Date; id: string } | null = null;
  for (;;) {
    const rows = await deps.db
      .select({ id: traces.id, startedAt: traces.startedAt })
      .from(traces)
      .where(
        and(
          ...filters,
          after
            ? sql`(${traces.startedAt}, ${traces.id}) > (${after.startedAt.getTime()}, ${after.id})`
            : undefined,
        ),
      )
      .orderBy(asc(traces.startedAt), asc(traces.id))
      .limit(CHUNK);
    after = rows.at(-1) ?? null;
    if (!after) {
      return;
    }
    yield rows.map((r) => r.id);
  }
}

/**
 * Applies each workspace's retention settings (`settings.retention`): deletes traces older than
 * `traceDays`, and drops the span payloads of traces older than `spanPayloadDays`, keeping their
 * eval view, list columns and span timings. Chunked; idempotent; run by the scheduled job.
 */
export async function applyRetention(deps: Deps): Promise<RetentionResult[]> {
  const now = deps.now();
  const results: RetentionResult[] = [];
  for (const w of await deps.db
    .select({ id: workspaces.id, settings: workspaces.settings })
    .from(workspaces)) {
    const r = w.settings.retention;
    if (!r || (!r.traceDays && !r.spanPayloadDays)) {
      continue;
    }
    const result: RetentionResult = { workspaceId: w.id, tracesDeleted: 0, tracesTrimmed: 0 };
    if (r.traceDays) {
      for await (const ids of chunksOf(deps, oldTraces(w.id, r.traceDays, now, r))) {
        result.tracesDeleted += (await deleteTraces(createSystemCtx(deps, w.id), { ids })).deleted;
      }
    }
    if (r.spanPayloadDays) {
      for await (const ids of chunksOf(deps, oldTraces(w.id, r.spanPayloadDays, now, r))) {
        const trimmed = await deps.db
          .update(spans)
          .set({ input: null, output: null, events: [], attributes: sql`${trimmedAttributes}` })
          .where(
            and(
              eq(spans.workspaceId, w.id),
              inArray(spans.traceId, ids),
              or(
                sql`${spans.input} is not null`,
                sql`${spans.output} is not null`,
                sql`${spans.events} <> '[]'`,
                sql`${spans.attributes} <> ${trimmedAttributes}`,
              ),
            ),
          )
          .returning({ traceId: spans.traceId });
        result.tracesTrimmed += new Set(trimmed.map((t) => t.traceId)).size;
      }
    }
    results.push(result);
  }
  return results;
}
