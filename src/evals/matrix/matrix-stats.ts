import { count, eq } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { inWorkspace } from '@/db/in-workspace';
import { traces } from '@/db/schema';
import { judgedLabels, readTrainingGrids, subtractGrid } from '../agreement/training-verdicts';
import { emptyGrid, gridTotals, readVerdictCounts } from '../agreement/verdict-counts';
import { scoreConfusion } from '../metrics/confusion';

/**
 * One version's cells over all of an agent's traces, by state. Every trace of the agent is in
 * exactly one of agree, contradictions, errors, neutral, unlabelled and notRun, so the six add
 * up to `traces`. Never narrowed by the matrix's row filters. The scores (accuracy ... kappa)
 * count only labelled traces the version was not built from (`newLabels` of them, `newAgree` and
 * `newContradictions`); its verdicts on the `trainingLabels` it was built from are in agree and
 * contradictions but not scored.
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
  /** Labelled traces it judged (pass or fail) that it was not built from: what the scores count. */
  newLabels: number;
  /** Labelled traces it judged that it was built from: agreeing with them is no quality estimate. */
  trainingLabels: number;
  /** Of agree and contradictions, those on the `newLabels` (the rest are on its training labels). */
  newAgree: number;
  newContradictions: number;
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
  const trainingGrids = await readTrainingGrids(ctx, evalIds);
  return new Map(
    evalIds.map((id) => {
      const grid = grids.get(id) ?? emptyGrid();
      const { executions, passes, errors } = gridTotals(grid);
      const { positive, negative, neutral, unlabelled } = grid;
      const training = trainingGrids.get(id) ?? emptyGrid();
      const fresh = subtractGrid(grid, training);
      const agree = positive.pass + negative.fail;
      return [
        id,
        {
          traces: traceCount,
          executions,
          passRate: executions > 0 ? passes / executions : null,
          agree,
          contradictions: positive.fail + negative.pass,
          errors,
          neutral: neutral.pass + neutral.fail,
          unlabelled: unlabelled.pass + unlabelled.fail,
          notRun: traceCount - executions,
          newLabels: judgedLabels(fresh),
          trainingLabels: judgedLabels(training),
          newAgree: fresh.positive.pass + fresh.negative.fail,
          newContradictions: fresh.positive.fail + fresh.negative.pass,
          ...scoreConfusion({
            tp: fresh.positive.pass,
            fp: fresh.negative.pass,
            tn: fresh.negative.fail,
            fn: fresh.positive.fail,
          }),
        },
      ];
    }),
  );
}
