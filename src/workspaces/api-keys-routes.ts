import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '@/api/create-router';
import {
  authenticated,
  errorResponses,
  IdParam,
  jsonBody,
  jsonResponse,
} from '@/api/openapi-schemas';
import { ApiKeyView } from './api-key-view';
import { CreateApiKeyInput, CreatedApiKey, createApiKey } from './create-api-key';
import { listApiKeys } from './list-api-keys';
import { revokeApiKey } from './revoke-api-key';

const tags = ['API keys'];

export const apiKeysRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/api-keys',
      tags,
      summary: 'Create an API key (the secret is shown once)',
      security: authenticated,
      request: { body: jsonBody(CreateApiKeyInput) },
      responses: { 201: jsonResponse(CreatedApiKey, 'The key and its secret'), ...errorResponses },
    }),
    async (c) => c.json(await createApiKey(c.var.ctx, c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/api-keys',
      tags,
      summary: 'List API keys (masked)',
      security: authenticated,
      responses: {
        200: jsonResponse(z.object({ data: z.array(ApiKeyView) }), 'Keys, newest first'),
        ...errorResponses,
      },
    }),
    async (c) => c.json({ data: await listApiKeys(c.var.ctx) }, 200),
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/api-keys/{id}',
      tags,
      summary: 'Revoke an API key',
      security: authenticated,
      request: { params: IdParam },
      responses: { 200: jsonResponse(ApiKeyView, 'The revoked key'), ...errorResponses },
    }),
    async (c) => c.json(await revokeApiKey(c.var.ctx, c.req.valid('param')), 200),
  );
