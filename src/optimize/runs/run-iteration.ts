import { and, eq, inArray } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { notFound } from '@/core/errors';
import { inWorkspace, rowsInWorkspace } from '@/db/in-workspace';
import {
  type PromptIteration,
  promptIterations,
  type RunConfig,
  type TasksetRun,
} from '@/db/schema';

/** The iteration of the ctx's workspace and this agent, or NOT_FOUND. */
export async function getIterationOrThrow(
  ctx: Pick<Ctx, 'db' | 'workspaceId'>,
  agentId: string,
  id: string,
): Promise<PromptIteration> {
  const [row] = await rowsInWorkspace(ctx, promptIterations, [
    eq(promptIterations.agentId, agentId),
    eq(promptIterations.id, id),
  ]);
  if (!row) {
    throw notFound('prompt iteration of this agent', id);
  }
  return row;
}

/** The iteration statuses a run may change: a rejected or promoted iteration keeps its own. */
const FOLLOWING: PromptIteration['status'][] = ['proposed', 'running', 'evaluated'];

const iterationStatusOf = (run: TasksetRun['status']): PromptIteration['status'] =>
  run === 'queued' || run === 'running' || run === 'paused'
    ? 'running'
    : run === 'succeeded' || run === 'stopped'
      ? 'evaluated'
      : 'proposed';

/**
 * The prompt iteration a run measures (`config.promptIterationId`) follows the run's status:
 * queued, running or paused → `running`; succeeded or stopped → `evaluated`, with the run's mean score as
 * its `val` or `test` score; failed or cancelled → `proposed` again (nothing was measured).
 */
export async function followIteration(
  ctx: Pick<Ctx, 'db' | 'workspaceId'>,
  run: { config: RunConfig; status: TasksetRun['status']; summary?: Record<string, number> },
) {
  const id = run.config.promptIterationId;
  if (!id) {
    return;
  }
  const mine = inWorkspace(ctx, promptIterations, [eq(promptIterations.id, id)]);
  const [row] = await ctx.db.select().from(promptIterations).where(mine);
  if (!row) {
    return;
  }
  const status = iterationStatusOf(run.status);
  const split = run.config.split;
  const score = run.summary?.meanScore;
  const scores =
    status === 'evaluated' && score !== undefined && (split === 'val' || split === 'test')
      ? { ...row.scores, [split]: score }
      : row.scores;
  await ctx.db
    .update(promptIterations)
    .set({ status, scores })
    .where(and(mine, inArray(promptIterations.status, FOLLOWING)));
}
