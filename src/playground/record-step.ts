import type { Ctx } from '@/core/context';
import { chunkRows } from '@/db/chunk';
import { type NewPlaygroundStep, playgroundSteps } from '@/db/schema';

export type StepRecord = Omit<NewPlaygroundStep, 'id' | 'workspaceId' | 'createdAt'>;

/** Writes finished model or tool calls of a session in one transaction (multi-row inserts). */
export async function recordSteps(
  ctx: Pick<Ctx, 'db' | 'workspaceId' | 'newId' | 'now'>,
  steps: StepRecord[],
) {
  const createdAt = ctx.now();
  const rows = steps.map((step) => ({
    ...step,
    id: ctx.newId('pgs'),
    workspaceId: ctx.workspaceId,
    createdAt,
  }));
  const [first, ...rest] = chunkRows(ctx.db, rows, playgroundSteps).map((chunk) =>
    ctx.db.insert(playgroundSteps).values(chunk),
  );
  if (first) {
    await ctx.db.batch([first, ...rest]);
  }
}
