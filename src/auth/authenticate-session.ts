import { and, asc, eq, gt } from 'drizzle-orm';
import type { Deps, Role } from '@/core/context';
import { AppError } from '@/core/errors';
import { sha256HexSync } from '@/core/sha256';
import { memberships, sessions } from '@/db/schema';

export type SessionAuth = {
  sessionId: string;
  userId: string;
  csrfToken: string;
  /** Null when the user belongs to no workspace any more. */
  workspace: { id: string; role: Role } | null;
};

/**
 * Resolves a session cookie token, or throws UNAUTHORIZED. When the session's workspace is gone
 * (or the membership was removed) it falls back to the user's oldest membership.
 */
export async function authenticateSession(
  deps: Pick<Deps, 'db' | 'now'>,
  token: string,
): Promise<SessionAuth> {
  const id = sha256HexSync(token);
  const now = deps.now();
  const [session] = await deps.db
    .select()
    .from(sessions)
    .where(and(eq(sessions.id, id), gt(sessions.expiresAt, now)))
    .limit(1);
  if (!session) {
    throw new AppError('UNAUTHORIZED', 'session expired or unknown; sign in again');
  }
  let workspace: SessionAuth['workspace'] = null;
  if (session.workspaceId) {
    const [member] = await deps.db
      .select({ role: memberships.role })
      .from(memberships)
      .where(
        and(
          eq(memberships.workspaceId, session.workspaceId),
          eq(memberships.userId, session.userId),
        ),
      )
      .limit(1);
    workspace = member ? { id: session.workspaceId, role: member.role } : null;
  }
  if (!workspace) {
    const [first] = await deps.db
      .select({ workspaceId: memberships.workspaceId, role: memberships.role })
      .from(memberships)
      .where(eq(memberships.userId, session.userId))
      .orderBy(asc(memberships.createdAt))
      .limit(1);
    workspace = first ? { id: first.workspaceId, role: first.role } : null;
    if (first) {
      await deps.db
        .update(sessions)
        .set({ workspaceId: first.workspaceId })
        .where(eq(sessions.id, id));
    }
  }
  return { sessionId: id, userId: session.userId, csrfToken: session.csrfToken, workspace };
}
