import type { Ctx } from '@/core/context';
import type { EvalView } from '@/core/eval-view';
import { traceClusters } from '@/optimize/tasks/trace-clusters';
import { groupTraces } from './group-traces';
import { joinGroups } from './join-groups';

/**
 * Fold groups of labelled traces: `groupTraces` (task ids in metadata, near-identical first
 * messages) joined with the task clusters of the tasks index, so runs of one task share a fold.
 */
export async function foldGroups(
  ctx: Pick<Ctx, 'db' | 'workspaceId'>,
  labelled: { id: string; view: EvalView }[],
): Promise<string[]> {
  const clusters = await traceClusters(
    ctx,
    labelled.map((t) => t.id),
  );
  return joinGroups(
    groupTraces(labelled.map((t) => t.view)),
    labelled.map((t) => clusters.get(t.id)),
  );
}
