import { describe, expect, it } from 'vitest';
import { synthesiseEval } from './synthesise-eval';
import { paymentRuns } from './testing/payment-runs';

// "Never paid more than the limit it looked up": an argument compared with a number an earlier
// result returned, under field names that differ by lookup tool (a credit limit, an estimate, a
// maximum, an approved amount): learned from 40 labels, judged on 200 others.
describe('learning "paid no more than the amount looked up first" from 40 labels', () => {
  it('beats the majority on every seed and reaches 90% held out on average', () => {
    const accuracies = [1, 2, 3, 4, 5].map((seed) => {
      const train = paymentRuns(seed, 40);
      const held = paymentRuns(seed + 100, 200);
      const result = synthesiseEval(
        train.map((run) => ({ view: run.view, label: run.withinBound })),
      );
      const right = held.filter((run) => result.predict(run.view).passed === run.withinBound);
      const majority = held.filter((run) => run.withinBound).length;
      expect(right.length, `seed ${seed}: ${result.rules.join('; ')}`).toBeGreaterThan(
        Math.max(majority, held.length - majority),
      );
      return right.length / held.length;
    });
    expect(accuracies.reduce((a, b) => a + b) / accuracies.length).toBeGreaterThanOrEqual(0.9);
  });
});
