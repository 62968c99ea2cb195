import { eq, inArray } from 'drizzle-orm';
import { assertCanWrite } from '@/auth/assert-role';
import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';
import { inWorkspace } from '@/db/in-workspace';
import { gepaRuns } from '@/db/schema';
import { queueGepaStep } from './create-gepa-run';
import { getGepaRunOrThrow, toGepaRunView } from './gepa-run-views';

/**
 * Cancels a queued, running or paused run: it is `cancelled` at once; a stage in flight finishes
 * and is saved, and no further stage starts. The best candidate so far stays in the state.
 * CONFLICT for a run already ended.
 */
export async function cancelGepaRun(ctx: Ctx, id: string) {
  assertCanWrite(ctx);
  const run = await getGepaRunOrThrow(ctx, id);
  const [row] = await ctx.db
    .update(gepaRuns)
    .set({ status: 'cancelled', finishedAt: ctx.now(), updatedAt: ctx.now() })
    .where(
      inWorkspace(ctx, gepaRuns, [
        eq(gepaRuns.id, run.id),
        inArray(gepaRuns.status, ['queued', 'running', 'paused']),
      ]),
    )
    .returning();
  if (!row) {
    throw new AppError(
      'CONFLICT',
      `gepa run ${id} is ${run.status}; only a queued, running or paused run can be cancelled`,
    );
  }
  return toGepaRunView(row);
}

/**
 * Resumes a cancelled, paused or failed run from its saved state with a new job (finished
 * rollouts of the interrupted stage are reused). CONFLICT otherwise.
 */
export async function resumeGepaRun(ctx: Ctx, id: string) {
  assertCanWrite(ctx);
  const run = await getGepaRunOrThrow(ctx, id);
  const [row] = await ctx.db
    .update(gepaRuns)
    .set({ status: 'queued', finishedAt: null, error: null, updatedAt: ctx.now() })
    .where(
      inWorkspace(ctx, gepaRuns, [
        eq(gepaRuns.id, run.id),
        inArray(gepaRuns.status, ['cancelled', 'paused', 'failed']),
      ]),
    )
    .returning();
  if (!row) {
    throw new AppError(
      'CONFLICT',
      `gepa run ${id} is ${run.status}; only a cancelled, paused or failed run can be resumed`,
    );
  }
  const jobId = await queueGepaStep(ctx, run.id);
  await ctx.db
    .update(gepaRuns)
    .set({ jobId })
    .where(inWorkspace(ctx, gepaRuns, [eq(gepaRuns.id, run.id)]));
  return toGepaRunView(await getGepaRunOrThrow(ctx, id));
}
