import { z } from '@hono/zod-openapi';
import { and, desc, eq, ne } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { AGENT_STATUSES, agents } from '@/db/schema';
import { type AgentView, toAgentView } from './agent-views';

export const ListAgentsQuery = z.strictObject({
  status: z.enum(AGENT_STATUSES).optional().openapi({ description: 'Default: all but archived' }),
});

/** Agents of the workspace, most recently updated first; archived ones only when asked for. */
export async function listAgents(
  ctx: Ctx,
  input: z.input<typeof ListAgentsQuery> = {},
): Promise<AgentView[]> {
  const rows = await ctx.db
    .select()
    .from(agents)
    .where(
      and(
        eq(agents.workspaceId, ctx.workspaceId),
        input.status ? eq(agents.status, input.status) : ne(agents.status, 'archived'),
      ),
    )
    .orderBy(desc(agents.updatedAt), desc(agents.id));
  return rows.map(toAgentView);
}
