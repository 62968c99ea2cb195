import { eq } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { notFound } from '@/core/errors';
import { inWorkspace } from '@/db/in-workspace';
import { type TaskMetadata, taskMetadata } from '@/db/schema';

/** The task in the ctx's workspace, or NOT_FOUND (also for another workspace's id). */
export async function getTaskOrThrow(
  ctx: Pick<Ctx, 'db' | 'workspaceId'>,
  id: string,
): Promise<TaskMetadata> {
  const [row] = await ctx.db
    .select()
    .from(taskMetadata)
    .where(inWorkspace(ctx, taskMetadata, [eq(taskMetadata.id, id)]))
    .limit(1);
  if (!row) {
    throw notFound('task', id);
  }
  return row;
}
