// How long suggestLabels takes on an agent's few thousand unlabelled traces: the coding domain's
// 300 runs copied to 3000 views (fresh objects, so no facts are cached between them), the
// synthesiser's 5 fold models and final version learned on 40 labels of one criterion, as a
// generation that abstains has them. Prints the median CPU time of 5 runs (the process's, so the
// collector's threads count too), in ms: wall time on a shared machine says more of the load.
// Usage: npx tsx bench/abstention/suggest-time.ts [--copies 10]
import { parseArgs } from 'node:util';
import { finerKeys, groupTraces } from '@/evals/selection/group-traces';
import { makeGroupedFolds } from '@/evals/selection/make-folds';
import { suggestLabels } from '@/evals/selection/suggest-labels';
import { synthesiseEval } from '@/evals/synth/synthesise-eval';
import { createFactsCache } from '@/evals/synth/trace-facts';
import { codingDomain } from '../quality/domains';
import { splitByGroup } from '../quality/split';

const { values } = parseArgs({ options: { copies: { type: 'string', default: '10' } } });
const d = codingDomain();
const criterion = d.criteria[0]!;
const labels = criterion.labels();
const { train, test } = splitByGroup(d.groups, 1, 40);
const examples = train.map((i) => ({ view: d.views[i]!, label: labels[i]! }));
const groups = groupTraces(examples.map((e) => e.view));
const factsOf = createFactsCache();
const folds = makeGroupedFolds(
  groups,
  examples.map((e) => e.label),
  5,
  1,
  (i) => finerKeys(examples[i]!.view),
).map((f) => {
  const m = synthesiseEval(
    f.train.map((i) => examples[i]!),
    { seed: 1, groups: f.train.map((i) => groups[i]!), factsOf },
  );
  return (v: Parameters<typeof m.predict>[0]) => m.predict(v).passed;
});
const final = synthesiseEval(examples, { seed: 1, groups });
const times: number[] = [];
for (let run = 0; run < 5; run++) {
  const unlabelled = Array.from({ length: Number(values.copies) }, (_, c) =>
    d.views.map((v, i) => ({ id: `${c}:${i}`, view: structuredClone(v) })),
  ).flat();
  const started = process.cpuUsage();
  suggestLabels({ labelled: examples, final: (v) => final.predict(v).passed, folds, unlabelled });
  const used = process.cpuUsage(started);
  times.push((used.user + used.system) / 1000);
}
times.sort((a, b) => a - b);
console.log(
  `${criterion.id}: ${Number(values.copies) * d.views.length} unlabelled traces (${test.length} held out per copy), suggestLabels median CPU ${times[2]!.toFixed(0)} ms of 5 (${times.map((t) => t.toFixed(0)).join(', ')})`,
);
