import { z } from '@hono/zod-openapi';
import { asc, eq } from 'drizzle-orm';
import type { Deps } from '@/core/context';
import { notFound } from '@/core/errors';
import { MEMBER_ROLES, memberships, workspaces } from '@/db/schema';
import { findUserView, UserView } from './user-view';

const WorkspaceMembershipView = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  role: z.enum(MEMBER_ROLES),
});

export const SessionView = z
  .object({
    user: UserView,
    workspace: WorkspaceMembershipView.nullable(),
    workspaces: z.array(WorkspaceMembershipView),
    csrfToken: z.string().openapi({ description: 'Send as `x-csrf-token` on every mutation' }),
  })
  .openapi('Session');
export type SessionView = z.infer<typeof SessionView>;

/** The signed-in user, the workspaces they can switch to, and the CSRF token for mutations. */
export async function getSessionView(
  deps: Pick<Deps, 'db'>,
  input: { userId: string; workspaceId: string | null; csrfToken: string },
): Promise<SessionView> {
  const user = await findUserView(deps.db, input.userId);
  if (!user) {
    throw notFound('user', input.userId);
  }
  const list = await deps.db
    .select({
      id: workspaces.id,
      name: workspaces.name,
      slug: workspaces.slug,
      role: memberships.role,
    })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(eq(memberships.userId, input.userId))
    .orderBy(asc(memberships.createdAt), asc(workspaces.id));
  const workspace = list.find((w) => w.id === input.workspaceId) ?? null;
  return { user, workspace, workspaces: list, csrfToken: input.csrfToken };
}
