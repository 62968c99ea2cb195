import { z } from '@hono/zod-openapi';
import { eq } from 'drizzle-orm';
import type { Page } from '@/core/page';
import { service } from '@/core/service';
import { eqWhenGiven } from '@/db/list-filters';
import { newestFirstPage } from '@/db/newest-first-page';
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
export const listAlerts = service(ListAlertsInput, async (ctx, parsed): Promise<AlertPage> => {
  return newestFirstPage(
    ctx,
    ctx.db
      .select({
        alert: performanceAlerts,
        evalName: evals.name,
        evalVersion: evals.version,
        agentId: evals.agentId,
      })
      .from(performanceAlerts)
      .innerJoin(evals, eq(evals.id, performanceAlerts.evalId))
      .$dynamic(),
    { table: performanceAlerts, time: performanceAlerts.openedAt, id: performanceAlerts.id },
    {
      ...parsed,
      filters: [
        eqWhenGiven(performanceAlerts.status, parsed.status),
        eqWhenGiven(performanceAlerts.evalId, parsed.evalId),
      ],
    },
    (r) => ({ at: r.alert.openedAt.getTime(), id: r.alert.id }),
    (r) => ({ ...r.alert, evalName: r.evalName, evalVersion: r.evalVersion, agentId: r.agentId }),
  );
});
