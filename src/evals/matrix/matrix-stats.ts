import { count, eq } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { inWorkspace } from '@/db/in-workspace';
import { traces } from '@/db/schema';
import { emptyGrid, gridTotals, readVerdictCounts } from '../agreement/verdict-counts';
import { scoreConfusion } from '../metrics/confusion';

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

/**
 * Per-version statistics over all of one agent's traces: each version's maintained verdict counts
 * (a few rows per version, `readVerdictCounts`) and the agent's trace total from a covering
 * index. No execution is counted here.
 */
export async function matrixStats(
  ctx: Pick<Ctx, 'db' | 'workspaceId'>,
  agentId: string,
  evalIds: string[],
): Promise<Map<string, VersionStats>> {
  const ofAgent = inWorkspace(ctx, traces, [eq(traces.agentId, agentId)]);
  const [total] = await ctx.db.select({ n: count() }).from(traces).where(ofAgent);
  const traceCount = total?.n ?? 0;
  const grids = await readVerdictCounts(ctx, evalIds);
  return new Map(
    evalIds.map((id) => {
      const grid = grids.get(id) ?? emptyGrid();
      const { executions, passes, errors } = gridTotals(grid);
      const { positive, negative, neutral, unlabelled } = grid;
      const confusion = {
        tp: positive.pass,
        fp: negative.pass,
        tn: negative.fail,
        fn: positive.fail,
      };
      return [
        id,
        {
          traces: traceCount,
          executions,
          passRate: executions > 0 ? passes / executions : null,
          agree: confusion.tp + confusion.tn,
          contradictions: confusion.fp + confusion.fn,
          errors,
          neutral: neutral.pass + neutral.fail,
          unlabelled: unlabelled.pass + unlabelled.fail,
          notRun: traceCount - executions,
          ...scoreConfusion(confusion),
        },
      ];
    }),
  );
}
