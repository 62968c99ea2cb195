import { eq } from 'drizzle-orm';
import { assertCanWrite } from '@/auth/assert-role';
import type { Ctx } from '@/core/context';
import { inWorkspace } from '@/db/in-workspace';
import { type GepaRun, gepaRuns } from '@/db/schema';
import { runStatusConflict } from '../../runs/run-status-conflict';
import { queueGepaStep } from './create-gepa-run';
import { getGepaRunOrThrow, toGepaRunView } from './gepa-run-views';
import { setGepaRunStatus } from './set-gepa-run-status';

/** Updates the run while its status is one of `from`; CONFLICT naming the action otherwise. */
async function moveGepaRun(
  ctx: Ctx,
  id: string,
  from: GepaRun['status'][],
  set: Partial<GepaRun> & Pick<GepaRun, 'status'>,
  done: string,
): Promise<GepaRun> {
  const run = await getGepaRunOrThrow(ctx, id);
  const row = await setGepaRunStatus(ctx, run.id, from, set);
  if (!row) {
    throw runStatusConflict({ kind: 'gepa run', id, status: run.status }, from, done);
  }
  return row;
}

/**
 * Cancels a queued, running or paused run: it is `cancelled` at once; a stage in flight finishes
 * and is saved, and no further stage starts. The best candidate so far stays in the state.
 * CONFLICT for a run already ended.
 */
export async function cancelGepaRun(ctx: Ctx, id: string) {
  assertCanWrite(ctx);
  const row = await moveGepaRun(
    ctx,
    id,
    ['queued', 'running', 'paused'],
    { status: 'cancelled', finishedAt: ctx.now() },
    'cancelled',
  );
  return toGepaRunView(row);
}

/**
 * Resumes a cancelled, paused or failed run from its saved state with a new job (finished
 * rollouts of the interrupted stage are reused). CONFLICT otherwise.
 */
export async function resumeGepaRun(ctx: Ctx, id: string) {
  assertCanWrite(ctx);
  const run = await moveGepaRun(
    ctx,
    id,
    ['cancelled', 'paused', 'failed'],
    { status: 'queued', finishedAt: null, error: null },
    'resumed',
  );
  const jobId = await queueGepaStep(ctx, run.id);
  await ctx.db
    .update(gepaRuns)
    .set({ jobId })
    .where(inWorkspace(ctx, gepaRuns, [eq(gepaRuns.id, run.id)]));
  return toGepaRunView(await getGepaRunOrThrow(ctx, id));
}
