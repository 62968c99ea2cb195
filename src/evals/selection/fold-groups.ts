import type { EvalView } from '@/core/eval-view';
import {
  CLUSTER_MAX_RANK,
  type ClusterLink,
  clusterTraces,
} from '@/optimize/similarity/cluster-traces';
import { taskTerms } from '@/optimize/similarity/task-terms';
import { buildTfidfIndex, nearestNeighbours } from '@/optimize/similarity/tfidf-index';
import { summariseTrace } from '@/optimize/summaries/summarise-trace';
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
  const docs: { id: string; terms: ReturnType<typeof taskTerms> }[] = [];
  const named = new Map<string, string>();
  views.forEach((view, i) => {
    const { body } = summariseTrace(view);
    if (body.userTurns === 0) {
      return;
    }
    const id = keys[i] as string;
    docs.push({ id, terms: taskTerms(body.userText ?? body.firstUserMessage ?? '', body.tools) });
    const task = view.metadata?.task_id ?? view.metadata?.taskId;
    if (typeof task === 'string' || typeof task === 'number') {
      named.set(id, String(task));
    }
  });
  docs.sort((a, b) => (a.id < b.id ? -1 : 1));
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
