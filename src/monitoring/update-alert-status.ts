import { eq, ne } from 'drizzle-orm';
import { actingUserId, assertCanWrite } from '@/auth/assert-role';
import type { Ctx } from '@/core/context';
import { AppError, notFound } from '@/core/errors';
import { inWorkspace } from '@/db/in-workspace';
import { type PerformanceAlert, performanceAlerts } from '@/db/schema';

async function fetchAlertOrThrow(ctx: Ctx, alertId: string): Promise<PerformanceAlert> {
  const [row] = await ctx.db
    .select()
    .from(performanceAlerts)
    .where(inWorkspace(ctx, performanceAlerts, [eq(performanceAlerts.id, alertId)]));
  if (!row) {
    throw notFound('alert', alertId);
  }
  return row;
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
  const [row] = await ctx.db
    .update(performanceAlerts)
    .set({ status: 'acknowledged', acknowledgedAt: ctx.now(), acknowledgedBy: actingUserId(ctx) })
    .where(
      inWorkspace(ctx, performanceAlerts, [
        eq(performanceAlerts.id, alert.id),
        eq(performanceAlerts.status, 'open'),
      ]),
    )
    .returning();
  return row ?? fetchAlertOrThrow(ctx, alert.id);
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
  const [row] = await ctx.db
    .update(performanceAlerts)
    .set({ status: 'resolved', resolvedAt: ctx.now(), resolvedBy: actingUserId(ctx) })
    .where(
      inWorkspace(ctx, performanceAlerts, [
        eq(performanceAlerts.id, alert.id),
        ne(performanceAlerts.status, 'resolved'),
      ]),
    )
    .returning();
  return row ?? fetchAlertOrThrow(ctx, alert.id);
}
