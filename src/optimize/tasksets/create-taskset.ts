import { z } from '@hono/zod-openapi';
import type { BatchItem } from 'drizzle-orm/batch';
import { getAgentOrThrow } from '@/agents/get-agent-or-throw';
import { assertCanWrite } from '@/auth/assert-role';
import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';
import { service } from '@/core/service';
import { chunkRows } from '@/db/chunk';
import { isUniqueViolation } from '@/db/errors';
import { type NewTasksetTask, type TASKSET_SOURCES, tasksets, tasksetTasks } from '@/db/schema';
import { applySplit } from './apply-split';
import { getTasksetOrThrow } from './get-taskset-or-throw';
import { type DuplicateTask, planNewTasks, toDesiredTask } from './plan-new-tasks';
import type { DesiredTask } from './save-taskset-version';
import { SplitInput } from './split-input';
import { TaskInput } from './task-input';
import { type TasksetView, toTasksetView } from './taskset-views';

export const MAX_TASKS_PER_REQUEST = 5_000;

export const TasksetMeta = z.strictObject({
  agentId: z.string().min(1).max(100),
  name: z.string().trim().min(1).max(200),
  description: z.string().max(4_000).optional(),
});

export const CreateTasksetInput = TasksetMeta.extend({
  tasks: z.array(TaskInput).max(MAX_TASKS_PER_REQUEST).default([]),
  split: SplitInput.optional().openapi({
    description: 'Split the tasks now (seeded, clusters kept whole)',
  }),
}).openapi('CreateTasksetInput');
export type CreateTasksetInput = z.input<typeof CreateTasksetInput>;

export type TasksetWriteResult = {
  taskset: TasksetView;
  added: number;
  duplicates: DuplicateTask[];
};

/** Creates version 1 of a taskset from tasks written by hand (duplicates reported, not inserted). */
export const createTaskset = service(
  CreateTasksetInput,
  async (ctx, parsed): Promise<TasksetWriteResult> => {
    const { added, duplicates } = planNewTasks(
      [],
      parsed.tasks.map((t) => toDesiredTask(t)),
    );
    const split = parsed.split ? SplitInput.parse(parsed.split) : null;
    const tasks = split ? applySplit(added, { seed: split.seed, sizes: split }) : added;
    const taskset = await insertNewTaskset(ctx, {
      ...parsed,
      source: 'manual',
      tasks,
      splitSeed: split?.seed ?? null,
    });
    return { taskset, added: tasks.length, duplicates };
  },
);

/** Inserts a new taskset family (version 1) with its tasks in one batch; CONFLICT on a taken name. */
export async function insertNewTaskset(
  ctx: Ctx,
  input: {
    agentId: string;
    name: string;
    description?: string;
    source: (typeof TASKSET_SOURCES)[number];
    tasks: DesiredTask[];
    splitSeed: number | null;
  },
): Promise<TasksetView> {
  assertCanWrite(ctx);
  await getAgentOrThrow(ctx, input.agentId);
  const id = ctx.newId('tset');
  const now = ctx.now();
  const rows: NewTasksetTask[] = input.tasks.map((t, position) => ({
    ...t,
    id: ctx.newId('tsk'),
    workspaceId: ctx.workspaceId,
    tasksetId: id,
    position,
    createdAt: now,
  }));
  const statements: BatchItem<'sqlite'>[] = [
    ctx.db.insert(tasksets).values({
      id,
      workspaceId: ctx.workspaceId,
      agentId: input.agentId,
      familyId: id,
      version: 1,
      name: input.name,
      description: input.description ?? '',
      source: input.source,
      taskCount: rows.length,
      splitSeed: input.splitSeed,
      createdAt: now,
      updatedAt: now,
    }),
    ...chunkRows(ctx.db, rows, tasksetTasks).map((chunk) =>
      ctx.db.insert(tasksetTasks).values(chunk),
    ),
  ];
  try {
    await ctx.db.batch(statements as [BatchItem<'sqlite'>, ...BatchItem<'sqlite'>[]]);
  } catch (error) {
    if (isUniqueViolation(error)) {
      throw new AppError('CONFLICT', `this agent already has a taskset named "${input.name}"`, {
        cause: error,
      });
    }
    throw error;
  }
  return toTasksetView(ctx, await getTasksetOrThrow(ctx, id));
}
