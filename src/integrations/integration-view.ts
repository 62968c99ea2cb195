import { z } from '@hono/zod-openapi';
import { IsoDate, viewOf } from '@/api/openapi-schemas';
import { INTEGRATION_KINDS, INTEGRATION_STATUSES, type Integration } from '@/db/schema';

export const IntegrationView = z
  .object({
    id: z.string(),
    kind: z.enum(INTEGRATION_KINDS),
    name: z.string(),
    baseUrl: z.string().nullable(),
    config: z.record(z.string(), z.unknown()),
    hasSecret: z.boolean(),
    secretHint: z.string().nullable().openapi({ description: 'Masked, e.g. `sk-…9f2c`' }),
    status: z.enum(INTEGRATION_STATUSES),
    lastTestedAt: IsoDate.nullable(),
    lastError: z.string().nullable(),
    lastSyncedAt: IsoDate.nullable(),
    createdAt: IsoDate,
    updatedAt: IsoDate,
  })
  .openapi('Integration');
export type IntegrationView = z.infer<typeof IntegrationView>;

/** The public shape: never the ciphertext, only a masked hint. */
export function toIntegrationView(row: Integration): IntegrationView {
  return viewOf(IntegrationView, { ...row, hasSecret: row.secretCiphertext !== null });
}

/** `sk-…9f2c`: enough to recognise a key, never enough to use it. */
export function maskIntegrationSecret(secret: string): string {
  const dash = secret.indexOf('-');
  const prefix = dash > 0 && dash <= 6 ? secret.slice(0, dash + 1) : '';
  return `${prefix}…${secret.length >= 12 ? secret.slice(-4) : ''}`;
}
