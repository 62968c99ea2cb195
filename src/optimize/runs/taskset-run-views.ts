import { z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { columnFields } from '@/api/column-fields';
import { iso } from '@/api/openapi-schemas';
import type { Ctx } from '@/core/context';
import { getOrThrow, inWorkspace } from '@/db/in-workspace';
import {
  RUN_STATUSES,
  rolloutBatches,
  SPLITS,
  type TasksetRun,
  tasksetRuns,
  USER_MODES,
} from '@/db/schema';

export const TasksetRunConfig = z.object({
  split: z.enum(SPLITS).optional(),
  rolloutsPerTask: z.number().int().optional(),
  parallel: z.number().int().optional(),
  maxCostUsd: z.number().optional(),
  model: z.string().optional(),
  temperature: z.number().optional(),
  stepsPerTurn: z.number().int().optional(),
  userMode: z.enum(USER_MODES).optional(),
  allowSideEffects: z.boolean().optional(),
  taskIds: z.array(z.string()).optional(),
  promptIterationId: z.string().optional(),
});

export const TasksetRunView = z
  .object({
    ...columnFields(tasksetRuns, 'id', 'tasksetId', 'agentVersionId', 'candidateText'),
    status: z.enum(RUN_STATUSES).openapi({
      description: '`stopped`: the cost ceiling was reached (resume with a higher one)',
    }),
    config: TasksetRunConfig,
    progress: z.object({
      planned: z.number().int(),
      done: z.number().int(),
    }),
    summary: z.record(z.string(), z.number()),
    ...columnFields(tasksetRuns, 'costUsd', 'jobId', 'createdAt', 'startedAt', 'finishedAt'),
  })
  .openapi('TasksetRun');
export type TasksetRunView = z.infer<typeof TasksetRunView>;

/** The run in the ctx's workspace, or NOT_FOUND (also for another workspace's id). */
export function getTasksetRunOrThrow(
  ctx: Pick<Ctx, 'db' | 'workspaceId'>,
  id: string,
): Promise<TasksetRun> {
  return getOrThrow(ctx, tasksetRuns, 'taskset run', id);
}

/** The run in the ctx's workspace as the API shows it, or NOT_FOUND. */
export async function getTasksetRun(ctx: Pick<Ctx, 'db' | 'workspaceId'>, id: string) {
  return toTasksetRunView(ctx, await getTasksetRunOrThrow(ctx, id));
}

/** The run as the API shows it; progress is read from its batch (live while it runs). */
export async function toTasksetRunView(
  ctx: Pick<Ctx, 'db' | 'workspaceId'>,
  run: TasksetRun,
): Promise<TasksetRunView> {
  const [batch] = await ctx.db
    .select({ planned: rolloutBatches.rolloutsPlanned, done: rolloutBatches.rolloutsDone })
    .from(rolloutBatches)
    .where(inWorkspace(ctx, rolloutBatches, [eq(rolloutBatches.tasksetRunId, run.id)]))
    .limit(1);
  const planned = (run.config.taskIds?.length ?? 0) * (run.config.rolloutsPerTask ?? 1);
  return {
    id: run.id,
    tasksetId: run.tasksetId,
    agentVersionId: run.agentVersionId,
    candidateText: run.candidateText,
    status: run.status,
    config: run.config,
    progress: { planned: batch?.planned ?? planned, done: batch?.done ?? 0 },
    summary: run.summary,
    costUsd: run.costUsd,
    jobId: run.jobId,
    createdAt: iso(run.createdAt),
    startedAt: run.startedAt ? iso(run.startedAt) : null,
    finishedAt: run.finishedAt ? iso(run.finishedAt) : null,
  };
}
