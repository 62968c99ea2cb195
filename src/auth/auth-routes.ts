import { z } from '@hono/zod-openapi';
import { createRouter } from '@/api/create-router';
import { jsonBody, jsonResponse } from '@/api/openapi-schemas';
import { routesFor } from '@/api/routes-for';
import { clearSessionCookie, clientAddress, requireSession } from '@/api/session-cookie';
import { endSession } from './end-session';
import { consumeLoginToken } from './login-links';
import { loginWithPassword } from './login-with-password';
import { getSessionView, SessionView } from './session-view';
import { signIn, takeLoginToken } from './sign-in';
import { switchWorkspace } from './switch-workspace';

const route = routesFor('Auth', 'public');

const LoginInput = z
  .union([
    z.strictObject({ token: z.string().min(10).max(200) }),
    z.strictObject({ email: z.string().min(3).max(320), password: z.string().min(1).max(1000) }),
  ])
  .openapi('LoginInput', {
    description: 'A one-time login token (from the printed link) or an email and password',
  });
const SwitchWorkspace = z.strictObject({ workspaceId: z.string().min(1).max(100) });

const sessionResponses = { 200: jsonResponse(SessionView, 'Signed in') };

/** `/v1/auth/*`: public paths; each handler reads the session cookie itself. */
export const authRoutes = createRouter()
  .openapi(
    route({
      method: 'post',
      path: '/auth/login',
      summary: 'Sign in with a login token or a password (sets the session cookie)',
      request: { body: jsonBody(LoginInput) },
      responses: sessionResponses,
    }),
    async (c) => {
      const input = c.req.valid('json');
      const deps = c.get('deps');
      if ('token' in input) {
        takeLoginToken(c, `ip:${clientAddress(c)}`);
        return c.json(await signIn(c, (await consumeLoginToken(deps, input.token)).userId), 200);
      }
      takeLoginToken(c, `ip:${clientAddress(c)}`, `email:${input.email.toLowerCase()}`);
      return c.json(await signIn(c, (await loginWithPassword(deps, input)).userId), 200);
    },
  )
  .openapi(
    route({
      method: 'get',
      path: '/auth/session',
      summary: 'The current session, its workspaces and CSRF token',
      responses: { 200: jsonResponse(SessionView, 'The session') },
    }),
    async (c) => {
      const session = await requireSession(c);
      return c.json(
        await getSessionView(c.get('deps'), {
          userId: session.userId,
          workspaceId: session.workspace?.id ?? null,
          csrfToken: session.csrfToken,
        }),
        200,
      );
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/auth/switch-workspace',
      summary: "Switch the session to another of the user's workspaces",
      request: { body: jsonBody(SwitchWorkspace) },
      responses: { 200: jsonResponse(SessionView, 'The session') },
    }),
    async (c) => {
      const session = await requireSession(c);
      const { workspaceId } = c.req.valid('json');
      const deps = c.get('deps');
      await switchWorkspace(deps, {
        sessionId: session.sessionId,
        userId: session.userId,
        workspaceId,
      });
      return c.json(
        await getSessionView(deps, {
          userId: session.userId,
          workspaceId,
          csrfToken: session.csrfToken,
        }),
        200,
      );
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/auth/logout',
      summary: 'End the session',
      responses: {
        200: jsonResponse(z.object({ ok: z.literal(true) }), 'Signed out'),
      },
    }),
    async (c) => {
      const session = await requireSession(c);
      await endSession(c.get('deps'), session.sessionId);
      clearSessionCookie(c);
      return c.json({ ok: true as const }, 200);
    },
  );
