import { desc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { chunkRows } from '@/db/chunk';
import { idChunks, rowsByIdChunks } from '@/db/id-chunks';
import { deleteInWorkspace, selectInWorkspace } from '@/db/in-workspace';
import {
  feedback,
  type NewTaskFeedbackPair,
  type PAIR_RELATIONS,
  taskFeedbackPairs,
  taskMetadata,
  taskSimilarTraces,
  traces,
} from '@/db/schema';
import { writeBatch } from '@/db/write-batch';
import { ofAgent } from './of-agent';

type Relation = (typeof PAIR_RELATIONS)[number];
const opposite = (a: string | null, b: string | null) =>
  (a === 'positive' && b === 'negative') || (a === 'negative' && b === 'positive');

async function labelledTraces(ctx: Ctx, agentId: string | null) {
  const rows = await selectInWorkspace(ctx, traces, { id: traces.id, label: traces.label }, [
    ofAgent(traces.agentId, agentId),
    isNotNull(traces.label),
  ]);
  return new Map(rows.map((r) => [r.id, r.label]));
}

async function latestFeedback(ctx: Ctx, traceIds: string[]): Promise<Map<string, string>> {
  const rows = await rowsByIdChunks(traceIds, (chunk) =>
    selectInWorkspace(ctx, feedback, { id: feedback.id, traceId: feedback.traceId }, [
      inArray(feedback.traceId, chunk),
    ]).orderBy(desc(feedback.updatedAt), desc(feedback.id)),
  );
  const out = new Map<string, string>();
  for (const r of rows) {
    if (!out.has(r.traceId)) {
      out.set(r.traceId, r.id);
    }
  }
  return out;
}

async function neighboursOf(ctx: Ctx, traceIds: string[]) {
  const rows = await rowsByIdChunks(traceIds, (chunk) =>
    selectInWorkspace(
      ctx,
      taskSimilarTraces,
      {
        traceId: taskSimilarTraces.traceId,
        similarTraceId: taskSimilarTraces.similarTraceId,
        score: taskSimilarTraces.score,
      },
      [eq(taskSimilarTraces.method, 'tfidf'), inArray(taskSimilarTraces.traceId, chunk)],
    ).orderBy(taskSimilarTraces.traceId, taskSimilarTraces.rank),
  );
  const out = new Map<string, { id: string; score: number }[]>();
  for (const r of rows) {
    out.set(r.traceId, [...(out.get(r.traceId) ?? []), { id: r.similarTraceId, score: r.score }]);
  }
  return out;
}

/**
 * Links each task of the `affected` traces to the labelled traces that show how runs of it went:
 * `same_task` for labelled traces of its cluster (its own trace included), `similar` for labelled
 * neighbours outside it, `contrast` for such a neighbour labelled opposite to the task's own
 * trace. The tasks' pairs are replaced in one batch per chunk. Returns the pairs written.
 */
export async function refreshFeedbackPairs(
  ctx: Ctx,
  agentId: string | null,
  affected: Set<string>,
  clusters: Map<string, string>,
): Promise<number> {
  const labels = await labelledTraces(ctx, agentId);
  const members = new Map<string, string[]>();
  for (const [traceId, cluster] of clusters) {
    if (labels.has(traceId)) {
      members.set(cluster, [...(members.get(cluster) ?? []), traceId]);
    }
  }
  const tasks = (
    await rowsByIdChunks([...affected], (chunk) =>
      selectInWorkspace(ctx, taskMetadata, { id: taskMetadata.id, traceId: taskMetadata.traceId }, [
        inArray(taskMetadata.traceId, chunk),
      ]),
    )
  ).map((r) => ({ id: r.id, traceId: r.traceId as string }));
  const neighbours = await neighboursOf(
    ctx,
    tasks.map((t) => t.traceId),
  );
  const pairs: Omit<NewTaskFeedbackPair, 'id' | 'feedbackId'>[] = [];
  for (const task of tasks) {
    const own = labels.get(task.traceId) ?? null;
    const near = new Map((neighbours.get(task.traceId) ?? []).map((n) => [n.id, n.score]));
    const cluster = clusters.get(task.traceId);
    const mates = new Set(cluster === undefined ? [] : (members.get(cluster) ?? []));
    if (own !== null) {
      mates.add(task.traceId);
    }
    const add = (traceId: string, relation: Relation, score: number | null) =>
      pairs.push({ workspaceId: ctx.workspaceId, taskId: task.id, traceId, relation, score });
    for (const mate of [...mates].sort()) {
      add(mate, 'same_task', mate === task.traceId ? 1 : (near.get(mate) ?? null));
    }
    for (const [traceId, score] of near) {
      if (!mates.has(traceId) && labels.has(traceId)) {
        add(traceId, opposite(own, labels.get(traceId) ?? null) ? 'contrast' : 'similar', score);
      }
    }
  }
  const feedbackIds = await latestFeedback(ctx, [...new Set(pairs.map((p) => p.traceId))]);
  const now = ctx.now();
  const rows: NewTaskFeedbackPair[] = pairs.map((p) => ({
    ...p,
    id: ctx.newId('tfp'),
    feedbackId: feedbackIds.get(p.traceId) ?? null,
    createdAt: now,
  }));
  const byTask = idChunks(
    tasks.map((t) => t.id),
    500,
  );
  for (const taskIds of byTask) {
    const mine = new Set(taskIds);
    await writeBatch(ctx.db, [
      ...idChunks(taskIds).map((chunk) =>
        deleteInWorkspace(ctx, taskFeedbackPairs, [inArray(taskFeedbackPairs.taskId, chunk)]),
      ),
      ...chunkRows(
        ctx.db,
        rows.filter((r) => mine.has(r.taskId)),
        taskFeedbackPairs,
      ).map((chunk) => ctx.db.insert(taskFeedbackPairs).values(chunk)),
    ]);
  }
  return rows.length;
}
