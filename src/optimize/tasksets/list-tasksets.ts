import { z } from '@hono/zod-openapi';
import { and, asc, desc, eq, max } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { keyedService, service } from '@/core/service';
import { inWorkspace, rowsInWorkspace } from '@/db/in-workspace';
import { eqWhenGiven } from '@/db/list-filters';
import { SPLITS, tasksets, tasksetTasks } from '@/db/schema';
import { getTasksetOrThrow } from './get-taskset-or-throw';
import {
  type TasksetTaskView,
  type TasksetView,
  toTasksetTaskView,
  toTasksetView,
} from './taskset-views';

export const ListTasksetsQuery = z.strictObject({
  agentId: z.string().min(1).max(100).optional(),
});

/** Each taskset's latest version, most recently changed first. */
export const listTasksets = service(
  ListTasksetsQuery,
  async (ctx, parsed): Promise<TasksetView[]> => {
    const scope = inWorkspace(ctx, tasksets, [eqWhenGiven(tasksets.agentId, parsed.agentId)]);
    const latest = ctx.db
      .select({ familyId: tasksets.familyId, version: max(tasksets.version).as('latest') })
      .from(tasksets)
      .where(scope)
      .groupBy(tasksets.familyId)
      .as('latest');
    const rows = await ctx.db
      .select({ row: tasksets })
      .from(tasksets)
      .innerJoin(
        latest,
        and(eq(latest.familyId, tasksets.familyId), eq(latest.version, tasksets.version)),
      )
      .where(scope)
      .orderBy(desc(tasksets.updatedAt), desc(tasksets.id));
    return Promise.all(rows.map(({ row }) => toTasksetView(ctx, row)));
  },
);

/** One taskset version with every version of its family (newest first). */
export async function getTaskset(
  ctx: Ctx,
  id: string,
): Promise<{ taskset: TasksetView; versions: TasksetView[] }> {
  const row = await getTasksetOrThrow(ctx, id);
  const family = await rowsInWorkspace(ctx, tasksets, [
    eq(tasksets.familyId, row.familyId),
  ]).orderBy(desc(tasksets.version));
  return {
    taskset: await toTasksetView(ctx, row),
    versions: await Promise.all(family.map((v) => toTasksetView(ctx, v))),
  };
}

export const ListTasksetTasksQuery = z.strictObject({
  split: z.enum([...SPLITS, 'none']).optional(),
});

/** The tasks of one taskset version in order, optionally one split ('none': unsplit). */
export const listTasksetTasks = keyedService(
  ListTasksetTasksQuery,
  async (ctx, id, parsed): Promise<TasksetTaskView[]> => {
    await getTasksetOrThrow(ctx, id);
    const rows = await rowsInWorkspace(ctx, tasksetTasks, [eq(tasksetTasks.tasksetId, id)]).orderBy(
      asc(tasksetTasks.position),
      asc(tasksetTasks.id),
    );
    return rows
      .filter((r) => !parsed.split || (r.split ?? 'none') === parsed.split)
      .map(toTasksetTaskView);
  },
);
