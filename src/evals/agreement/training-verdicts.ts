import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { inWorkspace, sameWorkspaceRow } from '@/db/in-workspace';
import { COUNTED_LABELS, EXECUTION_STATUSES, evalExecutions, evals, traces } from '@/db/schema';
import { emptyGrid, tallyGrids, type VerdictGrid } from './verdict-counts';

/**
 * Each version's verdicts on the traces it was built from (its `trainingTraceIds`), by today's
 * label: one indexed lookup per training trace, so the cost follows the labels, not the traces.
 */
export async function readTrainingGrids(
  ctx: Pick<Ctx, 'db' | 'workspaceId'>,
  evalIds: string[],
): Promise<Map<string, VerdictGrid>> {
  const trained = sql`json_each(${evals.trainingTraceIds})`;
  return tallyGrids(evalIds, async () => {
    const rows = await ctx.db
      .select({ evalId: evals.id, label: traces.label, status: evalExecutions.status })
      .from(evals)
      .innerJoin(sql`${trained} as "trained"`, sql`1`)
      .innerJoin(
        evalExecutions,
        and(
          eq(evalExecutions.evalId, evals.id),
          eq(evalExecutions.traceId, sql`"trained"."value"`),
        ),
      )
      .innerJoin(traces, sameWorkspaceRow(traces, evals, evalExecutions.traceId))
      .where(inWorkspace(ctx, evals, [inArray(evals.id, evalIds)]));
    return rows.map((row) => ({
      ...row,
      label: COUNTED_LABELS.find((l) => l === row.label) ?? 'unlabelled',
      count: 1,
    }));
  });
}

/** What `all` holds beyond `part`, cell by cell (the verdicts on traces it was not built from). */
export function subtractGrid(all: VerdictGrid, part: VerdictGrid): VerdictGrid {
  const rest = emptyGrid();
  for (const label of COUNTED_LABELS) {
    for (const status of EXECUTION_STATUSES) {
      rest[label][status] = all[label][status] - part[label][status];
    }
  }
  return rest;
}

/** Labelled (good or bad) traces a grid judged pass or fail. */
export function judgedLabels(grid: VerdictGrid): number {
  return grid.positive.pass + grid.positive.fail + grid.negative.pass + grid.negative.fail;
}
