import { afterEach, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '@/api/testing';

/** Issue #24: owners set a workspace's retention over the API; bad values are refused. */
let api: TestApi;
afterEach(() => api?.close());

describe('PATCH /v1/workspace retention', () => {
  it('stores the retention settings beside the score rules and shows them', async () => {
    api = await createTestApi();
    await api.json('PATCH', '/v1/workspace', { scoreLabels: { numericThreshold: 0.5 } });
    const set = await api.json('PATCH', '/v1/workspace', {
      retention: { spanPayloadDays: 30, traceDays: 365 },
    });
    expect(set.status).toBe(200);
    expect(set.body.settings).toEqual({
      scoreLabels: { numericThreshold: 0.5 },
      retention: { spanPayloadDays: 30, traceDays: 365 },
    });
    expect((await api.json('GET', '/v1/workspace')).body.settings.retention).toEqual({
      spanPayloadDays: 30,
      traceDays: 365,
    });
  });

  it('answers VALIDATION for a retention of zero days or an unknown field, and changes nothing', async () => {
    api = await createTestApi();
    for (const retention of [{ traceDays: 0 }, { traceDays: 1.5 }, { keepForever: true }]) {
      const refused = await api.json('PATCH', '/v1/workspace', { retention });
      expect(refused.status).toBe(400);
      expect(refused.body.error.code).toBe('VALIDATION');
    }
    expect((await api.json('GET', '/v1/workspace')).body.settings).toEqual({});
  });
});
