import { z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { assertCanWrite } from '@/auth/assert-role';
import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';
import { keyedService } from '@/core/service';
import { conflictOnDuplicate } from '@/db/errors';
import { inWorkspace } from '@/db/in-workspace';
import { type Taskset, type TasksetTask, tasksets } from '@/db/schema';
import { applySplit } from './apply-split';
import { MAX_TASKS_PER_REQUEST, type TasksetWriteResult } from './create-taskset';
import { getTasksetOrThrow, loadTasksetTasks } from './get-taskset-or-throw';
import { planNewTasks, toDesiredTask } from './plan-new-tasks';
import { type DesiredTask, saveTasksetVersion } from './save-taskset-version';
import { SplitInput } from './split-input';
import { TaskInput } from './task-input';
import { type TasksetView, toTasksetView } from './taskset-views';

export const AddTasksInput = z
  .strictObject({ tasks: z.array(TaskInput).min(1).max(MAX_TASKS_PER_REQUEST) })
  .openapi('AddTasksInput');
export const RemoveTasksInput = z
  .strictObject({ taskIds: z.array(z.string().min(1).max(100)).min(1).max(MAX_TASKS_PER_REQUEST) })
  .openapi('RemoveTasksInput');
export const UpdateTasksetInput = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    description: z.string().max(4_000).optional(),
  })
  .openapi('UpdateTasksetInput');

const asDesired = (t: TasksetTask): DesiredTask => ({ ...t });

/** The taskset version being edited (NOT_FOUND for another workspace's id) and its tasks in order. */
async function openForEdit(
  ctx: Ctx,
  id: string,
): Promise<{ taskset: Taskset; current: TasksetTask[] }> {
  const taskset = await getTasksetOrThrow(ctx, id);
  return { taskset, current: await loadTasksetTasks(ctx, id) };
}

/** Adds tasks (duplicates of the taskset's tasks or of each other reported, not inserted). */
export const addTasksetTasks = keyedService(
  AddTasksInput,
  assertCanWrite,
  async (ctx, id, parsed): Promise<TasksetWriteResult> => {
    const { taskset, current } = await openForEdit(ctx, id);
    const kept = current.map(asDesired);
    const { added, duplicates } = planNewTasks(
      kept,
      parsed.tasks.map((t) => toDesiredTask(t)),
    );
    if (added.length === 0) {
      return { taskset: await toTasksetView(ctx, taskset), added: 0, duplicates };
    }
    const saved = await saveTasksetVersion(ctx, taskset, [...kept, ...added]);
    return { taskset: await toTasksetView(ctx, saved), added: added.length, duplicates };
  },
);

/** Removes tasks by id; ids not in this taskset version answer NOT_FOUND and nothing changes. */
export const removeTasksetTasks = keyedService(
  RemoveTasksInput,
  assertCanWrite,
  async (ctx, id, parsed): Promise<TasksetView> => {
    const { taskset, current } = await openForEdit(ctx, id);
    const known = new Set(current.map((t) => t.id));
    const missing = parsed.taskIds.filter((t) => !known.has(t));
    if (missing.length > 0) {
      throw new AppError('NOT_FOUND', `task ${missing[0]} is not in taskset ${id}`, {
        details: { missing: missing.slice(0, 20) },
      });
    }
    const drop = new Set(parsed.taskIds);
    const saved = await saveTasksetVersion(
      ctx,
      taskset,
      current.filter((t) => !drop.has(t.id)).map(asDesired),
    );
    return toTasksetView(ctx, saved);
  },
);

/**
 * Splits the taskset's tasks into train / val / test with a seed (clusters kept whole). The same
 * tasks and seed always give the same split; 422 when train would get fewer than 3 tasks.
 */
export const splitTaskset = keyedService(
  SplitInput,
  assertCanWrite,
  async (ctx, id, parsed): Promise<TasksetView> => {
    const { taskset, current } = await openForEdit(ctx, id);
    const split = applySplit(current.map(asDesired), { seed: parsed.seed, sizes: parsed });
    const saved = await saveTasksetVersion(ctx, taskset, split, { splitSeed: parsed.seed });
    return toTasksetView(ctx, saved);
  },
);

/** Renames or describes a taskset: every version of it (names are not versioned). */
export const updateTaskset = keyedService(
  UpdateTasksetInput,
  assertCanWrite,
  async (ctx, id, parsed): Promise<TasksetView> => {
    const taskset = await getTasksetOrThrow(ctx, id);
    if (parsed.name === undefined && parsed.description === undefined) {
      return toTasksetView(ctx, taskset);
    }
    await conflictOnDuplicate(`this agent already has a taskset named "${parsed.name}"`, () =>
      ctx.db
        .update(tasksets)
        .set({ ...parsed, updatedAt: ctx.now() })
        .where(inWorkspace(ctx, tasksets, [eq(tasksets.familyId, taskset.familyId)])),
    );
    return toTasksetView(ctx, await getTasksetOrThrow(ctx, id));
  },
);
