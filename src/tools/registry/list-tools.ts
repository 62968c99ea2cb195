import { asc, eq } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { type Tool, tools } from '@/db/schema';

/** Every tool of the workspace, by name (a workspace has tens of tools, not thousands). */
export async function listTools(ctx: Pick<Ctx, 'db' | 'workspaceId'>): Promise<Tool[]> {
  return ctx.db
    .select()
    .from(tools)
    .where(eq(tools.workspaceId, ctx.workspaceId))
    .orderBy(asc(tools.name));
}
