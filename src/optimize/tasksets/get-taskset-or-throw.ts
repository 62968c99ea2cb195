import { asc, eq, max } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { getOrThrow, rowsInWorkspace, selectInWorkspace } from '@/db/in-workspace';
import { type Taskset, type TasksetTask, tasksets, tasksetTasks } from '@/db/schema';

type Scoped = Pick<Ctx, 'db' | 'workspaceId'>;

/** The taskset version in the ctx's workspace, or NOT_FOUND (also for another workspace's id). */
export function getTasksetOrThrow(ctx: Scoped, id: string): Promise<Taskset> {
  return getOrThrow(ctx, tasksets, 'taskset', id);
}

/** The tasks of one taskset version, in taskset order. */
export async function loadTasksetTasks(ctx: Scoped, tasksetId: string): Promise<TasksetTask[]> {
  return rowsInWorkspace(ctx, tasksetTasks, [eq(tasksetTasks.tasksetId, tasksetId)]).orderBy(
    asc(tasksetTasks.position),
    asc(tasksetTasks.id),
  );
}

/** The highest version number in a taskset's family. */
export async function latestVersionNumber(ctx: Scoped, familyId: string): Promise<number> {
  const [row] = await selectInWorkspace(ctx, tasksets, { version: max(tasksets.version) }, [
    eq(tasksets.familyId, familyId),
  ]);
  return row?.version ?? 0;
}
