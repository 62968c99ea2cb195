import type { Deps } from '@/core/context';
import { jobs, memberships } from '@/db/schema';
import { runMonitoring } from '@/monitoring/run-monitoring';
import { NORMAL_DAY, seedDay, seedMonitoringFixture } from '@/monitoring/testing';

const DAY_MS = 86_400_000;
const dayAt = (offset: number) => new Date(Date.now() + offset * DAY_MS).toISOString().slice(0, 10);

/**
 * A second workspace (the monitoring services' own fixture) with nine days of snapshots ending
 * yesterday, an agreement drop on the last day (one open alert), and a running job; `userId`
 * becomes its owner so the browser can switch to it.
 */
export async function seedMonitoringWorkspace(deps: Deps, userId: string) {
  const fx = await seedMonitoringFixture(deps);
  await deps.db
    .insert(memberships)
    .values({ workspaceId: fx.ws, userId, role: 'owner', createdAt: new Date() });
  const days = Array.from({ length: 9 }, (_, i) => dayAt(i - 9));
  for (const day of days) {
    const spec = day === days[8] ? { ...NORMAL_DAY, passPos: 14, passNeg: 8 } : NORMAL_DAY;
    await seedDay(deps, fx, fx.activeEvalId, day, spec);
    await runMonitoring(deps, { day, workspaceId: fx.ws });
  }
  const jobId = deps.newId('job');
  const now = new Date();
  await deps.db.insert(jobs).values({
    id: jobId,
    workspaceId: fx.ws,
    type: 'eval.execute',
    payload: {},
    status: 'running',
    runAt: now,
    attempts: 1,
    leaseOwner: 'browser-test',
    leaseExpiresAt: new Date(now.getTime() + 3_600_000),
    progress: { percent: 40, done: 4, total: 10, message: 'running on 10 traces' },
    startedAt: now,
  });
  return { ...fx, days, jobId };
}
