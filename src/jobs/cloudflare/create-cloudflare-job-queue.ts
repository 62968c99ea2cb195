import type { Clock, IdFactory } from '@/core/ids';
import type { JobEventBus, JobQueue } from '@/core/ports/job-queue';
import type { Db } from '@/db/client';
import { type InsertedJob, insertJobs } from '../insert-jobs';

/** The body of a Cloudflare Queues message: the job row (in D1) is the source of truth. */
export type JobQueueMessage = { jobId: string; workspaceId: string };

/** The subset of a Cloudflare `Queue` binding the producer uses. */
export type QueueProducer = {
  sendBatch(messages: { body: JobQueueMessage; delaySeconds?: number }[]): Promise<unknown>;
};

const SEND_CHUNK = 100;

/** Sends one message per newly created job, delayed until its `run_at`. */
export async function sendJobMessages(queue: QueueProducer, jobs: InsertedJob[], now: Date) {
  const messages = jobs.map((job) => ({
    body: { jobId: job.id, workspaceId: job.workspaceId },
    delaySeconds: Math.max(0, Math.ceil((job.runAt.getTime() - now.getTime()) / 1000)),
  }));
  for (let i = 0; i < messages.length; i += SEND_CHUNK) {
    await queue.sendBatch(messages.slice(i, i + SEND_CHUNK));
  }
}

/**
 * The Worker host's queue: a jobs row in D1 (so list, get, cancel and streams work the same) and
 * a Cloudflare Queues message that delivers it to the `queue` handler.
 */
export function createCloudflareJobQueue(deps: {
  db: Db;
  now: Clock;
  newId: IdFactory;
  jobEvents: JobEventBus;
  queue: QueueProducer;
}): JobQueue {
  const send = async (messages: Parameters<JobQueue['enqueueMany']>[0], options = {}) => {
    const inserted = await insertJobs(deps, messages, options);
    const created = inserted.filter((job) => job.created);
    await sendJobMessages(deps.queue, created, deps.now());
    for (const job of created) {
      deps.jobEvents.publish({
        jobId: job.id,
        workspaceId: job.workspaceId,
        kind: 'queued',
        data: { runAt: job.runAt.toISOString() },
      });
    }
    return inserted;
  };
  return {
    async enqueue(message, options) {
      const [job] = await send([message], options);
      if (!job) {
        throw new Error('enqueue inserted nothing');
      }
      return { id: job.id, created: job.created };
    },
    async enqueueMany(messages, options) {
      const inserted = await send(messages, options);
      return { ids: inserted.map((job) => job.id) };
    },
    async redeliver(queued) {
      await sendJobMessages(
        deps.queue,
        queued.map((job) => ({ ...job, created: true })),
        deps.now(),
      );
    },
  };
}
