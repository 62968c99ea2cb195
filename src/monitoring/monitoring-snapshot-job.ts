import type { JobHandler } from '@/jobs/job-handler';
import { runMonitoring } from './run-monitoring';
import { utcDay } from './utc-day';

/** `monitoring.snapshot`: one monitoring pass for the job's workspace (today unless `day`). */
export const monitoringSnapshotJob: JobHandler<'monitoring.snapshot'> = async (ctx, payload) => {
  const run = await runMonitoring(ctx, {
    day: payload.day ?? utcDay(ctx.now()),
    workspaceId: ctx.workspaceId,
  });
  return {
    day: run.day,
    snapshots: run.snapshots,
    alertsOpened: run.alertsOpened.map((alert) => ({ id: alert.id, kind: alert.kind })),
    refinements: run.refinements.map((r) => ({
      evalId: r.evalId,
      status: r.status,
      ...('reason' in r ? { reason: r.reason } : {}),
    })),
  };
};
