import { eq } from 'drizzle-orm';
import { getAgentOrThrow } from '@/agents/get-agent-or-throw';
import type { Ctx } from '@/core/context';
import { notFound } from '@/core/errors';
import { getOrThrow, inWorkspace, sameWorkspaceRow } from '@/db/in-workspace';
import { param, preparedPerDb, workspaceParam } from '@/db/prepared';
import { type AgentTool, agentTools, type Tool, tools } from '@/db/schema';
import type { TOOL_MODES } from '@/db/schema/constants';

export type ToolMode = (typeof TOOL_MODES)[number];

/** The tool in the ctx's workspace, or NOT_FOUND (also for another workspace's id). */
export function getToolOrThrow(ctx: Pick<Ctx, 'db' | 'workspaceId'>, id: string) {
  return getOrThrow(ctx, tools, 'tool', id);
}

/**
 * Binds a tool to an agent with a mode, or changes the binding: live, replay, simulated (an LLM
 * answers) or function (the agent's function tool of that name runs in the sandbox).
 * `allowSideEffects` is the user's explicit acceptance that a tool which is not read-only may
 * run live in rollouts; without it such a tool never does (see `rolloutToolMode`).
 */
export async function bindAgentTool(
  ctx: Ctx,
  input: { agentId: string; toolId: string; mode: ToolMode; allowSideEffects?: boolean },
): Promise<BoundTool> {
  await getAgentOrThrow(ctx, input.agentId);
  const tool = await getToolOrThrow(ctx, input.toolId);
  const values = {
    workspaceId: ctx.workspaceId,
    agentId: input.agentId,
    toolId: input.toolId,
    mode: input.mode,
    allowSideEffects: input.allowSideEffects ?? false,
  };
  const [row] = await ctx.db
    .insert(agentTools)
    .values(values)
    .onConflictDoUpdate({
      target: [agentTools.agentId, agentTools.toolId],
      set: { mode: values.mode, allowSideEffects: values.allowSideEffects },
    })
    .returning();
  if (!row) {
    throw notFound('agent tool', input.toolId);
  }
  return { tool, binding: row };
}

export type BoundTool = { tool: Tool; binding: AgentTool };

/** The tools bound to an agent, with their bindings, by tool name; 404 for no such agent. */
export async function listAgentTools(ctx: Ctx, agentId: string): Promise<BoundTool[]> {
  await getAgentOrThrow(ctx, agentId);
  return listBoundTools(ctx, agentId);
}

/**
 * The same for an agent id already known to be the workspace's (a row's reference to it): one
 * query, no existence check (the playground's chat reads it before the first token).
 */
export async function listBoundTools(ctx: Ctx, agentId: string): Promise<BoundTool[]> {
  return boundToolsQuery(ctx.db).all({ workspaceId: ctx.workspaceId, agentId });
}

const boundToolsQuery = preparedPerDb((db) =>
  db
    .select({ tool: tools, binding: agentTools })
    .from(agentTools)
    .innerJoin(tools, sameWorkspaceRow(tools, agentTools, agentTools.toolId))
    .where(inWorkspace(workspaceParam, agentTools, [eq(agentTools.agentId, param('agentId'))]))
    .orderBy(tools.name)
    .prepare(),
);
