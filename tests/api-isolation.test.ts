import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi, type TestClient } from '@/api/testing';
import { performanceAlerts } from '@/db/schema';
import { seedMonitoringFixture } from '@/monitoring/testing';
import { seedTraces } from '@/traces/query/seed-traces';

/**
 * Workspace A's key must never reach workspace B's objects: every route that takes an id answers
 * 404 (not 403) for B's id on read, update and delete, and filters never leak B's rows.
 */
let a: TestApi;
let b: TestClient;
let ids: Record<string, string> = {};

type Fixture = { ids: Record<string, string>; b: TestClient; monitored: TestClient };

/** Workspace B's objects (and a monitored eval in a third workspace), created through the API. */
async function seedOther(api: TestApi): Promise<Fixture> {
  const ids: Record<string, string> = {};
  const b = await api.addWorkspace({ name: 'B' });
  const agent = await b.json('POST', '/v1/agents', { name: 'b-agent', promptTemplate: 'v1' });
  ids.agent = agent.body.id;
  ids.version = (
    await b.json('POST', `/v1/agents/${ids.agent}/versions`, { promptTemplate: 'v2' })
  ).body.id;
  const traceIds = await seedTraces(api.deps.db, {
    workspaceId: b.workspaceId,
    count: 3,
    agentIds: [agent.body.id],
  });
  ids.trace = traceIds[0] ?? '';
  ids.feedback = (
    await b.json('POST', '/v1/feedback', { traceId: ids.trace, rating: 'negative' })
  ).body.id;
  ids.integration = (
    await b.json('POST', '/v1/integrations', {
      kind: 'langfuse',
      name: 'b',
      baseUrl: 'http://127.0.0.1:9',
      config: { publicKey: 'pk-lf-b' },
      secret: 'sk-b-secret-0000',
    })
  ).body.id;
  ids.member = (await b.json('POST', '/v1/members', { email: 'b@example.com' })).body.member.userId;
  ids.key = (await api.addKey(b.workspaceId, 'member')).keyId;
  ids.job = (
    await api.deps.queue.enqueue(
      { type: 'noop', workspaceId: b.workspaceId, payload: {} },
      { delaySeconds: 3600 },
    )
  ).id;
  const monitoredFixture = await seedMonitoringFixture(api.deps);
  ids.eval = monitoredFixture.activeEvalId;
  ids.alert = 'alr_isolation';
  await api.deps.db.insert(performanceAlerts).values({
    id: ids.alert,
    workspaceId: monitoredFixture.ws,
    evalId: monitoredFixture.activeEvalId,
    kind: 'agreement_drop',
    severity: 'warning',
    message: 'Agreement fell.',
    openedAt: new Date(),
  });
  const monitored = await api.addKey(monitoredFixture.ws, 'owner');
  return { ids, b, monitored };
}

beforeAll(async () => {
  a = await createTestApi();
  const fixture = await seedOther(a);
  ids = fixture.ids;
  b = fixture.b;
  await a.json('POST', '/v1/agents', { name: 'a-agent' });
});
afterAll(() => a?.close());

type Owner = 'b' | 'monitored';
/** method, path, body, who owns the object, and what that owner gets on the same request. */
const cases: [
  method: string,
  path: () => string,
  body: (() => unknown) | undefined,
  owner: Owner,
  ownerStatus: number,
][] = [
  ['GET', () => `/v1/agents/${ids.agent}`, undefined, 'b', 200],
  ['PATCH', () => `/v1/agents/${ids.agent}`, () => ({ name: 'stolen' }), 'b', 200],
  ['POST', () => `/v1/agents/${ids.agent}/archive`, undefined, 'b', 200],
  ['POST', () => `/v1/agents/${ids.agent}/versions`, () => ({ promptTemplate: 'x' }), 'b', 201],
  ['POST', () => `/v1/agents/${ids.agent}/versions/${ids.version}/promote`, undefined, 'b', 200],
  ['POST', () => `/v1/agents/${ids.agent}/versions/${ids.version}/reject`, undefined, 'b', 200],
  ['GET', () => `/v1/traces/${ids.trace}`, undefined, 'b', 200],
  ['DELETE', () => `/v1/traces/${ids.trace}`, undefined, 'b', 204],
  ['POST', () => '/v1/feedback', () => ({ traceId: ids.trace, rating: 'positive' }), 'b', 200],
  ['PATCH', () => `/v1/feedback/${ids.feedback}`, () => ({ rating: 'positive' }), 'b', 200],
  ['DELETE', () => `/v1/feedback/${ids.feedback}`, undefined, 'b', 204],
  ['GET', () => `/v1/integrations/${ids.integration}`, undefined, 'b', 200],
  ['PATCH', () => `/v1/integrations/${ids.integration}`, () => ({ name: 'stolen' }), 'b', 200],
  ['POST', () => `/v1/integrations/${ids.integration}/test`, undefined, 'b', 200],
  ['POST', () => `/v1/integrations/${ids.integration}/sync`, undefined, 'b', 202],
  ['DELETE', () => `/v1/integrations/${ids.integration}`, undefined, 'b', 204],
  ['PATCH', () => `/v1/members/${ids.member}`, () => ({ role: 'viewer' }), 'b', 200],
  ['DELETE', () => `/v1/members/${ids.member}`, undefined, 'b', 204],
  ['DELETE', () => `/v1/api-keys/${ids.key}`, undefined, 'b', 200],
  ['GET', () => `/v1/jobs/${ids.job}`, undefined, 'b', 200],
  ['GET', () => `/v1/jobs/${ids.job}/events`, undefined, 'b', 200],
  ['POST', () => `/v1/jobs/${ids.job}/cancel`, undefined, 'b', 200],
  ['POST', () => `/v1/jobs/${ids.job}/retry`, undefined, 'b', 409],
  ['POST', () => `/v1/alerts/${ids.alert}/acknowledge`, undefined, 'monitored', 200],
  ['POST', () => `/v1/alerts/${ids.alert}/resolve`, undefined, 'monitored', 200],
  ['GET', () => `/v1/evals/${ids.eval}/snapshots`, undefined, 'monitored', 200],
  ['GET', () => `/v1/evals/${ids.eval}/monitoring`, undefined, 'monitored', 200],
  [
    'PUT',
    () => `/v1/evals/${ids.eval}/monitoring`,
    () => ({ autoRefine: { enabled: true } }),
    'monitored',
    200,
  ],
];

describe('workspace isolation', () => {
  it.each(cases)('%s %s answers 404 for the other workspace', async (method, path, body) => {
    const response = await a.json(method, path(), body?.());
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('NOT_FOUND');
  });

  // Positive controls: the same request by the object's owner succeeds, so the 404 above is the
  // isolation answering, not a deleted or misspelt route. Each runs on a fresh fixture.
  it.each(cases)(
    '%s %s answers the owner (positive control)',
    async (method, path, body, owner, status) => {
      const api = await createTestApi();
      try {
        const fixture = await seedOther(api);
        const saved = ids;
        ids = fixture.ids;
        try {
          if (path().endsWith('/events')) {
            // an event stream stays open: its status is the answer
            const stream = await fixture[owner].request(path());
            await stream.body?.cancel();
            expect(stream.status).toBe(status);
            return;
          }
          const response = await fixture[owner].json(method, path(), body?.());
          expect(response.status, JSON.stringify(response.body)).toBe(status);
        } finally {
          ids = saved;
        }
      } finally {
        api.close();
      }
    },
  );

  it('leaves the other workspace untouched after every attempt', async () => {
    const agent = await b.json('GET', `/v1/agents/${ids.agent}`);
    expect(agent.body).toMatchObject({ name: 'b-agent', status: 'confirmed' });
    expect(agent.body.versions.map((v: { status: string }) => v.status)).toEqual([
      'candidate',
      'active',
    ]);
    expect((await b.json('GET', `/v1/traces/${ids.trace}`)).body.label).toBe('negative');
    expect((await b.json('GET', `/v1/integrations/${ids.integration}`)).body.name).toBe('b');
    expect((await b.json('GET', '/v1/members')).body.data).toHaveLength(1);
    expect((await b.json('GET', '/v1/me')).status).toBe(200);
    expect((await b.json('GET', `/v1/jobs/${ids.job}`)).body.status).toBe('queued');
  });

  it('never leaks rows through list filters or bulk deletes', async () => {
    const traces = await a.json('GET', `/v1/traces?agentId=${ids.agent}`);
    expect(traces.body).toEqual({ data: [], nextCursor: null });
    expect((await a.json('GET', '/v1/traces?label=negative')).body.data).toEqual([]);
    expect((await a.json('GET', `/v1/feedback?traceId=${ids.trace}`)).body.data).toEqual([]);
    expect((await a.json('GET', `/v1/feedback?agentId=${ids.agent}`)).body.data).toEqual([]);
    expect(
      (await a.json('GET', '/v1/agents')).body.data.map((x: { name: string }) => x.name),
    ).toEqual(['a-agent']);
    expect((await a.json('GET', '/v1/integrations')).body.data).toEqual([]);
    expect(
      (await a.json('GET', '/v1/api-keys')).body.data.map((k: { id: string }) => k.id),
    ).toEqual([a.keyId]);
    expect((await a.json('POST', '/v1/traces/delete', { ids: [ids.trace] })).body).toEqual({
      deleted: 0,
    });
    expect((await b.json('GET', '/v1/traces')).body.data).toHaveLength(3);
    expect((await a.json('GET', '/v1/jobs')).body).toEqual({ data: [], nextCursor: null });
    expect((await a.json('GET', '/v1/alerts')).body).toEqual({ data: [], nextCursor: null });
  });
});
