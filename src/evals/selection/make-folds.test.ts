import { describe, expect, it } from 'vitest';
import { makeGroupedFolds } from './make-folds';

describe('makeGroupedFolds', () => {
  const groups = Array.from({ length: 40 }, (_, i) => `task${Math.floor(i / 4)}`);
  const labels = groups.map((_, i) => i % 4 !== 0 || i < 8);

  it('puts every trace in exactly one test fold and keeps each group in one fold', () => {
    const folds = makeGroupedFolds(groups, labels, 5, 7);
    expect(folds).toHaveLength(5);
    const seen = folds.flatMap((f) => f.test).sort((a, b) => a - b);
    expect(seen).toEqual(groups.map((_, i) => i));
    for (const fold of folds) {
      const testGroups = new Set(fold.test.map((i) => groups[i]));
      expect(fold.train.some((i) => testGroups.has(groups[i]))).toBe(false);
      expect(fold.train.length + fold.test.length).toBe(40);
      expect(fold.test.length).toBe(8);
    }
  });

  it('is deterministic for a seed', () => {
    expect(makeGroupedFolds(groups, labels, 5, 3)).toEqual(makeGroupedFolds(groups, labels, 5, 3));
  });

  it('spreads the minority label over folds', () => {
    const rare = groups.map((_, i) => i >= 12);
    for (const fold of makeGroupedFolds(groups, rare, 3, 1)) {
      expect(fold.test.some((i) => !rare[i])).toBe(true);
    }
  });

  it('uses fewer folds than asked when there are fewer groups', () => {
    expect(makeGroupedFolds(['a', 'a', 'b'], [true, false, true], 5)).toHaveLength(2);
  });
});
