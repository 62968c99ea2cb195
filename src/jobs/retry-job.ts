import { eq, inArray } from 'drizzle-orm';
import { assertCanWrite } from '@/auth/assert-role';
import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';
import { inWorkspace } from '@/db/in-workspace';
import { type Job, jobs } from '@/db/schema';
import { fetchJobOrThrow } from './get-job';

/** Attempts a manual retry adds on top of those already used. */
const MANUAL_RETRY_BUDGET = 3;

/**
 * Queues a failed or cancelled job again, now, with MANUAL_RETRY_BUDGET more attempts; its
 * earlier attempts stay in the history. Other states answer CONFLICT.
 */
export async function retryJob(ctx: Ctx, input: { jobId: string }): Promise<Job> {
  assertCanWrite(ctx);
  const job = await fetchJobOrThrow(ctx, input.jobId);
  if (job.status !== 'failed' && job.status !== 'cancelled') {
    throw new AppError(
      'CONFLICT',
      `job ${job.id} is ${job.status}; only failed or cancelled jobs can be retried`,
      {
        details: { status: job.status },
      },
    );
  }
  const now = ctx.now();
  const [row] = await ctx.db
    .update(jobs)
    .set({
      status: 'queued',
      runAt: now,
      maxAttempts: job.attempts + MANUAL_RETRY_BUDGET,
      cancelRequested: false,
      error: null,
      finishedAt: null,
      updatedAt: now,
    })
    .where(
      inWorkspace(ctx, jobs, [eq(jobs.id, job.id), inArray(jobs.status, ['failed', 'cancelled'])]),
    )
    .returning();
  if (!row) {
    throw new AppError('CONFLICT', `job ${job.id} changed while retrying it`);
  }
  await ctx.queue.redeliver([{ id: row.id, workspaceId: row.workspaceId, runAt: now }]);
  return row;
}
