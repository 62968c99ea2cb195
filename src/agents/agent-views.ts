import { z } from '@hono/zod-openapi';
import { columnFields } from '@/api/column-fields';
import { viewOf } from '@/api/openapi-schemas';
import { type Agent, type AgentVersion, agents, agentVersions } from '@/db/schema';
import { LabelCounts } from '@/feedback/label-counts';

export const AgentView = z
  .object({
    ...columnFields(agents, 'id', 'name', 'description', 'status', 'activeVersionId', 'traceCount'),
    ...columnFields(agents, 'lastTraceAt', 'createdAt', 'updatedAt'),
  })
  .openapi('Agent');
export type AgentView = z.infer<typeof AgentView>;

/** An agent in the list, with how many of its traces carry each label (what generation needs). */
export const AgentListItem = AgentView.extend({
  labels: LabelCounts,
}).openapi('AgentListItem');
export type AgentListItem = z.infer<typeof AgentListItem>;

export const AgentVersionView = z
  .object({
    ...columnFields(agentVersions, 'id', 'agentId', 'version', 'promptTemplate'),
    variables: z.array(z.string()),
    ...columnFields(agentVersions, 'status', 'source', 'parentVersionId', 'createdBy'),
    ...columnFields(agentVersions, 'createdAt', 'promotedAt'),
  })
  .openapi('AgentVersion');
export type AgentVersionView = z.infer<typeof AgentVersionView>;

export function toAgentView(row: Agent): AgentView {
  return viewOf(AgentView, row);
}

export function toAgentVersionView(row: AgentVersion): AgentVersionView {
  return viewOf(AgentVersionView, row);
}
