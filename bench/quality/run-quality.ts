// `npm run bench:quality`: how well the learner in bench/quality/learner.ts turns 40 labelled
// traces into an eval that agrees with held-out labels, on criteria and data written without
// reading the synthesiser. Options: --only <text> (criteria whose id contains it), --no-timing,
// --force (every version created, as `evals generate --force`: the learner's best candidate judged
// without the abstention), --out <file> (default bench/quality/results/latest.md).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { describeContext, machineContext } from '../lib/context';
import { codingDomain, type Domain, tauDomain } from './domains';
import { learn } from './learner';
import { renderReport } from './report';
import { runDomain } from './run-domain';
import { timingSection } from './run-quality-timing';

const SEEDS = 5;
const TRAIN_SIZE = 40;

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    'no-timing': { type: 'boolean', default: false },
    force: { type: 'boolean', default: false },
    out: { type: 'string', default: path.join(import.meta.dirname, 'results/latest.md') },
  },
});

const context = machineContext();
const tau = tauDomain();
if (!tau) {
  console.log(
    'tau-bench runs are absent (../shared/data/tau-bench): measuring the coding domain only',
  );
}
const domains = [tau, codingDomain()].filter((d): d is Domain => d !== null);

const results = domains.flatMap((domain) =>
  runDomain(domain, {
    seeds: SEEDS,
    trainSize: TRAIN_SIZE,
    only: values.only,
    learner: values.force ? (input) => learn({ ...input, force: true }) : undefined,
    onCriterion: (id, ms) => console.error(`  ${id}: ${(ms / 1000).toFixed(1)} s`),
  }),
);

const intro = [
  '## bench:quality',
  '',
  describeContext(context),
  '',
  'Learner: `bench/quality/learner.ts`. Criteria and data: written without reading the synthesiser.',
  '',
  ...domains.map((d) => `- ${d.name}: ${d.description}`),
  `- Each seed (1..${SEEDS}) labels ${TRAIN_SIZE} training traces: whole groups drawn in a seeded order without reading labels; every other trace is held out.`,
  '- acc and kappa: the learned eval on the held-out traces (mean over seeds that produced an eval, min in brackets). Majority baseline: the training majority label applied to the held-out traces. 1-fact: the single tool fact (called X / a tool errored, or not) that best fits the training labels.',
  '- status: BELOW BASELINE when the mean accuracy is under the majority baseline; ABSTAINED when the learner declined to produce an eval.',
  ...(values.force
    ? [
        "- **Forced** (`--force`): every version is created, as `iofold evals generate --force`, so the table judges the learner's best candidate without the abstention; it is not what the product answers.",
      ]
    : []),
];
let report = renderReport(results, intro);

if (!values['no-timing']) {
  report += `\n\n${(await timingSection(domains)).join('\n')}`;
}

console.log(report);
mkdirSync(path.dirname(values.out), { recursive: true });
writeFileSync(values.out, `${report}\n`);
console.log(`\nwritten to ${path.relative(process.cwd(), values.out)}`);
