// Does labelling the traces suggestLabels picks turn an abstention into a good version more often
// than labelling as many traces at random, or a few more whole tasks? For every learn of
// bench:quality's criteria and the dev criteria beside them (40 labels, as learner.ts learns) that
// abstains, 10 more labels are added from the traces not trained on: (a) suggestLabels' picks
// (committee: the final version and the 5 fold models), (b) 10 at random (seeded), (c) whole
// random tasks until 10 or more (12 here: tasks of 4 runs), (d) the final version alone, no
// committee: 10 traces it judges the rarer verdict of the labels (`finalRarer`); it learns again on
// the 50 (52) and scores every version on the held-out traces none of the four picked. `--all` does
// the same for the learns that created a version, to see what the added labels do there.
// Usage: npx tsx bench/abstention/label-next.ts [--set bench|dev|all] [--from 1] [--seeds 5] [--all]
//        [--rows out.json]; --read a.json,b.json prints the table of rows written before.
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { EvalView } from '@/core/eval-view';
import { createSeededRandom, shuffleSeeded } from '@/evals/metrics/seeded-random';
import { finerKeys, groupTraces } from '@/evals/selection/group-traces';
import { judgeAgainstBaseline } from '@/evals/selection/judge-against-baseline';
import { makeGroupedFolds } from '@/evals/selection/make-folds';
import { suggestLabels } from '@/evals/selection/suggest-labels';
import { suggestRarerFirst } from '@/evals/selection/suggest-rarer-first';
import { synthesiseEval } from '@/evals/synth/synthesise-eval';
import { createFactsCache } from '@/evals/synth/trace-facts';
import { codingDomain, type Domain, tauDomain } from '../quality/domains';
import { splitByGroup } from '../quality/split';
import { CODING_DEV, TAU_DEV } from './dev-criteria';

const { values } = parseArgs({
  options: {
    set: { type: 'string', default: 'all' },
    from: { type: 'string', default: '1' },
    seeds: { type: 'string', default: '5' },
    all: { type: 'boolean', default: false },
    rows: { type: 'string' },
    read: { type: 'string' },
  },
});

type Learn = {
  clear: boolean;
  majority: boolean;
  final: (v: EvalView) => boolean;
  folds: ((v: EvalView) => boolean)[];
};

/** A learn as learner.ts makes it, keeping the fold models and the final version. */
function learn(views: EvalView[], labels: boolean[], seed: number): Learn {
  const examples = views.map((view, i) => ({ view, label: labels[i]! }));
  const groups = groupTraces(views);
  const factsOf = createFactsCache();
  const held: { label: 'positive' | 'negative'; verdict: boolean }[] = [];
  const folds: Learn['folds'] = [];
  for (const f of makeGroupedFolds(groups, labels, 5, seed, (i) => finerKeys(views[i]!))) {
    const model = synthesiseEval(
      f.train.map((i) => examples[i]!),
      { name: 'x', seed, groups: f.train.map((i) => groups[i]!), factsOf },
    );
    folds.push((v) => model.predict(v).passed);
    for (const i of f.test) {
      held.push({
        label: labels[i] ? 'positive' : 'negative',
        verdict: model.predict(views[i]!).passed,
      });
    }
  }
  const result = synthesiseEval(examples, { name: 'x', seed, groups, factsOf });
  const fitted = views.map((v) => result.predict(v).passed);
  const b = judgeAgainstBaseline(held, {
    n: labels.length,
    wrong: fitted.filter((v, i) => v !== labels[i]).length,
    passed: fitted.filter(Boolean).length,
  });
  return { clear: b.clear, majority: b.majority, final: (v) => result.predict(v).passed, folds };
}

type Outcome = {
  created: boolean;
  above: boolean;
  effective: number;
  picked: number;
  /** Of the added labels, how many are of the rarer verdict of the first 40 (`rarer`). */
  rare: number;
  /** Of the added labels, how many the first learn's final version judged the rarer verdict. */
  judged?: number;
};
const STRATEGIES = ['none', 'suggested', 'random', 'tasks', 'final rarer', 'hybrid'] as const;
type Row = {
  set: string;
  seed: number;
  start: 'abstained' | 'created';
  /** How many traces of the pool the first learn's final version judged the rarer verdict. */
  poolRare?: number;
  out: Record<string, Outcome>;
};

/** The 10 (or whole tasks') traces each strategy adds from `pool`. */
function picks(
  d: Domain,
  labels: boolean[],
  train: number[],
  pool: number[],
  l: Learn,
  seed: number,
  rarer: boolean,
) {
  const labelled = train.map((i) => ({ view: d.views[i]!, label: labels[i]! }));
  const suggest = (from: number[], folds: Learn['folds'], n: number) =>
    suggestLabels({
      labelled,
      final: l.final,
      folds,
      unlabelled: from.map((i) => ({ id: String(i), view: d.views[i]! })),
      n,
      seed,
    }).map((s) => Number(s.id));
  const suggested = suggest(pool, l.folds, 10);
  // (d) suggestLabels with the final version alone on the traces it judges the rarer verdict (the
  // same rarer verdict, hash and spread over tasks), then on the rest only if fewer than 10.
  const judgedRare = pool.filter((i) => l.final(d.views[i]!) === rarer);
  const first = suggest(judgedRare, [], 10);
  const rest = pool.filter((i) => l.final(d.views[i]!) !== rarer);
  const finalRarer = [...first, ...suggest(rest, [], 10 - first.length)];
  // (e) hybrid (suggestRarerFirst): final rarer's first part, then the committee on the rest to
  // fill up to 10; the committee alone when the final version judges no trace the rarer verdict
  const hybrid = suggestRarerFirst({
    labelled,
    final: l.final,
    folds: l.folds,
    unlabelled: pool.map((i) => ({ id: String(i), view: d.views[i]! })),
    n: 10,
    seed,
  }).map((s) => Number(s.id));
  const random = shuffleSeeded(pool, createSeededRandom(seed * 7919 + 1)).slice(0, 10);
  const poolGroups = [...new Set(pool.map((i) => d.groups[i]!))].sort();
  const tasks: number[] = [];
  for (const g of shuffleSeeded(poolGroups, createSeededRandom(seed * 7919 + 2))) {
    if (tasks.length >= 10) {
      break;
    }
    tasks.push(...pool.filter((i) => d.groups[i] === g));
  }
  return { none: [], suggested, random, tasks, 'final rarer': finalRarer, hybrid } as Record<
    (typeof STRATEGIES)[number],
    number[]
  >;
}

function run(d: Domain, set: string, labels: boolean[], seed: number): Row | null {
  const { train, test } = splitByGroup(d.groups, seed, 40);
  const first = learn(
    train.map((i) => d.views[i]!),
    train.map((i) => labels[i]!),
    seed,
  );
  if (first.clear && !values.all) {
    return null;
  }
  // the rarer verdict of the 40 labels as suggestLabels counts it (pass when exactly half)
  const rarer = train.filter((i) => labels[i]).length * 2 <= train.length;
  const added = picks(d, labels, train, test, first, seed, rarer);
  const taken = new Set(Object.values(added).flat());
  const scoring = test.filter((i) => !taken.has(i));
  const out: Record<string, Outcome> = {};
  // the same added labels in the same order learn the same: learn each list once
  const learnt = new Map<string, Learn>();
  for (const s of STRATEGIES) {
    const rows = [...train, ...added[s]];
    const key = added[s].join(',');
    const l =
      s === 'none'
        ? first
        : (learnt.get(key) ??
          learn(
            rows.map((i) => d.views[i]!),
            rows.map((i) => labels[i]!),
            seed,
          ));
    learnt.set(key, l);
    const acc = scoring.filter((i) => l.final(d.views[i]!) === labels[i]).length / scoring.length;
    const maj = scoring.filter((i) => labels[i] === l.majority).length / scoring.length;
    out[s] = {
      created: l.clear,
      above: l.clear && acc > maj,
      effective: l.clear ? acc : maj,
      picked: added[s].length,
      rare: added[s].filter((i) => labels[i] === rarer).length,
      judged: added[s].filter((i) => first.final(d.views[i]!) === rarer).length,
    };
  }
  const poolRare = test.filter((i) => first.final(d.views[i]!) === rarer).length;
  return { set, seed, start: first.clear ? 'created' : 'abstained', poolRare, out };
}

const rows: Row[] = values.read
  ? values.read.split(',').flatMap((f) => JSON.parse(readFileSync(f, 'utf8')) as Row[])
  : [];
const seeds = Array.from({ length: Number(values.seeds) }, (_, k) => Number(values.from) + k);
const domains = values.read ? [] : [tauDomain(), codingDomain()];
for (const d of domains.filter((x): x is Domain => x !== null)) {
  const criteria = [
    ...(values.set === 'dev'
      ? []
      : d.criteria.map((c) => ({ set: 'bench', id: c.id, labels: c.labels() }))),
    ...(values.set === 'bench'
      ? []
      : (d.name === 'tau-airline' ? TAU_DEV : CODING_DEV).map((c) => ({
          set: 'dev',
          id: c.id,
          labels: d.views.map(c.label),
        }))),
  ];
  for (const c of criteria) {
    for (const seed of seeds) {
      const row = run(d, c.set, c.labels, seed);
      if (row) {
        rows.push(row);
      }
    }
    console.error(`${d.name} ${c.id}: ${rows.length} rows so far`);
  }
}

if (values.rows) {
  writeFileSync(values.rows, JSON.stringify(rows));
}
const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** One table row per set, start and strategy: labels added, versions created, effective accuracy. */
function printTable(of: Row[], learns = 'learns at 40') {
  console.log(
    `| set | ${learns} | labels added by | labels added (rarer kind) | judged rarer by the final version | versions created | above the majority | effective accuracy |`,
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const set of ['bench', 'dev']) {
    for (const start of ['abstained', 'created'] as const) {
      const some = of.filter((r) => r.set === set && r.start === start);
      for (const s of STRATEGIES) {
        const o = some.flatMap((r) => (r.out[s] ? [r.out[s]] : []));
        if (o.length === 0) {
          continue;
        }
        const sum = (f: (x: Outcome) => number) => o.reduce((a, x) => a + f(x), 0);
        console.log(
          `| ${set} | ${some.length} ${start} | ${s} | ${sum((x) => x.picked)} (${sum((x) => x.rare)}) | ${sum((x) => x.judged ?? 0)} | ${sum((x) => (x.created ? 1 : 0))} | ${sum((x) => (x.above ? 1 : 0))} | ${pct(sum((x) => x.effective) / o.length)} |`,
        );
      }
    }
  }
}

/** Two ways of adding labels, learn by learn: which of the two turned an abstention into a version. */
function printPaired(of: Row[], a: string, b: string) {
  for (const set of ['bench', 'dev']) {
    const paired = of.filter(
      (r) => r.set === set && r.start === 'abstained' && r.out[a] && r.out[b],
    );
    if (paired.length === 0) {
      continue;
    }
    const count = (x: boolean, y: boolean) =>
      paired.filter((r) => r.out[a]?.created === x && r.out[b]?.created === y).length;
    console.log(
      `${set}: of ${paired.length} abstentions, versions from both ${count(true, true)}, from ${a} only ${count(true, false)}, from ${b} only ${count(false, true)}, from neither ${count(false, false)}`,
    );
  }
}

printTable(rows);
if (rows.some((r) => r.out['final rarer'])) {
  console.log('\nWhere the first final version judged no trace of the pool the rarer verdict:\n');
  const constant = (r: Row) => r.poolRare === 0;
  printTable(rows.filter(constant), 'learns');
  console.log('\nWhere it judged some trace of the pool the rarer verdict:\n');
  printTable(
    rows.filter((r) => r.out['final rarer'] && r.poolRare !== undefined && !constant(r)),
    'learns',
  );
  console.log('');
  printPaired(rows, 'suggested', 'final rarer');
  printPaired(rows, 'hybrid', 'suggested');
  printPaired(rows, 'hybrid', 'final rarer');
}
