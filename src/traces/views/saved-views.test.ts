import { afterEach, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '@/api/testing';
import type { Ctx } from '@/core/context';
import { createSystemCtx } from '@/core/system-ctx';
import { createSavedView, deleteSavedView, listSavedViews } from './saved-views';

let api: TestApi;
afterEach(() => api?.close());

async function people() {
  api = await createTestApi();
  const member = async (email: string, workspaceId = api.workspaceId) => {
    const userId = (await api.json('POST', '/v1/members', { email })).body.member.userId as string;
    return {
      ...createSystemCtx(api.deps, workspaceId),
      actor: { type: 'user', userId, role: 'member' },
    } satisfies Ctx;
  };
  return { ada: await member('ada@example.com'), bo: await member('bo@example.com') };
}

describe('saved views', () => {
  it("shows a member their own views and the shared ones, never another's private view", async () => {
    const { ada, bo } = await people();
    const mine = await createSavedView(ada, {
      name: 'Errors by model',
      filter: { hasErrors: 'true' },
      columns: ['model', 'customer_tier'],
    });
    const shared = await createSavedView(ada, {
      name: 'Email channel',
      shared: true,
      filter: { metaKey: 'channel', metaValue: 'email' },
    });
    expect(mine).toMatchObject({ mine: true, shared: false, columns: ['model', 'customer_tier'] });
    expect((await listSavedViews(ada)).map((v) => v.name)).toEqual([
      'Email channel',
      'Errors by model',
    ]);
    const seen = await listSavedViews(bo);
    expect(seen).toEqual([
      expect.objectContaining({
        id: shared.id,
        mine: false,
        owner: expect.objectContaining({ email: 'ada@example.com' }),
        filter: { metaKey: 'channel', metaValue: 'email' },
        columns: [],
      }),
    ]);
    await expect(deleteSavedView(bo, { id: mine.id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(deleteSavedView(bo, { id: shared.id })).rejects.toMatchObject({
      code: 'FORBIDDEN',
    });
    await deleteSavedView(ada, { id: shared.id });
    expect(await listSavedViews(bo)).toEqual([]);
  });

  it('answers an API key FORBIDDEN before reading its input, and saves nothing', async () => {
    const { ada } = await people();
    const key = { ...ada, actor: { type: 'apiKey', keyId: 'key_1', role: 'member' } } satisfies Ctx;
    for (const input of [
      { name: 'x', filter: {} },
      { name: ' ', filter: { cursor: 'abc' } },
    ]) {
      await expect(createSavedView(key, input as never)).rejects.toMatchObject({
        code: 'FORBIDDEN',
      });
    }
    expect(await listSavedViews(ada)).toEqual([]);
  });

  it('validates the view and keeps it in its workspace', async () => {
    const { ada } = await people();
    await expect(
      createSavedView(ada, { name: 'x', filter: { cursor: 'abc' } as never }),
    ).rejects.toThrow();
    await expect(createSavedView(ada, { name: ' ', filter: {} })).rejects.toThrow();
    await expect(
      createSavedView(ada, { name: 'x', filter: {}, columns: ['bad key'] }),
    ).rejects.toThrow();
    const view = await createSavedView(ada, { name: 'x', shared: true, filter: { q: 'refund' } });
    const elsewhere = { ...ada, workspaceId: (await api.addWorkspace()).workspaceId };
    expect(await listSavedViews(elsewhere)).toEqual([]);
    await expect(deleteSavedView(elsewhere, { id: view.id })).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
  });

  it('answers an API key that views belong to people, and 400 for a bad body', async () => {
    await people();
    const listed = await api.json('GET', '/v1/saved-views');
    expect(listed.status).toBe(403);
    expect(listed.body.error.message).toContain('belong to people');
    const bad = await api.json('POST', '/v1/saved-views', { name: 'x', filter: { nope: 'y' } });
    expect(bad.status).toBe(400);
  });
});
