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
const ids: Record<string, string> = {};

beforeAll(async () => {
  a = await createTestApi();
  b = await a.addWorkspace({ name: 'B' });
  const agent = await b.json('POST', '/v1/agents', { name: 'b-agent', promptTemplate: 'v1' });
  ids.agent = agent.body.id;
  ids.version = (
    await b.json('POST', `/v1/agents/${ids.agent}/versions`, { promptTemplate: 'v2' })
  ).body.id;
  const traceIds = await seedTraces(a.deps.db, {
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
      kind: 'openai',
      name: 'b',
      secret: 'sk-b-secret-0000',
    })
  ).body.id;
  ids.member = (await b.json('POST', '/v1/members', { email: 'b@example.com' })).body.member.userId;
  ids.key = b.keyId;
  ids.job = (
    await a.deps.queue.enqueue(
      { type: 'noop', workspaceId: b.workspaceId, payload: {} },
      { delaySeconds: 3600 },
    )
  ).id;
  const monitored = await seedMonitoringFixture(a.deps);
  ids.eval = monitored.activeEvalId;
  ids.alert = 'alr_isolation';
  await a.deps.db.insert(performanceAlerts).values({
    id: ids.alert,
    workspaceId: monitored.ws,
    evalId: monitored.activeEvalId,
    kind: 'agreement_drop',
    severity: 'warning',
    message: 'Agreement fell.',
    openedAt: new Date(),
  });
  await a.json('POST', '/v1/agents', { name: 'a-agent' });
});
afterAll(() => a?.close());

const cases: [method: string, path: () => string, body?: () => unknown][] = [
  ['GET', () => `/v1/agents/${ids.agent}`],
  ['PATCH', () => `/v1/agents/${ids.agent}`, () => ({ name: 'stolen' })],
  ['POST', () => `/v1/agents/${ids.agent}/archive`],
  ['POST', () => `/v1/agents/${ids.agent}/versions`, () => ({ promptTemplate: 'x' })],
  ['POST', () => `/v1/agents/${ids.agent}/versions/${ids.version}/promote`],
  ['POST', () => `/v1/agents/${ids.agent}/versions/${ids.version}/reject`],
  ['GET', () => `/v1/traces/${ids.trace}`],
  ['DELETE', () => `/v1/traces/${ids.trace}`],
  ['POST', () => '/v1/feedback', () => ({ traceId: ids.trace, rating: 'positive' })],
  ['PATCH', () => `/v1/feedback/${ids.feedback}`, () => ({ rating: 'positive' })],
  ['DELETE', () => `/v1/feedback/${ids.feedback}`],
  ['GET', () => `/v1/integrations/${ids.integration}`],
  ['PATCH', () => `/v1/integrations/${ids.integration}`, () => ({ name: 'stolen' })],
  ['POST', () => `/v1/integrations/${ids.integration}/test`],
  ['POST', () => `/v1/integrations/${ids.integration}/sync`],
  ['DELETE', () => `/v1/integrations/${ids.integration}`],
  ['PATCH', () => `/v1/members/${ids.member}`, () => ({ role: 'viewer' })],
  ['DELETE', () => `/v1/members/${ids.member}`],
  ['DELETE', () => `/v1/api-keys/${ids.key}`],
  ['GET', () => `/v1/jobs/${ids.job}`],
  ['GET', () => `/v1/jobs/${ids.job}/events`],
  ['POST', () => `/v1/jobs/${ids.job}/cancel`],
  ['POST', () => `/v1/jobs/${ids.job}/retry`],
  ['POST', () => `/v1/alerts/${ids.alert}/acknowledge`],
  ['POST', () => `/v1/alerts/${ids.alert}/resolve`],
  ['GET', () => `/v1/evals/${ids.eval}/snapshots`],
  ['GET', () => `/v1/evals/${ids.eval}/monitoring`],
  ['PUT', () => `/v1/evals/${ids.eval}/monitoring`, () => ({ autoRefine: { enabled: true } })],
];

describe('workspace isolation', () => {
  it.each(cases)('%s %s answers 404 for the other workspace', async (method, path, body) => {
    const response = await a.json(method, path(), body?.());
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('NOT_FOUND');
  });

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
