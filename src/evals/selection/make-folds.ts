import { createSeededRandom, shuffleSeeded } from '../metrics/seeded-random';

export type Fold = { train: number[]; test: number[] };

/**
 * k folds where every group lands in exactly one test fold, as even as whole groups allow in
 * both labels and size. Groups are taken largest first (among equals in a seeded order of their
 * names, so the folds do not depend on the order the traces came in); each goes to the fold
 * where it adds least to the sum over folds of the squared shares of passes, of fails and of
 * traces (a stratified grouped k-fold). A fold already holding many fails no longer attracts
 * pass-only groups until its passes catch up, which left some folds twice the size of others
 * when a tasks index joined traces into large clusters. A group larger than a fold's share is
 * split first (`fitGroups`, by the `finer` keys of its traces when given: `finerKeys`).
 */
export function makeGroupedFolds(
  groups: string[],
  labels: boolean[],
  k: number,
  seed = 1,
  finer?: (index: number) => string[],
): Fold[] {
  const byGroup = membersByGroup(fitGroups(groups, labels, k, finer));
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

function membersByGroup(groups: string[]): Map<string, number[]> {
  const byGroup = new Map<string, number[]>();
  groups.forEach((g, i) => {
    const members = byGroup.get(g) ?? [];
    members.push(i);
    byGroup.set(g, members);
  });
  return byGroup;
}

/**
 * The groups, with every group larger than a fold's share (n/k rounded up) split by the finer keys
 * of its members (`finerKeys`: task, first message, content; each level only where the one before
 * left a part too large), so no single "group" is held out with most of the labels and leaves its
 * folds too little to train on: a group that large is not one task (a loose near-duplicate chain,
 * a tasks-index cluster of one kind of request), and holding it out whole starved the training
 * sets until a separable rule scored as a guess. Parts that fit stay whole, so runs of one task
 * still share a fold. Members alike in every key are dealt in turns, passes before fails (with
 * no keys given, in the order they came).
 */
export function fitGroups(
  groups: string[],
  labels: boolean[],
  k: number,
  finer?: (index: number) => string[],
): string[] {
  const cap = Math.max(1, Math.ceil(groups.length / Math.max(1, k)));
  const out = [...groups];
  const known = new Map<number, string[]>();
  const keysOf = (i: number): string[] => {
    let keys = known.get(i);
    if (keys === undefined) {
      keys = finer?.(i) ?? [];
      known.set(i, keys);
    }
    return keys;
  };
  const place = (members: number[], name: string, level: number): void => {
    if (members.length <= cap) {
      for (const i of members) {
        out[i] = name;
      }
      return;
    }
    const keys = members.map((i) => keysOf(i)[level]);
    if (keys.some((key) => key === undefined)) {
      const parts = Math.ceil(members.length / cap);
      const dealt = [...members].sort((a, b) => Number(labels[b]) - Number(labels[a]) || a - b);
      dealt.forEach((i, j) => {
        out[i] = `${name}/#${j % parts}`;
      });
      return;
    }
    const byKey = new Map<string, number[]>();
    members.forEach((i, j) => {
      const key = keys[j] as string;
      byKey.set(key, [...(byKey.get(key) ?? []), i]);
    });
    for (const [key, part] of byKey) {
      place(part, byKey.size === 1 ? name : `${name}/${key}`, level + 1);
    }
  };
  for (const [name, members] of membersByGroup(groups)) {
    place(members, name, 0);
  }
  return out;
}
