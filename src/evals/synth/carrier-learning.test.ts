import { describe, expect, it } from 'vitest';
import { synthesiseEval } from './synthesise-eval';
import { type CarrierRun, carrierRuns } from './testing/carrier-runs';

// Criteria a carrier's support lead would state that need a number against a fixed limit, or an
// identifier's full shape (its prefix, classes and length) rather than its length alone: learned
// from 40 labels, judged on 200 others.
const criteria: Record<string, (run: CarrierRun) => boolean> = {
  'every credit was at most 50': (run) => run.creditWithinLimit,
  'every order looked up was ORD- and six digits': (run) => run.orderIdsWellFormed,
  'every SIM activated was SIM and ten digits': (run) => run.simIdsWellFormed,
};

describe('learning carrier criteria from 40 labels', () => {
  it.each(Object.keys(criteria))('%s', (name) => {
    const label = criteria[name] as (run: CarrierRun) => boolean;
    const accuracies = [1, 2, 3, 4, 5].map((seed) => {
      const train = carrierRuns(seed, 40);
      const held = carrierRuns(seed + 100, 200);
      const result = synthesiseEval(train.map((run) => ({ view: run.view, label: label(run) })));
      const right = held.filter((run) => result.predict(run.view).passed === label(run)).length;
      const majority = held.filter(label).length;
      // never below always giving the majority verdict
      expect(right, `seed ${seed}: ${result.rules.join('; ')}`).toBeGreaterThan(
        Math.max(majority, held.length - majority),
      );
      return right / held.length;
    });
    // the target for pattern, conjunction and ordering criteria: mean held-out >= 90%
    expect(accuracies.reduce((a, b) => a + b) / accuracies.length).toBeGreaterThanOrEqual(0.9);
  });
});
