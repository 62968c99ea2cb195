import { describe } from 'vitest';
import { itLearnsEachFrom40 } from './testing/expect-learned';
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
  // the target for pattern, conjunction and ordering criteria: mean held-out >= 90%
  itLearnsEachFrom40(helpdeskRuns, criteria);
});
