import { and, eq } from 'drizzle-orm';
import type { Deps } from '@/core/context';
import { jobs } from '@/db/schema';
import { claimJobById, fairnessFor } from '../claim-job';
import type { JobHandlers } from '../job-handler';
import { reclaimExpiredJobs } from '../reclaim-expired-jobs';
import type { RetryPolicy } from '../retry-delay';
import { runClaimedJob } from '../run-claimed-job';
import type { JobQueueMessage } from './create-cloudflare-job-queue';

/** The subset of a Cloudflare Queues `Message` the consumer uses. */
export type DeliveredMessage = {
  body: unknown;
  ack(): void;
  retry(options?: { delaySeconds?: number }): void;
};

export type BatchOptions = {
  handlers: JobHandlers;
  leaseMs?: number;
  retry?: RetryPolicy;
  /** Job slots the fairness limits are computed from (default 4, like the Node worker). */
  slots?: number;
};

/** How long a job of a workspace at its share waits before the queue delivers it again (s). */
const FAIR_SHARE_RETRY_SECONDS = 5;

/**
 * Its workspace is at its share while another waits: the job is scheduled a little later and sent
 * as a new message (a retry of this one would count against the queue's retry limit).
 */
async function deferForFairness(deps: Deps, row: { id: string; workspaceId: string }) {
  const runAt = new Date(deps.now().getTime() + FAIR_SHARE_RETRY_SECONDS * 1000);
  await deps.db
    .update(jobs)
    .set({ runAt })
    .where(and(eq(jobs.id, row.id), eq(jobs.status, 'queued')));
  await deps.queue.redeliver([{ id: row.id, workspaceId: row.workspaceId, runAt }]);
}

function isJobMessage(body: unknown): body is JobQueueMessage {
  return (
    typeof body === 'object' && body !== null && typeof (body as JobQueueMessage).jobId === 'string'
  );
}

/**
 * The Worker's `queue` handler: claims each delivered job by id and runs the same handlers as
 * Node. Acks when the job ended (or was already finished: at-least-once redelivery); asks the
 * queue to redeliver after the backoff delay when the failure is retryable.
 */
export async function handleJobBatch(
  deps: Deps,
  messages: readonly DeliveredMessage[],
  options: BatchOptions,
): Promise<void> {
  const leaseMs = options.leaseMs ?? 5 * 60_000;
  const fairness = fairnessFor(options.slots ?? 4);
  for (const message of messages) {
    if (!isJobMessage(message.body)) {
      deps.log.warn('dropping malformed job message', { body: String(message.body) });
      message.ack();
      continue;
    }
    const jobId = message.body.jobId;
    const leaseToken = `cf:${deps.newId()}`;
    const claim = () =>
      claimJobById(deps.db, jobId, { leaseToken, leaseMs, now: deps.now(), fairness });
    let job = await claim();
    if (!job) {
      const [row] = await deps.db.select().from(jobs).where(eq(jobs.id, jobId));
      if (row?.status === 'queued') {
        await deferForFairness(deps, row);
        message.ack();
        continue;
      }
      if (row?.status === 'running' && row.leaseExpiresAt && row.leaseExpiresAt < deps.now()) {
        await reclaimExpiredJobs(deps);
        job = await claim();
      } else if (row?.status === 'running') {
        message.retry({ delaySeconds: Math.ceil(leaseMs / 1000) });
        continue;
      }
    }
    if (!job) {
      message.ack();
      continue;
    }
    const outcome = await runClaimedJob(deps, job, { ...options, leaseToken, leaseMs, fairness });
    if (outcome.kind === 'yielded') {
      // queued again at the back: a new message, as for a fairness deferral
      await deps.queue.redeliver([{ id: job.id, workspaceId: job.workspaceId, runAt: deps.now() }]);
      message.ack();
    } else if (outcome.kind === 'retrying') {
      message.retry({ delaySeconds: Math.max(0, Math.ceil(outcome.delayMs / 1000)) });
    } else {
      message.ack();
    }
  }
}
