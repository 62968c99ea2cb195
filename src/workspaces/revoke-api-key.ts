import { eq } from 'drizzle-orm';
import { assertOwner } from '@/auth/assert-role';
import type { Ctx } from '@/core/context';
import { inWorkspace } from '@/db/in-workspace';
import { apiKeys } from '@/db/schema';
import { type ApiKeyView, toApiKeyView } from './api-key-view';
import { getApiKeyOrThrow } from './get-api-key-or-throw';

/** Revokes a key at once (owners only). Revoking twice keeps the first revocation time. */
export async function revokeApiKey(ctx: Ctx, input: { id: string }): Promise<ApiKeyView> {
  assertOwner(ctx);
  const key = await getApiKeyOrThrow(ctx, input.id);
  if (key.revokedAt) {
    return toApiKeyView(key);
  }
  const revokedAt = ctx.now();
  await ctx.db
    .update(apiKeys)
    .set({ revokedAt })
    .where(inWorkspace(ctx, apiKeys, [eq(apiKeys.id, key.id)]));
  return toApiKeyView({ ...key, revokedAt });
}
