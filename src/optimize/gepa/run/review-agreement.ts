import { z } from '@hono/zod-openapi';
import { eq, inArray } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { inWorkspace, sameWorkspaceRow, selectInWorkspace } from '@/db/in-workspace';
import { evalExecutions, evals, type GepaRun, traces } from '@/db/schema';
import { AgreementView } from '@/evals/api/result-views';
import { computeAgreement } from '@/evals/metrics/compute-agreement';
import type { HumanLabel, Judgement } from '@/evals/metrics/confusion';
import type { GepaTestReport } from './gepa-report-view';
import { GepaRunView, getGepaRunOrThrow, runConfig, toGepaRunView } from './gepa-run-views';

/** The run's evals against the labels people gave the winner's test rollouts in its queue. */
export const ReviewAgreement = z
  .object({
    queueId: z.string().nullable(),
    traces: z.number().int().openapi({ description: "The winner's test rollouts in the queue" }),
    labelled: z.number().int().openapi({ description: 'How many of them are labelled so far' }),
    evals: z.array(
      z.object({
        eval: z.string(),
        role: z.enum(['reward', 'shadow']),
        agreement: AgreementView,
      }),
    ),
  })
  .openapi('GepaReviewAgreement');
export type ReviewAgreement = z.infer<typeof ReviewAgreement>;

/** A run as `GET /v1/gepa-runs/{id}` shows it: the view plus the review queue's agreement. */
export const GepaRunDetail = GepaRunView.extend({
  reviewAgreement: ReviewAgreement.nullable().openapi({
    description: "Reward and shadow evals against the labels given to the winner's test rollouts",
  }),
}).openapi('GepaRunDetail');
export type GepaRunDetail = z.infer<typeof GepaRunDetail>;

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
    .innerJoin(evals, sameWorkspaceRow(evals, evalExecutions, evalExecutions.evalId))
    .where(
      inWorkspace(ctx, evalExecutions, [
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
  const labelRows = await selectInWorkspace(ctx, traces, { id: traces.id, label: traces.label }, [
    inArray(traces.id, traceIds),
  ]);
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

export async function getGepaRunDetail(ctx: Ctx, id: string): Promise<GepaRunDetail> {
  const run = await getGepaRunOrThrow(ctx, id);
  return { ...toGepaRunView(run), reviewAgreement: await reviewAgreement(ctx, run) };
}
