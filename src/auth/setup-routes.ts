import { z } from '@hono/zod-openapi';
import { createRouter } from '@/api/create-router';
import { jsonBody, jsonResponse } from '@/api/openapi-schemas';
import { routesFor } from '@/api/routes-for';
import { clientAddress, requireSession } from '@/api/session-cookie';
import { SessionView } from './session-view';
import { SetPasswordInput, setPassword } from './set-password';
import { getSetupState, SetupInput, SetupState, setupFirstOwner } from './setup-first-owner';
import { signIn, takeLoginToken } from './sign-in';

const route = routesFor('Auth', 'public');

const SetupDone = z
  .object({
    session: SessionView,
    secretKey: z.string().openapi({ description: 'An owner API key for the CLI; shown once' }),
  })
  .openapi('SetupDone');

/** `/v1/auth/setup` (the first owner of a fresh deployment) and `/v1/auth/password`. */
export const setupRoutes = createRouter()
  .openapi(
    route({
      method: 'get',
      path: '/auth/setup',
      summary: 'Whether the one-time setup is open',
      responses: { 200: jsonResponse(SetupState, 'The setup state') },
    }),
    async (c) => c.json(await getSetupState(c.get('deps')), 200),
  )
  .openapi(
    route({
      method: 'post',
      path: '/auth/setup',
      summary: 'Create the first owner, workspace and owner key with IOFOLD_SETUP_TOKEN (once)',
      request: { body: jsonBody(SetupInput) },
      responses: { 201: jsonResponse(SetupDone, 'Signed in as the new owner') },
    }),
    async (c) => {
      takeLoginToken(c, `ip:${clientAddress(c)}`);
      const done = await setupFirstOwner(c.get('deps'), c.req.valid('json'));
      return c.json({ session: await signIn(c, done.userId), secretKey: done.secretKey }, 201);
    },
  )
  .openapi(
    route({
      method: 'put',
      path: '/auth/password',
      summary: "Set or change the signed-in user's password (the current one when there is one)",
      request: { body: jsonBody(SetPasswordInput) },
      responses: { 200: jsonResponse(z.object({ ok: z.literal(true) }), 'Password saved') },
    }),
    async (c) => {
      const session = await requireSession(c);
      takeLoginToken(c, `user:${session.userId}`);
      await setPassword(c.get('deps'), { userId: session.userId, ...c.req.valid('json') });
      return c.json({ ok: true as const }, 200);
    },
  );
