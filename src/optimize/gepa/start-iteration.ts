import type { GepaState, Stage } from './engine-types';
import { stageRollouts } from './init-state';
import { proposeMerge } from './merge';
import { paretoSurvivors, selectParetoParent } from './pareto';
import { Rng } from './rng';
import { nextMinibatch } from './sampler';

const componentsOf = (state: GepaState) => Object.keys(state.candidates[0]?.components ?? {});

function pickParent(state: GepaState, rng: Rng): number {
  const averages = state.candidates.map((c) => c.valAverage);
  switch (state.config.selection) {
    case 'pareto':
      return selectParetoParent(state.fronts, averages, rng);
    case 'random':
      return rng.int(state.candidates.length);
    case 'current-best':
      return averages.reduce((best, a, n) => (a > (averages[best] ?? 0) ? n : best), 0);
  }
}

/**
 * The iteration head (§1.3 steps 3–5): stop when the iteration's worst case would pass the budget,
 * else attempt a due merge, else pick a parent, its next component and the minibatch.
 */
export function startIteration(state: GepaState): GepaState {
  const cfg = state.config;
  const k = cfg.rolloutsPerTask;
  const val = cfg.valIds.length;
  const left = cfg.budgetRollouts - state.rolloutsUsed;
  const stop = (reason: 'budget' | 'iterations'): GepaState => ({
    ...state,
    current: null,
    stage: { kind: 'done', reason },
  });
  if (cfg.maxIterations !== undefined && state.i + 1 >= cfg.maxIterations) {
    return stop('iterations');
  }
  if ((2 * cfg.minibatchSize + val) * k > left) {
    return stop('budget');
  }

  const i = state.i + 1;
  const rng = Rng.fromState(state.rng);
  let merge = state.merge;
  const mergeOn = cfg.maxMerges > 0 && componentsOf(state).length >= 2;
  if (mergeOn && merge.due > 0 && merge.lastIterationFoundNew) {
    merge = { ...merge, lastIterationFoundNew: false };
    const survivors = paretoSurvivors(
      state.fronts,
      state.candidates.map((c) => c.valAverage),
    );
    const found = proposeMerge(state.candidates, survivors, merge, cfg.mergeOverlapFloor, rng);
    if (found && (found.taskIds.length + val) * k <= left) {
      const sums = found.parents.map((p) =>
        found.taskIds.reduce((s, id) => s + (state.candidates[p]?.valScores[id] ?? 0), 0),
      ) as [number, number];
      const stage: Stage = {
        kind: 'merge-sub',
        candidate: found.proposal,
        taskIds: found.taskIds,
        traces: false,
        rollouts: stageRollouts(found.taskIds, k),
      };
      return {
        ...state,
        i,
        rng: rng.getState(),
        merge: {
          ...merge,
          tried: [...merge.tried, found.tried],
          built: [...merge.built, found.built],
        },
        current: {
          kind: 'merge',
          i,
          parents: found.parents,
          ancestor: found.ancestor,
          taskIds: found.taskIds,
          proposal: found.proposal,
          parentSums: sums,
        },
        stage,
      };
    }
  } else if (mergeOn) {
    merge = { ...merge, lastIterationFoundNew: false };
  }

  const parent = pickParent(state, rng);
  const batch = nextMinibatch(state.sampler, cfg.trainIds, cfg.minibatchSize, i, rng);
  const record = state.candidates[parent];
  if (!record) {
    throw new Error(`parent ${parent} is not in the pool`);
  }
  const names = componentsOf(state).sort();
  const component = names[record.nextComponent % names.length] as string;
  const candidates = [...state.candidates];
  candidates[parent] = { ...record, nextComponent: (record.nextComponent + 1) % names.length };
  return {
    ...state,
    i,
    rng: rng.getState(),
    sampler: batch.sampler,
    merge,
    candidates,
    current: { kind: 'reflective', i, parent, component, taskIds: batch.ids },
    stage: {
      kind: 'parent-mb',
      candidate: record.components,
      taskIds: batch.ids,
      traces: true,
      rollouts: stageRollouts(batch.ids, k),
    },
  };
}
