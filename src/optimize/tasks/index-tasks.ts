import { and, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { idChunks } from '@/db/id-chunks';
import { inWorkspace } from '@/db/in-workspace';
import { traceSummaries, traces } from '@/db/schema';
import { loadPendingTraces, type PendingTrace } from './load-pending-traces';
import { loadTaskCorpus } from './load-task-corpus';
import { refreshClusters } from './refresh-clusters';
import { refreshFeedbackPairs } from './refresh-feedback-pairs';
import { refreshSimilarTraces } from './refresh-similar-traces';
import { type ExtractionReport, writeExtractedTasks } from './write-extracted-tasks';

/** Traces read per round; a job loops until none is pending. */
const TRACES_PER_ROUND = 2_000;
/** Entries kept in each list of the result (the counts stay exact). */
const LISTED = 100;

export type IndexTasksInput = { agentId?: string; full?: boolean };
export type IndexTasksResult = {
  traces: number;
  tasksCreated: number;
  tasksUpdated: number;
  duplicateCount: number;
  duplicates: ExtractionReport['duplicates'];
  skippedCount: number;
  skipped: ExtractionReport['skipped'];
  truncatedMessages: number;
  tracesRanked: number;
  clusters: number;
  feedbackPairs: number;
};

type Hooks = { isCancelled?: () => boolean; progress?: (done: number) => void };

/**
 * The tasks index, incrementally: for traces new or changed since it last ran (or every trace of
 * the agent with `full`), extracts their tasks, ranks their similar traces, recomputes the
 * agent's clusters and the task–feedback pairs they touch, then marks them indexed. Idempotent.
 */
export async function indexTasks(
  ctx: Ctx,
  input: IndexTasksInput,
  hooks: Hooks = {},
): Promise<IndexTasksResult> {
  const result: IndexTasksResult = {
    traces: 0,
    tasksCreated: 0,
    tasksUpdated: 0,
    duplicateCount: 0,
    duplicates: [],
    skippedCount: 0,
    skipped: [],
    truncatedMessages: 0,
    tracesRanked: 0,
    clusters: 0,
    feedbackPairs: 0,
  };
  if (input.full) {
    await markAllPending(ctx, input.agentId);
  }
  const seen = new Set<string>();
  for (;;) {
    const startedAt = ctx.now();
    const pending = await loadPendingTraces(ctx, {
      agentId: input.agentId,
      limit: TRACES_PER_ROUND,
    });
    // a trace changed again mid-round is read in the next round; one seen twice waits for a job
    if (
      pending.length === 0 ||
      pending.every((p) => seen.has(p.traceId)) ||
      hooks.isCancelled?.()
    ) {
      return result;
    }
    for (const p of pending) {
      seen.add(p.traceId);
    }
    await indexRound(ctx, pending, result);
    await markIndexed(ctx, pending, startedAt);
    result.traces += pending.length;
    hooks.progress?.(result.traces);
  }
}

async function indexRound(ctx: Ctx, pending: PendingTrace[], result: IndexTasksResult) {
  const report = await writeExtractedTasks(
    ctx,
    pending.map((p) => p.traceId),
  );
  result.tasksCreated += report.created;
  result.tasksUpdated += report.updated;
  result.duplicateCount += report.duplicates.length;
  result.duplicates.push(...report.duplicates.slice(0, LISTED - result.duplicates.length));
  result.skippedCount += report.skipped.length;
  result.skipped.push(...report.skipped.slice(0, LISTED - result.skipped.length));
  result.truncatedMessages += report.truncatedMessages;
  const byAgent = new Map<string | null, Set<string>>();
  for (const p of pending) {
    byAgent.set(p.agentId, (byAgent.get(p.agentId) ?? new Set()).add(p.traceId));
  }
  for (const [agentId, changed] of byAgent) {
    const corpus = await loadTaskCorpus(ctx, agentId);
    const ranked = await refreshSimilarTraces(ctx, corpus, changed);
    const clusters = await refreshClusters(ctx, agentId, corpus);
    const touched = new Set([...changed, ...ranked.keys()]);
    const touchedClusters = new Set([...touched].map((id) => clusters.get(id)));
    const affected = new Set(
      [...clusters].filter(([, c]) => touchedClusters.has(c)).map(([id]) => id),
    );
    for (const id of touched) {
      affected.add(id);
    }
    result.tracesRanked += ranked.size;
    result.clusters += new Set(clusters.values()).size;
    result.feedbackPairs += await refreshFeedbackPairs(ctx, agentId, affected, clusters);
  }
}

/**
 * The workspace condition of an update that names its traces. `+`: no index may serve it, or
 * SQLite without statistics (a user's database) reads every summary of the workspace through
 * `trace_summaries_workspace_idx` instead of looking up the named traces.
 */
const sameWorkspaceUnindexed = (ctx: Ctx) =>
  sql`+${traceSummaries.workspaceId} = ${ctx.workspaceId}`;

/** Marks read what did not change while this round ran (a newer summary waits for the next). */
async function markIndexed(ctx: Ctx, pending: PendingTrace[], startedAt: Date) {
  for (const chunk of idChunks(pending.map((p) => p.traceId))) {
    await ctx.db
      .update(traceSummaries)
      .set({ indexedAt: ctx.now() })
      .where(
        and(
          sameWorkspaceUnindexed(ctx),
          eq(traceSummaries.kind, 'deterministic'),
          inArray(traceSummaries.traceId, chunk),
          lte(traceSummaries.createdAt, startedAt),
        ),
      );
  }
}

async function markAllPending(ctx: Ctx, agentId: string | undefined) {
  // a full rebuild: every summary (of the agent) is read again
  const scope = inWorkspace(ctx, traceSummaries, [eq(traceSummaries.kind, 'deterministic')]);
  if (!agentId) {
    await ctx.db.update(traceSummaries).set({ indexedAt: null }).where(scope);
    return;
  }
  const ids = await ctx.db
    .select({ id: traces.id })
    .from(traces)
    .where(inWorkspace(ctx, traces, [eq(traces.agentId, agentId)]));
  for (const chunk of idChunks(ids.map((r) => r.id))) {
    await ctx.db
      .update(traceSummaries)
      .set({ indexedAt: null })
      .where(
        and(
          sameWorkspaceUnindexed(ctx),
          eq(traceSummaries.kind, 'deterministic'),
          inArray(traceSummaries.traceId, chunk),
        ),
      );
  }
}
