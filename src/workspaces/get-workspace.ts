import { eq } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { notFound } from '@/core/errors';
import { workspaces } from '@/db/schema';
import { toWorkspaceView, type WorkspaceView } from './workspace-view';

/** The ctx's own workspace. */
export async function getWorkspace(ctx: Ctx): Promise<WorkspaceView> {
  const [row] = await ctx.db
    .select()
    .from(workspaces)
    .where(eq(workspaces.id, ctx.workspaceId))
    .limit(1);
  if (!row) {
    throw notFound('workspace', ctx.workspaceId);
  }
  return toWorkspaceView(row);
}
