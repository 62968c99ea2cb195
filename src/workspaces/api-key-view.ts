import { z } from '@hono/zod-openapi';
import { columnFields } from '@/api/column-fields';
import { viewOf } from '@/api/openapi-schemas';
import type { ApiKey as ApiKeyRow } from '@/db/schema';
import { apiKeys } from '@/db/schema';

export const ApiKeyView = z
  .object({
    ...columnFields(apiKeys, 'id', 'name', 'publicKey'),
    secretHint: z.string().openapi({ description: 'Masked secret, e.g. `sk-if-…9f2c`' }),
    ...columnFields(apiKeys, 'role', 'createdBy', 'createdAt', 'lastUsedAt', 'revokedAt'),
  })
  .openapi('ApiKey');
export type ApiKeyView = z.infer<typeof ApiKeyView>;

/** The public shape of a key: never the secret or its hash. */
export function toApiKeyView(row: ApiKeyRow): ApiKeyView {
  return viewOf(ApiKeyView, row);
}
