import { eq, inArray } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { rowsByIdChunks } from '@/db/id-chunks';
import { selectInWorkspace } from '@/db/in-workspace';
import { evals } from '@/db/schema';

const MAX_TRACES_PER_JOB = 10_000;

/**
 * Queues `eval.execute` for every active eval of the agents these new or changed traces belong
 * to: one job per eval and chunk of traces. Returns how many jobs were queued.
 */
export async function enqueueAutoEvals(
  ctx: Ctx,
  changed: { id: string; agentId?: string | null }[],
): Promise<number> {
  const byAgent = new Map<string, string[]>();
  for (const { id, agentId } of changed) {
    if (agentId) {
      byAgent.set(agentId, [...(byAgent.get(agentId) ?? []), id]);
    }
  }
  if (byAgent.size === 0) {
    return 0;
  }
  // a batch may hold more agents than one IN list of D1's bound parameters
  const active = await rowsByIdChunks([...byAgent.keys()], (agentIds) =>
    selectInWorkspace(ctx, evals, { id: evals.id, agentId: evals.agentId }, [
      eq(evals.status, 'active'),
      inArray(evals.agentId, agentIds),
    ]),
  );
  const jobs = active.flatMap(({ id, agentId }) => {
    const traceIds = byAgent.get(agentId) ?? [];
    const chunks: string[][] = [];
    for (let i = 0; i < traceIds.length; i += MAX_TRACES_PER_JOB) {
      chunks.push(traceIds.slice(i, i + MAX_TRACES_PER_JOB));
    }
    return chunks.map((chunk) => ({
      type: 'eval.execute' as const,
      workspaceId: ctx.workspaceId,
      payload: { evalId: id, traceIds: chunk },
    }));
  });
  if (jobs.length > 0) {
    await ctx.queue.enqueueMany(jobs);
  }
  return jobs.length;
}
