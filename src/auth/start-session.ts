import { asc, eq } from 'drizzle-orm';
import type { Deps } from '@/core/context';
import { memberships } from '@/db/schema';
import { createSession, type NewSessionResult } from './create-session';

/** Starts a session for `userId` in their oldest workspace (the session can switch later). */
export async function startSession(
  deps: Pick<Deps, 'db' | 'now'>,
  userId: string,
): Promise<NewSessionResult & { workspaceId: string | null }> {
  const [first] = await deps.db
    .select({ workspaceId: memberships.workspaceId })
    .from(memberships)
    .where(eq(memberships.userId, userId))
    .orderBy(asc(memberships.createdAt))
    .limit(1);
  const workspaceId = first?.workspaceId ?? null;
  return { ...(await createSession(deps, { userId, workspaceId })), workspaceId };
}
