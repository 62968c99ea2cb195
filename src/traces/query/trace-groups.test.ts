import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApiWithTraces, type TestApi } from '@/api/testing';
import { traces } from '@/db/schema';

let api: TestApi;
afterEach(() => api?.close());

/** 6 traces: t0..t2 in session s1 (t0 by the protocol's id, t1/t2 in metadata), t3 in s2, t4/t5 none. */
async function setup() {
  const seeded = await createTestApiWithTraces(['a'], { count: 6, idPrefix: 'g_' });
  api = seeded.api;
  const { ids } = seeded;
  const set = (i: number, values: Partial<typeof traces.$inferInsert>) =>
    api.deps.db.update(traces).set(values).where(eq(traces.id, ids[i]!));
  await set(0, {
    sessionId: 's1',
    externalUserId: 'u1',
    metadata: { model: 'gpt-x', tier: 'gold' },
  });
  await set(1, { metadata: { session_id: 's1', user_id: 'u1', model: 'gpt-y' } });
  await set(2, { metadata: { sessionId: 's1', userId: 'u2', tags: ['vip'] } });
  await set(3, { metadata: { session_id: 's2', user_id: 7 }, tags: ['beta'] });
  return { agent: seeded.agents[0], ids };
}

describe('trace groups and list columns', () => {
  it('groups traces by session and by user from the protocol id or metadata', async () => {
    const { ids } = await setup();
    const sessions = (await api.json('GET', '/v1/trace-groups?by=session')).body;
    expect(sessions.total).toBe(2);
    expect(sessions.ungrouped).toBe(2);
    // seeded: t0 has an error, t0 positive, t1 negative, t2 neutral, t3 unlabelled
    expect(sessions.groups).toEqual([
      expect.objectContaining({ key: 's2', traces: 1, errors: 0 }),
      expect.objectContaining({
        key: 's1',
        traces: 3,
        errors: 1,
        errorRate: 1 / 3,
        labels: { positive: 1, negative: 1, neutral: 1 },
      }),
    ]);
    const s1 = sessions.groups[1];
    const [first, last] = await Promise.all(
      [ids[0], ids[2]].map(
        async (id) => (await api.json('GET', `/v1/traces/${id}`)).body.startedAt,
      ),
    );
    expect([s1.firstSeen, s1.lastSeen]).toEqual([first, last]);
    const users = (await api.json('GET', '/v1/trace-groups?by=user&limit=2')).body;
    expect(users.total).toBe(3);
    expect(users.groups.map((g: { key: string; traces: number }) => [g.key, g.traces])).toEqual([
      ['7', 1],
      ['u2', 1],
    ]);
  });

  it('filters the list by session and user and carries the chosen metadata columns', async () => {
    const { ids } = await setup();
    const bySession = (await api.json('GET', '/v1/traces?sessionId=s1&columns=model,tier,tags'))
      .body;
    expect(bySession.data.map((t: { id: string }) => t.id)).toEqual([ids[2], ids[1], ids[0]]);
    expect(bySession.data.map((t: { meta: unknown }) => t.meta)).toEqual([
      { model: null, tier: null, tags: ['vip'] },
      { model: 'gpt-y', tier: null, tags: null },
      { model: 'gpt-x', tier: 'gold', tags: null },
    ]);
    expect(bySession.data[2]).toMatchObject({ sessionId: 's1', userId: 'u1', tags: [] });
    const byUser = (await api.json('GET', '/v1/traces?userId=7')).body.data;
    expect(byUser).toEqual([
      expect.objectContaining({ id: ids[3], userId: '7', tags: ['beta'], meta: {} }),
    ]);
    const tooMany = await api.json('GET', `/v1/traces?columns=${'a,b,c,d,e,f,g,h,i'}`);
    expect(tooMany.status).toBe(400);
    expect((await api.json('GET', '/v1/traces?columns=bad%20key')).status).toBe(400);
    expect((await api.json('GET', '/v1/trace-groups?by=team')).status).toBe(400);
  });

  it("answers 404 for another workspace's agent and never counts its traces", async () => {
    const { agent } = await setup();
    const other = await api.addWorkspace();
    expect((await other.json('GET', `/v1/trace-groups?by=session&agentId=${agent}`)).status).toBe(
      404,
    );
    const theirs = (await other.json('GET', '/v1/trace-groups?by=session')).body;
    expect(theirs).toEqual({ by: 'session', groups: [], total: 0, ungrouped: 0 });
    expect((await other.json('GET', '/v1/traces?sessionId=s1')).body.data).toEqual([]);
  });
});
