import { asc, gt } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { rowsInWorkspace } from '@/db/in-workspace';
import { type Job, jobs } from '@/db/schema';
import { fetchJobOrThrow } from './get-job';

export const TERMINAL_STATUSES = new Set(['succeeded', 'failed', 'cancelled']);

type PollInput = {
  /** One job, or every job of the workspace when absent. */
  jobId?: string;
  /** Changes after this moment are reported. */
  since: Date;
  pollMs: number;
  onChange(job: Job): void;
  /** A single job reached its outcome (or vanished): the stream should end. */
  onEnd(): void;
};

const BATCH = 100;

/**
 * Re-reads the jobs table every `pollMs` for streams whose jobs run in another process (the
 * Worker host: the queue consumer is another isolate, so no bus event reaches this one).
 */
export function pollJobChanges(ctx: Ctx, input: PollInput): () => void {
  let seen = input.since.getTime();
  let busy = false;
  const tick = async () => {
    if (input.jobId) {
      const job = await fetchJobOrThrow(ctx, input.jobId);
      if (job.updatedAt.getTime() !== seen) {
        seen = job.updatedAt.getTime();
        input.onChange(job);
      }
      if (TERMINAL_STATUSES.has(job.status)) {
        input.onEnd();
      }
      return;
    }
    const changed = await rowsInWorkspace(ctx, jobs, [gt(jobs.updatedAt, new Date(seen))])
      .orderBy(asc(jobs.updatedAt))
      .limit(BATCH);
    for (const job of changed) {
      seen = Math.max(seen, job.updatedAt.getTime());
      input.onChange(job);
    }
  };
  const timer = setInterval(() => {
    if (busy) {
      return;
    }
    busy = true;
    tick()
      .catch(() => input.onEnd())
      .finally(() => {
        busy = false;
      });
  }, input.pollMs);
  return () => clearInterval(timer);
}
