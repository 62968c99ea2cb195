import { and, eq, lt } from 'drizzle-orm';
import type { Deps } from '@/core/context';
import { jobs } from '@/db/schema';
import type { ClassifiedJobError } from './classify-job-error';
import { markAttemptFailed } from './finish-job';

const LEASE_EXPIRED: ClassifiedJobError = {
  code: 'LEASE_EXPIRED',
  message: 'the worker running this attempt stopped renewing its lease (crash or restart)',
  category: 'timeout',
  retryable: true,
};

/**
 * Jobs whose worker died: the attempt is recorded in job_retry_history (LEASE_EXPIRED) and the
 * job is queued again at once, or ends `failed` when it has no attempts left (`cancelled` when
 * cancellation was asked). Returns the ids put back in the queue.
 */
export async function reclaimExpiredJobs(
  deps: Pick<Deps, 'db' | 'now' | 'newId' | 'jobEvents'>,
  limit = 100,
): Promise<string[]> {
  const now = deps.now();
  const expired = await deps.db
    .select()
    .from(jobs)
    .where(and(eq(jobs.status, 'running'), lt(jobs.leaseExpiresAt, now)))
    .limit(limit);
  const requeued: string[] = [];
  for (const job of expired) {
    const fence = { job, leaseToken: job.leaseOwner ?? '', now };
    const error: ClassifiedJobError = job.cancelRequested
      ? { ...LEASE_EXPIRED, category: 'cancelled', retryable: false }
      : LEASE_EXPIRED;
    const again = error.retryable && job.attempts < job.maxAttempts;
    await markAttemptFailed(deps.db, fence, error, again ? 0 : null, deps.newId('jrh'));
    const kind = again ? 'retrying' : error.category === 'cancelled' ? 'cancelled' : 'failed';
    deps.jobEvents.publish({
      jobId: job.id,
      workspaceId: job.workspaceId,
      kind,
      data: { attempt: job.attempts, delayMs: again ? 0 : null, error },
    });
    if (again) {
      requeued.push(job.id);
    }
  }
  return requeued;
}
