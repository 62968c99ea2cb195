import { and, eq } from 'drizzle-orm';
import { assertRole } from '@/auth/assert-role';
import type { Ctx } from '@/core/context';
import { integrations } from '@/db/schema';
import { getIntegrationOrThrow } from './get-integration-or-throw';

export async function deleteIntegration(ctx: Ctx, input: { id: string }): Promise<void> {
  assertRole(ctx, 'owner');
  const existing = await getIntegrationOrThrow(ctx, input.id);
  await ctx.db
    .delete(integrations)
    .where(and(eq(integrations.workspaceId, ctx.workspaceId), eq(integrations.id, existing.id)));
}
