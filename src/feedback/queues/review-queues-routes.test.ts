import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApiWithTraces, type TestApi } from '@/api/testing';
import type { Ctx } from '@/core/context';
import { createSystemCtx } from '@/core/system-ctx';
import { traces } from '@/db/schema';
import { labelTrace } from '@/feedback/label-trace';
import { seedTraces } from '@/traces/query/seed-traces';
import { listReviewQueueItems } from './list-review-queue-items';

let api: TestApi;
afterEach(() => api?.close());

async function setup() {
  const seeded = await createTestApiWithTraces(['support'], { count: 12, idPrefix: 'q_' });
  api = seeded.api;
  const [agent] = seeded.agents;
  const { ids } = seeded;
  const member = async (email: string) =>
    (await api.json('POST', '/v1/members', { email })).body.member.userId as string;
  return { agent, ids, ada: await member('ada@example.com'), bo: await member('bo@example.com') };
}

const asUser = (userId: string): Ctx => ({
  ...createSystemCtx(api.deps, api.workspaceId),
  actor: { type: 'user', userId, role: 'member' },
});

describe('review queues', () => {
  it('deals the traces to the assignees, counts progress and agreement from their labels', async () => {
    const { agent, ids, ada, bo } = await setup();
    const chosen = ids.slice(0, 4);
    const created = await api.json('POST', '/v1/review-queues', {
      agentId: agent,
      name: 'Rollouts of the winner',
      traceIds: [...chosen, chosen[0]],
      assignees: [ada, bo],
      reviewersPerTrace: 2,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ traces: 4, items: 8, done: 0, filter: null });
    const queue = created.body.id as string;

    const adaItems = await listReviewQueueItems(asUser(ada), { id: queue, assignee: 'me' });
    expect(adaItems.data.map((i) => i.traceId)).toEqual(chosen);

    // Ada and Bo agree on three traces and disagree on one.
    const ratings = ['positive', 'negative', 'positive', 'positive'] as const;
    for (const [i, traceId] of chosen.entries()) {
      await labelTrace(asUser(ada), { traceId, rating: ratings[i]! });
      if (i < 3) {
        await labelTrace(asUser(bo), { traceId, rating: i === 2 ? 'negative' : ratings[i]! });
      }
    }
    const read = (await api.json('GET', `/v1/review-queues/${queue}`)).body;
    expect(read.done).toBe(7);
    expect(read.byAssignee).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ userId: ada, items: 4, done: 4, email: 'ada@example.com' }),
        expect.objectContaining({ userId: bo, items: 4, done: 3 }),
      ]),
    );
    // 3 shared traces, 2 agree: po 2/3; ada 2 pos 1 neg, bo 1 pos 2 neg: pe 4/9; kappa 0.4
    expect(read.agreement.traces).toBe(3);
    expect(read.agreement.agreement).toBeCloseTo(2 / 3, 9);
    expect(read.agreement.kappa).toBeCloseTo(0.4, 9);
    expect(read.labellers.map((l: { userId: string }) => l.userId).sort()).toEqual(
      [ada, bo].sort(),
    );

    const boTodo = await api.json(
      'GET',
      `/v1/review-queues/${queue}/items?assignee=${bo}&status=todo`,
    );
    expect(boTodo.body.data.map((i: { traceId: string }) => i.traceId)).toEqual([chosen[3]]);
    const list = await api.json('GET', `/v1/review-queues?agentId=${agent}`);
    expect(list.body.data).toEqual([expect.objectContaining({ id: queue, items: 8, done: 7 })]);
  });

  it("makes a queue from a trace-list filter: the agent's matching traces, newest first, open to anyone", async () => {
    const { agent } = await setup();
    await api.deps.db.update(traces).set({ hasErrors: false });
    await api.deps.db.update(traces).set({ hasErrors: true }).where(eq(traces.id, 'q_0000003'));
    await api.deps.db.update(traces).set({ hasErrors: true }).where(eq(traces.id, 'q_0000007'));
    const created = await api.json('POST', '/v1/review-queues', {
      agentId: agent,
      name: 'Errors',
      filter: { hasErrors: 'true' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ traces: 2, filter: { hasErrors: true } });
    const items = await api.json('GET', `/v1/review-queues/${created.body.id}/items`);
    expect(items.body.data).toMatchObject([
      { traceId: 'q_0000007', assigneeId: null, done: false },
      { traceId: 'q_0000003', assigneeId: null, done: false },
    ]);
    await api.json('POST', '/v1/feedback', { traceId: 'q_0000003', rating: 'negative' });
    const done = await api.json('GET', `/v1/review-queues/${created.body.id}/items?status=done`);
    expect(done.body.data.map((i: { traceId: string }) => i.traceId)).toEqual(['q_0000003']);
    const none = await api.json('POST', '/v1/review-queues', {
      agentId: agent,
      name: 'Nothing',
      filter: { q: 'no such text anywhere' },
    });
    expect(none.status).toBe(412);
    expect(none.body.error.message).toContain('no trace of this agent');
  });

  it('refuses bad input with clear errors', async () => {
    const { agent, ids, ada } = await setup();
    const post = (body: unknown) => api.json('POST', '/v1/review-queues', body);
    const both = await post({ agentId: agent, name: 'x', traceIds: ids, filter: {} });
    expect(both.status).toBe(400);
    expect(JSON.stringify(both.body)).toContain('traceIds or filter');
    expect((await post({ agentId: agent, name: '', traceIds: ids })).status).toBe(400);
    const tooMany = await post({
      agentId: agent,
      name: 'x',
      traceIds: ids,
      assignees: [ada],
      reviewersPerTrace: 2,
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toContain('reviewersPerTrace');
    const stranger = await post({
      agentId: agent,
      name: 'x',
      traceIds: ids,
      assignees: ['usr_nobody'],
    });
    expect(stranger.status).toBe(404);
    const missing = await post({ agentId: agent, name: 'x', traceIds: ['nope'] });
    expect(missing.body.error.message).toContain('nope');
    expect((await api.json('GET', '/v1/review-queues')).body.data).toEqual([]);
  });

  it("answers 404 for another workspace's queue, agent, traces and members", async () => {
    const { agent, ids, ada } = await setup();
    const queue = (
      await api.json('POST', '/v1/review-queues', { agentId: agent, name: 'mine', traceIds: ids })
    ).body.id;
    const other = await api.addWorkspace();
    const otherAgent = (await other.json('POST', '/v1/agents', { name: 'theirs' })).body.id;
    expect((await other.json('GET', `/v1/review-queues/${queue}`)).status).toBe(404);
    expect((await other.json('GET', `/v1/review-queues/${queue}/items`)).status).toBe(404);
    expect((await other.json('DELETE', `/v1/review-queues/${queue}`)).status).toBe(404);
    expect((await other.json('GET', '/v1/review-queues')).body.data).toEqual([]);
    const post = (body: unknown) => other.json('POST', '/v1/review-queues', body);
    expect((await post({ agentId: agent, name: 'x', traceIds: ids })).status).toBe(404);
    expect((await post({ agentId: otherAgent, name: 'x', traceIds: ids })).status).toBe(404);
    const theirTraces = await seedTraces(api.deps.db, { workspaceId: other.workspaceId, count: 1 });
    const withMember = await post({
      agentId: otherAgent,
      name: 'x',
      traceIds: theirTraces,
      assignees: [ada],
    });
    expect(withMember.status).toBe(404);
    const viewer = await api.addKey(api.workspaceId, 'viewer');
    expect((await viewer.json('DELETE', `/v1/review-queues/${queue}`)).status).toBe(403);
    expect((await api.json('DELETE', `/v1/review-queues/${queue}`)).status).toBe(204);
    expect((await api.json('GET', `/v1/review-queues/${queue}`)).status).toBe(404);
  });
});
