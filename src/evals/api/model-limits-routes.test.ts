import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi, type TestClient } from '@/api/testing';
import { DEFAULT_BRIDGE_SETTINGS } from '../bridge/bridge-settings';
import { workspaceBridgeSettings } from '../bridge/model-limits';

let api: TestApi;
let other: TestClient;
let member: TestClient;

beforeAll(async () => {
  api = await createTestApi();
  other = await api.addWorkspace();
  member = await api.addKey(api.workspaceId, 'member');
});
afterAll(() => api.close());

describe('model limits routes', () => {
  it('answers the defaults until an owner sets a limit, and only in that workspace', async () => {
    const first = await api.json('GET', '/v1/workspace/model-limits');
    expect(first.status).toBe(200);
    expect(first.body.overrides).toEqual({});
    expect(first.body.effective).toEqual(first.body.defaults);
    expect(first.body.defaults.concurrency).toBe(8);
    expect(first.body.today).toEqual({ calls: 0, costUsd: 0 });

    const set = await api.json('PATCH', '/v1/workspace/model-limits', {
      maxCallsPerRun: 5,
      maxCostUsdPerDay: 1.5,
      concurrency: 2,
    });
    expect(set.status).toBe(200);
    expect(set.body.overrides).toEqual({
      maxCallsPerRun: 5,
      maxCostUsdPerDay: 1.5,
      concurrency: 2,
    });
    expect(set.body.effective).toMatchObject({ maxCallsPerRun: 5, concurrency: 2 });
    expect(set.body.effective.callTimeoutMs).toBe(DEFAULT_BRIDGE_SETTINGS.callTimeoutMs);
    // what a run in the workspace will use
    const settings = await workspaceBridgeSettings({
      db: api.deps.db,
      workspaceId: api.workspaceId,
    });
    expect(settings).toMatchObject({ maxCallsPerRun: 5, maxCostUsdPerDay: 1.5, concurrency: 2 });

    const elsewhere = await other.json('GET', '/v1/workspace/model-limits');
    expect(elsewhere.body.overrides).toEqual({});

    const reset = await api.json('PATCH', '/v1/workspace/model-limits', { concurrency: null });
    expect(reset.body.overrides).toEqual({ maxCallsPerRun: 5, maxCostUsdPerDay: 1.5 });
    expect(reset.body.effective.concurrency).toBe(8);
  });

  it('answers 400 naming the field for a bad value or an unknown limit', async () => {
    for (const [body, field] of [
      [{ concurrency: 0 }, 'concurrency'],
      [{ maxCallsPerRun: 2.5 }, 'maxCallsPerRun'],
      [{ maxCostUsdPerRun: -1 }, 'maxCostUsdPerRun'],
      [{ callTimeoutMs: '30s' }, 'callTimeoutMs'],
      [{ judgeMaxOutputTokens: 100_000 }, 'judgeMaxOutputTokens'],
    ] as const) {
      const bad = await api.json('PATCH', '/v1/workspace/model-limits', body);
      expect(bad.status, field).toBe(400);
      expect(bad.body.error.code).toBe('VALIDATION');
      expect(bad.body.error.message).toContain(field);
      expect(bad.body.error.details.issues[0].path).toBe(field);
    }
    const unknown = await api.json('PATCH', '/v1/workspace/model-limits', { temperature: 1 });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.message).toContain('temperature');
    const unchanged = await api.json('GET', '/v1/workspace/model-limits');
    expect(unchanged.body.effective.concurrency).toBe(8);
  });

  it('lets members read the limits but only owners change them', async () => {
    expect((await member.json('GET', '/v1/workspace/model-limits')).status).toBe(200);
    const denied = await member.json('PATCH', '/v1/workspace/model-limits', { concurrency: 4 });
    expect(denied.status).toBe(403);
  });

  it('is in the OpenAPI document', async () => {
    const doc = await api.json('GET', '/v1/openapi.json');
    const path = doc.body.paths['/v1/workspace/model-limits'];
    expect(Object.keys(path ?? {}).sort()).toEqual(['get', 'patch']);
    expect(doc.body.components.schemas.UpdateModelLimitsInput.properties.concurrency).toBeDefined();
  });
});
