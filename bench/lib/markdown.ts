import { describeContext } from './context';
import type { Spread } from './measure';
import type { BenchResult } from './report';
import type { TargetRow } from './targets';

/** A number with as many digits as its size deserves (12,345 / 123 / 12.3 / 1.23). */
export function formatNumber(n: number): string {
  if (!Number.isFinite(n)) {
    return String(n);
  }
  const abs = Math.abs(n);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: 0 });
}

const percent = (n: number) => `${(n * 100).toFixed(n < 0.1 ? 1 : 0)}%`;
const range = (s: Spread, f: (n: number) => string) => `${f(s.min)}–${f(s.max)}`;

function table(head: string[], rows: string[][]): string {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(head), line(head.map(() => '---')), ...rows.map(line)].join('\n');
}

/** One benchmark's figures as a markdown table, with its notes under it. */
export function benchTable(result: BenchResult): string {
  if (result.skipped) {
    return `skipped: ${result.skipped}`;
  }
  const rows = result.figures.map((f) => [
    f.name,
    `${formatNumber(f.value.median)} ${f.unit}`,
    range(f.value, formatNumber),
    String(f.value.runs),
    f.ratio ? `${percent(f.ratio.value.median)} (${range(f.ratio.value, percent)})` : '',
    f.target ? `\`${f.target}\`` : '',
  ]);
  const notes = result.notes.map((n) => `- ${n}`).join('\n');
  const body = table(['figure', 'median', 'min–max', 'runs', 'of baseline', 'target'], rows);
  return notes ? `${body}\n\n${notes}` : body;
}

/** The targets table: measured median (min–max) and whether the median meets it. */
export function targetsTable(rows: TargetRow[]): string {
  return table(
    ['measure', 'target', 'measured: median (min–max)', 'met'],
    rows.map((r) => {
      if (!r.measured) {
        return [r.measure, r.target, 'not measured in this run', ''];
      }
      const f = r.unit?.startsWith('of ') ? percent : formatNumber;
      return [
        r.measure,
        r.target,
        `${f(r.measured.median)} ${r.unit} (${range(r.measured, f)})`,
        r.met ? 'yes' : '**no**',
      ];
    }),
  );
}

/** The whole run as markdown: context, targets, then every benchmark's table. */
export function runMarkdown(run: {
  context: BenchResult['context'];
  scale: boolean;
  seconds: number;
  targets: TargetRow[];
  results: BenchResult[];
  failed: { file: string; code: number | null }[];
}): string {
  const parts = [
    '# iofold benchmarks',
    `\`npm run bench${run.scale ? ' -- --scale' : ''}\` on ${describeContext(run.context)}; ${Math.round(run.seconds)} s in all. Every figure is the median of its runs with min and max; ratios are per round against a baseline measured in the same rounds.`,
    '## Targets (issue #17)',
    targetsTable(run.targets),
  ];
  for (const result of run.results) {
    parts.push(
      `## ${result.title} (\`${result.id}\`, ${Math.round(result.seconds)} s)`,
      `Load average at its start: ${result.context.loadAverage.map((l) => l.toFixed(2)).join(' ')}.`,
      benchTable(result),
    );
  }
  if (run.failed.length > 0) {
    parts.push(
      '## Failed',
      run.failed.map((f) => `- ${f.file} exited with ${f.code} and wrote no result`).join('\n'),
    );
  }
  return `${parts.join('\n\n')}\n`;
}
