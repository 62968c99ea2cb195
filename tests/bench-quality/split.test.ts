import { describe, expect, it } from 'vitest';
import { planSplits, splitByGroup } from '../../bench/quality/split';

// 50 groups of 4, like tau-bench's tasks x trials, interleaved as in the data file.
const groups = Array.from({ length: 200 }, (_, i) => `task-${Math.floor(i / 4)}`);

describe('bench:quality splits', () => {
  it('gives the same split for the same seed and different splits for different seeds', () => {
    expect(splitByGroup(groups, 3, 40)).toEqual(splitByGroup(groups, 3, 40));
    const trains = planSplits(groups, 5, 40).map((s) => s.train.join(','));
    expect(new Set(trains).size).toBe(5);
  });

  it('takes exactly 40 training rows as whole groups and holds out every other row', () => {
    for (const { train, test } of planSplits(groups, 5, 40)) {
      expect(train).toHaveLength(40);
      expect([...train, ...test].sort((a, b) => a - b)).toEqual(groups.map((_, i) => i));
      const trainGroups = new Set(train.map((i) => groups[i]));
      const testGroups = new Set(test.map((i) => groups[i]));
      expect(trainGroups.size).toBe(10);
      expect([...trainGroups].filter((g) => testGroups.has(g))).toEqual([]);
    }
  });

  it('never straddles a group when group sizes are uneven', () => {
    const uneven = ['a', 'a', 'a', 'b', 'c', 'c', 'd', 'd', 'd', 'd', 'e', 'e'];
    for (let seed = 1; seed <= 20; seed++) {
      const { train, test } = splitByGroup(uneven, seed, 5);
      expect(train.length).toBeLessThanOrEqual(5);
      const inTrain = new Set(train.map((i) => uneven[i]));
      expect(test.some((i) => inTrain.has(uneven[i]))).toBe(false);
    }
  });

  it('does not depend on the order of the rows, only on the group ids', () => {
    const reversed = [...groups].reverse();
    const a = splitByGroup(groups, 2, 40).train.map((i) => groups[i]);
    const b = splitByGroup(reversed, 2, 40).train.map((i) => reversed[i]);
    expect(new Set(a)).toEqual(new Set(b));
  });

  it('reads group ids only: rows whose labels throw when read still split', () => {
    const rows = groups.map((group) => ({
      group,
      get label(): boolean {
        throw new Error('the split read a label');
      },
    }));
    expect(() =>
      planSplits(
        rows.map((r) => r.group),
        5,
        40,
      ),
    ).not.toThrow();
    expect(
      planSplits(
        rows.map((r) => r.group),
        5,
        40,
      ),
    ).toEqual(planSplits(groups, 5, 40));
  });
});
