import { asc, eq } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { notFound } from '@/core/errors';
import { inWorkspace, sameWorkspaceRow } from '@/db/in-workspace';
import { taskMetadata, taskSimilarTraces, traces } from '@/db/schema';
import type { SimilarTraceView } from './task-views';
import { oneLine } from './user-turns';

/** A trace's stored similar traces, best first, with their tasks and labels; NOT_FOUND elsewhere. */
export async function listSimilarTraces(ctx: Ctx, traceId: string): Promise<SimilarTraceView[]> {
  const [trace] = await ctx.db
    .select({ id: traces.id })
    .from(traces)
    .where(inWorkspace(ctx, traces, [eq(traces.id, traceId)]))
    .limit(1);
  if (!trace) {
    throw notFound('trace', traceId);
  }
  const rows = await ctx.db
    .select({
      traceId: taskSimilarTraces.similarTraceId,
      rank: taskSimilarTraces.rank,
      score: taskSimilarTraces.score,
      method: taskSimilarTraces.method,
      taskId: taskMetadata.id,
      first: taskMetadata.firstUserMessage,
      clusterId: taskMetadata.clusterId,
      label: traces.label,
    })
    .from(taskSimilarTraces)
    .innerJoin(
      traces,
      sameWorkspaceRow(traces, taskSimilarTraces, taskSimilarTraces.similarTraceId),
    )
    .leftJoin(taskMetadata, eq(taskMetadata.traceId, taskSimilarTraces.similarTraceId))
    .where(inWorkspace(ctx, taskSimilarTraces, [eq(taskSimilarTraces.traceId, traceId)]))
    .orderBy(asc(taskSimilarTraces.method), asc(taskSimilarTraces.rank));
  return rows.map((r) => ({
    traceId: r.traceId,
    rank: r.rank,
    score: r.score,
    method: r.method,
    taskId: r.taskId,
    title: r.first === null ? null : oneLine(r.first),
    label: r.label,
    clusterId: r.clusterId,
  }));
}
