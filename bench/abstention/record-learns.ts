// Records, for every learn of bench:quality's criteria and the dev criteria beside them, what the
// version-or-abstain decision reads (the fold models' held-out verdicts with each trace's group,
// the final version's fit) and what it would have been worth: the final version forced, judged on
// the held-out traces against the training majority, as bench:quality judges it.
// Usage: npx tsx bench/abstention/record-learns.ts [--set bench|dev|all] [--from 1] [--seeds 5]
//        [--out file.json]; then compare-decisions.ts reads the file.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { finerKeys, groupTraces } from '@/evals/selection/group-traces';
import { judgeAgainstBaseline } from '@/evals/selection/judge-against-baseline';
import { makeGroupedFolds } from '@/evals/selection/make-folds';
import { synthesiseEval } from '@/evals/synth/synthesise-eval';
import { createFactsCache } from '@/evals/synth/trace-facts';
import { codingDomain, type Domain, tauDomain } from '../quality/domains';
import { splitByGroup } from '../quality/split';
import { CODING_DEV, type DevCriterion, TAU_DEV } from './dev-criteria';
import type { LearnRecord } from './learn-record';

const { values } = parseArgs({
  options: {
    set: { type: 'string', default: 'all' },
    from: { type: 'string', default: '1' },
    seeds: { type: 'string', default: '5' },
    out: { type: 'string', default: 'learns.json' },
  },
});

type Labelled = { set: 'bench' | 'dev'; id: string; kind: string; labels: boolean[] };

const ruleIds = (r: ReturnType<typeof synthesiseEval>) =>
  r.rulePredicates.map((p, k) => `${r.list.rules[k]?.negated ? 'not ' : ''}${p.id}`).join(' ; ');

/** One learn as learner.ts makes it (5 grouped folds, the final version on all 40 labels). */
function record(d: Domain, c: Labelled, train: number[], test: number[], seed: number) {
  const examples = train.map((i) => ({ view: d.views[i]!, label: c.labels[i]! }));
  const groups = groupTraces(examples.map((e) => e.view));
  const labels = examples.map((e) => e.label);
  const factsOf = createFactsCache();
  const held: LearnRecord['held'] = [];
  const foldRules: string[] = [];
  const folds = makeGroupedFolds(groups, labels, 5, seed, (i) => finerKeys(examples[i]!.view));
  folds.forEach((f, fold) => {
    const model = synthesiseEval(
      f.train.map((i) => examples[i]!),
      { name: 'x', seed, groups: f.train.map((i) => groups[i]!), factsOf },
    );
    foldRules.push(ruleIds(model));
    for (const i of f.test) {
      held.push({ i, fold, verdict: model.predict(examples[i]!.view).passed });
    }
  });
  const result = synthesiseEval(examples, { name: 'x', seed, groups, factsOf });
  const fitted = examples.map((e) => result.predict(e.view).passed);
  const b = judgeAgainstBaseline(
    held.map((h) => ({ label: labels[h.i] ? 'positive' : 'negative', verdict: h.verdict })),
    {
      n: labels.length,
      wrong: fitted.filter((v, i) => v !== labels[i]).length,
      passed: fitted.filter(Boolean).length,
    },
  );
  const testLabels = test.map((i) => c.labels[i]!);
  const forced = test.filter((i, k) => result.predict(d.views[i]!).passed === testLabels[k]);
  const majority = labels.filter(Boolean).length * 2 >= labels.length;
  const rec: LearnRecord = {
    set: c.set,
    domain: d.name,
    id: c.id,
    kind: c.kind,
    seed,
    labels,
    groups,
    held,
    fitted,
    rules: ruleIds(result) || 'const',
    foldRules,
    clear: b.clear,
    estimate: b.accuracy,
    heldOutAccuracy: b.heldOutAccuracy,
    wins: b.wins,
    losses: b.losses,
    forcedAccuracy: forced.length / test.length,
    majorityAccuracy: testLabels.filter((l) => l === majority).length / test.length,
  };
  return rec;
}

const devOf = (name: string): DevCriterion[] => (name === 'tau-airline' ? TAU_DEV : CODING_DEV);
const records: LearnRecord[] = [];
for (const d of [tauDomain(), codingDomain()].filter((x): x is Domain => x !== null)) {
  const seeds = Array.from({ length: Number(values.seeds) }, (_, k) => Number(values.from) + k);
  const criteria: Labelled[] = [
    ...(values.set === 'dev'
      ? []
      : d.criteria.map((c) => ({
          set: 'bench' as const,
          id: c.id,
          kind: c.kind,
          labels: c.labels(),
        }))),
    ...(values.set === 'bench'
      ? []
      : devOf(d.name).map((c) => ({
          set: 'dev' as const,
          id: c.id,
          kind: c.kind,
          labels: d.views.map(c.label),
        }))),
  ];
  for (const c of criteria) {
    for (const seed of seeds) {
      const { train, test } = splitByGroup(d.groups, seed, 40);
      records.push(record(d, c, train, test, seed));
    }
    console.error(`${c.id}: ${seeds.length} learns`);
  }
}
writeFileSync(values.out ?? 'learns.json', JSON.stringify(records));
