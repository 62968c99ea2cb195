import { and, eq, isNull } from 'drizzle-orm';
import type { Actor, Deps } from '@/core/context';
import { AppError } from '@/core/errors';
import { sha256HexSync } from '@/core/sha256';
import { constantTimeEqual } from '@/core/web-crypto';
import { param, preparedPerDb } from '@/db/prepared';
import { apiKeys } from '@/db/schema';
import type { KeyCredentials } from './api-key-format';

const TOUCH_INTERVAL_MS = 60_000;

export type Authenticated = { workspaceId: string; actor: Actor };

/** Prepared once per database: every request with a key reads it. */
const keyQuery = preparedPerDb((db) =>
  db
    .select()
    .from(apiKeys)
    .where(and(eq(apiKeys.secretHash, param('secretHash')), isNull(apiKeys.revokedAt)))
    .limit(1)
    .prepare(),
);

/**
 * Resolves an API key to its workspace and role, or throws UNAUTHORIZED (wrong, unknown and
 * revoked keys look the same). `last_used_at` is written at most once a minute per key.
 */
export async function authenticateApiKey(
  deps: Pick<Deps, 'db' | 'now'>,
  credentials: KeyCredentials,
): Promise<Authenticated & { keyId: string }> {
  // in-thread: Web Crypto's digest waits for a pool thread, several ms under load (#22)
  const secretHash = sha256HexSync(credentials.secret);
  const [key] = await keyQuery(deps.db).all({ secretHash });
  if (
    !key ||
    (credentials.publicKey !== undefined &&
      !constantTimeEqual(key.publicKey, credentials.publicKey))
  ) {
    throw new AppError('UNAUTHORIZED', 'invalid or revoked API key');
  }
  const now = deps.now();
  if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
    await deps.db.update(apiKeys).set({ lastUsedAt: now }).where(eq(apiKeys.id, key.id));
  }
  return {
    workspaceId: key.workspaceId,
    keyId: key.id,
    actor: { type: 'apiKey', keyId: key.id, role: key.role },
  };
}
