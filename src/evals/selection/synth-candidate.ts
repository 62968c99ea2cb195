import { type SynthesisOptions, synthesiseEval } from '../synth/synthesise-eval';
import { createFactsCache } from '../synth/trace-facts';
import type { TrainableCandidate } from './candidate';

/** The offline synthesiser as a selection candidate: retrained on each fold's training part. */
export function synthCandidate(
  id = 'synth',
  options: Omit<SynthesisOptions, 'groups'> = {},
): TrainableCandidate {
  const factsOf = createFactsCache();
  return {
    kind: 'trainable',
    id,
    train: (examples) => {
      const result = synthesiseEval(
        examples.map((e) => ({ view: e.view, label: e.label })),
        { ...options, groups: examples.map((e) => e.group), factsOf },
      );
      return { code: result.code, predict: (view) => result.predict(view) };
    },
  };
}
