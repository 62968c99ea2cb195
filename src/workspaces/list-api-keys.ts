import { desc } from 'drizzle-orm';
import { assertOwner } from '@/auth/assert-role';
import type { Ctx } from '@/core/context';
import { rowsInWorkspace } from '@/db/in-workspace';
import { apiKeys } from '@/db/schema';
import { type ApiKeyView, toApiKeyView } from './api-key-view';

/** The workspace's keys, newest first, revoked ones included (owners only). */
export async function listApiKeys(ctx: Ctx): Promise<ApiKeyView[]> {
  assertOwner(ctx);
  const rows = await rowsInWorkspace(ctx, apiKeys).orderBy(
    desc(apiKeys.createdAt),
    desc(apiKeys.id),
  );
  return rows.map(toApiKeyView);
}
