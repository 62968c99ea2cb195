import { asc, eq } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { memberships, workspaces } from '@/db/schema';
import { getWorkspace } from './get-workspace';
import { toWorkspaceView, type WorkspaceView } from './workspace-view';

/** A person sees every workspace they belong to; a key (bound to one workspace) sees only its own. */
export async function listWorkspaces(ctx: Ctx): Promise<WorkspaceView[]> {
  if (ctx.actor.type !== 'user') {
    return [await getWorkspace(ctx)];
  }
  const rows = await ctx.db
    .select({ workspace: workspaces })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(eq(memberships.userId, ctx.actor.userId))
    .orderBy(asc(memberships.createdAt), asc(workspaces.id));
  return rows.map((r) => toWorkspaceView(r.workspace));
}
