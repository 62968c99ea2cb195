import { createRouter } from '@/api/create-router';
import { created, ok, routesFor } from '@/api/routes-for';
import { AgentListItem, AgentVersionView, AgentView } from './agent-views';
import { CreateAgentInput, CreatedAgentView, createAgent } from './create-agent';
import {
  CreateAgentVersionInput,
  CreatedAgentVersionView,
  createAgentVersion,
} from './create-agent-version';
import { AgentDetail, getAgent } from './get-agent';
import { ListAgentsQuery, listAgents } from './list-agents';
import { promoteAgentVersion } from './promote-agent-version';
import { rejectAgentVersion } from './reject-agent-version';
import { archiveAgent, UpdateAgentInput, updateAgent } from './update-agent';

const { get, list, patch, post } = routesFor('Agents');

export const agentsRoutes = createRouter()
  .openapi(
    ...post(
      '/agents',
      'Create an agent (optionally with its first, active prompt version)',
      { json: CreateAgentInput },
      created(CreatedAgentView, 'The agent, with the lints of its first prompt'),
      createAgent,
    ),
  )
  .openapi(
    ...list(
      '/agents',
      'List agents',
      { query: ListAgentsQuery },
      AgentListItem,
      'Agents with their label counts',
      listAgents,
    ),
  )
  .openapi(
    ...get(
      '/agents/{id}',
      'Get an agent with its versions',
      {},
      ok(AgentDetail, 'The agent'),
      getAgent,
    ),
  )
  .openapi(
    ...patch(
      '/agents/{id}',
      'Rename, describe, confirm or archive an agent',
      { json: UpdateAgentInput },
      ok(AgentView, 'The agent'),
      updateAgent,
    ),
  )
  .openapi(
    ...post(
      '/agents/{id}/archive',
      'Archive an agent',
      {},
      ok(AgentView, 'The agent'),
      archiveAgent,
    ),
  )
  .openapi(
    ...post(
      '/agents/{id}/versions',
      'Add a candidate prompt version',
      { json: CreateAgentVersionInput },
      created(CreatedAgentVersionView, 'The version with its lints'),
      (ctx, { id, ...input }) => createAgentVersion(ctx, { agentId: id, ...input }),
    ),
  )
  .openapi(
    ...post(
      '/agents/{id}/versions/{versionId}/promote',
      'Make a version the active one (the previous one is archived)',
      {},
      ok(AgentDetail, 'The agent'),
      (ctx, { id, versionId }) => promoteAgentVersion(ctx, { agentId: id, versionId }),
    ),
  )
  .openapi(
    ...post(
      '/agents/{id}/versions/{versionId}/reject',
      'Reject a candidate version',
      {},
      ok(AgentVersionView, 'The version'),
      (ctx, { id, versionId }) => rejectAgentVersion(ctx, { agentId: id, versionId }),
    ),
  );
