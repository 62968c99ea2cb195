import { inArray } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { rowsInWorkspace } from '@/db/in-workspace';
import { type TasksetTask, tasksetTasks } from '@/db/schema';
import { idChunks } from '../tasks/id-chunks';

/** The workspace's taskset tasks with these ids, by id; an id of no such task is left out. */
export async function tasksById(
  ctx: Pick<Ctx, 'db' | 'workspaceId'>,
  ids: readonly string[],
): Promise<Map<string, TasksetTask>> {
  const found = new Map<string, TasksetTask>();
  for (const chunk of idChunks([...new Set(ids)])) {
    const rows = await rowsInWorkspace(ctx, tasksetTasks, [inArray(tasksetTasks.id, chunk)]);
    for (const row of rows) {
      found.set(row.id, row);
    }
  }
  return found;
}
