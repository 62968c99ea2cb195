import { count, eq, sql } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { selectInWorkspace } from '@/db/in-workspace';
import { type Eval, evalExecutions, traces } from '@/db/schema';
import { enqueueJob } from '@/jobs/enqueue-job';
import { activateEval, rollbackEval } from './set-eval-status';

export type ActivatedEval = {
  version: Eval;
  /** The `eval.execute` job judging the traces this version has no verdict on; null when none. */
  runJobId: string | null;
  notRun: number;
};

/** How many of the agent's traces this version has not judged yet. */
export async function countNotRun(ctx: Ctx, version: Eval): Promise<number> {
  const [row] = await selectInWorkspace(ctx, traces, { n: count() }, [
    eq(traces.agentId, version.agentId),
    sql`not exists (select 1 from ${evalExecutions} where ${evalExecutions.workspaceId} = ${ctx.workspaceId} and ${evalExecutions.evalId} = ${version.id} and ${evalExecutions.traceId} = ${traces.id})`,
  ]);
  return row?.n ?? 0;
}

/**
 * Activates a version (or rolls back to the one before it) and queues a run on every trace of
 * its agent it has not judged yet, so the matrix, metrics and compare show it at once.
 */
export async function activateAndRun(
  ctx: Ctx,
  evalId: string,
  how: 'activate' | 'rollback' = 'activate',
): Promise<ActivatedEval> {
  const version =
    how === 'activate' ? await activateEval(ctx, evalId) : await rollbackEval(ctx, evalId);
  const notRun = await countNotRun(ctx, version);
  if (notRun === 0) {
    return { version, runJobId: null, notRun };
  }
  const job = await enqueueJob(ctx, ctx.workspaceId, 'eval.execute', {
    evalId: version.id,
    onlyNotRun: true,
  });
  return { version, runJobId: job.id, notRun };
}
