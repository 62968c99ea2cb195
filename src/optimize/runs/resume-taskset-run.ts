import { z } from '@hono/zod-openapi';
import { assertCanWrite } from '@/auth/assert-role';
import { keyedService } from '@/core/service';
import { queueTasksetRun } from './create-taskset-run';
import { runStatusConflict } from './run-status-conflict';
import { getTasksetRunOrThrow, toTasksetRunView } from './taskset-run-views';

export const ResumeTasksetRunInput = z
  .strictObject({
    /** A new cost ceiling (a run stopped by its ceiling needs a higher one to go on). */
    maxCostUsd: z.number().positive().max(1_000_000).optional(),
  })
  .openapi('ResumeTasksetRun');

/**
 * Resumes a cancelled, stopped or failed run with a new job: finished rollouts are kept, the rest
 * run. CONFLICT for a run that is queued, running or succeeded.
 */
export const resumeTasksetRun = keyedService(
  ResumeTasksetRunInput,
  assertCanWrite,
  async (ctx, id, data) => {
    const run = await getTasksetRunOrThrow(ctx, id);
    const resumable = ['cancelled', 'stopped', 'failed'];
    if (!resumable.includes(run.status)) {
      throw runStatusConflict(
        { kind: 'taskset run', id, status: run.status },
        resumable,
        'resumed',
      );
    }
    const config =
      data.maxCostUsd === undefined ? undefined : { ...run.config, maxCostUsd: data.maxCostUsd };
    return toTasksetRunView(ctx, await queueTasksetRun(ctx, run.id, config));
  },
);
