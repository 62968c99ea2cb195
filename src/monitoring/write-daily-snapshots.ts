import { and, eq, gte, lt, sql } from 'drizzle-orm';
import type { Deps } from '@/core/context';
import type { NewPerformanceSnapshot, PerformanceSnapshot } from '@/db/schema';
import { evalExecutions, evals, performanceSnapshots, traces } from '@/db/schema';
import { upsertRows } from '@/db/upsert-rows';
import { writeBatch } from '@/db/write-batch';
import { dayBounds } from './utc-day';

const count = (condition: ReturnType<typeof sql>) =>
  sql<number>`coalesce(sum(case when ${condition} then 1 else 0 end), 0)`.mapWith(Number);

const pass = sql`${evalExecutions.status} = 'pass'`;
const fail = sql`${evalExecutions.status} = 'fail'`;
const positive = sql`${traces.label} = 'positive'`;
const negative = sql`${traces.label} = 'negative'`;

const ratio = (num: number, den: number) => (den > 0 ? num / den : null);

/** One eval's counts for one UTC day: a snapshot row before it is stored. */
export type DayCounts = Omit<PerformanceSnapshot, 'createdAt'>;

/**
 * Counts one UTC day per eval in SQL, writing nothing: executions, passes, fails, errors, labelled
 * verdicts (pass/fail on a positive/negative trace), agreement with the labels, contradictions and
 * executions per system prompt. The active evals (of a workspace, or all), or the one `evalId`.
 */
export async function countDaySnapshots(
  deps: Pick<Deps, 'db' | 'newId'>,
  input: { day: string; workspaceId?: string; evalId?: string },
): Promise<DayCounts[]> {
  const { start, end } = dayBounds(input.day);
  const which = and(
    input.evalId ? eq(evals.id, input.evalId) : eq(evals.status, 'active'),
    input.workspaceId ? eq(evals.workspaceId, input.workspaceId) : undefined,
  );
  const onDay = and(
    eq(evalExecutions.evalId, evals.id),
    eq(evalExecutions.workspaceId, evals.workspaceId),
    gte(evalExecutions.executedAt, start),
    lt(evalExecutions.executedAt, end),
  );
  const totals = await deps.db
    .select({
      evalId: evals.id,
      workspaceId: evals.workspaceId,
      executions: sql<number>`count(${evalExecutions.id})`.mapWith(Number),
      passes: count(pass),
      fails: count(fail),
      errors: count(sql`${evalExecutions.status} = 'error'`),
      labelled: count(sql`(${pass} or ${fail}) and (${positive} or ${negative})`),
      agreed: count(sql`(${pass} and ${positive}) or (${fail} and ${negative})`),
      contradictions: count(sql`(${pass} and ${negative}) or (${fail} and ${positive})`),
    })
    .from(evals)
    .leftJoin(evalExecutions, onDay)
    .leftJoin(traces, eq(traces.id, evalExecutions.traceId))
    .where(which)
    .groupBy(evals.id);
  const byPrompt = await deps.db
    .select({
      evalId: evals.id,
      promptId: sql<string>`coalesce(${traces.systemPromptId}, 'unknown')`,
      n: sql<number>`count(*)`.mapWith(Number),
    })
    .from(evals)
    .innerJoin(evalExecutions, onDay)
    .leftJoin(traces, eq(traces.id, evalExecutions.traceId))
    .where(which)
    .groupBy(evals.id, sql`coalesce(${traces.systemPromptId}, 'unknown')`);
  const distribution = new Map<string, Record<string, number>>();
  for (const row of byPrompt) {
    const entry = distribution.get(row.evalId) ?? {};
    entry[row.promptId] = row.n;
    distribution.set(row.evalId, entry);
  }
  return totals.map((t) => ({
    id: deps.newId('snap'),
    ...t,
    day: input.day,
    agreement: ratio(t.agreed, t.labelled),
    passRate: ratio(t.passes, t.passes + t.fails),
    errorRate: ratio(t.errors, t.executions),
    promptDistribution: distribution.get(t.evalId) ?? {},
  }));
}

/** Writes (or rewrites) one snapshot per active eval for a UTC day, as `countDaySnapshots` counts it. */
export async function writeDailySnapshots(
  deps: Pick<Deps, 'db' | 'newId'>,
  input: { day: string; workspaceId?: string },
): Promise<NewPerformanceSnapshot[]> {
  const rows = await countDaySnapshots(deps, input);
  await writeBatch(deps.db, [
    upsertRows(performanceSnapshots, rows, {
      target: [performanceSnapshots.evalId, performanceSnapshots.day],
      update: [
        'executions',
        'passes',
        'fails',
        'errors',
        'labelled',
        'agreed',
        'contradictions',
        'agreement',
        'passRate',
        'errorRate',
        'promptDistribution',
      ],
    }),
  ]);
  return rows;
}
