import { describe, expect, it } from 'vitest';
import { shuffleSeeded } from '@/evals/metrics/seeded-random';
import { bestCandidate } from './final-pick';
import { runToEnd } from './gepa-adapter';
import { initState } from './init-state';
import { Rng } from './rng';
import { GOLDEN_CONFIG, GOLDEN_TASKS, keywordAdapter } from './testing/keyword-world';

const tasks = GOLDEN_TASKS;

const config = GOLDEN_CONFIG;

describe('GEPA engine golden trace (§1.11: 3 train, 2 val, b=2, seed 7, budget 20)', () => {
  it('the two shuffles the trace relies on are the RNG draws after one parent draw each', () => {
    // iteration 0 draws the parent (one draw, a single survivor) then shuffles the train ids
    const rng = Rng.fromSeed(7);
    rng.int(2);
    expect(shuffleSeeded(['t1', 't2', 't3'], () => rng.next())).toEqual(['t2', 't3', 't1']);
  });

  it('follows the hand-computed sequence of parents, minibatches, acceptances, fronts and budget', async () => {
    const fronts: unknown[] = [];
    const end = await runToEnd(
      initState(config, { system: 'Be brief.' }),
      keywordAdapter(tasks),
      (s) => {
        if (s.stage.kind === 'parent-mb' || s.stage.kind === 'done') {
          fronts.push(s.fronts);
        }
      },
    );
    const trace = end.iterations.map((it) => ({
      i: it.i,
      parents: it.parents,
      batch: it.taskIds,
      parentScores: it.parentScores,
      childScores: it.childScores,
      outcome: it.outcome,
      proposal: it.proposal?.system,
      budget: it.rolloutsAfter,
    }));
    // seed: v1, v2 both 0 (no keyword) -> 2 rollouts; every front = {0}.
    // i=0: one survivor (0); shuffle t2 t3 t1, padded with the last least-used id: t2 t3 t1 t1;
    //   block 0 = t2 t3, parent scores 0 0 (+2 = 4); the reflector appends beta (t2) and alpha
    //   (t3): child scores 1 and 0.5, sum 1.5 > 0 -> accepted (+2 = 6), val 1 1 (+2 = 8).
    // i=1: fronts hold only 1; block 1 = t1 t1, both 1 -> skipped as perfect; t1 runs once
    //   (+1 = 9).
    // i=2: 4 / 4 = epoch 1 -> reshuffle t3 t2 t1 + t1; block 0 = t3 t2, parent 0.5 1 (+2 = 11);
    //   the reflector appends gamma (t3): child 1 1, sum 2 > 1.5 -> accepted (+2 = 13), val (+2 = 15).
    // i=3 would cost up to 2*2 + 2 = 6 > 20 - 15 left -> stopped: budget.
    expect(trace).toEqual([
      {
        i: 0,
        parents: [0],
        batch: ['t2', 't3'],
        parentScores: [0, 0],
        childScores: [1, 0.5],
        outcome: 'accepted',
        proposal: 'Be brief. beta alpha',
        budget: 8,
      },
      {
        i: 1,
        parents: [1],
        batch: ['t1', 't1'],
        parentScores: [1, 1],
        childScores: undefined,
        outcome: 'skipped-perfect',
        proposal: undefined,
        budget: 9,
      },
      {
        i: 2,
        parents: [1],
        batch: ['t3', 't2'],
        parentScores: [0.5, 1],
        childScores: [1, 1],
        outcome: 'accepted',
        proposal: 'Be brief. beta alpha gamma',
        budget: 15,
      },
    ]);
    expect(fronts).toEqual([
      { v1: { best: 0, members: [0] }, v2: { best: 0, members: [0] } },
      { v1: { best: 1, members: [1] }, v2: { best: 1, members: [1] } },
      { v1: { best: 1, members: [1] }, v2: { best: 1, members: [1] } },
      { v1: { best: 1, members: [1, 2] }, v2: { best: 1, members: [1, 2] } },
    ]);
    expect(end.stage).toEqual({ kind: 'done', reason: 'budget' });
    expect(end.rolloutsUsed).toBe(15);
    expect(end.sampler).toEqual({ shuffled: ['t3', 't2', 't1', 't1'], epoch: 1 });
    expect(end.candidates.map((c) => [c.valAverage, c.parents, c.discoveredAt])).toEqual([
      [0, [], 2],
      [1, [0], 8],
      [1, [1], 15],
    ]);
    // candidates 1 and 2 tie on val: the lower index wins
    expect(bestCandidate(end)).toBe(1);
    expect(end.reflection.calls).toBe(2);
  });
});
