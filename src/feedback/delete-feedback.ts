import { eq } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { deleteInWorkspace } from '@/db/in-workspace';
import { feedback } from '@/db/schema';
import { getFeedbackOrThrow } from './get-feedback-or-throw';
import { syncTraceLabel } from './sync-trace-label';
import { assertMayEdit } from './update-feedback';

/** Deletes a label; the trace's consensus label is recomputed in the same batch. */
export async function deleteFeedback(ctx: Ctx, input: { id: string }): Promise<void> {
  const existing = await getFeedbackOrThrow(ctx, input.id);
  await assertMayEdit(ctx, existing);
  await ctx.db.batch([
    deleteInWorkspace(ctx, feedback, [eq(feedback.id, existing.id)]),
    syncTraceLabel(ctx, existing.traceId),
  ]);
}
