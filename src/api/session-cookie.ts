import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { authenticateSession, type SessionAuth } from '@/auth/authenticate-session';
import { AppError } from '@/core/errors';
import { constantTimeEqual } from '@/core/web-crypto';
import { CSRF_HEADER, SESSION_COOKIE } from './auth-middleware';
import type { AppEnv } from './env';

/** HttpOnly, SameSite=Lax, Secure on https: the dashboard session cookie. */
export function setSessionCookie(c: Context<AppEnv>, token: string, expiresAt: Date): void {
  setCookie(c, SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: new URL(c.req.url).protocol === 'https:',
    path: '/',
    expires: expiresAt,
  });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, SESSION_COOKIE, { path: '/' });
}

/** For `/v1/auth/*` routes: the session behind the cookie (401 without), CSRF-checked on writes. */
export async function requireSession(c: Context<AppEnv>): Promise<SessionAuth> {
  const token = getCookie(c, SESSION_COOKIE);
  if (!token) {
    throw new AppError('UNAUTHORIZED', 'not signed in');
  }
  const session = await authenticateSession(c.get('deps'), token);
  if (
    !['GET', 'HEAD', 'OPTIONS'].includes(c.req.method) &&
    !constantTimeEqual(c.req.header(CSRF_HEADER) ?? '', session.csrfToken)
  ) {
    throw new AppError('FORBIDDEN', `missing or wrong ${CSRF_HEADER} header`);
  }
  return session;
}

/** The client address for rate limits (proxy headers first; `local` when unknown). */
export function clientAddress(c: Context<AppEnv>): string {
  return (
    c.req.header('cf-connecting-ip') ??
    c.req.header('x-forwarded-for')?.split(',')[0]?.trim() ??
    'local'
  );
}
