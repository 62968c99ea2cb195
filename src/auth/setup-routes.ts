import { z } from '@hono/zod-openapi';
import { createRouter } from '@/api/create-router';
import { created, ok, routesFor } from '@/api/routes-for';
import { clientAddress, requireSession } from '@/api/session-cookie';
import { SessionView } from './session-view';
import { SetPasswordInput, setPassword } from './set-password';
import { getSetupState, SetupInput, SetupState, setupFirstOwner } from './setup-first-owner';
import { signIn, takeLoginToken } from './sign-in';

const { get, post, put } = routesFor('Auth', 'public');

const SetupDone = z
  .object({
    session: SessionView,
    secretKey: z.string().openapi({ description: 'An owner API key for the CLI; shown once' }),
  })
  .openapi('SetupDone');

/** `/v1/auth/setup` (the first owner of a fresh deployment) and `/v1/auth/password`. */
export const setupRoutes = createRouter()
  .openapi(
    ...get(
      '/auth/setup',
      'Whether the one-time setup is open',
      {},
      ok(SetupState, 'The setup state'),
      (deps) => getSetupState(deps),
    ),
  )
  .openapi(
    ...post(
      '/auth/setup',
      'Create the first owner, workspace and owner key with IOFOLD_SETUP_TOKEN (once)',
      { json: SetupInput },
      created(SetupDone, 'Signed in as the new owner'),
      async (deps, input, c) => {
        takeLoginToken(c, `ip:${clientAddress(c)}`);
        const done = await setupFirstOwner(deps, input);
        return { session: await signIn(c, done.userId), secretKey: done.secretKey };
      },
    ),
  )
  .openapi(
    ...put(
      '/auth/password',
      "Set or change the signed-in user's password (the current one when there is one)",
      { json: SetPasswordInput },
      ok(z.object({ ok: z.literal(true) }), 'Password saved'),
      async (deps, input, c) => {
        const session = await requireSession(c);
        takeLoginToken(c, `user:${session.userId}`);
        await setPassword(deps, { userId: session.userId, ...input });
        return { ok: true as const };
      },
    ),
  );
