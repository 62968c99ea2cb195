import { eq } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { rowsInWorkspace } from '@/db/in-workspace';
import { type Eval, evals } from '@/db/schema';

/** The latest version of each eval of an agent (for UIs that show "current" evals). */
export async function latestVersions(ctx: Ctx, agentId: string): Promise<Eval[]> {
  const rows = await rowsInWorkspace(ctx, evals, [eq(evals.agentId, agentId)]).orderBy(
    evals.name,
    evals.version,
  );
  const latest = new Map<string, Eval>();
  for (const row of rows) {
    latest.set(row.name, row);
  }
  return [...latest.values()];
}
