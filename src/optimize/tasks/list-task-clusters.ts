import { z } from '@hono/zod-openapi';
import { eq, isNotNull } from 'drizzle-orm';
import { service } from '@/core/service';
import { inWorkspace, sameWorkspaceRow } from '@/db/in-workspace';
import { taskMetadata, traces } from '@/db/schema';
import { emptyLabelCounts } from '@/feedback/label-counts';
import type { ClusterView } from './task-views';
import { oneLine } from './user-turns';

export const ListClustersQuery = z.strictObject({
  agentId: z.string().min(1).max(100),
  limit: z.coerce.number().int().min(1).max(1_000).default(200),
});

/**
 * An agent's task clusters (runs of one task), largest first: size, a title (its first task's
 * first message), its tasks and its traces' labels by kind.
 */
export const listTaskClusters = service(
  ListClustersQuery,
  async (ctx, query): Promise<ClusterView[]> => {
    const rows = await ctx.db
      .select({
        id: taskMetadata.id,
        clusterId: taskMetadata.clusterId,
        first: taskMetadata.firstUserMessage,
        label: traces.label,
      })
      .from(taskMetadata)
      .leftJoin(traces, sameWorkspaceRow(traces, taskMetadata, taskMetadata.traceId))
      .where(
        inWorkspace(ctx, taskMetadata, [
          eq(taskMetadata.agentId, query.agentId),
          isNotNull(taskMetadata.clusterId),
        ]),
      )
      .orderBy(taskMetadata.createdAt, taskMetadata.id);
    const clusters = new Map<string, ClusterView>();
    for (const r of rows) {
      const id = r.clusterId as string;
      const c = clusters.get(id) ?? {
        clusterId: id,
        size: 0,
        title: oneLine(r.first ?? ''),
        taskIds: [],
        labelCounts: emptyLabelCounts(),
      };
      c.size++;
      c.taskIds.push(r.id);
      if (r.label) {
        c.labelCounts[r.label]++;
      }
      clusters.set(id, c);
    }
    return [...clusters.values()]
      .sort((a, b) => b.size - a.size || (a.clusterId < b.clusterId ? -1 : 1))
      .slice(0, query.limit);
  },
);
