/** Two traces whose similarity reaches this, each among the other's first few, are one task. */
export const CLUSTER_MIN_SCORE = 0.3;
/** How far down a trace's neighbour list a link may come from. */
export const CLUSTER_MAX_RANK = 3;

export type ClusterLink = { traceId: string; similarTraceId: string; score: number; rank: number };

/**
 * Groups traces into clusters of one task: traces that name the same task id in their metadata
 * are one cluster; otherwise links (a neighbour within CLUSTER_MAX_RANK scoring at least
 * CLUSTER_MIN_SCORE) join clusters, except across two different named task ids. A cluster is
 * named by its smallest trace id, so the names are stable while its members are.
 */
export function clusterTraces(
  traceIds: string[],
  links: ClusterLink[],
  namedTask: Map<string, string> = new Map(),
): Map<string, string> {
  const parent = new Map(traceIds.map((id) => [id, id]));
  const name = new Map<string, string | undefined>(traceIds.map((id) => [id, namedTask.get(id)]));
  const find = (id: string): string => {
    let root = id;
    while (parent.get(root) !== root) {
      root = parent.get(root) as string;
    }
    parent.set(id, root);
    return root;
  };
  const join = (a: string, b: string) => {
    const [ra, rb] = [find(a), find(b)];
    if (ra === rb) {
      return;
    }
    const [na, nb] = [name.get(ra), name.get(rb)];
    if (na !== undefined && nb !== undefined && na !== nb) {
      return;
    }
    const [keep, drop] = ra < rb ? [ra, rb] : [rb, ra];
    parent.set(drop, keep);
    name.set(keep, na ?? nb);
  };
  const byName = new Map<string, string>();
  for (const id of [...traceIds].sort()) {
    const task = namedTask.get(id);
    if (task !== undefined) {
      const first = byName.get(task);
      if (first === undefined) {
        byName.set(task, id);
      } else {
        join(first, id);
      }
    }
  }
  const sorted = [...links].sort((a, b) => b.score - a.score);
  for (const link of sorted) {
    if (
      link.rank <= CLUSTER_MAX_RANK &&
      link.score >= CLUSTER_MIN_SCORE &&
      parent.has(link.traceId) &&
      parent.has(link.similarTraceId)
    ) {
      join(link.traceId, link.similarTraceId);
    }
  }
  return new Map(traceIds.map((id) => [id, find(id)]));
}
