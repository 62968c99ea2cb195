import { promptLintContext } from '@/agents/practices/lint-context';
import { lintPrompt } from '@/agents/practices/lint-prompt';
import { lintResult } from '@/agents/practices/lint-text';
import type { Ctx } from '@/core/context';
import { getSessionOrThrow } from './get-session-or-throw';
import { recordIteration } from './improve/record-iteration';
import type { UpdateSessionInput } from './session-input';
import { sessionTemplate } from './session-prompt';
import { updateSession } from './update-session';

/**
 * A session edit with the best-practice lints of its prompt against the one before; a changed
 * prompt of an agent's session is recorded as a manual prompt iteration (the lints as its guards).
 */
export async function editSessionPrompt(ctx: Ctx, id: string, input: UpdateSessionInput) {
  const before = await sessionTemplate(ctx, await getSessionOrThrow(ctx, id));
  const row = await updateSession(ctx, id, input);
  const text = await sessionTemplate(ctx, row);
  const lints = lintPrompt(text, {
    ...(await promptLintContext(ctx, row.agentId)),
    previous: before,
  });
  if (row.agentId && text !== before) {
    await recordIteration(ctx, {
      agentId: row.agentId,
      baseVersionId: row.agentVersionId,
      source: 'manual',
      parentText: before,
      text,
      reason: 'edited in the playground',
      guardResults: { lints: lintResult(lints) },
      status: 'proposed',
    });
  }
  return { row, lints };
}
