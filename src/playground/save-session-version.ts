import { createAgentVersion } from '@/agents/create-agent-version';
import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';
import { getSessionOrThrow } from './get-session-or-throw';
import { sessionTemplate } from './session-prompt';

/** Saves the session's prompt as a candidate version of its agent (never made active by itself). */
export async function saveSessionVersion(ctx: Ctx, sessionId: string) {
  const session = await getSessionOrThrow(ctx, sessionId);
  if (!session.agentId) {
    throw new AppError('VALIDATION', 'the session has no agent to save a version for');
  }
  return createAgentVersion(ctx, {
    agentId: session.agentId,
    promptTemplate: await sessionTemplate(ctx, session),
    parentVersionId: session.agentVersionId ?? undefined,
    source: 'playground',
  });
}
