import { afterEach, describe, expect, it } from 'vitest';
import { createTestApi, readJson, type TestApi } from '@/api/testing';
import { users } from '@/db/schema';
import { createWorkspace } from '@/workspaces/create-workspace';
import { bootstrapOwner } from './bootstrap-owner';
import { createLoginToken, loginUrl, safeNextPath } from './login-links';
import { hashPassword } from './password-hash';

let api: TestApi;
afterEach(() => api?.close());

function cookieFrom(response: Response): string {
  const setCookie = response.headers.get('set-cookie') ?? '';
  expect(setCookie).toMatch(/HttpOnly/);
  expect(setCookie).toMatch(/SameSite=Lax/);
  return setCookie.split(';')[0] ?? '';
}

const post = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  body: JSON.stringify(body),
  headers: { 'content-type': 'application/json', ...headers },
});

describe('first start and login links', () => {
  it('bootstraps an owner and default workspace once, with a one-time token', async () => {
    api = await createTestApi();
    const first = await bootstrapOwner(api.deps);
    expect(first.created).toBe(true);
    expect(await bootstrapOwner(api.deps)).toEqual({ created: false });
    if (!first.created) {
      return;
    }
    const login = await api.app.request('/v1/auth/login', post({ token: first.loginToken }));
    expect(login.status).toBe(200);
    const session = await readJson(login);
    expect(session).toMatchObject({
      user: { id: first.userId },
      workspace: { id: first.workspaceId, slug: 'default', role: 'owner' },
    });
    const cookie = cookieFrom(login);
    const me = await readJson(await api.app.request('/v1/me', { headers: { cookie } }));
    expect(me).toMatchObject({
      workspace: { id: first.workspaceId },
      csrfToken: session.csrfToken,
    });

    const again = await api.app.request('/v1/auth/login', post({ token: first.loginToken }));
    expect(again.status).toBe(401);
  });

  it('signs in through GET /login?token= and redirects to the dashboard', async () => {
    api = await createTestApi();
    const boot = await bootstrapOwner(api.deps);
    if (!boot.created) {
      throw new Error('expected a fresh database');
    }
    const response = await api.app.request(`/login?token=${boot.loginToken}`);
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/');
    const cookie = cookieFrom(response);
    expect((await api.app.request('/v1/me', { headers: { cookie } })).status).toBe(200);
  });

  it('lands in the named workspace and on the next path given as a relative path', async () => {
    api = await createTestApi();
    const boot = await bootstrapOwner(api.deps);
    if (!boot.created) {
      throw new Error('expected a fresh database');
    }
    await createWorkspace(api.deps, { name: 'Demo', ownerUserId: boot.userId, slug: 'demo' });
    const now = new Date();
    await api.deps.db
      .insert(users)
      .values({ id: 'usr_b', email: 'b@example.com', name: 'B', createdAt: now, updatedAt: now });
    await createWorkspace(api.deps, { name: 'Other', ownerUserId: 'usr_b', slug: 'other' });
    const link = loginUrl('http://x', boot.loginToken, { workspace: 'demo', next: '/review' });
    const response = await api.app.request(link.replace('http://x', ''));
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/review');
    const me = await readJson(
      await api.app.request('/v1/me', { headers: { cookie: cookieFrom(response) } }),
    );
    expect(me).toMatchObject({ workspace: { slug: 'demo' } });

    const { token } = await createLoginToken(api.deps, { userId: boot.userId });
    const stranger = await api.app.request(`/login?token=${token}&workspace=other`);
    const other = await readJson(
      await api.app.request('/v1/me', { headers: { cookie: cookieFrom(stranger) } }),
    );
    expect(other).toMatchObject({ workspace: { slug: 'default' } });
  });

  it.each([
    ['//evil.example/review', '/'],
    ['https://evil.example/', '/'],
    ['/\\evil.example', '/'],
    ['javascript:alert(1)', '/'],
    ['/\t/evil.example', '/'],
    ['/traces?label=none#top', '/traces?label=none#top'],
    ['/review', '/review'],
  ])('redirects next=%s only within the site (to %s)', (next, expected) => {
    expect(safeNextPath(next.replace('\\t', '\t'))).toBe(expected);
  });

  it('ignores an unsafe next on the login link and goes home', async () => {
    api = await createTestApi();
    const boot = await bootstrapOwner(api.deps);
    if (!boot.created) {
      throw new Error('expected a fresh database');
    }
    const response = await api.app.request(
      `/login?token=${boot.loginToken}&next=${encodeURIComponent('//evil.example')}`,
    );
    expect(response.headers.get('location')).toBe('/');
  });

  it('rejects an expired token', async () => {
    api = await createTestApi();
    const boot = await bootstrapOwner(api.deps);
    if (!boot.created) {
      throw new Error('expected a fresh database');
    }
    const { token } = await createLoginToken(api.deps, { userId: boot.userId, ttlMs: -1 });
    expect((await api.app.request('/v1/auth/login', post({ token }))).status).toBe(401);
  });

  it('sends a browser with a used, expired or missing link to the dashboard with ?signin=used, signing in nobody', async () => {
    api = await createTestApi();
    const boot = await bootstrapOwner(api.deps);
    if (!boot.created) {
      throw new Error('expected a fresh database');
    }
    expect((await api.app.request(`/login?token=${boot.loginToken}`)).status).toBe(303);
    const expired = await createLoginToken(api.deps, { userId: boot.userId, ttlMs: -1 });
    for (const path of [
      `/login?token=${boot.loginToken}`,
      `/login?token=${expired.token}`,
      '/login',
    ]) {
      const response = await api.app.request(path);
      expect(response.status).toBe(303);
      expect(response.headers.get('location')).toBe('/?signin=used');
      expect(response.headers.get('set-cookie')).toBeNull();
    }
  });
});

describe('password login, session, switch and logout', () => {
  async function setup() {
    api = await createTestApi({
      app: { rateLimits: { login: { capacity: 3, refillPerSecond: 0 } } },
    });
    const boot = await bootstrapOwner(api.deps, { email: 'ada@example.com' });
    if (!boot.created) {
      throw new Error('expected a fresh database');
    }
    await api.deps.db.update(users).set({ passwordHash: await hashPassword('correct horse') });
    return boot;
  }

  it('signs in with a password, switches workspace, and logs out with the CSRF header', async () => {
    const boot = await setup();
    const login = await api.app.request(
      '/v1/auth/login',
      post({ email: 'Ada@example.com', password: 'correct horse' }),
    );
    expect(login.status).toBe(200);
    const cookie = cookieFrom(login);
    const { csrfToken } = await readJson(login);

    const created = await api.app.request(
      '/v1/workspaces',
      post({ name: 'Second' }, { cookie, 'x-csrf-token': csrfToken }),
    );
    expect(created.status).toBe(201);
    const second = await readJson(created);

    const forbidden = await api.app.request(
      '/v1/auth/switch-workspace',
      post({ workspaceId: api.workspaceId }, { cookie, 'x-csrf-token': csrfToken }),
    );
    expect(forbidden.status).toBe(404);
    const noCsrf = await api.app.request(
      '/v1/auth/switch-workspace',
      post({ workspaceId: second.id }, { cookie }),
    );
    expect(noCsrf.status).toBe(403);
    const switched = await api.app.request(
      '/v1/auth/switch-workspace',
      post({ workspaceId: second.id }, { cookie, 'x-csrf-token': csrfToken }),
    );
    expect((await readJson(switched)).workspace).toMatchObject({ id: second.id, role: 'owner' });
    const me = await readJson(await api.app.request('/v1/me', { headers: { cookie } }));
    expect(me.workspace.id).toBe(second.id);
    const listed = await readJson(await api.app.request('/v1/workspaces', { headers: { cookie } }));
    expect(listed.data.map((w: { id: string }) => w.id)).toEqual([boot.workspaceId, second.id]);

    const logout = await api.app.request(
      '/v1/auth/logout',
      post({}, { cookie, 'x-csrf-token': csrfToken }),
    );
    expect(logout.status).toBe(200);
    expect((await api.app.request('/v1/me', { headers: { cookie } })).status).toBe(401);
  });

  it('answers a wrong password and an unknown email alike, then rate limits', async () => {
    await setup();
    const wrong = await api.app.request(
      '/v1/auth/login',
      post({ email: 'ada@example.com', password: 'nope' }),
    );
    const unknown = await api.app.request(
      '/v1/auth/login',
      post({ email: 'eve@example.com', password: 'nope' }),
    );
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(401);
    expect((await readJson(wrong)).error.message).toBe((await readJson(unknown)).error.message);
    await api.app.request('/v1/auth/login', post({ email: 'ada@example.com', password: 'nope' }));
    const limited = await api.app.request(
      '/v1/auth/login',
      post({ email: 'ada@example.com', password: 'correct horse' }),
    );
    expect(limited.status).toBe(429);
  });

  it('reports the session with its workspaces, and 401 without a cookie', async () => {
    await setup();
    expect((await api.app.request('/v1/auth/session')).status).toBe(401);
  });
});
