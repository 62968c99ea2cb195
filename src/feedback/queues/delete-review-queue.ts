import { eq } from 'drizzle-orm';
import { assertCanWrite } from '@/auth/assert-role';
import type { Ctx } from '@/core/context';
import { deleteInWorkspace } from '@/db/in-workspace';
import { reviewQueues } from '@/db/schema';
import { getReviewQueueOrThrow } from './get-review-queue';

/** Deletes a queue and its items; the labels given through it stay. */
export async function deleteReviewQueue(ctx: Ctx, input: { id: string }): Promise<void> {
  assertCanWrite(ctx);
  const queue = await getReviewQueueOrThrow(ctx, input.id);
  await deleteInWorkspace(ctx, reviewQueues, [eq(reviewQueues.id, queue.id)]);
}
