import { describe, expect, it } from 'vitest';
import { pairedExactTest } from './paired-exact-test';

describe('pairedExactTest', () => {
  it('gives the exact sign-test p of 10 wins in 10 pairs (2 / 2^10) and the same by permutation', () => {
    const result = pairedExactTest(Array.from({ length: 10 }, () => 0.5));
    expect(result).toMatchObject({ n: 10, wins: 10, losses: 0, ties: 0, meanDifference: 0.5 });
    expect(result.signTestP).toBeCloseTo(2 / 1024, 12);
    expect(result.permutationP).toBeCloseTo(2 / 1024, 12);
    expect(result.permutationMethod).toBe('exact');
  });

  it('leaves ties out and finds no evidence in a balanced split', () => {
    const result = pairedExactTest([1, -1, 0, 0, 0.5, -0.5]);
    expect(result).toMatchObject({ wins: 2, losses: 2, ties: 2, signTestP: 1, permutationP: 1 });
  });

  it('matches a hand count: differences 1, 1, 1, -1 have 10 of 16 flips as extreme by sum, 10/16 by sign', () => {
    // |sum| >= 2: sums over the 16 sign patterns are ±4 (2), ±2 (8), 0 (6) -> 10 of 16
    const result = pairedExactTest([1, 1, 1, -1]);
    expect(result.permutationP).toBeCloseTo(10 / 16, 12);
    // P(X <= 1 | n 4) = 5/16, two-sided 10/16
    expect(result.signTestP).toBeCloseTo(10 / 16, 12);
  });

  it('falls back to seeded random flips beyond 20 pairs, the same on every call', () => {
    const diffs = Array.from({ length: 30 }, (_, i) => (i % 3 === 0 ? -0.2 : 0.3));
    const a = pairedExactTest(diffs);
    expect(a.permutationMethod).toBe('monte-carlo');
    expect(pairedExactTest(diffs).permutationP).toBe(a.permutationP);
    expect(a.permutationP).toBeLessThan(0.05);
    expect(pairedExactTest([]).permutationP).toBe(1);
  });
});
