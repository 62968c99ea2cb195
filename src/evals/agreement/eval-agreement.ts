import type { Ctx } from '@/core/context';
import { getEvalOrThrow } from '../internal';
import { type Agreement, agreementFromCounts } from '../metrics/compute-agreement';
import type { ConfusionCounts } from '../metrics/confusion';
import { emptyGrid, gridTotals, readVerdictCounts, type VerdictGrid } from './verdict-counts';

export type VerdictCounts = ConfusionCounts & {
  executions: number;
  passes: number;
  unlabelled: number;
};

/** Confusion counts of a verdict grid: neutral and unlabelled traces apart, errors on labelled. */
export function confusionOf(grid: VerdictGrid): VerdictCounts {
  const { executions, passes } = gridTotals(grid);
  const { positive, negative, neutral, unlabelled } = grid;
  return {
    executions,
    passes,
    tp: positive.pass,
    fn: positive.fail,
    fp: negative.pass,
    tn: negative.fail,
    errors: positive.error + negative.error,
    neutral: neutral.pass + neutral.fail + neutral.error,
    unlabelled: unlabelled.pass + unlabelled.fail + unlabelled.error,
  };
}

export type EvalAgreement = Agreement & { executions: number; passes: number; unlabelled: number };

/** Agreement of one eval version with the human labels, with 95% intervals and warnings. */
export async function getEvalAgreement(ctx: Ctx, evalId: string): Promise<EvalAgreement> {
  await getEvalOrThrow(ctx, evalId);
  const grid = (await readVerdictCounts(ctx, [evalId])).get(evalId) ?? emptyGrid();
  const counts = confusionOf(grid);
  const { executions, passes, unlabelled, ...confusion } = counts;
  return { ...agreementFromCounts(confusion), executions, passes, unlabelled };
}
