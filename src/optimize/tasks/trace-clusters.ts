import { inArray, isNotNull } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { rowsByIdChunks } from '@/db/id-chunks';
import { selectInWorkspace } from '@/db/in-workspace';
import { taskMetadata } from '@/db/schema';

/**
 * The task cluster of each trace that has one (written by the `tasks.index` job): runs of one
 * task share it, so folds and splits can keep them on one side.
 */
export async function traceClusters(
  ctx: Pick<Ctx, 'db' | 'workspaceId'>,
  traceIds: string[],
): Promise<Map<string, string>> {
  const rows = await rowsByIdChunks([...new Set(traceIds)], (chunk) =>
    selectInWorkspace(
      ctx,
      taskMetadata,
      { traceId: taskMetadata.traceId, clusterId: taskMetadata.clusterId },
      [inArray(taskMetadata.traceId, chunk), isNotNull(taskMetadata.clusterId)],
    ),
  );
  return new Map(rows.map((r) => [r.traceId as string, r.clusterId as string]));
}
