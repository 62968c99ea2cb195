import { assertCanWrite } from '@/auth/assert-role';
import type { Ctx } from '@/core/context';
import { isAppError } from '@/core/errors';
import type { TasksetRun } from '@/db/schema';
import { cancelJob } from '@/jobs/cancel-job';
import { runStatusConflict } from './run-status-conflict';
import { setTasksetRunStatus } from './set-taskset-run-status';
import { getTasksetRunOrThrow, toTasksetRunView } from './taskset-run-views';

/**
 * Cancels a queued or running run: it ends `cancelled` at once and its job stops at the next
 * rollout boundary (rollouts in flight are aborted and run again on resume). CONFLICT otherwise.
 */
export async function cancelTasksetRun(ctx: Ctx, id: string) {
  assertCanWrite(ctx);
  const run = await getTasksetRunOrThrow(ctx, id);
  const cancellable: TasksetRun['status'][] = ['queued', 'running'];
  const row = await setTasksetRunStatus(
    ctx,
    run.id,
    { status: 'cancelled', finishedAt: ctx.now() },
    cancellable,
  );
  if (!row) {
    throw runStatusConflict(
      { kind: 'taskset run', id, status: run.status },
      cancellable,
      'cancelled',
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
