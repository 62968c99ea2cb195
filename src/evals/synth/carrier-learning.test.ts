import { describe } from 'vitest';
import { type CarrierRun, carrierRuns } from './testing/carrier-runs';
import { itLearnsEachFrom40 } from './testing/expect-learned';

// Criteria a carrier's support lead would state that need a number against a fixed limit, or an
// identifier's full shape (its prefix, classes and length) rather than its length alone: learned
// from 40 labels, judged on 200 others.
const criteria: Record<string, (run: CarrierRun) => boolean> = {
  'every credit was at most 50': (run) => run.creditWithinLimit,
  'every order looked up was ORD- and six digits': (run) => run.orderIdsWellFormed,
  'every SIM activated was SIM and ten digits': (run) => run.simIdsWellFormed,
};

describe('learning carrier criteria from 40 labels', () => {
  // the target for pattern, conjunction and ordering criteria: mean held-out >= 90%
  itLearnsEachFrom40(carrierRuns, criteria);
});
