import { asc } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { rowsInWorkspace } from '@/db/in-workspace';
import { integrations } from '@/db/schema';
import { type IntegrationView, toIntegrationView } from './integration-view';

export async function listIntegrations(ctx: Ctx): Promise<IntegrationView[]> {
  const rows = await rowsInWorkspace(ctx, integrations).orderBy(
    asc(integrations.createdAt),
    asc(integrations.id),
  );
  return rows.map(toIntegrationView);
}
