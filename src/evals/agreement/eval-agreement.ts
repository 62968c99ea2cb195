import { and, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { evalExecutions, traces } from '@/db/schema';
import { getEvalOrThrow } from '../internal';
import { type Agreement, agreementFromCounts } from '../metrics/compute-agreement';
import type { ConfusionCounts } from '../metrics/confusion';

const cell = (label: string, status: string) =>
  sql<number>`sum(case when ${traces.label} = ${label} and ${evalExecutions.status} = ${status} then 1 else 0 end)`;

/**
 * Confusion counts per eval version, counted in SQL over covering indexes (no rows into JS).
 * With `traceFilter` (the matrix: one agent's traces, maybe narrowed) the count walks those
 * traces and seeks each one's executions; without it, it walks the versions' executions.
 */
export async function confusionByEval(
  ctx: Pick<Ctx, 'db' | 'workspaceId'>,
  evalIds: string[],
  traceFilter?: SQL,
): Promise<
  Map<string, ConfusionCounts & { executions: number; passes: number; unlabelled: number }>
> {
  if (evalIds.length === 0) {
    return new Map();
  }
  const columns = {
    evalId: evalExecutions.evalId,
    executions: sql<number>`count(*)`,
    passes: sql<number>`sum(case when ${evalExecutions.status} = 'pass' then 1 else 0 end)`,
    tp: cell('positive', 'pass'),
    fn: cell('positive', 'fail'),
    fp: cell('negative', 'pass'),
    tn: cell('negative', 'fail'),
    neutral: sql<number>`sum(case when ${traces.label} = 'neutral' then 1 else 0 end)`,
    errors: sql<number>`sum(case when ${traces.label} in ('positive', 'negative') and ${evalExecutions.status} = 'error' then 1 else 0 end)`,
    unlabelled: sql<number>`sum(case when ${traces.label} is null then 1 else 0 end)`,
  };
  const executionsOf = and(
    eq(evalExecutions.workspaceId, ctx.workspaceId),
    inArray(evalExecutions.evalId, evalIds),
  );
  const rows = traceFilter
    ? // CROSS JOIN fixes the order in SQLite: traces outside, executions sought per trace.
      await ctx.db
        .select(columns)
        .from(traces)
        .crossJoin(evalExecutions)
        .where(
          and(
            eq(traces.workspaceId, ctx.workspaceId),
            traceFilter,
            eq(evalExecutions.traceId, traces.id),
            executionsOf,
          ),
        )
        .groupBy(evalExecutions.evalId)
    : await ctx.db
        .select(columns)
        .from(evalExecutions)
        .innerJoin(traces, eq(traces.id, evalExecutions.traceId))
        .where(executionsOf)
        .groupBy(evalExecutions.evalId);
  return new Map(
    rows.map((r) => [
      r.evalId,
      {
        executions: Number(r.executions),
        passes: Number(r.passes),
        tp: Number(r.tp),
        fn: Number(r.fn),
        fp: Number(r.fp),
        tn: Number(r.tn),
        neutral: Number(r.neutral),
        errors: Number(r.errors),
        unlabelled: Number(r.unlabelled),
      },
    ]),
  );
}

export type EvalAgreement = Agreement & { executions: number; passes: number; unlabelled: number };

/** Agreement of one eval version with the human labels, with 95% intervals and warnings. */
export async function getEvalAgreement(ctx: Ctx, evalId: string): Promise<EvalAgreement> {
  await getEvalOrThrow(ctx, evalId);
  const counts = (await confusionByEval(ctx, [evalId])).get(evalId) ?? {
    executions: 0,
    passes: 0,
    unlabelled: 0,
    tp: 0,
    fp: 0,
    tn: 0,
    fn: 0,
    neutral: 0,
    errors: 0,
  };
  const { executions, passes, unlabelled, ...confusion } = counts;
  return { ...agreementFromCounts(confusion), executions, passes, unlabelled };
}
