import { getAgentOrThrow } from '@/agents/get-agent-or-throw';
import { actingUserId, assertCanWrite } from '@/auth/assert-role';
import { AppError } from '@/core/errors';
import { service } from '@/core/service';
import { type PlaygroundMessage, playgroundSessions } from '@/db/schema';
import { getSessionOrThrow } from './get-session-or-throw';
import { CreateSessionInput } from './session-input';
import { assertKnownVariables, sessionTemplate, startingVersionId } from './session-prompt';
import { assertKnownTools } from './session-tools';

/**
 * Starts a session on an agent version (default its active one) or a draft prompt. Variables
 * must be slots of the prompt and tool bindings tools of the agent (400 naming the stranger).
 */
export const createSession = service(
  CreateSessionInput,
  assertCanWrite,
  async (ctx, parsed, options: { messages?: PlaygroundMessage[] } = {}) => {
    const agentId = parsed.agentId ? (await getAgentOrThrow(ctx, parsed.agentId)).id : null;
    if (!agentId && !parsed.draftPrompt) {
      throw new AppError(
        'VALIDATION',
        'give an agentId (its active version is used) or a draftPrompt',
      );
    }
    if (!agentId && parsed.agentVersionId) {
      throw new AppError('VALIDATION', 'agentVersionId needs the agentId it belongs to');
    }
    const agentVersionId = agentId
      ? await startingVersionId(ctx, agentId, parsed.agentVersionId)
      : null;
    const draftPrompt = parsed.draftPrompt ?? null;
    if (!agentVersionId && !draftPrompt) {
      throw new AppError('VALIDATION', 'the agent has no active version: give a draftPrompt');
    }
    const variables = parsed.variables ?? {};
    assertKnownVariables(
      await sessionTemplate(ctx, { agentId, agentVersionId, draftPrompt }),
      variables,
    );
    await assertKnownTools(ctx, agentId, parsed.toolBindings ?? {});
    const id = ctx.newId('pg');
    const now = ctx.now();
    await ctx.db.insert(playgroundSessions).values({
      id,
      workspaceId: ctx.workspaceId,
      agentId,
      agentVersionId,
      draftPrompt,
      modelConfig: parsed.modelConfig ?? {},
      variables,
      toolBindings: parsed.toolBindings ?? {},
      messages: options.messages ?? [],
      createdBy: actingUserId(ctx),
      createdAt: now,
      updatedAt: now,
    });
    return getSessionOrThrow(ctx, id);
  },
);
