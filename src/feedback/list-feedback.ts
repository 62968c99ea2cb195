import { z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import type { Page } from '@/core/page';
import { service } from '@/core/service';
import { inWorkspace } from '@/db/in-workspace';
import { eqWhenGiven } from '@/db/list-filters';
import { newestFirstPage } from '@/db/newest-first-page';
import { feedback, RATINGS, traces, users } from '@/db/schema';
import { type FeedbackView, feedbackColumns, toFeedbackView } from './feedback-view';

export const ListFeedbackQuery = z
  .strictObject({
    traceId: z.string().min(1).max(100).optional(),
    agentId: z.string().min(1).max(100).optional(),
    rating: z.enum(RATINGS).optional(),
    cursor: z.string().min(1).max(500).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .openapi('ListFeedbackQuery');

/** Labels in the workspace, newest change first; by trace or by agent (through the trace). */
export const listFeedback = service(
  ListFeedbackQuery,
  async (ctx, query): Promise<Page<FeedbackView>> => {
    return newestFirstPage(
      ctx,
      ctx.db
        .select(feedbackColumns)
        .from(feedback)
        .innerJoin(traces, inWorkspace(ctx, traces, [eq(traces.id, feedback.traceId)]))
        .leftJoin(users, eq(users.id, feedback.userId))
        .$dynamic(),
      { table: feedback, time: feedback.updatedAt, id: feedback.id },
      {
        ...query,
        filters: [
          eqWhenGiven(feedback.traceId, query.traceId),
          eqWhenGiven(traces.agentId, query.agentId),
          eqWhenGiven(feedback.rating, query.rating),
        ],
      },
      (row) => ({ at: row.updatedAt.getTime(), id: row.id }),
      toFeedbackView,
    );
  },
);
