import type { Candidate, GepaConfig, GepaState } from './engine-types';
import { Rng } from './rng';
import { initialSampler } from './sampler';

export const DEFAULT_CONFIG = {
  minibatchSize: 3,
  rolloutsPerTask: 1,
  seed: 0,
  selection: 'pareto',
  skipPerfect: true,
  perfectScore: 1,
  maxPromptChars: 20_000,
  maxMerges: 5,
  mergeOverlapFloor: 5,
} as const satisfies Partial<GepaConfig>;

/**
 * The smallest budget that pays for the seed's validation and three proposals, one of them
 * accepted (issue C's formula: |val| + 3(2b) + |val|, times rollouts per task).
 */
export function minimumBudget(valCount: number, minibatchSize: number, rolloutsPerTask: number) {
  return (valCount + 3 * 2 * minibatchSize + valCount) * rolloutsPerTask;
}

/**
 * What a stage over `taskIds` costs: k rollouts per distinct task. The epoch sampler can repeat a
 * task within a minibatch, and a rollout batch runs each distinct task once (its score counts twice).
 */
export function stageRollouts(taskIds: readonly string[], rolloutsPerTask: number): number {
  return new Set(taskIds).size * rolloutsPerTask;
}

/** A fresh run: its first stage evaluates the seed on every validation task. */
export function initState(config: GepaConfig, seed: Candidate): GepaState {
  const rollouts = stageRollouts(config.valIds, config.rolloutsPerTask);
  return {
    version: 1,
    config,
    rng: Rng.fromSeed(config.seed).getState(),
    sampler: initialSampler(),
    i: -1,
    candidates: [],
    fronts: {},
    rolloutsUsed: 0,
    reflection: { calls: 0, inputTokens: 0, outputTokens: 0, usd: 0 },
    merge: { due: 0, tested: 0, lastIterationFoundNew: false, tried: [], built: [] },
    current: null,
    iterations: [],
    stage:
      rollouts > config.budgetRollouts
        ? { kind: 'done', reason: 'budget' }
        : {
            kind: 'seed-val',
            candidate: seed,
            taskIds: [...config.valIds],
            traces: false,
            rollouts,
          },
  };
}
