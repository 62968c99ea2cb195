import type { z } from '@hono/zod-openapi';
import { actingUserId, assertCanWrite } from '@/auth/assert-role';
import type { Ctx } from '@/core/context';
import type { Job } from '@/db/schema';
import { JOB_PAYLOADS } from './contracts';
import { fetchJobOrThrow } from './get-job';

export const NoopJobInput = JOB_PAYLOADS.noop.strict().openapi('NoopJobInput');

/**
 * Queues a diagnostic `noop` job: proves the queue, the worker (or the Cloudflare consumer),
 * retries and live progress work end to end on this deployment.
 */
export async function enqueueNoopJob(ctx: Ctx, input: z.input<typeof NoopJobInput>): Promise<Job> {
  assertCanWrite(ctx);
  const payload = NoopJobInput.parse(input);
  const { id } = await ctx.queue.enqueue(
    { type: 'noop', workspaceId: ctx.workspaceId, payload },
    { createdBy: actingUserId(ctx) },
  );
  return fetchJobOrThrow(ctx, id);
}
