import { asc, desc, eq } from 'drizzle-orm';
import { viewOf } from '@/api/openapi-schemas';
import type { Ctx } from '@/core/context';
import { rowsInWorkspace, selectInWorkspace } from '@/db/in-workspace';
import { pickColumns } from '@/db/pick-columns';
import { type PlaygroundSession, playgroundSessions, playgroundSteps } from '@/db/schema';
import { getSessionOrThrow } from './get-session-or-throw';
import { sessionTemplate } from './session-prompt';
import { sessionToolsOf } from './session-tools';
import { SessionListItem, type SessionView, toSessionView, toStepView } from './session-views';

/** A session as the API shows it: its prompt text and its tools with their modes resolved. */
export async function sessionView(ctx: Ctx, row: PlaygroundSession): Promise<SessionView> {
  return toSessionView(row, await sessionTemplate(ctx, row), await sessionToolsOf(ctx, row));
}

export async function getSession(ctx: Ctx, id: string): Promise<SessionView> {
  return sessionView(ctx, await getSessionOrThrow(ctx, id));
}

const listItemColumns = pickColumns(playgroundSessions, SessionListItem.keyof().options);

/** The workspace's sessions, most recently used first (without their messages). */
export async function listSessions(ctx: Ctx, input: { agentId?: string; limit?: number }) {
  const rows = await selectInWorkspace(ctx, playgroundSessions, listItemColumns, [
    input.agentId ? eq(playgroundSessions.agentId, input.agentId) : undefined,
  ])
    .orderBy(desc(playgroundSessions.updatedAt))
    .limit(input.limit ?? 50);
  return rows.map((row) => viewOf(SessionListItem, row));
}

/** The stored steps of a session in the workspace, in step order. */
export function sessionSteps(ctx: Ctx, sessionId: string) {
  return rowsInWorkspace(ctx, playgroundSteps, [eq(playgroundSteps.sessionId, sessionId)]).orderBy(
    asc(playgroundSteps.stepIndex),
  );
}

/** Every recorded step of a session, in order. */
export async function listSteps(ctx: Ctx, sessionId: string) {
  await getSessionOrThrow(ctx, sessionId);
  const rows = await sessionSteps(ctx, sessionId);
  return rows.map(toStepView);
}
