import { getAgentOrThrow } from '@/agents/get-agent-or-throw';
import type { Ctx } from '@/core/context';
import { parseMaybeJson } from '@/core/parse-maybe-json';
import { agentTools } from '@/db/schema';
import { type RegisterToolsResult, registerTools } from '../registry/register-tools';
import { loadRecordedCalls } from '../replay/load-replay-index';
import { inferToolSchema } from './infer-tool-schema';

/**
 * Registers a draft tool (origin `inferred`) for every tool name in an agent's traces, with a
 * schema inferred from the recorded arguments, and binds new ones to the agent in `replay` mode,
 * so rollouts can replay before anyone connects a server. Names a real tool already has are
 * left to it; existing bindings are kept.
 */
export async function inferAgentTools(ctx: Ctx, agentId: string): Promise<RegisterToolsResult> {
  await getAgentOrThrow(ctx, agentId);
  const byName = new Map<string, unknown[]>();
  for (const call of await loadRecordedCalls(ctx, agentId)) {
    const list = byName.get(call.name) ?? [];
    list.push(parseMaybeJson(call.arguments));
    byName.set(call.name, list);
  }
  const result = await registerTools(ctx, {
    origin: 'inferred',
    tools: [...byName].map(([name, seen]) => ({
      name,
      description: `Inferred from ${seen.length} recorded call${seen.length === 1 ? '' : 's'}`,
      inputSchema: inferToolSchema(seen),
    })),
  });
  const [first, ...rest] = result.registered.map((tool) =>
    ctx.db
      .insert(agentTools)
      .values({ workspaceId: ctx.workspaceId, agentId, toolId: tool.id, mode: 'replay' })
      .onConflictDoNothing(),
  );
  if (first) {
    await ctx.db.batch([first, ...rest]);
  }
  return result;
}
