import { z } from '@hono/zod-openapi';
import { desc, eq } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { type Page, toPage } from '@/core/page';
import { inWorkspace } from '@/db/in-workspace';
import { afterCursor } from '@/db/list-filters';
import { evals, type PerformanceAlert, performanceAlerts } from '@/db/schema';
import { ALERT_STATUSES } from '@/db/schema/constants';

export const ListAlertsInput = z
  .strictObject({
    status: z.enum(ALERT_STATUSES).optional(),
    evalId: z.string().min(1).max(100).optional(),
    limit: z.coerce.number().int().min(1).max(500).default(100),
    /** Opaque cursor from a previous page's `nextCursor`. */
    cursor: z.string().min(1).max(200).optional(),
  })
  .openapi('ListAlertsQuery');

export type AlertWithEval = PerformanceAlert & {
  evalName: string;
  evalVersion: number;
  agentId: string;
};
export type AlertPage = Page<AlertWithEval>;

/** Alerts of the workspace with their eval's name, newest first, keyset-paginated. */
export async function listAlerts(
  ctx: Ctx,
  input: z.input<typeof ListAlertsInput> = {},
): Promise<AlertPage> {
  const parsed = ListAlertsInput.parse(input);
  const rows = await ctx.db
    .select({
      alert: performanceAlerts,
      evalName: evals.name,
      evalVersion: evals.version,
      agentId: evals.agentId,
    })
    .from(performanceAlerts)
    .innerJoin(evals, eq(evals.id, performanceAlerts.evalId))
    .where(
      inWorkspace(ctx, performanceAlerts, [
        parsed.status ? eq(performanceAlerts.status, parsed.status) : undefined,
        parsed.evalId ? eq(performanceAlerts.evalId, parsed.evalId) : undefined,
        afterCursor(performanceAlerts.openedAt, performanceAlerts.id, parsed.cursor),
      ]),
    )
    .orderBy(desc(performanceAlerts.openedAt), desc(performanceAlerts.id))
    .limit(parsed.limit + 1);
  return toPage(
    rows,
    parsed.limit,
    (r) => ({ at: r.alert.openedAt.getTime(), id: r.alert.id }),
    (r) => ({ ...r.alert, evalName: r.evalName, evalVersion: r.evalVersion, agentId: r.agentId }),
  );
}
