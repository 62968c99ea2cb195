import { eq, inArray } from 'drizzle-orm';
import { actingUserId, assertCanWrite } from '@/auth/assert-role';
import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';
import { getOrThrow, inWorkspace } from '@/db/in-workspace';
import { type PerformanceAlert, performanceAlerts } from '@/db/schema';

const fetchAlertOrThrow = (ctx: Ctx, alertId: string) =>
  getOrThrow(ctx, performanceAlerts, 'alert', alertId);

/** Where each move may start, and the columns that record when and by whom it was made. */
const MOVES = {
  acknowledged: { from: ['open'], at: 'acknowledgedAt', by: 'acknowledgedBy' },
  resolved: { from: ['open', 'acknowledged'], at: 'resolvedAt', by: 'resolvedBy' },
} as const;

/**
 * Moves the alert to `to` with who and when (writers only). Already there: a no-op; from a state
 * the move does not start from: CONFLICT. A change made meanwhile by someone else wins, and the
 * alert is answered as it now is.
 */
async function moveAlert(
  ctx: Ctx,
  alertId: string,
  to: keyof typeof MOVES,
): Promise<PerformanceAlert> {
  assertCanWrite(ctx);
  const alert = await fetchAlertOrThrow(ctx, alertId);
  if (alert.status === to) {
    return alert;
  }
  const move = MOVES[to];
  if (!(move.from as readonly string[]).includes(alert.status)) {
    throw new AppError('CONFLICT', `alert ${alert.id} is already ${alert.status}`);
  }
  const [row] = await ctx.db
    .update(performanceAlerts)
    .set({ status: to, [move.at]: ctx.now(), [move.by]: actingUserId(ctx) })
    .where(
      inWorkspace(ctx, performanceAlerts, [
        eq(performanceAlerts.id, alert.id),
        inArray(performanceAlerts.status, [...move.from]),
      ]),
    )
    .returning();
  return row ?? fetchAlertOrThrow(ctx, alert.id);
}

/** open → acknowledged (by whom, when). Acknowledging twice is a no-op; a resolved alert is CONFLICT. */
export function acknowledgeAlert(ctx: Ctx, input: { alertId: string }): Promise<PerformanceAlert> {
  return moveAlert(ctx, input.alertId, 'acknowledged');
}

/**
 * open or acknowledged → resolved (by whom, when). Once resolved, the same eval and kind may
 * open a fresh alert. Resolving twice is a no-op.
 */
export function resolveAlert(ctx: Ctx, input: { alertId: string }): Promise<PerformanceAlert> {
  return moveAlert(ctx, input.alertId, 'resolved');
}
