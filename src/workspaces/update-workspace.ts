import { z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { assertRole } from '@/auth/assert-role';
import type { Ctx } from '@/core/context';
import { workspaces } from '@/db/schema';
import { getWorkspace } from './get-workspace';
import type { WorkspaceView } from './workspace-view';

export const UpdateWorkspaceInput = z
  .strictObject({ name: z.string().trim().min(1).max(100) })
  .openapi('UpdateWorkspaceInput');

/** Renames the ctx's workspace (owners only). */
export async function updateWorkspace(
  ctx: Ctx,
  input: z.input<typeof UpdateWorkspaceInput>,
): Promise<WorkspaceView> {
  assertRole(ctx, 'owner');
  const { name } = UpdateWorkspaceInput.parse(input);
  await ctx.db
    .update(workspaces)
    .set({ name, updatedAt: ctx.now() })
    .where(eq(workspaces.id, ctx.workspaceId));
  return getWorkspace(ctx);
}
