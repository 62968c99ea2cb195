import { eq, inArray } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { inWorkspace } from '@/db/in-workspace';
import { evalExecutions, evals, type GepaRun, traces } from '@/db/schema';
import { type Agreement, computeAgreement } from '@/evals/metrics/compute-agreement';
import type { HumanLabel, Judgement } from '@/evals/metrics/confusion';
import type { GepaTestReport } from './gepa-report-view';
import { getGepaRunOrThrow, runConfig, toGepaRunView } from './gepa-run-views';

export type EvalReviewAgreement = {
  eval: string;
  role: 'reward' | 'shadow';
  agreement: Agreement;
};

/** The run's evals against the labels people gave the winner's test rollouts in its queue. */
export type ReviewAgreement = {
  queueId: string | null;
  /** Rollouts put in the queue, and how many of them carry a label so far. */
  traces: number;
  labelled: number;
  evals: EvalReviewAgreement[];
};

/** Per eval name and trace, the verdict of its latest execution (any version of that name). */
async function verdictsOn(ctx: Ctx, agentId: string, names: string[], traceIds: string[]) {
  const rows = await ctx.db
    .select({
      name: evals.name,
      traceId: evalExecutions.traceId,
      status: evalExecutions.status,
      executedAt: evalExecutions.executedAt,
    })
    .from(evalExecutions)
    .innerJoin(evals, eq(evals.id, evalExecutions.evalId))
    .where(
      inWorkspace(ctx, evalExecutions, [
        eq(evals.workspaceId, ctx.workspaceId),
        eq(evals.agentId, agentId),
        inArray(evals.name, names),
        inArray(evalExecutions.traceId, traceIds),
      ]),
    );
  const latest = new Map<string, (typeof rows)[number]>();
  for (const row of rows) {
    const key = `${row.name}\u0000${row.traceId}`;
    const seen = latest.get(key);
    if (!seen || row.executedAt > seen.executedAt) {
      latest.set(key, row);
    }
  }
  return (name: string, traceId: string): boolean | null => {
    const status = latest.get(`${name}\u0000${traceId}`)?.status;
    return status === 'pass' ? true : status === 'fail' ? false : null;
  };
}

/**
 * How far the run's reward evals (and shadow evals) agree with the labels given to the winner's
 * test rollouts in the review queue: the loop that made the reward trustworthy, applied to the
 * optimiser's output. Null until the report has put rollouts up for review.
 */
export async function reviewAgreement(ctx: Ctx, run: GepaRun): Promise<ReviewAgreement | null> {
  const report = run.testReport as GepaTestReport | null;
  const traceIds = report?.reviewTraceIds ?? [];
  if (!report || traceIds.length === 0) {
    return null;
  }
  const config = runConfig(run);
  const roles = [
    ...config.rewardEvals.map((name) => ({ name, role: 'reward' as const })),
    ...(config.shadowEvals ?? []).map((name) => ({ name, role: 'shadow' as const })),
  ];
  const labelRows = await ctx.db
    .select({ id: traces.id, label: traces.label })
    .from(traces)
    .where(inWorkspace(ctx, traces, [inArray(traces.id, traceIds)]));
  const labels = labelRows.flatMap((r) => (r.label ? [{ traceId: r.id, label: r.label }] : []));
  const verdict = await verdictsOn(
    ctx,
    run.agentId,
    roles.map((r) => r.name),
    traceIds,
  );
  return {
    queueId: report.reviewQueueId,
    traces: traceIds.length,
    labelled: labels.length,
    evals: roles.map(({ name, role }) => ({
      eval: name,
      role,
      agreement: computeAgreement(
        labels.map(
          (l): Judgement => ({ label: l.label as HumanLabel, verdict: verdict(name, l.traceId) }),
        ),
      ),
    })),
  };
}

/** A run as `GET /v1/gepa-runs/{id}` shows it: the view plus the review queue's agreement. */
export async function getGepaRunDetail(ctx: Ctx, id: string) {
  const run = await getGepaRunOrThrow(ctx, id);
  return { ...toGepaRunView(run), reviewAgreement: await reviewAgreement(ctx, run) };
}
export type GepaRunDetail = Awaited<ReturnType<typeof getGepaRunDetail>>;
