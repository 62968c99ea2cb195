/**
 * Disjoint sets over the indexes `0..size-1` (with path halving): `join(root, other)` puts
 * `other`'s set under `root`'s, and `find` names an index's set by its root index.
 */
export function unionFind(size: number): {
  find(i: number): number;
  join(root: number, other: number): void;
} {
  const parent = Array.from({ length: size }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i] as number] as number;
      i = parent[i] as number;
    }
    return i;
  };
  return {
    find,
    join: (root, other) => {
      parent[find(other)] = find(root);
    },
  };
}
