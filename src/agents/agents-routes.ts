import { createRouter } from '@/api/create-router';
import { IdParam, jsonBody, jsonResponse, pageOf, pathParams } from '@/api/openapi-schemas';
import { routesFor } from '@/api/routes-for';
import { onePage } from '@/core/page';
import { AgentListItem, AgentVersionView, AgentView } from './agent-views';
import { CreateAgentInput, createAgent } from './create-agent';
import { CreateAgentVersionInput, createAgentVersion } from './create-agent-version';
import { AgentDetail, getAgent } from './get-agent';
import { ListAgentsQuery, listAgents } from './list-agents';
import { promoteAgentVersion } from './promote-agent-version';
import { rejectAgentVersion } from './reject-agent-version';
import { archiveAgent, UpdateAgentInput, updateAgent } from './update-agent';

const route = routesFor('Agents');
const VersionParams = pathParams('id', 'versionId');

export const agentsRoutes = createRouter()
  .openapi(
    route({
      method: 'post',
      path: '/agents',
      summary: 'Create an agent (optionally with its first, active prompt version)',
      request: { body: jsonBody(CreateAgentInput) },
      responses: { 201: jsonResponse(AgentView, 'The agent') },
    }),
    async (c) => c.json(await createAgent(c.var.ctx, c.req.valid('json')), 201),
  )
  .openapi(
    route({
      method: 'get',
      path: '/agents',
      summary: 'List agents',
      request: { query: ListAgentsQuery },
      responses: {
        200: jsonResponse(pageOf(AgentListItem), 'Agents with their label counts'),
      },
    }),
    async (c) => c.json(onePage(await listAgents(c.var.ctx, c.req.valid('query'))), 200),
  )
  .openapi(
    route({
      method: 'get',
      path: '/agents/{id}',
      summary: 'Get an agent with its versions',
      request: { params: IdParam },
      responses: { 200: jsonResponse(AgentDetail, 'The agent') },
    }),
    async (c) => c.json(await getAgent(c.var.ctx, c.req.valid('param')), 200),
  )
  .openapi(
    route({
      method: 'patch',
      path: '/agents/{id}',
      summary: 'Rename, describe, confirm or archive an agent',
      request: { params: IdParam, body: jsonBody(UpdateAgentInput) },
      responses: { 200: jsonResponse(AgentView, 'The agent') },
    }),
    async (c) =>
      c.json(
        await updateAgent(c.var.ctx, { ...c.req.valid('param'), ...c.req.valid('json') }),
        200,
      ),
  )
  .openapi(
    route({
      method: 'post',
      path: '/agents/{id}/archive',
      summary: 'Archive an agent',
      request: { params: IdParam },
      responses: { 200: jsonResponse(AgentView, 'The agent') },
    }),
    async (c) => c.json(await archiveAgent(c.var.ctx, c.req.valid('param')), 200),
  )
  .openapi(
    route({
      method: 'post',
      path: '/agents/{id}/versions',
      summary: 'Add a candidate prompt version',
      request: { params: IdParam, body: jsonBody(CreateAgentVersionInput) },
      responses: { 201: jsonResponse(AgentVersionView, 'The version') },
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
    route({
      method: 'post',
      path: '/agents/{id}/versions/{versionId}/promote',
      summary: 'Make a version the active one (the previous one is archived)',
      request: { params: VersionParams },
      responses: { 200: jsonResponse(AgentDetail, 'The agent') },
    }),
    async (c) => {
      const { id, versionId } = c.req.valid('param');
      return c.json(await promoteAgentVersion(c.var.ctx, { agentId: id, versionId }), 200);
    },
  )
  .openapi(
    route({
      method: 'post',
      path: '/agents/{id}/versions/{versionId}/reject',
      summary: 'Reject a candidate version',
      request: { params: VersionParams },
      responses: { 200: jsonResponse(AgentVersionView, 'The version') },
    }),
    async (c) => {
      const { id, versionId } = c.req.valid('param');
      return c.json(await rejectAgentVersion(c.var.ctx, { agentId: id, versionId }), 200);
    },
  );
