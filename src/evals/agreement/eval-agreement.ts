import type { Ctx } from '@/core/context';
import { getEvalOrThrow } from '../internal';
import {
  type Agreement,
  type AgreementWarning,
  agreementFromCounts,
} from '../metrics/compute-agreement';
import type { ConfusionCounts } from '../metrics/confusion';
import { judgedLabels, readTrainingGrids, subtractGrid } from './training-verdicts';
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

export type EvalAgreement = Agreement & {
  executions: number;
  passes: number;
  unlabelled: number;
  /** Labelled traces it judged that it was built from: left out of the scores above. */
  trainingLabels: number;
};

/**
 * Agreement of one eval version's stored verdicts with the human labels it was not built from,
 * with 95% intervals and warnings. Verdicts on its own training labels are counted apart
 * (`trainingLabels`): agreeing with them says nothing of its quality.
 */
export async function getEvalAgreement(ctx: Ctx, evalId: string): Promise<EvalAgreement> {
  await getEvalOrThrow(ctx, evalId);
  const all = (await readVerdictCounts(ctx, [evalId])).get(evalId) ?? emptyGrid();
  const training = (await readTrainingGrids(ctx, [evalId])).get(evalId) ?? emptyGrid();
  const { executions, passes, unlabelled } = confusionOf(all);
  const {
    executions: _e,
    passes: _p,
    unlabelled: _u,
    ...counts
  } = confusionOf(subtractGrid(all, training));
  const trainingLabels = judgedLabels(training);
  const agreement = agreementFromCounts(
    counts,
    trainingLabels > 0 ? { labelsNoun: 'labels it was not built from' } : {},
  );
  return {
    ...agreement,
    warnings: agreement.n > 0 ? agreement.warnings : noScoreWarnings(executions, trainingLabels),
    executions,
    passes,
    unlabelled,
    trainingLabels,
  };
}

/** Why there is no score yet, instead of "only 0 usable labels". */
function noScoreWarnings(executions: number, trainingLabels: number): AgreementWarning[] {
  if (executions === 0) {
    return [
      {
        code: 'NOT_RUN',
        message:
          'not run on any trace yet: run or activate it to compare its verdicts with the labels',
      },
    ];
  }
  if (trainingLabels > 0) {
    return [
      {
        code: 'ONLY_TRAINING_LABELS',
        message: `it has judged only the ${trainingLabels} labelled traces it was built from; agreeing with them is not a quality estimate (read the held-out metrics). Label new traces to measure it`,
      },
    ];
  }
  return [
    {
      code: 'TOO_FEW_LABELS',
      message: 'none of the traces it judged is labelled good or bad yet',
    },
  ];
}
