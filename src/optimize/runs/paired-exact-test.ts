import { z } from '@hono/zod-openapi';
import { createSeededRandom } from '@/evals/metrics/seeded-random';
import { signTest } from '@/evals/metrics/sign-test';

/** A paired comparison as the API shows it (what `pairedExactTest` returns). */
export const PairedTestView = z.object({
  n: z.number().int().openapi({ description: 'Pairs compared' }),
  wins: z.number().int().openapi({ description: 'Pairs where the second side scored higher' }),
  losses: z.number().int(),
  ties: z.number().int(),
  meanDifference: z.number(),
  /** Two-sided exact sign test over the non-tied pairs. */
  signTestP: z.number(),
  /** Two-sided sign-flip permutation test on the mean difference: exact up to 20 pairs. */
  permutationP: z.number(),
  permutationMethod: z.enum(['exact', 'monte-carlo']),
});

export type PairedTest = z.infer<typeof PairedTestView>;

const EXACT_LIMIT = 20;
const SAMPLES = 100_000;

/**
 * Paired differences `b - a` per task: the sign test and the sign-flip permutation test (under
 * no difference each pair's sign is a coin flip). Exact enumeration up to 20 non-zero pairs,
 * else 100 000 seeded random flips.
 */
export function pairedExactTest(differences: number[]): PairedTest {
  const nonZero = differences.filter((d) => d !== 0);
  const wins = nonZero.filter((d) => d > 0).length;
  const losses = nonZero.length - wins;
  const sum = differences.reduce((a, b) => a + b, 0);
  const observed = Math.abs(sum) - 1e-12;
  let extreme = 0;
  let total = 0;
  const exact = nonZero.length <= EXACT_LIMIT;
  if (exact) {
    total = 2 ** nonZero.length;
    for (let mask = 0; mask < total; mask++) {
      let s = 0;
      for (let i = 0; i < nonZero.length; i++) {
        s += mask & (1 << i) ? -(nonZero[i] as number) : (nonZero[i] as number);
      }
      if (Math.abs(s) >= observed) {
        extreme++;
      }
    }
  } else {
    // seeded, so a Monte Carlo p-value is the same on every call
    const random = createSeededRandom(nonZero.length);
    total = SAMPLES;
    for (let j = 0; j < SAMPLES; j++) {
      let s = 0;
      for (const d of nonZero) {
        s += random() < 0.5 ? -d : d;
      }
      if (Math.abs(s) >= observed) {
        extreme++;
      }
    }
  }
  return {
    n: differences.length,
    wins,
    losses,
    ties: differences.length - nonZero.length,
    meanDifference: differences.length ? sum / differences.length : 0,
    signTestP: signTest(wins, losses).twoSided,
    permutationP: nonZero.length === 0 ? 1 : extreme / total,
    permutationMethod: exact ? 'exact' : 'monte-carlo',
  };
}
