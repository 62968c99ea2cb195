import { eq, ne, type SQL } from 'drizzle-orm';
import { actingUserId, assertCanWrite } from '@/auth/assert-role';
import type { Ctx } from '@/core/context';
import { AppError } from '@/core/errors';
import { getOrThrow, inWorkspace } from '@/db/in-workspace';
import { type PerformanceAlert, performanceAlerts } from '@/db/schema';

const fetchAlertOrThrow = (ctx: Ctx, alertId: string) =>
  getOrThrow(ctx, performanceAlerts, 'alert', alertId);

/**
 * Moves the alert on with who and when, if it is still in a state `from` allows; a change made
 * meanwhile by someone else wins, and the alert is answered as it now is.
 */
async function moveAlert(
  ctx: Ctx,
  alert: PerformanceAlert,
  from: SQL,
  change: Partial<PerformanceAlert>,
): Promise<PerformanceAlert> {
  const [row] = await ctx.db
    .update(performanceAlerts)
    .set(change)
    .where(inWorkspace(ctx, performanceAlerts, [eq(performanceAlerts.id, alert.id), from]))
    .returning();
  return row ?? fetchAlertOrThrow(ctx, alert.id);
}

/** open → acknowledged (by whom, when). Acknowledging twice is a no-op; a resolved alert is CONFLICT. */
export async function acknowledgeAlert(
  ctx: Ctx,
  input: { alertId: string },
): Promise<PerformanceAlert> {
  assertCanWrite(ctx);
  const alert = await fetchAlertOrThrow(ctx, input.alertId);
  if (alert.status === 'acknowledged') {
    return alert;
  }
  if (alert.status === 'resolved') {
    throw new AppError('CONFLICT', `alert ${alert.id} is already resolved`);
  }
  return moveAlert(ctx, alert, eq(performanceAlerts.status, 'open'), {
    status: 'acknowledged',
    acknowledgedAt: ctx.now(),
    acknowledgedBy: actingUserId(ctx),
  });
}

/**
 * open or acknowledged → resolved (by whom, when). Once resolved, the same eval and kind may
 * open a fresh alert. Resolving twice is a no-op.
 */
export async function resolveAlert(
  ctx: Ctx,
  input: { alertId: string },
): Promise<PerformanceAlert> {
  assertCanWrite(ctx);
  const alert = await fetchAlertOrThrow(ctx, input.alertId);
  if (alert.status === 'resolved') {
    return alert;
  }
  return moveAlert(ctx, alert, ne(performanceAlerts.status, 'resolved'), {
    status: 'resolved',
    resolvedAt: ctx.now(),
    resolvedBy: actingUserId(ctx),
  });
}
