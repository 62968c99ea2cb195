import { eq } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { createSession } from '@/auth/create-session';
import { apiKeys, memberships, users } from '@/db/schema';
import { SESSION_COOKIE } from './auth-middleware';
import { createTestApi, readJson, type TestApi } from './testing';

let api: TestApi;
afterEach(() => api?.close());

const errorShape = (code: string) => ({
  error: expect.objectContaining({
    code,
    message: expect.any(String),
    requestId: expect.any(String),
  }),
});

describe('API key authentication', () => {
  it('answers 401 with the error body when no credential is sent', async () => {
    api = await createTestApi();
    const response = await api.app.request('/v1/me');
    expect(response.status).toBe(401);
    expect(await readJson(response)).toEqual(errorShape('UNAUTHORIZED'));
  });

  it('accepts Bearer and Basic (public:secret) and scopes ctx to the key workspace', async () => {
    api = await createTestApi();
    const bearer = await api.json('GET', '/v1/me');
    expect(bearer.status).toBe(200);
    expect(bearer.body).toMatchObject({
      workspace: { id: api.workspaceId },
      role: 'owner',
      actor: { type: 'apiKey', id: api.keyId },
      user: null,
    });
    const basic = await api.request('/v1/me', {
      headers: { authorization: `Basic ${btoa(`${api.publicKey}:${api.secretKey}`)}` },
    });
    expect(basic.status).toBe(200);
  });

  it('rejects a wrong secret, a mismatched public key and a revoked key with 401', async () => {
    api = await createTestApi();
    const other = await api.addWorkspace();
    const wrong = await api.request('/v1/me', { headers: { authorization: 'Bearer sk-if-nope' } });
    expect(wrong.status).toBe(401);
    const mismatched = await api.request('/v1/me', {
      headers: { authorization: `Basic ${btoa(`${other.publicKey}:${api.secretKey}`)}` },
    });
    expect(mismatched.status).toBe(401);
    const garbage = await api.request('/v1/me', { headers: { authorization: 'Token abc' } });
    expect(garbage.status).toBe(401);

    const extra = await api.addKey(api.workspaceId, 'member');
    expect((await api.json('DELETE', `/v1/api-keys/${extra.keyId}`)).status).toBe(200);
    const revoked = await extra.json('GET', '/v1/me');
    expect(revoked.status).toBe(401);
    expect(revoked.body).toEqual(errorShape('UNAUTHORIZED'));
  });

  it('records last use of a key', async () => {
    api = await createTestApi();
    await api.json('GET', '/v1/me');
    const [row] = await api.deps.db.select().from(apiKeys).where(eq(apiKeys.id, api.keyId));
    expect(row?.lastUsedAt).toBeInstanceOf(Date);
  });

  it('forbids writes for a viewer key and owner-only actions for a member key', async () => {
    api = await createTestApi();
    const viewer = await api.addKey(api.workspaceId, 'viewer');
    expect((await viewer.json('GET', '/v1/me')).status).toBe(200);
    const write = await viewer.json('POST', '/v1/api-keys', { name: 'x' });
    expect(write.status).toBe(403);
    expect(write.body).toEqual(errorShape('FORBIDDEN'));
    const member = await api.addKey(api.workspaceId, 'member');
    expect((await member.json('POST', '/v1/api-keys', { name: 'x' })).status).toBe(403);
    expect((await member.json('GET', '/v1/api-keys')).status).toBe(403);
  });

  it('rate limits writes per key with 429', async () => {
    api = await createTestApi({
      app: { rateLimits: { keyWrites: { capacity: 2, refillPerSecond: 0 } } },
    });
    expect((await api.json('POST', '/v1/api-keys', { name: 'a' })).status).toBe(201);
    expect((await api.json('POST', '/v1/api-keys', { name: 'b' })).status).toBe(201);
    const limited = await api.json('POST', '/v1/api-keys', { name: 'c' });
    expect(limited.status).toBe(429);
    expect(limited.body).toEqual(errorShape('LIMIT_EXCEEDED'));
    expect((await api.json('GET', '/v1/me')).status).toBe(200);
  });
});

describe('session authentication', () => {
  async function signIn(role: 'owner' | 'viewer') {
    api = await createTestApi();
    const userId = api.deps.newId('usr');
    await api.deps.db.insert(users).values({ id: userId, email: `${userId}@x.test`, name: 'Ada' });
    await api.deps.db.insert(memberships).values({ workspaceId: api.workspaceId, userId, role });
    const session = await createSession(api.deps, { userId, workspaceId: api.workspaceId });
    const cookie = `${SESSION_COOKIE}=${session.token}`;
    return { userId, cookie, csrfToken: session.csrfToken };
  }

  it('authenticates reads by cookie and needs the CSRF header for writes', async () => {
    const { userId, cookie, csrfToken } = await signIn('owner');
    const me = await api.app.request('/v1/me', { headers: { cookie } });
    expect(await readJson(me)).toMatchObject({
      actor: { type: 'user', id: userId },
      role: 'owner',
    });
    const body = JSON.stringify({ name: 'from dashboard' });
    const headers = { cookie, 'content-type': 'application/json' };
    const noCsrf = await api.app.request('/v1/api-keys', { method: 'POST', body, headers });
    expect(noCsrf.status).toBe(403);
    const withCsrf = await api.app.request('/v1/api-keys', {
      method: 'POST',
      body,
      headers: { ...headers, 'x-csrf-token': csrfToken },
    });
    expect(withCsrf.status).toBe(201);
    expect((await readJson(withCsrf)).apiKey.createdBy).toBe(userId);
  });

  it('rejects an unknown session token with 401', async () => {
    api = await createTestApi();
    const response = await api.app.request('/v1/me', {
      headers: { cookie: `${SESSION_COOKIE}=forged` },
    });
    expect(response.status).toBe(401);
  });
});

describe('bad input', () => {
  async function keyCount() {
    return (await api.deps.db.select().from(apiKeys)).length;
  }

  it('answers 400 VALIDATION with the failing fields, writing nothing', async () => {
    api = await createTestApi();
    const before = await keyCount();
    const unknown = await api.json('POST', '/v1/api-keys', { name: 'ok', admin: true });
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('VALIDATION');
    expect(unknown.body.error.details).toMatchObject({ target: 'json' });
    const wrongType = await api.json('POST', '/v1/api-keys', { name: 42, role: 'god' });
    expect(wrongType.status).toBe(400);
    const paths = wrongType.body.error.details.issues.map((i: { path: string }) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['name', 'role']));
    expect(await keyCount()).toBe(before);
  });

  it('answers malformed JSON, a missing body and a wrong content type with 4xx error bodies', async () => {
    api = await createTestApi();
    const before = await keyCount();
    const postKey = (body: string, contentType: string) =>
      api.request('/v1/api-keys', {
        method: 'POST',
        body,
        headers: { 'content-type': contentType },
      });
    const malformed = await postKey('{"name":', 'application/json');
    expect(malformed.status).toBe(400);
    expect(await readJson(malformed)).toEqual(errorShape('VALIDATION'));
    const missing = await api.request('/v1/api-keys', { method: 'POST' });
    expect(missing.status).toBeGreaterThanOrEqual(400);
    expect(missing.status).toBeLessThan(500);
    expect((await readJson(missing)).error.code).toBe('VALIDATION');
    const text = await postKey('name=x', 'text/plain');
    expect(text.status).toBe(415);
    expect(await readJson(text)).toEqual(errorShape('VALIDATION'));
    expect(await keyCount()).toBe(before);
  });

  it('answers 413 for an oversized body', async () => {
    api = await createTestApi();
    const big = await api.json('POST', '/v1/api-keys', { name: 'x'.repeat(2 * 1024 * 1024) });
    expect(big.status).toBe(413);
    expect(big.body).toEqual(errorShape('LIMIT_EXCEEDED'));
  });
});

describe('isolation', () => {
  it("answers 404 for another workspace's key and never lists it", async () => {
    api = await createTestApi();
    const other = await api.addWorkspace();
    const revoke = await api.json('DELETE', `/v1/api-keys/${other.keyId}`);
    expect(revoke.status).toBe(404);
    expect(revoke.body).toEqual(errorShape('NOT_FOUND'));
    const list = await api.json('GET', '/v1/api-keys');
    expect(list.body.data.map((k: { id: string }) => k.id)).toEqual([api.keyId]);
    expect((await other.json('GET', '/v1/me')).status).toBe(200);
  });
});

describe('OpenAPI', () => {
  it('serves /v1/openapi.json without a credential, generated from the route schemas', async () => {
    api = await createTestApi();
    const response = await api.app.request('/v1/openapi.json');
    expect(response.status).toBe(200);
    const doc = await readJson(response);
    expect(doc.openapi).toBe('3.0.0');
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/v1/me', '/v1/api-keys', '/v1/api-keys/{id}']),
    );
    expect(doc.components.schemas.CreateApiKeyInput).toBeDefined();
    expect(doc.components.securitySchemes.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' });
  });
});

describe('ingestion behind the same key auth', () => {
  const otlp = {
    resourceSpans: [
      {
        resource: { attributes: [] },
        scopeSpans: [
          {
            scope: { name: 'test' },
            spans: [
              {
                traceId: '0123456789abcdef0123456789abcdef',
                spanId: '0123456789abcdef',
                name: 'root',
                kind: 1,
                startTimeUnixNano: '1700000000000000000',
                endTimeUnixNano: '1700000001000000000',
                attributes: [],
                status: {},
              },
            ],
          },
        ],
      },
    ],
  };

  it('stores OTLP traces in the key workspace and refuses anonymous pushes', async () => {
    api = await createTestApi();
    const body = JSON.stringify(otlp);
    const headers = { 'content-type': 'application/json' };
    const anonymous = await api.app.request('/v1/traces', { method: 'POST', body, headers });
    expect(anonymous.status).toBe(401);
    const imported = await api.app.request('/api/traces/import', { method: 'POST', body });
    expect(imported.status).toBe(401);
    const pushed = await api.request('/v1/traces', { method: 'POST', body, headers });
    expect(pushed.status).toBe(200);
    const list = await api.json('GET', '/v1/traces');
    expect(list.body.data).toEqual([
      expect.objectContaining({
        externalId: otlp.resourceSpans[0]!.scopeSpans[0]!.spans[0]!.traceId,
      }),
    ]);
    const other = await api.addWorkspace();
    expect((await other.json('GET', '/v1/traces')).body.data).toEqual([]);
  });
});
