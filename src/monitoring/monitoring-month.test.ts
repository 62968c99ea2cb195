import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Ctx } from '@/core/context';
import { type PerformanceSnapshot, performanceAlerts, users } from '@/db/schema';
import { createTestDeps } from '@/hosts/test-deps';
import { listAlerts } from './list-alerts';
import { listSnapshots } from './list-snapshots';
import { runMonitoring } from './run-monitoring';
import { type DaySpec, NORMAL_DAY, seedDay, seedMonitoringFixture } from './testing';
import { acknowledgeAlert, resolveAlert } from './update-alert-status';
import { addDays } from './utc-day';

const deps = createTestDeps();
let fx: Awaited<ReturnType<typeof seedMonitoringFixture>>;
let ctx: Ctx;
const days = Array.from({ length: 30 }, (_, i) => addDays('2026-10-01', i));

/** The synthetic month: normal days except these. */
const SPECIAL: Record<string, DaySpec> = {
  // agreement 24/34 = 71% against a baseline of 30/34 = 88%; pass rate unchanged (26/38)
  '2026-10-21': { ...NORMAL_DAY, passPos: 14, passNeg: 8 },
  '2026-10-22': { ...NORMAL_DAY, passPos: 14, passNeg: 8 },
  // 8 errors in 46 executions = 17% against 14/280 = 5%
  '2026-10-25': { ...NORMAL_DAY, errors: 8 },
  // 20 more unlabelled fails: pass rate 26/58 = 45% against 182/266 = 68%; agreement unchanged
  '2026-10-26': { ...NORMAL_DAY, failUnlabelled: 20 },
  // 10 of 40 executions on a system prompt never seen before
  '2026-10-28': { ...NORMAL_DAY, promptB: 10 },
};

/** Hand-computed counts of a normal day's snapshot and of the special days'. */
const COUNTS: Record<string, Partial<PerformanceSnapshot>> = {
  '2026-10-05': {
    executions: 40,
    passes: 26,
    fails: 12,
    errors: 2,
    labelled: 34,
    agreed: 30,
    contradictions: 4,
  },
  '2026-10-21': { passes: 26, fails: 12, labelled: 34, agreed: 24, contradictions: 10 },
  '2026-10-26': { executions: 60, passes: 26, fails: 32, errors: 2 },
};

beforeAll(async () => {
  fx = await seedMonitoringFixture(deps);
  ctx = { ...deps, workspaceId: fx.ws, actor: { type: 'system' }, requestId: 'test' };
  for (const day of days) {
    await seedDay(deps, fx, fx.activeEvalId, day, SPECIAL[day] ?? NORMAL_DAY);
  }
  // executions of an inactive eval version: never snapshotted
  await seedDay(deps, fx, fx.inactiveEvalId, '2026-10-05', NORMAL_DAY);
  for (const day of days) {
    await runMonitoring(deps, { day });
  }
});

describe('monitoring over a synthetic month', () => {
  it('writes one snapshot per active eval and day, matching hand-computed counts', async () => {
    const snapshots = await listSnapshots(ctx, {});
    expect(snapshots).toHaveLength(30);
    expect(new Set(snapshots.map((s) => s.evalId))).toEqual(new Set([fx.activeEvalId]));
    const day = (d: string) => snapshots.find((s) => s.day === d);
    for (const [d, counts] of Object.entries(COUNTS)) {
      expect(day(d), d).toMatchObject(counts);
    }
    const normal = day('2026-10-05');
    expect(normal).toMatchObject({ promptDistribution: { [fx.promptA]: 40 } });
    expect(normal?.agreement).toBeCloseTo(30 / 34, 10);
    expect(normal?.passRate).toBeCloseTo(26 / 38, 10);
    expect(normal?.errorRate).toBeCloseTo(2 / 40, 10);
    expect(day('2026-10-21')?.agreement).toBeCloseTo(0.70588, 5);
    const prompts = day('2026-10-28');
    expect(prompts?.promptDistribution).toEqual({ [fx.promptA]: 30, [fx.promptB]: 10 });
  });

  it('opens exactly the expected alerts, each with a one-line explanation', async () => {
    const alerts = (await listAlerts(ctx, {})).data;
    const summary = alerts
      .map((a) => [a.kind, a.severity, (a.details as { day: string }).day])
      .sort((a, b) => String(a[2]).localeCompare(String(b[2])));
    expect(summary).toEqual([
      ['agreement_drop', 'warning', '2026-10-21'],
      ['error_rate_rise', 'warning', '2026-10-25'],
      ['pass_rate_shift', 'warning', '2026-10-26'],
      ['new_prompt_version', 'info', '2026-10-28'],
    ]);
    const byKind = Object.fromEntries(alerts.map((a) => [a.kind, a]));
    expect(byKind.agreement_drop?.message).toBe(
      'Agreement with human labels fell from 88% to 71% (-18 pts, threshold 10 pts) on 2026-10-21 over 34 labelled traces.',
    );
    expect(byKind.error_rate_rise?.message).toBe(
      'Error rate rose from 5% to 17% (+12 pts, threshold 10 pts) on 2026-10-25 over 46 executions.',
    );
    // pooled p = 208/324 = 0.641975; se = sqrt(p(1-p)(1/266 + 1/58)) = 0.069476;
    // z = (26/58 - 182/266) / se = (0.448276 - 0.684211) / 0.069476 = -3.396
    expect((byKind.pass_rate_shift!.details as { z: number }).z).toBeCloseTo(-3.396, 2);
    expect(byKind.pass_rate_shift?.message).toBe(
      'Pass rate moved from 68% to 45% on 2026-10-26 (z = -3.4, beyond ±3).',
    );
    expect(byKind.new_prompt_version?.message).toBe(
      `New system prompt version ${fx.promptB} appeared on 2026-10-28 (10 of 40 executions).`,
    );
    expect(alerts.every((a) => !a.message.includes('\n'))).toBe(true);
  });

  it('keeps an alert deduplicated while open or acknowledged, and opens a fresh one after resolve', async () => {
    const [open] = await listAlerts(ctx, { status: 'open' }).then((all) =>
      all.data.filter((a) => a.kind === 'agreement_drop'),
    );
    expect(open).toBeDefined();
    await deps.db.insert(users).values({ id: 'usr_ada', email: 'ada@example.com', name: 'Ada' });
    const userCtx: Ctx = { ...ctx, actor: { type: 'user', userId: 'usr_ada', role: 'member' } };
    const acknowledged = await acknowledgeAlert(userCtx, { alertId: open!.id });
    expect(acknowledged).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'usr_ada' });
    expect((await runMonitoring(deps, { day: '2026-10-22' })).alertsOpened).toEqual([]);
    const resolved = await resolveAlert(userCtx, { alertId: open!.id });
    expect(resolved).toMatchObject({ status: 'resolved', resolvedBy: 'usr_ada' });
    expect(resolved.resolvedAt).toBeInstanceOf(Date);
    await expect(acknowledgeAlert(userCtx, { alertId: open!.id })).rejects.toMatchObject({
      code: 'CONFLICT',
    });
    const again = await runMonitoring(deps, { day: '2026-10-22' });
    expect(again.alertsOpened.map((a) => a.kind)).toEqual(['agreement_drop']);
    const rows = await deps.db
      .select()
      .from(performanceAlerts)
      .where(eq(performanceAlerts.kind, 'agreement_drop'));
    expect(rows.map((r) => r.status).sort()).toEqual(['open', 'resolved']);
  });

  it('rewrites a day idempotently and never answers another workspace', async () => {
    await runMonitoring(deps, { day: '2026-10-05' });
    expect(await listSnapshots(ctx, { from: '2026-10-05', to: '2026-10-05' })).toHaveLength(1);
    const other: Ctx = { ...ctx, workspaceId: 'ws_other' };
    expect(await listSnapshots(other, {})).toEqual([]);
    expect((await listAlerts(other, {})).data).toEqual([]);
    const [alert] = (await listAlerts(ctx, {})).data;
    await expect(resolveAlert(other, { alertId: alert!.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });
});
