import { eq } from 'drizzle-orm';
import { assertCanWrite } from '@/auth/assert-role';
import type { Ctx } from '@/core/context';
import { notFound } from '@/core/errors';
import { getOrThrow, inWorkspace } from '@/db/in-workspace';
import { param, preparedPerDb, workspaceParam } from '@/db/prepared';
import { type Agent, type AgentVersion, agents, agentVersions } from '@/db/schema';

/** The agent in the ctx's workspace, or NOT_FOUND (also for another workspace's id). */
export function getAgentOrThrow(ctx: Ctx, id: string): Promise<Agent> {
  return getOrThrow(ctx, agents, 'agent', id);
}

/** A version of `agentId` in the ctx's workspace, or NOT_FOUND. */
export async function getAgentVersionOrThrow(
  ctx: Ctx,
  agentId: string,
  versionId: string,
): Promise<AgentVersion> {
  const [row] = await versionQuery(ctx.db).all({
    workspaceId: ctx.workspaceId,
    agentId,
    versionId,
  });
  if (!row) {
    throw notFound('agent version', versionId);
  }
  return row;
}

/** The agent and its version that a status change acts on, once the caller may write. */
export async function getVersionToChange(
  ctx: Ctx,
  input: { agentId: string; versionId: string },
): Promise<{ agent: Agent; version: AgentVersion }> {
  assertCanWrite(ctx);
  const agent = await getAgentOrThrow(ctx, input.agentId);
  return { agent, version: await getAgentVersionOrThrow(ctx, agent.id, input.versionId) };
}

/** Prepared once per database: the playground reads a version before every first token (#22). */
const versionQuery = preparedPerDb((db) =>
  db
    .select()
    .from(agentVersions)
    .where(
      inWorkspace(workspaceParam, agentVersions, [
        eq(agentVersions.agentId, param('agentId')),
        eq(agentVersions.id, param('versionId')),
      ]),
    )
    .limit(1)
    .prepare(),
);
