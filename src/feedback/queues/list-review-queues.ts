import { z } from '@hono/zod-openapi';
import { desc } from 'drizzle-orm';
import { service } from '@/core/service';
import { rowsInWorkspace } from '@/db/in-workspace';
import { eqWhenGiven } from '@/db/list-filters';
import { reviewQueues } from '@/db/schema';
import { type ReviewQueueSummary, withProgress } from './review-queue-view';

export const ListReviewQueuesQuery = z
  .strictObject({ agentId: z.string().min(1).max(100).optional() })
  .openapi('ListReviewQueuesQuery');

/** The workspace's review queues (or one agent's), newest first, with their progress; at most 200. */
export const listReviewQueues = service(
  ListReviewQueuesQuery,
  async (ctx, query): Promise<ReviewQueueSummary[]> => {
    const rows = await rowsInWorkspace(ctx, reviewQueues, [
      eqWhenGiven(reviewQueues.agentId, query.agentId),
    ])
      .orderBy(desc(reviewQueues.createdAt), desc(reviewQueues.id))
      .limit(200);
    return withProgress(ctx, rows);
  },
);
