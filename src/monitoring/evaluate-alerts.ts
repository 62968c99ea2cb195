import { and, eq, gte, lt, sql } from 'drizzle-orm';
import type { Deps } from '@/core/context';
import { evals, type PerformanceAlert, performanceAlerts, performanceSnapshots } from '@/db/schema';
import { resolveThresholds } from './alert-thresholds';
import { detectAlerts } from './detect-alerts';
import { snapshotsOfDay } from './snapshots-of-day';
import { addDays } from './utc-day';

const total = (column: Parameters<typeof sql>[1]) =>
  sql<number>`coalesce(sum(${column}), 0)`.mapWith(Number);

/**
 * Compares each active eval's snapshot for `day` with the preceding `baselineDays` of snapshots
 * and opens the alerts that fire. An alert of the same eval and kind that is still open or
 * acknowledged absorbs the new one (partial unique index). Returns only newly opened alerts.
 */
export async function evaluateAlerts(
  deps: Pick<Deps, 'db' | 'newId' | 'now'>,
  input: { day: string; workspaceId?: string },
): Promise<PerformanceAlert[]> {
  const today = await snapshotsOfDay(deps, input.day, [
    eq(evals.status, 'active'),
    input.workspaceId ? eq(performanceSnapshots.workspaceId, input.workspaceId) : undefined,
  ]);
  const opened: PerformanceAlert[] = [];
  for (const { snapshot, thresholds: stored } of today) {
    const thresholds = resolveThresholds(stored);
    const window = and(
      eq(performanceSnapshots.workspaceId, snapshot.workspaceId),
      eq(performanceSnapshots.evalId, snapshot.evalId),
      gte(performanceSnapshots.day, addDays(input.day, -thresholds.baselineDays)),
      lt(performanceSnapshots.day, input.day),
    );
    const [sums] = await deps.db
      .select({
        executions: total(performanceSnapshots.executions),
        passes: total(performanceSnapshots.passes),
        fails: total(performanceSnapshots.fails),
        errors: total(performanceSnapshots.errors),
        labelled: total(performanceSnapshots.labelled),
        agreed: total(performanceSnapshots.agreed),
      })
      .from(performanceSnapshots)
      .where(window);
    const prompts = await deps.db
      .select({ distribution: performanceSnapshots.promptDistribution })
      .from(performanceSnapshots)
      .where(window);
    const candidates = detectAlerts({
      day: input.day,
      today: { ...snapshot, prompts: snapshot.promptDistribution },
      baseline: {
        executions: sums?.executions ?? 0,
        passes: sums?.passes ?? 0,
        fails: sums?.fails ?? 0,
        errors: sums?.errors ?? 0,
        labelled: sums?.labelled ?? 0,
        agreed: sums?.agreed ?? 0,
        prompts: prompts.flatMap((row) => Object.keys(row.distribution)),
      },
      thresholds,
    });
    for (const candidate of candidates) {
      const [row] = await deps.db
        .insert(performanceAlerts)
        .values({
          id: deps.newId('alr'),
          workspaceId: snapshot.workspaceId,
          evalId: snapshot.evalId,
          ...candidate,
          openedAt: deps.now(),
        })
        .onConflictDoNothing()
        .returning();
      if (row) {
        opened.push(row);
      }
    }
  }
  return opened;
}
