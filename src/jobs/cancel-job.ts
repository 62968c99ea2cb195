import { and, eq } from 'drizzle-orm';
import { assertCanWrite } from '@/auth/assert-role';
import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';
import { inWorkspace } from '@/db/in-workspace';
import { type Job, jobs } from '@/db/schema';
import { fetchJobOrThrow } from './get-job';

/**
 * Cancels a job: a queued one ends `cancelled` at once; a running one gets `cancel_requested`
 * and its handler's signal aborts (cooperative). Cancelling a cancelled job is a no-op; a job
 * that already succeeded or failed answers CONFLICT.
 */
export async function cancelJob(ctx: Ctx, input: { jobId: string }): Promise<Job> {
  assertCanWrite(ctx);
  const job = await fetchJobOrThrow(ctx, input.jobId);
  const now = ctx.now();
  const scoped = inWorkspace(ctx, jobs, [eq(jobs.id, job.id)]);
  if (job.status === 'queued') {
    const [row] = await ctx.db
      .update(jobs)
      .set({
        status: 'cancelled',
        cancelRequested: true,
        finishedAt: now,
        updatedAt: now,
        error: { code: 'CANCELLED', message: 'cancelled before it started', retryable: false },
      })
      .where(and(scoped, eq(jobs.status, 'queued')))
      .returning();
    if (row) {
      ctx.jobEvents.publish({
        jobId: job.id,
        workspaceId: job.workspaceId,
        kind: 'cancelled',
        data: {},
      });
      return row;
    }
    return cancelJob(ctx, input);
  }
  if (job.status === 'running') {
    const [row] = await ctx.db
      .update(jobs)
      .set({ cancelRequested: true, updatedAt: now })
      .where(and(scoped, eq(jobs.status, 'running')))
      .returning();
    ctx.jobEvents.publish({
      jobId: job.id,
      workspaceId: job.workspaceId,
      kind: 'cancel_requested',
      data: {},
    });
    return row ?? fetchJobOrThrow(ctx, job.id);
  }
  if (job.status === 'cancelled') {
    return job;
  }
  throw new AppError('CONFLICT', `job ${job.id} already ${job.status}`, {
    details: { status: job.status },
  });
}
