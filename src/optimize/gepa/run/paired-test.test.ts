import { describe, expect, it } from 'vitest';
import { pairedSignTest } from './paired-test';

describe('paired sign test', () => {
  it('matches the exact binomial by hand: 5 better, 0 worse gives 2/32', () => {
    const t = pairedSignTest([0, 0, 0, 0, 0, 1], [1, 1, 1, 1, 1, 1]);
    expect(t).toMatchObject({ tasks: 6, better: 5, worse: 0, ties: 1 });
    expect(t.pValue).toBeCloseTo(2 / 32, 12);
    expect(t.meanDifference).toBeCloseTo(5 / 6, 12);
  });

  it('is symmetric and caps at 1: 3 better and 3 worse; all ties', () => {
    const t = pairedSignTest([1, 1, 1, 0, 0, 0], [0, 0, 0, 1, 1, 1]);
    // P(X <= 3 | n 6) = 42/64, doubled and capped
    expect(t.pValue).toBe(1);
    expect(pairedSignTest([0.5, 1], [0.5, 1]).pValue).toBe(1);
    // 1 better, 4 worse: 2 * (1 + 5) / 32
    expect(pairedSignTest([1, 1, 1, 1, 0], [0, 0, 0, 0, 1]).pValue).toBeCloseTo(12 / 32, 12);
  });

  it('stays finite for many tasks and refuses unequal lists', () => {
    const seed = Array.from({ length: 2000 }, () => 0);
    const winner = seed.map((_, i) => (i % 3 === 0 ? 0 : 1));
    const t = pairedSignTest(seed, winner);
    expect(t.pValue).toBeGreaterThanOrEqual(0);
    expect(t.pValue).toBeLessThan(1e-10);
    expect(() => pairedSignTest([0], [])).toThrow(/differ in length/);
  });
});
