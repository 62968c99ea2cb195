import { and, count, eq, inArray, sql } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { evalExecutions, traces } from '@/db/schema';
import { scoreConfusion } from '../metrics/confusion';

const sum = (condition: ReturnType<typeof sql>) =>
  sql<number>`sum(case when ${condition} then 1 else 0 end)`;
const labelled = (label: string, status: string) =>
  sum(sql`${traces.label} = ${label} and ${evalExecutions.status} = ${status}`);

/**
 * One version's cells over all of an agent's traces, by state. Every trace of the agent is in
 * exactly one of agree, contradictions, errors, neutral, unlabelled and notRun, so the six add
 * up to `traces`. Never narrowed by the matrix's row filters.
 */
export type VersionStats = {
  traces: number;
  executions: number;
  passRate: number | null;
  agree: number;
  contradictions: number;
  errors: number;
  /** Ran (pass or fail) on a trace labelled neutral. */
  neutral: number;
  /** Ran (pass or fail) on a trace nobody labelled. */
  unlabelled: number;
  notRun: number;
} & ReturnType<typeof scoreConfusion>;

/** Per-version statistics over all of one agent's traces, counted in SQL (no rows into JS). */
export async function matrixStats(
  ctx: Pick<Ctx, 'db' | 'workspaceId'>,
  agentId: string,
  evalIds: string[],
): Promise<Map<string, VersionStats>> {
  const ofAgent = and(eq(traces.workspaceId, ctx.workspaceId), eq(traces.agentId, agentId));
  const [total] = await ctx.db.select({ n: count() }).from(traces).where(ofAgent);
  const traceCount = total?.n ?? 0;
  const rows = evalIds.length
    ? // CROSS JOIN fixes the order in SQLite: traces outside, executions sought per trace.
      await ctx.db
        .select({
          evalId: evalExecutions.evalId,
          executions: sql<number>`count(*)`,
          passes: sum(sql`${evalExecutions.status} = 'pass'`),
          errors: sum(sql`${evalExecutions.status} = 'error'`),
          tp: labelled('positive', 'pass'),
          fn: labelled('positive', 'fail'),
          fp: labelled('negative', 'pass'),
          tn: labelled('negative', 'fail'),
          neutral: sum(sql`${traces.label} = 'neutral' and ${evalExecutions.status} <> 'error'`),
          unlabelled: sum(sql`${traces.label} is null and ${evalExecutions.status} <> 'error'`),
        })
        .from(traces)
        .crossJoin(evalExecutions)
        .where(
          and(
            ofAgent,
            eq(evalExecutions.workspaceId, ctx.workspaceId),
            eq(evalExecutions.traceId, traces.id),
            inArray(evalExecutions.evalId, evalIds),
          ),
        )
        .groupBy(evalExecutions.evalId)
    : [];
  const byId = new Map(rows.map((r) => [r.evalId, r]));
  return new Map(
    evalIds.map((id) => {
      const r = byId.get(id);
      const n = (k: keyof NonNullable<typeof r>) => Number(r?.[k] ?? 0);
      const confusion = { tp: n('tp'), fp: n('fp'), tn: n('tn'), fn: n('fn') };
      const executions = n('executions');
      return [
        id,
        {
          traces: traceCount,
          executions,
          passRate: executions > 0 ? n('passes') / executions : null,
          agree: confusion.tp + confusion.tn,
          contradictions: confusion.fp + confusion.fn,
          errors: n('errors'),
          neutral: n('neutral'),
          unlabelled: n('unlabelled'),
          notRun: traceCount - executions,
          ...scoreConfusion(confusion),
        },
      ];
    }),
  );
}
