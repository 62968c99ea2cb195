import { createSeededRandom, shuffleSeeded } from '../metrics/seeded-random';

export type Fold = { train: number[]; test: number[] };

/**
 * k folds where every group lands in exactly one test fold, as even as whole groups allow in
 * both labels and size. Groups are taken largest first (among equals in a seeded order of their
 * names, so the folds do not depend on the order the traces came in); each goes to the fold
 * where it adds least to the sum over folds of the squared shares of passes, of fails and of
 * traces (a stratified grouped k-fold). A fold already holding many fails no longer attracts
 * pass-only groups until its passes catch up, which left some folds twice the size of others
 * when a tasks index joined traces into large clusters.
 */
export function makeGroupedFolds(groups: string[], labels: boolean[], k: number, seed = 1): Fold[] {
  const byGroup = new Map<string, number[]>();
  groups.forEach((g, i) => {
    const members = byGroup.get(g) ?? [];
    members.push(i);
    byGroup.set(g, members);
  });
  const folds = Math.max(1, Math.min(k, byGroup.size));
  const names = [...byGroup.keys()].sort();
  const order = shuffleSeeded(names, createSeededRandom(seed))
    .map((name) => byGroup.get(name) as number[])
    .sort((a, b) => b.length - a.length);
  const passes = labels.filter(Boolean).length;
  const totalPass = Math.max(1, passes);
  const totalFail = Math.max(1, labels.length - passes);
  const total = Math.max(1, labels.length);
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
      // The rise of the squared shares, less the terms every fold shares (gp², gf², size²).
      const cost =
        ((pass[f] as number) * gp) / (totalPass * totalPass) +
        ((fail[f] as number) * gf) / (totalFail * totalFail) +
        ((size[f] as number) * members.length) / (total * total);
      if (cost < bestCost - 1e-12) {
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
