import type { Ctx } from '@/core/context';
import type { JobProgress } from '@/db/schema';
import { createJobHandlers } from '@/hosts/job-handlers';
import { toJobDetailView } from '@/jobs/api/job-views';
import { claimJobById } from '@/jobs/claim-job';
import { getJob } from '@/jobs/get-job';
import { runClaimedJob } from '@/jobs/run-claimed-job';
import type { JobJson } from './backend/cli-backend';
import { assertSucceeded, isFinished } from './watch-job';

const LEASE_MS = 60_000;
const POLL_MS = 500;

export type JobFollower = {
  progress?(progress: JobProgress): void;
  log?(line: string): void;
};

/**
 * Runs a job this command queued, in this process and through the handler a server's worker uses,
 * so it leaves the same job record (progress, attempts, result) that `iofold jobs list` and the
 * Jobs screen show. A retryable failure is retried after its delay, as the worker would; when a
 * running server's worker claimed the job first, this follows it there. Answers the finished job
 * (an error with the job's code when it did not succeed).
 */
export async function runJobHere(
  ctx: Ctx,
  jobId: string,
  follow: JobFollower = {},
): Promise<JobJson> {
  const unsubscribe = ctx.jobEvents.subscribe((event) => {
    if (event.jobId !== jobId) {
      return;
    }
    if (event.kind === 'progress') {
      follow.progress?.(event.data as JobProgress);
    } else if (event.kind === 'log' && typeof event.data.line === 'string') {
      follow.log?.(event.data.line);
    }
  });
  try {
    let job = toJobDetailView(await getJob(ctx, { jobId }));
    while (!isFinished(job)) {
      const leaseToken = `${jobId}:${ctx.newId()}`;
      const claimed = await claimJobById(ctx.db, jobId, {
        leaseToken,
        leaseMs: LEASE_MS,
        now: ctx.now(),
      });
      if (claimed) {
        const outcome = await runClaimedJob(ctx, claimed, {
          handlers: createJobHandlers(),
          leaseToken,
          leaseMs: LEASE_MS,
        });
        if (outcome.kind === 'retrying') {
          follow.log?.(
            `attempt failed (${outcome.error.message}); retrying in ${Math.round(outcome.delayMs / 1000)} s`,
          );
          await sleep(outcome.delayMs);
        }
      } else {
        await sleep(POLL_MS);
      }
      job = toJobDetailView(await getJob(ctx, { jobId }));
    }
    assertSucceeded(job);
    return job;
  } finally {
    unsubscribe();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
