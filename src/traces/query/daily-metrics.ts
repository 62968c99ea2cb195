import { z } from '@hono/zod-openapi';
import { and, eq, gte, inArray, lt, type SQL, sql } from 'drizzle-orm';
import { getAgentOrThrow } from '@/agents/get-agent-or-throw';
import type { Ctx } from '@/core/context';
import { service } from '@/core/service';
import { inWorkspace, selectInWorkspace } from '@/db/in-workspace';
import { evalExecutions, evals, traces } from '@/db/schema';

const DAY_MS = 86_400_000;

export const DailyMetricsQuery = z.strictObject({
  agentId: z.string().optional().openapi({ description: 'one agent (default: every agent)' }),
  days: z.coerce
    .number()
    .int()
    .min(1)
    .max(90)
    .default(30)
    .openapi({ description: 'UTC days up to and including today' }),
});

const TraceDay = z.object({
  day: z.string(),
  traces: z.number().int(),
  errors: z.number().int(),
  errorRate: z.number().nullable(),
  p50Ms: z.number().nullable(),
  p95Ms: z.number().nullable(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  /** Null when no trace of the day carries a cost. */
  costUsd: z.number().nullable(),
});
const EvalDay = z.object({
  day: z.string(),
  passed: z.number().int(),
  failed: z.number().int(),
  errors: z.number().int(),
  passRate: z.number().nullable(),
});
export const DailyMetrics = z
  .object({
    from: z.string(),
    to: z.string(),
    days: z.array(TraceDay),
    evals: z.array(
      z.object({
        evalId: z.string(),
        name: z.string(),
        version: z.number().int(),
        agentId: z.string(),
        days: z.array(EvalDay),
      }),
    ),
  })
  .openapi('DailyMetrics');
export type DailyMetrics = z.infer<typeof DailyMetrics>;

/**
 * Per UTC day, oldest first, by when each trace started: traces, errors, latency p50/p95
 * (nearest rank), tokens and cost, and each active eval's pass rate on that day's traces.
 * Every day of the window is present (zeros and nulls when nothing happened). Today counts so far.
 */
export const getDailyMetrics = service(
  DailyMetricsQuery,
  async (ctx, { agentId, days }): Promise<DailyMetrics> => {
    if (agentId) {
      await getAgentOrThrow(ctx, agentId);
    }
    const end = Math.floor(ctx.now().getTime() / DAY_MS) * DAY_MS + DAY_MS;
    const start = end - days * DAY_MS;
    const dayOf = (i: number) => new Date(start + i * DAY_MS).toISOString().slice(0, 10);
    const inWindow = inWorkspace(ctx, traces, [
      agentId ? eq(traces.agentId, agentId) : undefined,
      gte(traces.startedAt, new Date(start)),
      lt(traces.startedAt, new Date(end)),
    ]);
    const bucket = sql<number>`cast((${traces.startedAt} - ${start}) / ${DAY_MS} as integer)`;
    const [totals, latency, evalRows] = await Promise.all([
      ctx.db
        .select({
          d: bucket.mapWith(Number),
          traces: sql<number>`count(*)`.mapWith(Number),
          errors: sql<number>`sum(${traces.hasErrors})`.mapWith(Number),
          inputTokens: sql<number>`sum(${traces.inputTokens})`.mapWith(Number),
          outputTokens: sql<number>`sum(${traces.outputTokens})`.mapWith(Number),
          costUsd: sql<number | null>`sum(${traces.costUsd})`,
        })
        .from(traces)
        .where(inWindow)
        .groupBy(bucket),
      latencyPercentiles(ctx, inWindow, bucket),
      evalPassRates(ctx, inWindow, bucket, agentId),
    ]);
    const byDay = new Map(totals.map((t) => [t.d, t]));
    const latencyByDay = new Map(latency.map((l) => [l.d, l]));
    return {
      from: dayOf(0),
      to: dayOf(days - 1),
      days: Array.from({ length: days }, (_, i) => {
        const t = byDay.get(i);
        const l = latencyByDay.get(i);
        return {
          day: dayOf(i),
          traces: t?.traces ?? 0,
          errors: t?.errors ?? 0,
          errorRate: t && t.traces > 0 ? t.errors / t.traces : null,
          p50Ms: l?.p50 ?? null,
          p95Ms: l?.p95 ?? null,
          inputTokens: t?.inputTokens ?? 0,
          outputTokens: t?.outputTokens ?? 0,
          costUsd: t?.costUsd ?? null,
        };
      }),
      evals: evalRows.evals.map((e) => ({
        ...e,
        days: Array.from({ length: days }, (_, i) => {
          const r = evalRows.counts.get(`${e.evalId}\u0000${i}`);
          const passed = r?.passed ?? 0;
          const failed = r?.failed ?? 0;
          return {
            day: dayOf(i),
            passed,
            failed,
            errors: r?.errors ?? 0,
            passRate: passed + failed > 0 ? passed / (passed + failed) : null,
          };
        }),
      })),
    };
  },
);

/** p50 and p95 of trace durations per day, nearest rank, counted in SQL with window functions. */
async function latencyPercentiles(ctx: Ctx, where: SQL | undefined, bucket: SQL<number>) {
  const ranked = ctx.db.$with('ranked').as(
    ctx.db
      .select({
        d: sql<number>`${bucket}`.as('d'),
        ms: sql<number>`${traces.durationMs}`.as('ms'),
        rn: sql<number>`row_number() over (partition by ${bucket} order by ${traces.durationMs})`.as(
          'rn',
        ),
        n: sql<number>`count(*) over (partition by ${bucket})`.as('n'),
      })
      .from(traces)
      .where(and(where, sql`${traces.durationMs} is not null`)),
  );
  // integer arithmetic (a bound number may arrive as a real): the nearest rank, ceil(n * p / 100)
  const rank = (p: 50 | 95) => sql`(${ranked.n} * ${sql.raw(String(p))} + 99) / 100`;
  return ctx.db
    .with(ranked)
    .select({
      d: sql<number>`${ranked.d}`.mapWith(Number),
      p50: sql<number>`max(case when ${ranked.rn} = ${rank(50)} then ${ranked.ms} end)`.mapWith(
        Number,
      ),
      p95: sql<number>`max(case when ${ranked.rn} = ${rank(95)} then ${ranked.ms} end)`.mapWith(
        Number,
      ),
    })
    .from(ranked)
    .groupBy(sql`${ranked.d}`);
}

/** Verdicts of the active evals (of the agent, or all) on each day's traces. */
async function evalPassRates(
  ctx: Ctx,
  where: SQL | undefined,
  bucket: SQL<number>,
  agentId: string | undefined,
) {
  const active = await selectInWorkspace(
    ctx,
    evals,
    { evalId: evals.id, name: evals.name, version: evals.version, agentId: evals.agentId },
    [eq(evals.status, 'active'), agentId ? eq(evals.agentId, agentId) : undefined],
  ).orderBy(evals.name);
  const counts = new Map<string, { passed: number; failed: number; errors: number }>();
  if (active.length === 0) {
    return { evals: active, counts };
  }
  const status = (s: string) =>
    sql<number>`sum(case when ${evalExecutions.status} = ${s} then 1 else 0 end)`.mapWith(Number);
  const rows = await ctx.db
    .select({
      evalId: evalExecutions.evalId,
      d: bucket.mapWith(Number),
      passed: status('pass'),
      failed: status('fail'),
      errors: status('error'),
    })
    .from(evalExecutions)
    .innerJoin(traces, eq(traces.id, evalExecutions.traceId))
    .where(
      inWorkspace(ctx, evalExecutions, [
        inArray(
          evalExecutions.evalId,
          active.map((e) => e.evalId),
        ),
        where,
      ]),
    )
    .groupBy(evalExecutions.evalId, bucket);
  for (const r of rows) {
    counts.set(`${r.evalId}\u0000${r.d}`, r);
  }
  return { evals: active, counts };
}
