import { z } from '@hono/zod-openapi';
import { columnFields } from '@/api/column-fields';
import { viewOf } from '@/api/openapi-schemas';
import { type Integration, integrations } from '@/db/schema';

export const IntegrationView = z
  .object({
    ...columnFields(integrations, 'id', 'kind', 'name', 'baseUrl'),
    config: z.record(z.string(), z.unknown()),
    hasSecret: z.boolean(),
    secretHint: z.string().nullable().openapi({ description: 'Masked, e.g. `sk-…9f2c`' }),
    ...columnFields(integrations, 'status', 'lastTestedAt', 'lastError', 'lastSyncedAt'),
    ...columnFields(integrations, 'createdAt', 'updatedAt'),
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
