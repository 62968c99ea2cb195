import { createTwoFilesPatch } from 'diff';
import { desc, eq } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { sha256Hex } from '@/core/web-crypto';
import { rowsInWorkspace } from '@/db/in-workspace';
import { type PromptIteration, promptIterations } from '@/db/schema';
import type { GuardResult } from '@/optimize/gepa/guards';

/** Writes one `prompt_iterations` row (a manual edit or a one-shot improve) with its line diff. */
export async function recordIteration(
  ctx: Ctx,
  input: {
    agentId: string;
    baseVersionId: string | null;
    source: 'improve' | 'manual';
    parentText: string;
    text: string;
    reason: string;
    guardResults: Record<string, GuardResult>;
    status: 'proposed' | 'rejected';
  },
): Promise<PromptIteration> {
  const [row] = await ctx.db
    .insert(promptIterations)
    .values({
      id: ctx.newId('pit'),
      workspaceId: ctx.workspaceId,
      agentId: input.agentId,
      baseVersionId: input.baseVersionId,
      source: input.source,
      text: input.text,
      textHash: await sha256Hex(input.text),
      changeSummary: {
        diff: createTwoFilesPatch('before', 'after', input.parentText, input.text, '', '', {
          context: 2,
        }),
        reason: input.reason,
      },
      guardResults: input.guardResults,
      status: input.status,
    })
    .returning();
  return row as PromptIteration;
}

/** The agent's iterations, newest first (manual edits, improve proposals and GEPA candidates). */
export function agentIterations(ctx: Ctx, agentId: string, limit = 50) {
  return rowsInWorkspace(ctx, promptIterations, [eq(promptIterations.agentId, agentId)])
    .orderBy(desc(promptIterations.createdAt), desc(promptIterations.id))
    .limit(limit);
}
