import { createRouter } from '@/api/create-router';
import { jsonResponse } from '@/api/openapi-schemas';
import { routesFor } from '@/api/routes-for';
import { Whoami, whoami } from './whoami';

const route = routesFor('Auth');

export const meRoutes = createRouter().openapi(
  route({
    method: 'get',
    path: '/me',
    summary: 'The current credential, its role and workspace',
    responses: { 200: jsonResponse(Whoami, 'Who you are') },
  }),
  async (c) => {
    const session = c.get('session');
    const me = await whoami(c.var.ctx);
    return c.json(session ? { ...me, csrfToken: session.csrfToken } : me, 200);
  },
);
