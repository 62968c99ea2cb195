import { describe, expect, it } from 'vitest';
import { synthesiseEval } from './synthesise-eval';
import { type HelpdeskRun, helpdeskRuns } from './testing/helpdesk-runs';

// Criteria a helpdesk lead would state that need a result field before a call, a quantifier over
// failed calls, or what was said after a failure: learned from 40 labels, judged on 200 others.
const criteria: Record<string, (run: HelpdeskRun) => boolean> = {
  'reset only after identity verified': (run) => run.verifiedBeforeReset,
  'every failed call retried or reported': (run) => run.failuresHandled,
  'no success claimed after a failed change': (run) => !run.falseClaim,
  'asked and got a yes before removing a device': (run) => run.yesBeforeRemoval,
};

describe('learning helpdesk criteria from 40 labels', () => {
  it.each(Object.keys(criteria))('%s', (name) => {
    const label = criteria[name] as (run: HelpdeskRun) => boolean;
    const accuracies = [1, 2, 3, 4, 5].map((seed) => {
      const train = helpdeskRuns(seed, 40);
      const held = helpdeskRuns(seed + 100, 200);
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
