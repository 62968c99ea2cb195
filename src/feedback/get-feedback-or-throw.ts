import { eq } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { notFound } from '@/core/errors';
import { inWorkspace } from '@/db/in-workspace';
import { feedback, users } from '@/db/schema';
import { type FeedbackView, feedbackColumns, toFeedbackView } from './feedback-view';

export async function getFeedbackOrThrow(ctx: Ctx, id: string): Promise<FeedbackView> {
  const [row] = await ctx.db
    .select(feedbackColumns)
    .from(feedback)
    .leftJoin(users, eq(users.id, feedback.userId))
    .where(inWorkspace(ctx, feedback, [eq(feedback.id, id)]))
    .limit(1);
  if (!row) {
    throw notFound('feedback', id);
  }
  return toFeedbackView(row);
}
