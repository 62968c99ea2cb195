import type { Ctx } from '@/core/context';
import { getOrThrow } from '@/db/in-workspace';
import { type TaskMetadata, taskMetadata } from '@/db/schema';

/** The task in the ctx's workspace, or NOT_FOUND (also for another workspace's id). */
export function getTaskOrThrow(
  ctx: Pick<Ctx, 'db' | 'workspaceId'>,
  id: string,
): Promise<TaskMetadata> {
  return getOrThrow(ctx, taskMetadata, 'task', id);
}
