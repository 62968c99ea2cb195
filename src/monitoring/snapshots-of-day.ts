import { and, eq, type SQL } from 'drizzle-orm';
import type { Deps } from '@/core/context';
import { evals, performanceSnapshots } from '@/db/schema';

/** A day's snapshots, each with its eval's stored alert thresholds, where every condition holds. */
export function snapshotsOfDay(
  deps: Pick<Deps, 'db'>,
  day: string,
  conditions: (SQL | undefined)[],
) {
  return deps.db
    .select({ snapshot: performanceSnapshots, thresholds: evals.alertThresholds })
    .from(performanceSnapshots)
    .innerJoin(evals, eq(evals.id, performanceSnapshots.evalId))
    .where(and(eq(performanceSnapshots.day, day), ...conditions));
}
