import { inArray } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { rowsByIdChunks } from '@/db/id-chunks';
import { rowsInWorkspace } from '@/db/in-workspace';
import { type TasksetTask, tasksetTasks } from '@/db/schema';

/** The workspace's taskset tasks with these ids, by id; an id of no such task is left out. */
export async function tasksById(
  ctx: Pick<Ctx, 'db' | 'workspaceId'>,
  ids: readonly string[],
): Promise<Map<string, TasksetTask>> {
  const rows = await rowsByIdChunks([...new Set(ids)], (chunk) =>
    rowsInWorkspace(ctx, tasksetTasks, [inArray(tasksetTasks.id, chunk)]),
  );
  return new Map(rows.map((row) => [row.id, row]));
}
