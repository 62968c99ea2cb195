import type { GenerationJobResult } from '@/evals/jobs/eval-job-handlers';
import type { EvalJson } from './backend/cli-backend';
import { formatTable } from './format-table';

const pct = (x: number) => `${Math.round(100 * x)}%`;

/** The rules of an eval, numbered, one per line (or a note when it has none). */
export function formatRules(rules: readonly string[]): string {
  return rules.length === 0
    ? 'Rules: none recorded (read the code).\n'
    : `Rules:\n${rules.map((rule, i) => `  ${i + 1}. ${rule}`).join('\n')}\n`;
}

/** The model an eval asks, as the dashboard says it: its questions, calls and cost per trace. */
export function formatJudge(judge: EvalJson['judge']): string {
  if (!judge) {
    return '';
  }
  const cost =
    judge.expectedCostUsdPerTrace === null
      ? 'no known price'
      : `about $${judge.expectedCostUsdPerTrace.toPrecision(2)} per trace`;
  const calls = `${judge.callsPerTrace} call${judge.callsPerTrace === 1 ? '' : 's'} per trace`;
  const asked = judge.questions.map((q) => `“${q}”`).join(', ');
  return `Asks ${judge.model} ${asked} (${calls}, ${cost}; answers are cached, so a re-run is free).\n`;
}

/** What `iofold evals generate` prints: the outcome, the rules or the plain answer, candidates. */
export function formatGeneration(result: GenerationJobResult): string {
  const lines: string[] = [];
  const held = result.heldOut;
  const vsBaseline = held
    ? `${held.heldOutAccuracy === undefined || held.heldOutAccuracy === held.accuracy ? 'held-out accuracy' : `held-out accuracy ${pct(held.heldOutAccuracy)}, estimated for this version`} ${pct(held.accuracy)} (95% interval ${pct(held.interval[0])}-${pct(held.interval[1])}); always saying ${held.majority}: ${pct(held.baselineAccuracy)}`
    : '';
  if (result.created) {
    lines.push(
      `created ${result.created.name} v${result.created.version} (${result.created.id}) from ${result.labelled} labelled traces`,
    );
    if (result.forced) {
      lines.push('forced: it does not clearly beat always giving the majority verdict');
    }
    lines.push(vsBaseline, '', formatRules(result.rules));
  } else if (result.abstention) {
    const a = result.abstention;
    lines.push(`no version created (${result.labelled} labelled traces)`, a.message, '');
    if (a.best) {
      lines.push(`Best candidate (${a.best.generator}):`, formatRules(a.best.rules));
    }
    if (a.wrong.length > 0) {
      lines.push(
        'Labelled traces the best candidate gets wrong:',
        formatTable(a.wrong, [
          { header: 'trace', value: (w) => w.traceId },
          { header: 'source id / name', value: (w) => sourceName(w), maxWidth: 40 },
          { header: 'label', value: (w) => (w.label === 'positive' ? 'good' : 'bad') },
          { header: 'judged', value: (w) => w.verdict },
          { header: 'reason', value: (w) => w.reason, maxWidth: 80 },
        ]),
      );
    }
    lines.push(`Next: ${a.labelNext}`);
    if ((a.suggested ?? []).length > 0) {
      lines.push(
        'Unlabelled traces to label next:',
        formatTable(a.suggested, [
          { header: 'trace', value: (s) => s.traceId },
          { header: 'source id / name', value: (s) => sourceName(s), maxWidth: 40 },
          { header: 'why', value: (s) => s.why, maxWidth: 100 },
        ]),
      );
    }
    lines.push('To create a version anyway: --force', '');
  } else {
    lines.push(
      `no new version: the current one stays (${result.labelled} labelled traces)`,
      vsBaseline,
      '',
    );
  }
  lines.push(
    formatTable(result.candidates, [
      { header: 'candidate', value: (c) => c.generator },
      {
        header: 'held-out kappa',
        value: (c) => (c.heldOutKappa === null ? '-' : c.heldOutKappa.toFixed(2)),
      },
      { header: 'stable', value: (c) => (c.stable ? 'yes' : 'no') },
      { header: 'winner', value: (c) => (c.id === result.winner ? '*' : '') },
    ]),
  );
  return lines.join('\n');
}

const percent = (x: number | null | undefined) =>
  x === null || x === undefined ? '-' : `${Math.round(100 * x)}%`;
const fixed = (x: number | null | undefined) =>
  x === null || x === undefined ? '-' : x.toFixed(2);

/**
 * An eval version's quality as the dashboard's matrix card says it: the held-out estimate from
 * generation first, then agreement on labels it was not built from (never on its own).
 */
export function formatQuality(row: EvalJson): string {
  const m = row.heldOutMetrics;
  const lines: string[] = [];
  if (m) {
    const { tp, fp, tn, fn } = m.counts;
    lines.push(
      `held-out kappa ${fixed(m.kappa)}, accuracy ${percent(m.accuracy)}, F1 ${fixed(m.f1)}: each of ${tp + fp + tn + fn} labels judged by a version built without it`,
    );
  } else {
    lines.push('no held-out estimate (not generated from labels)');
  }
  const a = row.agreement;
  if (a && a.n > 0) {
    const built =
      a.trainingLabels > 0 ? `; its ${a.trainingLabels} training labels not scored` : '';
    lines.push(
      `on ${a.n} labels it was not built from: kappa ${fixed(a.kappa?.value)}, accuracy ${percent(a.accuracy?.value)}${built}`,
    );
  } else if (a) {
    lines.push(...a.warnings.map((w) => w.message));
  }
  return `${lines.join('\n')}\n`;
}

/** What a person knows a trace by: its source's id, and its name when it has one. */
function sourceName(w: { externalId: string | null; name: string | null }): string {
  const parts = [w.externalId, w.name].filter((x): x is string => x !== null && x !== '');
  return [...new Set(parts)].join(' / ') || '-';
}
