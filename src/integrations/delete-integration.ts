import { eq } from 'drizzle-orm';
import { assertOwner } from '@/auth/assert-role';
import type { Ctx } from '@/core/context';
import { deleteInWorkspace } from '@/db/in-workspace';
import { integrations } from '@/db/schema';
import { getIntegrationOrThrow } from './get-integration-or-throw';

export async function deleteIntegration(ctx: Ctx, input: { id: string }): Promise<void> {
  assertOwner(ctx);
  const existing = await getIntegrationOrThrow(ctx, input.id);
  await deleteInWorkspace(ctx, integrations, [eq(integrations.id, existing.id)]);
}
