import type { Context } from 'hono';
import type { AppEnv } from '@/api/env';
import { setSessionCookie } from '@/api/session-cookie';
import { AppError } from '@/core/errors';
import { getSessionView } from './session-view';
import { startSession } from './start-session';

/** Takes one sign-in attempt per key (`ip:…`, `email:…`) from the login rate limit. */
export function takeLoginToken(c: Context<AppEnv>, ...keys: string[]): void {
  for (const key of keys) {
    if (!c.get('limits').login.take(key)) {
      throw new AppError('LIMIT_EXCEEDED', 'too many sign-in attempts; wait a minute');
    }
  }
}

/** Starts a session for `userId`, sets the cookie and answers the session view. */
export async function signIn(c: Context<AppEnv>, userId: string) {
  const deps = c.get('deps');
  const session = await startSession(deps, userId);
  setSessionCookie(c, session.token, session.expiresAt);
  return getSessionView(deps, {
    userId,
    workspaceId: session.workspaceId,
    csrfToken: session.csrfToken,
  });
}
