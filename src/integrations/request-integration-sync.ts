import { z } from '@hono/zod-openapi';
import { actingUserId, assertCanWrite } from '@/auth/assert-role';
import { aOrAn } from '@/core/a-or-an';
import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';
import { isPullPlatform } from '@/traces/pull/pull-types';
import { getIntegrationOrThrow } from './get-integration-or-throw';

export const QueuedSync = z.object({ jobId: z.string() }).openapi('QueuedSync');

/** Queues `integration.sync` for a Langfuse, LangSmith or Phoenix integration of this workspace. */
export async function requestIntegrationSync(
  ctx: Ctx,
  input: { id: string },
): Promise<{ jobId: string }> {
  assertCanWrite(ctx);
  const row = await getIntegrationOrThrow(ctx, input.id);
  if (!isPullPlatform(row.kind)) {
    throw new AppError('VALIDATION', `${aOrAn(`${row.kind} integration`)} has no traces to pull`);
  }
  const { id } = await ctx.queue.enqueue(
    { type: 'integration.sync', workspaceId: ctx.workspaceId, payload: { integrationId: row.id } },
    { createdBy: actingUserId(ctx) },
  );
  return { jobId: id };
}
