import { eq } from 'drizzle-orm';
import { assertCanWrite } from '@/auth/assert-role';
import { AppError } from '@/core/errors';
import { keyedService } from '@/core/service';
import { inWorkspace } from '@/db/in-workspace';
import { playgroundSessions } from '@/db/schema';
import { getSessionOrThrow } from './get-session-or-throw';
import { UpdateSessionInput } from './session-input';
import { assertKnownVariables, sessionTemplate } from './session-prompt';
import { assertKnownTools } from './session-tools';

/** Edits a session's prompt, model settings, variables or tool modes (not while it streams). */
export const updateSession = keyedService(
  UpdateSessionInput,
  assertCanWrite,
  async (ctx, id, parsed) => {
    const session = await getSessionOrThrow(ctx, id);
    if (session.status === 'streaming') {
      throw new AppError('CONFLICT', 'a reply is streaming in this session; edit it when it ends');
    }
    const next = {
      draftPrompt: parsed.draftPrompt === undefined ? session.draftPrompt : parsed.draftPrompt,
      modelConfig: parsed.modelConfig ?? session.modelConfig,
      variables: parsed.variables ?? session.variables,
      toolBindings: parsed.toolBindings ?? session.toolBindings,
    };
    if (next.draftPrompt === null && !session.agentVersionId) {
      throw new AppError('VALIDATION', 'a session without an agent version needs a draftPrompt');
    }
    assertKnownVariables(await sessionTemplate(ctx, { ...session, ...next }), next.variables);
    await assertKnownTools(ctx, session.agentId, next.toolBindings);
    await ctx.db
      .update(playgroundSessions)
      .set({ ...next, updatedAt: ctx.now() })
      .where(inWorkspace(ctx, playgroundSessions, [eq(playgroundSessions.id, id)]));
    return getSessionOrThrow(ctx, id);
  },
);
