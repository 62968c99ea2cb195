import { inArray, isNotNull } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { selectInWorkspace } from '@/db/in-workspace';
import { taskMetadata } from '@/db/schema';
import { idChunks } from './id-chunks';

/**
 * The task cluster of each trace that has one (written by the `tasks.index` job): runs of one
 * task share it, so folds and splits can keep them on one side.
 */
export async function traceClusters(
  ctx: Pick<Ctx, 'db' | 'workspaceId'>,
  traceIds: string[],
): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const chunk of idChunks([...new Set(traceIds)])) {
    const rows = await selectInWorkspace(
      ctx,
      taskMetadata,
      { traceId: taskMetadata.traceId, clusterId: taskMetadata.clusterId },
      [inArray(taskMetadata.traceId, chunk), isNotNull(taskMetadata.clusterId)],
    );
    for (const r of rows) {
      out.set(r.traceId as string, r.clusterId as string);
    }
  }
  return out;
}
