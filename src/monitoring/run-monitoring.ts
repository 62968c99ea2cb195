import { eq, gte, inArray } from 'drizzle-orm';
import type { Deps } from '@/core/context';
import { evals, type PerformanceAlert, performanceSnapshots } from '@/db/schema';
import { resolveThresholds } from './alert-thresholds';
import {
  type TriggerInput,
  type TriggerResult,
  triggerAutoRefine,
} from './auto-refine/trigger-auto-refine';
import { evaluateAlerts } from './evaluate-alerts';
import { snapshotsOfDay } from './snapshots-of-day';
import { writeDailySnapshots } from './write-daily-snapshots';

export type MonitoringRun = {
  day: string;
  snapshots: number;
  alertsOpened: PerformanceAlert[];
  refinements: (TriggerResult & { evalId: string })[];
};

/**
 * One monitoring pass for a UTC day: snapshots, then alerts, then auto-refine for evals that
 * enable it. Only `agreement_drop` alerts (evidence from human labels) and a day's contradictions
 * reaching the eval's threshold trigger a refinement; a pass-rate shift may be the agent's fault.
 * Idempotent: re-running a day rewrites its snapshots and opens nothing twice.
 */
export async function runMonitoring(
  deps: Pick<Deps, 'db' | 'now' | 'newId' | 'queue'>,
  input: { day: string; workspaceId?: string },
): Promise<MonitoringRun> {
  const snapshots = await writeDailySnapshots(deps, input);
  const alertsOpened = await evaluateAlerts(deps, input);
  const refinements: MonitoringRun['refinements'] = [];
  /** Asks to refine `of`'s eval, once per trigger and `key` (the alert, the day). */
  const refine = async (
    of: { workspaceId: string; evalId: string },
    key: string,
    why: Pick<TriggerInput, 'trigger' | 'alertId' | 'contradictions'>,
  ) => {
    const { workspaceId, evalId } = of;
    const dedupeKey = `${evalId}:${why.trigger}:${key}`;
    const result = await triggerAutoRefine(deps, { workspaceId, evalId, ...why, dedupeKey });
    refinements.push({ ...result, evalId });
  };
  for (const alert of alertsOpened.filter((a) => a.kind === 'agreement_drop')) {
    await refine(alert, alert.id, { trigger: 'alert', alertId: alert.id });
  }
  const candidates = await snapshotsOfDay(deps, input.day, [
    eq(evals.autoRefine, true),
    gte(performanceSnapshots.contradictions, 1),
    inArray(
      performanceSnapshots.evalId,
      snapshots.map((s) => s.evalId),
    ),
  ]);
  for (const { snapshot, thresholds } of candidates) {
    if (snapshot.contradictions < resolveThresholds(thresholds).autoRefineContradictions) {
      continue;
    }
    if (refinements.some((r) => r.evalId === snapshot.evalId && r.status === 'enqueued')) {
      continue;
    }
    await refine(snapshot, input.day, {
      trigger: 'contradictions',
      contradictions: snapshot.contradictions,
    });
  }
  return { day: input.day, snapshots: snapshots.length, alertsOpened, refinements };
}
