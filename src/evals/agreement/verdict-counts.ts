import { inArray } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { rowsInWorkspace } from '@/db/in-workspace';
import { COUNTED_LABELS, type EXECUTION_STATUSES, evalVerdictCounts } from '@/db/schema';

export type CountedLabel = (typeof COUNTED_LABELS)[number];
export type ExecutionStatus = (typeof EXECUTION_STATUSES)[number];
/** Executions of one version on its agent's traces, by the trace's label and the verdict. */
export type VerdictGrid = Record<CountedLabel, Record<ExecutionStatus, number>>;

export function emptyGrid(): VerdictGrid {
  const row = () => ({ pass: 0, fail: 0, error: 0 });
  return { positive: row(), negative: row(), neutral: row(), unlabelled: row() };
}

/**
 * Each version's verdict grid, read from `eval_verdict_counts` (kept exact by triggers as
 * executions and labels change): at most 12 rows per version, however many traces it ran on.
 * Versions that never ran get an empty grid.
 */
export async function readVerdictCounts(
  ctx: Pick<Ctx, 'db' | 'workspaceId'>,
  evalIds: string[],
): Promise<Map<string, VerdictGrid>> {
  return tallyGrids(evalIds, () =>
    rowsInWorkspace(ctx, evalVerdictCounts, [inArray(evalVerdictCounts.evalId, evalIds)]),
  );
}

/** A verdict count of one version: `count` executions with this label and status. */
export type VerdictTally = {
  evalId: string;
  label: CountedLabel;
  status: ExecutionStatus;
  count: number;
};

/**
 * A grid for every version in `evalIds` (empty for one that never ran), summing the tallies
 * `read` returns; nothing is read for no versions.
 */
export async function tallyGrids(
  evalIds: string[],
  read: () => Promise<VerdictTally[]>,
): Promise<Map<string, VerdictGrid>> {
  const grids = new Map(evalIds.map((id) => [id, emptyGrid()]));
  if (evalIds.length === 0) {
    return grids;
  }
  for (const row of await read()) {
    const grid = grids.get(row.evalId);
    if (grid) {
      grid[row.label][row.status] += row.count;
    }
  }
  return grids;
}

/** Executions, passes and errors of a grid, whatever the label. */
export function gridTotals(grid: VerdictGrid) {
  let executions = 0;
  let passes = 0;
  let errors = 0;
  for (const label of COUNTED_LABELS) {
    const { pass, fail, error } = grid[label];
    executions += pass + fail + error;
    passes += pass;
    errors += error;
  }
  return { executions, passes, errors };
}
