import { asc } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { rowsInWorkspace } from '@/db/in-workspace';
import { type Tool, tools } from '@/db/schema';

/** Every tool of the workspace, by name (a workspace has tens of tools, not thousands). */
export async function listTools(ctx: Pick<Ctx, 'db' | 'workspaceId'>): Promise<Tool[]> {
  return rowsInWorkspace(ctx, tools).orderBy(asc(tools.name));
}
