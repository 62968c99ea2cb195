import { eq } from 'drizzle-orm';
import type { Deps } from '@/core/context';
import { jobs } from '@/db/schema';
import { claimJobById } from '../claim-job';
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

export type BatchOptions = { handlers: JobHandlers; leaseMs?: number; retry?: RetryPolicy };

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
  for (const message of messages) {
    if (!isJobMessage(message.body)) {
      deps.log.warn('dropping malformed job message', { body: String(message.body) });
      message.ack();
      continue;
    }
    const jobId = message.body.jobId;
    const leaseToken = `cf:${deps.newId()}`;
    const claim = () => claimJobById(deps.db, jobId, { leaseToken, leaseMs, now: deps.now() });
    let job = await claim();
    if (!job) {
      const [row] = await deps.db.select().from(jobs).where(eq(jobs.id, jobId));
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
    const outcome = await runClaimedJob(deps, job, { ...options, leaseToken, leaseMs });
    if (outcome.kind === 'retrying') {
      message.retry({ delaySeconds: Math.max(0, Math.ceil(outcome.delayMs / 1000)) });
    } else {
      message.ack();
    }
  }
}
