import { z } from '@hono/zod-openapi';
import { eq, inArray } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { isAppError } from '@/core/errors';
import { service } from '@/core/service';
import { inWorkspace } from '@/db/in-workspace';
import {
  type Eval,
  evalExecutions,
  REFINEMENT_TRIGGERS,
  refinementHistory,
  traces,
} from '@/db/schema';
import { getEvalOrThrow } from '../internal';
import { cellState } from '../matrix/get-matrix';
import { runEvalVersion } from '../runs/run-eval-version';
import { type GenerateEvalOptions, type GenerateEvalResult, generateEval } from './generate-eval';
import { agentLabelShortfall } from './load-generation-labels';

const RefineEvalInput = z.object({
  evalId: z.string().min(1),
  trigger: z.enum(REFINEMENT_TRIGGERS).default('manual'),
  alertId: z.string().optional(),
  jobId: z.string().optional(),
  /** Given by a job, so a retried delivery updates the same history row. */
  refinementId: z.string().optional(),
});
export type RefineEvalInput = z.input<typeof RefineEvalInput>;

/**
 * Turns a version's contradictions into a proposed new version: candidates compete with the
 * current code on held-out folds; a new version is created (as a candidate, never activated)
 * only if one beats it. Every refinement is recorded in refinement_history.
 */
export const refineEval = service(
  RefineEvalInput,
  async (
    ctx,
    data,
    options: Omit<GenerateEvalOptions, 'contradictions'> = {},
  ): Promise<GenerateEvalResult & { refinementId: string; contradictions: number }> => {
    const version = await getEvalOrThrow(ctx, data.evalId);
    const refinementId = data.refinementId ?? ctx.newId('ref');
    // the history row, inserted, or on a retried delivery updated with `set`
    const record = (contradictions: number, set: HistoryUpdate) =>
      ctx.db
        .insert(refinementHistory)
        .values({ ...historyRow(ctx, version, { ...data, refinementId }, contradictions), ...set })
        .onConflictDoUpdate({ target: refinementHistory.id, set });
    // The route checks the labels before queueing; a job queued before labels were removed stops
    // here, before running the current version on every labelled trace for nothing.
    const short = await agentLabelShortfall(ctx, version.agentId, 'refine');
    if (short) {
      options.onProgress?.({ percent: 1, message: `stopped: ${short.message}` });
      await record(0, {
        status: 'failed',
        outcome: { reason: short.message },
        finishedAt: ctx.now(),
      });
      throw short;
    }
    // Stages: the current version runs on the labels (0–20%), then a generation (20–100%).
    const running = `running ${version.name} v${version.version} on the labelled traces`;
    options.onProgress?.({ percent: 1, message: running });
    await runEvalVersion(
      ctx,
      { evalId: version.id, onlyLabelled: true, jobId: data.jobId },
      {
        signal: options.signal,
        onProgress: (done, total) =>
          options.onProgress?.({
            percent: Math.round((20 * done) / Math.max(total, 1)),
            message: `${running} (${done} of ${total})`,
          }),
      },
    );
    const verdicts = await ctx.db
      .select({
        traceId: evalExecutions.traceId,
        status: evalExecutions.status,
        label: traces.label,
      })
      .from(evalExecutions)
      .innerJoin(traces, eq(traces.id, evalExecutions.traceId))
      .where(
        inWorkspace(ctx, evalExecutions, [
          eq(evalExecutions.evalId, version.id),
          inArray(traces.label, ['positive', 'negative']),
        ]),
      );
    const contradictions = verdicts
      .filter((v) => ['contradiction', 'error'].includes(cellState(v.label, v.status)))
      .map((v) => v.traceId);
    await record(contradictions.length, {
      status: 'running',
      contradictions: contradictions.length,
    });
    const finish = (set: HistoryUpdate) =>
      ctx.db
        .update(refinementHistory)
        .set({ ...set, finishedAt: ctx.now() })
        .where(inWorkspace(ctx, refinementHistory, [eq(refinementHistory.id, refinementId)]));
    try {
      const result = await generateEval(
        ctx,
        { agentId: version.agentId, parentEvalId: version.id },
        {
          sources: options.sources,
          contradictions,
          signal: options.signal,
          onProgress: (p) =>
            options.onProgress?.({ percent: 20 + Math.round(p.percent * 0.8), message: p.message }),
        },
      );
      const incumbent = result.candidates.find((c) => c.id === 'incumbent');
      const best = result.candidates.find((c) => c.id === result.winner);
      const before = { heldOutKappa: incumbent?.heldOutKappa ?? null };
      const after = { heldOutKappa: best?.heldOutKappa ?? null };
      await finish(
        result.created
          ? {
              status: 'proposed',
              toEvalId: result.created.id,
              outcome: {
                before,
                after,
                reason: `v${result.created.version} beat v${version.version} on held-out folds`,
              },
            }
          : {
              status: 'rejected',
              outcome: {
                before,
                after,
                reason: `no candidate beat v${version.version} on held-out folds`,
              },
            },
      );
      return { ...result, refinementId, contradictions: contradictions.length };
    } catch (error) {
      await finish({
        status: 'failed',
        outcome: { reason: isAppError(error) ? error.message : 'refinement failed' },
      });
      throw error;
    }
  },
);

type HistoryUpdate = Partial<typeof refinementHistory.$inferInsert>;

/** The refinement_history row of a refinement of `version`, before its status. */
function historyRow(
  ctx: Ctx,
  version: Eval,
  data: z.output<typeof RefineEvalInput> & { refinementId: string },
  contradictions: number,
) {
  return {
    id: data.refinementId,
    workspaceId: ctx.workspaceId,
    agentId: version.agentId,
    evalName: version.name,
    fromEvalId: version.id,
    trigger: data.trigger,
    alertId: data.alertId ?? null,
    jobId: data.jobId ?? null,
    contradictions,
    createdAt: ctx.now(),
  };
}
