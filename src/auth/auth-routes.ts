import { z } from '@hono/zod-openapi';
import { createRouter } from '@/api/create-router';
import { ok, routesFor } from '@/api/routes-for';
import { clearSessionCookie, clientAddress, requireSession } from '@/api/session-cookie';
import { endSession } from './end-session';
import { consumeLoginToken } from './login-links';
import { loginWithPassword } from './login-with-password';
import { getSessionView, SessionView } from './session-view';
import { signIn, takeLoginToken } from './sign-in';
import { switchWorkspace } from './switch-workspace';

const { get, post } = routesFor('Auth', 'public');

const LoginInput = z
  .union([
    z.strictObject({ token: z.string().min(10).max(200) }),
    z.strictObject({ email: z.string().min(3).max(320), password: z.string().min(1).max(1000) }),
  ])
  .openapi('LoginInput', {
    description: 'A one-time login token (from the printed link) or an email and password',
  });
const SwitchWorkspace = z.strictObject({ workspaceId: z.string().min(1).max(100) });

/** `/v1/auth/*`: public paths; each handler reads the session cookie itself. */
export const authRoutes = createRouter()
  .openapi(
    ...post(
      '/auth/login',
      'Sign in with a login token or a password (sets the session cookie)',
      { json: LoginInput },
      ok(SessionView, 'Signed in'),
      async (deps, input, c) => {
        if ('token' in input) {
          takeLoginToken(c, `ip:${clientAddress(c)}`);
          return signIn(c, (await consumeLoginToken(deps, input.token)).userId);
        }
        takeLoginToken(c, `ip:${clientAddress(c)}`, `email:${input.email.toLowerCase()}`);
        return signIn(c, (await loginWithPassword(deps, input)).userId);
      },
    ),
  )
  .openapi(
    ...get(
      '/auth/session',
      'The current session, its workspaces and CSRF token',
      {},
      ok(SessionView, 'The session'),
      async (deps, _input, c) => {
        const session = await requireSession(c);
        return getSessionView(deps, {
          userId: session.userId,
          workspaceId: session.workspace?.id ?? null,
          csrfToken: session.csrfToken,
        });
      },
    ),
  )
  .openapi(
    ...post(
      '/auth/switch-workspace',
      "Switch the session to another of the user's workspaces",
      { json: SwitchWorkspace },
      ok(SessionView, 'The session'),
      async (deps, { workspaceId }, c) => {
        const session = await requireSession(c);
        await switchWorkspace(deps, {
          sessionId: session.sessionId,
          userId: session.userId,
          workspaceId,
        });
        return getSessionView(deps, {
          userId: session.userId,
          workspaceId,
          csrfToken: session.csrfToken,
        });
      },
    ),
  )
  .openapi(
    ...post(
      '/auth/logout',
      'End the session',
      {},
      ok(z.object({ ok: z.literal(true) }), 'Signed out'),
      async (deps, _input, c) => {
        const session = await requireSession(c);
        await endSession(deps, session.sessionId);
        clearSessionCookie(c);
        return { ok: true as const };
      },
    ),
  );
