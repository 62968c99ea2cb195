import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { parseAuthorization } from '@/auth/api-key-format';
import { authenticateApiKey } from '@/auth/authenticate-api-key';
import { authenticateSession } from '@/auth/authenticate-session';
import { AppError } from '@/core/errors';
import { constantTimeEqual } from '@/core/web-crypto';
import type { AppEnv } from './env';

export const SESSION_COOKIE = 'iofold_session';
export const CSRF_HEADER = 'x-csrf-token';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Paths under an authenticated prefix (`/v1/*`, `/api/*`) that answer without a credential. */
function isPublicPath(path: string): boolean {
  return path === '/v1/openapi.json' || path.startsWith('/v1/auth/');
}

/**
 * Turns a credential into `c.var.ctx`: an API key (`Authorization: Bearer sk-if-…` or
 * `Basic base64(pk-if-…:sk-if-…)`) or the dashboard session cookie. Session mutations need the
 * `x-csrf-token` header from login; viewers cannot write; key writes are rate limited.
 */
export const requireAuth = createMiddleware<AppEnv>(async (c, next) => {
  if (isPublicPath(c.req.path)) {
    return next();
  }
  const deps = c.get('deps');
  const unsafe = !SAFE_METHODS.has(c.req.method);
  const authorization = c.req.header('authorization');
  let workspaceId: string;
  let actor: AppEnv['Variables']['ctx']['actor'];
  if (authorization) {
    const credentials = parseAuthorization(authorization);
    if (!credentials) {
      throw new AppError('UNAUTHORIZED', 'unsupported Authorization header; use Bearer <secret>');
    }
    const key = await authenticateApiKey(deps, credentials);
    if (unsafe && !c.get('limits').keyWrites.take(key.keyId)) {
      throw new AppError('LIMIT_EXCEEDED', 'too many writes with this API key; slow down');
    }
    workspaceId = key.workspaceId;
    actor = key.actor;
    c.set('session', null);
  } else {
    const token = getCookie(c, SESSION_COOKIE);
    if (!token) {
      throw new AppError('UNAUTHORIZED', 'authentication required: an API key or a session');
    }
    const session = await authenticateSession(deps, token);
    if (unsafe && !constantTimeEqual(c.req.header(CSRF_HEADER) ?? '', session.csrfToken)) {
      throw new AppError('FORBIDDEN', `missing or wrong ${CSRF_HEADER} header`);
    }
    if (!session.workspace) {
      throw new AppError('FORBIDDEN', 'you are not a member of any workspace');
    }
    workspaceId = session.workspace.id;
    actor = { type: 'user', userId: session.userId, role: session.workspace.role };
    c.set('session', session);
  }
  if (unsafe && actor.type !== 'job' && actor.type !== 'system' && actor.role === 'viewer') {
    throw new AppError('FORBIDDEN', 'viewers cannot change anything');
  }
  c.set('ctx', { ...deps, workspaceId, actor, requestId: c.get('requestId') });
  return next();
});
