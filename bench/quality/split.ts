import { createSeededRandom, shuffleSeeded } from '@/evals/metrics/seeded-random';

export type Split = { train: number[]; test: number[] };

/**
 * Training rows for one seed: whole groups (a tau-bench task, a generated coding task) drawn in a
 * seeded order until `trainSize` rows; every other row is held out. It sees group ids only, never
 * a label, so every criterion of a domain shares the same split for a seed.
 */
export function splitByGroup(groups: readonly string[], seed: number, trainSize: number): Split {
  const sizes = new Map<string, number>();
  for (const g of groups) {
    sizes.set(g, (sizes.get(g) ?? 0) + 1);
  }
  const order = shuffleSeeded([...sizes.keys()].sort(), createSeededRandom(seed));
  const chosen = new Set<string>();
  let count = 0;
  for (const g of order) {
    const size = sizes.get(g) ?? 0;
    if (count + size <= trainSize) {
      chosen.add(g);
      count += size;
    }
    if (count === trainSize) {
      break;
    }
  }
  const train: number[] = [];
  const test: number[] = [];
  groups.forEach((g, i) => {
    (chosen.has(g) ? train : test).push(i);
  });
  return { train, test };
}

/** The splits of one domain for seeds 1..n. */
export function planSplits(groups: readonly string[], seeds: number, trainSize: number): Split[] {
  return Array.from({ length: seeds }, (_, s) => splitByGroup(groups, s + 1, trainSize));
}
