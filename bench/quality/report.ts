import { isStructural } from './criterion';
import type { CriterionResult } from './evaluate-criterion';
import { type Summary, summarise } from './summarise';

const pct = (x: number | null) => (x === null ? '-' : `${(100 * x).toFixed(1)}%`);
const num = (x: number | null) => (x === null ? '-' : x.toFixed(2));

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, c) => Math.max(3, h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) => `| ${cells.map((x, c) => x.padEnd(widths[c]!)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

function criterionRow(r: CriterionResult, s: Summary): string[] {
  return [
    r.domain,
    r.id,
    r.kind,
    `${r.positives}/${r.total}`,
    `${pct(s.meanAccuracy)} (${pct(s.minAccuracy)})`,
    `${num(s.meanKappa)} (${num(s.minKappa)})`,
    pct(s.majority),
    `${pct(s.oneFactAccuracy)} (${num(s.oneFactKappa)})`,
    `${s.seedsBelowMajority}/${r.seeds.length}`,
    `${s.abstained}/${r.seeds.length}`,
    s.target,
    s.status,
  ];
}

const GROUPS = [
  { name: 'single-property', test: (k: string) => k === 'single' },
  { name: 'pattern, conjunction, ordering', test: (k: string) => isStructural(k as never) },
  { name: 'real outcome', test: (k: string) => k === 'outcome' },
];

function groupRows(results: CriterionResult[], summaries: Summary[]): string[][] {
  const domains = [...new Set(results.map((r) => r.domain)), 'all'];
  return domains.flatMap((domain) =>
    GROUPS.map((g) => {
      const picked = results
        .map((r, i) => ({ r, s: summaries[i]! }))
        .filter(({ r }) => (domain === 'all' || r.domain === domain) && g.test(r.kind));
      const accs = picked.flatMap(({ s }) => (s.meanAccuracy === null ? [] : [s.meanAccuracy]));
      return [
        domain,
        g.name,
        String(picked.length),
        pct(accs.length ? accs.reduce((a, b) => a + b, 0) / accs.length : null),
        String(picked.filter(({ s }) => s.targetMet).length),
        String(picked.filter(({ s }) => s.belowBaseline).length),
        String(picked.filter(({ s }) => s.abstained > 0).length),
      ];
    }),
  );
}

/** The benchmark's markdown: the per-criterion table, the summary, the criteria in words, rules. */
export function renderReport(results: CriterionResult[], intro: string[]): string {
  const summaries = results.map(summarise);
  const header = [
    'domain',
    'criterion',
    'kind',
    'pass/n',
    'held-out acc mean (min)',
    'kappa mean (min)',
    'majority baseline',
    '1-fact acc (kappa)',
    'seeds < majority',
    'abstained',
    'target',
    'status',
  ];
  const summaryHeader = [
    'domain',
    'criteria',
    'n',
    'mean acc',
    'target met',
    'below baseline',
    'abstaining',
  ];
  return [
    ...intro,
    '',
    ...table(
      header,
      results.map((r, i) => criterionRow(r, summaries[i]!)),
    ),
    '',
    '### Summary',
    '',
    ...table(summaryHeader, groupRows(results, summaries)),
    '',
    '### The criteria in words',
    '',
    ...results.map((r) => `- \`${r.id}\` (${r.kind}): ${r.says}`),
    '',
    '### What the learner learned (seed 1)',
    '',
    ...results.map((r) => `- \`${r.id}\`: ${r.seeds[0]?.rules ?? '-'}`),
  ].join('\n');
}
