import { and, eq } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';
import { inWorkspace } from '@/db/in-workspace';
import { agents, agentVersions } from '@/db/schema';
import { type AgentDetail, getAgent } from './get-agent';
import { getVersionToChange } from './get-agent-or-throw';

/**
 * Makes a version the agent's active one; the previously active version is archived (kept, and
 * can be promoted again to roll back). One batch.
 */
export async function promoteAgentVersion(
  ctx: Ctx,
  input: { agentId: string; versionId: string },
): Promise<AgentDetail> {
  const { agent, version } = await getVersionToChange(ctx, input);
  if (version.status === 'active') {
    return getAgent(ctx, { id: agent.id });
  }
  if (version.status === 'rejected') {
    throw new AppError('PRECONDITION_FAILED', 'a rejected version cannot be promoted');
  }
  const now = ctx.now();
  const scope = inWorkspace(ctx, agentVersions, [eq(agentVersions.agentId, agent.id)]);
  await ctx.db.batch([
    ctx.db
      .update(agentVersions)
      .set({ status: 'archived' })
      .where(and(scope, eq(agentVersions.status, 'active'))),
    ctx.db
      .update(agentVersions)
      .set({ status: 'active', promotedAt: now })
      .where(and(scope, eq(agentVersions.id, version.id))),
    ctx.db
      .update(agents)
      .set({ activeVersionId: version.id, updatedAt: now })
      .where(inWorkspace(ctx, agents, [eq(agents.id, agent.id)])),
  ]);
  return getAgent(ctx, { id: agent.id });
}
