/**
 * bench:gepa bookkeeping (issue #21): the engine's own work per iteration with 500 candidates in
 * the pool and 200 validation tasks — the `step` that takes a child's full validation result (the
 * new candidate joins the fronts, the iteration is recorded) and starts the next iteration (Pareto
 * pruning, weighted parent draw, minibatch). Target < 5 ms.
 *
 * Baseline: the naive recomputation the reference does, in the same rounds: fronts rebuilt from
 * the whole score matrix, then its literal prune loop (rescan from the start after every removal,
 * sets as in Python), then the weighted draw. It is the plain way to get the same parent; the
 * engine keeps fronts incrementally and prunes in one pass, which the tests prove equivalent.
 * Scores have 6 levels (a rollout's share of 5 reward evals), so fronts hold many ties.
 */
import type { GepaState } from '@/optimize/gepa/engine-types';
import { DEFAULT_CONFIG, initState } from '@/optimize/gepa/init-state';
import { addToFronts, type Fronts } from '@/optimize/gepa/pareto';
import { Rng } from '@/optimize/gepa/rng';
import { step } from '@/optimize/gepa/step';
import { interleave, ratioSpread, spread } from '../lib/measure';
import { startBench } from '../lib/report';

const CANDIDATES = 500;
const VAL = 200;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CALLS = 20;
const bench = startBench(
  'gepa-bookkeeping',
  `GEPA engine bookkeeping: ${CANDIDATES} candidates x ${VAL} validation tasks`,
);

const rng = Rng.fromSeed(1);
const valIds = Array.from({ length: VAL }, (_, i) => `v${String(i).padStart(3, '0')}`);
const trainIds = Array.from({ length: 30 }, (_, i) => `t${i}`);
const level = () => rng.int(6) / 5;
const matrix = Array.from({ length: CANDIDATES + 1 }, () => valIds.map(level));

function stateAtChildVal(): GepaState {
  const base = initState(
    { ...DEFAULT_CONFIG, trainIds, valIds, budgetRollouts: 1_000_000, seed: 3 },
    { system: 'seed' },
  );
  let fronts: Fronts = {};
  const candidates = matrix.slice(0, CANDIDATES).map((row, c) => {
    const valScores = Object.fromEntries(valIds.map((id, t) => [id, row[t] as number]));
    fronts = addToFronts(fronts, c, valScores);
    return {
      components: { system: `prompt ${c}` },
      parents: c ? [rng.int(c)] : [],
      valScores,
      valAverage: row.reduce((s, x) => s + x, 0) / VAL,
      nextComponent: 0,
      discoveredAt: c,
      iteration: c - 1,
    };
  });
  return {
    ...base,
    i: 600,
    candidates,
    fronts,
    rolloutsUsed: 10_000,
    current: {
      kind: 'reflective',
      i: 600,
      parent: 7,
      component: 'system',
      taskIds: trainIds.slice(0, 3),
      parentScores: [0, 0, 0],
      proposal: { system: 'child' },
      childScores: [1, 1, 1],
    },
    stage: {
      kind: 'child-val',
      candidate: { system: 'child' },
      taskIds: valIds,
      traces: false,
      rollouts: VAL,
    },
  };
}

const childRow = matrix[CANDIDATES] as number[];
const childResult = {
  kind: 'eval' as const,
  scores: Object.fromEntries(valIds.map((id, t) => [id, childRow[t] as number])),
};

/** The reference's prune (gepa_utils.remove_dominated_programs), literally. */
function naivePrune(fronts: Map<string, Set<number>>, scores: number[]): Map<string, Set<number>> {
  const freq = new Map<number, number>();
  for (const f of fronts.values()) {
    for (const p of f) {
      freq.set(p, (freq.get(p) ?? 0) + 1);
    }
  }
  const programs = [...freq.keys()].sort((a, b) => (scores[a] ?? 0) - (scores[b] ?? 0));
  const dominated = new Set<number>();
  let found = true;
  while (found) {
    found = false;
    for (const y of programs) {
      if (dominated.has(y)) {
        continue;
      }
      const others = new Set(programs.filter((p) => p !== y && !dominated.has(p)));
      const yFronts = [...fronts.values()].filter((f) => f.has(y));
      if (yFronts.every((f) => [...f].some((p) => others.has(p)))) {
        dominated.add(y);
        found = true;
        break;
      }
    }
  }
  return new Map(
    [...fronts].map(([id, f]) => [id, new Set([...f].filter((p) => !dominated.has(p)))]),
  );
}

function naiveIteration(draw: Rng): number {
  const fronts = new Map<string, Set<number>>();
  valIds.forEach((id, t) => {
    const best = Math.max(...matrix.map((row) => row[t] as number));
    fronts.set(id, new Set(matrix.flatMap((row, c) => (row[t] === best ? [c] : []))));
  });
  const averages = matrix.map((row) => row.reduce((s, x) => s + x, 0) / VAL);
  const pruned = naivePrune(fronts, averages);
  const list: number[] = [];
  for (const f of pruned.values()) {
    for (const p of f) {
      list.push(p);
    }
  }
  return draw.choice(list);
}

const start = stateAtChildVal();
let checked = false;
const rounds = await interleave(ROUNDS, {
  engine: () => {
    const times: number[] = [];
    for (let n = 0; n < CALLS; n++) {
      const t = performance.now();
      const next = step(start, childResult).state;
      times.push(performance.now() - t);
      if (!checked) {
        if (next.candidates.length !== CANDIDATES + 1 || next.stage.kind !== 'parent-mb') {
          throw new Error('the engine did not add the child and start the next iteration');
        }
        checked = true;
      }
    }
    return spread(times).median;
  },
  naive: () => {
    const times: number[] = [];
    for (let n = 0; n < 3; n++) {
      const t = performance.now();
      naiveIteration(Rng.fromSeed(n));
      times.push(performance.now() - t);
    }
    return spread(times).median;
  },
});
bench.figure({
  name: 'baseline: naive recomputation (reference loop)',
  unit: 'ms',
  value: spread(rounds.naive),
});
bench.figure({
  name: 'engine step: add child + next iteration head',
  unit: 'ms',
  value: spread(rounds.engine),
  ratio: {
    of: 'baseline: naive recomputation (reference loop)',
    value: ratioSpread(rounds.engine, rounds.naive),
  },
  note: 'target < 5 ms',
});
const json: number[] = [];
for (let n = 0; n < 5; n++) {
  const t = performance.now();
  JSON.stringify(start);
  json.push(performance.now() - t);
}
bench.figure({
  name: 'checkpoint: JSON of the whole state (not bookkeeping)',
  unit: 'ms',
  value: spread(json),
});
bench.note(
  'Each round: the median of 20 engine steps and of 3 naive recomputations (it takes far longer).',
);
bench.done();
