import { and, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import type { AppEnv } from '@/api/env';
import { clientAddress, setSessionCookie } from '@/api/session-cookie';
import type { Deps } from '@/core/context';
import { isAppError } from '@/core/errors';
import { memberships, workspaces } from '@/db/schema';
import { createSession } from './create-session';
import { consumeLoginToken, safeNextPath } from './login-links';
import { startSession } from './start-session';

/**
 * `GET /login?token=…[&workspace=slug][&next=/path]`: the link printed on first start. Uses the
 * token once, sets the session cookie (in `workspace` when the user is a member of it) and
 * redirects to `next` when it is a path on this site, else to the dashboard's home. A link that
 * cannot sign in (used, expired, too many tries) goes to the dashboard with `?signin=used` or
 * `?signin=limited`: a person opened it in a browser, so they get a page that says what to do,
 * and a session they already have still works.
 */
export const loginPageRoutes = new Hono<AppEnv>().get('/login', async (c) => {
  c.header('cache-control', 'no-store');
  c.header('referrer-policy', 'no-referrer');
  const token = c.req.query('token');
  if (!token) {
    return c.redirect('/?signin=used', 303);
  }
  if (!c.get('limits').login.take(`ip:${clientAddress(c)}`)) {
    return c.redirect('/?signin=limited', 303);
  }
  const deps = c.get('deps');
  let userId: string;
  try {
    ({ userId } = await consumeLoginToken(deps, token));
  } catch (error) {
    if (isAppError(error) && error.code === 'UNAUTHORIZED') {
      return c.redirect('/?signin=used', 303);
    }
    throw error;
  }
  const workspaceId = await memberWorkspaceId(deps, userId, c.req.query('workspace'));
  const session = workspaceId
    ? await createSession(deps, { userId, workspaceId })
    : await startSession(deps, userId);
  setSessionCookie(c, session.token, session.expiresAt);
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
