import { eq, lt, or } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';
import { inWorkspace } from '@/db/in-workspace';
import { param, preparedPerDb, workspaceParam } from '@/db/prepared';
import { type PlaygroundMessage, playgroundSessions } from '@/db/schema';
import { getSessionOrThrow } from './get-session-or-throw';

/** A stream that has not touched its session for this long died with its host: the next one may take over. */
const STALE_STREAM_MS = 10 * 60_000;

/**
 * Marks the session as streaming in one conditional update (no lock: safe across hosts and
 * Worker isolates) and returns the row as claimed: the turn's only read of the session. 404 for
 * no such session in the workspace; 409 when another reply is still streaming in it.
 */
export async function claimSession(ctx: Pick<Ctx, 'db' | 'workspaceId' | 'now'>, id: string) {
  const now = ctx.now().getTime();
  const [row] = await claimQuery(ctx.db).all({
    workspaceId: ctx.workspaceId,
    id,
    now,
    staleBefore: now - STALE_STREAM_MS,
  });
  if (!row) {
    await getSessionOrThrow(ctx, id);
    throw new AppError(
      'CONFLICT',
      'a reply is still streaming in this session: wait for it to end (or stop it) before sending another message',
    );
  }
  return row;
}

/** Prepared once per database: the claim runs before every first token. */
const claimQuery = preparedPerDb((db) =>
  db
    .update(playgroundSessions)
    .set({ status: 'streaming', updatedAt: param('now') })
    .where(
      inWorkspace(workspaceParam, playgroundSessions, [
        eq(playgroundSessions.id, param('id')),
        or(
          eq(playgroundSessions.status, 'idle'),
          lt(playgroundSessions.updatedAt, param('staleBefore')),
        ),
      ]),
    )
    .returning()
    .prepare(),
);

/** Ends a turn: stores the conversation (when given) and frees the session for the next message. */
export async function releaseSession(
  ctx: Pick<Ctx, 'db' | 'workspaceId' | 'now'>,
  id: string,
  values: { messages?: PlaygroundMessage[]; traceId?: string } = {},
) {
  await ctx.db
    .update(playgroundSessions)
    .set({ ...values, status: 'idle', updatedAt: ctx.now() })
    .where(inWorkspace(ctx, playgroundSessions, [eq(playgroundSessions.id, id)]));
}
