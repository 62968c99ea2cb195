import { and, eq, inArray } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { rowsByIdChunks } from '@/db/id-chunks';
import { agents } from '@/db/schema';

/** The most agents an import summary names (those with the most traces). */
export const MAX_IMPORTED_AGENTS = 50;

export type ImportedAgent = { id: string; name: string; traces: number };

/** Adds stored traces to `counts`, per agent (traces with no agent are not counted). */
export function countByAgent(counts: Map<string, number>, stored: { agentId: string | null }[]) {
  for (const t of stored) {
    if (t.agentId !== null) {
      counts.set(t.agentId, (counts.get(t.agentId) ?? 0) + 1);
    }
  }
}

/**
 * The agents an import's traces were grouped into (by their system prompts), with how many of the
 * imported traces each holds, most first, then by name: so a caller learns which agent to label
 * and generate for, and sees a corpus that split over several prompts.
 */
export async function importedAgents(
  ctx: Ctx,
  counts: Map<string, number>,
): Promise<ImportedAgent[]> {
  // a file of many system prompts makes many agents: ids in lists D1's bound parameters allow
  const rows = await rowsByIdChunks([...counts.keys()], (ids) =>
    ctx.db
      .select({ id: agents.id, name: agents.name })
      .from(agents)
      .where(and(eq(agents.workspaceId, ctx.workspaceId), inArray(agents.id, ids))),
  );
  return rows
    .map((r) => ({ ...r, traces: counts.get(r.id) ?? 0 }))
    .sort((a, b) => b.traces - a.traces || a.name.localeCompare(b.name))
    .slice(0, MAX_IMPORTED_AGENTS);
}
