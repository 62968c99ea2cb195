import { eq } from 'drizzle-orm';
import { getAgentOrThrow, getAgentVersionOrThrow } from '@/agents/get-agent-or-throw';
import type { Ctx } from '@/core/context';
import { AppError, notFound } from '@/core/errors';
import { sha256Hex } from '@/core/web-crypto';
import { selectInWorkspace } from '@/db/in-workspace';
import { agentVersions } from '@/db/schema';

/** What a rollout runs: an agent version's prompt template, or a candidate prompt's text. */
export type RolloutTarget = {
  agentId: string;
  agentVersionId: string | null;
  template: string;
  /** The first 16 hex digits of the template's SHA-256 (GEPA's candidate key). */
  candidateHash: string;
};

/**
 * The target of a batch: `agentVersionId` (of `agentId`), else `promptText`, else the agent's
 * active version (`agentId` may be left out with a version). NOT_FOUND for another workspace's agent or version; UNPROCESSABLE when the
 * agent has no version to run.
 */
export async function resolveRolloutTarget(
  ctx: Ctx,
  input: { agentId?: string; agentVersionId?: string | null; promptText?: string | null },
): Promise<RolloutTarget> {
  const agent = await getAgentOrThrow(ctx, input.agentId ?? (await agentOfVersion(ctx, input)));
  let versionId: string | null = input.agentVersionId ?? null;
  let template: string;
  if (versionId) {
    template = (await getAgentVersionOrThrow(ctx, agent.id, versionId)).promptTemplate;
  } else if (input.promptText !== undefined && input.promptText !== null) {
    template = input.promptText;
  } else {
    versionId = agent.activeVersionId;
    const [active] = versionId
      ? await selectInWorkspace(ctx, agentVersions, { template: agentVersions.promptTemplate }, [
          eq(agentVersions.id, versionId),
        ])
      : [];
    if (!active) {
      throw new AppError(
        'UNPROCESSABLE',
        `agent ${agent.id} has no active version: name a version or give a prompt text`,
      );
    }
    template = active.template;
  }
  return {
    agentId: agent.id,
    agentVersionId: versionId,
    template,
    candidateHash: (await sha256Hex(template)).slice(0, 16),
  };
}

async function agentOfVersion(
  ctx: Ctx,
  input: { agentVersionId?: string | null },
): Promise<string> {
  if (!input.agentVersionId) {
    throw new AppError('VALIDATION', 'name the agent (agentId) or one of its versions');
  }
  const [row] = await selectInWorkspace(ctx, agentVersions, { agentId: agentVersions.agentId }, [
    eq(agentVersions.id, input.agentVersionId),
  ]);
  if (!row) {
    throw notFound('agent version', input.agentVersionId);
  }
  return row.agentId;
}
