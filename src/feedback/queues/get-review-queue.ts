import { z } from '@hono/zod-openapi';
import { eq, inArray } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { getOrThrow, inWorkspace } from '@/db/in-workspace';
import { feedback, type ReviewQueue, reviewQueueItems, reviewQueues, users } from '@/db/schema';
import { labellerAgreement, QueueAgreement } from './labeller-agreement';
import { ReviewQueueSummary, withProgress } from './review-queue-view';

export const ReviewQueueView = ReviewQueueSummary.extend({
  agreement: QueueAgreement,
  labellers: z.array(
    z.object({
      key: z.string().openapi({ description: '`user:<id>` for people, `apiKey:<id>` for keys' }),
      userId: z.string().nullable(),
      name: z.string().nullable(),
      email: z.string().nullable(),
      labels: z.number().int().openapi({ description: "Labels on the queue's traces" }),
    }),
  ),
}).openapi('ReviewQueue');
export type ReviewQueueView = z.infer<typeof ReviewQueueView>;

/** The queue in the ctx's workspace, or NOT_FOUND (also for another workspace's id). */
export function getReviewQueueOrThrow(ctx: Ctx, id: string): Promise<ReviewQueue> {
  return getOrThrow(ctx, reviewQueues, 'review queue', id);
}

/** A queue with its progress per assignee and the agreement of everyone who labelled its traces. */
export async function getReviewQueue(ctx: Ctx, input: { id: string }): Promise<ReviewQueueView> {
  const queue = await getReviewQueueOrThrow(ctx, input.id);
  const [summary] = await withProgress(ctx, [queue]);
  const queueTraces = ctx.db
    .selectDistinct({ traceId: reviewQueueItems.traceId })
    .from(reviewQueueItems)
    .where(inWorkspace(ctx, reviewQueueItems, [eq(reviewQueueItems.queueId, queue.id)]));
  const labels = await ctx.db
    .select({
      traceId: feedback.traceId,
      labeller: feedback.labellerKey,
      rating: feedback.rating,
      userId: feedback.userId,
      name: users.name,
      email: users.email,
    })
    .from(feedback)
    .leftJoin(users, eq(users.id, feedback.userId))
    .where(inWorkspace(ctx, feedback, [inArray(feedback.traceId, queueTraces)]));
  const labellers = new Map<string, ReviewQueueView['labellers'][number]>();
  for (const { labeller, userId, name, email } of labels) {
    const known = labellers.get(labeller) ?? { key: labeller, userId, name, email, labels: 0 };
    known.labels += 1;
    labellers.set(labeller, known);
  }
  return {
    ...(summary as ReviewQueueSummary),
    agreement: labellerAgreement(labels),
    labellers: [...labellers.values()].sort((a, b) => b.labels - a.labels),
  };
}
