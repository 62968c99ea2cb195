import type { RunConfig } from '@/db/schema';
import { classifyJobError } from '@/jobs/classify-job-error';
import type { JobHandler } from '@/jobs/job-handler';
import { getTasksetOrThrow } from '../tasksets/get-taskset-or-throw';
import { runRolloutBatch } from './run-rollout-batch';
import { setTasksetRunStatus } from './set-taskset-run-status';
import { getTasksetRunOrThrow } from './taskset-run-views';
import { writeTasksetRunResults } from './write-taskset-run-results';

/**
 * `taskset_run.execute`: runs the run's one rollout batch (resuming it after a crash, a cancel or
 * a stop) and writes its per-task results and summary. The run ends `succeeded`, `stopped` (cost
 * ceiling), `cancelled` or, when the job gives up, `failed`.
 */
export const tasksetRunJob: JobHandler<'taskset_run.execute'> = async (ctx, { runId }) => {
  const run = await getTasksetRunOrThrow(ctx, runId);
  if (!['queued', 'running'].includes(run.status)) {
    return { status: run.status, skipped: true };
  }
  const taskset = await getTasksetOrThrow(ctx, run.tasksetId);
  await setTasksetRunStatus(
    ctx,
    run.id,
    { status: 'running', startedAt: run.startedAt ?? ctx.now() },
    ['queued', 'running'],
  );
  const config: RunConfig = run.config;
  try {
    const result = await runRolloutBatch(
      ctx,
      {
        agentId: taskset.agentId,
        agentVersionId: run.agentVersionId ?? undefined,
        promptText: run.candidateText ?? undefined,
        taskIds: config.taskIds ?? [],
        k: config.rolloutsPerTask,
        parallel: config.parallel,
        maxCostUsd: config.maxCostUsd,
        tasksetRunId: run.id,
        model: config.model,
        temperature: config.temperature,
        stepsPerTurn: config.stepsPerTurn,
        userMode: config.userMode,
        userModel: config.userModel,
        maxUserTurns: config.maxUserTurns,
        allowSideEffects: config.allowSideEffects,
      },
      {
        signal: ctx.signal,
        onProgress: ({ done, total, costUsd }) =>
          ctx.progress({
            done,
            total,
            message: `${done}/${total} rollouts, $${costUsd.toFixed(4)}`,
          }),
        onLog: (line) => ctx.logLine(line),
      },
    );
    const summary = await writeTasksetRunResults(ctx, run.id, result);
    await setTasksetRunStatus(
      ctx,
      run.id,
      { status: result.status, summary, costUsd: result.costUsd, finishedAt: ctx.now() },
      ['running'],
    );
    return { status: result.status, ...summary };
  } catch (error) {
    const classified = classifyJobError(error);
    if (!ctx.signal.aborted && (!classified.retryable || ctx.job.attempt >= ctx.job.maxAttempts)) {
      await setTasksetRunStatus(ctx, run.id, { status: 'failed', finishedAt: ctx.now() }, [
        'running',
      ]);
    }
    throw error;
  }
};
