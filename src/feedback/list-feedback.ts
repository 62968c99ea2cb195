import { z } from '@hono/zod-openapi';
import { desc, eq, type SQL, sql } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { decodeCursor } from '@/core/cursor';
import { type Page, toPage } from '@/core/page';
import { inWorkspace } from '@/db/in-workspace';
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
export async function listFeedback(
  ctx: Ctx,
  input: z.input<typeof ListFeedbackQuery>,
): Promise<Page<FeedbackView>> {
  const query = ListFeedbackQuery.parse(input);
  const conditions: (SQL | undefined)[] = [];
  if (query.traceId) {
    conditions.push(eq(feedback.traceId, query.traceId));
  }
  if (query.agentId) {
    conditions.push(eq(traces.agentId, query.agentId));
  }
  if (query.rating) {
    conditions.push(eq(feedback.rating, query.rating));
  }
  if (query.cursor) {
    const cursor = decodeCursor(query.cursor);
    conditions.push(sql`(${feedback.updatedAt}, ${feedback.id}) < (${cursor.at}, ${cursor.id})`);
  }
  const rows = await ctx.db
    .select(feedbackColumns)
    .from(feedback)
    .innerJoin(traces, inWorkspace(ctx, traces, [eq(traces.id, feedback.traceId)]))
    .leftJoin(users, eq(users.id, feedback.userId))
    .where(inWorkspace(ctx, feedback, conditions))
    .orderBy(desc(feedback.updatedAt), desc(feedback.id))
    .limit(query.limit + 1);
  return toPage(
    rows,
    query.limit,
    (row) => ({ at: row.updatedAt.getTime(), id: row.id }),
    toFeedbackView,
  );
}
