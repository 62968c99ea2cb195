import { describe, expect, it } from 'vitest';
import type { GenerationJobResult } from '@/evals/jobs/eval-job-handlers';
import { formatGeneration } from './format-generation';

const abstained = (
  suggested: { traceId: string; externalId: string | null; name: string | null; why: string }[],
) =>
  ({
    generationId: 'gen_1',
    evalId: null,
    created: null,
    outcome: 'abstained',
    forced: false,
    rules: [],
    heldOut: null,
    abstention: {
      message: 'No eval found that agrees with your labels better than always saying pass.',
      majority: 'pass',
      baselineAccuracy: 0.67,
      best: null,
      wrong: [],
      labelNext: 'Label more traces that should fail.',
      suggested,
    },
    winner: null,
    candidates: [],
    failed: [],
    labelled: 24,
  }) as unknown as GenerationJobResult;

describe('formatGeneration of an abstention', () => {
  it('lists the unlabelled traces to label next with why, after the advice', () => {
    const out = formatGeneration(
      abstained([
        {
          traceId: 'trc_a',
          externalId: 'conv-7',
          name: null,
          why: 'judged fail, the rarer verdict',
        },
        {
          traceId: 'trc_b',
          externalId: null,
          name: 'refund',
          why: 'from a task none of your labels come from',
        },
      ]),
    );
    const next = out.indexOf('Next: Label more traces that should fail.');
    const table = out.indexOf('Unlabelled traces to label next:');
    expect(next).toBeGreaterThan(-1);
    expect(table).toBeGreaterThan(next);
    expect(out).toMatch(/trc_a\s+conv-7\s+judged fail, the rarer verdict/);
    expect(out).toMatch(/trc_b\s+refund\s+from a task none of your labels come from/);
    expect(out.indexOf('To create a version anyway: --force')).toBeGreaterThan(table);
  });

  it('prints no table when there is nothing to suggest', () => {
    expect(formatGeneration(abstained([]))).not.toMatch(/to label next/);
  });
});
