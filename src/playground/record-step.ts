import type { Ctx } from '@/core/context';
import { type NewPlaygroundStep, playgroundSteps } from '@/db/schema';

export type StepRecord = Omit<NewPlaygroundStep, 'id' | 'workspaceId' | 'createdAt'>;

/** Writes one finished model or tool call of a session (one insert, as soon as it finishes). */
export async function recordStep(
  ctx: Pick<Ctx, 'db' | 'workspaceId' | 'newId' | 'now'>,
  step: StepRecord,
) {
  await ctx.db.insert(playgroundSteps).values({
    ...step,
    id: ctx.newId('pgs'),
    workspaceId: ctx.workspaceId,
    createdAt: ctx.now(),
  });
}
