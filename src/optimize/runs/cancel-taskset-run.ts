import { assertCanWrite } from '@/auth/assert-role';
import type { Ctx } from '@/core/context';
import { AppError, isAppError } from '@/core/errors';
import { cancelJob } from '@/jobs/cancel-job';
import { setTasksetRunStatus } from './set-taskset-run-status';
import { getTasksetRunOrThrow, toTasksetRunView } from './taskset-run-views';

/**
 * Cancels a queued or running run: it ends `cancelled` at once and its job stops at the next
 * rollout boundary (rollouts in flight are aborted and run again on resume). CONFLICT otherwise.
 */
export async function cancelTasksetRun(ctx: Ctx, id: string) {
  assertCanWrite(ctx);
  const run = await getTasksetRunOrThrow(ctx, id);
  const row = await setTasksetRunStatus(
    ctx,
    run.id,
    { status: 'cancelled', finishedAt: ctx.now() },
    ['queued', 'running'],
  );
  if (!row) {
    throw new AppError(
      'CONFLICT',
      `taskset run ${id} is ${run.status}; only a queued or running run can be cancelled`,
    );
  }
  if (run.jobId) {
    await cancelJob(ctx, { jobId: run.jobId }).catch((error: unknown) => {
      if (!isAppError(error) || error.code !== 'CONFLICT') {
        throw error;
      }
    });
  }
  return toTasksetRunView(ctx, row);
}
