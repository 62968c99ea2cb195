// Quality of the offline synthesiser on tau-bench airline transcripts: `npm run bench:quality`.
import { computeAgreement } from '@/evals/metrics/compute-agreement';
import type { Judgement } from '@/evals/metrics/confusion';
import { createSeededRandom, shuffleSeeded } from '@/evals/metrics/seeded-random';
import { type SynthesisResult, synthesizeEval } from '@/evals/synth/synthesize-eval';
import { loadTauBench } from '@/evals/synth/testing/load-tau-bench.node.js';
import { pythonUnavailableReason, runPythonEval } from '@/evals/synth/testing/run-python.node.js';
import type { TauBenchItem } from '@/evals/synth/testing/tau-bench-view';
import { extractFacts } from '@/evals/synth/trace-facts';
import type { EvalView } from '@/traces/eval-view';
import { CRITERIA, type Criterion } from './criteria';
import { tauViews } from './tau-views';

const SPLITS = 5;
const TRAIN_TASKS = 10; // 4 trials each: 40 labelled traces

const items = loadTauBench();
if (!items) {
  console.log('bench:quality skipped: ../shared/data/tau-bench/gpt-4o-airline.json not found');
  process.exit(0);
}
const views = tauViews(items);
const taskIds = [...new Set(items.map((i) => i.task_id))].sort((a, b) => a - b);
const noPython = pythonUnavailableReason();

type Row = {
  name: string;
  kind: string;
  positives: number;
  accuracy: number[];
  kappa: (number | null)[];
  baseline: number[];
  rewardKappa: (number | null)[];
  pythonAgrees: string;
  rules: string;
};

const agree = (verdicts: boolean[], labels: boolean[]): Judgement[] =>
  verdicts.map((v, i) => ({ label: labels[i] ? 'positive' : 'negative', verdict: v }));

/**
 * 10 task ids (40 traces), seeded; like a person labelling, the pick includes some tasks with
 * minority-label traces (at least 2, or their share of all tasks), the rest drawn at random.
 */
function pickTrainTasks(labels: boolean[], split: number): Set<number> {
  const shuffled = shuffleSeeded(taskIds, createSeededRandom(100 + split));
  const minorityLabel = labels.filter(Boolean).length * 2 < labels.length;
  const hasMinority = new Set(
    items!.filter((_, i) => labels[i] === minorityLabel).map((i) => i.task_id),
  );
  const want = Math.min(
    hasMinority.size,
    Math.max(2, Math.round((TRAIN_TASKS * hasMinority.size) / taskIds.length)),
  );
  const chosen = shuffled.filter((t) => hasMinority.has(t)).slice(0, want);
  for (const t of shuffled) {
    if (chosen.length >= TRAIN_TASKS) {
      break;
    }
    if (
      !chosen.includes(t) &&
      (!hasMinority.has(t) || chosen.filter((c) => hasMinority.has(c)).length < want)
    ) {
      chosen.push(t);
    }
  }
  return new Set(chosen);
}

function evaluate(
  criterion: Criterion | { name: string; kind: string; label: (i: TauBenchItem) => boolean },
): Row {
  const labels = items!.map((i) => criterion.label(i));
  const reward = items!.map((i) => (i.reward ?? 0) > 0);
  const row: Row = {
    name: criterion.name,
    kind: criterion.kind,
    positives: labels.filter(Boolean).length,
    accuracy: [],
    kappa: [],
    baseline: [],
    rewardKappa: [],
    pythonAgrees: noPython ? `n/a (${noPython})` : '',
    rules: '',
  };
  for (let split = 0; split < SPLITS; split++) {
    const train = pickTrainTasks(labels, split);
    const trainRows = items!.map((_, i) => i).filter((i) => train.has(items![i]!.task_id));
    const testRows = items!.map((_, i) => i).filter((i) => !train.has(items![i]!.task_id));
    const result: SynthesisResult = synthesizeEval(
      trainRows.map((i) => ({ view: views[i]!, label: labels[i]! })),
      { name: criterion.name, seed: split + 1 },
    );
    const testViews: EvalView[] = testRows.map((i) => views[i]!);
    const verdicts = testViews.map((v) => result.predict(v).passed);
    const testLabels = testRows.map((i) => labels[i]!);
    const a = computeAgreement(agree(verdicts, testLabels), { bootstrapSamples: 10 });
    row.accuracy.push(a.accuracy?.value ?? 0);
    row.kappa.push(a.kappa?.value ?? null);
    const majority = trainRows.filter((i) => labels[i]).length * 2 >= trainRows.length;
    row.baseline.push(testLabels.filter((l) => l === majority).length / testLabels.length);
    const vsReward = computeAgreement(
      agree(
        verdicts,
        testRows.map((i) => reward[i]!),
      ),
      { bootstrapSamples: 10 },
    );
    row.rewardKappa.push(vsReward.kappa?.value ?? null);
    if (process.env.VERBOSE) {
      console.log(
        criterion.name,
        split,
        a.accuracy?.value,
        result.rulePredicates
          .map((p, k) => `${result.list.rules[k]?.negated ? 'not ' : ''}${p.id}`)
          .join(' | '),
      );
    }
    if (split === 0) {
      row.rules =
        result.list.rules
          .map(
            (r, k) =>
              `${r.negated ? 'not ' : ''}${result.rulePredicates[k]?.id} -> ${r.verdict ? 'pass' : 'fail'}`,
          )
          .join('; ') || `always ${result.list.defaultVerdict ? 'pass' : 'fail'}`;
      if (!noPython) {
        const py = runPythonEval(result.code, testViews);
        const same = py.filter((o, k) => o.ok && o.passed === verdicts[k]).length;
        row.pythonAgrees = `${same}/${py.length}`;
      }
    }
  }
  return row;
}

const mean = (xs: (number | null)[]) => {
  const v = xs.filter((x): x is number => x !== null);
  return v.length ? v.reduce((a, b) => a + b, 0) / v.length : Number.NaN;
};
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const num = (x: number) => (Number.isNaN(x) ? 'n/a' : x.toFixed(2));

const rows = [
  ...CRITERIA.map(evaluate),
  evaluate({
    name: 'task_reward (real reward > 0)',
    kind: 'outcome',
    label: (i) => (i.reward ?? 0) > 0,
  }),
];

console.log(
  `\nOffline synthesiser on tau-bench airline (${items.length} traces, ${taskIds.length} tasks x 4 trials)`,
);
console.log(
  `train: 40 traces (${TRAIN_TASKS} tasks; tasks with minority-label traces in proportion, at least 2), test: the other 160;`,
);
console.log(
  `mean over ${SPLITS} seeded task splits (min in brackets); labels from reference functions the synthesiser never sees\n`,
);
const header = [
  'criterion',
  'kind',
  'pass',
  'held-out acc (min)',
  'kappa',
  'majority acc',
  'kappa vs reward',
  'py=js',
  'target',
];
const table = rows.map((r) => {
  const target = r.kind === 'single' ? 0.95 : r.kind === 'ordering' ? 0.9 : null;
  const acc = mean(r.accuracy);
  return [
    r.name,
    r.kind,
    `${r.positives}/200`,
    `${pct(acc)} (${pct(Math.min(...r.accuracy))})`,
    num(mean(r.kappa)),
    pct(mean(r.baseline)),
    num(mean(r.rewardKappa)),
    r.pythonAgrees,
    target === null ? '-' : acc >= target ? `>=${pct(target)} met` : `>=${pct(target)} MISSED`,
  ];
});
const widths = header.map((h, c) => Math.max(h.length, ...table.map((t) => t[c]!.length)));
const line = (cells: string[]) => cells.map((cell, c) => cell.padEnd(widths[c]!)).join(' | ');
console.log(line(header));
console.log(widths.map((w) => '-'.repeat(w)).join('-|-'));
for (const t of table) {
  console.log(line(t));
}
console.log('\nLearned rules (split 0):');
for (const r of rows) {
  console.log(`  ${r.name}: ${r.rules}`);
}
console.log(
  "\nkappa vs reward: the criterion eval's held-out verdicts against the real task reward;",
);
console.log('a majority-class baseline has kappa 0 against any label.');

// Speed: synthesis on all 200 traces against a baseline of extracting their facts once.
// Wall time suffers when other processes share the cores; CPU time of this process less so.
const timeIt = (fn: () => void) => {
  const runs: { wall: number; cpu: number }[] = [];
  for (let r = 0; r < 5; r++) {
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    const cpu = process.cpuUsage(cpu0);
    runs.push({ wall: performance.now() - t0, cpu: (cpu.user + cpu.system) / 1000 });
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[2]!;
  return { wall: median(runs.map((r) => r.wall)), cpu: median(runs.map((r) => r.cpu)) };
};
const baseline = timeIt(() => {
  for (const v of views) {
    extractFacts(v);
  }
});
console.log(
  `\nSynthesis time, 200 labelled traces (median of 5; target < 2000 ms); baseline = fact extraction ${baseline.wall.toFixed(0)} ms wall, ${baseline.cpu.toFixed(0)} ms CPU`,
);
for (const c of CRITERIA) {
  const labelled = views.map((v, i) => ({ view: v, label: c.label(items[i]!) }));
  const t = timeIt(() => synthesizeEval(labelled, { name: c.name }));
  console.log(
    `  ${c.name.padEnd(36)} ${t.wall.toFixed(0).padStart(5)} ms wall (${(t.wall / baseline.wall).toFixed(1)}x baseline), ${t.cpu.toFixed(0).padStart(5)} ms CPU (${(t.cpu / baseline.cpu).toFixed(1)}x)`,
  );
}
