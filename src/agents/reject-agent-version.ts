import { eq } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';
import { inWorkspace } from '@/db/in-workspace';
import { agentVersions } from '@/db/schema';
import { type AgentVersionView, toAgentVersionView } from './agent-views';
import { getVersionToChange } from './get-agent-or-throw';

/** Rejects a candidate (or archived) version; the active version must be replaced first. */
export async function rejectAgentVersion(
  ctx: Ctx,
  input: { agentId: string; versionId: string },
): Promise<AgentVersionView> {
  const { version } = await getVersionToChange(ctx, input);
  if (version.status === 'active') {
    throw new AppError(
      'PRECONDITION_FAILED',
      'promote another version before rejecting the active one',
    );
  }
  await ctx.db
    .update(agentVersions)
    .set({ status: 'rejected' })
    .where(inWorkspace(ctx, agentVersions, [eq(agentVersions.id, version.id)]));
  return toAgentVersionView({ ...version, status: 'rejected' });
}
