import type { GepaRunView } from '@/optimize/gepa/run/gepa-run-views';
import type { ReviewAgreement } from '@/optimize/gepa/run/review-agreement';

const f3 = (x: number) => x.toFixed(3);
const rates = (shadow: Record<string, number>) =>
  Object.entries(shadow)
    .map(([name, rate]) => `${name} ${f3(rate)}`)
    .join(', ');

function reportLines(run: GepaRunView): string[] {
  const report = run.testReport;
  const lines: string[] = [];
  if (report?.test) {
    const t = report.test;
    lines.push(
      `test split (${t.n} tasks): seed ${f3(t.meanSeed)} -> winner ${f3(t.meanWinner)}; ${t.wins} better, ${t.losses} worse; sign test p = ${t.signTestP.toPrecision(3)}`,
    );
  }
  for (const s of report?.shadow ?? []) {
    lines.push(
      `  shadow ${s.eval}: seed ${f3(s.meanSeed)} -> winner ${f3(s.meanWinner)}; ${s.wins} better, ${s.losses} worse; p = ${s.signTestP.toPrecision(3)}`,
    );
  }
  if (report?.candidateVersionId) {
    lines.push(`candidate version ${report.candidateVersionId} (not active; review, then promote)`);
  }
  if (report?.reviewQueueId) {
    lines.push(`review queue ${report.reviewQueueId}`);
  }
  return lines;
}

function agreementLines(review: ReviewAgreement | null | undefined): string[] {
  if (!review) {
    return [];
  }
  const lines = [
    `review labels: ${review.labelled} of ${review.traces} winner rollouts labelled; evals vs those labels:`,
  ];
  for (const e of review.evals) {
    const a = e.agreement;
    const acc = a.accuracy ? `accuracy ${f3(a.accuracy.value)}` : 'accuracy -';
    const kappa = a.kappa ? `kappa ${f3(a.kappa.value)}` : 'kappa -';
    lines.push(`  ${e.role} ${e.eval}: ${acc}, ${kappa} on ${a.n} labels`);
  }
  return lines;
}

/** A GEPA run in words: budget, the candidate tree, the test report and the review agreement. */
export function describeGepaRun(
  run: GepaRunView & { reviewAgreement?: ReviewAgreement | null },
): string {
  const lines = [
    `gepa run ${run.id}: ${run.status}, stage ${run.stage}${run.stopReason ? ` (stopped: ${run.stopReason})` : ''}`,
    `${run.usedRollouts}/${run.budgetRollouts} rollouts, ${run.iterations} iterations, ${run.candidates.length} candidates; reflection ${run.reflection.calls} calls, $${run.reflection.usd.toFixed(4)}`,
    ...run.candidates.map((c) => {
      const shadow = Object.keys(c.shadow).length ? `; shadow ${rates(c.shadow)}` : '';
      return `  #${c.index}${c.parents.length ? ` <- ${c.parents.map((p) => `#${p}`).join(', ')}` : ' (seed)'}: val ${f3(c.valAverage)}${shadow}${c.index === run.best ? '  best' : ''}`;
    }),
    ...reportLines(run),
    ...agreementLines(run.reviewAgreement),
  ];
  if (run.error) {
    lines.push(`error: ${run.error}`);
  }
  return `${lines.join('\n')}\n`;
}
