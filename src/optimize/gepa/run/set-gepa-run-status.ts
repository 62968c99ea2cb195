import { eq, inArray } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { inWorkspace } from '@/db/in-workspace';
import { type GepaRun, gepaRuns } from '@/db/schema';

/**
 * Updates a GEPA run only while its status is one of `from` (stamping `updated_at`): the updated
 * row, or undefined when the run was in another status.
 */
export async function setGepaRunStatus(
  ctx: Pick<Ctx, 'db' | 'workspaceId' | 'now'>,
  runId: string,
  from: GepaRun['status'][],
  set: Partial<GepaRun>,
): Promise<GepaRun | undefined> {
  const [row] = await ctx.db
    .update(gepaRuns)
    .set({ ...set, updatedAt: ctx.now() })
    .where(inWorkspace(ctx, gepaRuns, [eq(gepaRuns.id, runId), inArray(gepaRuns.status, from)]))
    .returning();
  return row;
}
