import { describe, expect, it } from 'vitest';
import { signTest } from './sign-test';

describe('signTest', () => {
  it('is the binomial tail of a fair coin, one- and two-sided', () => {
    expect(signTest(0, 0)).toEqual({ oneSided: 1, midP: 1, twoSided: 1 });
    // 10 of 10: 1/1024 one-sided, 2/1024 two-sided
    expect(signTest(10, 0).oneSided).toBeCloseTo(1 / 1024, 12);
    expect(signTest(10, 0).twoSided).toBeCloseTo(2 / 1024, 12);
    expect(signTest(0, 10).twoSided).toBeCloseTo(2 / 1024, 12);
    expect(signTest(0, 5).oneSided).toBeCloseTo(1, 12);
    // P(X >= 3 | 4) = 5/16; P(X <= 1 | 4) = 5/16, two-sided 10/16
    expect(signTest(3, 1).oneSided).toBeCloseTo(5 / 16, 12);
    expect(signTest(3, 1).twoSided).toBeCloseTo(10 / 16, 12);
    expect(signTest(2, 2).twoSided).toBe(1);
  });

  it('gives 1/16, 1/32 and 1/64 exact and half of each as mid-p for 4, 5 and 6 wins without a loss', () => {
    for (const wins of [4, 5, 6]) {
      expect(signTest(wins, 0).oneSided).toBeCloseTo(0.5 ** wins, 12);
      expect(signTest(wins, 0).midP).toBeCloseTo(0.5 ** (wins + 1), 12);
    }
    // 10 wins and 5 losses: P(X >= 10 | 15) = 4944/32768, P(X = 10) = 3003/32768
    expect(signTest(10, 5).oneSided).toBeCloseTo(4944 / 32768, 12);
    expect(signTest(10, 5).midP).toBeCloseTo((4944 - 3003 / 2) / 32768, 12);
  });
});
