import { and, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import type { AppEnv } from '@/api/env';
import { clientAddress, setSessionCookie } from '@/api/session-cookie';
import type { Deps } from '@/core/context';
import { AppError } from '@/core/errors';
import { memberships, workspaces } from '@/db/schema';
import { createSession } from './create-session';
import { consumeLoginToken, safeNextPath } from './login-links';
import { startSession } from './start-session';

/**
 * `GET /login?token=…[&workspace=slug][&next=/path]`: the link printed on first start. Uses the
 * token once, sets the session cookie (in `workspace` when the user is a member of it) and
 * redirects to `next` when it is a path on this site, else to the dashboard's home.
 */
export const loginPageRoutes = new Hono<AppEnv>().get('/login', async (c) => {
  const token = c.req.query('token');
  if (!token) {
    throw new AppError('UNAUTHORIZED', 'this login link has no token');
  }
  if (!c.get('limits').login.take(`ip:${clientAddress(c)}`)) {
    throw new AppError('LIMIT_EXCEEDED', 'too many sign-in attempts; wait a minute');
  }
  const deps = c.get('deps');
  const { userId } = await consumeLoginToken(deps, token);
  const workspaceId = await memberWorkspaceId(deps, userId, c.req.query('workspace'));
  const session = workspaceId
    ? await createSession(deps, { userId, workspaceId })
    : await startSession(deps, userId);
  setSessionCookie(c, session.token, session.expiresAt);
  c.header('cache-control', 'no-store');
  c.header('referrer-policy', 'no-referrer');
  return c.redirect(safeNextPath(c.req.query('next')), 303);
});

async function memberWorkspaceId(deps: Deps, userId: string, slug: string | undefined) {
  if (!slug) {
    return null;
  }
  const [row] = await deps.db
    .select({ id: workspaces.id })
    .from(workspaces)
    .innerJoin(
      memberships,
      and(eq(memberships.workspaceId, workspaces.id), eq(memberships.userId, userId)),
    )
    .where(eq(workspaces.slug, slug))
    .limit(1);
  return row?.id ?? null;
}
