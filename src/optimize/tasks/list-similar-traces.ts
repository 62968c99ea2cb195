import { asc, eq } from 'drizzle-orm';
import { viewOf } from '@/api/openapi-schemas';
import type { Ctx } from '@/core/context';
import { inWorkspace, sameWorkspaceRow } from '@/db/in-workspace';
import { taskMetadata, taskSimilarTraces, traces } from '@/db/schema';
import { getTraceRefOrThrow } from '@/feedback/get-trace-or-throw';
import { SimilarTraceView } from './task-views';
import { oneLine } from './user-turns';

/** A trace's stored similar traces, best first, with their tasks and labels; NOT_FOUND elsewhere. */
export async function listSimilarTraces(ctx: Ctx, traceId: string): Promise<SimilarTraceView[]> {
  await getTraceRefOrThrow(ctx, traceId);
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
  return rows.map((r) =>
    viewOf(SimilarTraceView, { ...r, title: r.first === null ? null : oneLine(r.first) }),
  );
}
