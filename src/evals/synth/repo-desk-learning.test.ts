import { describe } from 'vitest';
import { itLearnsEachFrom40 } from './testing/expect-learned';
import { type RepoDeskRun, repoDeskRuns } from './testing/repo-desk-runs';

// Criteria a lead would state about a family of codes at a position in a value (a ticket key of
// any project at the start of a commit message, a type then a key in a branch name), where the
// failing runs carry keys too, elsewhere: learned from 40 labels of 10 tasks, judged on 200 runs
// of projects mostly unseen in training.
const criteria: Record<string, (run: RepoDeskRun) => boolean> = {
  'every commit message started with its ticket key': (run) => run.commitsStartWithKey,
  'every branch was named type/TICKET-number-...': (run) => run.branchesNamedByType,
};

describe('learning where a ticket key stands from 40 labels', () => {
  itLearnsEachFrom40(repoDeskRuns, criteria);
});
