import type { Ctx } from '@/core/context';
import { getOrThrow } from '@/db/in-workspace';
import { type ApiKey, apiKeys } from '@/db/schema';

export function getApiKeyOrThrow(ctx: Ctx, id: string): Promise<ApiKey> {
  return getOrThrow(ctx, apiKeys, 'api key', id);
}
