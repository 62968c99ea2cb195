import type { Ctx } from '@/core/context';
import { getOrThrow } from '@/db/in-workspace';
import { type Integration, integrations } from '@/db/schema';

export function getIntegrationOrThrow(ctx: Ctx, id: string): Promise<Integration> {
  return getOrThrow(ctx, integrations, 'integration', id);
}
