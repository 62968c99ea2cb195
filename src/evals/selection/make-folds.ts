import { createSeededRandom, shuffleSeeded } from '../metrics/seeded-random';

export type Fold = { train: number[]; test: number[] };

/**
 * k folds where every group lands in exactly one test fold. Groups are placed largest first
 * (seeded order among equals) where they least raise the fold's share of either label.
 */
export function makeGroupedFolds(groups: string[], labels: boolean[], k: number, seed = 1): Fold[] {
  const byGroup = new Map<string, number[]>();
  groups.forEach((g, i) => {
    const members = byGroup.get(g) ?? [];
    members.push(i);
    byGroup.set(g, members);
  });
  const folds = Math.max(1, Math.min(k, byGroup.size));
  const order = shuffleSeeded([...byGroup.values()], createSeededRandom(seed)).sort(
    (a, b) => b.length - a.length,
  );
  const totalPass = Math.max(1, labels.filter(Boolean).length);
  const totalFail = Math.max(1, labels.length - labels.filter(Boolean).length);
  const size = new Array<number>(folds).fill(0);
  const pass = new Array<number>(folds).fill(0);
  const fail = new Array<number>(folds).fill(0);
  const tests: number[][] = Array.from({ length: folds }, () => []);
  for (const members of order) {
    const gp = members.filter((i) => labels[i]).length;
    const gf = members.length - gp;
    let best = 0;
    let bestCost = Number.POSITIVE_INFINITY;
    for (let f = 0; f < folds; f++) {
      const cost =
        Math.max(((pass[f] as number) + gp) / totalPass, ((fail[f] as number) + gf) / totalFail) *
          1000 +
        (size[f] as number) +
        members.length;
      if (cost < bestCost) {
        bestCost = cost;
        best = f;
      }
    }
    tests[best]?.push(...members);
    size[best] = (size[best] as number) + members.length;
    pass[best] = (pass[best] as number) + gp;
    fail[best] = (fail[best] as number) + gf;
  }
  return tests.map((test) => {
    const inTest = new Set(test);
    return {
      train: groups.map((_, i) => i).filter((i) => !inTest.has(i)),
      test: test.sort((a, b) => a - b),
    };
  });
}
