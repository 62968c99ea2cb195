import { describe, expect, it } from 'vitest';
import { signTestPValue } from './sign-test';

describe('signTestPValue', () => {
  it('matches hand-computed binomial tails', () => {
    expect(signTestPValue(5, 0)).toBeCloseTo(1 / 32, 12);
    expect(signTestPValue(4, 0)).toBeCloseTo(1 / 16, 12);
    // n = 6: (C(6,5) + C(6,6)) / 64 = 7/64
    expect(signTestPValue(5, 1)).toBeCloseTo(7 / 64, 12);
    // n = 10: (C(10,9) + C(10,10)) / 1024 = 11/1024
    expect(signTestPValue(9, 1)).toBeCloseTo(11 / 1024, 12);
    // n = 3: (C(3,2) + C(3,3)) / 8 = 1/2
    expect(signTestPValue(2, 1)).toBeCloseTo(0.5, 12);
  });

  it('is 1 when there are no wins, including no discordant pairs at all', () => {
    expect(signTestPValue(0, 0)).toBe(1);
    expect(signTestPValue(0, 7)).toBeCloseTo(1, 12);
  });

  it('stays accurate for many discordant pairs', () => {
    // P(X >= 600) + P(X >= 501) = 1 for n = 1100, by symmetry of the fair binomial.
    const p = signTestPValue(600, 500);
    expect(p).toBeGreaterThan(0);
    expect(p).toBeLessThan(0.01);
    expect(p + signTestPValue(501, 599)).toBeCloseTo(1, 9);
  });

  it('rejects counts that are not whole and non-negative', () => {
    expect(() => signTestPValue(-1, 2)).toThrow(RangeError);
    expect(() => signTestPValue(1.5, 2)).toThrow(RangeError);
  });
});
