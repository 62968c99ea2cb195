import { and, asc, desc, eq, gte, lte } from 'drizzle-orm';
import { z } from 'zod';
import type { Ctx } from '@/core/context';
import {
  type PerformanceAlert,
  type PerformanceSnapshot,
  performanceAlerts,
  performanceSnapshots,
} from '@/db/schema';
import { ALERT_STATUSES } from '@/db/schema/constants';

export const ListAlertsInput = z.object({
  status: z.enum(ALERT_STATUSES).optional(),
  evalId: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** Alerts of the workspace, newest first. */
export async function listAlerts(
  ctx: Ctx,
  input: z.input<typeof ListAlertsInput> = {},
): Promise<PerformanceAlert[]> {
  const parsed = ListAlertsInput.parse(input);
  return ctx.db
    .select()
    .from(performanceAlerts)
    .where(
      and(
        eq(performanceAlerts.workspaceId, ctx.workspaceId),
        parsed.status ? eq(performanceAlerts.status, parsed.status) : undefined,
        parsed.evalId ? eq(performanceAlerts.evalId, parsed.evalId) : undefined,
      ),
    )
    .orderBy(desc(performanceAlerts.openedAt), desc(performanceAlerts.id))
    .limit(parsed.limit);
}

const Day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const ListSnapshotsInput = z.object({
  evalId: z.string().optional(),
  from: Day.optional(),
  to: Day.optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(400),
});

/** Daily snapshots in day order (`from`/`to` inclusive). */
export async function listSnapshots(
  ctx: Ctx,
  input: z.input<typeof ListSnapshotsInput> = {},
): Promise<PerformanceSnapshot[]> {
  const parsed = ListSnapshotsInput.parse(input);
  return ctx.db
    .select()
    .from(performanceSnapshots)
    .where(
      and(
        eq(performanceSnapshots.workspaceId, ctx.workspaceId),
        parsed.evalId ? eq(performanceSnapshots.evalId, parsed.evalId) : undefined,
        parsed.from ? gte(performanceSnapshots.day, parsed.from) : undefined,
        parsed.to ? lte(performanceSnapshots.day, parsed.to) : undefined,
      ),
    )
    .orderBy(asc(performanceSnapshots.day), asc(performanceSnapshots.evalId))
    .limit(parsed.limit);
}
