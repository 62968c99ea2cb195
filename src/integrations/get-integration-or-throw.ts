import { eq } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { notFound } from '@/core/errors';
import { inWorkspace } from '@/db/in-workspace';
import { type Integration, integrations } from '@/db/schema';

export async function getIntegrationOrThrow(ctx: Ctx, id: string): Promise<Integration> {
  const [row] = await ctx.db
    .select()
    .from(integrations)
    .where(inWorkspace(ctx, integrations, [eq(integrations.id, id)]))
    .limit(1);
  if (!row) {
    throw notFound('integration', id);
  }
  return row;
}
