import { unionFind } from './union-find';

/**
 * Fold groups that also keep each task cluster whole: traces sharing a group or a cluster end up
 * in one group (the coarser of the two partitions, so neither leaks across folds). Traces with no
 * cluster keep their group. Group names stay those of `groups` (the first member's).
 */
export function joinGroups(groups: string[], clusters: (string | undefined)[]): string[] {
  const sets = unionFind(groups.length);
  const firstOf = new Map<string, number>();
  const link = (key: string, i: number) => {
    const first = firstOf.get(key);
    if (first === undefined) {
      firstOf.set(key, i);
    } else {
      sets.join(first, i);
    }
  };
  groups.forEach((g, i) => {
    link(`g:${g}`, i);
    const c = clusters[i];
    if (c !== undefined) {
      link(`c:${c}`, i);
    }
  });
  return groups.map((_, i) => groups[sets.find(i)] as string);
}
