import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '@/api/testing';
import { isAppError } from '@/core/errors';
import { createJsonLogger } from '@/core/logger';
import { addressPolicyFrom } from '@/core/outbound/address-policy';
import { createGuardedFetch } from '@/core/outbound/guarded-fetch';
import { createSystemCtx } from '@/core/system-ctx';
import { integrations } from '@/db/schema';
import { pullTraces } from '@/traces/pull/pull-traces';

const SECRET = 'sk-live-THE-PLAINTEXT-SECRET-4242';
let server: Server;
let baseUrl: string;
const seen: IncomingHttpHeaders[] = [];

beforeAll(async () => {
  // A local stand-in for OpenAI's GET /v1/models: 200 only with the right bearer key.
  server = createServer((req, res) => {
    seen.push(req.headers);
    const ok = req.url === '/v1/models' && req.headers.authorization === `Bearer ${SECRET}`;
    res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
    res.end(JSON.stringify(ok ? { data: [] } : { error: `bad key ${req.headers.authorization}` }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

let api: TestApi;
const logLines: string[] = [];
afterEach(() => api?.close());

describe('integrations', () => {
  it('stores the secret encrypted, masks it, tests the connection, and never echoes it', async () => {
    api = await createTestApi({ deps: { log: createJsonLogger((line) => logLines.push(line)) } });
    const outputs: string[] = [];
    const call = async (method: string, path: string, body?: unknown) => {
      const result = await api.json(method, path, body);
      outputs.push(JSON.stringify(result.body));
      return result;
    };
    const created = await call('POST', '/v1/integrations', {
      kind: 'openai',
      name: 'OpenAI',
      baseUrl,
      config: { model: 'gpt-4.1-mini' },
      secret: SECRET,
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'openai', hasSecret: true, secretHint: 'sk-…4242' });
    const [row] = await api.deps.db.select().from(integrations);
    expect(row?.secretCiphertext).not.toContain('PLAINTEXT');
    expect(await api.deps.secrets.decrypt(row!.secretCiphertext!)).toBe(SECRET);

    const tested = await call('POST', `/v1/integrations/${created.body.id}/test`);
    expect(tested.body).toMatchObject({ ok: true, httpStatus: 200 });
    expect(seen.at(-1)?.authorization).toBe(`Bearer ${SECRET}`);

    await call('PATCH', `/v1/integrations/${created.body.id}`, {
      secret: 'sk-wrong-but-long-9999',
    });
    const failed = await call('POST', `/v1/integrations/${created.body.id}/test`);
    expect(failed.body).toMatchObject({ ok: false, httpStatus: 401 });
    const after = await call('GET', `/v1/integrations/${created.body.id}`);
    expect(after.body).toMatchObject({ status: 'error', secretHint: 'sk-…9999' });
    expect(after.body.lastError).toMatch(/rejected the credentials/);
    await call('GET', '/v1/integrations');
    await call('POST', '/v1/integrations', { kind: 'openai', name: 'OpenAI', secret: SECRET });
    await call('POST', '/v1/integrations', { kind: 'nope', name: 'x', secret: SECRET });
    await call('PATCH', `/v1/integrations/${created.body.id}`, { secret: 42, extra: SECRET });

    const everything = [...outputs, ...logLines].join('\n');
    expect(everything).not.toContain(SECRET);
    expect(everything).not.toContain('sk-wrong-but-long-9999');
    expect(everything).not.toContain('PLAINTEXT');
  });

  it('reports an unreachable platform as data and deletes', async () => {
    api = await createTestApi();
    const created = await api.json('POST', '/v1/integrations', {
      kind: 'langfuse',
      name: 'lf',
      baseUrl: 'http://127.0.0.1:9',
      config: { publicKey: 'pk-lf-1' },
      secret: 'sk-lf-secret-value-123',
    });
    const tested = await api.json('POST', `/v1/integrations/${created.body.id}/test`);
    expect(tested.body).toMatchObject({ ok: false, httpStatus: null });
    expect(JSON.stringify(tested.body)).not.toContain('sk-lf-secret-value-123');
    expect((await api.json('DELETE', `/v1/integrations/${created.body.id}`)).status).toBe(204);
    expect((await api.json('GET', '/v1/integrations')).body.data).toEqual([]);
  });

  it('is owner-only for changes and readable by members', async () => {
    api = await createTestApi();
    const member = await api.addKey(api.workspaceId, 'member');
    expect(
      (await member.json('POST', '/v1/integrations', { kind: 'openai', name: 'x' })).status,
    ).toBe(403);
    expect((await member.json('GET', '/v1/integrations')).status).toBe(200);
  });
});

describe('outbound requests from a host that refuses private networks', () => {
  it('refuses an integration on a loopback address for the test and the sync, never sending the secret', async () => {
    const guarded = await createTestApi({
      deps: { outboundFetch: createGuardedFetch({ policy: addressPolicyFrom(undefined) }) },
    });
    try {
      const before = seen.length;
      const created = await guarded.json('POST', '/v1/integrations', {
        kind: 'openai',
        name: 'loopback',
        baseUrl,
        secret: SECRET,
      });
      const tested = await guarded.json('POST', `/v1/integrations/${created.body.id}/test`);
      expect(tested.status).toBe(200);
      expect(tested.body).toMatchObject({ ok: false, httpStatus: null });
      expect(tested.body.message).toMatch(
        /refused to call .*127\.0\.0\.1.*IOFOLD_ALLOW_PRIVATE_NETWORKS/,
      );
      const phoenix = await guarded.json('POST', '/v1/integrations', {
        kind: 'phoenix',
        name: 'lan phoenix',
        baseUrl: baseUrl.replace('/v1', ''),
        secret: SECRET,
      });
      const sync = await pullTraces(createSystemCtx(guarded.deps, guarded.workspaceId), {
        platform: 'phoenix',
        baseUrl: baseUrl.replace('/v1', ''),
        config: {},
        secret: SECRET,
      }).catch((e: unknown) => e);
      expect(isAppError(sync) && sync.code).toBe('FORBIDDEN');
      expect(phoenix.status).toBe(201);
      expect(seen.length).toBe(before);
    } finally {
      guarded.close();
    }
  });
});
