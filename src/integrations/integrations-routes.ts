import { createRouter } from '@/api/create-router';
import { IdParam, jsonBody, jsonResponse, pageOf } from '@/api/openapi-schemas';
import { routesFor } from '@/api/routes-for';
import { onePage } from '@/core/page';
import { createIntegration } from './create-integration';
import { deleteIntegration } from './delete-integration';
import { getIntegrationOrThrow } from './get-integration-or-throw';
import { CreateIntegrationInput, UpdateIntegrationInput } from './integration-input';
import { IntegrationView, toIntegrationView } from './integration-view';
import { listIntegrations } from './list-integrations';
import { QueuedSync, requestIntegrationSync } from './request-integration-sync';
import { ConnectionTest, testIntegration } from './test-integration';
import { updateIntegration } from './update-integration';

const route = routesFor('Integrations');

export const integrationsRoutes = createRouter()
  .openapi(
    route({
      method: 'post',
      path: '/integrations',
      summary: 'Connect Langfuse, LangSmith, Phoenix, an OpenAI-compatible or an Anthropic API',
      request: { body: jsonBody(CreateIntegrationInput) },
      responses: { 201: jsonResponse(IntegrationView, 'The integration') },
    }),
    async (c) => c.json(await createIntegration(c.var.ctx, c.req.valid('json')), 201),
  )
  .openapi(
    route({
      method: 'get',
      path: '/integrations',
      summary: 'List integrations (secrets masked)',
      responses: {
        200: jsonResponse(pageOf(IntegrationView), 'Integrations'),
      },
    }),
    async (c) => c.json(onePage(await listIntegrations(c.var.ctx)), 200),
  )
  .openapi(
    route({
      method: 'get',
      path: '/integrations/{id}',
      summary: 'Get an integration (secret masked)',
      request: { params: IdParam },
      responses: { 200: jsonResponse(IntegrationView, 'The integration') },
    }),
    async (c) =>
      c.json(
        toIntegrationView(await getIntegrationOrThrow(c.var.ctx, c.req.valid('param').id)),
        200,
      ),
  )
  .openapi(
    route({
      method: 'patch',
      path: '/integrations/{id}',
      summary: 'Change settings or replace the secret',
      request: { params: IdParam, body: jsonBody(UpdateIntegrationInput) },
      responses: { 200: jsonResponse(IntegrationView, 'The integration') },
    }),
    async (c) =>
      c.json(
        await updateIntegration(c.var.ctx, { ...c.req.valid('param'), ...c.req.valid('json') }),
        200,
      ),
  )
  .openapi(
    route({
      method: 'delete',
      path: '/integrations/{id}',
      summary: 'Delete an integration',
      request: { params: IdParam },
      responses: { 204: { description: 'Deleted' } },
    }),
    async (c) => {
      await deleteIntegration(c.var.ctx, c.req.valid('param'));
      return c.body(null, 204);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/integrations/{id}/test',
      summary: 'Test the connection with the stored credentials',
      request: { params: IdParam },
      responses: { 200: jsonResponse(ConnectionTest, 'The outcome') },
    }),
    async (c) => c.json(await testIntegration(c.var.ctx, c.req.valid('param')), 200),
  )
  .openapi(
    route({
      method: 'post',
      path: '/integrations/{id}/sync',
      summary: 'Pull new traces from Langfuse, LangSmith or Phoenix (a background job)',
      request: { params: IdParam },
      responses: { 202: jsonResponse(QueuedSync, 'The sync job') },
    }),
    async (c) => c.json(await requestIntegrationSync(c.var.ctx, c.req.valid('param')), 202),
  );
