import { z } from '@hono/zod-openapi';
import { PairedTestView } from '@/optimize/runs/paired-exact-test';

/** Seed vs winner on the test split: per-task scores, means and the paired exact tests. */
export const SeedVsWinner = PairedTestView.extend({
  meanSeed: z.number(),
  meanWinner: z.number(),
  seedScores: z.array(z.number()),
  winnerScores: z.array(z.number()),
});
export type SeedVsWinner = z.infer<typeof SeedVsWinner>;

/** What a finished run found on its test split (stored on the run, shown in its view). */
export const GepaTestReport = z
  .object({
    seed: z.number().int(),
    winner: z.number().int(),
    stopReason: z.string(),
    testTasks: z.number().int(),
    /** The reward on the test split (null: the run has no test split). */
    test: SeedVsWinner.nullable().openapi({ description: 'The reward, seed vs winner on test' }),
    /** A reward gamed shows here. */
    shadow: z
      .array(SeedVsWinner.extend({ eval: z.string() }))
      .optional()
      .openapi({ description: "Each shadow eval's pass rate, seed vs winner on test" }),
    /** The winner as a candidate agent version (never active); null when the seed won. */
    candidateVersionId: z.string().nullable(),
    reviewQueueId: z.string().nullable(),
    reviewTraceIds: z.array(z.string()),
  })
  .openapi('GepaTestReport');
export type GepaTestReport = z.infer<typeof GepaTestReport>;
