import type { BuildColumns } from 'drizzle-orm';
import {
  index,
  primaryKey,
  type SQLiteColumnBuilderBase,
  type SQLiteTableExtraConfigValue,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';
import {
  createdAt,
  json,
  optionalRef,
  parentRef,
  primaryId,
  timestamp,
  timestamps,
} from './columns';
import { MEMBER_ROLES } from './constants';

export type WorkspaceSettings = {
  /** Auto-refined versions wait for a person's approval before activation. */
  requireRefineApproval?: boolean;
  alertDefaults?: Record<string, number>;
  /** How scores from other platforms become labels (`src/traces/score-labels.ts`). */
  scoreLabels?: {
    numericThreshold?: number | null;
    categories?: Record<string, 'positive' | 'negative' | 'neutral'>;
  };
  /** How long span payloads and whole traces are kept (`src/traces/retention/`). */
  retention?: {
    spanPayloadDays?: number | null;
    traceDays?: number | null;
    includeKept?: boolean;
  };
  /** Overrides of the model bridge's limits (`src/evals/bridge/model-limits.ts`), by field. */
  modelLimits?: Record<string, number>;
};

export const users = sqliteTable('users', {
  id: primaryId(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  /** scrypt/PBKDF2 hash; null for users who log in only through one-time links. */
  passwordHash: text('password_hash'),
  ...timestamps(),
});

export const workspaces = sqliteTable('workspaces', {
  id: primaryId(),
  name: text('name').notNull(),
  slug: text('slug').notNull().unique(),
  settings: json<WorkspaceSettings>('settings').notNull().default({}),
  ...timestamps(),
});

/** The workspace column every tenant table carries, deleted with its workspace. */
export const workspaceRef = () => parentRef('workspace_id', () => workspaces.id);

/** The columns a tenant row starts with: its id and its workspace. */
export const tenantColumns = () => ({ id: primaryId(), workspaceId: workspaceRef() });

/** Who made the row (cleared when the user is deleted) and when. */
export const createdByAndAt = () => ({
  createdBy: optionalRef('created_by', () => users.id),
  createdAt: createdAt(),
});

/** The columns a link row starts with: its workspace (its key is made of the rows it links). */
export const linkColumns = () => ({ workspaceId: workspaceRef() });

/** `sqliteTable` with the columns `first` makes ahead of the table's own. */
function tableStartingWith<F extends Record<string, SQLiteColumnBuilderBase>>(first: () => F) {
  return <N extends string, C extends Record<string, SQLiteColumnBuilderBase>>(
    name: N,
    columns: C,
    extraConfig?: (self: BuildColumns<N, F & C, 'sqlite'>) => SQLiteTableExtraConfigValue[],
  ) => sqliteTable(name, { ...first(), ...columns }, extraConfig);
}

/** A table of workspace rows: `sqliteTable` with `tenantColumns` first. */
export const tenantTable = tableStartingWith(tenantColumns);

/** A table of workspace rows keyed by what they link (no id): `sqliteTable` with `linkColumns` first. */
export const linkTable = tableStartingWith(linkColumns);

/** Supporting table: who belongs to which workspace, with what role. */
export const memberships = linkTable(
  'memberships',
  {
    userId: parentRef('user_id', () => users.id),
    role: text('role', { enum: MEMBER_ROLES }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [
    primaryKey({ columns: [t.workspaceId, t.userId] }),
    index('memberships_user_idx').on(t.userId),
  ],
);

/** Supporting table: workspace API keys; only a hash of the secret is kept. */
export const apiKeys = tenantTable(
  'api_keys',
  {
    name: text('name').notNull(),
    publicKey: text('public_key').notNull(),
    secretHash: text('secret_hash').notNull(),
    secretHint: text('secret_hint').notNull(),
    role: text('role', { enum: MEMBER_ROLES }).notNull(),
    ...createdByAndAt(),
    lastUsedAt: timestamp('last_used_at'),
    revokedAt: timestamp('revoked_at'),
  },
  (t) => [
    uniqueIndex('api_keys_public_key_idx').on(t.publicKey),
    uniqueIndex('api_keys_secret_hash_idx').on(t.secretHash),
    index('api_keys_workspace_created_idx').on(t.workspaceId, t.createdAt),
  ],
);

/** Supporting table: dashboard sessions (cookie holds the token; only its hash is stored). */
export const sessions = sqliteTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: parentRef('user_id', () => users.id),
    workspaceId: optionalRef('workspace_id', () => workspaces.id),
    csrfToken: text('csrf_token').notNull(),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at').notNull(),
    lastSeenAt: timestamp('last_seen_at').notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Supporting table: one-time login links (the first-start link, password-less sign-in). */
export const loginTokens = sqliteTable(
  'login_tokens',
  {
    id: text('id').primaryKey(),
    userId: parentRef('user_id', () => users.id),
    createdAt: createdAt(),
    expiresAt: timestamp('expires_at').notNull(),
    usedAt: timestamp('used_at'),
  },
  (t) => [index('login_tokens_user_idx').on(t.userId)],
);

export type User = typeof users.$inferSelect;
export type Workspace = typeof workspaces.$inferSelect;
export type ApiKey = typeof apiKeys.$inferSelect;
export type Session = typeof sessions.$inferSelect;
export type NewSession = typeof sessions.$inferInsert;
