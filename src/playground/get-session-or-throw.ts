import { and, eq } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { notFound } from '@/core/errors';
import { type PlaygroundSession, playgroundSessions } from '@/db/schema';

/** The session in the ctx's workspace, or NOT_FOUND (also for another workspace's id). */
export async function getSessionOrThrow(
  ctx: Pick<Ctx, 'db' | 'workspaceId'>,
  id: string,
): Promise<PlaygroundSession> {
  const [row] = await ctx.db
    .select()
    .from(playgroundSessions)
    .where(and(eq(playgroundSessions.workspaceId, ctx.workspaceId), eq(playgroundSessions.id, id)))
    .limit(1);
  if (!row) {
    throw notFound('playground session', id);
  }
  return row;
}
