import { eq, inArray } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { inWorkspace } from '@/db/in-workspace';
import { type TasksetRun, tasksetRuns } from '@/db/schema';
import { followIteration } from './run-iteration';

type RunChange = Partial<
  Pick<
    TasksetRun,
    'status' | 'summary' | 'costUsd' | 'startedAt' | 'finishedAt' | 'jobId' | 'config'
  >
>;

/**
 * The one place a taskset run's status changes: updates the run (only while its status is one of
 * `from`, when given) and the prompt iteration it measures follows. The updated row, or undefined
 * when the run was not in `from`.
 */
export async function setTasksetRunStatus(
  ctx: Pick<Ctx, 'db' | 'workspaceId'>,
  runId: string,
  set: RunChange & Pick<TasksetRun, 'status'>,
  from?: TasksetRun['status'][],
): Promise<TasksetRun | undefined> {
  const [row] = await ctx.db
    .update(tasksetRuns)
    .set(set)
    .where(
      inWorkspace(ctx, tasksetRuns, [
        eq(tasksetRuns.id, runId),
        from ? inArray(tasksetRuns.status, from) : undefined,
      ]),
    )
    .returning();
  if (row) {
    await followIteration(ctx, row);
  }
  return row;
}
