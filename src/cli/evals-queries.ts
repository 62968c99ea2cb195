import { desc } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';
import { selectInWorkspace } from '@/db/in-workspace';
import { agents, evals } from '@/db/schema';

/** The agent to generate for: the one given, else the workspace's only (or busiest) agent. */
export async function pickAgentId(ctx: Ctx, agentId?: string): Promise<string> {
  if (agentId) {
    return agentId;
  }
  const rows = await selectInWorkspace(ctx, agents, {
    id: agents.id,
    name: agents.name,
    traces: agents.traceCount,
  }).orderBy(desc(agents.traceCount));
  const [first] = rows;
  if (!first) {
    throw new AppError(
      'PRECONDITION_FAILED',
      'this workspace has no agents yet: import some traces first',
    );
  }
  return first.id;
}

export async function listEvals(ctx: Ctx) {
  return selectInWorkspace(ctx, evals, {
    id: evals.id,
    name: evals.name,
    version: evals.version,
    status: evals.status,
    generator: evals.generator,
    heldOutMetrics: evals.heldOutMetrics,
    createdAt: evals.createdAt,
  }).orderBy(evals.name, desc(evals.version));
}
