import { z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import { assertCanWrite, assertOwner } from '@/auth/assert-role';
import type { Ctx } from '@/core/context';
import { idInInput, keyedService } from '@/core/service';
import { inWorkspace } from '@/db/in-workspace';
import { feedback, RATINGS } from '@/db/schema';
import type { FeedbackView } from './feedback-view';
import { getFeedbackOrThrow } from './get-feedback-or-throw';
import { labellerOf } from './labeller-key';
import { syncTraceLabel } from './sync-trace-label';

export const UpdateFeedbackInput = z
  .strictObject({ rating: z.enum(RATINGS).optional(), notes: z.string().max(10_000).optional() })
  .openapi('UpdateFeedbackInput');

/** Members change their own labels; owners may change anyone's. */
export async function assertMayEdit(ctx: Ctx, existing: FeedbackView): Promise<void> {
  assertCanWrite(ctx);
  if (ctx.actor.type === 'user' || ctx.actor.type === 'apiKey') {
    if (labellerOf(ctx).key !== existing.labeller.key) {
      assertOwner(ctx);
    }
  }
}

/** Changes a label's rating or notes; the trace's consensus label follows in the same batch. */
export const updateFeedback = idInInput<z.input<typeof UpdateFeedbackInput>, FeedbackView>(
  keyedService(UpdateFeedbackInput, async (ctx, id, patch): Promise<FeedbackView> => {
    const existing = await getFeedbackOrThrow(ctx, id);
    await assertMayEdit(ctx, existing);
    await ctx.db.batch([
      ctx.db
        .update(feedback)
        .set({ ...patch, updatedAt: ctx.now() })
        .where(inWorkspace(ctx, feedback, [eq(feedback.id, existing.id)])),
      syncTraceLabel(ctx, existing.traceId),
    ]);
    return getFeedbackOrThrow(ctx, existing.id);
  }),
);
