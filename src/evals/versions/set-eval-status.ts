import { eq, ne } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';
import { inWorkspace } from '@/db/in-workspace';
import { type Eval, evals } from '@/db/schema';
import { getEvalOrThrow } from '../internal';

/**
 * Makes a version the active one of its eval; the previously active version becomes inactive in
 * the same batch, so an eval never has two active versions.
 */
export async function activateEval(ctx: Ctx, evalId: string): Promise<Eval> {
  const target = await getEvalOrThrow(ctx, evalId);
  if (target.status === 'archived') {
    throw new AppError('PRECONDITION_FAILED', 'an archived version cannot be activated');
  }
  const [, updated] = await ctx.db.batch([
    ctx.db
      .update(evals)
      .set({ status: 'inactive' })
      .where(
        inWorkspace(ctx, evals, [
          eq(evals.agentId, target.agentId),
          eq(evals.name, target.name),
          eq(evals.status, 'active'),
          ne(evals.id, target.id),
        ]),
      ),
    ctx.db
      .update(evals)
      .set({ status: 'active', activatedAt: ctx.now() })
      .where(inWorkspace(ctx, evals, [eq(evals.id, target.id)]))
      .returning(),
  ]);
  return updated[0] as Eval;
}

/** Re-activates the version this one was refined from (or the previous active one). */
export async function rollbackEval(ctx: Ctx, evalId: string): Promise<Eval> {
  const current = await getEvalOrThrow(ctx, evalId);
  if (!current.parentEvalId) {
    throw new AppError(
      'PRECONDITION_FAILED',
      `${current.name} v${current.version} has no earlier version`,
    );
  }
  return activateEval(ctx, current.parentEvalId);
}

export async function archiveEval(ctx: Ctx, evalId: string): Promise<Eval> {
  await getEvalOrThrow(ctx, evalId);
  const [row] = await ctx.db
    .update(evals)
    .set({ status: 'archived' })
    .where(inWorkspace(ctx, evals, [eq(evals.id, evalId)]))
    .returning();
  return row as Eval;
}
