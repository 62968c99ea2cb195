import { eq } from 'drizzle-orm';
import { aOrAn } from '@/core/a-or-an';
import type { Ctx } from '@/core/context';
import { AppError, isAppError } from '@/core/errors';
import { inWorkspace } from '@/db/in-workspace';
import { integrations } from '@/db/schema';
import { type PullOptions, type PullResult, pullTraces } from '@/traces/pull/pull-traces';
import { isPullPlatform, type PullCursor } from '@/traces/pull/pull-types';
import { getIntegrationOrThrow } from './get-integration-or-throw';
import { readIntegrationSecret } from './read-integration-secret';

function cursorOf(value: Record<string, unknown> | null): PullCursor {
  const out: PullCursor = {};
  for (const [k, v] of Object.entries(value ?? {})) {
    if (typeof v === 'string') {
      out[k] = v;
    }
  }
  return out;
}

/**
 * Pulls new traces of a connected Langfuse, LangSmith or Phoenix integration, from its stored
 * sync cursor; on success stores the new cursor and `lastSyncedAt`. A permanent failure
 * (credentials, missing project) marks the integration `error` with the message.
 */
export async function syncIntegration(
  ctx: Ctx,
  input: { id: string },
  options: Omit<PullOptions, 'cursor'> = {},
): Promise<PullResult> {
  const row = await getIntegrationOrThrow(ctx, input.id);
  if (!isPullPlatform(row.kind)) {
    throw new AppError('VALIDATION', `${aOrAn(`${row.kind} integration`)} has no traces to pull`);
  }
  const where = inWorkspace(ctx, integrations, [eq(integrations.id, row.id)]);
  let result: PullResult;
  try {
    result = await pullTraces(
      ctx,
      {
        platform: row.kind,
        baseUrl: row.baseUrl ?? '',
        secret: await readIntegrationSecret(ctx, row),
        config: row.config,
      },
      { ...options, cursor: cursorOf(row.syncCursor) },
    );
  } catch (error) {
    if (isAppError(error) && error.code !== 'UNAVAILABLE' && error.code !== 'INTERNAL') {
      await ctx.db
        .update(integrations)
        .set({ status: 'error', lastError: error.message.slice(0, 500), updatedAt: ctx.now() })
        .where(where);
    }
    throw error;
  }
  await ctx.db
    .update(integrations)
    .set({
      syncCursor: result.cursor,
      lastSyncedAt: ctx.now(),
      status: 'active',
      lastError: null,
    })
    .where(where);
  return result;
}
