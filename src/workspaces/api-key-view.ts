import { z } from '@hono/zod-openapi';
import { IsoDate, viewOf } from '@/api/openapi-schemas';
import type { ApiKey as ApiKeyRow } from '@/db/schema';
import { MEMBER_ROLES } from '@/db/schema/constants';

export const ApiKeyView = z
  .object({
    id: z.string(),
    name: z.string(),
    publicKey: z.string(),
    secretHint: z.string().openapi({ description: 'Masked secret, e.g. `sk-if-…9f2c`' }),
    role: z.enum(MEMBER_ROLES),
    createdBy: z.string().nullable(),
    createdAt: IsoDate,
    lastUsedAt: IsoDate.nullable(),
    revokedAt: IsoDate.nullable(),
  })
  .openapi('ApiKey');
export type ApiKeyView = z.infer<typeof ApiKeyView>;

/** The public shape of a key: never the secret or its hash. */
export function toApiKeyView(row: ApiKeyRow): ApiKeyView {
  return viewOf(ApiKeyView, row);
}
