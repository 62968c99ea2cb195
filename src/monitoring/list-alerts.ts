import { z } from '@hono/zod-openapi';
import { and, desc, eq, lt, or } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { decodeCursor } from '@/core/cursor';
import { type Page, toPage } from '@/core/page';
import { inWorkspace } from '@/db/in-workspace';
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
  const cursor = parsed.cursor ? decodeCursor(parsed.cursor) : undefined;
  const after = cursor ? { at: new Date(cursor.at), id: cursor.id } : undefined;
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
        after
          ? or(
              lt(performanceAlerts.openedAt, after.at),
              and(eq(performanceAlerts.openedAt, after.at), lt(performanceAlerts.id, after.id)),
            )
          : undefined,
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
