import { eq } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { notFound } from '@/core/errors';
import { inWorkspace } from '@/db/in-workspace';
import { type Agent, type AgentVersion, agents, agentVersions } from '@/db/schema';

/** The agent in the ctx's workspace, or NOT_FOUND (also for another workspace's id). */
export async function getAgentOrThrow(ctx: Ctx, id: string): Promise<Agent> {
  const [row] = await ctx.db
    .select()
    .from(agents)
    .where(inWorkspace(ctx, agents, [eq(agents.id, id)]))
    .limit(1);
  if (!row) {
    throw notFound('agent', id);
  }
  return row;
}

/** A version of `agentId` in the ctx's workspace, or NOT_FOUND. */
export async function getAgentVersionOrThrow(
  ctx: Ctx,
  agentId: string,
  versionId: string,
): Promise<AgentVersion> {
  const [row] = await ctx.db
    .select()
    .from(agentVersions)
    .where(
      inWorkspace(ctx, agentVersions, [
        eq(agentVersions.agentId, agentId),
        eq(agentVersions.id, versionId),
      ]),
    )
    .limit(1);
  if (!row) {
    throw notFound('agent version', versionId);
  }
  return row;
}
