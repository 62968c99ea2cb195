import type { Ctx } from '@/core/context';
import { getOrThrow } from '@/db/in-workspace';
import { type PlaygroundSession, playgroundSessions } from '@/db/schema';

/** The session in the ctx's workspace, or NOT_FOUND (also for another workspace's id). */
export function getSessionOrThrow(
  ctx: Pick<Ctx, 'db' | 'workspaceId'>,
  id: string,
): Promise<PlaygroundSession> {
  return getOrThrow(ctx, playgroundSessions, 'playground session', id);
}
