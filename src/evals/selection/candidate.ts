import type { EvalView } from '@/core/eval-view';
import type { HumanLabel } from '../metrics/confusion';

/** A labelled trace as selection sees it; neutral labels are excluded and counted. */
export type LabelledTrace = { view: EvalView; label: HumanLabel };

/** A training example: `label` true = should pass; `group` keeps near-duplicates together. */
export type TrainingExample = { view: EvalView; label: boolean; group: string };

/** A candidate that learns from labels (the synthesiser): retrained on every fold's training part. */
export type TrainableCandidate = {
  kind: 'trainable';
  id: string;
  train(examples: TrainingExample[]): Promise<TrainedCode> | TrainedCode;
};

/**
 * Code learned on one fold. `predict`, when given, is the code's exact twin in JS (the
 * synthesiser's, held to it by the parity test): held-out verdicts and their reasons come from
 * it, not a sandbox.
 */
export type TrainedCode = {
  code: string;
  predict?(view: EvalView): { passed: boolean; reason: string };
};

/** Code fixed in advance (an LLM's): judged only on traces its prompt did not contain. */
export type FixedCandidate = {
  kind: 'fixed';
  id: string;
  code: string;
  /** Trace ids shown in the generation prompt; they and their near-duplicates are not judged. */
  promptTraceIds: Iterable<string>;
};

export type Candidate = TrainableCandidate | FixedCandidate;

/** Runs eval code on traces: one verdict per trace, `null` when the eval errored on it. */
export type RunCandidate = (code: string, traces: EvalView[]) => Promise<(boolean | null)[]>;

/** Lines of code that are neither blank nor comments: the simplicity tie-breaker. */
export function codeSize(code: string): number {
  return code.split('\n').filter((line) => {
    const t = line.trim();
    return t !== '' && !t.startsWith('#');
  }).length;
}
