import { createRoute } from '@hono/zod-openapi';
import { createRouter } from '@/api/create-router';
import { authenticated, errorResponses, jsonResponse } from '@/api/openapi-schemas';
import { Whoami, whoami } from './whoami';

export const meRoutes = createRouter().openapi(
  createRoute({
    method: 'get',
    path: '/me',
    tags: ['Auth'],
    summary: 'The current credential, its role and workspace',
    security: authenticated,
    responses: { 200: jsonResponse(Whoami, 'Who you are'), ...errorResponses },
  }),
  async (c) => {
    const session = c.get('session');
    const me = await whoami(c.var.ctx);
    return c.json(session ? { ...me, csrfToken: session.csrfToken } : me, 200);
  },
);
