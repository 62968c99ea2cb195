import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi, type TestClient } from '@/api/testing';
import { runMonitoring } from '../run-monitoring';
import { NORMAL_DAY, seedDay, seedMonitoringFixture } from '../testing';
import { addDays, utcDay } from '../utc-day';

let api: TestApi;
let owner: TestClient;
let viewer: TestClient;
let fx: Awaited<ReturnType<typeof seedMonitoringFixture>>;
const days = Array.from({ length: 9 }, (_, i) => addDays('2026-10-01', i));

beforeAll(async () => {
  api = await createTestApi();
  fx = await seedMonitoringFixture(api.deps);
  owner = await api.addKey(fx.ws, 'owner');
  viewer = await api.addKey(fx.ws, 'viewer');
  for (const day of days) {
    // the last day: agreement 24/34 against 30/34 → agreement_drop
    const spec = day === '2026-10-09' ? { ...NORMAL_DAY, passPos: 14, passNeg: 8 } : NORMAL_DAY;
    await seedDay(api.deps, fx, fx.activeEvalId, day, spec);
    await runMonitoring(api.deps, { day });
  }
});
afterAll(() => api?.close());

describe('alerts API', () => {
  it('lists alerts with a one-line explanation and the eval they belong to', async () => {
    const page = await viewer.json('GET', '/v1/alerts?status=open');
    expect(page.status).toBe(200);
    expect(page.body.nextCursor).toBeNull();
    expect(page.body.data).toHaveLength(1);
    expect(page.body.data[0]).toMatchObject({
      evalId: fx.activeEvalId,
      evalName: 'polite',
      evalVersion: 2,
      agentId: fx.agentId,
      kind: 'agreement_drop',
      status: 'open',
      acknowledgedAt: null,
      message:
        'Agreement with human labels fell from 88% to 71% (-18 pts, threshold 10 pts) on 2026-10-09 over 34 labelled traces.',
    });
    const byEval = await viewer.json('GET', `/v1/alerts?evalId=${fx.inactiveEvalId}`);
    expect(byEval.body.data).toEqual([]);
  });

  it('acknowledges then resolves, recording when; viewers may not', async () => {
    const [alert] = (await owner.json('GET', '/v1/alerts')).body.data;
    const denied = await viewer.json('POST', `/v1/alerts/${alert.id}/acknowledge`);
    expect(denied.status).toBe(403);
    const acknowledged = await owner.json('POST', `/v1/alerts/${alert.id}/acknowledge`);
    expect(acknowledged.status).toBe(200);
    expect(acknowledged.body).toMatchObject({ id: alert.id, status: 'acknowledged' });
    expect(Date.parse(acknowledged.body.acknowledgedAt)).not.toBeNaN();
    expect((await owner.json('GET', '/v1/alerts?status=open')).body.data).toEqual([]);
    const resolved = await owner.json('POST', `/v1/alerts/${alert.id}/resolve`);
    expect(resolved.body).toMatchObject({ status: 'resolved', evalName: 'polite' });
    expect(Date.parse(resolved.body.resolvedAt)).not.toBeNaN();
    const again = await owner.json('POST', `/v1/alerts/${alert.id}/acknowledge`);
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('CONFLICT');
  });

  it('pages alerts with nextCursor', async () => {
    await runMonitoring(api.deps, { day: '2026-10-10' });
    await seedDay(api.deps, fx, fx.activeEvalId, '2026-10-11', { ...NORMAL_DAY, errors: 12 });
    await runMonitoring(api.deps, { day: '2026-10-11' });
    const all = (await owner.json('GET', '/v1/alerts')).body.data;
    expect(all.length).toBeGreaterThanOrEqual(2);
    const first = await owner.json('GET', '/v1/alerts?limit=1');
    expect(first.body.data).toEqual([all[0]]);
    const second = await owner.json('GET', `/v1/alerts?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.data).toEqual([all[1]]);
  });
});

describe('snapshots and monitoring settings API', () => {
  it("returns an eval's daily snapshots within from/to", async () => {
    const all = await viewer.json('GET', `/v1/evals/${fx.activeEvalId}/snapshots`);
    expect(all.status).toBe(200);
    expect(all.body.data.map((s: { day: string }) => s.day).slice(0, 9)).toEqual(days);
    const some = await viewer.json(
      'GET',
      `/v1/evals/${fx.activeEvalId}/snapshots?from=2026-10-02&to=2026-10-03`,
    );
    expect(some.body.data).toHaveLength(2);
    expect(some.body.data[0]).toMatchObject({
      evalId: fx.activeEvalId,
      day: '2026-10-02',
      executions: 40,
      passes: 26,
      fails: 12,
      errors: 2,
      contradictions: 4,
      promptDistribution: { [fx.promptA]: 40 },
    });
    expect(some.body.data[0].agreement).toBeCloseTo(30 / 34, 10);
    expect(some.body.data[0].passRate).toBeCloseTo(26 / 38, 10);
  });

  it('counts today so far live from the executions, before any snapshot of today is written', async () => {
    const today = utcDay(new Date());
    const before = await viewer.json(
      'GET',
      `/v1/evals/${fx.activeEvalId}/snapshots?from=${today}&to=${today}`,
    );
    expect(before.body.data).toEqual([]);
    await seedDay(api.deps, fx, fx.activeEvalId, today, NORMAL_DAY);
    const live = await viewer.json(
      'GET',
      `/v1/evals/${fx.activeEvalId}/snapshots?from=${today}&to=${today}`,
    );
    expect(live.body.data).toHaveLength(1);
    expect(live.body.data[0]).toMatchObject({
      day: today,
      partial: true,
      executions: 40,
      passes: 26,
      fails: 12,
      errors: 2,
      contradictions: 4,
    });
    expect(live.body.data[0].passRate).toBeCloseTo(26 / 38, 10);
    // finished days are the stored snapshots; nothing of today was written
    const all = await viewer.json('GET', `/v1/evals/${fx.activeEvalId}/snapshots`);
    expect(all.body.data.filter((s: { partial: boolean }) => s.partial)).toHaveLength(1);
    expect(all.body.data[0]).toMatchObject({ day: '2026-10-01', partial: false });
  });

  it('shows defaults, applies overrides to every version, and null resets one', async () => {
    const before = await viewer.json('GET', `/v1/evals/${fx.activeEvalId}/monitoring`);
    expect(before.status).toBe(200);
    expect(before.body).toMatchObject({
      evalId: fx.activeEvalId,
      thresholds: { overrides: {}, defaults: { agreementDrop: 0.1, baselineDays: 7 } },
      autoRefine: { enabled: false, requireHumanApproval: true, contradictionTrigger: 5 },
    });
    expect((await viewer.json('PUT', `/v1/evals/${fx.activeEvalId}/monitoring`, {})).status).toBe(
      403,
    );
    const changed = await owner.json('PUT', `/v1/evals/${fx.activeEvalId}/monitoring`, {
      thresholds: { agreementDrop: 0.2, minLabelled: 3 },
      autoRefine: { enabled: true, contradictionTrigger: 8, cooldownHours: 12 },
    });
    expect(changed.status).toBe(200);
    expect(changed.body.thresholds.overrides).toEqual({
      agreementDrop: 0.2,
      minLabelled: 3,
      autoRefineContradictions: 8,
      autoRefineCooldownHours: 12,
    });
    expect(changed.body.thresholds.effective).toMatchObject({
      agreementDrop: 0.2,
      errorRateRise: 0.1,
    });
    expect(changed.body.autoRefine).toMatchObject({
      enabled: true,
      contradictionTrigger: 8,
      cooldownHours: 12,
    });
    const older = await owner.json('GET', `/v1/evals/${fx.inactiveEvalId}/monitoring`);
    expect(older.body.autoRefine.enabled).toBe(true);
    const reset = await owner.json('PUT', `/v1/evals/${fx.activeEvalId}/monitoring`, {
      thresholds: { agreementDrop: null },
    });
    expect(reset.body.thresholds.overrides).not.toHaveProperty('agreementDrop');
    expect(reset.body.thresholds.effective.agreementDrop).toBe(0.1);
    expect(reset.body.autoRefine.enabled).toBe(true);
  });

  it('rejects bad input with 400 VALIDATION', async () => {
    const cases: [string, string, unknown?][] = [
      ['PUT', `/v1/evals/${fx.activeEvalId}/monitoring`, { thresholds: { agreementDrop: 2 } }],
      ['PUT', `/v1/evals/${fx.activeEvalId}/monitoring`, { thresholds: { unknownKey: 1 } }],
      ['PUT', `/v1/evals/${fx.activeEvalId}/monitoring`, { autoRefine: { enabled: 'yes' } }],
      [
        'PUT',
        `/v1/evals/${fx.activeEvalId}/monitoring`,
        { autoRefine: { contradictionTrigger: 0 } },
      ],
      ['GET', `/v1/evals/${fx.activeEvalId}/snapshots?from=yesterday`],
      ['GET', '/v1/alerts?status=closed'],
      ['GET', '/v1/alerts?cursor=nonsense'],
      ['GET', '/v1/alerts?limit=0'],
    ];
    for (const [method, path, body] of cases) {
      const response = await owner.json(method, path, body);
      expect(response.status, `${method} ${path} ${JSON.stringify(body)}`).toBe(400);
      expect(response.body.error.code).toBe('VALIDATION');
    }
  });

  it("answers 404 for another workspace's eval and alert ids", async () => {
    const [alert] = (await owner.json('GET', '/v1/alerts')).body.data;
    for (const [method, path, body] of [
      ['GET', `/v1/evals/${fx.activeEvalId}/snapshots`],
      ['GET', `/v1/evals/${fx.activeEvalId}/monitoring`],
      ['PUT', `/v1/evals/${fx.activeEvalId}/monitoring`, { autoRefine: { enabled: false } }],
      ['POST', `/v1/alerts/${alert.id}/acknowledge`],
      ['POST', `/v1/alerts/${alert.id}/resolve`],
    ] as const) {
      const response = await api.json(method, path, body);
      expect(response.status, `${method} ${path}`).toBe(404);
      expect(response.body.error.code).toBe('NOT_FOUND');
    }
    expect((await api.json('GET', '/v1/alerts')).body.data).toEqual([]);
    expect(
      (await owner.json('GET', `/v1/evals/${fx.activeEvalId}/monitoring`)).body.autoRefine.enabled,
    ).toBe(true);
  });
});
