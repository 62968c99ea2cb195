import { and, eq, sql } from 'drizzle-orm';
import type { Db } from '@/db/client';
import { type Job, type JobProgress, jobRetryHistory, jobs } from '@/db/schema';
import type { ClassifiedJobError } from './classify-job-error';

type Fence = { job: Job; leaseToken: string; now: Date };

const fenced = ({ job, leaseToken }: Fence) =>
  and(eq(jobs.id, job.id), eq(jobs.leaseOwner, leaseToken), eq(jobs.status, 'running'));

const released = { leaseOwner: null, leaseExpiresAt: null };

const p = (name: string) => sql`${sql.placeholder(name)}`;

function buildMarkSucceeded(db: Db) {
  return db
    .update(jobs)
    .set({
      ...released,
      status: 'succeeded',
      result: p('result'),
      error: null,
      progress: p('progress'),
      finishedAt: p('now'),
      updatedAt: p('now'),
    })
    .where(
      and(
        eq(jobs.id, p('jobId')),
        eq(jobs.leaseOwner, p('leaseToken')),
        eq(jobs.status, 'running'),
      ),
    )
    .returning({ id: jobs.id })
    .prepare();
}
const prepared = new WeakMap<Db, ReturnType<typeof buildMarkSucceeded>>();

const jsonOrNull = (value: unknown) =>
  value === undefined || value === null ? null : JSON.stringify(value);

/** Marks a job succeeded; false when the lease was lost meanwhile (another worker owns it). */
export async function markSucceeded(
  db: Db,
  fence: Fence,
  result: unknown,
  progress: JobProgress | null,
): Promise<boolean> {
  let statement = prepared.get(db);
  if (!statement) {
    statement = buildMarkSucceeded(db);
    prepared.set(db, statement);
  }
  const rows = await statement.all({
    jobId: fence.job.id,
    leaseToken: fence.leaseToken,
    now: fence.now.getTime(),
    result: jsonOrNull(result),
    progress: jsonOrNull(progress),
  });
  return rows.length > 0;
}

function historyRow(job: Job, error: ClassifiedJobError, delayMs: number | null, newId: string) {
  return {
    id: newId,
    workspaceId: job.workspaceId,
    jobId: job.id,
    attempt: job.attempts,
    errorCode: error.code,
    errorMessage: error.message.slice(0, 2000),
    category: error.category,
    retryable: error.retryable,
    delayMs,
  };
}

/**
 * Records a failed attempt in job_retry_history and either re-queues the job after `delayMs`
 * or, with `delayMs` null, ends it (`failed`, or `cancelled` for a cancellation).
 */
export async function markAttemptFailed(
  db: Db,
  fence: Fence,
  error: ClassifiedJobError,
  delayMs: number | null,
  historyId: string,
): Promise<void> {
  const jobError = { code: error.code, message: error.message, retryable: error.retryable };
  const next =
    delayMs === null
      ? {
          status: error.category === 'cancelled' ? ('cancelled' as const) : ('failed' as const),
          finishedAt: fence.now,
        }
      : { status: 'queued' as const, runAt: new Date(fence.now.getTime() + delayMs) };
  await db.batch([
    db
      .update(jobs)
      .set({ ...released, ...next, error: jobError, updatedAt: fence.now })
      .where(fenced(fence)),
    db
      .insert(jobRetryHistory)
      .values(historyRow(fence.job, error, delayMs, historyId))
      .onConflictDoNothing(),
  ]);
}
