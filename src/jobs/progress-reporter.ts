import { and, eq } from 'drizzle-orm';
import type { Deps } from '@/core/context';
import type { JobEventKind } from '@/core/ports/job-queue';
import { type Job, type JobProgress, jobs } from '@/db/schema';
import type { ProgressUpdate } from './job-handler';

const WRITE_EVERY_MS = 250;

/**
 * Pushes every progress update and log line to the event bus at once; writes the jobs row at most
 * every 250 ms (and at the end), so live progress never means a database write per item.
 */
export function createProgressReporter(
  deps: Deps,
  job: Job,
  leaseToken: string,
  publish: (kind: JobEventKind, data: Record<string, unknown>) => void,
) {
  let current: JobProgress = job.progress ?? { percent: 0, done: 0, total: 0 };
  let lastWrite = 0;
  let dirty = false;
  let pending: Promise<unknown> = Promise.resolve();

  const write = () => {
    dirty = false;
    lastWrite = Date.now();
    const snapshot = current;
    pending = pending
      .then(() =>
        deps.db
          .update(jobs)
          .set({ progress: snapshot, updatedAt: deps.now() })
          .where(and(eq(jobs.id, job.id), eq(jobs.leaseOwner, leaseToken))),
      )
      .catch((error: unknown) =>
        deps.log.warn('progress write failed', { jobId: job.id, error: String(error) }),
      );
  };
  const maybeWrite = () => {
    dirty = true;
    if (Date.now() - lastWrite >= WRITE_EVERY_MS) {
      write();
    }
  };

  return {
    progress(update: ProgressUpdate) {
      const done = update.done ?? current.done;
      const total = update.total ?? current.total;
      const percent =
        update.percent ?? (total > 0 ? Math.min(100, Math.round((done / total) * 1000) / 10) : 0);
      current = { percent, done, total, message: update.message ?? current.message };
      publish('progress', { ...current });
      maybeWrite();
    },
    log(line: string) {
      const message = line.slice(0, 500);
      current = { ...current, message };
      publish('log', { line: message });
      maybeWrite();
    },
    /** The progress to store with the outcome (100% on success when a total was known). */
    final(succeeded: boolean): JobProgress | null {
      if (succeeded && current.total > 0) {
        current = { ...current, percent: 100, done: Math.max(current.done, current.total) };
      }
      return job.progress === null &&
        !dirty &&
        lastWrite === 0 &&
        current.total === 0 &&
        !current.message
        ? null
        : current;
    },
    settled: () => pending,
    async flush() {
      if (dirty) {
        write();
      }
      await pending;
    },
  };
}
