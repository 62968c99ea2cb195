import { eq, isNull } from 'drizzle-orm';
import { assertCanWrite } from '@/auth/assert-role';
import type { Ctx } from '@/core/context';
import { inWorkspace } from '@/db/in-workspace';
import { type Taskset, type TasksetTask, tasksets } from '@/db/schema';
import { getTasksetOrThrow, loadTasksetTasks } from './get-taskset-or-throw';
import type { SplitRow } from './split-tasks';
import { type TasksetView, toTasksetView } from './taskset-views';

export type FrozenTaskset = {
  taskset: Taskset;
  /** Every task of the version, in taskset order. */
  tasks: TasksetTask[];
  /** The stored split (tasks with none are left out), by split then position in it. */
  splits: SplitRow[];
};

/**
 * A taskset version for a run: freezes it first (from then on an edit makes the next version, so
 * this copy never changes), then returns its tasks and their stored split. Idempotent. NOT_FOUND
 * for another workspace's id. For a fresh seeded split, pass `tasks` to `splitTasks`.
 */
export async function loadFrozenTaskset(ctx: Ctx, tasksetId: string): Promise<FrozenTaskset> {
  assertCanWrite(ctx);
  await getTasksetOrThrow(ctx, tasksetId);
  await ctx.db
    .update(tasksets)
    .set({ frozenAt: ctx.now() })
    .where(inWorkspace(ctx, tasksets, [eq(tasksets.id, tasksetId), isNull(tasksets.frozenAt)]));
  const taskset = await getTasksetOrThrow(ctx, tasksetId);
  const tasks = await loadTasksetTasks(ctx, tasksetId);
  const order = { train: 0, val: 1, test: 2 } as const;
  const splits: SplitRow[] = [];
  const positions = { train: 0, val: 0, test: 0 };
  for (const task of tasks) {
    if (task.split) {
      splits.push({ taskId: task.id, split: task.split, position: positions[task.split]++ });
    }
  }
  splits.sort((a, b) => order[a.split] - order[b.split] || a.position - b.position);
  return { taskset, tasks, splits };
}

/** Freezes a taskset version as a run would (idempotent) and answers it. */
export async function freezeTaskset(ctx: Ctx, tasksetId: string): Promise<TasksetView> {
  return toTasksetView(ctx, (await loadFrozenTaskset(ctx, tasksetId)).taskset);
}
