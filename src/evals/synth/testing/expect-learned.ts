import { expect, it } from 'vitest';
import type { EvalView } from '@/core/eval-view';
import { synthesiseEval } from '../synthesise-eval';

/**
 * Learns `label` from 40 runs and judges 200 others, for seeds 1 to 5: every seed beats always
 * giving the majority verdict, and the mean held-out accuracy is at least 90%.
 */
export function expectLearnedFrom40<R extends { view: EvalView }>(
  runs: (seed: number, n: number) => R[],
  label: (run: R) => boolean,
) {
  const accuracies = [1, 2, 3, 4, 5].map((seed) => {
    const train = runs(seed, 40);
    const held = runs(seed + 100, 200);
    const result = synthesiseEval(train.map((run) => ({ view: run.view, label: label(run) })));
    const right = held.filter((run) => result.predict(run.view).passed === label(run)).length;
    const majority = held.filter(label).length;
    // never below always giving the majority verdict
    expect(right, `seed ${seed}: ${result.rules.join('; ')}`).toBeGreaterThan(
      Math.max(majority, held.length - majority),
    );
    return right / held.length;
  });
  expect(accuracies.reduce((a, b) => a + b) / accuracies.length).toBeGreaterThanOrEqual(0.9);
}

/** One test per criterion, named by it: each is learned as `expectLearnedFrom40` asks. */
export function itLearnsEachFrom40<R extends { view: EvalView }>(
  runs: (seed: number, n: number) => R[],
  criteria: Record<string, (run: R) => boolean>,
) {
  it.each(Object.entries(criteria))('%s', (_name, label) => expectLearnedFrom40(runs, label));
}
