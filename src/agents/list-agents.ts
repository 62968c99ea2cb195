import { z } from '@hono/zod-openapi';
import { count, desc, eq, inArray, ne } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { rowsInWorkspace, selectInWorkspace } from '@/db/in-workspace';
import { AGENT_STATUSES, agents, traces } from '@/db/schema';
import { emptyLabelCounts } from '@/feedback/label-counts';
import { type AgentListItem, toAgentView } from './agent-views';

export const ListAgentsQuery = z.strictObject({
  status: z.enum(AGENT_STATUSES).optional().openapi({ description: 'Default: all but archived' }),
});

/**
 * Agents of the workspace, most recently updated first, with their label counts; archived ones
 * only when asked for.
 */
export async function listAgents(
  ctx: Ctx,
  input: z.input<typeof ListAgentsQuery> = {},
): Promise<AgentListItem[]> {
  const rows = await rowsInWorkspace(ctx, agents, [
    input.status ? eq(agents.status, input.status) : ne(agents.status, 'archived'),
  ]).orderBy(desc(agents.updatedAt), desc(agents.id));
  const counts = await selectInWorkspace(
    ctx,
    traces,
    { agentId: traces.agentId, label: traces.label, n: count() },
    [inArray(traces.label, ['positive', 'negative', 'neutral'])],
  ).groupBy(traces.agentId, traces.label);
  return rows.map((row) => {
    const labels = emptyLabelCounts();
    for (const c of counts) {
      if (c.agentId === row.id && c.label) {
        labels[c.label] = c.n;
      }
    }
    return { ...toAgentView(row), labels };
  });
}
