import { eq } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { notFound } from '@/core/errors';
import { selectInWorkspace } from '@/db/in-workspace';
import { traces } from '@/db/schema';

/** The trace's id and agent in the ctx's workspace, or NOT_FOUND (cheap: no JSON columns). */
export async function getTraceRefOrThrow(
  ctx: Ctx,
  id: string,
): Promise<{ id: string; agentId: string | null }> {
  const [row] = await selectInWorkspace(ctx, traces, { id: traces.id, agentId: traces.agentId }, [
    eq(traces.id, id),
  ]).limit(1);
  if (!row) {
    throw notFound('trace', id);
  }
  return row;
}
