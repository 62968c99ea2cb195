import { z } from '@hono/zod-openapi';
import { assertCanWrite } from '@/auth/assert-role';
import { service } from '@/core/service';
import { feedback, RATINGS } from '@/db/schema';
import type { FeedbackView } from './feedback-view';
import { getFeedbackOrThrow } from './get-feedback-or-throw';
import { getTraceRefOrThrow } from './get-trace-or-throw';
import { labellerOf } from './labeller-key';
import { syncTraceLabel } from './sync-trace-label';

export const LabelTraceInput = z
  .strictObject({
    traceId: z.string().min(1).max(100),
    rating: z.enum(RATINGS),
    notes: z.string().max(10_000).optional(),
  })
  .openapi('LabelTraceInput');
export type LabelTraceInput = z.input<typeof LabelTraceInput>;

/**
 * Creates or replaces the caller's label on a trace (one per trace and labeller) and updates the
 * trace's consensus label in the same batch.
 */
export const labelTrace = service(
  LabelTraceInput,
  assertCanWrite,
  async (ctx, parsed): Promise<FeedbackView> => {
    const labeller = labellerOf(ctx);
    const trace = await getTraceRefOrThrow(ctx, parsed.traceId);
    const now = ctx.now();
    const id = ctx.newId('fb');
    const [upserted] = await ctx.db.batch([
      ctx.db
        .insert(feedback)
        .values({
          id,
          workspaceId: ctx.workspaceId,
          traceId: trace.id,
          userId: labeller.userId,
          labellerKey: labeller.key,
          rating: parsed.rating,
          notes: parsed.notes ?? '',
          source: labeller.source,
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoUpdate({
          target: [feedback.traceId, feedback.labellerKey],
          set: {
            rating: parsed.rating,
            ...(parsed.notes === undefined ? {} : { notes: parsed.notes }),
            updatedAt: now,
          },
        })
        .returning({ id: feedback.id }),
      syncTraceLabel(ctx, trace.id),
    ]);
    return getFeedbackOrThrow(ctx, upserted[0]?.id ?? id);
  },
);
