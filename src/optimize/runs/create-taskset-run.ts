import { z } from '@hono/zod-openapi';
import { actingUserId, assertCanWrite } from '@/auth/assert-role';
import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';
import { service } from '@/core/service';
import { type RunConfig, SPLITS, tasksetRuns } from '@/db/schema';
import { enqueueJob } from '@/jobs/enqueue-job';
import { loadFrozenTaskset } from '../tasksets/load-frozen-taskset';
import { resolveRolloutTarget } from './rollout-target';
import { getIterationOrThrow } from './run-iteration';
import { setTasksetRunStatus } from './set-taskset-run-status';
import { SimulatedUserOptions, simulatorSettingsNeedSimulatedUser } from './simulated-user-options';
import { toTasksetRunView } from './taskset-run-views';

export const CreateTasksetRunInput = z
  .strictObject({
    tasksetId: z.string().min(1).max(200),
    /** A version of the taskset's agent; default its active version unless `promptText` is given. */
    agentVersionId: z.string().min(1).max(200).optional(),
    promptText: z.string().min(1).max(200_000).optional(),
    /** Runs this prompt iteration's text (the iteration's status then follows the run). */
    promptIterationId: z.string().min(1).max(200).optional(),
    /** Only the tasks of this split of the (frozen) taskset version; default every task. */
    split: z.enum(SPLITS).optional(),
    k: z.number().int().min(1).max(50).default(1),
    parallel: z.number().int().min(1).max(64).default(4),
    maxCostUsd: z.number().positive().max(1_000_000).optional(),
    model: z.string().min(1).max(200).optional(),
    temperature: z.number().min(0).max(2).optional(),
    stepsPerTurn: z.number().int().min(1).max(100).default(8),
    ...SimulatedUserOptions.shape,
    allowSideEffects: z.boolean().default(false),
  })
  .refine((v) => [v.agentVersionId, v.promptText, v.promptIterationId].filter(Boolean).length < 2, {
    message: 'give one of agentVersionId, promptText and promptIterationId',
  })
  .refine(...simulatorSettingsNeedSimulatedUser)
  .openapi('CreateTasksetRun');

/**
 * Starts a run: freezes the taskset version, fixes the tasks (its split), records the run and
 * queues `taskset_run.execute`. NOT_FOUND for another workspace's taskset or a version of another
 * agent; UNPROCESSABLE when the split has no tasks.
 */
export const createTasksetRun = service(
  CreateTasksetRunInput,
  assertCanWrite,
  async (ctx, data) => {
    const frozen = await loadFrozenTaskset(ctx, data.tasksetId);
    const iteration = data.promptIterationId
      ? await getIterationOrThrow(ctx, frozen.taskset.agentId, data.promptIterationId)
      : null;
    const promptText = iteration?.text ?? data.promptText;
    const target = await resolveRolloutTarget(ctx, {
      agentId: frozen.taskset.agentId,
      agentVersionId: data.agentVersionId,
      promptText,
    });
    const taskIds = data.split
      ? frozen.splits.filter((s) => s.split === data.split).map((s) => s.taskId)
      : frozen.tasks.map((t) => t.id);
    if (taskIds.length === 0) {
      throw new AppError(
        'UNPROCESSABLE',
        data.split
          ? `taskset ${frozen.taskset.id} has no ${data.split} tasks: split it first`
          : `taskset ${frozen.taskset.id} has no tasks`,
      );
    }
    const config: RunConfig = {
      rolloutsPerTask: data.k,
      parallel: data.parallel,
      stepsPerTurn: data.stepsPerTurn,
      allowSideEffects: data.allowSideEffects,
      taskIds,
      ...(data.split ? { split: data.split } : {}),
      ...(data.maxCostUsd === undefined ? {} : { maxCostUsd: data.maxCostUsd }),
      ...(data.model ? { model: data.model } : {}),
      ...(data.temperature === undefined ? {} : { temperature: data.temperature }),
      ...(data.userMode ? { userMode: data.userMode } : {}),
      ...(iteration ? { promptIterationId: iteration.id } : {}),
      ...(data.userModel ? { userModel: data.userModel } : {}),
      ...(data.maxUserTurns === undefined ? {} : { maxUserTurns: data.maxUserTurns }),
    };
    const id = ctx.newId('trun');
    await ctx.db.insert(tasksetRuns).values({
      id,
      workspaceId: ctx.workspaceId,
      tasksetId: frozen.taskset.id,
      agentVersionId: target.agentVersionId,
      candidateText: promptText ?? null,
      config,
    });
    return toTasksetRunView(ctx, await queueTasksetRun(ctx, id));
  },
);

/** Queues the run's job and records it on the run (status `queued`). */
export async function queueTasksetRun(ctx: Ctx, runId: string, config?: RunConfig) {
  const job = await enqueueJob(
    ctx,
    ctx.workspaceId,
    'taskset_run.execute',
    { runId },
    {
      createdBy: actingUserId(ctx),
    },
  );
  const row = await setTasksetRunStatus(ctx, runId, {
    jobId: job.id,
    status: 'queued',
    finishedAt: null,
    ...(config ? { config } : {}),
  });
  if (!row) {
    throw new AppError('INTERNAL', `taskset run ${runId} vanished while being queued`);
  }
  return row;
}
