import { Hono } from 'hono';
import type { AppEnv } from '@/api/env';
import { clientAddress, setSessionCookie } from '@/api/session-cookie';
import { AppError } from '@/core/errors';
import { consumeLoginToken } from './login-links';
import { startSession } from './start-session';

/**
 * `GET /login?token=…`: the link printed on first start. Uses the token once, sets the session
 * cookie and redirects to the dashboard.
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
  const session = await startSession(deps, userId);
  setSessionCookie(c, session.token, session.expiresAt);
  c.header('cache-control', 'no-store');
  c.header('referrer-policy', 'no-referrer');
  return c.redirect('/', 303);
});
