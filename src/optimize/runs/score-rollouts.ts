import { eq, inArray } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { idChunks } from '@/db/id-chunks';
import { inWorkspace, selectInWorkspace } from '@/db/in-workspace';
import { evalExecutions, evals, rolloutResults } from '@/db/schema';
import { writeBatch } from '@/db/write-batch';
import { runEvalVersion } from '@/evals/runs/run-eval-version';

/** One eval's verdict on one rollout; `passed` is null when the eval errored on it. */
export type EvalVerdict = { passed: boolean | null; reason: string };
export type RolloutScore = { score: number | null; verdicts: Record<string, EvalVerdict> };

/** The agent's active evals (one version per name). */
export async function activeEvalsOf(ctx: Ctx, agentId: string) {
  return selectInWorkspace(ctx, evals, { id: evals.id, name: evals.name }, [
    eq(evals.agentId, agentId),
    eq(evals.status, 'active'),
  ]).orderBy(evals.name);
}

/**
 * Runs each active eval of the agent over the rollouts' traces still unscored (one sandbox call
 * per eval for up to 200 traces; executions stored as for any trace), then scores every given
 * rollout: the share of its evals that passed (errors left out; null when none judged it). The
 * scores go to `rollout_results` and come back with each eval's verdict and reason.
 */
export async function scoreRollouts(
  ctx: Ctx,
  agentId: string,
  rollouts: { id: string; traceId: string; score: number | null }[],
  signal?: AbortSignal,
): Promise<Map<string, RolloutScore>> {
  const scores = new Map<string, RolloutScore>();
  if (rollouts.length === 0) {
    return scores;
  }
  const active = await activeEvalsOf(ctx, agentId);
  const unscored = rollouts.filter((r) => r.score === null).map((r) => r.traceId);
  if (unscored.length > 0) {
    for (const target of active) {
      await runEvalVersion(ctx, { evalId: target.id, traceIds: unscored }, { signal });
    }
  }
  const names = new Map(active.map((e) => [e.id, e.name]));
  const byTrace = new Map<string, Record<string, EvalVerdict>>();
  for (const chunk of idChunks(
    rollouts.map((r) => r.traceId),
    Math.max(1, 90 - names.size),
  )) {
    const rows = active.length
      ? await selectInWorkspace(
          ctx,
          evalExecutions,
          {
            evalId: evalExecutions.evalId,
            traceId: evalExecutions.traceId,
            status: evalExecutions.status,
            reason: evalExecutions.reason,
            error: evalExecutions.error,
          },
          [
            inArray(evalExecutions.traceId, chunk),
            inArray(evalExecutions.evalId, [...names.keys()]),
          ],
        )
      : [];
    for (const row of rows) {
      const verdicts = byTrace.get(row.traceId) ?? {};
      verdicts[names.get(row.evalId) ?? row.evalId] =
        row.status === 'error'
          ? { passed: null, reason: `error: ${row.error?.message ?? 'the eval failed'}` }
          : { passed: row.status === 'pass', reason: row.reason };
      byTrace.set(row.traceId, verdicts);
    }
  }
  const updates = rollouts.map((r) => {
    const verdicts = byTrace.get(r.traceId) ?? {};
    const judged = Object.values(verdicts).filter((v) => v.passed !== null);
    const score = judged.length ? judged.filter((v) => v.passed).length / judged.length : null;
    scores.set(r.id, { score, verdicts });
    const evalScores = Object.fromEntries(
      Object.entries(verdicts)
        .filter(([, v]) => v.passed !== null)
        .map(([name, v]) => [name, v.passed as boolean]),
    );
    return ctx.db
      .update(rolloutResults)
      .set({ score, evalScores })
      .where(inWorkspace(ctx, rolloutResults, [eq(rolloutResults.id, r.id)]));
  });
  await writeBatch(ctx.db, updates);
  return scores;
}
