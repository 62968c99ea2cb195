import { createRouter } from '@/api/create-router';
import { ok, routesFor } from '@/api/routes-for';
import { Whoami, whoami } from './whoami';

const { get } = routesFor('Auth');

export const meRoutes = createRouter().openapi(
  ...get(
    '/me',
    'The current credential, its role and workspace',
    {},
    ok(Whoami, 'Who you are'),
    async (ctx, _input, c) => {
      const session = c.get('session');
      const me = await whoami(ctx);
      return session ? { ...me, csrfToken: session.csrfToken } : me;
    },
  ),
);
