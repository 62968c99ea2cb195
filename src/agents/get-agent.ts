import { z } from '@hono/zod-openapi';
import { desc, eq } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { rowsInWorkspace } from '@/db/in-workspace';
import { agentVersions } from '@/db/schema';
import { AgentVersionView, AgentView, toAgentVersionView, toAgentView } from './agent-views';
import { getAgentOrThrow } from './get-agent-or-throw';

export const AgentDetail = AgentView.extend({ versions: z.array(AgentVersionView) }).openapi(
  'AgentDetail',
);
export type AgentDetail = z.infer<typeof AgentDetail>;

/** One agent with its versions, newest first. */
export async function getAgent(ctx: Ctx, input: { id: string }): Promise<AgentDetail> {
  const agent = await getAgentOrThrow(ctx, input.id);
  return { ...toAgentView(agent), versions: await listAgentVersions(ctx, { agentId: agent.id }) };
}

async function listAgentVersions(
  ctx: Ctx,
  input: { agentId: string },
): Promise<AgentVersionView[]> {
  const rows = await rowsInWorkspace(ctx, agentVersions, [
    eq(agentVersions.agentId, input.agentId),
  ]).orderBy(desc(agentVersions.version));
  return rows.map(toAgentVersionView);
}
