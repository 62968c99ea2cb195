import { z } from '@hono/zod-openapi';
import { desc, eq } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { service } from '@/core/service';
import {
  inWorkspace,
  rowsInWorkspace,
  sameWorkspaceRow,
  selectInWorkspace,
} from '@/db/in-workspace';
import { eqWhenGiven } from '@/db/list-filters';
import {
  rolloutBatches,
  rolloutResults,
  tasksetRunResults,
  tasksetRuns,
  tasksetTasks,
} from '@/db/schema';
import { getTasksetOrThrow } from '../tasksets/get-taskset-or-throw';
import { getTasksetRunOrThrow, type TasksetRunView, toTasksetRunView } from './taskset-run-views';

export const ListTasksetRunsQuery = z.object({
  tasksetId: z.string().min(1).max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

/** The workspace's runs, newest first (of one taskset version when `tasksetId` is given). */
export const listTasksetRuns = service(
  ListTasksetRunsQuery,
  async (ctx, q): Promise<TasksetRunView[]> => {
    if (q.tasksetId) {
      await getTasksetOrThrow(ctx, q.tasksetId);
    }
    const rows = await rowsInWorkspace(ctx, tasksetRuns, [
      eqWhenGiven(tasksetRuns.tasksetId, q.tasksetId),
    ])
      .orderBy(desc(tasksetRuns.createdAt), desc(tasksetRuns.id))
      .limit(q.limit);
    return Promise.all(rows.map((row) => toTasksetRunView(ctx, row)));
  },
);

export const TaskResultView = z
  .object({
    taskId: z.string(),
    externalId: z.string().nullable(),
    title: z.string(),
    status: z.string().openapi({ description: 'pending until a rollout of the task finished' }),
    score: z.number().nullable(),
    evalResults: z.record(z.string(), z.object({ passed: z.boolean(), reason: z.string() })),
    rollouts: z.array(
      z.object({
        id: z.string(),
        index: z.number().int(),
        status: z.string(),
        traceId: z.string().nullable(),
        score: z.number().nullable(),
        evalScores: z.record(z.string(), z.boolean()),
        terminationReason: z.string().nullable(),
        error: z.string().nullable(),
        costUsd: z.number(),
        latencyMs: z.number().int().nullable(),
      }),
    ),
  })
  .openapi('TasksetRunTaskResult');
export type TaskResultView = z.infer<typeof TaskResultView>;

/**
 * A run's results per task, in the run's task order: the aggregate (written when the batch ends)
 * and every rollout so far with its trace id, live while the run goes.
 */
export async function listTasksetRunResults(ctx: Ctx, runId: string): Promise<TaskResultView[]> {
  const run = await getTasksetRunOrThrow(ctx, runId);
  const [tasks, aggregates, rollouts] = await Promise.all([
    selectInWorkspace(
      ctx,
      tasksetTasks,
      {
        id: tasksetTasks.id,
        externalId: tasksetTasks.externalId,
        userMessage: tasksetTasks.userMessage,
      },
      [eq(tasksetTasks.tasksetId, run.tasksetId)],
    ),
    rowsInWorkspace(ctx, tasksetRunResults, [eq(tasksetRunResults.runId, run.id)]),
    ctx.db
      .select({ rollout: rolloutResults })
      .from(rolloutResults)
      .innerJoin(
        rolloutBatches,
        sameWorkspaceRow(rolloutBatches, rolloutResults, rolloutResults.batchId),
      )
      .where(inWorkspace(ctx, rolloutResults, [eq(rolloutBatches.tasksetRunId, run.id)])),
  ]);
  const taskById = new Map(tasks.map((t) => [t.id, t]));
  const aggregateOf = new Map(aggregates.map((a) => [a.taskId, a]));
  return (run.config.taskIds ?? []).map((taskId) => {
    const task = taskById.get(taskId);
    const aggregate = aggregateOf.get(taskId);
    return {
      taskId,
      externalId: task?.externalId ?? null,
      title: (task?.userMessage ?? '').slice(0, 200),
      status: aggregate?.status ?? 'pending',
      score: aggregate?.score ?? null,
      evalResults: aggregate?.evalResults ?? {},
      rollouts: rollouts
        .map((r) => r.rollout)
        .filter((r) => r.taskId === taskId)
        .sort((a, b) => a.rolloutIndex - b.rolloutIndex)
        .map((r) => ({
          id: r.id,
          index: r.rolloutIndex,
          status: r.status,
          traceId: r.traceId,
          score: r.score,
          evalScores: r.evalScores,
          terminationReason: r.terminationReason,
          error: r.error,
          costUsd: r.costUsd,
          latencyMs: r.latencyMs,
        })),
    };
  });
}
