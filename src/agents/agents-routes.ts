import { createRoute, z } from '@hono/zod-openapi';
import { createRouter } from '@/api/create-router';
import {
  authenticated,
  errorResponses,
  IdParam,
  jsonBody,
  jsonResponse,
} from '@/api/openapi-schemas';
import { AgentVersionView, AgentView } from './agent-views';
import { CreateAgentInput, createAgent } from './create-agent';
import { CreateAgentVersionInput, createAgentVersion } from './create-agent-version';
import { AgentDetail, getAgent } from './get-agent';
import { ListAgentsQuery, listAgents } from './list-agents';
import { promoteAgentVersion } from './promote-agent-version';
import { rejectAgentVersion } from './reject-agent-version';
import { archiveAgent, UpdateAgentInput, updateAgent } from './update-agent';

const tags = ['Agents'];
const VersionParams = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'id', in: 'path' } }),
  versionId: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: 'versionId', in: 'path' } }),
});

export const agentsRoutes = createRouter()
  .openapi(
    createRoute({
      method: 'post',
      path: '/agents',
      tags,
      summary: 'Create an agent (optionally with its first, active prompt version)',
      security: authenticated,
      request: { body: jsonBody(CreateAgentInput) },
      responses: { 201: jsonResponse(AgentView, 'The agent'), ...errorResponses },
    }),
    async (c) => c.json(await createAgent(c.var.ctx, c.req.valid('json')), 201),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/agents',
      tags,
      summary: 'List agents',
      security: authenticated,
      request: { query: ListAgentsQuery },
      responses: {
        200: jsonResponse(z.object({ data: z.array(AgentView) }), 'Agents'),
        ...errorResponses,
      },
    }),
    async (c) => c.json({ data: await listAgents(c.var.ctx, c.req.valid('query')) }, 200),
  )
  .openapi(
    createRoute({
      method: 'get',
      path: '/agents/{id}',
      tags,
      summary: 'Get an agent with its versions',
      security: authenticated,
      request: { params: IdParam },
      responses: { 200: jsonResponse(AgentDetail, 'The agent'), ...errorResponses },
    }),
    async (c) => c.json(await getAgent(c.var.ctx, c.req.valid('param')), 200),
  )
  .openapi(
    createRoute({
      method: 'patch',
      path: '/agents/{id}',
      tags,
      summary: 'Rename, describe, confirm or archive an agent',
      security: authenticated,
      request: { params: IdParam, body: jsonBody(UpdateAgentInput) },
      responses: { 200: jsonResponse(AgentView, 'The agent'), ...errorResponses },
    }),
    async (c) =>
      c.json(
        await updateAgent(c.var.ctx, { ...c.req.valid('param'), ...c.req.valid('json') }),
        200,
      ),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/agents/{id}/archive',
      tags,
      summary: 'Archive an agent',
      security: authenticated,
      request: { params: IdParam },
      responses: { 200: jsonResponse(AgentView, 'The agent'), ...errorResponses },
    }),
    async (c) => c.json(await archiveAgent(c.var.ctx, c.req.valid('param')), 200),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/agents/{id}/versions',
      tags,
      summary: 'Add a candidate prompt version',
      security: authenticated,
      request: { params: IdParam, body: jsonBody(CreateAgentVersionInput) },
      responses: { 201: jsonResponse(AgentVersionView, 'The version'), ...errorResponses },
    }),
    async (c) =>
      c.json(
        await createAgentVersion(c.var.ctx, {
          agentId: c.req.valid('param').id,
          ...c.req.valid('json'),
        }),
        201,
      ),
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/agents/{id}/versions/{versionId}/promote',
      tags,
      summary: 'Make a version the active one (the previous one is archived)',
      security: authenticated,
      request: { params: VersionParams },
      responses: { 200: jsonResponse(AgentDetail, 'The agent'), ...errorResponses },
    }),
    async (c) => {
      const { id, versionId } = c.req.valid('param');
      return c.json(await promoteAgentVersion(c.var.ctx, { agentId: id, versionId }), 200);
    },
  )
  .openapi(
    createRoute({
      method: 'post',
      path: '/agents/{id}/versions/{versionId}/reject',
      tags,
      summary: 'Reject a candidate version',
      security: authenticated,
      request: { params: VersionParams },
      responses: { 200: jsonResponse(AgentVersionView, 'The version'), ...errorResponses },
    }),
    async (c) => {
      const { id, versionId } = c.req.valid('param');
      return c.json(await rejectAgentVersion(c.var.ctx, { agentId: id, versionId }), 200);
    },
  );
