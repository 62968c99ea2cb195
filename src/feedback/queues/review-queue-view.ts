import { z } from '@hono/zod-openapi';
import { eq, inArray, sql } from 'drizzle-orm';
import { columnFields } from '@/api/column-fields';
import type { Ctx } from '@/core/context';
import { inWorkspace } from '@/db/in-workspace';
import { feedback, type ReviewQueue, reviewQueueItems, reviewQueues, users } from '@/db/schema';

const Person = z.object({
  userId: z.string().nullable().openapi({ description: 'null: items anyone may label' }),
  name: z.string().nullable(),
  email: z.string().nullable(),
});

export const ReviewQueueProgress = Person.extend({
  items: z.number().int(),
  done: z.number().int().openapi({ description: 'Items the assignee (anyone, if none) labelled' }),
}).openapi('ReviewQueueProgress');

export const ReviewQueueSummary = z
  .object({
    ...columnFields(reviewQueues, 'id', 'agentId', 'name'),
    filter: z
      .record(z.string(), z.union([z.string(), z.boolean()]))
      .nullable()
      .openapi({ description: 'The trace-list filter it was made from (null: a list of ids)' }),
    ...columnFields(reviewQueues, 'reviewersPerTrace', 'createdBy', 'createdAt'),
    traces: z.number().int(),
    items: z.number().int(),
    done: z.number().int(),
    byAssignee: z.array(ReviewQueueProgress),
  })
  .openapi('ReviewQueueSummary');
export type ReviewQueueSummary = z.infer<typeof ReviewQueueSummary>;

/** An item counts as done once its assignee (anyone, for an unassigned item) labelled its trace. */
export const itemDone = sql<number>`exists (select 1 from ${feedback} where ${feedback.workspaceId} = ${reviewQueueItems.workspaceId} and ${feedback.traceId} = ${reviewQueueItems.traceId} and (${reviewQueueItems.assigneeId} is null or ${feedback.labellerKey} = 'user:' || ${reviewQueueItems.assigneeId}))`;

/** The queues with their progress per assignee, in one grouped query. */
export async function withProgress(ctx: Ctx, queues: ReviewQueue[]): Promise<ReviewQueueSummary[]> {
  if (queues.length === 0) {
    return [];
  }
  const rows = await ctx.db
    .select({
      queueId: reviewQueueItems.queueId,
      userId: reviewQueueItems.assigneeId,
      name: users.name,
      email: users.email,
      items: sql<number>`count(*)`,
      done: sql<number>`coalesce(sum(${itemDone}), 0)`,
      // positions number the queue's traces from 0, whoever the item is for
      traces: sql<number>`max(${reviewQueueItems.position}) + 1`,
    })
    .from(reviewQueueItems)
    .leftJoin(users, eq(users.id, reviewQueueItems.assigneeId))
    .where(
      inWorkspace(ctx, reviewQueueItems, [
        inArray(
          reviewQueueItems.queueId,
          queues.map((q) => q.id),
        ),
      ]),
    )
    .groupBy(reviewQueueItems.queueId, reviewQueueItems.assigneeId);
  return queues.map((q) => {
    const mine = rows.filter((r) => r.queueId === q.id);
    return {
      id: q.id,
      agentId: q.agentId,
      name: q.name,
      filter: q.filter,
      reviewersPerTrace: q.reviewersPerTrace,
      createdBy: q.createdBy,
      createdAt: q.createdAt.toISOString(),
      traces: Math.max(0, ...mine.map((r) => r.traces)),
      items: mine.reduce((n, r) => n + r.items, 0),
      done: mine.reduce((n, r) => n + r.done, 0),
      byAssignee: mine.map(({ userId, name, email, items, done }) => ({
        userId,
        name,
        email,
        items,
        done,
      })),
    };
  });
}
