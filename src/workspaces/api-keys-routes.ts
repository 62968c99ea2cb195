import { createRouter } from '@/api/create-router';
import { created, ok, routesFor } from '@/api/routes-for';
import { ApiKeyView } from './api-key-view';
import { CreateApiKeyInput, CreatedApiKey, createApiKey } from './create-api-key';
import { listApiKeys } from './list-api-keys';
import { revokeApiKey } from './revoke-api-key';

const { delete: del, list, post } = routesFor('API keys');

export const apiKeysRoutes = createRouter()
  .openapi(
    ...post(
      '/api-keys',
      'Create an API key (the secret is shown once)',
      { json: CreateApiKeyInput },
      created(CreatedApiKey, 'The key and its secret'),
      createApiKey,
    ),
  )
  .openapi(
    ...list(
      '/api-keys',
      'List API keys (masked)',
      {},
      ApiKeyView,
      'Keys, newest first',
      listApiKeys,
    ),
  )
  .openapi(
    ...del(
      '/api-keys/{id}',
      'Revoke an API key',
      {},
      ok(ApiKeyView, 'The revoked key'),
      revokeApiKey,
    ),
  );
