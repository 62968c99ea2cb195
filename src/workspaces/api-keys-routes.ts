import { createRouter } from '@/api/create-router';
import { IdParam, jsonBody, jsonResponse, pageOf } from '@/api/openapi-schemas';
import { routesFor } from '@/api/routes-for';
import { onePage } from '@/core/page';
import { ApiKeyView } from './api-key-view';
import { CreateApiKeyInput, CreatedApiKey, createApiKey } from './create-api-key';
import { listApiKeys } from './list-api-keys';
import { revokeApiKey } from './revoke-api-key';

const route = routesFor('API keys');

export const apiKeysRoutes = createRouter()
  .openapi(
    route({
      method: 'post',
      path: '/api-keys',
      summary: 'Create an API key (the secret is shown once)',
      request: { body: jsonBody(CreateApiKeyInput) },
      responses: { 201: jsonResponse(CreatedApiKey, 'The key and its secret') },
    }),
    async (c) => c.json(await createApiKey(c.var.ctx, c.req.valid('json')), 201),
  )
  .openapi(
    route({
      method: 'get',
      path: '/api-keys',
      summary: 'List API keys (masked)',
      responses: {
        200: jsonResponse(pageOf(ApiKeyView), 'Keys, newest first'),
      },
    }),
    async (c) => c.json(onePage(await listApiKeys(c.var.ctx)), 200),
  )
  .openapi(
    route({
      method: 'delete',
      path: '/api-keys/{id}',
      summary: 'Revoke an API key',
      request: { params: IdParam },
      responses: { 200: jsonResponse(ApiKeyView, 'The revoked key') },
    }),
    async (c) => c.json(await revokeApiKey(c.var.ctx, c.req.valid('param')), 200),
  );
