import { AppError } from '@/core/errors';
import type { Sandbox } from '@/core/ports/sandbox';
import type { LabelledView } from './read-transcript-views';

/** The sandbox tenant of evals run from local files by the CLI (no workspace involved). */
export const CLI_TENANT = 'cli:local-files';

export type EvalRunSummary = {
  passed: number;
  failed: number;
  errors: number;
  labelled: number;
  agreed: number;
};

/** Runs one eval over the views in the sandbox and counts verdicts and agreement with labels. */
export async function runEvalOnViews(
  box: Sandbox,
  code: string,
  items: LabelledView[],
): Promise<EvalRunSummary> {
  const run = await box.runEval({
    code,
    traces: items.map((i) => i.view),
    workspaceId: CLI_TENANT,
  });
  if (!run.ok) {
    throw new AppError(
      run.error.code === 'UNAVAILABLE' ? 'UNAVAILABLE' : 'VALIDATION',
      run.error.message,
    );
  }
  const summary: EvalRunSummary = { passed: 0, failed: 0, errors: 0, labelled: 0, agreed: 0 };
  run.outcomes.forEach((outcome, index) => {
    if (!outcome.ok) {
      summary.errors += 1;
      return;
    }
    summary[outcome.passed ? 'passed' : 'failed'] += 1;
    const rating = items[index]?.rating;
    if (rating === 'positive' || rating === 'negative') {
      summary.labelled += 1;
      summary.agreed += outcome.passed === (rating === 'positive') ? 1 : 0;
    }
  });
  return summary;
}
