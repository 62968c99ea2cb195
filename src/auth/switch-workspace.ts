import { and, eq } from 'drizzle-orm';
import type { Deps } from '@/core/context';
import { notFound } from '@/core/errors';
import { memberships, sessions } from '@/db/schema';

/** Points a session at another of the user's workspaces; NOT_FOUND when not a member. */
export async function switchWorkspace(
  deps: Pick<Deps, 'db'>,
  input: { sessionId: string; userId: string; workspaceId: string },
): Promise<void> {
  const [member] = await deps.db
    .select({ role: memberships.role })
    .from(memberships)
    .where(
      and(eq(memberships.workspaceId, input.workspaceId), eq(memberships.userId, input.userId)),
    )
    .limit(1);
  if (!member) {
    throw notFound('workspace', input.workspaceId);
  }
  await deps.db
    .update(sessions)
    .set({ workspaceId: input.workspaceId })
    .where(eq(sessions.id, input.sessionId));
}
