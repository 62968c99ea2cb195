import { afterEach, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '@/api/testing';
import { users } from '@/db/schema';

let api: TestApi;
afterEach(() => api?.close());

describe('members', () => {
  it('adds, lists, re-roles and removes members; keeps one owner', async () => {
    api = await createTestApi();
    const added = await api.json('POST', '/v1/members', {
      email: 'Bob@Example.com',
      role: 'viewer',
    });
    expect(added.status).toBe(201);
    expect(added.body.member).toMatchObject({
      email: 'bob@example.com',
      role: 'viewer',
      name: 'bob',
    });
    expect(typeof added.body.loginToken).toBe('string');
    const bobId = added.body.member.userId;
    expect((await api.json('POST', '/v1/members', { email: 'bob@example.com' })).status).toBe(409);

    const promoted = await api.json('PATCH', `/v1/members/${bobId}`, { role: 'owner' });
    expect(promoted.body.role).toBe('owner');
    const list = await api.json('GET', '/v1/members');
    expect(list.body.data).toHaveLength(1);
    expect((await api.json('PATCH', `/v1/members/${bobId}`, { role: 'member' })).status).toBe(412);
    expect((await api.json('DELETE', `/v1/members/${bobId}`)).status).toBe(412);
  });

  it("answers 404 for another workspace's member on update and delete", async () => {
    api = await createTestApi();
    const other = await api.addWorkspace();
    const added = await other.json('POST', '/v1/members', { email: 'carol@example.com' });
    const carol = added.body.member.userId;
    expect((await api.json('PATCH', `/v1/members/${carol}`, { role: 'owner' })).status).toBe(404);
    expect((await api.json('DELETE', `/v1/members/${carol}`)).status).toBe(404);
    expect((await api.json('GET', '/v1/members')).body.data).toEqual([]);
    const [row] = await api.deps.db.select().from(users);
    expect(row?.email).toBe('carol@example.com');
  });

  it('renames the workspace for owners only and lists only the key workspace', async () => {
    api = await createTestApi();
    await api.addWorkspace();
    expect((await api.json('PATCH', '/v1/workspace', { name: 'Renamed' })).body.name).toBe(
      'Renamed',
    );
    const list = await api.json('GET', '/v1/workspaces');
    expect(list.body.data.map((w: { id: string }) => w.id)).toEqual([api.workspaceId]);
    const member = await api.addKey(api.workspaceId, 'member');
    expect((await member.json('PATCH', '/v1/workspace', { name: 'x' })).status).toBe(403);
    expect((await api.json('POST', '/v1/workspaces', { name: 'by key' })).status).toBe(403);
  });
});
