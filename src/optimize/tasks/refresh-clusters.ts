import { eq, inArray, lte } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { idChunks } from '@/db/id-chunks';
import { inWorkspace, sameWorkspaceRow, selectInWorkspace } from '@/db/in-workspace';
import { taskMetadata, taskSimilarTraces, traces } from '@/db/schema';
import { type WriteItem, writeBatch } from '@/db/write-batch';
import { CLUSTER_MAX_RANK, clusterTraces } from '../similarity/cluster-traces';
import type { CorpusDoc } from './load-task-corpus';
import { ofAgent } from './of-agent';

/**
 * Recomputes the agent's clusters of one task from the stored similar-trace rows (and task ids
 * named in trace metadata) and writes each task's `cluster_id` where it changed. Returns the
 * cluster of every trace in the corpus.
 */
export async function refreshClusters(
  ctx: Ctx,
  agentId: string | null,
  corpus: CorpusDoc[],
): Promise<Map<string, string>> {
  const links = await ctx.db
    .select({
      traceId: taskSimilarTraces.traceId,
      similarTraceId: taskSimilarTraces.similarTraceId,
      score: taskSimilarTraces.score,
      rank: taskSimilarTraces.rank,
    })
    .from(taskSimilarTraces)
    .innerJoin(traces, sameWorkspaceRow(traces, taskSimilarTraces, taskSimilarTraces.traceId))
    .where(
      inWorkspace(ctx, taskSimilarTraces, [
        eq(taskSimilarTraces.method, 'tfidf'),
        lte(taskSimilarTraces.rank, CLUSTER_MAX_RANK),
        ofAgent(traces.agentId, agentId),
      ]),
    );
  const named = new Map<string, string>();
  for (const doc of corpus) {
    if (doc.namedTask !== null) {
      named.set(doc.id, doc.namedTask);
    }
  }
  const clusters = clusterTraces(
    corpus.map((d) => d.id),
    links,
    named,
  );
  const stored = await selectInWorkspace(
    ctx,
    taskMetadata,
    { traceId: taskMetadata.traceId, clusterId: taskMetadata.clusterId },
    [ofAgent(taskMetadata.agentId, agentId)],
  );
  const moves = new Map<string, string[]>();
  for (const task of stored) {
    const cluster = task.traceId ? clusters.get(task.traceId) : undefined;
    if (cluster !== undefined && cluster !== task.clusterId) {
      moves.set(cluster, [...(moves.get(cluster) ?? []), task.traceId as string]);
    }
  }
  const statements: WriteItem[] = [];
  for (const [cluster, traceIds] of moves) {
    for (const chunk of idChunks(traceIds)) {
      statements.push(
        ctx.db
          .update(taskMetadata)
          .set({ clusterId: cluster })
          .where(inWorkspace(ctx, taskMetadata, [inArray(taskMetadata.traceId, chunk)])),
      );
    }
  }
  for (const part of idChunks(statements, 500)) {
    await writeBatch(ctx.db, part);
  }
  return clusters;
}
