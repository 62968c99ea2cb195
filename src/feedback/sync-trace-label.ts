import { eq, sql } from 'drizzle-orm';
import type { Ctx } from '@/core/context';
import { inWorkspace } from '@/db/in-workspace';
import { feedback, traces } from '@/db/schema';

/**
 * The statement that recomputes `traces.label` / `labelled_at` from the trace's feedback:
 * the most common rating, ties to the most recently updated; null when no label is left.
 * Put it in the same `db.batch()` as the feedback write so both change together.
 */
export function syncTraceLabel(ctx: Pick<Ctx, 'db' | 'workspaceId'>, traceId: string) {
  const label = sql`(select ${feedback.rating} from ${feedback}
    where ${feedback.workspaceId} = ${ctx.workspaceId} and ${feedback.traceId} = ${traceId}
    group by ${feedback.rating} order by count(*) desc, max(${feedback.updatedAt}) desc limit 1)`;
  const labelledAt = sql`(select max(${feedback.updatedAt}) from ${feedback}
    where ${feedback.workspaceId} = ${ctx.workspaceId} and ${feedback.traceId} = ${traceId})`;
  return ctx.db
    .update(traces)
    .set({ label, labelledAt })
    .where(inWorkspace(ctx, traces, [eq(traces.id, traceId)]));
}
