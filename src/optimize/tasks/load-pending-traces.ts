import { and, eq, gt, isNull, or, type SQL } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { sameWorkspaceRow } from '@/db/in-workspace';
import { eqWhenGiven } from '@/db/list-filters';
import { traceSummaries, traces } from '@/db/schema';

export type PendingTrace = { traceId: string; agentId: string | null; summaryAt: Date };

/**
 * Traces the tasks index has not read since they (or their label) changed: a deterministic
 * summary with `indexed_at` null, or a label newer than it. `agentId` narrows to one agent.
 */
export async function loadPendingTraces(
  ctx: Pick<Ctx, 'db' | 'workspaceId'>,
  options: { agentId?: string; limit: number },
): Promise<PendingTrace[]> {
  const filters: (SQL | undefined)[] = [
    eq(traceSummaries.workspaceId, ctx.workspaceId),
    eq(traceSummaries.kind, 'deterministic'),
    eqWhenGiven(traces.agentId, options.agentId),
    or(isNull(traceSummaries.indexedAt), gt(traces.labelledAt, traceSummaries.indexedAt)),
  ];
  const rows = await ctx.db
    .select({
      traceId: traceSummaries.traceId,
      agentId: traces.agentId,
      summaryAt: traceSummaries.createdAt,
    })
    .from(traceSummaries)
    .innerJoin(traces, sameWorkspaceRow(traces, traceSummaries, traceSummaries.traceId))
    .where(and(...filters))
    .orderBy(traceSummaries.traceId)
    .limit(options.limit);
  return rows;
}
