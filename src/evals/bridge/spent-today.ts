import { gte, sql } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { inWorkspace } from '@/db/in-workspace';
import { evalLlmCache } from '@/db/schema';

/** The workspace's model calls (cached responses made) and their cost since 00:00 UTC. */
export async function spentToday(ctx: Pick<Ctx, 'db' | 'workspaceId' | 'now'>) {
  const start = new Date(`${ctx.now().toISOString().slice(0, 10)}T00:00:00.000Z`);
  const [today] = await ctx.db
    .select({
      calls: sql<number>`count(*)`,
      costUsd: sql<number>`coalesce(sum(${evalLlmCache.costUsd}), 0)`,
    })
    .from(evalLlmCache)
    .where(inWorkspace(ctx, evalLlmCache, [gte(evalLlmCache.createdAt, start)]));
  return { calls: Number(today?.calls ?? 0), costUsd: Number(today?.costUsd ?? 0) };
}
