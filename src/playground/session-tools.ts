import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';
import type { PlaygroundSession } from '@/db/schema';
import {
  type BoundTool,
  listAgentTools,
  listBoundTools,
  type ToolMode,
} from '@/tools/registry/bind-agent-tool';

/** A tool of the session's agent with the mode it runs in here (the session's, else the binding's). */
export type SessionTool = BoundTool & { mode: ToolMode };

/**
 * The agent's bound tools with the session's modes; a draft without an agent has none. The
 * session's agent was checked when it was set, so its tools are read without checking it again.
 */
export async function sessionToolsOf(
  ctx: Ctx,
  session: Pick<PlaygroundSession, 'agentId' | 'toolBindings'>,
): Promise<SessionTool[]> {
  if (!session.agentId) {
    return [];
  }
  const bound = await listBoundTools(ctx, session.agentId);
  return bound.map((b) => ({
    ...b,
    mode: (session.toolBindings[b.tool.name] as ToolMode | undefined) ?? b.binding.mode,
  }));
}

/** 400 naming the bindings that are not tools of the agent. */
export async function assertKnownTools(
  ctx: Ctx,
  agentId: string | null,
  toolBindings: Record<string, string>,
) {
  const names = Object.keys(toolBindings);
  if (names.length === 0) {
    return;
  }
  const bound = agentId ? await listAgentTools(ctx, agentId) : [];
  const known = new Set(bound.map((b) => b.tool.name));
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw new AppError(
      'VALIDATION',
      `unknown tool ${unknown.map((n) => `"${n}"`).join(', ')}: bind it to the agent first`,
      { details: { unknown, known: [...known] } },
    );
  }
}
