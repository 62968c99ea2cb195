import type { GepaState } from '../engine-types';

/**
 * A key that changes with every stage the engine takes (an evaluation spends rollouts, a
 * reflection adds a call): the optimistic lock of a save, so a stage run twice saves once.
 */
export function stageKey(state: GepaState): string {
  return `${state.rolloutsUsed}.${state.reflection.calls}.${state.stage.kind}`;
}
