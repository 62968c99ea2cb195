import type {
  EvalResult,
  EvalStage,
  GepaState,
  ReflectResult,
  ReflectStage,
  StageResult,
} from './engine-types';
import { step } from './step';

/**
 * What the engine needs from the world: run a candidate on tasks (mean score per task, per-eval
 * objectives, reflective records when `stage.traces`) and ask the reflection model for new text.
 * Evaluation must be idempotent per stage, so a stage re-run after a crash pays nothing twice.
 */
export interface GepaAdapter {
  evaluate(stage: EvalStage): Promise<EvalResult>;
  reflect(stage: ReflectStage): Promise<ReflectResult>;
}

export function runStage(adapter: GepaAdapter, state: GepaState): Promise<StageResult> {
  const stage = state.stage;
  if (stage.kind === 'done') {
    throw new Error('the run has stopped');
  }
  return stage.kind === 'reflect' ? adapter.reflect(stage) : adapter.evaluate(stage);
}

/**
 * Runs stages until the engine stops, handing each new state to `save` (a checkpoint) before the
 * next stage starts. `shouldStop` is asked at every stage boundary (cancel).
 */
export async function runToEnd(
  initial: GepaState,
  adapter: GepaAdapter,
  save: (state: GepaState) => void | Promise<void> = () => {},
  shouldStop: () => boolean = () => false,
): Promise<GepaState> {
  let state = initial;
  while (state.stage.kind !== 'done' && !shouldStop()) {
    const result = await runStage(adapter, state);
    state = step(state, result).state;
    await save(state);
  }
  return state;
}
