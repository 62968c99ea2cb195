import { eq } from 'drizzle-orm';
import { inWorkspace } from '@/db/in-workspace';
import { evals, refinementHistory } from '@/db/schema';
import { classifyJobError } from '@/jobs/classify-job-error';
import type { JobCtx, JobHandler } from '@/jobs/job-handler';
import { resolveThresholds } from '../alert-thresholds';
import { cooldownMs, readCooldown, writeCooldown } from './cooldown';

/**
 * Wraps the `eval.refine` handler (the evals feature's refinement, which records its outcome in
 * refinement_history) with auto-refine's cooldown: a proposal resets the failure count; a
 * rejection or failure doubles the wait before the next automatic try. A retryable error with
 * attempts left is rethrown untouched so the job retries; a final one marks the row failed.
 */
export function withRefineCooldown(inner: JobHandler<'eval.refine'>): JobHandler<'eval.refine'> {
  return async (ctx, payload) => {
    try {
      ctx.progress({ percent: 5, message: `refining ${payload.evalId} (${payload.trigger})` });
      const result = await inner(ctx, payload);
      const outcome = await settle(ctx, payload.evalId, payload.refinementId);
      ctx.progress({ percent: 100, message: describeOutcome(outcome) });
      return result;
    } catch (error) {
      const classified = classifyJobError(error);
      if (!classified.retryable || ctx.job.attempt >= ctx.job.maxAttempts || ctx.isCancelled()) {
        await markFailedIfRunning(ctx, payload.refinementId, classified.message);
        await settle(ctx, payload.evalId, payload.refinementId);
      }
      throw error;
    }
  };
}

function describeOutcome(row: { status: string; toEvalId: string | null } | undefined): string {
  if (row?.status === 'proposed') {
    return `proposed ${row.toEvalId} for review (never activated automatically)`;
  }
  return row?.status === 'rejected'
    ? 'no candidate beat the current version on held-out folds'
    : `refinement ${row?.status ?? 'finished'}`;
}

async function markFailedIfRunning(ctx: JobCtx, refinementId: string, reason: string) {
  await ctx.db
    .update(refinementHistory)
    .set({ status: 'failed', outcome: { reason }, finishedAt: ctx.now() })
    .where(
      inWorkspace(ctx, refinementHistory, [
        eq(refinementHistory.id, refinementId),
        eq(refinementHistory.status, 'running'),
      ]),
    );
}

async function settle(ctx: JobCtx, evalId: string, refinementId: string) {
  const [row] = await ctx.db
    .select({
      status: refinementHistory.status,
      toEvalId: refinementHistory.toEvalId,
      agentId: evals.agentId,
      name: evals.name,
      thresholds: evals.alertThresholds,
    })
    .from(refinementHistory)
    .innerJoin(evals, eq(evals.id, evalId))
    .where(inWorkspace(ctx, refinementHistory, [eq(refinementHistory.id, refinementId)]));
  if (!row || row.status === 'running') {
    return row;
  }
  const key = { workspaceId: ctx.workspaceId, agentId: row.agentId, evalName: row.name };
  const hours = resolveThresholds(row.thresholds).autoRefineCooldownHours;
  const succeeded = row.status === 'proposed' || row.status === 'accepted';
  const failures = succeeded ? 0 : ((await readCooldown(ctx, key))?.consecutiveFailures ?? 0) + 1;
  await writeCooldown(ctx, key, {
    consecutiveFailures: failures,
    lastOutcome: row.status,
    nextAllowedAt: new Date(ctx.now().getTime() + cooldownMs(hours, failures)),
  });
  return row;
}
