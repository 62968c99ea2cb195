import { z } from '@hono/zod-openapi';
import { count, eq } from 'drizzle-orm';
import { columnFields } from '@/api/column-fields';
import { IsoDate, viewOf } from '@/api/openapi-schemas';
import type { Ctx } from '@/core/context';
import { inWorkspace } from '@/db/in-workspace';
import { type Taskset, type TasksetTask, tasksets, tasksetTasks } from '@/db/schema';
import { latestVersionNumber } from './get-taskset-or-throw';
import { TaskExpectationsInput } from './task-input';

const SplitCounts = z.object({
  train: z.number().int(),
  val: z.number().int(),
  test: z.number().int(),
  none: z.number().int().openapi({ description: 'Tasks not in any split yet' }),
});

export const TasksetView = z
  .object({
    ...columnFields(tasksets, 'id', 'familyId', 'version'),
    latestVersion: z.number().int(),
    ...columnFields(tasksets, 'parentId', 'agentId', 'name', 'description', 'source'),
    ...columnFields(tasksets, 'taskCount', 'splitSeed'),
    splitCounts: SplitCounts,
    frozenAt: IsoDate.nullable().openapi({
      description: 'When a run first used this version; editing it makes the next version',
    }),
    ...columnFields(tasksets, 'createdAt', 'updatedAt'),
  })
  .openapi('Taskset');
export type TasksetView = z.infer<typeof TasksetView>;

export const TasksetTaskView = z
  .object({
    ...columnFields(tasksetTasks, 'id', 'tasksetId', 'position', 'externalId'),
    title: z.string().openapi({ description: 'The first user message, or the scenario reason' }),
    userMessage: z.string(),
    userTurns: z.array(z.string()),
    scenario: z.record(z.string(), z.unknown()).nullable(),
    variables: z.record(z.string(), z.string()),
    expectations: TaskExpectationsInput,
    ...columnFields(tasksetTasks, 'split', 'clusterId', 'sourceTraceId', 'taskMetadataId'),
  })
  .openapi('TasksetTask');
export type TasksetTaskView = z.infer<typeof TasksetTaskView>;

export async function splitCounts(ctx: Pick<Ctx, 'db' | 'workspaceId'>, tasksetId: string) {
  const rows = await ctx.db
    .select({ split: tasksetTasks.split, n: count() })
    .from(tasksetTasks)
    .where(inWorkspace(ctx, tasksetTasks, [eq(tasksetTasks.tasksetId, tasksetId)]))
    .groupBy(tasksetTasks.split);
  const out = { train: 0, val: 0, test: 0, none: 0 };
  for (const r of rows) {
    out[r.split ?? 'none'] = r.n;
  }
  return out;
}

export async function toTasksetView(
  ctx: Pick<Ctx, 'db' | 'workspaceId'>,
  row: Taskset,
): Promise<TasksetView> {
  return viewOf(TasksetView, {
    ...row,
    latestVersion: await latestVersionNumber(ctx, row.familyId),
    splitCounts: await splitCounts(ctx, row.id),
  });
}

/** A display title: the first user message, else the scenario's reason for the call. */
function taskTitle(task: Pick<TasksetTask, 'userMessage' | 'scenario' | 'externalId'>): string {
  const flat = (s: string) => s.replace(/\s+/g, ' ').trim().slice(0, 200);
  if (task.userMessage.trim()) {
    return flat(task.userMessage);
  }
  const instructions = (task.scenario as { instructions?: unknown } | null)?.instructions;
  const reason =
    typeof instructions === 'string'
      ? instructions
      : (instructions as { reason_for_call?: unknown } | undefined)?.reason_for_call;
  if (typeof reason === 'string' && reason.trim()) {
    return flat(reason);
  }
  return task.externalId ? `task ${task.externalId}` : '(no user message)';
}

export function toTasksetTaskView(row: TasksetTask): TasksetTaskView {
  return viewOf(TasksetTaskView, { ...row, title: taskTitle(row) });
}
