import type { Clock, IdFactory } from '@/core/ids';
import type { JobEventBus, JobQueue } from '@/core/ports/job-queue';
import type { Db } from '@/db/client';
import { insertJobs } from './insert-jobs';

/**
 * The embedded host's queue: rows in the jobs table, picked up by the in-process worker loop
 * (woken at once by the `queued` event; other processes' jobs are seen at the next poll).
 */
export function createDbJobQueue(deps: {
  db: Db;
  now: Clock;
  newId: IdFactory;
  jobEvents: JobEventBus;
}): JobQueue {
  const publishQueued = (inserted: Awaited<ReturnType<typeof insertJobs>>) => {
    for (const job of inserted) {
      if (job.created) {
        deps.jobEvents.publish({
          jobId: job.id,
          workspaceId: job.workspaceId,
          kind: 'queued',
          data: { runAt: job.runAt.toISOString() },
        });
      }
    }
  };
  return {
    async enqueue(message, options) {
      const inserted = await insertJobs(deps, [message], options);
      publishQueued(inserted);
      const [job] = inserted;
      if (!job) {
        throw new Error('enqueue inserted nothing');
      }
      return { id: job.id, created: job.created };
    },
    async enqueueMany(messages, options) {
      const inserted = await insertJobs(deps, messages, options);
      publishQueued(inserted);
      return { ids: inserted.map((job) => job.id) };
    },
    async redeliver(queued) {
      publishQueued(queued.map((job) => ({ ...job, created: true })));
    },
  };
}
