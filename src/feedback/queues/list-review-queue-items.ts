import { z } from '@hono/zod-openapi';
import { asc, eq, isNull, or, type SQL, sql } from 'drizzle-orm';
import { columnFields } from '@/api/column-fields';
import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';
import { inWorkspace } from '@/db/in-workspace';
import { RATINGS, reviewQueueItems, traces } from '@/db/schema';
import { getReviewQueueOrThrow } from './get-review-queue';
import { itemDone } from './review-queue-view';

export const ListReviewQueueItemsQuery = z
  .strictObject({
    assignee: z.string().min(1).max(100).optional().openapi({
      description:
        '`me` (items assigned to you or to anyone), `anyone` (unassigned items) or a user id; absent: every item',
    }),
    status: z.enum(['todo', 'done', 'all']).default('all'),
  })
  .openapi('ListReviewQueueItemsQuery');

export const ReviewQueueItemView = z
  .object({
    ...columnFields(reviewQueueItems, 'id', 'traceId', 'position', 'assigneeId'),
    done: z.boolean(),
    label: z.enum(RATINGS).nullable().openapi({ description: "The trace's consensus label" }),
    inputPreview: z.string(),
  })
  .openapi('ReviewQueueItem');
export type ReviewQueueItemView = z.infer<typeof ReviewQueueItemView>;

/** A queue's items in queue order (at most 1,500: 500 traces × 3 reviewers), for one reviewer or all. */
export async function listReviewQueueItems(
  ctx: Ctx,
  input: { id: string } & z.input<typeof ListReviewQueueItemsQuery>,
): Promise<{ data: ReviewQueueItemView[]; nextCursor: null }> {
  const queue = await getReviewQueueOrThrow(ctx, input.id);
  const query = ListReviewQueueItemsQuery.parse({ assignee: input.assignee, status: input.status });
  const conditions: (SQL | undefined)[] = [eq(reviewQueueItems.queueId, queue.id)];
  if (query.assignee === 'me') {
    if (ctx.actor.type !== 'user') {
      throw new AppError('VALIDATION', "assignee=me needs a person's session; pass a user id");
    }
    conditions.push(
      or(isNull(reviewQueueItems.assigneeId), eq(reviewQueueItems.assigneeId, ctx.actor.userId)),
    );
  } else if (query.assignee === 'anyone') {
    conditions.push(isNull(reviewQueueItems.assigneeId));
  } else if (query.assignee) {
    conditions.push(eq(reviewQueueItems.assigneeId, query.assignee));
  }
  if (query.status !== 'all') {
    conditions.push(query.status === 'done' ? sql`${itemDone}` : sql`not ${itemDone}`);
  }
  const rows = await ctx.db
    .select({
      id: reviewQueueItems.id,
      traceId: reviewQueueItems.traceId,
      position: reviewQueueItems.position,
      assigneeId: reviewQueueItems.assigneeId,
      done: itemDone,
      label: traces.label,
      inputPreview: traces.inputPreview,
    })
    .from(reviewQueueItems)
    .innerJoin(traces, eq(traces.id, reviewQueueItems.traceId))
    .where(inWorkspace(ctx, reviewQueueItems, conditions))
    .orderBy(asc(reviewQueueItems.position), asc(reviewQueueItems.id))
    .limit(1500);
  return { data: rows.map((r) => ({ ...r, done: Boolean(r.done) })), nextCursor: null };
}
