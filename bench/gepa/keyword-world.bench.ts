/**
 * bench:gepa quality (issue #21) on the design's keyword world (§1.11): a task wants some
 * keywords in the prompt and may forbid others; the score is the share of checks passed; the
 * scripted reflector adds the word named by each failed check (or drops a forbidden one). Worlds of
 * 30 train / 15 validation / 20 test tasks in three conflicting families, 5 seeds.
 *
 * At equal budget (rollouts), parent selection by the reference's Pareto rule vs the current best
 * vs a uniformly random parent; baselines: the seed prompt, and a one-shot improve (one reflection
 * over all 30 train tasks, no search). Reported: the picked prompt's score on the test split the
 * engine never saw — median, min and max over the 5 seeds, and the mean in the notes.
 */

import type { ParentSelection } from '@/optimize/gepa/engine-types';
import { bestCandidate } from '@/optimize/gepa/final-pick';
import { runToEnd } from '@/optimize/gepa/gepa-adapter';
import { DEFAULT_CONFIG, initState } from '@/optimize/gepa/init-state';
import { parseReflection } from '@/optimize/gepa/reflection-prompt';
import { keywordAdapter, keywordScore } from '@/optimize/gepa/testing/keyword-world';
import { randomKeywordWorld } from '@/optimize/gepa/testing/random-world';
import { spread } from '../lib/measure';
import { startBench } from '../lib/report';

const SEEDS = [1, 2, 3, 4, 5];
const BUDGET = Number(process.env.BENCH_GEPA_BUDGET ?? 300);
const SEED_PROMPT = { system: 'Answer the user.' };
const bench = startBench(
  'gepa-keyword-world',
  `GEPA on the keyword world: test-split score at ${BUDGET} rollouts`,
);

const results: Record<string, number[]> = {};
const notes: Record<string, string[]> = {};
const record = (name: string, score: number, note?: string) => {
  results[name] = [...(results[name] ?? []), score];
  if (note) {
    notes[name] = [...(notes[name] ?? []), note];
  }
};

for (const seed of SEEDS) {
  const world = randomKeywordWorld(seed, { train: 30, val: 15, test: 20 });
  const byId = new Map(world.tasks.map((t) => [t.id, t]));
  const testScore = (prompt: Record<string, string>) =>
    world.testIds.reduce((s, id) => s + keywordScore(prompt, byId.get(id) as never), 0) /
    world.testIds.length;
  record('seed prompt', testScore(SEED_PROMPT));

  const improve = keywordAdapter(world.tasks);
  const train = await improve.evaluate({
    kind: 'parent-mb',
    candidate: SEED_PROMPT,
    taskIds: world.trainIds,
    traces: true,
    rollouts: world.trainIds.length,
  });
  const answer = await improve.reflect({
    kind: 'reflect',
    component: 'system',
    currentText: SEED_PROMPT.system,
    records: train.records ?? [],
  });
  const improved = parseReflection(answer.answer).text ?? SEED_PROMPT.system;
  record('one-shot improve (30 rollouts)', testScore({ system: improved }));

  for (const selection of ['pareto', 'current-best', 'random'] as ParentSelection[]) {
    const config = {
      ...DEFAULT_CONFIG,
      trainIds: world.trainIds,
      valIds: world.valIds,
      budgetRollouts: BUDGET,
      seed,
      selection,
    };
    const end = await runToEnd(initState(config, SEED_PROMPT), keywordAdapter(world.tasks));
    const best = end.candidates[bestCandidate(end)];
    const accepted = end.iterations.filter((it) => it.outcome === 'accepted').length;
    record(
      `GEPA, ${selection} parent`,
      testScore(best?.components ?? SEED_PROMPT),
      `seed ${seed}: ${end.iterations.length} iterations, ${accepted} accepted, ${end.rolloutsUsed} rollouts, val ${best?.valAverage.toFixed(3)}`,
    );
  }
}

for (const [name, scores] of Object.entries(results)) {
  const mean = scores.reduce((s, x) => s + x, 0) / scores.length;
  bench.figure({ name: `${name}: test score`, unit: 'share', value: spread(scores) });
  bench.note(
    `${name}: mean ${mean.toFixed(3)} over ${scores.length} seeds (${scores.map((x) => x.toFixed(3)).join(', ')})`,
  );
  for (const line of notes[name] ?? []) {
    bench.note(`  ${line}`);
  }
}
bench.done();
