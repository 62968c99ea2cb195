import { describe, expect, it } from 'vitest';
import { describeResult, formatUsd } from './job-result';
import type { Job } from './types';

const run = (result: Job['result']) =>
  ({ status: 'succeeded', type: 'eval.execute', result }) as const;

describe('describeResult', () => {
  it("adds an eval run's model calls, cache hits and cost", () => {
    const counts = { total: 13, passed: 6, failed: 7, errors: 0 };
    expect(describeResult(run(counts))).toBe('Ran on 13 traces: 6 pass, 7 fail, 0 errors.');
    const model = { model: 'gpt-4o-mini', calls: 1, cacheHits: 12, costUsd: 0.0000186 };
    expect(describeResult(run({ ...counts, model }))).toBe(
      'Ran on 13 traces: 6 pass, 7 fail, 0 errors. Asked gpt-4o-mini: 1 model call, 12 answered from the cache, $0.000019.',
    );
  });

  it('writes cents from one cent up', () => {
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(1.234)).toBe('$1.23');
  });
});
