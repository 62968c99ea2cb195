import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '@/api/create-router';
import {
  authenticated,
  errorResponses,
  IdParam,
  jsonBody,
  jsonResponse,
} from '@/api/openapi-schemas';
import { createIntegration } from './create-integration';
import { deleteIntegration } from './delete-integration';
import { getIntegrationOrThrow } from './get-integration-or-throw';
import { CreateIntegrationInput, UpdateIntegrationInput } from './integration-input';
import { IntegrationView, toIntegrationView } from './integration-view';
import { listIntegrations } from './list-integrations';
import { QueuedSync, requestIntegrationSync } from './request-integration-sync';
import { ConnectionTest, testIntegration } from './test-integration';
import { updateIntegration } from './update-integration';

const tags = ['Integrations'];

export const integrationsRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/integrations',
      tags,
      summary: 'Connect Langfuse, LangSmith, Phoenix, an OpenAI-compatible or an Anthropic API',
      security: authenticated,
      request: { body: jsonBody(CreateIntegrationInput) },
      responses: { 201: jsonResponse(IntegrationView, 'The integration'), ...errorResponses },
    }),
    async (c) => c.json(await createIntegration(c.var.ctx, c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/integrations',
      tags,
      summary: 'List integrations (secrets masked)',
      security: authenticated,
      responses: {
        200: jsonResponse(z.object({ data: z.array(IntegrationView) }), 'Integrations'),
        ...errorResponses,
      },
    }),
    async (c) => c.json({ data: await listIntegrations(c.var.ctx) }, 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/integrations/{id}',
      tags,
      summary: 'Get an integration (secret masked)',
      security: authenticated,
      request: { params: IdParam },
      responses: { 200: jsonResponse(IntegrationView, 'The integration'), ...errorResponses },
    }),
    async (c) =>
      c.json(
        toIntegrationView(await getIntegrationOrThrow(c.var.ctx, c.req.valid('param').id)),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/integrations/{id}',
      tags,
      summary: 'Change settings or replace the secret',
      security: authenticated,
      request: { params: IdParam, body: jsonBody(UpdateIntegrationInput) },
      responses: { 200: jsonResponse(IntegrationView, 'The integration'), ...errorResponses },
    }),
    async (c) =>
      c.json(
        await updateIntegration(c.var.ctx, { ...c.req.valid('param'), ...c.req.valid('json') }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: 'delete',
      path: '/integrations/{id}',
      tags,
      summary: 'Delete an integration',
      security: authenticated,
      request: { params: IdParam },
      responses: { 204: { description: 'Deleted' }, ...errorResponses },
    }),
    async (c) => {
      await deleteIntegration(c.var.ctx, c.req.valid('param'));
      return c.body(null, 204);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/integrations/{id}/test',
      tags,
      summary: 'Test the connection with the stored credentials',
      security: authenticated,
      request: { params: IdParam },
      responses: { 200: jsonResponse(ConnectionTest, 'The outcome'), ...errorResponses },
    }),
    async (c) => c.json(await testIntegration(c.var.ctx, c.req.valid('param')), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/integrations/{id}/sync',
      tags,
      summary: 'Pull new traces from Langfuse, LangSmith or Phoenix (a background job)',
      security: authenticated,
      request: { params: IdParam },
      responses: { 202: jsonResponse(QueuedSync, 'The sync job'), ...errorResponses },
    }),
    async (c) => c.json(await requestIntegrationSync(c.var.ctx, c.req.valid('param')), 202),
  );
