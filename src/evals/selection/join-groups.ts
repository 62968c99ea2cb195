/**
 * Fold groups that also keep each task cluster whole: traces sharing a group or a cluster end up
 * in one group (the coarser of the two partitions, so neither leaks across folds). Traces with no
 * cluster keep their group. Group names stay those of `groups` (the first member's).
 */
export function joinGroups(groups: string[], clusters: (string | undefined)[]): string[] {
  const parent = groups.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i] as number] as number;
      i = parent[i] as number;
    }
    return i;
  };
  const firstOf = new Map<string, number>();
  const link = (key: string, i: number) => {
    const first = firstOf.get(key);
    if (first === undefined) {
      firstOf.set(key, i);
    } else {
      parent[find(i)] = find(first);
    }
  };
  groups.forEach((g, i) => {
    link(`g:${g}`, i);
    const c = clusters[i];
    if (c !== undefined) {
      link(`c:${c}`, i);
    }
  });
  return groups.map((_, i) => groups[find(i)] as string);
}
