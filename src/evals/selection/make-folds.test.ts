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

  // Whole tasks of uneven sizes, each all pass or all fail (as task clusters of a tasks index are).
  const sizes = [5, 4, 2, 5, 5, 2, 5, 3, 6, 3];
  const verdicts = [true, false, true, true, false, true, false, true, true, true];
  const clustered = sizes.flatMap((n, g) => Array.from({ length: n }, () => `t${g}`));
  const clusteredLabels = sizes.flatMap((n, g) =>
    Array.from({ length: n }, () => verdicts[g] as boolean),
  );

  it('keeps fold sizes within one largest group of each other', () => {
    // the previous placement gave test folds of 8, 12, 7, 8 and 5 traces here
    for (const seed of [1, 2, 3, 4, 5]) {
      const lengths = makeGroupedFolds(clustered, clusteredLabels, 5, seed).map(
        (f) => f.test.length,
      );
      expect(Math.max(...lengths) - Math.min(...lengths)).toBeLessThanOrEqual(Math.max(...sizes));
    }
  });

  it('does not depend on the order the traces come in', () => {
    const order = clustered.map((_, i) => i).reverse();
    const folds = makeGroupedFolds(clustered, clusteredLabels, 5, 2);
    const reversed = makeGroupedFolds(
      order.map((i) => clustered[i] as string),
      order.map((i) => clusteredLabels[i] as boolean),
      5,
      2,
    );
    const groupSets = (fs: typeof folds, gs: string[]) =>
      fs.map((f) => [...new Set(f.test.map((i) => gs[i]))].sort().join(',')).sort();
    expect(
      groupSets(
        reversed,
        order.map((i) => clustered[i] as string),
      ),
    ).toEqual(groupSets(folds, clustered));
  });

  it('uses fewer folds than asked when there are fewer traces', () => {
    expect(makeGroupedFolds(['a', 'b'], [true, false], 5)).toHaveLength(2);
    expect(makeGroupedFolds(['a', 'a', 'b'], [true, false, true], 5)).toHaveLength(3);
  });

  // 30 runs in one "group" (6 distinct first messages x 5 runs each) and 10 single runs.
  const chained = Array.from({ length: 40 }, (_, i) => (i < 30 ? 'chain' : `solo${i}`));
  const chainedLabels = chained.map((_, i) => i % 3 !== 0);
  const message = (i: number) => (i < 30 ? `m${i % 6}` : `own${i}`);
  const finer = (i: number) => [chained[i] as string, message(i), `content${i}`];

  it('splits a group larger than a fold share by its finer keys, keeping parts that fit whole', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const folds = makeGroupedFolds(chained, chainedLabels, 5, seed, finer);
      expect(folds).toHaveLength(5);
      for (const fold of folds) {
        expect(fold.train.length).toBeGreaterThanOrEqual(30);
        const held = new Set(fold.test.map(message));
        expect(fold.train.some((i) => held.has(message(i)))).toBe(false);
      }
    }
  });

  it('deals members alike in every key in turns, passes and fails alike', () => {
    const same = Array.from({ length: 20 }, () => 'g');
    const labels = same.map((_, i) => i < 10);
    const folds = makeGroupedFolds(same, labels, 5, 1);
    expect(folds.map((f) => f.test.length)).toEqual([4, 4, 4, 4, 4]);
    for (const fold of folds) {
      expect(fold.test.filter((i) => labels[i]).length).toBe(2);
    }
  });
});
