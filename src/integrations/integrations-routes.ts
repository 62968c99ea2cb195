import { createRouter } from '@/api/create-router';
import { accepted, created, noContent, ok, routesFor } from '@/api/routes-for';
import { createIntegration } from './create-integration';
import { deleteIntegration } from './delete-integration';
import { getIntegrationOrThrow } from './get-integration-or-throw';
import { CreateIntegrationInput, UpdateIntegrationInput } from './integration-input';
import { IntegrationView, toIntegrationView } from './integration-view';
import { listIntegrations } from './list-integrations';
import { QueuedSync, requestIntegrationSync } from './request-integration-sync';
import { ConnectionTest, testIntegration } from './test-integration';
import { updateIntegration } from './update-integration';

const { delete: del, get, list, patch, post } = routesFor('Integrations');

export const integrationsRoutes = createRouter()
  .openapi(
    ...post(
      '/integrations',
      'Connect Langfuse, LangSmith, Phoenix, an OpenAI-compatible or an Anthropic API',
      { json: CreateIntegrationInput },
      created(IntegrationView, 'The integration'),
      createIntegration,
    ),
  )
  .openapi(
    ...list(
      '/integrations',
      'List integrations (secrets masked)',
      {},
      IntegrationView,
      'Integrations',
      listIntegrations,
    ),
  )
  .openapi(
    ...get(
      '/integrations/{id}',
      'Get an integration (secret masked)',
      {},
      ok(IntegrationView, 'The integration'),
      async (ctx, { id }) => toIntegrationView(await getIntegrationOrThrow(ctx, id)),
    ),
  )
  .openapi(
    ...patch(
      '/integrations/{id}',
      'Change settings or replace the secret',
      { json: UpdateIntegrationInput },
      ok(IntegrationView, 'The integration'),
      updateIntegration,
    ),
  )
  .openapi(
    ...del(
      '/integrations/{id}',
      'Delete an integration',
      {},
      noContent('Deleted'),
      deleteIntegration,
    ),
  )
  .openapi(
    ...post(
      '/integrations/{id}/test',
      'Test the connection with the stored credentials',
      {},
      ok(ConnectionTest, 'The outcome'),
      testIntegration,
    ),
  )
  .openapi(
    ...post(
      '/integrations/{id}/sync',
      'Pull new traces from Langfuse, LangSmith or Phoenix (a background job)',
      {},
      accepted(QueuedSync, 'The sync job'),
      requestIntegrationSync,
    ),
  );
