import { json, timestamp, timestamps } from './columns';
import { INTEGRATION_KINDS, INTEGRATION_STATUSES } from './constants';
import { index, text, uniqueIndex } from './kit';
import { tenantTable } from './workspaces';

/** Connections to trace platforms and model providers. Secrets are AES-256-GCM ciphertext. */
export const integrations = tenantTable(
  'integrations',
  {
    kind: text('kind', { enum: INTEGRATION_KINDS }).notNull(),
    name: text('name').notNull(),
    baseUrl: text('base_url'),
    /** Non-secret settings (project id, model, public key). */
    config: json<Record<string, unknown>>('config').notNull().default({}),
    secretCiphertext: text('secret_ciphertext'),
    /** Masked form shown to people, e.g. `sk-…9f2c`. */
    secretHint: text('secret_hint'),
    status: text('status', { enum: INTEGRATION_STATUSES }).notNull().default('active'),
    lastTestedAt: timestamp('last_tested_at'),
    lastError: text('last_error'),
    /** Where the last pull stopped (platform cursor or timestamp), for incremental sync. */
    syncCursor: json<Record<string, unknown>>('sync_cursor'),
    lastSyncedAt: timestamp('last_synced_at'),
    ...timestamps(),
  },
  (t) => [
    uniqueIndex('integrations_workspace_name_idx').on(t.workspaceId, t.name),
    index('integrations_workspace_kind_idx').on(t.workspaceId, t.kind),
  ],
);

export type Integration = typeof integrations.$inferSelect;
export type NewIntegration = typeof integrations.$inferInsert;
