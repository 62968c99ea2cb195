import type { Deps } from '@/core/context';
import { randomToken, sha256Hex } from '@/core/web-crypto';
import { sessions } from '@/db/schema';

const SESSION_TTL_MS = 30 * 24 * 60 * 60 * 1000;

export type NewSessionResult = { token: string; csrfToken: string; expiresAt: Date };

/** Starts a dashboard session. Only the SHA-256 of `token` is stored; the cookie holds `token`. */
export async function createSession(
  deps: Pick<Deps, 'db' | 'now'>,
  input: { userId: string; workspaceId: string | null },
): Promise<NewSessionResult> {
  const token = randomToken();
  const csrfToken = randomToken();
  const now = deps.now();
  const expiresAt = new Date(now.getTime() + SESSION_TTL_MS);
  await deps.db.insert(sessions).values({
    id: await sha256Hex(token),
    userId: input.userId,
    workspaceId: input.workspaceId,
    csrfToken,
    createdAt: now,
    expiresAt,
    lastSeenAt: now,
  });
  return { token, csrfToken, expiresAt };
}
