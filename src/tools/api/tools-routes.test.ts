import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestApi, type TestApi } from '@/api/testing';
import { addressPolicyFrom } from '@/core/outbound/address-policy';
import { createGuardedFetch } from '@/core/outbound/guarded-fetch';
import { startHttpMcpServer } from '../mcp/testing/mcp-test-server.node';

let mcp: Awaited<ReturnType<typeof startHttpMcpServer>>;
beforeAll(async () => {
  mcp = await startHttpMcpServer();
});
afterAll(() => mcp.close());

let api: TestApi;
let agentId: string;
beforeEach(async () => {
  api = await createTestApi({
    deps: { outboundFetch: createGuardedFetch({ policy: addressPolicyFrom('127.0.0.0/8') }) },
  });
  agentId = (await api.json('POST', '/v1/agents', { name: 'shop' })).body.id;
});
afterEach(() => api.close());

const schema = { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] };

describe('/v1/tools', () => {
  it('registers an MCP server over HTTP, lists its tools, and refuses the invalid one with the reason', async () => {
    const synced = await api.json('POST', '/v1/tools/mcp', {
      server: 'shop',
      url: mcp.url,
      headers: { authorization: 'Bearer mcp-secret' },
    });
    expect(synced.status).toBe(200);
    expect(synced.body.registered.map((t: { name: string }) => t.name).sort()).toEqual([
      'big_output',
      'cancel_order',
      'die',
      'get_user',
    ]);
    expect(synced.body.refused[0]).toMatchObject({ name: 'broken' });
    const list = await api.json('GET', '/v1/tools');
    expect(list.body.nextCursor).toBeNull();
    const getUser = list.body.data.find((t: { name: string }) => t.name === 'get_user');
    expect(getUser).toMatchObject({ origin: 'mcp', server: 'shop', readOnly: true, url: mcp.url });
    expect(JSON.stringify(list.body)).not.toContain('mcp-secret');
  });

  it('registers webhook and manual tools; an invalid schema answers 400 with the reason', async () => {
    const hook = await api.json('POST', '/v1/tools', {
      name: 'lookup',
      inputSchema: schema,
      webhook: { url: 'https://tools.example.com/lookup', headers: { 'x-key': 'hook-secret' } },
    });
    expect(hook.status).toBe(201);
    expect(hook.body).toMatchObject({ origin: 'http', url: 'https://tools.example.com/lookup' });
    expect(JSON.stringify(hook.body)).not.toContain('hook-secret');
    const manual = await api.json('POST', '/v1/tools', {
      name: 'note',
      inputSchema: schema,
      readOnly: true,
    });
    expect(manual.body).toMatchObject({ origin: 'manual', readOnly: true });
    const bad = await api.json('POST', '/v1/tools', {
      name: 'bad',
      inputSchema: { type: 'object', properties: { id: { type: 'strin' } } },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/tool bad refused: inputSchema\.properties\.id\.type/);
  });

  it("binds tools to an agent, lists them with their modes, and hides another workspace's agent", async () => {
    const tool = (await api.json('POST', '/v1/tools', { name: 'note', inputSchema: schema })).body;
    const bound = await api.json('PUT', `/v1/agents/${agentId}/tools/${tool.id}`, { mode: 'live' });
    expect(bound.status).toBe(200);
    expect(bound.body).toMatchObject({
      mode: 'live',
      allowSideEffects: false,
      tool: { name: 'note' },
    });
    const list = await api.json('GET', `/v1/agents/${agentId}/tools`);
    expect(list.body.data.map((b: { mode: string }) => b.mode)).toEqual(['live']);
    const other = await api.addWorkspace({ name: 'B' });
    for (const [method, path, body] of [
      ['GET', `/v1/agents/${agentId}/tools`, undefined],
      ['PUT', `/v1/agents/${agentId}/tools/${tool.id}`, { mode: 'replay' }],
      ['POST', `/v1/agents/${agentId}/tools/infer`, undefined],
    ] as const) {
      const response = await other.json(method, path, body);
      expect(response.status, `${method} ${path}`).toBe(404);
    }
    const inferred = await api.json('POST', `/v1/agents/${agentId}/tools/infer`);
    expect(inferred.body).toEqual({ registered: [], refused: [] });
  });

  it('refuses writes by a viewer', async () => {
    const viewer = await api.addKey(api.workspaceId, 'viewer');
    const response = await viewer.json('POST', '/v1/tools', { name: 'x', inputSchema: schema });
    expect(response.status).toBe(403);
  });
});
