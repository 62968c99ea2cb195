import { eq } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { inWorkspace, sameWorkspaceRow } from '@/db/in-workspace';
import { agentTools, tools } from '@/db/schema';
import type { LintRule } from './lint-prompt';
import { listPractices } from './practices';

/**
 * What the lints of an agent's prompt read besides the text, the same for a playground edit, a
 * new version, an improve proposal and a GEPA run: the names of the agent's bound tools (none
 * without an agent) and the workspace's enabled rules that have a lint.
 */
export async function promptLintContext(
  ctx: Ctx,
  agentId: string | null,
): Promise<{ tools: string[]; practices: LintRule[] }> {
  const [practices, bound] = await Promise.all([
    listPractices(ctx),
    agentId
      ? ctx.db
          .select({ name: tools.name })
          .from(agentTools)
          .innerJoin(tools, sameWorkspaceRow(tools, agentTools, agentTools.toolId))
          .where(inWorkspace(ctx, agentTools, [eq(agentTools.agentId, agentId)]))
          .orderBy(tools.name)
      : Promise.resolve([]),
  ]);
  return {
    tools: bound.map((t) => t.name),
    practices: practices
      .filter((p) => p.enabled && p.lint)
      .map((p) => ({ id: p.id, title: p.title, lint: p.lint })),
  };
}
