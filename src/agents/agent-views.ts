import { z } from '@hono/zod-openapi';
import { IsoDate, viewOf } from '@/api/openapi-schemas';
import {
  AGENT_STATUSES,
  AGENT_VERSION_SOURCES,
  AGENT_VERSION_STATUSES,
  type Agent,
  type AgentVersion,
} from '@/db/schema';
import { LabelCounts } from '@/feedback/label-counts';

export const AgentView = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    status: z.enum(AGENT_STATUSES),
    activeVersionId: z.string().nullable(),
    traceCount: z.number().int(),
    lastTraceAt: IsoDate.nullable(),
    createdAt: IsoDate,
    updatedAt: IsoDate,
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
    id: z.string(),
    agentId: z.string(),
    version: z.number().int(),
    promptTemplate: z.string(),
    variables: z.array(z.string()),
    status: z.enum(AGENT_VERSION_STATUSES),
    source: z.enum(AGENT_VERSION_SOURCES),
    parentVersionId: z.string().nullable(),
    createdBy: z.string().nullable(),
    createdAt: IsoDate,
    promotedAt: IsoDate.nullable(),
  })
  .openapi('AgentVersion');
export type AgentVersionView = z.infer<typeof AgentVersionView>;

export function toAgentView(row: Agent): AgentView {
  return viewOf(AgentView, row);
}

export function toAgentVersionView(row: AgentVersion): AgentVersionView {
  return viewOf(AgentVersionView, row);
}
