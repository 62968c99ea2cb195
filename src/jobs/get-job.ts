import { asc, eq } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { getOrThrow, rowsInWorkspace } from '@/db/in-workspace';
import { type Job, type JobRetry, jobRetryHistory, jobs } from '@/db/schema';

export type JobDetail = Job & { history: JobRetry[] };

/** One job of the caller's workspace; another workspace's id answers NOT_FOUND. */
export function fetchJobOrThrow(ctx: Pick<Ctx, 'db' | 'workspaceId'>, jobId: string): Promise<Job> {
  return getOrThrow(ctx, jobs, 'job', jobId);
}

/** A job with every failed attempt (error, category, retry delay) in attempt order. */
export async function getJob(ctx: Ctx, input: { jobId: string }): Promise<JobDetail> {
  const job = await fetchJobOrThrow(ctx, input.jobId);
  const history = await rowsInWorkspace(ctx, jobRetryHistory, [
    eq(jobRetryHistory.jobId, job.id),
  ]).orderBy(asc(jobRetryHistory.attempt));
  return { ...job, history };
}
