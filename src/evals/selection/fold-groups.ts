import type { EvalView } from '@/core/eval-view';
import {
  CLUSTER_MAX_RANK,
  type ClusterLink,
  clusterTraces,
} from '@/optimize/similarity/cluster-traces';
import { buildTfidfIndex, nearestNeighbours } from '@/optimize/similarity/tfidf-index';
import { summariseTrace } from '@/optimize/summaries/summarise-trace';
import { corpusDocOf } from '@/optimize/tasks/load-task-corpus';
import { traceContentKey } from './content-key';
import { groupTraces } from './group-traces';
import { joinGroups } from './join-groups';

/**
 * Fold groups of labelled traces (given in content order, as `loadGenerationLabels` returns them):
 * `groupTraces` (task ids in metadata, near-identical first messages) joined with task clusters
 * of the labelled traces themselves, so runs of one task share a fold. The clusters are the tasks
 * index's rule (TF-IDF over user turns and tools, a neighbour within the first few scoring at
 * least 0.3, never across two named tasks) computed from the labelled traces' content alone:
 * the stored index's clusters also depend on unlabelled traces and break ties by row id, so the
 * same labels gave other folds in another workspace.
 */
export function foldGroups(labelled: { view: EvalView }[]): string[] {
  return joinGroups(
    groupTraces(labelled.map((t) => t.view)),
    contentClusters(labelled.map((t) => t.view)),
  );
}

/** A cluster name per trace (undefined: no user turns), named and tie-broken by content only. */
export function contentClusters(views: EvalView[]): (string | undefined)[] {
  // position in content order breaks the tie between traces identical in content
  const keys = views.map((view, i) => `${traceContentKey(view).join(':')}#${i}`);
  const docs = views.flatMap(
    (view, i) => corpusDocOf(keys[i] as string, summariseTrace(view).body, view.metadata) ?? [],
  );
  docs.sort((a, b) => (a.id < b.id ? -1 : 1));
  const named = new Map(docs.flatMap((d) => (d.namedTask === null ? [] : [[d.id, d.namedTask]])));
  const index = buildTfidfIndex(docs);
  const links: ClusterLink[] = docs.flatMap((doc, at) =>
    nearestNeighbours(index, at, CLUSTER_MAX_RANK).map((n, r) => ({
      traceId: doc.id,
      similarTraceId: n.id,
      score: n.score,
      rank: r + 1,
    })),
  );
  const clusters = clusterTraces(
    docs.map((d) => d.id),
    links,
    named,
  );
  return keys.map((key) => clusters.get(key));
}
