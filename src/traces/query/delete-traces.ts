import { z } from '@hono/zod-openapi';
import { count, eq, inArray, sql } from 'drizzle-orm';
import { assertCanWrite } from '@/auth/assert-role';
import type { Ctx } from '@/core/context';
import { notFound } from '@/core/errors';
import { service } from '@/core/service';
import { inWorkspace, selectInWorkspace } from '@/db/in-workspace';
import { agents, traces } from '@/db/schema';

export const DeleteTracesInput = z
  .strictObject({ ids: z.array(z.string().min(1).max(100)).min(1).max(500) })
  .openapi('DeleteTracesInput');

/**
 * Deletes traces of the ctx's workspace (spans, labels and results cascade); ids of other
 * workspaces are ignored. Agent trace counts are recomputed in the same batch.
 */
export const deleteTraces = service(
  DeleteTracesInput,
  assertCanWrite,
  async (ctx, { ids }): Promise<{ deleted: number }> => {
    const scope = inWorkspace(ctx, traces, [inArray(traces.id, ids)]);
    const found = await ctx.db
      .select({ id: traces.id, agentId: traces.agentId })
      .from(traces)
      .where(scope);
    if (found.length === 0) {
      return { deleted: 0 };
    }
    const agentIds = [
      ...new Set(found.map((t) => t.agentId).filter((a): a is string => a !== null)),
    ];
    const recount = agentIds.map((agentId) =>
      ctx.db
        .update(agents)
        .set({
          traceCount: sql`(${selectInWorkspace(ctx, traces, { n: count() }, [eq(traces.agentId, agentId)])})`,
        })
        .where(inWorkspace(ctx, agents, [eq(agents.id, agentId)])),
    );
    await ctx.db.batch([ctx.db.delete(traces).where(scope), ...recount]);
    return { deleted: found.length };
  },
);

/** Deletes one trace; NOT_FOUND when it is not in the ctx's workspace. */
export async function deleteTrace(ctx: Ctx, input: { id: string }): Promise<void> {
  const { deleted } = await deleteTraces(ctx, { ids: [input.id] });
  if (deleted === 0) {
    throw notFound('trace', input.id);
  }
}
