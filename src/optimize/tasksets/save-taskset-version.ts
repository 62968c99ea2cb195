import { eq, inArray } from 'drizzle-orm';
import type { BatchItem } from 'drizzle-orm/batch';
import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';
import { chunkRows } from '@/db/chunk';
import { isUniqueViolation } from '@/db/errors';
import { idChunks } from '@/db/id-chunks';
import { deleteInWorkspace, inWorkspace } from '@/db/in-workspace';
import {
  type NewTasksetTask,
  type Taskset,
  type TasksetTask,
  tasksets,
  tasksetTasks,
} from '@/db/schema';
import { getTasksetOrThrow, latestVersionNumber, loadTasksetTasks } from './get-taskset-or-throw';

/** A task as an edit wants it: an existing task keeps its `id`; a new one has none. */
export type DesiredTask = Omit<NewTasksetTask, 'id' | 'tasksetId' | 'workspaceId' | 'position'> & {
  id?: string;
};

export type VersionChange = { splitSeed?: number | null };

const SAME_FIELDS = ['split', 'clusterId', 'expectations'] as const;

/**
 * Writes an edit of a taskset as its tasks should now be, in one batch. The latest version, while
 * no run has used it (not frozen), changes in place; otherwise the edit becomes the next version
 * of the family (a copy with the change), so a run's frozen copy never changes under it.
 */
export async function saveTasksetVersion(
  ctx: Ctx,
  taskset: Taskset,
  desired: DesiredTask[],
  change: VersionChange = {},
): Promise<Taskset> {
  const latest = await latestVersionNumber(ctx, taskset.familyId);
  const inPlace = !taskset.frozenAt && taskset.version === latest;
  const now = ctx.now();
  const statements: BatchItem<'sqlite'>[] = [];
  let target = taskset.id;
  if (inPlace) {
    statements.push(...(await inPlaceChanges(ctx, taskset, desired)));
    statements.push(
      ctx.db
        .update(tasksets)
        .set({
          taskCount: desired.length,
          updatedAt: now,
          ...(change.splitSeed === undefined ? {} : { splitSeed: change.splitSeed }),
        })
        .where(inWorkspace(ctx, tasksets, [eq(tasksets.id, taskset.id)])),
    );
  } else {
    target = ctx.newId('tset');
    statements.push(
      ctx.db.insert(tasksets).values({
        ...taskset,
        id: target,
        version: latest + 1,
        parentId: taskset.id,
        taskCount: desired.length,
        splitSeed: change.splitSeed === undefined ? taskset.splitSeed : change.splitSeed,
        frozenAt: null,
        createdAt: now,
        updatedAt: now,
      }),
      ...insertTasks(
        ctx,
        target,
        desired.map((t, position) => ({ ...t, id: undefined, position })),
      ),
    );
  }
  try {
    await ctx.db.batch(statements as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('CONFLICT', `taskset "${taskset.name}" changed meanwhile; load it again`, {
        cause: error,
      });
    }
    throw error;
  }
  return getTasksetOrThrow(ctx, target);
}

async function inPlaceChanges(
  ctx: Ctx,
  taskset: Taskset,
  desired: DesiredTask[],
): Promise<BatchItem<'sqlite'>[]> {
  const current = new Map((await loadTasksetTasks(ctx, taskset.id)).map((t) => [t.id, t]));
  const keep = new Set(desired.flatMap((t) => (t.id ? [t.id] : [])));
  const removed = [...current.keys()].filter((id) => !keep.has(id));
  const out: BatchItem<'sqlite'>[] = [];
  for (const chunk of idChunks(removed)) {
    out.push(deleteInWorkspace(ctx, tasksetTasks, [inArray(tasksetTasks.id, chunk)]));
  }
  const added: (DesiredTask & { position: number })[] = [];
  desired.forEach((task, position) => {
    const stored = task.id ? current.get(task.id) : undefined;
    if (!stored) {
      added.push({ ...task, id: undefined, position });
    } else if (changed(stored, task, position)) {
      out.push(
        ctx.db
          .update(tasksetTasks)
          .set({
            split: task.split ?? null,
            clusterId: task.clusterId ?? null,
            position,
            expectations: task.expectations ?? {},
          })
          .where(inWorkspace(ctx, tasksetTasks, [eq(tasksetTasks.id, stored.id)])),
      );
    }
  });
  out.push(...insertTasks(ctx, taskset.id, added));
  return out;
}

function changed(stored: TasksetTask, task: DesiredTask, position: number): boolean {
  if (stored.position !== position) {
    return true;
  }
  return SAME_FIELDS.some(
    (key) =>
      JSON.stringify(stored[key] ?? null) !==
      JSON.stringify(task[key] ?? (key === 'expectations' ? {} : null)),
  );
}

function insertTasks(
  ctx: Ctx,
  tasksetId: string,
  tasks: (DesiredTask & { position: number })[],
): BatchItem<'sqlite'>[] {
  const now = ctx.now();
  const rows: NewTasksetTask[] = tasks.map((t) => ({
    id: ctx.newId('tsk'),
    workspaceId: ctx.workspaceId,
    tasksetId,
    taskMetadataId: t.taskMetadataId ?? null,
    sourceTraceId: t.sourceTraceId ?? null,
    externalId: t.externalId ?? null,
    userMessage: t.userMessage,
    userTurns: t.userTurns ?? [],
    scenario: t.scenario ?? null,
    variables: t.variables ?? {},
    expectations: t.expectations ?? {},
    split: t.split ?? null,
    clusterId: t.clusterId ?? null,
    contentHash: t.contentHash,
    position: t.position,
    createdAt: now,
  }));
  return chunkRows(ctx.db, rows, tasksetTasks).map((chunk) =>
    ctx.db.insert(tasksetTasks).values(chunk),
  );
}
