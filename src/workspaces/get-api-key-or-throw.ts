import { eq } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { notFound } from '@/core/errors';
import { inWorkspace } from '@/db/in-workspace';
import { type ApiKey, apiKeys } from '@/db/schema';

export async function getApiKeyOrThrow(ctx: Ctx, id: string): Promise<ApiKey> {
  const [row] = await ctx.db
    .select()
    .from(apiKeys)
    .where(inWorkspace(ctx, apiKeys, [eq(apiKeys.id, id)]))
    .limit(1);
  if (!row) {
    throw notFound('api key', id);
  }
  return row;
}
