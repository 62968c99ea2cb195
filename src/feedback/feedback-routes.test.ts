import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '@/api/testing';
import { traces } from '@/db/schema';
import { seedTraces } from '@/traces/query/seed-traces';

let api: TestApi;
afterEach(() => api?.close());

async function traceLabel(id: string) {
  const [row] = await api.deps.db.select().from(traces).where(eq(traces.id, id));
  return { label: row?.label ?? null, labelledAt: row?.labelledAt ?? null };
}

describe('feedback', () => {
  it('keeps one label per trace per labeller and the trace label in step', async () => {
    api = await createTestApi();
    const [id] = await seedTraces(api.deps.db, {
      workspaceId: api.workspaceId,
      count: 1,
      idPrefix: 'unl_',
    });
    await api.deps.db.update(traces).set({ label: null, labelledAt: null });
    const first = await api.json('POST', '/v1/feedback', {
      traceId: id,
      rating: 'negative',
      notes: 'wrong tool',
    });
    expect(first.status).toBe(200);
    expect((await traceLabel(id!)).label).toBe('negative');
    const again = await api.json('POST', '/v1/feedback', { traceId: id, rating: 'positive' });
    expect(again.body).toMatchObject({
      id: first.body.id,
      rating: 'positive',
      notes: 'wrong tool',
    });
    expect((await traceLabel(id!)).label).toBe('positive');

    const other = await api.addKey(api.workspaceId, 'member');
    await other.json('POST', '/v1/feedback', { traceId: id, rating: 'negative' });
    await other.json('POST', '/v1/feedback', { traceId: id, rating: 'negative' });
    const list = await api.json('GET', `/v1/feedback?traceId=${id}`);
    expect(list.body.data).toHaveLength(2);
    expect((await traceLabel(id!)).label).toBe('negative');

    const patched = await api.json('PATCH', `/v1/feedback/${first.body.id}`, { notes: 'fine now' });
    expect(patched.body.notes).toBe('fine now');
    expect(
      (await other.json('PATCH', `/v1/feedback/${first.body.id}`, { rating: 'neutral' })).status,
    ).toBe(403);
    expect((await api.json('DELETE', `/v1/feedback/${list.body.data[0].id}`)).status).toBe(204);
    expect((await api.json('DELETE', `/v1/feedback/${first.body.id}`)).status).toBe(204);
    expect((await api.json('DELETE', `/v1/feedback/${first.body.id}`)).status).toBe(404);
    expect(await traceLabel(id!)).toEqual({ label: null, labelledAt: null });
  });

  it('lists labels by agent through their traces', async () => {
    api = await createTestApi();
    const agent = (await api.json('POST', '/v1/agents', { name: 'a' })).body.id;
    const [mine] = await seedTraces(api.deps.db, {
      workspaceId: api.workspaceId,
      count: 1,
      agentIds: [agent],
      idPrefix: 'a_',
    });
    const [loose] = await seedTraces(api.deps.db, {
      workspaceId: api.workspaceId,
      count: 1,
      idPrefix: 'b_',
    });
    await api.json('POST', '/v1/feedback', { traceId: mine, rating: 'positive' });
    await api.json('POST', '/v1/feedback', { traceId: loose, rating: 'negative' });
    const list = await api.json('GET', `/v1/feedback?agentId=${agent}`);
    expect(list.body.data.map((f: { traceId: string }) => f.traceId)).toEqual([mine]);
  });
});
