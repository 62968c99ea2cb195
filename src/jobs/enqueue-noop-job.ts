import { actingUserId, assertCanWrite } from '@/auth/assert-role';
import { service } from '@/core/service';
import type { Job } from '@/db/schema';
import { JOB_PAYLOADS } from './contracts';
import { fetchJobOrThrow } from './get-job';

export const NoopJobInput = JOB_PAYLOADS.noop.strict().openapi('NoopJobInput');

/**
 * Queues a diagnostic `noop` job: proves the queue, the worker (or the Cloudflare consumer),
 * retries and live progress work end to end on this deployment.
 */
export const enqueueNoopJob = service(
  NoopJobInput,
  assertCanWrite,
  async (ctx, payload): Promise<Job> => {
    const { id } = await ctx.queue.enqueue(
      { type: 'noop', workspaceId: ctx.workspaceId, payload },
      { createdBy: actingUserId(ctx) },
    );
    return fetchJobOrThrow(ctx, id);
  },
);
